#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kabar/core/result.h"
#include "kabar/extract/analysis.h"

struct sqlite3;

namespace kabar::corpus {
struct DuplicatePair;
}

namespace kabar::store {

/// A stored document row (what `kabar` needs back without re-analysing).
struct StoredDocument {
  std::string id;
  std::string path;
  std::string analysis_json;  ///< the document object of the JSON contract
  std::string links;          ///< its corpus links as JSON text (document_links; empty: none):
                              ///< {"entities": [corpus entity id or null per mention],
                              ///<  "quotes": [[canonical speaker, speaker entity id] per quote]}
};

/// One stored duplicate pair (table document_duplicates).
struct StoredDuplicate {
  std::string a, b;  ///< content ids; `a` was stored first
  bool exact = false;
  bool near_duplicate = false;
  double similarity = 0;   ///< jaccard of the word 5-shingle sets
  double containment = 0;  ///< shared shingles / shingles of the smaller document
  int paragraphs_of_a_repeated = 0;
  std::string passages;  ///< JSON text [[a_start, a_end, b_start, b_end, tokens], …]
};

/// One page of stored duplicate pairs and how many there are in all.
struct DuplicatePage {
  int64_t total = 0;
  std::vector<StoredDuplicate> pairs;
};

/// What replace_corpus_view writes besides the view object: the duplicate pairs and the links
/// of each document, straight from the corpus analysis (no JSON of the whole corpus).
struct CorpusViewRows {
  /// Content id of each corpus document index (the order the documents were stored in).
  const std::vector<std::string>* ids = nullptr;
  /// Every pair of the corpus (DuplicatePair::a < b, indexes into `ids`).
  const std::vector<corpus::DuplicatePair>* duplicates = nullptr;
  /// Pairs whose later document has an index below this are stored already and unchanged
  /// (an incremental refresh compares only new documents): they are kept, the others are
  /// deleted and written. 0: every stored pair is replaced.
  size_t unchanged_before = 0;
  /// The links JSON text of document index i (StoredDocument::links); null: links untouched.
  std::function<std::string(size_t i)> links;
};

/// kabar's SQLite database: documents keyed by content hash, one transaction per write batch,
/// schema versioned with forward migrations (PRAGMA user_version), WAL journal so readers
/// never see half a batch. Since schema 2 it holds the full-text index (FTS5 table
/// documents_fts, tokenizer "kabar", written with each batch by add(), kept in step on delete and
/// update by triggers), the entity names of each document and the corpus view (stories,
/// entities, claims) with story membership.
/// Not thread-safe: one Store per thread.
class Store {
 public:
  /// Opens (creating if needed) and migrates the database at `path`, registering the "kabar"
  /// FTS5 tokenizer loaded from `data_dir` (empty: kabar::data_dir()). When the tokenizer's
  /// word lists or lexicon changed since the index was built, the index is rebuilt here.
  static Result<std::unique_ptr<Store>> open(const std::filesystem::path& path,
                                             const std::filesystem::path& data_dir = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// The schema version this build writes, and the one the open database has.
  static int latest_schema_version();

  /// The PRAGMAs every connection of a Store runs when it opens (journal, durability, cache,
  /// temporary storage); bench/index_bench runs them on its own connection to match.
  static const char* pragmas();
  int schema_version() const;

  /// True when a document with this content id is stored.
  bool contains(const std::string& id) const;

  /// Stores the analyses in ONE transaction, each with its full-text index entry and its entity
  /// names; documents already stored are skipped. Returns how many were new. On failure nothing
  /// of the batch is written.
  /// `records[i]`, when given and not empty, is batch[i]'s corpus record (the bytes of
  /// corpus::encode(DocRecord)), stored with it in the same transaction.
  Result<int> add(const std::vector<const extract::Analysis*>& batch,
                  const std::vector<std::string>& records = {});

  /// Opens a transaction that the following add() calls join, written at commit(): batches of
  /// their own dirty most pages of the id, date and full-text-key indexes every time (their
  /// inserts come in random order), which at 100,000 articles wrote 44 KB per article in
  /// batches of 256 and 17 KB in batches of 5,000. An add() that fails inside it rolls the
  /// whole transaction back (its Error says so) and ends it; so does closing the Store.
  Status begin();
  /// Commits what the add() calls since begin() wrote; nothing to do when none is open.
  Status commit();

  /// Merges the full-text index into one segment when its segments would slow queries
  /// (store::tidy_index). Each transaction of a load writes a segment and FTS5 merges them only
  /// 8 at a time; every query term is a seek in every segment (16 segments → 1 at 100,000
  /// articles: 1,790 → 2,648 search requests/s). `kabar ingest` calls it at the end. Returns
  /// whether it merged. Not inside begin()/commit().
  Result<bool> tidy_index();

  /// Calls `f(id, record)` for every stored document in insertion order; `record` is empty for
  /// a document stored without one (by a kabar before schema 5). Stops at the first Error of `f`.
  Status for_each_record(
      const std::function<Status(const std::string& id, std::string_view record)>& f) const;

  /// Stores (or replaces) the corpus records of stored documents, by content id, in ONE
  /// transaction; ids that are not stored are ignored.
  Status put_records(const std::vector<std::pair<std::string, std::string>>& records);

  /// Number of stored documents.
  int64_t count() const;

  /// SQLite's data_version of this connection: it changes whenever another connection (or
  /// process) commits to the database.
  int64_t data_version() const;

  /// Every stored document in insertion order.
  Result<std::vector<StoredDocument>> documents() const;

  /// One stored document by content id (with its links); nullopt when none has it.
  Result<std::optional<StoredDocument>> document(const std::string& id) const;

  /// Calls `f` for every stored document (with its links) in insertion order, one row at a
  /// time. Stops at the first Error of `f`.
  Status for_each_document(const std::function<Status(const StoredDocument& doc)>& f) const;

  /// The stored duplicate pairs, ordered by the later then the earlier document's insertion;
  /// only those of `document` (either side) when it is not empty. `total` counts all that match.
  Result<DuplicatePage> duplicates(const std::string& document, int64_t offset,
                                   int64_t limit) const;

  /// Replaces the stored corpus view (the corpus object of ../shared/spec/output.md: `stories`,
  /// `entities`, `claims` and any further keys but `documents`, `duplicates` and `links`, which
  /// have tables of their own) in ONE transaction, with the story membership of each stored
  /// document (document_stories) and the corpus entity names (canonical name and variants) of
  /// each document, used by search filters and facets. Document ids that are not stored are
  /// ignored. Fails on a malformed object.
  /// `state` (corpus::CorpusState::save()) is stored with it, and `rows` (when given: the
  /// duplicate pairs and per-document links), in the same transaction.
  Status replace_corpus_view(const nlohmann::json& corpus, std::string_view state = {},
                             const CorpusViewRows* rows = nullptr);

  /// The corpus state stored with the view (empty when none).
  Result<std::string> corpus_state() const;

  /// The stored corpus view as JSON text ({"stories":…, "entities":…, "claims":…, …}), or an
  /// empty string when none was stored yet.
  Result<std::string> corpus_view() const;

  /// The `document_count` of the stored corpus view (what its duplicate pairs and links were
  /// written for); nullopt when no view is stored or it has none (e.g. dropped by migration 7).
  Result<std::optional<int64_t>> corpus_view_document_count() const;

  /// Runs SQLite's `PRAGMA integrity_check` and FTS5's integrity check of the index against the
  /// documents; the Error says what is wrong.
  Status check_integrity() const;

 private:
  explicit Store(sqlite3* db) : db_(db) {}
  Status exec(const char* sql) const;
  Status refresh_index(const std::string& fingerprint);
  Status write_rows(const CorpusViewRows& rows);
  Result<int> add_rows(const std::vector<const extract::Analysis*>& batch,
                       const std::vector<std::string>& records);  // inside a transaction
  sqlite3* db_;
  bool batch_open_ = false;  // begin() without commit() yet
};

}  // namespace kabar::store
