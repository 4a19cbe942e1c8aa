#include "kabar/corpus/dedup.h"

#include <algorithm>
#include <unordered_set>

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
  for (uint32_t i = 0; i < toks.size(); ++i) {
    if (toks[i].kind != text::TokenKind::kWord && toks[i].kind != text::TokenKind::kNumber) continue;
    words.push_back(token_hash(toks[i].in(a.doc.text)));
    f.word_tokens.push_back(i);
  }
  uint64_t content = 0x84222325cbf29ce4ULL;
  for (uint64_t w : words) content = mix(content ^ w);
  f.content_hash = content;
  f.minhash.fill(~0ULL);
  if (words.size() < static_cast<size_t>(kShingle)) {
    if (!words.empty()) {
      f.shingles.push_back(content);
      f.first_token.push_back(0);
    }
  } else {
    for (size_t i = 0; i + kShingle <= words.size(); ++i) {
      uint64_t h = 0;
      for (int k = 0; k < kShingle; ++k) h = mix(h ^ (words[i + k] + k));
      f.shingles.push_back(h);
      f.first_token.push_back(static_cast<uint32_t>(i));
    }
  }
  for (uint64_t s : f.shingles) {
    for (int i = 0; i < Fingerprint::kHashes; ++i) {
      uint64_t v = s * kPerm.a[i] + kPerm.b[i];
      if (v < f.minhash[i]) f.minhash[i] = v;
    }
  }
  return f;
}

namespace {

// Shared runs of shingles between a and b, as spans of word positions, greedily longest first.
std::vector<SharedPassage> align(const Fingerprint& fa, const extract::Analysis& da, const Fingerprint& fb,
                                 const extract::Analysis& db, uint32_t min_tokens) {
  std::unordered_map<uint64_t, std::vector<uint32_t>> in_b;
  for (uint32_t j = 0; j < fb.shingles.size(); ++j) in_b[fb.shingles[j]].push_back(j);
  std::vector<SharedPassage> out;
  const size_t na = fa.shingles.size(), nb = fb.shingles.size();
  size_t i = 0;
  while (i < na) {
    auto it = in_b.find(fa.shingles[i]);
    if (it == in_b.end()) {
      ++i;
      continue;
    }
    size_t best_len = 0, best_j = 0;
    for (uint32_t j : it->second) {
      size_t len = 0;
      while (i + len < na && j + len < nb && fa.shingles[i + len] == fb.shingles[j + len]) ++len;
      if (len > best_len) {
        best_len = len;
        best_j = j;
      }
    }
    const uint32_t words = static_cast<uint32_t>(best_len + kShingle - 1);
    if (words >= min_tokens) {
      auto span_of = [](const Fingerprint& f, const extract::Analysis& d, size_t first, size_t count) {
        const auto& t = d.text.tokens;
        uint32_t s = t[f.word_tokens[f.first_token[first]]].start;
        size_t last_word = std::min(f.first_token[first] + count - 1, f.word_tokens.size() - 1);
        uint32_t e = t[f.word_tokens[last_word]].end;
        return Span{s, e};
      };
      out.push_back({span_of(fa, da, i, words), span_of(fb, db, best_j, words), words});
    }
    i += std::max<size_t>(best_len, 1);
  }
  return out;
}

int paragraphs_covered(const extract::Analysis& a, const std::vector<SharedPassage>& passages) {
  int covered = 0;
  for (const auto& p : a.text.paragraphs) {
    uint32_t overlap = 0;
    for (const auto& s : passages) {
      uint32_t lo = std::max(p.span.start, s.a.start), hi = std::min(p.span.end, s.a.end);
      if (hi > lo) overlap += hi - lo;
    }
    if (p.span.size() > 0 && overlap * 10 >= p.span.size() * 6) ++covered;
  }
  return covered;
}

}  // namespace

std::vector<DuplicatePair> DuplicateIndex::add(int index, const extract::Analysis& doc) {
  Fingerprint f = fingerprint(doc);
  const int me = static_cast<int>(prints_.size());
  std::vector<int> candidates;
  if (auto it = exact_.find(f.content_hash); it != exact_.end() && !f.shingles.empty()) {
    candidates.push_back(it->second);
  }
  // LSH: documents agreeing on all rows of any band.
  constexpr int kRows = Fingerprint::kHashes / Fingerprint::kBands;
  std::vector<uint64_t> band_keys;
  if (!f.shingles.empty()) {
    for (int b = 0; b < Fingerprint::kBands; ++b) {
      uint64_t h = mix(static_cast<uint64_t>(b) + 1);
      for (int r = 0; r < kRows; ++r) h = mix(h ^ f.minhash[b * kRows + r]);
      band_keys.push_back(h);
      if (auto it = bands_.find(h); it != bands_.end()) candidates.insert(candidates.end(), it->second.begin(), it->second.end());
    }
  }
  // Sampled shingles: documents sharing copied passages though not near-duplicates overall.
  std::unordered_map<int, int> shared_samples;
  std::unordered_set<uint64_t> my_samples;
  for (uint64_t s : f.shingles) {
    if ((s & kSampleMask) != 0 || !my_samples.insert(s).second) continue;
    if (auto it = sampled_.find(s); it != sampled_.end() && it->second.size() < kMaxPostings) {
      for (int d : it->second) ++shared_samples[d];
    }
  }
  for (auto [d, n] : shared_samples) {
    if (n >= 2) candidates.push_back(d);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  std::vector<DuplicatePair> pairs;
  std::vector<uint64_t> mine(f.shingles);
  std::sort(mine.begin(), mine.end());
  mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
  for (int c : candidates) {
    const Fingerprint& g = prints_[c];
    std::vector<uint64_t> theirs(g.shingles);
    std::sort(theirs.begin(), theirs.end());
    theirs.erase(std::unique(theirs.begin(), theirs.end()), theirs.end());
    size_t inter = 0;
    for (size_t i = 0, j = 0; i < mine.size() && j < theirs.size();) {
      if (mine[i] == theirs[j]) {
        ++inter, ++i, ++j;
      } else if (mine[i] < theirs[j]) {
        ++i;
      } else {
        ++j;
      }
    }
    const size_t uni = mine.size() + theirs.size() - inter;
    DuplicatePair p;
    p.a = ids_[c];
    p.b = index;
    p.jaccard = uni ? static_cast<double>(inter) / uni : 0;
    p.containment = std::min(mine.size(), theirs.size()) ? static_cast<double>(inter) / std::min(mine.size(), theirs.size()) : 0;
    p.exact = g.content_hash == f.content_hash;
    p.near_duplicate = p.exact || p.jaccard >= options_.near_duplicate_threshold;
    if (!p.near_duplicate && p.containment < options_.passage_containment) continue;
    p.passages = align(g, *docs_[c], f, doc, options_.min_passage_tokens);
    if (!p.near_duplicate && p.passages.empty()) continue;
    p.paragraphs_of_a_repeated = paragraphs_covered(*docs_[c], p.passages);
    pairs.push_back(std::move(p));
  }

  for (uint64_t h : band_keys) bands_[h].push_back(me);
  for (uint64_t s : my_samples) sampled_[s].push_back(me);
  exact_.emplace(f.content_hash, me);
  prints_.push_back(std::move(f));
  docs_.push_back(&doc);
  ids_.push_back(index);
  return pairs;
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
