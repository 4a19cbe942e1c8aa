#pragma once
// Full-text search over the store's FTS5 index (kabar's tokeniser + Indonesian stemmer, BM25).
// The index is written by kabar::store in the same transaction as the document; this module only
// reads. Thread-safety: one Searcher per thread (each holds its own read connection).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kabar/core/result.h"

struct sqlite3;

namespace kabar::search {

/// A query as users type it plus structured filters. `text` accepts words (stemmed, AND-ed),
/// "quoted phrases", OR, NOT / -word, and parentheses; empty text with filters lists documents.
struct Query {
  std::string text;
  std::optional<std::string> from;     ///< ISO date, inclusive, on the publication date
  std::optional<std::string> to;       ///< ISO date, inclusive
  std::optional<std::string> outlet;   ///< exact outlet name, case-insensitive
  std::optional<std::string> language; ///< "id", "en", …
  std::optional<std::string> entity;   ///< canonical entity name or any of its variants
  std::optional<std::string> story;    ///< story id from the corpus view ("S1", …)
  int limit = 20;
  int offset = 0;
};

/// One ranked hit. `snippet` is plain text with the matched terms wrapped in `[` … `]`
/// markers (views turn them into <mark> or bold).
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
  std::vector<FacetCount> outlets;  ///< facet counts over all matches
  std::vector<FacetCount> months;   ///< "YYYY-MM" of publication
  std::vector<FacetCount> entities; ///< top canonical entities among matches
  double elapsed_ms = 0;
};

class Searcher {
 public:
  /// Opens `db` read-only. Fails with a message naming the file when it is missing or not a kabar
  /// database.
  static kabar::Result<std::unique_ptr<Searcher>> open(const std::filesystem::path& db);
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  /// Runs `q`. A malformed query (unbalanced quotes or parentheses) is an Error naming the
  /// problem, never an exception.
  kabar::Result<Result> run(const Query& q) const;

 private:
  explicit Searcher(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace kabar::search
