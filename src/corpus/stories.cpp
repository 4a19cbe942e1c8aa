#include "kabar/corpus/stories.h"


#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

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
    auto [it, added] = ids.emplace(w, static_cast<uint32_t>(words.size()));
    if (added) words.push_back(w);
    return it->second;
  }
};

bool content_word(std::string_view w) {
  if (w.size() < 3) return false;
  bool alpha = false;
  for (unsigned char c : w) alpha |= (c >= 'a' && c <= 'z') || c >= 0x80;
  return alpha;
}

// Term counts of tokens [first, end) of a document.
void count_terms(const extract::Analysis& a, uint32_t first, uint32_t end, Terms& terms,
                 std::map<uint32_t, float>& tf, float weight = 1.0f) {
  const auto& toks = a.text.tokens;
  for (uint32_t i = first; i < end && i < toks.size(); ++i) {
    const auto& t = toks[i];
    if (t.kind != text::TokenKind::kWord || t.has(text::kCliticSuffix) || t.has(text::kCliticPrefix)) continue;
    std::string w = utf8::lower(t.in(a.doc.text));
    if (!content_word(w)) continue;
    tf[terms.id(w)] += weight;
  }
}

void count_title(const std::string& title, Terms& terms, std::map<uint32_t, float>& tf) {
  std::string lower = utf8::lower(title), word;
  auto flush = [&] {
    if (content_word(word)) tf[terms.id(word)] += 2.0f;
    word.clear();
  };
  for (char c : lower) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u >= 0x80 || c == '-') word += c;
    else flush();
  }
  flush();
}

Vec weigh(const std::map<uint32_t, float>& tf, const std::vector<float>& idf) {
  Vec v;
  double norm = 0;
  for (auto [t, n] : tf) {
    float w = (1.0f + std::log(n)) * idf[t];
    v.emplace_back(t, w);
    norm += static_cast<double>(w) * w;
  }
  norm = std::sqrt(norm);
  if (norm > 0) for (auto& [t, w] : v) w = static_cast<float>(w / norm);
  return v;
}

double dot(const Vec& a, const Vec& b) {
  double s = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i].first == b[j].first) s += static_cast<double>(a[i++].second) * b[j++].second;
    else if (a[i].first < b[j].first) ++i;
    else ++j;
  }
  return s;
}

// Dense accumulator for centroids.
struct Centroid {
  std::map<uint32_t, double> sum;
  void add(const Vec& v) { for (auto [t, w] : v) sum[t] += w; }
  Vec normalised() const {
    Vec v;
    double norm = 0;
    for (auto [t, w] : sum) norm += w * w;
    norm = std::sqrt(norm);
    for (auto [t, w] : sum) v.emplace_back(t, static_cast<float>(norm > 0 ? w / norm : 0));
    return v;
  }
};

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
  std::set<int> entities;  // cluster indexes of PER/ORG/LOC mentions
  std::optional<int> day;
};

struct EventAcc {
  std::vector<int> docs;
  Centroid centroid;
  Vec centre;  // centroid.normalised(), kept current as documents join
  std::map<int, int> entities;  // cluster → documents mentioning it
  int min_day = 0, max_day = 0;
  bool dated = false;
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
  std::vector<std::map<uint32_t, float>> tfs;
  std::map<uint32_t, float> all, title;
  for (const auto& s : doc.text.sentences) {
    tfs.emplace_back();
    count_terms(doc, s.first_token, s.end_token, terms, tfs.back());
    for (auto [t, c] : tfs.back()) all[t] += c;
  }
  if (doc.doc.meta.title) count_title(*doc.doc.meta.title, terms, title);
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

std::vector<Story> StoryBuilder::build(const std::vector<extract::Analysis>& docs, const EntityIndex& entities,
                                       const std::vector<DuplicatePair>& duplicates,
                                       const StoryOptions& options) const {
  if (docs.empty()) return {};
  // 1. Document models: TF-IDF over title and body, entity sets, publication day.
  Terms terms;
  std::vector<std::map<uint32_t, float>> tfs(docs.size());
  for (size_t d = 0; d < docs.size(); ++d) {
    const auto& a = docs[d];
    count_terms(a, 0, static_cast<uint32_t>(a.text.tokens.size()), terms, tfs[d]);
    if (a.doc.meta.title) count_title(*a.doc.meta.title, terms, tfs[d]);
  }
  std::vector<uint32_t> corpus_df(terms.words.size(), 0);
  for (const auto& tf : tfs) for (auto [t, n] : tf) ++corpus_df[t];
  std::vector<float> idf_of(terms.words.size());
  for (size_t t = 0; t < terms.words.size(); ++t) {
    auto it = df_.find(terms.words[t]);
    double df = (it == df_.end() ? 0 : it->second) + corpus_df[t];
    idf_of[t] = static_cast<float>(std::log((background_docs_ + docs.size() + 1.0) / (df + 1.0)) + 1.0);
  }
  std::vector<DocModel> models(docs.size());
  for (size_t d = 0; d < docs.size(); ++d) {
    models[d].vec = weigh(tfs[d], idf_of);
    models[d].day = day_number(docs[d].published.date);
    if (d < entities.of_mention.size()) {
      for (size_t m = 0; m < docs[d].entities.size() && m < entities.of_mention[d].size(); ++m) {
        int c = entities.of_mention[d][m];
        if (c >= 0 && docs[d].entities[m].type != extract::EntityType::kMisc) models[d].entities.insert(c);
      }
    }
  }
  std::map<int, std::vector<int>> near_dup;  // later doc → earlier near-duplicates
  for (const auto& p : duplicates) if (p.near_duplicate) near_dup[p.b].push_back(p.a);

  // 2. Online, time-aware event clustering in publication order (undated documents last).
  std::vector<int> order(docs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
    int dx = models[x].day.value_or(INT32_MAX), dy = models[y].day.value_or(INT32_MAX);
    return dx < dy;
  });
  std::vector<EventAcc> events;
  std::vector<int> event_of(docs.size(), -1);
  for (int d : order) {
    const DocModel& m = models[d];
    int best = -1;
    double best_sim = 0;
    for (int earlier : near_dup[d]) {
      if (event_of[earlier] >= 0) {
        best = event_of[earlier];
        best_sim = 1;
      }
    }
    if (best < 0) {
      for (size_t e = 0; e < events.size(); ++e) {
        const EventAcc& ev = events[e];
        // Time decay: similarity halves every time_scale_days apart. No time evidence: an
        // undated article may be weeks away from the event, so it needs stronger text and
        // entity evidence to join (articles of one story share most of their entities and much
        // vocabulary without telling the same happening). The factor alone caps the
        // similarity (text and entity parts are ≤ 1): skip events it puts out of reach.
        double cap = 1.0;
        if (m.day && ev.dated) {
          int gap = std::max({0, ev.min_day - *m.day, *m.day - ev.max_day});
          cap = std::pow(0.5, std::max(0, gap - 1) / options.time_scale_days);
        } else {
          cap = options.undated_factor;
        }
        if (cap < options.event_threshold || cap <= best_sim) continue;
        double text_sim = dot(m.vec, ev.centre);
        double ent_sim = 0;
        if (!m.entities.empty()) {
          double shared = 0;
          for (int c : m.entities) shared += ev.entities.count(c) ? 1 : 0;
          ent_sim = shared / m.entities.size();
        }
        const double sim = (0.7 * text_sim + 0.3 * ent_sim) * cap;
        if (sim > best_sim) {
          best_sim = sim;
          best = static_cast<int>(e);
        }
      }
      if (best_sim < options.event_threshold) best = -1;
    }
    if (best < 0) {
      best = static_cast<int>(events.size());
      events.emplace_back();
    }
    EventAcc& ev = events[best];
    ev.docs.push_back(d);
    ev.centroid.add(m.vec);
    ev.centre = ev.centroid.normalised();
    for (int c : m.entities) ev.entities[c]++;
    if (m.day) {
      ev.min_day = ev.dated ? std::min(ev.min_day, *m.day) : *m.day;
      ev.max_day = ev.dated ? std::max(ev.max_day, *m.day) : *m.day;
      ev.dated = true;
    }
    event_of[d] = best;
  }

  // 3. Stories: single-link grouping of events by text and entity similarity, with a slow time
  // decay (a story runs for weeks; the same topic a year later is a new story).
  std::vector<int> parent(events.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<Vec> centres;
  for (const auto& ev : events) centres.push_back(ev.centre);
  std::vector<std::vector<int>> ents(events.size());  // sorted entity clusters per event
  for (size_t e = 0; e < events.size(); ++e) {
    for (auto [c, n] : events[e].entities) ents[e].push_back(c);
  }
  for (size_t i = 0; i < events.size(); ++i) {
    for (size_t j = i + 1; j < events.size(); ++j) {
      if (find(static_cast<int>(i)) == find(static_cast<int>(j))) continue;
      double text_sim = dot(centres[i], centres[j]);
      const auto &a = ents[i], &b = ents[j];
      size_t shared = 0;
      for (size_t x = 0, y = 0; x < a.size() && y < b.size();) {
        if (a[x] == b[y]) ++shared, ++x, ++y;
        else if (a[x] < b[y]) ++x;
        else ++y;
      }
      size_t uni = a.size() + b.size() - shared;
      double ent_sim = uni ? static_cast<double>(shared) / uni : 0;
      double sim = 0.6 * text_sim + 0.4 * ent_sim;
      if (events[i].dated && events[j].dated) {
        int gap = std::max({0, events[i].min_day - events[j].max_day, events[j].min_day - events[i].max_day});
        sim *= std::pow(0.5, gap / options.story_time_scale_days);
      }
      if (sim >= options.story_threshold) parent[find(static_cast<int>(j))] = find(static_cast<int>(i));
    }
  }

  // 4. Assemble stories in order of their first event; ids by creation order.
  std::map<int, std::vector<int>> story_events;
  for (size_t e = 0; e < events.size(); ++e) story_events[find(static_cast<int>(e))].push_back(static_cast<int>(e));
  std::vector<std::vector<int>> groups;
  for (auto& [root, evs] : story_events) groups.push_back(evs);
  std::sort(groups.begin(), groups.end(), [](auto& x, auto& y) { return x.front() < y.front(); });

  auto doc_title = [&](int d) -> std::string {
    if (docs[d].doc.meta.title && !docs[d].doc.meta.title->empty()) return clip(*docs[d].doc.meta.title, 120);
    if (!docs[d].text.sentences.empty()) {
      // The first sentence without its dateline and outlet signature ("SEMARANG, KOMPAS.com - ").
      const std::string_view text = docs[d].doc.text;
      Span first = docs[d].text.sentences[0].span;
      uint32_t from = first.start;
      for (const Span& e : docs[d].provenance.evidence) {
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
    return docs[d].doc.path;
  };

  std::vector<Story> stories;
  for (size_t s = 0; s < groups.size(); ++s) {
    Story story;
    story.id = "S" + std::to_string(s + 1);
    Centroid centre;
    std::map<int, int> entity_docs;
    for (int e : groups[s]) {
      Event ev;
      ev.id = "V" + std::to_string(e + 1);
      ev.documents = events[e].docs;
      std::sort(ev.documents.begin(), ev.documents.end());
      int first = events[e].docs.front();
      ev.title = doc_title(first);
      for (int d : events[e].docs) {
        if (docs[d].published.date && (!ev.date || *docs[d].published.date < *ev.date)) ev.date = docs[d].published.date;
        story.documents.push_back(d);
        centre.add(models[d].vec);
        for (int c : models[d].entities) entity_docs[c]++;
      }
      story.events.push_back(std::move(ev));
    }
    std::sort(story.documents.begin(), story.documents.end());
    std::stable_sort(story.events.begin(), story.events.end(), [](const Event& a, const Event& b) {
      return a.date.value_or("9999") < b.date.value_or("9999");
    });
    Vec story_centre = centre.normalised();

    // Title: the most central titled document's title; else the main entities and terms.
    int central = -1;
    double central_sim = -1;
    for (int d : story.documents) {
      double sim = dot(models[d].vec, story_centre);
      if (sim > central_sim) {
        central_sim = sim;
        central = d;
      }
    }
    if (story.documents.size() == 1 || (docs[central].doc.meta.title && !docs[central].doc.meta.title->empty())) {
      story.title = doc_title(central);
    } else {
      std::vector<std::pair<int, int>> ranked;
      for (auto [c, n] : entity_docs) ranked.emplace_back(-n, c);
      std::sort(ranked.begin(), ranked.end());
      std::vector<std::string> names;
      for (size_t k = 0; k < ranked.size() && names.size() < 3; ++k) names.push_back(entities.clusters[ranked[k].second].name);
      std::vector<std::pair<float, uint32_t>> top;
      for (auto [t, w] : story_centre) top.emplace_back(-w, t);
      std::sort(top.begin(), top.end());
      std::vector<std::string> words;
      for (size_t k = 0; k < top.size() && words.size() < 3; ++k) {
        const std::string& w = terms.words[top[k].second];
        bool in_name = false;
        for (const auto& n : names) in_name |= utf8::lower(n).find(w) != std::string::npos;
        if (!in_name) words.push_back(w);
      }
      for (size_t k = 0; k < names.size(); ++k) story.title += (k ? ", " : "") + names[k];
      if (!words.empty()) {
        story.title += story.title.empty() ? "" : ": ";
        for (size_t k = 0; k < words.size(); ++k) story.title += (k ? ", " : "") + words[k];
      }
      if (story.title.empty()) story.title = doc_title(central);
    }

    // Timeline: dated sentences, merged when the same date says the same thing, sorted.
    struct Line {
      std::string date;
      int doc;
      Span span;
      Vec vec;
      double centrality;
    };
    std::vector<Line> lines;
    for (int d : story.documents) {
      const auto& a = docs[d];
      for (const auto& t : a.timeline) {
        if (t.grain != extract::Grain::kDay && t.grain != extract::Grain::kMonth && t.grain != extract::Grain::kWeek &&
            t.grain != extract::Grain::kYear) {
          continue;
        }
        std::map<uint32_t, float> tf;
        for (size_t si = 0; si < a.text.sentences.size(); ++si) {
          if (a.text.sentences[si].span.contains(t.sentence) || a.text.sentences[si].span == t.sentence) {
            count_terms(a, a.text.sentences[si].first_token, a.text.sentences[si].end_token, terms, tf);
            break;
          }
        }
        if (idf_of.size() < terms.words.size()) idf_of.resize(terms.words.size(), 1.0f);
        Vec v = weigh(tf, idf_of);
        bool merged = false;
        for (auto& l : lines) {
          if (l.date == t.date && dot(l.vec, v) > 0.5) {
            merged = true;
            break;
          }
        }
        if (!merged) lines.push_back({t.date, d, t.sentence, v, dot(v, story_centre)});
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
    for (const auto& l : lines) story.timeline.push_back({l.date, clip(l.span.in(docs[l.doc].doc.text), 240), l.doc, l.span});

    // Summary: central, non-redundant sentences from all documents (centroid + MMR).
    std::vector<Candidate> cands;
    for (int d : story.documents) {
      const auto& a = docs[d];
      const size_t skip = headline_sentences(a);
      for (size_t si = skip; si < a.text.sentences.size(); ++si) {
        size_t words = word_count(a, a.text.sentences[si]);
        if (words < 6 || words > 60) continue;
        std::map<uint32_t, float> tf;
        count_terms(a, a.text.sentences[si].first_token, a.text.sentences[si].end_token, terms, tf);
        if (idf_of.size() < terms.words.size()) idf_of.resize(terms.words.size(), 1.0f);
        cands.push_back({weigh(tf, idf_of), d, static_cast<int>(si), 1.0 / (1.0 + double(si - skip))});
      }
    }
    int n = std::clamp(options.summary_sentences + (story.documents.size() > 3 ? 1 : 0) - (story.documents.size() == 1 ? 1 : 0), 3, 5);
    std::vector<double> score(cands.size());
    for (size_t i = 0; i < cands.size(); ++i) score[i] = dot(cands[i].vec, story_centre) + 0.12 * cands[i].position;
    auto chosen = pick(cands, score, n, 0.75);
    std::stable_sort(chosen.begin(), chosen.end(), [&](const Candidate* a, const Candidate* b) {
      auto da = models[a->doc].day.value_or(INT32_MAX), db = models[b->doc].day.value_or(INT32_MAX);
      if (da != db) return da < db;
      if (a->doc != b->doc) return a->doc < b->doc;
      return a->sentence < b->sentence;
    });
    for (const Candidate* c : chosen) {
      Span sp = docs[c->doc].text.sentences[c->sentence].span;
      story.summary.push_back({clip(sp.in(docs[c->doc].doc.text), 100000), c->doc, sp});
    }
    stories.push_back(std::move(story));
  }
  return stories;
}

}  // namespace kabar::corpus
