#include "kabar/corpus/stories.h"


#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

#include "kabar/core/calendar.h"
#include "kabar/core/data_dir.h"
#include "kabar/core/utf8.h"

namespace kabar::corpus {

namespace {

using Vec = std::vector<std::pair<uint32_t, float>>;  // sorted by term id, L2-normalised

// Term dictionary of one build: lower-cased word → id.
struct Terms {
  std::unordered_map<std::string, uint32_t> ids;
  std::vector<std::string> words;
  uint32_t id(const std::string& w) {
    if (auto it = ids.find(w); it != ids.end()) return it->second;
    ids.emplace(w, static_cast<uint32_t>(words.size()));
    words.push_back(w);
    return static_cast<uint32_t>(words.size() - 1);
  }
};

bool content_word(std::string_view w) {
  if (w.size() < 3) return false;
  bool alpha = false;
  for (unsigned char c : w) alpha |= (c >= 'a' && c <= 'z') || c >= 0x80;
  return alpha;
}

// Term frequencies: (term id, count) sorted by term id.
using Tf = std::vector<std::pair<uint32_t, float>>;

// Sorts raw (term, weight) entries by term and sums the weights of each term.
Tf tally(Tf raw) {
  std::sort(raw.begin(), raw.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  Tf out;
  for (const auto& [t, w] : raw) {
    if (!out.empty() && out.back().first == t) out.back().second += w;
    else out.emplace_back(t, w);
  }
  return out;
}

// A read-only view of a term dictionary that gives words it does not hold ids after its own
// (their IDF is 1: see weigh()), so that a dictionary shared across batches never grows here.
struct OverlayTerms {
  const Terms* base;
  std::unordered_map<std::string, uint32_t> extra;
  uint32_t id(const std::string& w) {
    if (auto it = base->ids.find(w); it != base->ids.end()) return it->second;
    if (auto it = extra.find(w); it != extra.end()) return it->second;
    const auto id = static_cast<uint32_t>(base->words.size() + extra.size());
    extra.emplace(w, id);
    return id;
  }
};

// Appends the terms of tokens [first, end) of a document to `raw` (unsorted; see tally()).
template <class Dict>
void collect_terms(const extract::Analysis& a, uint32_t first, uint32_t end, Dict& terms, Tf& raw) {
  const auto& toks = a.text.tokens;
  std::string w;
  for (uint32_t i = first; i < end && i < toks.size(); ++i) {
    const auto& t = toks[i];
    if (t.kind != text::TokenKind::kWord || t.has(text::kCliticSuffix) || t.has(text::kCliticPrefix)) continue;
    const std::string_view s = t.in(a.doc.text);
    bool ascii = true;
    for (unsigned char c : s) ascii &= c < 0x80;
    if (ascii) {
      w.assign(s);
      for (char& c : w) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    } else {
      w = utf8::lower(s);
    }
    if (!content_word(w)) continue;
    raw.emplace_back(terms.id(w), 1.0f);
  }
}

// Term counts of tokens [first, end) of a document.
template <class Dict>
Tf count_terms(const extract::Analysis& a, uint32_t first, uint32_t end, Dict& terms) {
  Tf raw;
  collect_terms(a, first, end, terms, raw);
  return tally(std::move(raw));
}

template <class Dict>
void collect_title(const std::string& title, Dict& terms, Tf& raw) {
  std::string lower = utf8::lower(title), word;
  auto flush = [&] {
    if (content_word(word)) raw.emplace_back(terms.id(word), 2.0f);
    word.clear();
  };
  for (char c : lower) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u >= 0x80 || c == '-') word += c;
    else flush();
  }
  flush();
}

// TF-IDF vector of term counts, L2-normalised; terms beyond `idf` weigh 1.
Vec weigh(const Tf& tf, const std::vector<float>& idf) {
  Vec v;
  double norm = 0;
  for (auto [t, n] : tf) {
    float w = (1.0f + std::log(n)) * (t < idf.size() ? idf[t] : 1.0f);
    v.emplace_back(t, w);
    norm += static_cast<double>(w) * w;
  }
  norm = std::sqrt(norm);
  if (norm > 0) for (auto& [t, w] : v) w = static_cast<float>(w / norm);
  return v;
}

// Dot product of two sparse vectors sorted by term id (of any weight types); when one is much
// longer, each term of the shorter is searched in it.
template <class A, class B>
double sparse_dot(const std::vector<std::pair<uint32_t, A>>& a, const std::vector<std::pair<uint32_t, B>>& b) {
  double s = 0;
  if (a.size() * 8 < b.size() || b.size() * 8 < a.size()) {
    const bool a_short = a.size() < b.size();
    auto gallop = [&](const auto& shorter, const auto& longer) {
      auto it = longer.begin();
      for (const auto& [t, w] : shorter) {
        it = std::lower_bound(it, longer.end(), t, [](const auto& e, uint32_t term) { return e.first < term; });
        if (it == longer.end()) break;
        if (it->first == t) s += static_cast<double>(w) * it->second;
      }
    };
    if (a_short) gallop(a, b);
    else gallop(b, a);
    return s;
  }
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i].first == b[j].first) s += static_cast<double>(a[i++].second) * b[j++].second;
    else if (a[i].first < b[j].first) ++i;
    else ++j;
  }
  return s;
}

double dot(const Vec& a, const Vec& b) { return sparse_dot(a, b); }

// A centroid that documents join one at a time: the sum of member vectors by term id in a hash
// map (a join costs the document's terms, not the centroid's) and the norm of the sum.
struct Centroid {
  std::unordered_map<uint32_t, double> sum;
  double norm2 = 0;
  void add(const Vec& v) {
    for (auto [t, w] : v) {
      double& x = sum[t];
      norm2 += (2.0 * x + w) * w;  // (x + w)² − x²
      x += w;
    }
  }
  /// Cosine of `v` (normalised) with the centroid.
  double cosine(const Vec& v) const {
    if (norm2 <= 0) return 0;
    double s = 0;
    for (auto [t, w] : v) {
      if (auto it = sum.find(t); it != sum.end()) s += static_cast<double>(w) * it->second;
    }
    return s / std::sqrt(norm2);
  }
  Vec normalised() const {
    std::vector<std::pair<uint32_t, double>> sorted(sum.begin(), sum.end());
    std::sort(sorted.begin(), sorted.end());
    double norm = 0;
    for (const auto& [t, w] : sorted) norm += w * w;
    norm = std::sqrt(norm);
    Vec v;
    v.reserve(sorted.size());
    for (auto [t, w] : sorted) v.emplace_back(t, static_cast<float>(norm > 0 ? w / norm : 0));
    return v;
  }
};

// A sum of vectors over a dense array of term weights (for large sums built once).
struct DenseSum {
  std::vector<double> w;
  std::vector<uint32_t> touched;
  void add(const Vec& v) {
    for (auto [t, x] : v) {
      if (t >= w.size()) w.resize(t + 1, 0.0);
      if (w[t] == 0) touched.push_back(t);
      w[t] += x;
    }
  }
  Vec normalised() {
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    double norm = 0;
    for (uint32_t t : touched) norm += w[t] * w[t];
    norm = std::sqrt(norm);
    Vec v;
    v.reserve(touched.size());
    for (uint32_t t : touched) v.emplace_back(t, static_cast<float>(norm > 0 ? w[t] / norm : 0));
    return v;
  }
  void clear() {
    for (uint32_t t : touched) w[t] = 0;
    touched.clear();
  }
};

// The `k` heaviest terms of a vector (ties: lower term id first).
std::vector<uint32_t> top_terms(const Vec& v, size_t k) {
  std::vector<std::pair<float, uint32_t>> w;
  w.reserve(v.size());
  for (auto [t, x] : v) w.emplace_back(-x, t);
  if (w.size() > k) {
    std::partial_sort(w.begin(), w.begin() + k, w.end());
    w.resize(k);
  }
  std::vector<uint32_t> out;
  for (auto [x, t] : w) out.push_back(t);
  return out;
}

// Day number of an ISO date (or the first day of its month / year), if it is one.
std::optional<int> day_number(const std::optional<std::string>& iso) {
  if (!iso) return std::nullopt;
  auto d = iso_day_number(*iso);
  if (!d) return std::nullopt;
  return static_cast<int>(*d);
}

std::string clip(std::string_view s, size_t max_bytes) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > max_bytes) {
    size_t cut = out.rfind(' ', max_bytes);
    if (cut == std::string::npos || cut < max_bytes / 2) cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out = out.substr(0, cut) + " …";
  }
  return out;
}

// 1 when the document's first sentence is its headline (a plain-text title line kept in the
// body), else 0. The headline is a label, not a sentence of the story: summaries skip it and
// sentence positions count from the sentence after it.
size_t headline_sentences(const extract::Analysis& a) {
  if (!a.doc.meta.title || a.text.sentences.empty()) return 0;
  std::string_view first = a.text.sentences.front().span.in(a.doc.text);
  return first == *a.doc.meta.title ? 1 : 0;
}

size_t word_count(const extract::Analysis& a, const text::Sentence& s) {
  size_t n = 0;
  for (uint32_t i = s.first_token; i < s.end_token && i < a.text.tokens.size(); ++i) {
    n += a.text.tokens[i].kind == text::TokenKind::kWord;
  }
  return n;
}

struct DocModel {
  Vec vec;
  std::vector<int> entities;  // cluster indexes of PER/ORG/LOC mentions, sorted, unique
  std::optional<int> day;
};

struct EventAcc {
  std::vector<int> docs;
  Centroid centroid;            // sum of member vectors with its norm, kept current
  std::map<int, int> entities;  // cluster → documents mentioning it
  std::vector<uint32_t> keys;   // index keys of its documents (top terms, entities)
  int min_day = 0, max_day = 0;
  bool dated = false;
};

// Keys of the candidate index: term ids, and entity clusters above them.
constexpr uint32_t kEntityKey = 0x80000000u;
// Terms of a document (by TF-IDF weight) under which its event is found; an event that shares
// none of a document's top terms and none of its entities is not compared with it.
constexpr size_t kDocKeyTerms = 12;
// Terms of an event's centroid under which another event of its story is found.
constexpr size_t kEventKeyTerms = 20;

// Events a new document is compared with, at most (those sharing the most keys with it).
constexpr size_t kMaxEventCandidates = 128;

// Documents of a story whose sentences are timeline and summary candidates, at most.
constexpr size_t kMaxSourceDocuments = 64;

// Earlier events a new event is compared with for its story, at most.
constexpr size_t kMaxStoryCandidates = 256;

// Inverted index key → event ids (ascending, possibly repeated).
struct KeyIndex {
  std::vector<std::vector<int>> terms;
  std::unordered_map<uint32_t, std::vector<int>> entities;
  std::vector<int>& list(uint32_t key) {
    if (key & kEntityKey) return entities[key];
    if (key >= terms.size()) terms.resize(key + 1);
    return terms[key];
  }
  void add(uint32_t key, int event) {
    auto& l = list(key);
    if (l.empty() || l.back() != event) l.push_back(event);
  }
  void clear() {
    terms.clear();
    entities.clear();
  }
};

// Sentence candidates for summaries: vector, document, sentence index, position weight.
struct Candidate {
  Vec vec;
  int doc;
  int sentence;
  double position;
};

}  // namespace

Result<StoryBuilder> StoryBuilder::load(const std::filesystem::path& data_dir, bool with_summary_model) {
  StoryBuilder b;
  auto lines = read_lines(data_dir / "corpus" / "df.tsv");
  if (!lines) return lines.error();
  for (const auto& line : *lines) {
    auto f = split(line, '\t');
    if (f.size() != 2) return Error{(data_dir / "corpus" / "df.tsv").string() + ": bad line '" + line + "'"};
    uint32_t n = static_cast<uint32_t>(std::strtoul(f[1].c_str(), nullptr, 10));
    if (f[0] == "__documents__") b.background_docs_ = n;
    else b.df_.emplace(f[0], n);
  }
  if (!with_summary_model) return b;
  const auto weights_file = data_dir / "corpus" / "summary.tsv";
  auto wl = read_lines(weights_file);
  if (!wl) return wl.error();
  std::map<std::string, float> by_name;
  for (const auto& line : *wl) {
    auto f = split(line, '\t');
    if (f.size() != 2) return Error{weights_file.string() + ": bad line '" + line + "'"};
    by_name[f[0]] = std::strtof(f[1].c_str(), nullptr);
  }
  for (const auto& name : sentence_feature_names()) {
    auto it = by_name.find(name);
    if (it == by_name.end()) return Error{weights_file.string() + ": no weight for feature '" + name + "'"};
    b.sentence_weights_.push_back(it->second);
  }
  return b;
}

const std::vector<std::string>& StoryBuilder::sentence_feature_names() {
  static const std::vector<std::string> names = {
      "bias", "pos0", "pos1", "pos2", "pos3", "pos4", "pos5_9", "pos10_", "relpos", "centrality",
      "title", "paragraph_start", "words_lt10", "words_gt40", "words", "digits", "quote", "entities"};
  return names;
}

namespace {

// The summary scorer's feature rows of every sentence and, when asked, each sentence's TF-IDF
// vector (for redundancy removal).
std::vector<std::vector<float>> sentence_rows(const StoryBuilder& builder, const extract::Analysis& doc,
                                              std::vector<bool>* eligible, std::vector<Vec>* vectors) {
  Terms terms;
  std::vector<Tf> tfs;
  Tf all_raw, title_raw;
  for (const auto& s : doc.text.sentences) {
    tfs.push_back(count_terms(doc, s.first_token, s.end_token, terms));
    all_raw.insert(all_raw.end(), tfs.back().begin(), tfs.back().end());
  }
  if (doc.doc.meta.title) collect_title(*doc.doc.meta.title, terms, title_raw);
  const Tf all = tally(std::move(all_raw)), title = tally(std::move(title_raw));
  std::vector<float> idf_of(terms.words.size());
  for (size_t t = 0; t < terms.words.size(); ++t) idf_of[t] = static_cast<float>(builder.idf(terms.words[t]));
  const Vec centre = weigh(all, idf_of), title_vec = weigh(title, idf_of);
  const size_t n = doc.text.sentences.size();
  std::vector<size_t> entity_count(n, 0);
  for (const auto& e : doc.entities) {
    for (size_t i = 0; i < n; ++i) {
      const Span& sp = doc.text.sentences[i].span;
      if (e.span.start >= sp.start && e.span.start < sp.end) {
        ++entity_count[i];
        break;
      }
    }
  }
  std::vector<std::vector<float>> rows;
  if (eligible) eligible->assign(n, false);
  if (vectors) vectors->clear();
  const std::string_view text = doc.doc.text;
  const size_t skip = headline_sentences(doc);
  for (size_t si = 0; si < n; ++si) {
    const auto& s = doc.text.sentences[si];
    const size_t words = word_count(doc, s);
    if (eligible) (*eligible)[si] = si >= skip && words >= 5 && words <= 70;
    const size_t i = si < skip ? 0 : si - skip;  // position among the body's sentences
    const std::string_view st = s.span.in(text);
    size_t k = s.span.start;
    while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == '\t')) --k;
    const bool para = k == 0 || text[k - 1] == '\n';
    bool digits = false;
    for (char c : st) digits |= c >= '0' && c <= '9';
    const bool quote = st.find("\"") != std::string_view::npos || st.find("\u201c") != std::string_view::npos;
    const Vec v = weigh(tfs[si], idf_of);
    const size_t body = n - skip;
    rows.push_back({1.0f, float(i == 0), float(i == 1), float(i == 2), float(i == 3), float(i == 4),
                    float(i >= 5 && i < 10), float(i >= 10), body > 1 ? float(i) / float(body - 1) : 0.0f,
                    static_cast<float>(dot(v, centre)), static_cast<float>(dot(v, title_vec)), float(para),
                    float(words < 10), float(words > 40), std::min(2.0f, float(words) / 30.0f), float(digits),
                    float(quote), std::min(3.0f, float(entity_count[si])) / 3.0f});
    if (vectors) vectors->push_back(v);
  }
  return rows;
}

}  // namespace

std::vector<std::vector<float>> StoryBuilder::sentence_features(const extract::Analysis& doc,
                                                               std::vector<bool>* eligible) const {
  return sentence_rows(*this, doc, eligible, nullptr);
}

double StoryBuilder::idf(std::string_view term) const {
  auto it = df_.find(std::string(term));
  double df = it == df_.end() ? 0 : it->second;
  return std::log((background_docs_ + 1.0) / (df + 1.0)) + 1.0;
}

namespace {

// Picks summary sentences by centrality to `centre` with MMR redundancy removal.
// `score[i]` is candidate i's relevance; value = relevance_weight * score - 0.25 * redundancy.
std::vector<const Candidate*> pick(const std::vector<Candidate>& cands, const std::vector<double>& score, int n,
                                   double relevance_weight) {
  std::vector<const Candidate*> chosen;
  std::vector<bool> used(cands.size(), false);
  while (static_cast<int>(chosen.size()) < n) {
    int best = -1;
    double best_value = -1e9;
    for (size_t i = 0; i < cands.size(); ++i) {
      if (used[i]) continue;
      double redundancy = 0;
      for (const Candidate* c : chosen) redundancy = std::max(redundancy, dot(cands[i].vec, c->vec));
      if (redundancy > 0.55) continue;
      double value = relevance_weight * score[i] - 0.25 * redundancy;
      if (value > best_value) {
        best_value = value;
        best = static_cast<int>(i);
      }
    }
    if (best < 0) break;
    used[best] = true;
    chosen.push_back(&cands[best]);
  }
  return chosen;
}

}  // namespace

std::vector<SummarySentence> StoryBuilder::summarize(const extract::Analysis& doc, int n) const {
  // Sentences ranked by the learned scorer (logistic regression over position, centrality,
  // title overlap, length…, trained on IndoSum folds 1-4 by `kabar train summary`), then MMR.
  std::vector<bool> eligible;
  std::vector<Vec> vectors;
  auto rows = sentence_rows(*this, doc, &eligible, &vectors);
  std::vector<Candidate> cands;
  std::vector<double> score;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!eligible[i]) continue;
    double z = 0;
    for (size_t f = 0; f < rows[i].size() && f < sentence_weights_.size(); ++f) z += double(rows[i][f]) * sentence_weights_[f];
    cands.push_back({std::move(vectors[i]), 0, static_cast<int>(i), 0.0});
    score.push_back(1.0 / (1.0 + std::exp(-z)));
  }
  auto chosen = pick(cands, score, n, 1.0);
  std::sort(chosen.begin(), chosen.end(), [](auto* a, auto* b) { return a->sentence < b->sentence; });
  std::vector<SummarySentence> out;
  for (const Candidate* c : chosen) {
    Span sp = doc.text.sentences[c->sentence].span;
    out.push_back({clip(sp.in(doc.doc.text), 100000), 0, sp});
  }
  return out;
}

namespace {

// The title stories use for a document: its headline, else its first sentence without its
// dateline and outlet signature ("SEMARANG, KOMPAS.com - "), else its path.
std::string doc_title(const extract::Analysis& a) {
  if (a.doc.meta.title && !a.doc.meta.title->empty()) return clip(*a.doc.meta.title, 120);
  if (!a.text.sentences.empty()) {
    const std::string_view text = a.doc.text;
    Span first = a.text.sentences[0].span;
    uint32_t from = first.start;
    for (const Span& e : a.provenance.evidence) {
      if (e.start >= first.start && e.start < first.start + 60 && e.end > from && e.end < first.end) from = e.end;
    }
    for (bool more = true; more && from < first.end;) {
      const std::string_view rest = text.substr(from, first.end - from);
      if (std::string_view(" ,-:()").find(rest[0]) != std::string_view::npos) ++from;
      else if (rest.rfind("\u2013", 0) == 0 || rest.rfind("\u2014", 0) == 0) from += 3;  // en and em dash
      else more = false;
    }
    if (from >= first.end) from = first.start;
    return clip(text.substr(from, first.end - from), 90);
  }
  return a.doc.path;
}

}  // namespace

StoryDoc StoryBuilder::story_doc(const extract::Analysis& a) const {
  StoryDoc out;
  Terms local;  // ids in order of first appearance
  Tf raw;
  collect_terms(a, 0, static_cast<uint32_t>(a.text.tokens.size()), local, raw);
  if (a.doc.meta.title) collect_title(*a.doc.meta.title, local, raw);
  const Tf tf = tally(std::move(raw));
  out.counts.reserve(tf.size());
  for (auto [t, n] : tf) {
    out.terms += local.words[t];
    out.terms += '\0';
    out.counts.push_back(static_cast<uint32_t>(n));
  }
  out.title = doc_title(a);
  out.headline = a.doc.meta.title && !a.doc.meta.title->empty();
  out.published = a.published.date;
  return out;
}

struct StoryClustering::Impl {
  const std::unordered_map<std::string, uint32_t>* background;  // document frequencies
  double background_docs = 0;
  StoryOptions options;
  std::vector<const StoryDoc*> docs;
  Terms terms;                         // every document's terms
  std::vector<uint32_t> background_df;  // per term
  std::vector<uint32_t> corpus_df;      // per term: documents using it
  std::vector<Tf> tfs;                  // per document, by term id
  std::vector<std::optional<int>> days;
  std::vector<int> event_of;            // per document, -1 before it is clustered
  std::vector<std::vector<int>> events;  // per event: documents in order of joining
  std::vector<int> story_of_event;      // per event: story number
  std::map<int, Story> stories;         // by number
  int next_story = 1;

  void update(size_t first_new, const std::vector<std::vector<int>>& entities, const EntityIndex& names,
              const std::vector<std::pair<int, int>>& near_duplicates, const Loader& load);
  Story assemble(const std::vector<int>& group, const std::vector<float>& idf_of,
                 const std::vector<std::vector<int>>& entities, const EntityIndex& names, const Loader& load) const;
};

StoryClustering::StoryClustering(const StoryBuilder& builder, StoryOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->background = &builder.df_;
  impl_->background_docs = builder.background_docs_;
  impl_->options = options;
}
StoryClustering::~StoryClustering() = default;
StoryClustering::StoryClustering(StoryClustering&&) noexcept = default;
StoryClustering& StoryClustering::operator=(StoryClustering&&) noexcept = default;

size_t StoryClustering::size() const { return impl_->docs.size(); }

void StoryClustering::append(const StoryDoc& doc) {
  Impl& m = *impl_;
  Tf tf;
  tf.reserve(doc.counts.size());
  size_t k = 0;
  for (size_t pos = 0; pos < doc.terms.size() && k < doc.counts.size(); ++k) {
    size_t end = doc.terms.find('\0', pos);
    if (end == std::string::npos) end = doc.terms.size();
    const std::string w = doc.terms.substr(pos, end - pos);
    pos = end + 1;
    const size_t before = m.terms.words.size();
    const uint32_t t = m.terms.id(w);
    if (m.terms.words.size() > before) {
      auto it = m.background->find(w);
      m.background_df.push_back(it == m.background->end() ? 0 : it->second);
      m.corpus_df.push_back(0);
    }
    tf.emplace_back(t, static_cast<float>(doc.counts[k]));
  }
  tf = tally(std::move(tf));
  for (auto [t, n] : tf) ++m.corpus_df[t];
  m.tfs.push_back(std::move(tf));
  m.docs.push_back(&doc);
  m.days.push_back(day_number(doc.published));
  m.event_of.push_back(-1);
}

void StoryClustering::update(size_t first_new, const std::vector<std::vector<int>>& entities, const EntityIndex& names,
                             const std::vector<std::pair<int, int>>& near_duplicates, const Loader& load) {
  impl_->update(first_new, entities, names, near_duplicates, load);
}

void StoryClustering::Impl::update(size_t first_new, const std::vector<std::vector<int>>& entities,
                                   const EntityIndex& names, const std::vector<std::pair<int, int>>& near_duplicates,
                                   const Loader& load) {
  const size_t n_docs = docs.size();
  if (first_new >= n_docs) return;
  static const std::vector<int> kNone;
  auto ents_of = [&](size_t d) -> const std::vector<int>& { return d < entities.size() ? entities[d] : kNone; };
  // 1. Document models: TF-IDF over title and body with the IDF of the corpus as it is now.
  std::vector<float> idf_of(terms.words.size());
  const double n_background = background_docs;
  for (size_t t = 0; t < terms.words.size(); ++t) {
    double df = static_cast<double>(background_df[t]) + corpus_df[t];
    idf_of[t] = static_cast<float>(std::log((n_background + n_docs + 1.0) / (df + 1.0)) + 1.0);
  }
  std::vector<DocModel> models(n_docs - first_new);  // of the new documents
  for (size_t d = first_new; d < n_docs; ++d) {
    DocModel& m = models[d - first_new];
    m.vec = weigh(tfs[d], idf_of);
    m.day = days[d];
    m.entities = ents_of(d);
  }
  std::unordered_map<int, std::vector<int>> near_dup;  // later doc → earlier near-duplicates
  for (const auto& [a, b] : near_duplicates) near_dup[b].push_back(a);

  // The events so far, rebuilt from their documents with the current IDF and entity clusters.
  std::vector<EventAcc> accs(events.size());
  std::vector<uint32_t> keys;
  KeyIndex index;
  auto join = [&](EventAcc& ev, int d, const Vec& vec, const std::vector<int>& ents) {
    ev.docs.push_back(d);
    ev.centroid.add(vec);
    for (int c : ents) ev.entities[c]++;
    if (days[d]) {
      ev.min_day = ev.dated ? std::min(ev.min_day, *days[d]) : *days[d];
      ev.max_day = ev.dated ? std::max(ev.max_day, *days[d]) : *days[d];
      ev.dated = true;
    }
  };
  auto doc_keys = [&](const Vec& vec, const std::vector<int>& ents) {
    keys = top_terms(vec, kDocKeyTerms);
    for (int c : ents) keys.push_back(kEntityKey | static_cast<uint32_t>(c));
  };
  for (size_t e = 0; e < events.size(); ++e) {
    EventAcc& ev = accs[e];
    for (int d : events[e]) {
      const Vec vec = weigh(tfs[d], idf_of);
      join(ev, d, vec, ents_of(d));
      doc_keys(vec, ents_of(d));
      ev.keys.insert(ev.keys.end(), keys.begin(), keys.end());
    }
    std::sort(ev.keys.begin(), ev.keys.end());
    ev.keys.erase(std::unique(ev.keys.begin(), ev.keys.end()), ev.keys.end());
    for (uint32_t k : ev.keys) index.add(k, static_cast<int>(e));
  }
  const size_t old_events = events.size();
  std::vector<char> touched(old_events, 0);

  // 2. Online, time-aware event clustering of the new documents in publication order (undated
  // documents last). Candidates come from an inverted index of each event's documents' top
  // terms and entities (the kMaxEventCandidates events sharing most keys with the document);
  // while documents are dated, events that ended more than `max_gap` days before the document
  // (where the time decay alone puts them below the threshold) are dropped from the index as it
  // is read.
  std::vector<int> order(n_docs - first_new);
  std::iota(order.begin(), order.end(), static_cast<int>(first_new));
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
    int dx = days[x].value_or(INT32_MAX), dy = days[y].value_or(INT32_MAX);
    return dx < dy;
  });
  auto cap_of_gap = [&](int gap) { return std::pow(0.5, std::max(0, gap - 1) / options.time_scale_days); };
  int max_gap = 0;
  while (max_gap < 100000 && cap_of_gap(max_gap + 1) >= options.event_threshold) ++max_gap;
  bool undated_phase = false;
  std::vector<uint32_t> stamp;        // per event: the last document that looked at it
  std::vector<uint32_t> shared_keys;  // per event: keys it shares with that document
  std::vector<int> cands;
  uint32_t visit = 0;
  for (int d : order) {
    const DocModel& m = models[d - first_new];
    doc_keys(m.vec, m.entities);
    if (!m.day && !undated_phase) {  // from here on every event may be a candidate: index them all
      undated_phase = true;
      index.clear();
      for (size_t e = 0; e < accs.size(); ++e) {
        for (uint32_t k : accs[e].keys) index.add(k, static_cast<int>(e));
      }
    }
    int best = -1;
    double best_sim = 0;
    auto it = near_dup.find(d);
    if (it != near_dup.end()) {
      for (int earlier : it->second) {
        if (earlier >= 0 && static_cast<size_t>(earlier) < n_docs && event_of[earlier] >= 0) {
          best = event_of[earlier];
          best_sim = 1;
        }
      }
    }
    if (best < 0) {
      ++visit;
      stamp.resize(accs.size(), 0);
      shared_keys.resize(accs.size(), 0);
      cands.clear();
      for (uint32_t k : keys) {
        auto& list = index.list(k);
        size_t kept = 0;
        for (size_t i = 0; i < list.size(); ++i) {
          const int e = list[i];
          if (m.day && !undated_phase && accs[e].dated && accs[e].max_day < *m.day - max_gap) continue;  // stale
          list[kept++] = e;
          if (stamp[e] != visit) {
            stamp[e] = visit;
            shared_keys[e] = 0;
            cands.push_back(e);
          }
          ++shared_keys[e];
        }
        list.resize(kept);
      }
      if (cands.size() > kMaxEventCandidates) {  // the events sharing the most keys (then the latest)
        std::partial_sort(cands.begin(), cands.begin() + kMaxEventCandidates, cands.end(), [&](int x, int y) {
          return shared_keys[x] != shared_keys[y] ? shared_keys[x] > shared_keys[y] : x > y;
        });
        cands.resize(kMaxEventCandidates);
      }
      std::sort(cands.begin(), cands.end());  // ties go to the earliest event, as in a full scan
      for (int e : cands) {
        const EventAcc& ev = accs[e];
        // Time decay: similarity halves every time_scale_days apart. No time evidence: an
        // undated article may be weeks away from the event, so it needs stronger text and
        // entity evidence to join (articles of one story share most of their entities and much
        // vocabulary without telling the same happening). The factor alone caps the
        // similarity (text and entity parts are ≤ 1): skip events it puts out of reach.
        double cap = 1.0;
        if (m.day && ev.dated) {
          cap = cap_of_gap(std::max({0, ev.min_day - *m.day, *m.day - ev.max_day}));
        } else {
          cap = options.undated_factor;
        }
        if (cap < options.event_threshold || cap <= best_sim) continue;
        double text_sim = ev.centroid.cosine(m.vec);
        double ent_sim = 0;
        if (!m.entities.empty()) {
          double shared = 0;
          for (int c : m.entities) shared += ev.entities.count(c) ? 1 : 0;
          ent_sim = shared / m.entities.size();
        }
        const double sim = (0.7 * text_sim + 0.3 * ent_sim) * cap;
        if (sim > best_sim) {
          best_sim = sim;
          best = e;
        }
      }
      if (best_sim < options.event_threshold) best = -1;
    }
    if (best < 0) {
      best = static_cast<int>(accs.size());
      accs.emplace_back();
      events.emplace_back();
      story_of_event.push_back(-1);
    }
    if (static_cast<size_t>(best) < old_events) touched[best] = 1;
    EventAcc& ev = accs[best];
    join(ev, d, m.vec, m.entities);
    events[best].push_back(d);
    for (uint32_t k : keys) index.add(k, best);
    std::sort(keys.begin(), keys.end());
    const size_t had = ev.keys.size();
    ev.keys.insert(ev.keys.end(), keys.begin(), keys.end());
    std::inplace_merge(ev.keys.begin(), ev.keys.begin() + had, ev.keys.end());
    ev.keys.erase(std::unique(ev.keys.begin(), ev.keys.end()), ev.keys.end());
    event_of[d] = best;
  }
  index.clear();
  touched.resize(accs.size(), 1);  // new events

  // 3. Stories: single-link grouping of events by text and entity similarity, with a slow time
  // decay (a story runs for weeks; the same topic a year later is a new story). The groups are
  // the connected components of the event pairs at or above the threshold. Stories formed
  // earlier stay linked; an event that is new or gained documents is compared with the events
  // that share most of its top centroid terms and entities (the untouched ones, then the
  // touched ones before it).
  const size_t n_events = accs.size();
  std::vector<int> parent(n_events);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  {
    std::map<int, int> first_of_story;
    for (size_t e = 0; e < old_events; ++e) {
      auto [it, fresh] = first_of_story.emplace(story_of_event[e], static_cast<int>(e));
      if (!fresh) parent[find(static_cast<int>(e))] = find(it->second);
    }
  }
  std::vector<Vec> centres;
  centres.reserve(n_events);
  for (const auto& ev : accs) centres.push_back(ev.centroid.normalised());
  std::vector<std::vector<int>> ents(n_events);  // sorted entity clusters per event
  for (size_t e = 0; e < n_events; ++e) {
    for (auto [c, n] : accs[e].entities) ents[e].push_back(c);
  }
  auto event_keys = [&](size_t i) {
    keys = top_terms(centres[i], kEventKeyTerms);
    for (int c : ents[i]) keys.push_back(kEntityKey | static_cast<uint32_t>(c));
  };
  for (size_t i = 0; i < n_events; ++i) {
    if (touched[i]) continue;
    event_keys(i);
    for (uint32_t k : keys) index.add(k, static_cast<int>(i));
  }
  stamp.assign(n_events, 0);
  shared_keys.assign(n_events, 0);
  visit = 0;
  for (size_t i = 0; i < n_events; ++i) {
    if (!touched[i]) continue;
    event_keys(i);
    ++visit;
    cands.clear();
    for (uint32_t k : keys) {
      for (int j : index.list(k)) {
        if (stamp[j] != visit) {
          stamp[j] = visit;
          shared_keys[j] = 0;
          cands.push_back(j);
        }
        ++shared_keys[j];
      }
    }
    // The events sharing the most keys first (then the latest), at most kMaxStoryCandidates.
    const size_t keep = std::min(cands.size(), kMaxStoryCandidates);
    std::partial_sort(cands.begin(), cands.begin() + keep, cands.end(), [&](int x, int y) {
      return shared_keys[x] != shared_keys[y] ? shared_keys[x] > shared_keys[y] : x > y;
    });
    cands.resize(keep);
    for (int j : cands) {
      if (find(static_cast<int>(i)) == find(j)) continue;
      double decay = 1;
      if (accs[i].dated && accs[j].dated) {
        int gap = std::max({0, accs[i].min_day - accs[j].max_day, accs[j].min_day - accs[i].max_day});
        decay = std::pow(0.5, gap / options.story_time_scale_days);
        if (decay < options.story_threshold) continue;
      }
      const auto &a = ents[i], &b = ents[j];
      size_t shared = 0;
      for (size_t x = 0, y = 0; x < a.size() && y < b.size();) {
        if (a[x] == b[y]) ++shared, ++x, ++y;
        else if (a[x] < b[y]) ++x;
        else ++y;
      }
      size_t uni = a.size() + b.size() - shared;
      double ent_sim = uni ? static_cast<double>(shared) / uni : 0;
      if ((0.6 + 0.4 * ent_sim) * decay < options.story_threshold) continue;  // even with equal texts
      double text_sim = dot(centres[i], centres[j]);
      double sim = (0.6 * text_sim + 0.4 * ent_sim) * decay;
      if (sim >= options.story_threshold) parent[find(j)] = find(static_cast<int>(i));
    }
    for (uint32_t k : keys) index.add(k, static_cast<int>(i));
  }
  index.clear();
  std::vector<Vec>().swap(centres);

  // 4. Story numbers: a group keeps the lowest number of the stories it holds; groups of new
  // events only are numbered in order of their first event. Groups with a touched event are
  // (re)assembled; the others keep what they had.
  std::map<int, std::vector<int>> by_root;
  for (size_t e = 0; e < n_events; ++e) by_root[find(static_cast<int>(e))].push_back(static_cast<int>(e));
  std::vector<std::vector<int>> groups;
  for (auto& [root, evs] : by_root) groups.push_back(std::move(evs));
  std::sort(groups.begin(), groups.end(), [](auto& x, auto& y) { return x.front() < y.front(); });
  for (const auto& g : groups) {
    bool any_touched = false;
    int number = INT32_MAX;
    for (int e : g) {
      any_touched |= touched[e] != 0;
      if (story_of_event[e] >= 0) number = std::min(number, story_of_event[e]);
    }
    if (!any_touched) continue;
    if (number == INT32_MAX) number = next_story++;
    for (int e : g) {
      if (story_of_event[e] >= 0 && story_of_event[e] != number) stories.erase(story_of_event[e]);
      story_of_event[e] = number;
    }
    Story story = assemble(g, idf_of, entities, names, load);
    story.id = "S" + std::to_string(number);
    stories[number] = std::move(story);
  }
}

Story StoryClustering::Impl::assemble(const std::vector<int>& group, const std::vector<float>& idf_of,
                                       const std::vector<std::vector<int>>& entities,
                                      const EntityIndex& names, const Loader& load) const {
  static const std::vector<int> kNone;
  auto ents_of = [&](int d) -> const std::vector<int>& {
    return static_cast<size_t>(d) < entities.size() ? entities[d] : kNone;
  };
  Story story;
  std::map<int, int> entity_docs;
  DenseSum story_sum;
  std::unordered_map<int, Vec> vec_of;  // of the story's documents
  for (int e : group) {
    Event ev;
    ev.id = "V" + std::to_string(e + 1);
    ev.documents = events[e];
    std::sort(ev.documents.begin(), ev.documents.end());
    ev.title = docs[events[e].front()]->title;
    for (int d : events[e]) {
      const auto& published = docs[d]->published;
      if (published && (!ev.date || *published < *ev.date)) ev.date = published;
      story.documents.push_back(d);
      const Vec& v = vec_of[d] = weigh(tfs[d], idf_of);
      story_sum.add(v);
      for (int c : ents_of(d)) entity_docs[c]++;
    }
    story.events.push_back(std::move(ev));
  }
  std::sort(story.documents.begin(), story.documents.end());
  std::stable_sort(story.events.begin(), story.events.end(), [](const Event& a, const Event& b) {
    return a.date.value_or("9999") < b.date.value_or("9999");
  });
  const Vec story_centre = story_sum.normalised();

  // Title: the most central titled document's title; else the main entities and terms.
  int central = -1;
  double central_sim = -1;
  std::vector<std::pair<double, int>> by_centrality;
  for (int d : story.documents) {
    double sim = dot(vec_of[d], story_centre);
    by_centrality.emplace_back(-sim, d);
    if (sim > central_sim) {
      central_sim = sim;
      central = d;
    }
  }
  // Timeline and summary sentences come from the story's most central documents (all of them
  // in a story of up to kMaxSourceDocuments), in corpus order.
  std::vector<int> sources = story.documents;
  if (sources.size() > kMaxSourceDocuments) {
    std::partial_sort(by_centrality.begin(), by_centrality.begin() + kMaxSourceDocuments, by_centrality.end());
    sources.clear();
    for (size_t k = 0; k < kMaxSourceDocuments; ++k) sources.push_back(by_centrality[k].second);
    std::sort(sources.begin(), sources.end());
  }
  if (story.documents.size() == 1 || docs[central]->headline) {
    story.title = docs[central]->title;
  } else {
    std::vector<std::pair<int, int>> ranked;
    for (auto [c, n] : entity_docs) ranked.emplace_back(-n, c);
    std::sort(ranked.begin(), ranked.end());
    std::vector<std::string> cluster_names;
    for (size_t k = 0; k < ranked.size() && cluster_names.size() < 3; ++k) {
      const int c = ranked[k].second;
      if (c >= 0 && static_cast<size_t>(c) < names.clusters.size()) cluster_names.push_back(names.clusters[c].name);
    }
    std::vector<std::pair<float, uint32_t>> top;
    for (auto [t, w] : story_centre) top.emplace_back(-w, t);
    std::sort(top.begin(), top.end());
    std::vector<std::string> words;
    for (size_t k = 0; k < top.size() && words.size() < 3; ++k) {
      const std::string& w = terms.words[top[k].second];
      bool in_name = false;
      for (const auto& n : cluster_names) in_name |= utf8::lower(n).find(w) != std::string::npos;
      if (!in_name) words.push_back(w);
    }
    for (size_t k = 0; k < cluster_names.size(); ++k) story.title += (k ? ", " : "") + cluster_names[k];
    if (!words.empty()) {
      story.title += story.title.empty() ? "" : ": ";
      for (size_t k = 0; k < words.size(); ++k) story.title += (k ? ", " : "") + words[k];
    }
    if (story.title.empty()) story.title = docs[central]->title;
  }

  // The source documents' sentences (loaded; a document that cannot be loaded is left out).
  std::unordered_map<int, std::shared_ptr<const extract::Analysis>> loaded;
  {
    std::vector<int> kept;
    for (int d : sources) {
      auto a = load ? load(d) : nullptr;
      if (!a) continue;
      loaded.emplace(d, std::move(a));
      kept.push_back(d);
    }
    sources = std::move(kept);
  }
  OverlayTerms sentence_terms{&terms, {}};

  // Timeline: dated sentences, merged when the same date says the same thing, sorted.
  struct Line {
    std::string date;
    int doc;
    Span span;
    Vec vec;
    double centrality;
  };
  std::vector<Line> lines;
  std::unordered_map<std::string, std::vector<size_t>> lines_of_date;
  for (int d : sources) {
    const auto& a = *loaded.at(d);
    for (const auto& t : a.timeline) {
      if (t.grain != extract::Grain::kDay && t.grain != extract::Grain::kMonth && t.grain != extract::Grain::kWeek &&
          t.grain != extract::Grain::kYear) {
        continue;
      }
      Tf tf;
      for (size_t si = 0; si < a.text.sentences.size(); ++si) {
        if (a.text.sentences[si].span.contains(t.sentence) || a.text.sentences[si].span == t.sentence) {
          tf = count_terms(a, a.text.sentences[si].first_token, a.text.sentences[si].end_token, sentence_terms);
          break;
        }
      }
      Vec v = weigh(tf, idf_of);
      bool merged = false;
      auto& same_date = lines_of_date[t.date];
      for (size_t l : same_date) {
        if (dot(lines[l].vec, v) > 0.5) {
          merged = true;
          break;
        }
      }
      if (!merged) {
        same_date.push_back(lines.size());
        lines.push_back({t.date, d, t.sentence, v, dot(v, story_centre)});
      }
    }
  }
  const size_t kMaxLines = 15;
  if (lines.size() > kMaxLines) {
    std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.centrality > b.centrality; });
    lines.resize(kMaxLines);
  }
  // Chronological: by the first day of each value's period (a week's Monday, a month's 1st),
  // then coarser grains first; values that are no calendar point (PRESENT_REF…) last.
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
    auto da = iso_day_number(a.date), db = iso_day_number(b.date);
    if (da.has_value() != db.has_value()) return da.has_value();
    if (da && db && *da != *db) return *da < *db;
    return a.date.size() < b.date.size();
  });
  for (const auto& l : lines) {
    story.timeline.push_back({l.date, clip(l.span.in(loaded.at(l.doc)->doc.text), 240), l.doc, l.span});
  }

  // Summary: central, non-redundant sentences from all documents (centroid + MMR).
  std::vector<Candidate> cands;
  for (int d : sources) {
    const auto& a = *loaded.at(d);
    const size_t skip = headline_sentences(a);
    for (size_t si = skip; si < a.text.sentences.size(); ++si) {
      size_t words = word_count(a, a.text.sentences[si]);
      if (words < 6 || words > 60) continue;
      const Tf tf = count_terms(a, a.text.sentences[si].first_token, a.text.sentences[si].end_token, sentence_terms);
      cands.push_back({weigh(tf, idf_of), d, static_cast<int>(si), 1.0 / (1.0 + double(si - skip))});
    }
  }
  int n = std::clamp(options.summary_sentences + (story.documents.size() > 3 ? 1 : 0) - (story.documents.size() == 1 ? 1 : 0), 3, 5);
  std::vector<double> score(cands.size());
  for (size_t i = 0; i < cands.size(); ++i) score[i] = dot(cands[i].vec, story_centre) + 0.12 * cands[i].position;
  auto chosen = pick(cands, score, n, 0.75);
  std::stable_sort(chosen.begin(), chosen.end(), [&](const Candidate* a, const Candidate* b) {
    auto da = days[a->doc].value_or(INT32_MAX), db = days[b->doc].value_or(INT32_MAX);
    if (da != db) return da < db;
    if (a->doc != b->doc) return a->doc < b->doc;
    return a->sentence < b->sentence;
  });
  for (const Candidate* c : chosen) {
    const auto& a = *loaded.at(c->doc);
    Span sp = a.text.sentences[c->sentence].span;
    story.summary.push_back({clip(sp.in(a.doc.text), 100000), c->doc, sp});
  }
  return story;
}

std::vector<Story> StoryClustering::stories() const {
  std::vector<Story> out;
  out.reserve(impl_->stories.size());
  for (const auto& [number, s] : impl_->stories) out.push_back(s);
  return out;
}

std::vector<int> StoryClustering::story_of_document() const {
  std::vector<int> out(impl_->docs.size(), -1);
  int s = 0;
  for (const auto& [number, story] : impl_->stories) {
    for (int d : story.documents) {
      if (d >= 0 && static_cast<size_t>(d) < out.size()) out[d] = s;
    }
    ++s;
  }
  return out;
}

size_t StoryClustering::bytes() const {
  const Impl& m = *impl_;
  size_t n = m.docs.capacity() * sizeof(void*) + m.days.capacity() * sizeof(std::optional<int>) +
             m.event_of.capacity() * sizeof(int) + m.story_of_event.capacity() * sizeof(int) +
             (m.background_df.capacity() + m.corpus_df.capacity()) * sizeof(uint32_t);
  for (const auto& w : m.terms.words) n += 2 * (sizeof(std::string) + (w.size() > 15 ? w.capacity() : 0)) + 16;
  for (const auto& tf : m.tfs) n += sizeof(Tf) + tf.capacity() * sizeof(tf[0]);
  for (const auto& e : m.events) n += sizeof(e) + e.capacity() * sizeof(int);
  for (const auto& [number, s] : m.stories) {
    n += sizeof(Story) + s.documents.capacity() * sizeof(int) + s.events.capacity() * sizeof(Event);
    for (const auto& x : s.summary) n += sizeof(x) + x.text.capacity();
    for (const auto& x : s.timeline) n += sizeof(x) + x.text.capacity();
  }
  return n;
}

StoryClustering::Snapshot StoryClustering::snapshot() const {
  Snapshot s;
  s.events = impl_->events;
  s.story_of_event = impl_->story_of_event;
  for (const auto& [number, story] : impl_->stories) s.stories.push_back(story);
  return s;
}

Status StoryClustering::restore(Snapshot s) {
  Impl& m = *impl_;
  const size_t n_docs = m.docs.size();
  if (s.story_of_event.size() != s.events.size()) return Error{"stories: events and their stories do not match"};
  std::vector<int> event_of(n_docs, -1);
  for (size_t e = 0; e < s.events.size(); ++e) {
    if (s.events[e].empty()) return Error{"stories: event V" + std::to_string(e + 1) + " has no document"};
    for (int d : s.events[e]) {
      if (d < 0 || static_cast<size_t>(d) >= n_docs) return Error{"stories: an event names an unknown document"};
      if (event_of[d] >= 0) return Error{"stories: a document is in two events"};
      event_of[d] = static_cast<int>(e);
    }
  }
  for (size_t d = 0; d < n_docs; ++d) {
    if (event_of[d] < 0) return Error{"stories: document " + std::to_string(d) + " is in no event"};
  }
  std::map<int, Story> stories;
  for (auto& story : s.stories) {
    if (story.id.size() < 2 || story.id[0] != 'S') return Error{"stories: bad story id '" + story.id + "'"};
    const int number = std::atoi(story.id.c_str() + 1);
    if (number <= 0 || !stories.emplace(number, std::move(story)).second) {
      return Error{"stories: bad or repeated story id"};
    }
  }
  for (int number : s.story_of_event) {
    if (!stories.count(number)) return Error{"stories: an event is in an unknown story"};
  }
  for (const auto& [number, story] : stories) {
    for (int d : story.documents) {
      if (d < 0 || static_cast<size_t>(d) >= n_docs || s.story_of_event[event_of[d]] != number) {
        return Error{"stories: story S" + std::to_string(number) + " names a document of another story"};
      }
    }
    for (const auto& x : story.summary) {
      if (x.document < 0 || static_cast<size_t>(x.document) >= n_docs) return Error{"stories: a summary names an unknown document"};
    }
    for (const auto& x : story.timeline) {
      if (x.document < 0 || static_cast<size_t>(x.document) >= n_docs) return Error{"stories: a timeline names an unknown document"};
    }
  }
  m.events = std::move(s.events);
  m.story_of_event = std::move(s.story_of_event);
  m.event_of = std::move(event_of);
  m.next_story = stories.empty() ? 1 : stories.rbegin()->first + 1;
  m.stories = std::move(stories);
  return Ok{};
}

std::vector<Story> StoryBuilder::build(const std::vector<extract::Analysis>& docs, const EntityIndex& entities,
                                       const std::vector<DuplicatePair>& duplicates,
                                       const StoryOptions& options) const {
  if (docs.empty()) return {};
  std::vector<StoryDoc> story_docs;
  story_docs.reserve(docs.size());
  StoryClustering clustering(*this, options);
  std::vector<std::vector<int>> ents(docs.size());
  for (size_t d = 0; d < docs.size(); ++d) {
    story_docs.push_back(story_doc(docs[d]));
    clustering.append(story_docs.back());
    if (d < entities.of_mention.size()) {
      for (size_t m = 0; m < docs[d].entities.size() && m < entities.of_mention[d].size(); ++m) {
        int c = entities.of_mention[d][m];
        if (c >= 0 && docs[d].entities[m].type != extract::EntityType::kMisc) ents[d].push_back(c);
      }
      std::sort(ents[d].begin(), ents[d].end());
      ents[d].erase(std::unique(ents[d].begin(), ents[d].end()), ents[d].end());
    }
  }
  std::vector<std::pair<int, int>> near;
  for (const auto& p : duplicates) {
    if (p.near_duplicate) near.emplace_back(p.a, p.b);
  }
  clustering.update(0, ents, entities, near, [&](int d) {
    return std::shared_ptr<const extract::Analysis>(&docs[d], [](const extract::Analysis*) {});
  });
  return clustering.stories();
}

}  // namespace kabar::corpus
