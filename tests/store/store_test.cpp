#include "kabar/store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "kabar/core/hash.h"

namespace fs = std::filesystem;
using kabar::store::Store;

namespace {

fs::path temp_db(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("kabar_store_" + std::to_string(getpid()));
  fs::create_directories(dir);
  fs::path p = dir / name;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix);
  return p;
}

kabar::extract::Analysis make(const std::string& text, const std::string& path) {
  kabar::extract::Analysis a;
  a.doc.text = text;
  a.doc.id = kabar::content_id(text);
  a.doc.path = path;
  a.published.date = "2024-08-02";
  a.provenance.outlet = "Kompas.com";
  return a;
}

}  // namespace

TEST(Store, CreatesAndMigratesToLatestSchema) {
  fs::path db = temp_db("new.db");
  auto s = Store::open(db);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ((*s)->schema_version(), Store::latest_schema_version());
  EXPECT_EQ((*s)->count(), 0);
}

TEST(Store, DocumentsAreKeyedByContentHash) {
  fs::path db = temp_db("dedupe.db");
  auto s = Store::open(db);
  ASSERT_TRUE(s);
  auto a = make("Banjir melanda Kudus.", "a.txt");
  auto b = make("Gempa mengguncang Cianjur.", "b.txt");
  auto a_again = make("Banjir melanda Kudus.", "copy-of-a.txt");
  auto added = (*s)->add({&a, &b});
  ASSERT_TRUE(added);
  EXPECT_EQ(*added, 2);
  auto again = (*s)->add({&a_again});
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
  EXPECT_EQ((*s)->count(), 2);
  EXPECT_TRUE((*s)->contains(a.doc.id));
  EXPECT_FALSE((*s)->contains(kabar::content_id("something else")));
}

TEST(Store, ReopeningKeepsEverything) {
  fs::path db = temp_db("reopen.db");
  {
    auto s = Store::open(db);
    ASSERT_TRUE(s);
    auto a = make("Harga cabai naik di pasar.", "a.txt");
    ASSERT_TRUE((*s)->add({&a}));
  }
  auto s = Store::open(db);
  ASSERT_TRUE(s);
  auto docs = (*s)->documents();
  ASSERT_TRUE(docs);
  ASSERT_EQ(docs->size(), 1u);
  EXPECT_EQ((*docs)[0].path, "a.txt");
  EXPECT_NE((*docs)[0].analysis_json.find("\"outlet\":\"Kompas.com\""), std::string::npos);
}

TEST(Store, RefusesAFileThatIsNotADatabase) {
  fs::path db = temp_db("text.db");
  std::ofstream(db) << "plain text, not SQLite, long enough to look like a header of something..........";
  auto s = Store::open(db);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find(db.string()), std::string::npos);
}

TEST(Store, RefusesANewerSchema) {
  fs::path db = temp_db("newer.db");
  {
    auto s = Store::open(db);
    ASSERT_TRUE(s);
  }
  std::string cmd = "sqlite3 '" + db.string() + "' 'PRAGMA user_version=999' 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "sqlite3 shell not available";
  auto s = Store::open(db);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("newer"), std::string::npos);
}

TEST(Store, KeepsCorpusRecordsWithTheirDocumentsInInsertionOrder) {
  fs::path db = temp_db("records.db");
  auto s = Store::open(db);
  ASSERT_TRUE(s);
  auto a = make("Banjir melanda Kudus.", "a.txt");
  auto b = make("Gempa mengguncang Cianjur.", "b.txt");
  auto c = make("Harga beras naik lagi.", "c.txt");
  b.published.date = "2023-01-01";  // stored before a by date, but seq keeps input order
  std::string binary("rec\0a\xff", 6);
  ASSERT_TRUE((*s)->add({&a, &b}, {binary, ""}));
  ASSERT_TRUE((*s)->add({&c}));
  std::vector<std::pair<std::string, std::string>> seen;
  auto collect = [&](const std::string& id, std::string_view r) -> kabar::Status {
    seen.emplace_back(id, std::string(r));
    return kabar::Ok{};
  };
  ASSERT_TRUE((*s)->for_each_record(collect));
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], std::make_pair(a.doc.id, binary));  // bytes kept exactly, NUL included
  EXPECT_EQ(seen[1], std::make_pair(b.doc.id, std::string()));
  EXPECT_EQ(seen[2], std::make_pair(c.doc.id, std::string()));
  // Backfill: records of stored documents by id; unknown ids are ignored.
  ASSERT_TRUE((*s)->put_records({{c.doc.id, "rc"}, {kabar::content_id("not stored"), "x"}}));
  seen.clear();
  ASSERT_TRUE((*s)->for_each_record(collect));
  EXPECT_EQ(seen[2].second, "rc");
  // The visitor's error stops the walk and comes back.
  int calls = 0;
  auto stop = (*s)->for_each_record([&](const std::string&, std::string_view) -> kabar::Status {
    ++calls;
    return kabar::Error{"enough"};
  });
  ASSERT_FALSE(stop);
  EXPECT_EQ(stop.error().message, "enough");
  EXPECT_EQ(calls, 1);
}

TEST(Store, StoresTheCorpusStateWithTheView) {
  fs::path db = temp_db("state.db");
  auto s = Store::open(db);
  ASSERT_TRUE(s);
  auto state = (*s)->corpus_state();
  ASSERT_TRUE(state);
  EXPECT_TRUE(state->empty());
  std::string blob("st\0ate", 6);
  nlohmann::json view = {{"stories", nlohmann::json::array()},
                         {"entities", nlohmann::json::array()},
                         {"claims", nlohmann::json::array()}};
  ASSERT_TRUE((*s)->replace_corpus_view(view, blob));
  state = (*s)->corpus_state();
  ASSERT_TRUE(state);
  EXPECT_EQ(*state, blob);
  // A view replaced without a state drops the old state (it no longer describes the view).
  ASSERT_TRUE((*s)->replace_corpus_view(view));
  state = (*s)->corpus_state();
  ASSERT_TRUE(state);
  EXPECT_TRUE(state->empty());
}

// Store::begin: the batches added until commit() are one transaction (another connection sees
// none of them before, all after); a batch that fails inside it rolls all of them back, says
// so, and ends the transaction, so the next add() is a transaction of its own again.
TEST(Store, BatchesJoinOneTransactionUntilCommit) {
  fs::path db = temp_db("joined.db");
  auto s = Store::open(db);
  ASSERT_TRUE(s) << s.error().message;
  auto reader = Store::open(db);
  ASSERT_TRUE(reader) << reader.error().message;
  auto a = make("Banjir melanda Kudus.", "a.txt");
  auto b = make("Gempa mengguncang Cianjur.", "b.txt");
  ASSERT_TRUE((*s)->begin());
  EXPECT_FALSE((*s)->begin());  // one at a time
  ASSERT_TRUE((*s)->add({&a}));
  ASSERT_TRUE((*s)->add({&b}));
  EXPECT_EQ((*s)->count(), 2);
  EXPECT_EQ((*reader)->count(), 0);
  ASSERT_TRUE((*s)->commit());
  EXPECT_EQ((*reader)->count(), 2);
  EXPECT_TRUE((*s)->commit());  // none open: nothing to do

  // A name that makes storing its document fail (a trigger of the test's own).
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw,
                         "CREATE TRIGGER test_refuse BEFORE INSERT ON document_entities "
                         "WHEN new.name = 'gagal' BEGIN SELECT RAISE(ABORT, 'refused'); END;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto c = make("Harga cabai naik di pasar.", "c.txt");
  auto d = make("Gagal panen di Brebes.", "d.txt");
  kabar::extract::EntityMention gagal;
  gagal.text = "Gagal";
  d.entities.push_back(gagal);
  ASSERT_TRUE((*s)->begin());
  ASSERT_TRUE((*s)->add({&c}));
  auto failed = (*s)->add({&d});
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find("d.txt"), std::string::npos) << failed.error().message;
  EXPECT_NE(failed.error().message.find("rolled back too"), std::string::npos)
      << failed.error().message;
  EXPECT_FALSE((*s)->contains(c.doc.id));  // rolled back with d
  EXPECT_EQ((*s)->count(), 2);
  auto alone = (*s)->add({&c});  // its own transaction again
  ASSERT_TRUE(alone) << alone.error().message;
  EXPECT_EQ(*alone, 1);
  EXPECT_EQ((*reader)->count(), 3);
}

TEST(Store, ConnectionSettingsKeepFreedPagesUnzeroed) {
  // Debian's SQLite zeroes every freed page (SECURE_DELETE); FTS5 frees each segment it merges,
  // so the store's connection settings turn that off (docs/PERFORMANCE.md, session 8).
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(temp_db("pragmas.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, Store::pragmas(), nullptr, nullptr, nullptr), SQLITE_OK);
  auto pragma = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(st), SQLITE_ROW);
    std::string v = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
  };
  EXPECT_EQ(pragma("PRAGMA secure_delete"), "0");
  EXPECT_EQ(pragma("PRAGMA journal_mode"), "wal");
  sqlite3_close(db);
}
