#include "kabar/store/store.h"

#include <sqlite3.h>

#include <chrono>

#include "kabar/corpus/json.h"

namespace kabar::store {

namespace {

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
  Stmt(sqlite3* db, const char* sql) { ok_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) == SQLITE_OK; }
  ~Stmt() { sqlite3_finalize(s_); }
  bool ok() const { return ok_; }
  sqlite3_stmt* get() const { return s_; }
  void text(int i, const std::string& v) { sqlite3_bind_text(s_, i, v.data(), int(v.size()), SQLITE_TRANSIENT); }
  void text(int i, const std::optional<std::string>& v) {
    if (v) text(i, *v); else sqlite3_bind_null(s_, i);
  }
  void integer(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }

 private:
  sqlite3_stmt* s_ = nullptr;
  bool ok_ = false;
};

}  // namespace

int Store::latest_schema_version() { return kLatest; }

Status Store::exec(const char* sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Error{std::string(sqlite3_db_filename(db_, "main")) + ": " + msg};
  }
  return Ok{};
}

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Error{path.string() + ": cannot open database (" + msg + ")"};
  }
  sqlite3_busy_timeout(db, 10000);
  std::unique_ptr<Store> store(new Store(db));
  // Validate it is a database before migrating (a text file named kabar.db fails here).
  if (auto s = store->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"); !s) {
    return Error{path.string() + ": not a kabar database (" + s.error().message + ")"};
  }
  int version = store->schema_version();
  if (version > kLatest) {
    return Error{path.string() + ": database schema version " + std::to_string(version) +
                 " is newer than this kabar (" + std::to_string(kLatest) + ")"};
  }
  for (int v = version; v < kLatest; ++v) {
    std::string sql = std::string("BEGIN IMMEDIATE;") + kMigrations[v] +
                      "PRAGMA user_version=" + std::to_string(v + 1) + "; COMMIT;";
    if (auto s = store->exec(sql.c_str()); !s) {
      store->exec("ROLLBACK;");
      return Error{path.string() + ": migration to schema " + std::to_string(v + 1) +
                   " failed (" + s.error().message + ")"};
    }
  }
  return store;
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

Result<int> Store::add(const std::vector<const extract::Analysis*>& batch) {
  if (auto s = exec("BEGIN IMMEDIATE"); !s) return s.error();
  int added = 0;
  {
    Stmt st(db_,
            "INSERT OR IGNORE INTO documents (id, path, title, url, outlet, byline, dateline, "
            "published, published_inferred, language, text, analysis, ingested_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    if (!st.ok()) {
      std::string msg = sqlite3_errmsg(db_);
      exec("ROLLBACK");
      return Error{"database: " + msg};
    }
    const std::string now = now_iso();
    for (const extract::Analysis* a : batch) {
      sqlite3_reset(st.get());
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
        exec("ROLLBACK");
        return Error{a->doc.path + ": cannot store (" + msg + ")"};
      }
      added += sqlite3_changes(db_);
    }
  }
  if (auto s = exec("COMMIT"); !s) {
    exec("ROLLBACK");
    return s.error();
  }
  return added;
}

Result<std::vector<StoredDocument>> Store::documents() const {
  Stmt st(db_, "SELECT id, path, analysis FROM documents ORDER BY seq");
  if (!st.ok()) return Error{std::string("database: ") + sqlite3_errmsg(db_)};
  std::vector<StoredDocument> out;
  while (sqlite3_step(st.get()) == SQLITE_ROW) {
    auto col = [&](int i) {
      const unsigned char* t = sqlite3_column_text(st.get(), i);
      return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
    };
    out.push_back({col(0), col(1), col(2)});
  }
  return out;
}

}  // namespace kabar::store
