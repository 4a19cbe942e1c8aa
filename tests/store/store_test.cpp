#include "kabar/store/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

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
