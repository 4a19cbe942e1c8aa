#pragma once
// kabar's tokeniser + Indonesian stemmer as an SQLite FTS5 tokenizer named "kabar".
// The same IndexAnalyzer turns documents into index terms (Store) and query words into the
// terms they are looked up by (Searcher), so a word and its inflections ("membeli", "beli",
// "dibelikan") meet on one stem.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kabar/core/result.h"

struct sqlite3;

namespace kabar::store {

/// Index terms of a text: word and number tokens of kabar's tokeniser (clitics such as -nya
/// and ku- dropped, punctuation and symbols dropped), lower-cased, words stemmed to their root.
/// Immutable after load and thread-safe (per-thread scratch buffers).
class IndexAnalyzer {
 public:
  /// Loads the tokeniser word lists and the stemmer lexicon under `data_dir`; the Error names
  /// the file that failed.
  static Result<std::shared_ptr<const IndexAnalyzer>> load(const std::filesystem::path& data_dir);

  /// The analyzer for `data_dir`, loaded once per process and shared (what Store and Searcher use).
  static Result<std::shared_ptr<const IndexAnalyzer>> shared(const std::filesystem::path& data_dir);

  ~IndexAnalyzer();

  /// Receives one term: `term` (valid only during the call) and its byte span [start, end) in
  /// the analysed text. A non-zero return stops the analysis and is returned by for_each_term.
  using TermFn = int (*)(void* ctx, std::string_view term, uint32_t start, uint32_t end);

  /// Calls `fn` for each index term of `text` in order. `stem` = false keeps the lower-cased
  /// surface form (used for prefix queries "beli*"). Returns 0 or the first non-zero `fn` result.
  int for_each_term(std::string_view text, bool stem, void* ctx, TermFn fn) const;

  /// As for_each_term, but passes each term's surface text (as written, trailing periods kept
  /// off) without lower-casing or stemming: the same terms at the same positions, for callers
  /// that need only where the terms are (FTS5 snippets and highlights).
  int for_each_span(std::string_view text, void* ctx, TermFn fn) const;

  /// A term's index in its column, first to last (a phrase hit covers several terms).
  using TermRange = std::pair<int32_t, int32_t>;

  /// The snippet of `text` for hits sorted by term index: a window of `window` terms starting
  /// three terms before the first hit, each hit wrapped in `[` `]`, "…" where text was cut;
  /// without hits, the opening of the text. Only the start of the text, up to the window, is
  /// tokenised. (What kabar_snippet returns; the Searcher calls it with the hits kabar_bm25
  /// collected.)
  std::string snippet(std::string_view text, std::span<const TermRange> hits, int window) const;

  /// Convenience for tests and query checks: the terms joined by single spaces.
  std::string terms(std::string_view text, bool stem = true) const;

  /// A hash of everything that decides the terms (the word lists, the lexicon and the rules'
  /// version). When it changes, indexes built with the old analyzer must be rebuilt.
  const std::string& fingerprint() const;

  struct Impl;

 private:
  explicit IndexAnalyzer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// The number of index terms (title and text) of each indexed document by seq (the low 32 bits
/// of its full-text rowid), as FTS5 keeps them in its %_docsize table, 0 for unknown. A
/// long-lived reader holds them in memory and passes them to kabar_bm25, bound with
/// sqlite3_bind_pointer(…, kDocLengthsType): BM25 then reads a document's length there instead
/// of seeking FTS5's %_docsize row of every match (a quarter of a query's time at 100,000
/// articles when a query matches thousands).
struct DocLengths {
  const uint32_t* by_seq = nullptr;
  size_t size = 0;
};
inline constexpr const char* kDocLengthsType = "kabar_doc_lengths";

/// The hits a snippet of each matched row needs, gathered by kabar_bm25 while it scores the row
/// (it reads every hit through xInst anyway) when bound as its sixth argument with
/// sqlite3_bind_pointer(…, kSnippetHitsType): the hits in `column` that start within the first
/// `window` terms of the snippet (from three terms before the first hit), sorted. So a search
/// builds its page's snippets from the rows' texts alone, without walking the full-text index a
/// second time with kabar_snippet. Rows are appended in the order kabar_bm25 is called.
struct SnippetHits {
  int column = 1;
  int window = 24;
  std::vector<int64_t> keys;      // the full-text rowid of each scored row
  std::vector<uint32_t> first{0};  // row i's hits: hits[first[i] .. first[i + 1])
  std::vector<IndexAnalyzer::TermRange> hits;

  void clear() {
    keys.clear();
    first.assign(1, 0);
    hits.clear();
  }
  size_t rows() const { return keys.size(); }
  std::span<const IndexAnalyzer::TermRange> of(size_t row) const {
    return {hits.data() + first[row], hits.data() + first[row + 1]};
  }
};
inline constexpr const char* kSnippetHitsType = "kabar_snippet_hits";

/// Registers on `db`: the FTS5 tokenizer "kabar" backed by `analyzer` (kept alive by the
/// connection), the FTS5 function kabar_snippet(table [, column = 1 [, terms = 24]]) (a window
/// from just before the first hit, hits in `[` `]`, "…" where cut; it tokenises only the start of
/// the text, up to the window), the FTS5 function kabar_bm25(table, weight_title, weight_body
/// [, counts [, lengths [, hits]]]) (FTS5's bm25(), with the phrases' document counts optionally given by
/// the caller, space-separated, instead of counted on every query, the documents' lengths
/// optionally from a bound DocLengths, and optionally a bound SnippetHits to fill) and the SQL
/// function kabar_lower(text)
/// (the lower-casing entity names use). Must run on every connection before it touches the index.
Status register_fts(sqlite3* db, std::shared_ptr<const IndexAnalyzer> analyzer);

/// Adds the stored documents with seq in [first_seq, last_seq], which must not be indexed yet,
/// to the full-text index in ONE statement, in full-text key order. FTS5 keeps the terms of the
/// rows it is given in memory and writes them as one segment at commit, but it writes them out
/// before every statement that opens a statement journal (any INSERT that fires a trigger) and
/// whenever a rowid is lower than the one before: indexing each document from a trigger wrote a
/// segment per document, which FTS5 then merged again and again. Call it inside the transaction
/// that stored the documents, after the last of them (Store::add does).
Status index_documents(sqlite3* db, int64_t first_seq, int64_t last_seq);

/// SQLite's varint (FTS5 writes its records with it): big-endian 7-bit groups, the ninth byte
/// whole. Reads one at `p` and moves `p` past it (never beyond `end`).
uint64_t read_varint(const unsigned char*& p, const unsigned char* end);

/// The size in pages of each segment of the full-text index, from FTS5's structure record,
/// level by level. Every query term is looked up in every segment (a B-tree seek and a doclist
/// seek each), so a query on an index of 16 segments does 16 times the seeks of one on a merged
/// index.
Result<std::vector<int64_t>> index_segment_pages(sqlite3* db);

/// Merges the full-text index into one segment (FTS5's 'optimize', 4 s for 100,000 articles)
/// when its segments would slow queries: more than four, or the segments beside the largest
/// holding a tenth of its pages. Returns whether it merged. What Store::tidy_index runs at the
/// end of a load (bench/index_bench times it with the load).
Result<bool> tidy_index(sqlite3* db);

/// Lower-cases a name for entity matching (ASCII and Latin letters; see utf8::lower).
std::string entity_key(std::string_view name);

}  // namespace kabar::store
