#include "kabar/corpus/dedup.h"

#include <algorithm>

#include "kabar/core/hash.h"

namespace kabar::corpus {

namespace {

constexpr int kShingle = 5;
constexpr uint64_t kSampleMask = 3;        // keep 1 in 4 shingles for the passage index
constexpr size_t kMaxPostings = 200;       // a shingle in more documents is boilerplate

// Case-folded hash of one token without allocating (ASCII folded; other bytes as they are).
uint64_t token_hash(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    if (c >= 'A' && c <= 'Z') c += 32;
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

struct Permutations {
  std::array<uint64_t, Fingerprint::kHashes> a{}, b{};
  Permutations() {
    uint64_t s = 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < Fingerprint::kHashes; ++i) {
      a[i] = mix(s += 0x9e3779b97f4a7c15ULL) | 1;
      b[i] = mix(s += 0x9e3779b97f4a7c15ULL);
    }
  }
};
const Permutations kPerm;

}  // namespace

Fingerprint fingerprint(const extract::Analysis& a) {
  Fingerprint f;
  std::vector<uint64_t> words;
  const auto& toks = a.text.tokens;
  words.reserve(toks.size());
  for (uint32_t i = 0; i < toks.size(); ++i) {
    if (toks[i].kind != text::TokenKind::kWord && toks[i].kind != text::TokenKind::kNumber) continue;
    words.push_back(token_hash(toks[i].in(a.doc.text)));
  }
  uint64_t content = 0x84222325cbf29ce4ULL;
  for (uint64_t w : words) content = mix(content ^ w);
  f.content_hash = content;
  std::vector<uint64_t> full;
  if (words.size() < static_cast<size_t>(kShingle)) {
    if (!words.empty()) full.push_back(content);
  } else {
    full.reserve(words.size() - kShingle + 1);
    for (size_t i = 0; i + kShingle <= words.size(); ++i) {
      uint64_t h = 0;
      for (int k = 0; k < kShingle; ++k) h = mix(h ^ (words[i + k] + k));
      full.push_back(h);
    }
  }
  if (full.empty()) return f;
  f.shingles.reserve(full.size());
  for (uint64_t s : full) {
    f.shingles.push_back(static_cast<uint32_t>(s >> 32));
    if ((s & kSampleMask) == 0) f.sampled.push_back(s);
  }
  std::sort(f.sampled.begin(), f.sampled.end());
  f.sampled.erase(std::unique(f.sampled.begin(), f.sampled.end()), f.sampled.end());
  std::vector<uint32_t> distinct(f.shingles);
  std::sort(distinct.begin(), distinct.end());
  f.unique_shingles = static_cast<uint32_t>(std::unique(distinct.begin(), distinct.end()) - distinct.begin());
  // MinHash over the distinct shingles (a repeated shingle cannot lower a minimum again).
  std::sort(full.begin(), full.end());
  full.erase(std::unique(full.begin(), full.end()), full.end());
  std::array<uint64_t, Fingerprint::kHashes> minhash;
  minhash.fill(~0ULL);
  for (uint64_t s : full) {
    for (int i = 0; i < Fingerprint::kHashes; ++i) {
      uint64_t v = s * kPerm.a[i] + kPerm.b[i];
      minhash[i] = std::min(minhash[i], v);
    }
  }
  constexpr int kRows = Fingerprint::kHashes / Fingerprint::kBands;
  for (int b = 0; b < Fingerprint::kBands; ++b) {
    uint64_t h = mix(static_cast<uint64_t>(b) + 1);
    for (int r = 0; r < kRows; ++r) h = mix(h ^ minhash[b * kRows + r]);
    f.bands[b] = h;
  }
  return f;
}

// ---- PostingTable ------------------------------------------------------------------------------

namespace {
// A key's tag: its high 32 bits, lowest bit set (0 marks an empty slot); the slot is chosen by
// the tag's other bits, so that the table can grow without keeping the keys.
uint32_t tag_of(uint64_t key) { return static_cast<uint32_t>(key >> 32) | 1u; }
}  // namespace

const PostingTable::Slot* PostingTable::find(uint64_t key) const {
  if (slots_.empty()) return nullptr;
  const size_t mask = slots_.size() - 1;
  const uint32_t tag = tag_of(key);
  for (size_t i = (tag >> 1) & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.tag == 0) return nullptr;
    if (s.tag == tag) return &s;
  }
}

uint32_t PostingTable::count(uint64_t key) const {
  const Slot* s = find(key);
  return s ? s->count : 0;
}

void PostingTable::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& o : old) {
    if (o.tag == 0) continue;
    size_t i = (o.tag >> 1) & mask;
    while (slots_[i].tag != 0) i = (i + 1) & mask;
    slots_[i] = o;
  }
}

void PostingTable::add(uint64_t key, int doc, uint32_t cap) {
  if ((used_ + 1) * 10 > slots_.size() * 7) grow();
  const size_t mask = slots_.size() - 1;
  const uint32_t tag = tag_of(key);
  size_t i = (tag >> 1) & mask;
  while (slots_[i].tag != 0 && slots_[i].tag != tag) i = (i + 1) & mask;
  Slot& s = slots_[i];
  if (s.tag == 0) {
    s.tag = tag;
    ++used_;
  }
  if (s.count++ < cap) {
    pool_.push_back({doc, s.head});
    s.head = static_cast<uint32_t>(pool_.size());
  }
}

// ---- alignment -------------------------------------------------------------------------------

namespace {

// A shared run of shingles: first shingle in a and in b, and its length in words.
struct Run {
  uint32_t a = 0, b = 0, words = 0;
};

// Shared runs of shingles between a and b (`positions_in_b(x, f)` calls f with each position of
// shingle x in b, in increasing order), greedily: at each position of a, the longest run
// starting there (the first such in b).
template <class PositionsInB>
std::vector<Run> align(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b, PositionsInB&& positions_in_b,
                       uint32_t min_tokens) {
  std::vector<Run> out;
  const size_t na = a.size(), nb = b.size();
  size_t i = 0;
  while (i < na) {
    size_t best_len = 0, best_j = 0;
    bool found = false;
    positions_in_b(a[i], [&](size_t j) {
      found = true;
      size_t len = 0;
      while (i + len < na && j + len < nb && a[i + len] == b[j + len]) ++len;
      if (len > best_len) {
        best_len = len;
        best_j = j;
      }
    });
    if (!found) {
      ++i;
      continue;
    }
    const uint32_t words = static_cast<uint32_t>(best_len + kShingle - 1);
    if (words >= min_tokens) out.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(best_j), words});
    i += std::max<size_t>(best_len, 1);
  }
  return out;
}

Span words_span(const std::vector<Span>& words, size_t first, size_t count) {
  const size_t last = std::min(first + count - 1, words.size() - 1);
  return Span{words[first].start, words[last].end};
}

int paragraphs_covered(const std::vector<Span>& paragraphs, const std::vector<SharedPassage>& passages) {
  int covered = 0;
  for (const Span& p : paragraphs) {
    uint32_t overlap = 0;
    for (const auto& s : passages) {
      uint32_t lo = std::max(p.start, s.a.start), hi = std::min(p.end, s.a.end);
      if (hi > lo) overlap += hi - lo;
    }
    if (p.size() > 0 && overlap * 10 >= p.size() * 6) ++covered;
  }
  return covered;
}

void put_varint(std::string& out, uint32_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

bool get_varint(std::string_view s, size_t& pos, uint32_t& v) {
  v = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (pos >= s.size()) return false;
    const auto b = static_cast<unsigned char>(s[pos++]);
    v |= static_cast<uint32_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

}  // namespace

DedupPrint dedup_print(const extract::Analysis& a) {
  DedupPrint p;
  p.print = fingerprint(a);
  uint32_t prev = 0;
  for (const auto& t : a.text.tokens) {
    if (t.kind != text::TokenKind::kWord && t.kind != text::TokenKind::kNumber) continue;
    put_varint(p.words, t.start - std::min(prev, t.start));
    put_varint(p.words, t.end - t.start);
    prev = t.end;
  }
  p.paragraphs.reserve(a.text.paragraphs.size());
  for (const auto& par : a.text.paragraphs) p.paragraphs.push_back(par.span);
  return p;
}

bool decode_word_spans(std::string_view words, std::vector<Span>& out) {
  out.clear();
  uint32_t prev = 0;
  for (size_t pos = 0; pos < words.size();) {
    uint32_t gap = 0, len = 0;
    if (!get_varint(words, pos, gap) || !get_varint(words, pos, len)) return false;
    const uint64_t start = uint64_t{prev} + gap, end = start + len;
    if (end > UINT32_MAX) return false;
    out.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(end)});
    prev = static_cast<uint32_t>(end);
  }
  return true;
}

std::vector<DuplicatePair> DuplicateIndex::add(int index, const extract::Analysis& doc) {
  owned_.push_back(dedup_print(doc));
  return add(index, owned_.back());
}

void DuplicateIndex::insert(int index, const DedupPrint& doc) {
  const Fingerprint& f = doc.print;
  const int me = static_cast<int>(prints_.size());
  if (!f.shingles.empty()) {
    for (uint64_t h : f.bands) bands_.add(h, me);
  }
  for (uint64_t s : f.sampled) sampled_.add(s, me, kMaxPostings);
  exact_.emplace(f.content_hash, me);
  prints_.push_back(&doc);
  ids_.push_back(index);
}

std::vector<DuplicatePair> DuplicateIndex::add(int index, const DedupPrint& doc) {
  const Fingerprint& f = doc.print;
  std::vector<int> candidates;
  if (auto it = exact_.find(f.content_hash); it != exact_.end() && !f.shingles.empty()) {
    candidates.push_back(it->second);
  }
  // LSH: documents agreeing on all rows of any band.
  if (!f.shingles.empty()) {
    for (uint64_t h : f.bands) bands_.for_each(h, [&](int d) { candidates.push_back(d); });
  }
  // Sampled shingles: documents sharing copied passages though not near-duplicates overall
  // (two samples or more in common); a sample in kMaxPostings documents or more is boilerplate.
  seen_.resize(prints_.size() + 1, 0);
  std::vector<int> touched;
  for (uint64_t s : f.sampled) {
    if (sampled_.count(s) >= kMaxPostings) continue;
    sampled_.for_each(s, [&](int d) {
      if (seen_[d]++ == 0) touched.push_back(d);
    });
  }
  for (int d : touched) {
    if (seen_[d] >= 2) candidates.push_back(d);
    seen_[d] = 0;
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  std::vector<DuplicatePair> pairs;
  std::vector<uint32_t> mine(f.shingles);
  std::sort(mine.begin(), mine.end());
  mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
  // Open-addressing table: shingle → its index in `mine` (-1: empty slot).
  size_t table_size = 16;
  while (table_size < mine.size() * 2) table_size *= 2;
  const size_t table_mask = table_size - 1;
  std::vector<uint32_t> table_key(table_size, 0);
  std::vector<int32_t> table_index(table_size, -1);
  auto slot_hash = [](uint32_t x) { return static_cast<size_t>((x * 0x9e3779b1u) >> 7); };
  for (size_t k = 0; k < mine.size(); ++k) {
    size_t i = slot_hash(mine[k]) & table_mask;
    while (table_index[i] >= 0) i = (i + 1) & table_mask;
    table_key[i] = mine[k];
    table_index[i] = static_cast<int32_t>(k);
  }
  auto index_of = [&](uint32_t x) -> int32_t {
    for (size_t i = slot_hash(x) & table_mask;; i = (i + 1) & table_mask) {
      if (table_index[i] < 0) return -1;
      if (table_key[i] == x) return table_index[i];
    }
  };
  std::vector<uint32_t> mark(mine.size(), 0);
  std::vector<uint32_t> my_positions;  // my shingle positions grouped by shingle (as in `mine`)
  std::vector<uint32_t> first_position;  // per entry of `mine`: its first index in my_positions
  std::vector<Span> my_words, their_words;
  uint32_t stamp = 0;
  for (int c : candidates) {
    const Fingerprint& g = prints_[c]->print;
    ++stamp;
    size_t inter = 0;
    for (uint32_t s : g.shingles) {
      const int32_t k = index_of(s);
      if (k < 0) continue;
      uint32_t& m = mark[k];
      if (m != stamp) m = stamp, ++inter;
    }
    const size_t uni = mine.size() + g.unique_shingles - inter;
    const size_t smaller = std::min<size_t>(mine.size(), g.unique_shingles);
    DuplicatePair p;
    p.a = ids_[c];
    p.b = index;
    p.jaccard = uni ? static_cast<double>(inter) / uni : 0;
    p.containment = smaller ? static_cast<double>(inter) / smaller : 0;
    p.exact = g.content_hash == f.content_hash;
    p.near_duplicate = p.exact || p.jaccard >= options_.near_duplicate_threshold;
    if (!p.near_duplicate && p.containment < options_.passage_containment) continue;
    if (my_positions.empty() && !f.shingles.empty()) {  // counting sort of positions by shingle
      if (!decode_word_spans(doc.words, my_words)) my_words.clear();
      first_position.assign(mine.size() + 1, 0);
      std::vector<int32_t> of(f.shingles.size());
      for (size_t j = 0; j < f.shingles.size(); ++j) ++first_position[(of[j] = index_of(f.shingles[j])) + 1];
      for (size_t k = 0; k < mine.size(); ++k) first_position[k + 1] += first_position[k];
      my_positions.resize(f.shingles.size());
      std::vector<uint32_t> fill(first_position.begin(), first_position.end() - 1);
      for (size_t j = 0; j < f.shingles.size(); ++j) my_positions[fill[of[j]]++] = static_cast<uint32_t>(j);
    }
    const auto runs = align(g.shingles, f.shingles, [&](uint32_t x, auto&& each) {
      const int32_t k = index_of(x);
      if (k < 0) return;
      for (uint32_t p = first_position[k]; p < first_position[k + 1]; ++p) each(my_positions[p]);
    }, options_.min_passage_tokens);
    // Word spans that do not cover the shingles (a malformed print) give no passages.
    if (!runs.empty() && decode_word_spans(prints_[c]->words, their_words) &&
        g.shingles.size() <= their_words.size() && f.shingles.size() <= my_words.size()) {
      for (const Run& r : runs) {
        p.passages.push_back({words_span(their_words, r.a, r.words), words_span(my_words, r.b, r.words), r.words});
      }
    }
    if (!p.near_duplicate && p.passages.empty()) continue;
    p.paragraphs_of_a_repeated = paragraphs_covered(prints_[c]->paragraphs, p.passages);
    pairs.push_back(std::move(p));
  }
  insert(index, doc);
  return pairs;
}

size_t DuplicateIndex::bytes() const {
  size_t n = bands_.bytes() + sampled_.bytes() + prints_.capacity() * sizeof(void*) + ids_.capacity() * sizeof(int) +
             seen_.capacity() * sizeof(uint32_t) +
             exact_.size() * (sizeof(std::pair<uint64_t, int>) + 2 * sizeof(void*)) + exact_.bucket_count() * sizeof(void*);
  for (const DedupPrint* p : prints_) {
    n += sizeof(DedupPrint) + p->print.shingles.capacity() * sizeof(uint32_t) +
         p->print.sampled.capacity() * sizeof(uint64_t) + p->words.capacity() + p->paragraphs.capacity() * sizeof(Span);
  }
  return n;
}

std::vector<DuplicatePair> find_duplicates(const std::vector<extract::Analysis>& docs, DedupOptions options) {
  DuplicateIndex index(options);
  std::vector<DuplicatePair> all;
  for (size_t i = 0; i < docs.size(); ++i) {
    auto found = index.add(static_cast<int>(i), docs[i]);
    all.insert(all.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  return all;
}

}  // namespace kabar::corpus
