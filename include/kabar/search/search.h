#pragma once
// Full-text search over the store's FTS5 index (kabar's tokeniser + Indonesian stemmer, BM25).
// The index is written by kabar::store in the same transaction as the document; this module only
// reads. Thread-safety: one Searcher per thread (each holds its own read connection).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kabar/core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace kabar::store {
class IndexAnalyzer;
}

namespace kabar::search {

/// A query as users type it plus structured filters. `text` accepts words (stemmed, AND-ed),
/// "quoted phrases", word* (prefix), OR, NOT / -word, and parentheses (see query.h); empty
/// text lists the documents that pass the filters, newest first.
struct Query {
  std::string text;
  std::optional<std::string>
      from;  ///< YYYY, YYYY-MM or YYYY-MM-DD, inclusive, on the publication date
  std::optional<std::string> to;  ///< YYYY, YYYY-MM or YYYY-MM-DD, inclusive (2024-10 = to Oct 31)
  std::optional<std::string> outlet;    ///< exact outlet name, case-insensitive
  std::optional<std::string> language;  ///< "id", "en", …
  std::optional<std::string> entity;    ///< canonical entity name or any of its variants (any case)
  std::optional<std::string> story;     ///< story id from the corpus view ("S1", …)
  int limit = 20;                       ///< hits to return, 0–1000
  int offset = 0;                       ///< hits to skip, ≥ 0
  bool facets = true;  ///< compute the facet counts (false saves a pass over all matches)
};

/// One ranked hit. `snippet` is plain text from the body with the matched terms wrapped in
/// `[` … `]` markers (views turn them into <mark> or bold); without query words, the opening.
struct Hit {
  std::string id;  ///< document content id
  std::string path;
  std::string title;
  std::string outlet;
  std::string published;  ///< ISO date or empty
  double score = 0;       ///< BM25, higher is better
  std::string snippet;
};

struct FacetCount {
  std::string value;
  int64_t count = 0;
};

struct Result {
  int64_t total = 0;  ///< matching documents before limit/offset
  std::vector<Hit> hits;
  std::vector<FacetCount> outlets;   ///< facet counts over all matches, most frequent first
  std::vector<FacetCount> months;    ///< "YYYY-MM" of publication, in date order
  std::vector<FacetCount> entities;  ///< top 20 entities among the matches counted (canonical names of the
                                     ///< corpus view when stored, else names as written)
  int64_t entities_counted = 0;  ///< matches the entity counts cover: all of them up to 1,000,
                                 ///< else the 1,000 best ranked (newest without query text)
  double elapsed_ms = 0;
};

/// How a Searcher keeps what its facets read.
struct SearcherOptions {
  /// Keep each document's outlet, month and corpus entities in memory (read in one scan the
  /// first time a query needs them, again after the database changes): the facets of a query
  /// then cost a look-up per match instead of a B-tree seek, at the price of that scan (~1 s and
  /// ~10 MB at 100,000 articles). For long-lived searchers (kabar serve, benchmarks), not for a
  /// one-shot `kabar search`.
  bool resident_facets = false;
};

class Searcher {
 public:
  /// Opens `db` read-only, with the "kabar" tokenizer loaded from `data_dir` (empty:
  /// kabar::data_dir()). A database of an older schema, or indexed with other word lists, is
  /// first upgraded through store::Store. Fails with a message naming the file when it is
  /// missing or not a kabar database.
  static kabar::Result<std::unique_ptr<Searcher>> open(const std::filesystem::path& db,
                                                       const std::filesystem::path& data_dir = {},
                                                       SearcherOptions options = {});
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  /// Runs `q` in one read transaction (hits, total and facets agree with each other even while
  /// a writer commits). A malformed query (unbalanced quotes or parentheses, a bad date) is an
  /// Error naming the problem, never an exception. Waits up to 5 s for a busy database.
  kabar::Result<Result> run(const Query& q) const;

  /// With SearcherOptions::resident_facets, reads what the facets keep in memory now rather
  /// than on the first query that needs it (kabar serve calls it before it listens).
  kabar::Status warm() const;

 private:
  Searcher(sqlite3* db, std::shared_ptr<const store::IndexAnalyzer> analyzer,
           SearcherOptions options);
  sqlite3* db_;
  SearcherOptions options_;
  kabar::Status sync() const;           // forgets what is cached when the database changed
  kabar::Status load_facts() const;     // outlet and month of every document
  kabar::Status load_entities() const;  // corpus entities of every document
  kabar::Status load_lengths() const;   // index length of every document (for BM25)
  kabar::Error failed(const std::string& why) const;
  std::shared_ptr<const store::IndexAnalyzer> analyzer_;
  /// Prepared statements by SQL text, kept for the connection's life (search.cpp).
  std::unique_ptr<std::unordered_map<std::string, sqlite3_stmt*>> cache_;
  struct PhraseCounts;
  /// Documents per query phrase (BM25's document frequencies), until the database changes.
  std::unique_ptr<PhraseCounts> counts_;
};

}  // namespace kabar::search
