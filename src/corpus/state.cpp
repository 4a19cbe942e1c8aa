#include "kabar/corpus/state.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "codec.h"

namespace kabar::corpus {

namespace {

constexpr uint8_t kRecordVersion = 2;  // 2: quote speakers
constexpr uint8_t kStateVersion = 1;
constexpr char kStateMagic[] = "KCS";  // kabar corpus state

using codec::put_fixed;
using codec::put_optional;
using codec::put_span;
using codec::put_string;
using codec::put_varint;
using codec::Reader;


}  // namespace

std::string encode(const DocRecord& r) {
  std::string out;
  out += static_cast<char>(kRecordVersion);
  put_string(out, r.id);
  // stories
  put_string(out, r.story.title);
  out += r.story.headline ? '\1' : '\0';
  put_optional(out, r.story.published);
  put_string(out, r.story.terms);
  put_varint(out, r.story.counts.size());
  for (uint32_t c : r.story.counts) put_varint(out, c);
  // dedup
  const Fingerprint& f = r.dedup.print;
  put_varint(out, f.shingles.size());
  for (uint32_t s : f.shingles) put_fixed(out, s);
  put_varint(out, f.sampled.size());
  for (uint64_t s : f.sampled) put_fixed(out, s);
  for (uint64_t b : f.bands) put_fixed(out, b);
  put_varint(out, f.unique_shingles);
  put_fixed(out, f.content_hash);
  put_string(out, r.dedup.words);
  put_varint(out, r.dedup.paragraphs.size());
  for (const Span& p : r.dedup.paragraphs) put_span(out, p);
  // entities and claims
  encode_mentions(r.mentions, out);
  encode_candidates(r.claims, out);
  put_varint(out, r.quotes.size());
  for (const auto& q : r.quotes) {
    put_varint(out, static_cast<uint64_t>(q.speaker_mention + 1));
    put_optional(out, q.speaker);
  }
  return out;
}

Result<DocRecord> decode(std::string_view bytes) {
  auto bad = [&](const char* what) {
    return Error{std::string("corpus record: ") + what + " (" + std::to_string(bytes.size()) + " bytes)"};
  };
  if (bytes.empty()) return bad("empty");
  if (static_cast<uint8_t>(bytes[0]) != kRecordVersion) return bad("unknown version");
  Reader in(bytes.substr(1));
  DocRecord r;
  size_t n = 0;
  if (!in.string(r.id) || !in.string(r.story.title) || !in.flag(r.story.headline) || !in.optional(r.story.published) ||
      !in.string(r.story.terms) || !in.count(n)) {
    return bad("truncated or malformed story part");
  }
  r.story.counts.resize(n);
  for (auto& c : r.story.counts) {
    if (!in.u32(c)) return bad("truncated term counts");
  }
  if (static_cast<size_t>(std::count(r.story.terms.begin(), r.story.terms.end(), '\0')) != n ||
      (!r.story.terms.empty() && r.story.terms.back() != '\0')) {
    return bad("terms and counts do not match");
  }
  Fingerprint& f = r.dedup.print;
  if (!in.count(n, 4)) return bad("truncated shingles");
  f.shingles.resize(n);
  for (auto& s : f.shingles) in.fixed(s);
  if (!in.count(n, 8)) return bad("truncated sampled shingles");
  f.sampled.resize(n);
  for (auto& s : f.sampled) in.fixed(s);
  for (auto& b : f.bands) {
    if (!in.fixed(b)) return bad("truncated band keys");
  }
  if (!in.u32(f.unique_shingles) || !in.fixed(f.content_hash) || !in.string(r.dedup.words) || !in.count(n, 2)) {
    return bad("truncated fingerprint");
  }
  if (f.unique_shingles > f.shingles.size()) return bad("more unique shingles than shingles");
  std::vector<Span> words;
  if (!decode_word_spans(r.dedup.words, words) || words.size() < f.shingles.size()) return bad("malformed word spans");
  r.dedup.paragraphs.resize(n);
  for (auto& p : r.dedup.paragraphs) {
    if (!in.span(p)) return bad("truncated paragraphs");
  }
  std::string_view rest = in.rest();
  if (!decode_mentions(rest, r.mentions)) return bad("truncated or malformed entity mentions");
  if (!decode_candidates(rest, r.claims)) return bad("truncated or malformed claim candidates");
  Reader quotes(rest);
  if (!quotes.count(n, 2)) return bad("truncated quotes");
  r.quotes.resize(n);
  for (auto& q : r.quotes) {
    uint32_t mention = 0;
    if (!quotes.u32(mention) || !quotes.optional(q.speaker)) return bad("truncated quotes");
    if (mention > r.mentions.size()) return bad("quote speaker is no mention");
    q.speaker_mention = static_cast<int>(mention) - 1;
  }
  rest = quotes.rest();
  if (!rest.empty()) return bad("trailing bytes");
  return r;
}

struct CorpusState::Impl {
  std::shared_ptr<const CorpusAnalyzer> analyzer;
  std::deque<DocRecord> records;
  std::unordered_map<std::string, size_t> index_of;  // content id → first record with it
  DuplicateIndex dedup;
  StoryClustering stories;
  std::vector<DuplicatePair> duplicates;
  mutable std::optional<EntityIndex> entities;  // of the current records, computed when needed
  mutable MentionForms forms;                   // normalised names, kept across batches
  mutable ClaimGroups claim_groups;             // claims per counted noun, kept across batches
  std::vector<Claim> claims;                      // of the current records and stories
  bool claims_current = false;

  explicit Impl(std::shared_ptr<const CorpusAnalyzer> a)
      : analyzer(std::move(a)), stories(analyzer->story_builder()) {}

  const EntityIndex& resolve() const;
  std::vector<std::vector<int>> entity_sets(const EntityIndex& index) const;
  std::vector<Claim> group_claims() const;
  void append(DocRecord r);
  void grow(size_t first, const StoryClustering::Loader& load);
};

void CorpusState::Impl::append(DocRecord r) {
  const size_t i = records.size();
  index_of.emplace(r.id, i);
  records.push_back(std::move(r));
  stories.append(records.back().story);
}

const EntityIndex& CorpusState::Impl::resolve() const {
  if (!entities) {
    std::vector<DocMentions> mentions;
    mentions.reserve(records.size());
    for (const auto& r : records) mentions.push_back({r.id, &r.mentions});
    entities = analyzer->resolver().resolve(mentions, forms);
  }
  return *entities;
}

std::vector<std::vector<int>> CorpusState::Impl::entity_sets(const EntityIndex& index) const {
  std::vector<std::vector<int>> out(records.size());
  for (size_t d = 0; d < records.size() && d < index.of_mention.size(); ++d) {
    const auto& mentions = records[d].mentions;
    for (size_t m = 0; m < mentions.size() && m < index.of_mention[d].size(); ++m) {
      const int c = index.of_mention[d][m];
      if (c >= 0 && mentions[m].type != extract::EntityType::kMisc) out[d].push_back(c);
    }
    std::sort(out[d].begin(), out[d].end());
    out[d].erase(std::unique(out[d].begin(), out[d].end()), out[d].end());
  }
  return out;
}

CorpusState::CorpusState(std::shared_ptr<const CorpusAnalyzer> analyzer)
    : impl_(std::make_unique<Impl>(std::move(analyzer))) {}
CorpusState::~CorpusState() = default;
CorpusState::CorpusState(CorpusState&&) noexcept = default;
CorpusState& CorpusState::operator=(CorpusState&&) noexcept = default;

DocRecord CorpusState::record(const extract::Analysis& doc) const {
  DocRecord r;
  r.id = doc.doc.id;
  r.story = impl_->analyzer->story_builder().story_doc(doc);
  r.dedup = dedup_print(doc);
  r.mentions = doc.entities;
  r.claims = impl_->analyzer->claim_builder().candidates(doc);
  r.quotes.reserve(doc.quotes.size());
  for (const auto& q : doc.quotes) {
    extract::Quote kept;
    kept.speaker = q.speaker;
    kept.speaker_mention = q.speaker_mention;
    r.quotes.push_back(std::move(kept));
  }
  return r;
}

size_t CorpusState::size() const { return impl_->records.size(); }
const DocRecord& CorpusState::record(size_t i) const { return impl_->records.at(i); }
std::vector<int> CorpusState::story_of_document() const { return impl_->stories.story_of_document(); }

void CorpusState::add(const std::vector<const extract::Analysis*>& docs, const Loader& load, Repeats repeats) {
  Impl& m = *impl_;
  const size_t first = m.records.size();
  std::vector<const extract::Analysis*> batch;  // by index - first
  for (const extract::Analysis* a : docs) {
    if (!a) continue;
    if (repeats == Repeats::kSkip && m.index_of.count(a->doc.id)) continue;
    m.append(record(*a));
    batch.push_back(a);
  }
  if (batch.empty()) return;
  m.grow(first, [&](int d) -> std::shared_ptr<const extract::Analysis> {
    if (d < 0 || static_cast<size_t>(d) >= m.records.size()) return nullptr;
    if (static_cast<size_t>(d) >= first) {
      return std::shared_ptr<const extract::Analysis>(batch[d - first], [](const extract::Analysis*) {});
    }
    if (!load) return nullptr;
    auto a = load(m.records[d].id);
    if (!a) return nullptr;
    return std::make_shared<const extract::Analysis>(std::move(*a));
  });
}

void CorpusState::add_records(std::vector<DocRecord> records, const Loader& load) {
  Impl& m = *impl_;
  const size_t first = m.records.size();
  for (auto& r : records) {
    if (m.index_of.count(r.id)) continue;
    m.append(std::move(r));
  }
  if (m.records.size() == first) return;
  m.grow(first, [&](int d) -> std::shared_ptr<const extract::Analysis> {
    if (d < 0 || static_cast<size_t>(d) >= m.records.size() || !load) return nullptr;
    auto a = load(m.records[d].id);
    if (!a) return nullptr;
    return std::make_shared<const extract::Analysis>(std::move(*a));
  });
}

// The cross-document steps for the records from `first` on, just appended.
void CorpusState::Impl::grow(size_t first, const StoryClustering::Loader& load) {
  std::vector<std::pair<int, int>> near;
  for (size_t i = first; i < records.size(); ++i) {
    auto found = dedup.add(static_cast<int>(i), records[i].dedup);
    for (auto& p : found) {
      if (p.near_duplicate) near.emplace_back(p.a, p.b);
      duplicates.push_back(std::move(p));
    }
  }
  entities.reset();
  const EntityIndex& index = resolve();
  stories.update(first, entity_sets(index), index, near, load);
  claims = group_claims();
  claims_current = true;
}

std::optional<size_t> CorpusState::saved_document_count(std::string_view saved) {
  const size_t magic = sizeof(kStateMagic) - 1;
  if (saved.size() < magic + 1 || saved.substr(0, magic) != kStateMagic) return std::nullopt;
  if (static_cast<uint8_t>(saved[magic]) != kStateVersion) return std::nullopt;
  Reader in(saved.substr(magic + 1));
  size_t n = 0;
  if (!in.count(n)) return std::nullopt;
  return n;
}

std::vector<Claim> CorpusState::Impl::group_claims() const {
  std::vector<const std::vector<ClaimCandidate>*> candidates;
  candidates.reserve(records.size());
  for (const auto& r : records) candidates.push_back(&r.claims);
  return analyzer->claim_builder().group(candidates, resolve(), stories.story_of_document(),
                                         claim_groups);
}

CorpusAnalysis CorpusState::analysis() const {
  CorpusAnalysis out;
  out.entities = impl_->resolve();
  out.duplicates = impl_->duplicates;
  out.stories = impl_->stories.stories();
  out.claims = impl_->claims_current ? impl_->claims : impl_->group_claims();
  return out;
}

std::string CorpusState::save() const {
  const Impl& m = *impl_;
  std::string out(kStateMagic);
  out += static_cast<char>(kStateVersion);
  put_varint(out, m.records.size());
  for (const auto& r : m.records) put_string(out, r.id);
  const auto snap = m.stories.snapshot();
  put_varint(out, snap.events.size());
  for (size_t e = 0; e < snap.events.size(); ++e) {
    put_varint(out, snap.story_of_event[e]);
    put_varint(out, snap.events[e].size());
    for (int d : snap.events[e]) put_varint(out, d);
  }
  put_varint(out, snap.stories.size());
  for (const auto& s : snap.stories) {
    put_string(out, s.id);
    put_string(out, s.title);
    put_varint(out, s.summary.size());
    for (const auto& x : s.summary) {
      put_string(out, x.text);
      put_varint(out, x.document);
      put_span(out, x.span);
    }
    put_varint(out, s.timeline.size());
    for (const auto& x : s.timeline) {
      put_string(out, x.date);
      put_string(out, x.text);
      put_varint(out, x.document);
      put_span(out, x.span);
    }
  }
  put_varint(out, m.duplicates.size());
  for (const auto& p : m.duplicates) {
    put_varint(out, p.a);
    put_varint(out, p.b);
    out += static_cast<char>((p.exact ? 1 : 0) | (p.near_duplicate ? 2 : 0));
    put_fixed(out, p.jaccard);
    put_fixed(out, p.containment);
    put_varint(out, p.paragraphs_of_a_repeated);
    put_varint(out, p.passages.size());
    for (const auto& x : p.passages) {
      put_span(out, x.a);
      put_span(out, x.b);
      put_varint(out, x.tokens);
    }
  }
  return out;
}

Status CorpusState::restore(std::vector<DocRecord> records, std::string_view saved) {
  if (!impl_->records.empty()) return Error{"corpus state: restore needs an empty state"};
  auto bad = [&](const std::string& what) {
    impl_ = std::make_unique<Impl>(impl_->analyzer);
    return Error{"corpus state: " + what};
  };
  const size_t n_records = records.size();
  if (saved.empty() && n_records == 0) return Ok{};
  const size_t magic = sizeof(kStateMagic) - 1;
  if (saved.size() < magic + 1 || saved.substr(0, magic) != kStateMagic) return bad("not a saved corpus state");
  if (static_cast<uint8_t>(saved[magic]) != kStateVersion) return bad("unknown version");
  Reader in(saved.substr(magic + 1));
  Impl& m = *impl_;
  for (auto& r : records) {
    if (m.index_of.count(r.id)) return bad("two records with id " + r.id);
    m.append(std::move(r));
  }
  // Saved document numbers → record indexes, through the content ids.
  size_t n = 0;
  if (!in.count(n)) return bad("truncated id table");
  if (n != n_records) return bad("saved for " + std::to_string(n) + " documents, " + std::to_string(n_records) + " records given");
  std::vector<int> doc(n);
  std::vector<char> seen(n_records, 0);
  for (size_t i = 0; i < n; ++i) {
    std::string id;
    if (!in.string(id)) return bad("truncated id table");
    auto it = m.index_of.find(id);
    if (it == m.index_of.end()) return bad("no record for saved document " + id);
    if (seen[it->second]++) return bad("document " + id + " saved twice");
    doc[i] = static_cast<int>(it->second);
  }
  auto get_doc = [&](int& d) {
    uint32_t x = 0;
    if (!in.u32(x) || x >= doc.size()) return false;
    d = doc[x];
    return true;
  };
  StoryClustering::Snapshot snap;
  if (!in.count(n, 2)) return bad("truncated events");
  snap.events.resize(n);
  snap.story_of_event.resize(n);
  for (size_t e = 0; e < snap.events.size(); ++e) {
    size_t k = 0;
    if (!in.i32(snap.story_of_event[e]) || !in.count(k)) return bad("truncated events");
    snap.events[e].resize(k);
    for (int& d : snap.events[e]) {
      if (!get_doc(d)) return bad("truncated or malformed events");
    }
  }
  if (!in.count(n, 4)) return bad("truncated stories");
  snap.stories.resize(n);
  for (auto& s : snap.stories) {
    size_t k = 0;
    if (!in.string(s.id) || !in.string(s.title) || !in.count(k, 3)) return bad("truncated stories");
    s.summary.resize(k);
    for (auto& x : s.summary) {
      if (!in.string(x.text) || !get_doc(x.document) || !in.span(x.span)) return bad("truncated summaries");
    }
    if (!in.count(k, 4)) return bad("truncated stories");
    s.timeline.resize(k);
    for (auto& x : s.timeline) {
      if (!in.string(x.date) || !in.string(x.text) || !get_doc(x.document) || !in.span(x.span)) {
        return bad("truncated timelines");
      }
    }
  }
  if (!in.count(n, 21)) return bad("truncated duplicate pairs");
  m.duplicates.resize(n);
  for (auto& p : m.duplicates) {
    uint8_t flags = 0;
    size_t k = 0;
    if (!get_doc(p.a) || !get_doc(p.b) || !in.byte(flags) || flags > 3 || !in.fixed(p.jaccard) ||
        !in.fixed(p.containment) || !in.i32(p.paragraphs_of_a_repeated) || !in.count(k, 5)) {
      return bad("truncated or malformed duplicate pairs");
    }
    p.exact = flags & 1;
    p.near_duplicate = flags & 2;
    p.passages.resize(k);
    for (auto& x : p.passages) {
      if (!in.span(x.a) || !in.span(x.b) || !in.u32(x.tokens)) return bad("truncated passages");
    }
  }
  if (!in.done()) return bad("trailing bytes");
  // Story documents and events follow from the membership (as update() builds them).
  std::map<int, std::vector<int>> events_of_story;
  for (size_t e = 0; e < snap.events.size(); ++e) events_of_story[snap.story_of_event[e]].push_back(static_cast<int>(e));
  for (auto& s : snap.stories) {
    const int number = s.id.size() > 1 && s.id[0] == 'S' ? std::atoi(s.id.c_str() + 1) : 0;
    auto it = events_of_story.find(number);
    if (it == events_of_story.end()) return bad("story " + s.id + " has no event");
    for (int e : it->second) {
      Event ev;
      ev.id = "V" + std::to_string(e + 1);
      ev.documents = snap.events[e];
      std::sort(ev.documents.begin(), ev.documents.end());
      ev.title = m.records[snap.events[e].front()].story.title;
      for (int d : snap.events[e]) {
        const auto& published = m.records[d].story.published;
        if (published && (!ev.date || *published < *ev.date)) ev.date = published;
        s.documents.push_back(d);
      }
      s.events.push_back(std::move(ev));
    }
    std::sort(s.documents.begin(), s.documents.end());
    std::stable_sort(s.events.begin(), s.events.end(), [](const Event& a, const Event& b) {
      return a.date.value_or("9999") < b.date.value_or("9999");
    });
  }
  if (auto st = m.stories.restore(std::move(snap)); !st) return bad(st.error().message);
  for (size_t i = 0; i < m.records.size(); ++i) m.dedup.insert(static_cast<int>(i), m.records[i].dedup);
  return Ok{};
}

size_t CorpusState::bytes() const {
  const Impl& m = *impl_;
  size_t n = m.dedup.bytes() + m.stories.bytes() + m.index_of.size() * 64 +
             m.duplicates.capacity() * sizeof(DuplicatePair);
  for (const auto& p : m.duplicates) n += p.passages.capacity() * sizeof(SharedPassage);
  for (const auto& r : m.records) {
    n += sizeof(DocRecord) + r.id.capacity() + r.story.title.capacity() + r.story.terms.capacity() +
         r.story.counts.capacity() * sizeof(uint32_t) + r.mentions.capacity() * sizeof(extract::EntityMention);
    for (const auto& x : r.mentions) n += x.text.capacity() > 15 ? x.text.capacity() : 0;
    n += r.claims.capacity() * sizeof(ClaimCandidate);
    for (const auto& c : r.claims) n += c.text.capacity() + c.phrase.capacity() + c.unit.capacity();
  }
  return n;
}

}  // namespace kabar::corpus
