#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <string>
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

/// A document's fingerprint: its word shingles in order and the LSH band keys of their MinHash
/// signature (128 hashes in 32 bands of 4 rows: pairs above ~0.45 jaccard collide in a band).
struct Fingerprint {
  static constexpr int kHashes = 128;
  static constexpr int kBands = 32;
  std::vector<uint32_t> shingles;  ///< high 32 bits of each 5-word window's hash, in text order
                                   ///< (shingle i starts at word i)
  std::vector<uint64_t> sampled;   ///< full hashes of the 1-in-4 sampled shingles, sorted, unique
  std::array<uint64_t, kBands> bands{};  ///< band keys (empty document: none used)
  uint32_t unique_shingles = 0;    ///< distinct values in `shingles`
  uint64_t content_hash = 0;       ///< of the lower-cased word sequence (exact duplicates)
};

/// Computes a document's fingerprint from its tokens (case-folded words and numbers).
Fingerprint fingerprint(const extract::Analysis& a);

/// What the duplicate index keeps of a document: its fingerprint and where its words and
/// paragraphs are (to report shared passages as byte spans without the Analysis).
struct DedupPrint {
  Fingerprint print;
  std::string words;             ///< byte span of each word (word and number tokens) of the
                                 ///< normalised text: varint (start − previous end, length) pairs
  std::vector<Span> paragraphs;  ///< paragraph spans
};

/// The fingerprint, word spans and paragraph spans of a document.
DedupPrint dedup_print(const extract::Analysis& a);

/// Decodes DedupPrint::words into the start and end offset of each word; false when malformed.
bool decode_word_spans(std::string_view words, std::vector<Span>& out);

/// Hash key → list of document ordinals, in one open-addressing table and one shared pool (a
/// few bytes per posting; no allocation per key). Keys are 64-bit hashes; two keys that agree
/// in their high 31 bits share a list, which only adds candidates that are then checked.
class PostingTable {
 public:
  /// Number of documents added under `key` (also those beyond the cap).
  uint32_t count(uint64_t key) const;
  /// Calls `f(doc)` for each document kept under `key`, latest first.
  template <class F>
  void for_each(uint64_t key, F&& f) const {
    const Slot* s = find(key);
    if (!s) return;
    for (uint32_t p = s->head; p != 0; p = pool_[p - 1].next) f(pool_[p - 1].doc);
  }
  /// Adds `doc` under `key`; only the first `cap` documents of a key are kept.
  void add(uint64_t key, int doc, uint32_t cap = UINT32_MAX);
  /// Bytes held.
  size_t bytes() const { return slots_.capacity() * sizeof(Slot) + pool_.capacity() * sizeof(Posting); }

 private:
  struct Slot {
    uint32_t tag = 0;  // high 32 bits of the key with the lowest bit set; 0 = empty
    uint32_t head = 0;  // 1-based index into pool_, 0 = none
    uint32_t count = 0;
  };
  struct Posting {
    int32_t doc;
    uint32_t next;
  };
  const Slot* find(uint64_t key) const;
  void grow();
  std::vector<Slot> slots_;
  std::vector<Posting> pool_;
  size_t used_ = 0;
};

/// An incremental duplicate index: adding a document compares it with the earlier ones through
/// LSH buckets and a sampled-shingle index, never rescanning the corpus. Holds a pointer to each
/// added DedupPrint (which must outlive the index) or, when given an Analysis, its own copy.
class DuplicateIndex {
 public:
  explicit DuplicateIndex(DedupOptions options = {}) : options_(options) {}

  /// Adds document `index` and returns its pairs with earlier documents (a < b = index).
  std::vector<DuplicatePair> add(int index, const DedupPrint& doc);
  /// The same for an Analysis: the index keeps its DedupPrint (the Analysis need not outlive it).
  std::vector<DuplicatePair> add(int index, const extract::Analysis& doc);
  /// Indexes document `index` without comparing it with anything (restoring a saved corpus).
  void insert(int index, const DedupPrint& doc);

  /// Number of documents added.
  size_t size() const { return prints_.size(); }

  /// Bytes held by the index (fingerprints and posting tables), for memory reports.
  size_t bytes() const;

 private:
  DedupOptions options_;
  std::vector<const DedupPrint*> prints_;  // what later documents are compared with
  std::deque<DedupPrint> owned_;           // prints made here from an Analysis
  std::vector<int> ids_;
  PostingTable bands_;    // band key → documents
  PostingTable sampled_;  // sampled shingle → documents
  std::unordered_map<uint64_t, int> exact_;  // content hash → first document
  std::vector<uint32_t> seen_;               // scratch: per earlier document, a stamp or a count
};

/// Finds all duplicate pairs of a corpus, in order of the later document.
std::vector<DuplicatePair> find_duplicates(const std::vector<extract::Analysis>& docs,
                                           DedupOptions options = {});

}  // namespace kabar::corpus
