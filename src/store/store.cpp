#include "kabar/store/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "kabar/core/data_dir.h"
#include "kabar/corpus/dedup.h"
#include "kabar/corpus/json.h"
#include "kabar/store/fts.h"

namespace kabar::store {

namespace {

// The full-text key of a row with columns `published` and `seq` (prefix "new.", "old." or ""):
// (Julian day number of the publication date, 0 when unknown) << 32, plus seq. YYYY and YYYY-MM
// dates count from their first day. Search computes its date bounds with the same julianday().
#define KABAR_FTS_DAY(p)                                                                \
  "coalesce(CAST(julianday(CASE length(" p "published) WHEN 4 THEN " p "published || '-01-01' " \
  "WHEN 7 THEN " p "published || '-01' ELSE substr(" p "published, 1, 10) END) AS INTEGER), 0)"
#define KABAR_FTS_KEY(p) "((" KABAR_FTS_DAY(p) " << 32) + " p "seq)"

// Forward migrations: entry i brings the schema from version i to i+1. Never edit a shipped
// entry; append a new one.
const char* const kMigrations[] = {
    // 0 → 1: documents keyed by content hash.
    R"sql(
    CREATE TABLE documents (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      path TEXT NOT NULL,
      title TEXT,
      url TEXT,
      outlet TEXT,
      byline TEXT,
      dateline TEXT,
      published TEXT,
      published_inferred INTEGER NOT NULL DEFAULT 0,
      language TEXT,
      text TEXT NOT NULL,
      analysis TEXT NOT NULL,
      ingested_at TEXT NOT NULL
    );
    CREATE INDEX documents_published ON documents(published);
    CREATE INDEX documents_outlet ON documents(outlet);
    )sql",
    // 1 → 2: full-text index (kabar tokenizer, kept in step with documents by triggers, so a
    // document and its index entry are written by the same statement), entity names per
    // document, story membership and the stored corpus view.
    R"sql(
    CREATE VIRTUAL TABLE documents_fts USING fts5(
      title, text, content='documents', content_rowid='seq', tokenize='kabar');
    CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
      INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
      INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
    END;
    CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
      INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
      INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
    CREATE TABLE document_entities (
      doc_seq INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
      source INTEGER NOT NULL,   -- 0: the document's own mentions, 1: the corpus view
      name TEXT NOT NULL,        -- kabar_lower of a mention, canonical name or variant
      canonical TEXT NOT NULL,   -- the name to show (surface form, or the corpus canonical name)
      PRIMARY KEY (doc_seq, source, name)
    ) WITHOUT ROWID;
    CREATE INDEX document_entities_name ON document_entities(name);
    INSERT OR IGNORE INTO document_entities (doc_seq, source, name, canonical)
      SELECT d.seq, 0, kabar_lower(json_extract(e.value, '$.text')), json_extract(e.value, '$.text')
      FROM documents d, json_each(d.analysis, '$.entities') e
      WHERE json_valid(d.analysis) AND json_extract(e.value, '$.text') IS NOT NULL;
    CREATE TABLE document_stories (
      doc_seq INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
      story TEXT NOT NULL,
      PRIMARY KEY (doc_seq, story)
    ) WITHOUT ROWID;
    CREATE INDEX document_stories_story ON document_stories(story);
    CREATE TABLE corpus_view (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      json TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE index_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    )sql",
    // 2 → 3: the columns search filters and counts by, in narrow rows (about 60 per page instead
    // of one article per page), kept in step with documents by triggers.
    R"sql(
    CREATE TABLE document_facts (
      seq INTEGER PRIMARY KEY,
      published TEXT,
      outlet TEXT,
      language TEXT
    );
    INSERT INTO document_facts (seq, published, outlet, language)
      SELECT seq, published, outlet, language FROM documents;
    CREATE INDEX document_facts_published ON document_facts(published);
    CREATE TRIGGER document_facts_insert AFTER INSERT ON documents BEGIN
      INSERT INTO document_facts (seq, published, outlet, language)
        VALUES (new.seq, new.published, new.outlet, new.language);
    END;
    CREATE TRIGGER document_facts_delete AFTER DELETE ON documents BEGIN
      DELETE FROM document_facts WHERE seq = old.seq;
    END;
    CREATE TRIGGER document_facts_update AFTER UPDATE OF published, outlet, language ON documents BEGIN
      UPDATE document_facts SET published = new.published, outlet = new.outlet, language = new.language
        WHERE seq = new.seq;
    END;
    )sql",
    // 3 → 4: full-text rowids ordered by publication date, so that FTS5 applies a date window
    // while it walks its doclists instead of checking the date of every match of the words. The
    // index rowid is the "full-text key" (day << 32) + seq, day being the Julian day number of
    // the publication date (0 when unknown); the index reads its text through a view keyed by it.
    // Store::add inserts each batch in key order (FTS5 flushes its pending terms whenever a
    // rowid is lower than the previous one).
    R"sql(
    DROP TRIGGER documents_fts_insert;
    DROP TRIGGER documents_fts_delete;
    DROP TRIGGER documents_fts_update;
    DROP TRIGGER document_facts_insert;
    DROP TRIGGER document_facts_update;
    DROP TABLE documents_fts;
    ALTER TABLE document_facts ADD COLUMN fts_key INTEGER;
    UPDATE document_facts SET fts_key = )sql" KABAR_FTS_KEY("") R"sql(;
    CREATE UNIQUE INDEX document_facts_fts_key ON document_facts(fts_key);
    CREATE VIEW documents_fts_content AS
      SELECT f.fts_key AS fts_key, d.title AS title, d.text AS text
      FROM document_facts f JOIN documents d ON d.seq = f.seq ORDER BY f.fts_key;
    CREATE VIRTUAL TABLE documents_fts USING fts5(
      title, text, content='documents_fts_content', content_rowid='fts_key', tokenize='kabar');
    CREATE TRIGGER document_facts_insert AFTER INSERT ON documents BEGIN
      INSERT INTO document_facts (seq, published, outlet, language, fts_key)
        VALUES (new.seq, new.published, new.outlet, new.language, )sql" KABAR_FTS_KEY("new.") R"sql();
    END;
    CREATE TRIGGER document_facts_update AFTER UPDATE OF published, outlet, language ON documents BEGIN
      UPDATE document_facts SET published = new.published, outlet = new.outlet,
        language = new.language, fts_key = )sql" KABAR_FTS_KEY("new.") R"sql(
        WHERE seq = new.seq;
    END;
    CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
      INSERT INTO documents_fts(rowid, title, text)
        VALUES ()sql" KABAR_FTS_KEY("new.") R"sql(, new.title, new.text);
    END;
    CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
      INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', )sql" KABAR_FTS_KEY("old.") R"sql(, old.title, old.text);
    END;
    CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text, published ON documents BEGIN
      INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', )sql" KABAR_FTS_KEY("old.") R"sql(, old.title, old.text);
      INSERT INTO documents_fts(rowid, title, text)
        VALUES ()sql" KABAR_FTS_KEY("new.") R"sql(, new.title, new.text);
    END;
    -- Nothing reads documents by date or outlet any more (search filters document_facts):
    -- two B-tree inserts less per stored document.
    DROP INDEX IF EXISTS documents_published;
    DROP INDEX IF EXISTS documents_outlet;
    -- Merge level-0 segments 8 at a time rather than 4: about 10% less indexing time, the same
    -- query times on 100,000 articles (bench/index_bench --fts automerge=N).
    INSERT INTO documents_fts(documents_fts, rank) VALUES ('automerge', 8);
    INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
    )sql",
    // 4 → 5: documents are indexed by Store::add, one statement per batch after its documents
    // (index_documents in fts.cpp), no longer by a trigger per document: FTS5 writes its pending
    // terms out before each statement that opens a statement journal, so the trigger made it
    // write one segment per document and merge them again and again. The index of entity names
    // by name goes too: search looks names up by document (the primary key). FTS5 may keep up
    // to 16 MB of pending terms (default 1 MB) so a batch of 1,000 articles is one segment, not
    // three: 20% fewer bytes written while indexing (bench/index_bench --fts hashsize=N).
    R"sql(
    DROP TRIGGER documents_fts_insert;
    DROP INDEX document_entities_name;
    INSERT INTO documents_fts(documents_fts, rank) VALUES ('hashsize', 16777216);
    )sql",
    // 5 → 6: what the cross-document steps keep of each document (corpus::DocRecord, a few KB,
    // written with the document), and the incremental corpus state next to the view it made,
    // so adding documents never re-analyses the stored ones.
    R"sql(
    CREATE TABLE corpus_records (
      doc_seq INTEGER PRIMARY KEY REFERENCES documents(seq) ON DELETE CASCADE,
      data BLOB NOT NULL
    );
    ALTER TABLE corpus_view ADD COLUMN state BLOB;
    )sql",
    // 6 → 7: the duplicate pairs and the corpus links of each document (corpus entity of each
    // mention, canonical speaker of each quote) in tables of their own: in the view's one JSON
    // text, 100,000 scaled articles (2.1 million pairs) made it longer than SQLite's 1 GB limit.
    // The view keeps stories, entities, claims and document_count. The stored view is dropped
    // (it holds the old pairs and links); the state stays, so the next refresh restores it,
    // clusters nothing again and writes the view, the pairs and the links.
    R"sql(
    CREATE TABLE document_duplicates (
      a_seq INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,  -- stored first
      b_seq INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
      exact INTEGER NOT NULL,
      near_duplicate INTEGER NOT NULL,
      similarity REAL NOT NULL,      -- jaccard of the word 5-shingle sets
      containment REAL NOT NULL,     -- shared shingles / shingles of the smaller document
      paragraphs_of_a_repeated INTEGER NOT NULL,
      passages TEXT NOT NULL,        -- [[a_start, a_end, b_start, b_end, tokens], …] byte offsets
      PRIMARY KEY (a_seq, b_seq)
    ) WITHOUT ROWID;
    CREATE INDEX document_duplicates_b ON document_duplicates(b_seq);
    CREATE TABLE document_links (
      doc_seq INTEGER PRIMARY KEY REFERENCES documents(seq) ON DELETE CASCADE,
      links TEXT NOT NULL            -- {"entities": [id|null, …], "quotes": [[speaker, id], …]}
    );
    UPDATE corpus_view SET json = '{}';
    )sql",
    // 7 → 8: no incremental merging of the full-text index while a load writes it: a load ends
    // with Store::tidy_index merging every segment into one, so merging them on the way as well
    // read and wrote each term twice (100,000 articles: 6-7% less CPU, 32.3 → 26.2 KB written
    // per article, the same index). FTS5 still merges 64 segments of one level at once, which
    // bounds the segments a search meets during a long load (one per transaction).
    R"sql(
    INSERT INTO documents_fts(documents_fts, rank) VALUES ('automerge', 0);
    INSERT INTO documents_fts(documents_fts, rank) VALUES ('crisismerge', 64);
    )sql",
};
constexpr int kLatest = sizeof(kMigrations) / sizeof(kMigrations[0]);

std::string now_iso() {
  auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) {
    ok_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) == SQLITE_OK;
  }
  ~Stmt() { sqlite3_finalize(s_); }
  bool ok() const { return ok_; }
  sqlite3_stmt* get() const { return s_; }
  void text(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
  }
  void text(int i, const std::optional<std::string>& v) {
    if (v)
      text(i, *v);
    else
      sqlite3_bind_null(s_, i);
  }
  void integer(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void blob(int i, std::string_view v) {
    sqlite3_bind_blob(s_, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
  }

 private:
  sqlite3_stmt* s_ = nullptr;
  bool ok_ = false;
};

}  // namespace

int Store::latest_schema_version() { return kLatest; }

const char* Store::pragmas() {
  // WAL: readers never wait for a writer and see whole batches; a commit is durable across a
  // process crash, and across a power cut from the next checkpoint on (synchronous=NORMAL).
  // 64 MB of page cache: FTS5 segment merges stay in memory. Statement journals in memory: each
  // insert that fires triggers keeps one, and on disk (past 64 KB) it wrote ~25 KB per document.
  // No zeroing of freed pages (Debian builds SQLite with SECURE_DELETE on): every FTS5 merge
  // frees the segments it merged, and zeroing them wrote 11% of a load's bytes (100,000
  // articles: 26.2 → 23.4 KB written per article, 6-17% more articles/s). The store holds
  // published news, not secrets to scrub from free pages.
  return "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
         "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA secure_delete=OFF;";
}

Status Store::exec(const char* sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Error{std::string(sqlite3_db_filename(db_, "main")) + ": " + msg};
  }
  return Ok{};
}

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& path,
                                           const std::filesystem::path& data_dir) {
  auto analyzer = IndexAnalyzer::shared(data_dir.empty() ? kabar::data_dir() : data_dir);
  if (!analyzer)
    return Error{path.string() + ": cannot load the index tokenizer: " + analyzer.error().message};
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Error{path.string() + ": cannot open database (" + msg + ")"};
  }
  sqlite3_busy_timeout(db, 10000);
  std::unique_ptr<Store> store(new Store(db));
  if (auto s = register_fts(db, *analyzer); !s) return s.error();
  // Validate it is a database before migrating (a text file named kabar.db fails here).
  if (auto s = store->exec(Store::pragmas()); !s) {
    return Error{path.string() + ": not a kabar database (" + s.error().message + ")"};
  }
  int version = store->schema_version();
  if (version > kLatest) {
    return Error{path.string() + ": database schema version " + std::to_string(version) +
                 " is newer than this kabar (" + std::to_string(kLatest) + ")"};
  }
  // Each step re-reads the version inside its write transaction: another process (an ingest
  // and a search starting together) may have migrated in the meantime.
  while (version < kLatest) {
    if (auto s = store->exec("BEGIN IMMEDIATE;"); !s) {
      return Error{path.string() + ": cannot migrate (" + s.error().message + ")"};
    }
    version = store->schema_version();
    if (version >= kLatest) {
      store->exec("COMMIT;");
      break;
    }
    std::string sql = std::string(kMigrations[version]) +
                      "PRAGMA user_version=" + std::to_string(version + 1) + "; COMMIT;";
    if (auto s = store->exec(sql.c_str()); !s) {
      store->exec("ROLLBACK;");
      return Error{path.string() + ": migration to schema " + std::to_string(version + 1) +
                   " failed (" + s.error().message + ")"};
    }
    ++version;
  }
  if (auto s = store->refresh_index((*analyzer)->fingerprint()); !s) return s.error();
  return store;
}

Status Store::refresh_index(const std::string& fingerprint) {
  {
    Stmt st(db_, "SELECT value FROM index_meta WHERE key = 'tokenizer'");
    if (st.ok() && sqlite3_step(st.get()) == SQLITE_ROW) {
      const unsigned char* v = sqlite3_column_text(st.get(), 0);
      if (v && fingerprint == reinterpret_cast<const char*>(v)) return Ok{};
    }
  }
  // First open, or the word lists / lexicon changed: terms of the stored index are stale.
  std::string sql =
      "BEGIN IMMEDIATE; INSERT INTO documents_fts(documents_fts) VALUES ('rebuild'); "
      "INSERT OR REPLACE INTO index_meta(key, value) VALUES ('tokenizer', '" +
      fingerprint + "'); COMMIT;";  // the fingerprint is hex digits
  if (auto s = exec(sql.c_str()); !s) {
    exec("ROLLBACK;");
    return Error{"cannot rebuild the search index: " + s.error().message};
  }
  return Ok{};
}

Store::~Store() { sqlite3_close(db_); }

int Store::schema_version() const {
  Stmt st(db_, "PRAGMA user_version");
  if (!st.ok() || sqlite3_step(st.get()) != SQLITE_ROW) return 0;
  return sqlite3_column_int(st.get(), 0);
}

bool Store::contains(const std::string& id) const {
  Stmt st(db_, "SELECT 1 FROM documents WHERE id = ?1");
  if (!st.ok()) return false;
  sqlite3_bind_text(st.get(), 1, id.data(), int(id.size()), SQLITE_TRANSIENT);
  return sqlite3_step(st.get()) == SQLITE_ROW;
}

int64_t Store::count() const {
  Stmt st(db_, "SELECT count(*) FROM documents");
  if (!st.ok() || sqlite3_step(st.get()) != SQLITE_ROW) return 0;
  return sqlite3_column_int64(st.get(), 0);
}

int64_t Store::data_version() const {
  Stmt st(db_, "PRAGMA data_version");
  if (!st.ok() || sqlite3_step(st.get()) != SQLITE_ROW) return -1;
  return sqlite3_column_int64(st.get(), 0);
}

Status Store::begin() {
  if (batch_open_) return Error{"database: begin() while a transaction is open"};
  if (auto s = exec("BEGIN IMMEDIATE"); !s) return s;
  batch_open_ = true;
  return Ok{};
}

Status Store::commit() {
  if (!batch_open_) return Ok{};
  batch_open_ = false;
  if (auto s = exec("COMMIT"); !s) {
    exec("ROLLBACK");
    return s;
  }
  return Ok{};
}

Result<bool> Store::tidy_index() {
  const std::string name = sqlite3_db_filename(db_, "main");
  if (batch_open_) return Error{name + ": tidy_index() while a transaction is open"};
  auto merged = store::tidy_index(db_);
  if (!merged) return Error{name + ": " + merged.error().message};
  return *merged;
}

Result<int> Store::add(const std::vector<const extract::Analysis*>& batch,
                       const std::vector<std::string>& records) {
  const bool own = !batch_open_;  // else the batch joins the transaction begin() opened
  if (own) {
    if (auto s = exec("BEGIN IMMEDIATE"); !s) return s.error();
  }
  auto added = add_rows(batch, records);
  if (!added) {
    exec("ROLLBACK");
    if (own) return added.error();
    batch_open_ = false;
    return Error{added.error().message +
                 " (the documents added since the transaction began were rolled back too)"};
  }
  if (own) {
    if (auto s = exec("COMMIT"); !s) {
      exec("ROLLBACK");
      return s.error();
    }
  }
  return added;
}

Result<int> Store::add_rows(const std::vector<const extract::Analysis*>& batch,
                            const std::vector<std::string>& records) {
  int added = 0;
  int64_t base = 0;  // the batch's seqs follow it
  {
    Stmt ent(db_,
             "INSERT OR IGNORE INTO document_entities (doc_seq, source, name, canonical) "
             "VALUES (?1, 0, ?2, ?3)");
    Stmt rec(db_, "INSERT OR REPLACE INTO corpus_records (doc_seq, data) VALUES (?1, ?2)");
    Stmt st(db_,
            "INSERT OR IGNORE INTO documents (id, path, title, url, outlet, byline, dateline, "
            "published, published_inferred, language, text, analysis, ingested_at, seq) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    if (!st.ok() || !ent.ok() || !rec.ok()) {
      std::string msg = sqlite3_errmsg(db_);
      return Error{"database: " + msg};
    }
    // Each document's seq is its place in the batch (after the last seq ever used), so seq
    // order stays input order, but rows are inserted by publication date: their full-text keys
    // then rise within the transaction and FTS5 keeps the batch's terms in memory until commit
    // (a lower rowid than the previous one makes it flush a segment per document).
    {
      Stmt last(db_,
                "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'documents'), 0),"
                " coalesce((SELECT max(seq) FROM documents), 0))");
      if (!last.ok() || sqlite3_step(last.get()) != SQLITE_ROW) {
        std::string msg = sqlite3_errmsg(db_);
        return Error{"database: " + msg};
      }
      base = sqlite3_column_int64(last.get(), 0);
    }
    struct Row {
      const extract::Analysis* a;
      const std::string* record;  // null or empty: none
      int64_t seq;
      std::string day;  // what the full-text key orders by
    };
    std::vector<Row> rows;
    rows.reserve(batch.size());
    {
      std::unordered_set<std::string_view> ids;  // the first of two equal documents is kept
      for (size_t i = 0; i < batch.size(); ++i) {
        const extract::Analysis* a = batch[i];
        if (!ids.insert(a->doc.id).second) continue;
        std::string day = a->published.date.value_or("");
        if (day.size() == 4) day += "-01-01";
        if (day.size() == 7) day += "-01";
        if (day.size() > 10) day.resize(10);
        rows.push_back({a, i < records.size() ? &records[i] : nullptr,
                        base + static_cast<int64_t>(rows.size()) + 1, std::move(day)});
      }
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row& x, const Row& y) { return x.day < y.day; });
    const std::string now = now_iso();
    std::unordered_set<std::string> names;
    for (const Row& row : rows) {
      const extract::Analysis* a = row.a;
      sqlite3_reset(st.get());
      st.integer(14, row.seq);
      st.text(1, a->doc.id);
      st.text(2, a->doc.path);
      st.text(3, a->doc.meta.title);
      st.text(4, a->doc.meta.url);
      st.text(5, a->provenance.outlet);
      st.text(6, a->provenance.byline);
      st.text(7, a->provenance.dateline);
      st.text(8, a->published.date);
      st.integer(9, a->published.inferred ? 1 : 0);
      st.text(10, a->text.language.code);
      st.text(11, a->doc.text);
      st.text(12, corpus::document_json(*a, nullptr, -1).dump());
      st.text(13, now);
      if (sqlite3_step(st.get()) != SQLITE_DONE) {
        std::string msg = sqlite3_errmsg(db_);
        return Error{a->doc.path + ": cannot store (" + msg + ")"};
      }
      if (sqlite3_changes(db_) == 0) continue;  // already stored
      ++added;
      const int64_t seq = row.seq;
      if (row.record && !row.record->empty()) {
        sqlite3_reset(rec.get());
        rec.integer(1, seq);
        rec.blob(2, *row.record);
        if (sqlite3_step(rec.get()) != SQLITE_DONE) {
          std::string msg = sqlite3_errmsg(db_);
          return Error{a->doc.path + ": cannot store its corpus record (" + msg + ")"};
        }
      }
      names.clear();
      for (const auto& e : a->entities) {
        std::string key = entity_key(e.text);
        if (key.empty() || !names.insert(key).second) continue;
        sqlite3_reset(ent.get());
        ent.integer(1, seq);
        ent.text(2, key);
        ent.text(3, e.text);
        if (sqlite3_step(ent.get()) != SQLITE_DONE) {
          std::string msg = sqlite3_errmsg(db_);
          return Error{a->doc.path + ": cannot store entities (" + msg + ")"};
        }
      }
    }
  }
  // The batch's index entries, in one statement after every document of it (see
  // index_documents): one FTS5 segment per batch instead of one per document.
  if (added > 0) {
    if (auto s = index_documents(db_, base + 1, base + static_cast<int64_t>(batch.size())); !s) {
      return s.error();
    }
  }
  return added;
}

namespace {

constexpr const char* kDocumentColumns =
    "SELECT d.id, d.path, d.analysis, l.links FROM documents d "
    "LEFT JOIN document_links l ON l.doc_seq = d.seq ";

StoredDocument document_row(sqlite3_stmt* st) {
  auto col = [&](int i) {
    const unsigned char* t = sqlite3_column_text(st, i);
    return t ? std::string(reinterpret_cast<const char*>(t), size_t(sqlite3_column_bytes(st, i)))
             : std::string();
  };
  return StoredDocument{col(0), col(1), col(2), col(3)};
}

}  // namespace

Result<std::optional<StoredDocument>> Store::document(const std::string& id) const {
  Stmt st(db_, (std::string(kDocumentColumns) + "WHERE d.id = ?1").c_str());
  if (!st.ok()) return Error{std::string("database: ") + sqlite3_errmsg(db_)};
  st.text(1, id);
  int rc = sqlite3_step(st.get());
  if (rc == SQLITE_DONE) return std::optional<StoredDocument>();
  if (rc != SQLITE_ROW) return Error{std::string("database: ") + sqlite3_errmsg(db_)};
  return std::optional<StoredDocument>(document_row(st.get()));
}

Result<std::vector<StoredDocument>> Store::documents() const {
  std::vector<StoredDocument> out;
  auto s = for_each_document([&](const StoredDocument& d) -> Status {
    out.push_back(d);
    return Ok{};
  });
  if (!s) return s.error();
  return out;
}

Status Store::for_each_document(const std::function<Status(const StoredDocument& doc)>& f) const {
  Stmt st(db_, (std::string(kDocumentColumns) + "ORDER BY d.seq").c_str());
  if (!st.ok()) return Error{std::string("database: ") + sqlite3_errmsg(db_)};
  int rc;
  while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
    if (auto s = f(document_row(st.get())); !s) return s;
  }
  if (rc != SQLITE_DONE) return Error{std::string("database: ") + sqlite3_errmsg(db_)};
  return Ok{};
}

Result<DuplicatePage> Store::duplicates(const std::string& document, int64_t offset,
                                        int64_t limit) const {
  DuplicatePage page;
  const char* columns =
      "SELECT a.id, b.id, p.exact, p.near_duplicate, p.similarity, p.containment, "
      "p.paragraphs_of_a_repeated, p.passages FROM document_duplicates p "
      "JOIN documents a ON a.seq = p.a_seq JOIN documents b ON b.seq = p.b_seq ";
  std::string count_sql, page_sql;
  if (document.empty()) {
    // Kept by replace_corpus_view (in the same transaction as the pairs).
    count_sql =
        "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM index_meta WHERE key = "
        "'duplicate_pairs'), (SELECT count(*) FROM document_duplicates))";
    // The page's keys are found in the narrow index on b_seq (it holds b_seq, a_seq: 12 bytes
    // a pair), not by walking the rows with their passages: at 2 million pairs, offset 2,000,000
    // takes a fraction of a second instead of 6 s.
    page_sql = std::string(columns) +
               "JOIN (SELECT a_seq AS ka, b_seq AS kb FROM document_duplicates "
               "INDEXED BY document_duplicates_b ORDER BY b_seq, a_seq LIMIT ?2 OFFSET ?3) k "
               "ON p.a_seq = k.ka AND p.b_seq = k.kb ORDER BY k.kb, k.ka";
  } else {
    // Both sides of the document by their keys (a_seq: the primary key, b_seq: its index).
    const char* seq = "(SELECT seq FROM documents WHERE id = ?1)";
    count_sql = std::string("SELECT (SELECT count(*) FROM document_duplicates WHERE a_seq = ") +
                seq + ") + (SELECT count(*) FROM document_duplicates WHERE b_seq = " + seq + ")";
    // Ordered by the later, then the earlier document's insertion, as the whole list.
    page_sql = std::string("SELECT a, b, exact, near_duplicate, similarity, containment, rep, "
                           "passages FROM (") +
               "SELECT a.id AS a, b.id AS b, p.exact AS exact, p.near_duplicate AS near_duplicate,"
               " p.similarity AS similarity, p.containment AS containment,"
               " p.paragraphs_of_a_repeated AS rep, p.passages AS passages, p.a_seq AS s1,"
               " p.b_seq AS s2 FROM document_duplicates p JOIN documents a ON a.seq = p.a_seq "
               "JOIN documents b ON b.seq = p.b_seq WHERE p.a_seq = " + seq +
               " OR p.b_seq = " + seq + ") ORDER BY s2, s1 LIMIT ?2 OFFSET ?3";
  }
  {
    Stmt st(db_, count_sql.c_str());
    if (!st.ok()) return Error{std::string("database: ") + sqlite3_errmsg(db_)};
    if (!document.empty()) st.text(1, document);
    if (sqlite3_step(st.get()) != SQLITE_ROW)
      return Error{std::string("database: ") + sqlite3_errmsg(db_)};
    page.total = sqlite3_column_int64(st.get(), 0);
  }
  if (limit <= 0 || offset >= page.total) return page;
  Stmt st(db_, page_sql.c_str());
  if (!st.ok()) return Error{std::string("database: ") + sqlite3_errmsg(db_)};
  if (!document.empty()) st.text(1, document);
  st.integer(2, limit);
  st.integer(3, std::max<int64_t>(offset, 0));
  int rc;
  while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
    auto col = [&](int i) {
      const unsigned char* t = sqlite3_column_text(st.get(), i);
      return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
    };
    StoredDuplicate p;
    p.a = col(0);
    p.b = col(1);
    p.exact = sqlite3_column_int(st.get(), 2) != 0;
    p.near_duplicate = sqlite3_column_int(st.get(), 3) != 0;
    p.similarity = sqlite3_column_double(st.get(), 4);
    p.containment = sqlite3_column_double(st.get(), 5);
    p.paragraphs_of_a_repeated = sqlite3_column_int(st.get(), 6);
    p.passages = col(7);
    page.pairs.push_back(std::move(p));
  }
  if (rc != SQLITE_DONE) return Error{std::string("database: ") + sqlite3_errmsg(db_)};
  return page;
}

}  // namespace kabar::store

namespace kabar::store {

namespace {

// One "[]"-typed field of the corpus object: absent means empty; anything but an array fails.
Result<nlohmann::json> array_field(const nlohmann::json& corpus, const char* key) {
  auto it = corpus.find(key);
  if (it == corpus.end() || it->is_null()) return nlohmann::json::array();
  if (!it->is_array()) return Error{std::string("corpus view: \"") + key + "\" is not an array"};
  return *it;
}

std::vector<std::string> string_list(const nlohmann::json& obj, const char* key) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

Status Store::write_rows(const CorpusViewRows& rows) {
  auto fail = [&](const std::string& what) -> Status {
    return Error{"corpus view: cannot " + what + " (" + sqlite3_errmsg(db_) + ")"};
  };
  const std::vector<std::string>& ids = *rows.ids;
  // The seq of each corpus document (0: not stored).
  std::vector<int64_t> seq(ids.size(), 0);
  {
    std::unordered_map<std::string_view, size_t> index;
    index.reserve(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) index.emplace(ids[i], i);
    Stmt all(db_, "SELECT id, seq FROM documents");
    if (!all.ok()) return fail("read document numbers");
    while (sqlite3_step(all.get()) == SQLITE_ROW) {
      const char* t = reinterpret_cast<const char*>(sqlite3_column_text(all.get(), 0));
      if (!t) continue;
      auto it = index.find(std::string_view(t, size_t(sqlite3_column_bytes(all.get(), 0))));
      if (it != index.end()) seq[it->second] = sqlite3_column_int64(all.get(), 1);
    }
  }

  // Duplicate pairs: those whose later document was compared in this refresh (or all).
  const size_t from = rows.unchanged_before;
  if (from == 0 || from > ids.size() || seq[from - 1] == 0) {
    if (auto s = exec("DELETE FROM document_duplicates"); !s) return s;
  } else {
    // Sequence numbers grow with the corpus order: pairs of a later document have b_seq
    // above the last unchanged document's.
    Stmt del(db_, "DELETE FROM document_duplicates WHERE b_seq > ?1");
    if (!del.ok()) return fail("prepare");
    del.integer(1, seq[from - 1]);
    if (sqlite3_step(del.get()) != SQLITE_DONE) return fail("delete duplicate pairs");
  }
  const size_t keep_before =
      from == 0 || from > ids.size() || seq[from - 1] == 0 ? 0 : from;
  const auto& pairs = *rows.duplicates;
  std::vector<uint32_t> order;  // written in primary-key order: appends, not random inserts
  for (size_t k = 0; k < pairs.size(); ++k) {
    const auto& p = pairs[k];
    if (p.a < 0 || p.b < 0 || size_t(p.a) >= ids.size() || size_t(p.b) >= ids.size()) continue;
    if (size_t(p.b) < keep_before || seq[p.a] == 0 || seq[p.b] == 0) continue;
    order.push_back(static_cast<uint32_t>(k));
  }
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    const auto &p = pairs[x], &q = pairs[y];
    return std::pair(seq[p.a], seq[p.b]) < std::pair(seq[q.a], seq[q.b]);
  });
  {
    Stmt put(db_,
             "INSERT OR REPLACE INTO document_duplicates (a_seq, b_seq, exact, near_duplicate, "
             "similarity, containment, paragraphs_of_a_repeated, passages) "
             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!put.ok()) return fail("prepare");
    std::string passages;
    for (uint32_t k : order) {
      const auto& p = pairs[k];
      passages.assign("[");
      for (const auto& x : p.passages) {
        if (passages.size() > 1) passages += ',';
        passages += '[';
        passages += std::to_string(x.a.start) + ',' + std::to_string(x.a.end) + ',' +
                    std::to_string(x.b.start) + ',' + std::to_string(x.b.end) + ',' +
                    std::to_string(x.tokens);
        passages += ']';
      }
      passages += ']';
      sqlite3_reset(put.get());
      put.integer(1, seq[p.a]);
      put.integer(2, seq[p.b]);
      put.integer(3, p.exact ? 1 : 0);
      put.integer(4, p.near_duplicate ? 1 : 0);
      sqlite3_bind_double(put.get(), 5, p.jaccard);
      sqlite3_bind_double(put.get(), 6, p.containment);
      put.integer(7, p.paragraphs_of_a_repeated);
      put.text(8, passages);
      if (sqlite3_step(put.get()) != SQLITE_DONE) return fail("store duplicate pairs");
    }
  }

  // GET /api/duplicates reads the number of pairs here rather than counting millions of rows.
  if (auto s = exec("INSERT OR REPLACE INTO index_meta (key, value) VALUES ('duplicate_pairs', "
                    "(SELECT count(*) FROM document_duplicates))");
      !s) {
    return s;
  }

  // Links: written only where they changed (entity clusters grow as documents come).
  if (rows.links) {
    Stmt put(db_,
             "INSERT INTO document_links (doc_seq, links) VALUES (?1, ?2) "
             "ON CONFLICT (doc_seq) DO UPDATE SET links = excluded.links "
             "WHERE links IS NOT excluded.links");
    if (!put.ok()) return fail("prepare");
    for (size_t i = 0; i < ids.size(); ++i) {
      if (seq[i] == 0) continue;
      sqlite3_reset(put.get());
      put.integer(1, seq[i]);
      put.text(2, rows.links(i));
      if (sqlite3_step(put.get()) != SQLITE_DONE) return fail("store links");
    }
  }
  return Ok{};
}

Status Store::replace_corpus_view(const nlohmann::json& corpus, std::string_view state,
                                  const CorpusViewRows* rows) {
  if (!corpus.is_object()) return Error{"corpus view: expected a JSON object"};
  if (rows && (!rows->ids || !rows->duplicates))
    return Error{"corpus view: rows without ids or duplicate pairs"};
  // Everything but the documents, the duplicate pairs and the links (they have tables of their
  // own): stories, entities, claims and any further corpus-level keys (e.g. document_count).
  nlohmann::json view = corpus;
  view.erase("documents");
  view.erase("duplicates");
  view.erase("links");
  for (const char* key : {"stories", "entities", "claims"}) {
    auto field = array_field(corpus, key);
    if (!field) return field.error();
    for (const auto& item : *field) {
      if (!item.is_object())
        return Error{std::string("corpus view: an item of \"") + key + "\" is not an object"};
    }
    view[key] = std::move(*field);
  }
  for (const auto& s : view["stories"])
    if (!s.contains("id") || !s["id"].is_string())
      return Error{"corpus view: a story has no string \"id\""};
  for (const auto& e : view["entities"])
    if (!e.contains("name") || !e["name"].is_string())
      return Error{"corpus view: an entity has no string \"name\""};
  const std::string text = view.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

  if (auto s = exec("BEGIN IMMEDIATE"); !s) return s.error();
  auto fail = [&](const std::string& what) {
    std::string msg = sqlite3_errmsg(db_);
    exec("ROLLBACK");
    return Error{"corpus view: cannot " + what + " (" + msg + ")"};
  };
  {
    Stmt put(db_,
             "INSERT OR REPLACE INTO corpus_view (id, json, updated_at, state) VALUES (1, ?1, ?2, ?3)");
    Stmt seq_of(db_, "SELECT seq FROM documents WHERE id = ?1");
    Stmt story(db_, "INSERT OR IGNORE INTO document_stories (doc_seq, story) VALUES (?1, ?2)");
    Stmt ent(db_,
             "INSERT OR IGNORE INTO document_entities (doc_seq, source, name, canonical) "
             "VALUES (?1, 1, ?2, ?3)");
    if (!put.ok() || !seq_of.ok() || !story.ok() || !ent.ok()) return fail("prepare");
    put.text(1, text);
    put.text(2, now_iso());
    if (state.empty())
      sqlite3_bind_null(put.get(), 3);
    else
      put.blob(3, state);
    if (sqlite3_step(put.get()) != SQLITE_DONE) return fail("store it");
    if (auto s =
            exec("DELETE FROM document_stories; DELETE FROM document_entities WHERE source = 1;");
        !s) {
      exec("ROLLBACK");
      return s.error();
    }
    std::unordered_map<std::string, int64_t> seqs;  // 0: not stored
    auto lookup = [&](const std::string& id) -> int64_t {
      auto [it, fresh] = seqs.emplace(id, 0);
      if (fresh) {
        sqlite3_reset(seq_of.get());
        seq_of.text(1, id);
        if (sqlite3_step(seq_of.get()) == SQLITE_ROW)
          it->second = sqlite3_column_int64(seq_of.get(), 0);
      }
      return it->second;
    };
    for (const auto& s : view["stories"]) {
      const std::string id = s["id"].get<std::string>();
      for (const std::string& doc : string_list(s, "documents")) {
        int64_t seq = lookup(doc);
        if (seq == 0) continue;
        sqlite3_reset(story.get());
        story.integer(1, seq);
        story.text(2, id);
        if (sqlite3_step(story.get()) != SQLITE_DONE) return fail("store story membership");
      }
    }
    int64_t entity_names = 0;
    for (const auto& e : view["entities"]) {
      const std::string name = e["name"].get<std::string>();
      std::vector<std::string> names = string_list(e, "variants");
      names.push_back(name);
      for (const std::string& doc : string_list(e, "documents")) {
        int64_t seq = lookup(doc);
        if (seq == 0) continue;
        for (const std::string& n : names) {
          std::string key = entity_key(n);
          if (key.empty()) continue;
          sqlite3_reset(ent.get());
          ent.integer(1, seq);
          ent.text(2, key);
          ent.text(3, name);
          if (sqlite3_step(ent.get()) != SQLITE_DONE) return fail("store entity names");
          ++entity_names;
        }
      }
    }
    if (rows) {
      if (auto s = write_rows(*rows); !s) {
        exec("ROLLBACK");
        return s.error();
      }
    }
    // Search reads this to choose corpus-view names for its entity facet without a scan.
    std::string meta =
        "INSERT OR REPLACE INTO index_meta (key, value) VALUES ('corpus_entity_names', '" +
        std::to_string(entity_names) + "')";
    if (auto s = exec(meta.c_str()); !s) {
      exec("ROLLBACK");
      return s.error();
    }
  }
  if (auto s = exec("COMMIT"); !s) {
    exec("ROLLBACK");
    return s.error();
  }
  return Ok{};
}

namespace {

// The bytes of the one value `sql` selects (text or blob); empty when there is no row or NULL.
Result<std::string> one_value(sqlite3* db, const char* sql) {
  Stmt st(db, sql);
  if (!st.ok()) return Error{std::string("database: ") + sqlite3_errmsg(db)};
  int rc = sqlite3_step(st.get());
  if (rc == SQLITE_DONE) return std::string();
  if (rc != SQLITE_ROW) return Error{std::string("database: ") + sqlite3_errmsg(db)};
  const void* b = sqlite3_column_blob(st.get(), 0);
  return b ? std::string(static_cast<const char*>(b), size_t(sqlite3_column_bytes(st.get(), 0)))
           : std::string();
}

}  // namespace

Result<std::string> Store::corpus_view() const {
  return one_value(db_, "SELECT json FROM corpus_view WHERE id = 1");
}

Result<std::optional<int64_t>> Store::corpus_view_document_count() const {
  Stmt st(db_,
          "SELECT json_extract(json, '$.document_count') FROM corpus_view "
          "WHERE id = 1 AND json_valid(json)");
  if (!st.ok()) return Error{std::string("database: ") + sqlite3_errmsg(db_)};
  int rc = sqlite3_step(st.get());
  if (rc == SQLITE_DONE || (rc == SQLITE_ROW && sqlite3_column_type(st.get(), 0) != SQLITE_INTEGER))
    return std::optional<int64_t>();
  if (rc != SQLITE_ROW) return Error{std::string("database: ") + sqlite3_errmsg(db_)};
  return std::optional<int64_t>(sqlite3_column_int64(st.get(), 0));
}

Result<std::string> Store::corpus_state() const {
  return one_value(db_, "SELECT state FROM corpus_view WHERE id = 1");
}

Status Store::for_each_record(
    const std::function<Status(const std::string& id, std::string_view record)>& f) const {
  Stmt st(db_,
          "SELECT d.id, r.data FROM documents d LEFT JOIN corpus_records r ON r.doc_seq = d.seq "
          "ORDER BY d.seq");
  if (!st.ok()) return Error{std::string("database: ") + sqlite3_errmsg(db_)};
  std::string id;
  int rc;
  while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(st.get(), 0);
    id.assign(t ? reinterpret_cast<const char*>(t) : "");
    const void* b = sqlite3_column_blob(st.get(), 1);
    std::string_view record =
        b ? std::string_view(static_cast<const char*>(b), size_t(sqlite3_column_bytes(st.get(), 1)))
          : std::string_view();
    if (auto s = f(id, record); !s) return s;
  }
  if (rc != SQLITE_DONE) return Error{std::string("database: ") + sqlite3_errmsg(db_)};
  return Ok{};
}

Status Store::put_records(const std::vector<std::pair<std::string, std::string>>& records) {
  if (auto s = exec("BEGIN IMMEDIATE"); !s) return s.error();
  {
    Stmt put(db_,
             "INSERT OR REPLACE INTO corpus_records (doc_seq, data) "
             "SELECT seq, ?2 FROM documents WHERE id = ?1");
    if (!put.ok()) {
      std::string msg = sqlite3_errmsg(db_);
      exec("ROLLBACK");
      return Error{"database: " + msg};
    }
    for (const auto& [id, data] : records) {
      sqlite3_reset(put.get());
      put.text(1, id);
      put.blob(2, data);
      if (sqlite3_step(put.get()) != SQLITE_DONE) {
        std::string msg = sqlite3_errmsg(db_);
        exec("ROLLBACK");
        return Error{"database: cannot store corpus records (" + msg + ")"};
      }
    }
  }
  if (auto s = exec("COMMIT"); !s) {
    exec("ROLLBACK");
    return s.error();
  }
  return Ok{};
}

Status Store::check_integrity() const {
  const std::string name = sqlite3_db_filename(db_, "main");
  {
    Stmt st(db_, "PRAGMA integrity_check");
    if (!st.ok())
      return Error{name + ": integrity check failed to run (" + sqlite3_errmsg(db_) + ")"};
    std::string problems;
    while (sqlite3_step(st.get()) == SQLITE_ROW) {
      const unsigned char* t = sqlite3_column_text(st.get(), 0);
      std::string row = t ? reinterpret_cast<const char*>(t) : "";
      if (row == "ok") continue;
      if (!problems.empty()) problems += "; ";
      problems += row;
    }
    if (!problems.empty()) return Error{name + ": integrity check: " + problems};
  }
  // FTS5 compares its index with the documents it was built from (rank 1: the external content
  // table too); it fails with SQLITE_CORRUPT_VTAB when they disagree.
  if (auto s = exec("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)");
      !s) {
    return Error{name + ": search index does not match the documents (" + s.error().message + ")"};
  }
  return Ok{};
}

}  // namespace kabar::store
