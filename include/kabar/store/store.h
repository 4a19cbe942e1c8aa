#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/extract/analysis.h"

struct sqlite3;

namespace kabar::store {

/// A stored document row (what `kabar` needs back without re-analysing).
struct StoredDocument {
  std::string id;
  std::string path;
  std::string analysis_json;  ///< the document object of the JSON contract
};

/// kabar's SQLite database: documents keyed by content hash, one transaction per write batch,
/// schema versioned with forward migrations (PRAGMA user_version), WAL journal so readers
/// never see half a batch. Not thread-safe: one Store per thread.
class Store {
 public:
  /// Opens (creating if needed) and migrates the database at `path`.
  static Result<std::unique_ptr<Store>> open(const std::filesystem::path& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// The schema version this build writes, and the one the open database has.
  static int latest_schema_version();
  int schema_version() const;

  /// True when a document with this content id is stored.
  bool contains(const std::string& id) const;

  /// Stores the analyses in ONE transaction; documents already stored are skipped.
  /// Returns how many were new. On failure nothing of the batch is written.
  Result<int> add(const std::vector<const extract::Analysis*>& batch);

  /// Number of stored documents.
  int64_t count() const;

  /// Every stored document in insertion order.
  Result<std::vector<StoredDocument>> documents() const;

 private:
  explicit Store(sqlite3* db) : db_(db) {}
  Status exec(const char* sql) const;
  sqlite3* db_;
};

}  // namespace kabar::store
