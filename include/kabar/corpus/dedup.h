#pragma once
#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "kabar/core/span.h"
#include "kabar/extract/analysis.h"

namespace kabar::corpus {

/// A passage that two documents share, aligned by byte spans in each.
struct SharedPassage {
  Span a;
  Span b;
  uint32_t tokens = 0;  ///< length in word tokens
};

/// Two documents that are exact copies, near-duplicates, or share copied passages.
struct DuplicatePair {
  int a = -1;  ///< the earlier document (index in the corpus)
  int b = -1;  ///< the later document
  bool exact = false;
  bool near_duplicate = false;  ///< jaccard ≥ the near-duplicate threshold
  double jaccard = 0;           ///< of the word 5-shingle sets
  double containment = 0;       ///< shared shingles / shingles of the smaller document
  std::vector<SharedPassage> passages;
  int paragraphs_of_a_repeated = 0;  ///< paragraphs of `a` that `b` repeats (≥ 60 % covered)
};

/// Settings of duplicate detection.
struct DedupOptions {
  double near_duplicate_threshold = 0.5;  ///< jaccard for a near-duplicate
  double passage_containment = 0.15;      ///< minimum containment to report copied passages
  uint32_t min_passage_tokens = 12;       ///< shorter shared runs are not passages
};

/// A document's fingerprint: its word shingles in order and their MinHash signature.
struct Fingerprint {
  static constexpr int kHashes = 128;
  static constexpr int kBands = 32;  ///< 32 bands of 4 rows: pairs above ~0.45 jaccard collide
  std::vector<uint64_t> shingles;    ///< hash of each 5-word window, in text order
  std::vector<uint32_t> first_token; ///< token index where each shingle starts
  std::vector<uint32_t> word_tokens; ///< token indexes of the words (shingle positions map here)
  std::array<uint64_t, kHashes> minhash{};
  uint64_t content_hash = 0;  ///< of the lower-cased word sequence (exact duplicates)
};

/// Computes a document's fingerprint from its tokens (case-folded words and numbers).
Fingerprint fingerprint(const extract::Analysis& a);

/// An incremental duplicate index: adding a document compares it with the earlier ones through
/// LSH buckets and a sampled-shingle index, never rescanning the corpus.
class DuplicateIndex {
 public:
  explicit DuplicateIndex(DedupOptions options = {}) : options_(options) {}

  /// Adds document `index` and returns its pairs with earlier documents (a < b = index).
  std::vector<DuplicatePair> add(int index, const extract::Analysis& doc);

 private:
  DedupOptions options_;
  std::vector<Fingerprint> prints_;
  std::vector<const extract::Analysis*> docs_;
  std::vector<int> ids_;
  std::unordered_map<uint64_t, std::vector<int>> bands_;    // band hash → documents
  std::unordered_map<uint64_t, std::vector<int>> sampled_;  // sampled shingle → documents
  std::unordered_map<uint64_t, int> exact_;                 // content hash → first document
};

/// Finds all duplicate pairs of a corpus, in order of the later document.
std::vector<DuplicatePair> find_duplicates(const std::vector<extract::Analysis>& docs,
                                           DedupOptions options = {});

}  // namespace kabar::corpus
