// Crash safety (issue 9 item 7): `kabar ingest` killed with SIGKILL at random moments and
// restarted, with readers running all along. Afterwards every document is stored exactly once,
// complete and searchable, and the database passes SQLite's and FTS5's integrity checks.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "kabar/core/data_dir.h"
#include "kabar/search/search.h"
#include "kabar/store/fts.h"
#include "kabar/store/store.h"

namespace fs = std::filesystem;

namespace {

constexpr int kCopies = 25;  // × the sample's 13 .txt articles: 325 documents to start with
constexpr int kKillsWanted = 20;
constexpr int kMaxAttempts = 80;

std::string slurp_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Starts `kabar args...` with stdout/stderr sent to `log`; returns the child's pid.
pid_t spawn(const std::vector<std::string>& args, const fs::path& log) {
  pid_t pid = fork();
  if (pid == 0) {
    FILE* f = std::fopen(log.c_str(), "a");
    if (f) {
      dup2(fileno(f), 1);
      dup2(fileno(f), 2);
    }
    std::vector<char*> argv;
    std::string bin = KABAR_BINARY;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

struct Corpus {
  fs::path dir;
  std::map<std::string, std::string> marker_of_file;  // file name → its unique marker word
};

// Copies k in [first, last] of the sample's .txt articles, each with a sentence holding a marker
// word of its own so every file has a distinct content hash and can be found by that word.
void add_copies(Corpus& c, int first, int last) {
  fs::create_directories(c.dir);
  for (int k = first; k <= last; ++k) {
    int n = 0;
    for (const auto& e : fs::directory_iterator(KABAR_EXAMPLES_DIR "/corpus")) {
      if (e.path().extension() != ".txt") continue;
      std::string marker = "salinan" + std::to_string(k) + "q" + std::to_string(n++);
      std::string name = std::to_string(k) + "-" + e.path().filename().string();
      std::ofstream out(c.dir / name, std::ios::binary);
      out << slurp_file(e.path()) << "\n\nKode uji " << marker << ".\n";
      c.marker_of_file[name] = marker;
    }
  }
}

// In one read transaction: the number of documents and of documents the index finds by the word
// every copy holds. A document without its index entry (or the reverse) makes them differ.
struct Snapshot {
  int64_t documents = -1;
  int64_t indexed = -1;
  std::string error;
};

Snapshot snapshot(const fs::path& db_path) {
  Snapshot s;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    s.error = "open: " + std::string(sqlite3_errmsg(db));
    sqlite3_close(db);
    return s;
  }
  // A read-only connection cannot recover the WAL a killed writer left behind: it waits until
  // the next ingest opens the database and does, which on a loaded machine (the suite runs two
  // tests at a time) took more than 5 s once.
  sqlite3_busy_timeout(db, 30000);
  auto analyzer = kabar::store::IndexAnalyzer::shared(kabar::data_dir());
  if (!analyzer || !kabar::store::register_fts(db, *analyzer)) {
    s.error = "cannot register the tokenizer";
    sqlite3_close(db);
    return s;
  }
  auto count = [&](const char* sql, int64_t& out) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
      s.error = std::string(sql) + ": " + sqlite3_errmsg(db);
    } else {
      out = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
  };
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK) {
    count("SELECT count(*) FROM documents", s.documents);
    if (s.error.empty())
      count("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'uji'", s.indexed);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  sqlite3_close(db);
  // Before the first ingest created the schema there is nothing to compare.
  if (s.error.find("no such table") != std::string::npos) s = Snapshot{0, 0, ""};
  return s;
}

}  // namespace

TEST(CrashSafety, IngestKilledAtRandomMomentsLosesAndDuplicatesNothing) {
  const fs::path root = fs::temp_directory_path() / ("kabar_crash_" + std::to_string(getpid()));
  fs::remove_all(root);
  Corpus corpus{root / "corpus", {}};
  int copies = kCopies;
  add_copies(corpus, 1, copies);
  const fs::path db = root / "kabar.db";
  const fs::path log = root / "ingest.log";
  const std::vector<std::string> ingest = {
      "ingest", corpus.dir.string(), "--db", db.string(), "--batch", "8", "--threads", "2"};

  std::atomic<bool> stop{false};
  std::atomic<int> reader_runs{0}, search_runs{0};
  std::vector<std::string> reader_errors;
  std::mutex errors_mu;
  auto report = [&](std::string e) {
    std::lock_guard lock(errors_mu);
    if (reader_errors.size() < 10) reader_errors.push_back(std::move(e));
  };

  // Reader 1 (in process): index and documents always agree within one snapshot, and the
  // number of documents never goes down.
  std::thread snapshots([&] {
    int64_t last = 0;
    while (!stop) {
      if (fs::exists(db)) {
        Snapshot s = snapshot(db);
        if (!s.error.empty()) {
          report("snapshot: " + s.error);
        } else {
          if (s.documents != s.indexed)
            report("snapshot: " + std::to_string(s.documents) + " documents but " +
                   std::to_string(s.indexed) + " in the index");
          if (s.documents < last) report("snapshot: document count went down");
          last = s.documents;
          ++reader_runs;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  // Reader 2: the `kabar search` command itself, which must never fail while ingest runs.
  std::thread searches([&] {
    int n = 0;
    int64_t last = 0;
    while (!stop) {
      if (!fs::exists(db)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      fs::path out = root / ("search" + std::to_string(n++) + ".json");
      pid_t pid =
          spawn({"search", "uji", "--db", db.string(), "--format", "json", "--limit", "1000"}, out);
      int status = 0;
      waitpid(pid, &status, 0);
      std::string text = slurp_file(out);
      fs::remove(out);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        // Only in the first instants can the file exist before its schema does.
        if (text.find("not a kabar database") == std::string::npos || last > 0)
          report("kabar search failed: " + text.substr(0, 300));
        continue;
      }
      try {
        auto j = nlohmann::json::parse(text);
        int64_t total = j["total"].get<int64_t>();
        if (total != static_cast<int64_t>(j["hits"].size()))
          report("kabar search: total " + std::to_string(total) + " but " +
                 std::to_string(j["hits"].size()) + " hits");
        if (total < last) report("kabar search: total went down");
        last = total;
        ++search_runs;
      } catch (const std::exception& e) {
        report(std::string("kabar search: bad JSON: ") + e.what());
      }
    }
  });

  std::mt19937 rng(20241202);
  int max_delay_ms = 700;  // shrinks to what a whole run takes on a fast machine
  int kills = 0, attempts = 0, completed_early = 0;
  while (kills < kKillsWanted && attempts < kMaxAttempts) {
    ++attempts;
    const auto delay =
        std::chrono::milliseconds(std::uniform_int_distribution<int>(20, max_delay_ms)(rng));
    const auto started = std::chrono::steady_clock::now();
    pid_t pid = spawn(ingest, log);
    int status = 0;
    bool exited = false;
    while (std::chrono::steady_clock::now() - started < delay) {
      if (waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (!exited) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
    }
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
      ++kills;
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::string text = slurp_file(log);
      ADD_FAILURE() << "ingest failed on its own (status " << status
                    << "): " << text.substr(text.size() > 1000 ? text.size() - 1000 : 0);
      break;
    } else {
      // Finished before the kill (a fast machine): kill sooner, and give the next runs new
      // articles to store.
      auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - started);
      max_delay_ms = std::max(40, static_cast<int>(took.count() * 9 / 10));
      if (++completed_early > 30) break;
      add_copies(corpus, copies + 1, copies + 5);
      copies += 5;
    }
  }
  // Finally a run that is left to finish.
  pid_t pid = spawn(ingest, log);
  int status = 0;
  waitpid(pid, &status, 0);
  stop = true;
  snapshots.join();
  searches.join();

  EXPECT_GE(kills, kKillsWanted) << "ingest finished too soon to be killed often enough";
  std::string log_text = slurp_file(log);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "status " << status << "\n"
      << log_text.substr(log_text.size() > 2000 ? log_text.size() - 2000 : 0);
  for (const auto& e : reader_errors) ADD_FAILURE() << e;
  EXPECT_GT(reader_runs.load(), 0);
  EXPECT_GT(search_runs.load(), 0);

  auto store = kabar::store::Store::open(db);
  ASSERT_TRUE(store) << store.error().message;
  auto integrity = (*store)->check_integrity();
  EXPECT_TRUE(integrity) << (integrity ? "" : integrity.error().message);
  // Exactly once: one row per file, no two rows for the same file.
  EXPECT_EQ((*store)->count(), static_cast<int64_t>(corpus.marker_of_file.size()));
  auto docs = (*store)->documents();
  ASSERT_TRUE(docs);
  std::map<std::string, int> rows_per_file;
  for (const auto& d : *docs) {
    std::string name = fs::path(d.path).filename().string();
    ++rows_per_file[name];
    // Complete: the stored analysis is whole JSON for this document.
    auto j = nlohmann::json::parse(d.analysis_json, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << name;
    EXPECT_EQ(j["id"], d.id) << name;
    auto it = corpus.marker_of_file.find(name);
    ASSERT_NE(it, corpus.marker_of_file.end()) << name;
    EXPECT_NE(j["text"].get<std::string>().find(it->second), std::string::npos) << name;
  }
  for (const auto& [name, n] : rows_per_file) EXPECT_EQ(n, 1) << name;

  // Searchable: every file is found by its own marker word, and only that file.
  auto searcher = kabar::search::Searcher::open(db);
  ASSERT_TRUE(searcher) << searcher.error().message;
  for (const auto& [name, marker] : corpus.marker_of_file) {
    kabar::search::Query q;
    q.text = marker;
    q.facets = false;
    auto r = (*searcher)->run(q);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->total, 1) << marker;
    EXPECT_EQ(fs::path(r->hits[0].path).filename().string(), name);
  }
  std::cout << "[ crash    ] " << kills << " kills, " << reader_runs.load() << " snapshots and "
            << search_runs.load() << " `kabar search` runs during ingest, " << (*store)->count()
            << " documents\n";
  fs::remove_all(root);
}
