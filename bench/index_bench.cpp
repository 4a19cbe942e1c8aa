// Search index benchmark: indexing articles/s with kabar's FTS5 tokenizer (tokeniser + Indonesian
// stemmer) against FTS5's default unicode61 tokenizer, index size per article, and the latency of
// 2-word queries with a date filter through search::Searcher (p50/p99).
//
//   index_bench [--articles N] [--data DIR] [--queries Q] [--limit HITS] [--chronological]
//               [--batch N] [--fts NAME=VALUE] [--json FILE] [--keep DIR | --reuse DIR]
//               [--no-peer] [--index-only] [--exec SQL]
//
// Articles are the IndoSum dev folds (../shared/data/news-indosum-devfolds), read by kabar's
// JSON-lines reader, repeated with edits (a sentence dropped, sentences rotated, a numbered
// closing line, a publication date spread over two years) up to N (default 100,000). Nothing is
// written outside a temporary folder. The annotators are not run: the texts are fed as stored.
// Each run checks its output before reporting (row counts; every query word is found).
// --no-peer skips the unicode61 table (to profile the kabar row alone); --index-only runs only
// the two bare tables with the store's settings, unicode61 and kabar, and no queries (for A/B
// runs and profiles of the indexing target); --exec SQL runs SQL on
// the kabar store before indexing (to try a schema change: the output checks are then skipped).
#include <sqlite3.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "kabar/core/data_dir.h"
#include "kabar/core/hash.h"
#include "kabar/ingest/reader.h"
#include "kabar/search/search.h"
#include "kabar/store/fts.h"
#include "kabar/store/store.h"
#include "bench_util.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Article {
  std::string title;
  std::vector<std::string> sentences;
};

struct Synth {
  std::string id, title, text, published, outlet;
  std::vector<std::string> names;  // capitalised words standing in for entity names
};

const char* const kOutlets[] = {"Kompas.com",    "Tempo.co",  "Antara",  "Detik",
                                "CNN Indonesia", "Republika", "Okezone", "Liputan6"};

[[noreturn]] void die(const std::string& msg) {
  std::fprintf(stderr, "index_bench: %s\n", msg.c_str());
  std::exit(1);
}

void check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    die(std::string(what) + ": " + sqlite3_errmsg(db));
}

void exec(sqlite3* db, const std::string& sql) {
  check(db, sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), sql.c_str());
}

std::vector<std::string> split_sentences(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((text[i] == '.' || text[i] == '\n') &&
        (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n')) {
      std::string s = text.substr(start, i + 1 - start);
      size_t b = s.find_first_not_of(" \n");
      if (b != std::string::npos) out.push_back(s.substr(b));
      start = i + 1;
    }
  }
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

std::vector<Article> load_articles(const fs::path& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".jsonl") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  std::vector<Article> out;
  std::unordered_set<std::string> seen;
  kabar::ingest::read_paths(files, {}, [&](kabar::ingest::ReadResult r) {
    if (!r || !seen.insert(r->id).second) return;
    Article a;
    a.title = r->meta.title.value_or("");
    a.sentences = split_sentences(r->text);
    if (a.sentences.size() >= 2) out.push_back(std::move(a));
  });
  return out;
}

// Copy `n` of the base articles, edited so no two texts are equal.
// `chronological`: publication dates rise with n (an archive ingested day by day); otherwise
// each copy gets a random day of the two years.
Synth synthesise(const std::vector<Article>& base, size_t n, size_t total, bool chronological,
                 std::mt19937& rng) {
  const Article& a = base[n % base.size()];
  const size_t round = n / base.size();
  Synth s;
  std::vector<std::string> sent = a.sentences;
  if (round > 0) {
    sent.erase(sent.begin() + static_cast<long>(rng() % sent.size()));
    if (sent.size() > 3)
      std::rotate(sent.begin() + 1, sent.begin() + 1 + static_cast<long>(rng() % (sent.size() - 1)),
                  sent.end());
  }
  for (const auto& x : sent) {
    if (!s.text.empty()) s.text += ' ';
    s.text += x;
  }
  s.text += "\n\nLaporan nomor " + std::to_string(n) + " dari meja redaksi.";
  s.title = a.title.empty() ? sent.front().substr(0, 80) : a.title;
  if (round > 0) s.title += " (" + std::to_string(round) + ")";
  s.id = kabar::content_id(s.text);
  std::uniform_int_distribution<int> day(0, 729);
  int d = day(rng);
  if (chronological) d = static_cast<int>(n * 730 / std::max<size_t>(1, total));
  int year = 2023 + d / 365, doy = d % 365, month = std::min(12, doy / 31 + 1), dom = doy % 28 + 1;
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year, month, dom);
  s.published = buf;
  s.outlet = kOutlets[rng() % (sizeof(kOutlets) / sizeof(kOutlets[0]))];
  std::set<std::string> names;
  for (size_t i = 1; i < s.text.size() && names.size() < 8; ++i) {
    if (s.text[i - 1] == ' ' && s.text[i] >= 'A' && s.text[i] <= 'Z') {
      size_t e = s.text.find_first_of(" .,;:\"()\n", i);
      std::string w = s.text.substr(i, e == std::string::npos ? std::string::npos : e - i);
      if (w.size() > 3) names.insert(w);
    }
  }
  s.names.assign(names.begin(), names.end());
  return s;
}

// Articles per transaction (`kabar ingest` writes batches of 512; --batch N).
size_t g_batch = 1000;

struct IndexRun {
  double seconds = 0;  // inserting documents + index (trigger), in transactions of 1,000
  double cpu = 0;      // the same, CPU seconds of this thread
  int64_t rows = 0;
  double index_bytes = 0;  // FTS5 shadow tables
  double mb = 0;           // text fed
  double written = 0;      // bytes written to the database and its WAL while indexing
};

int64_t scalar(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  check(db, sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), sql.c_str());
  check(db, sqlite3_step(st), sql.c_str());
  int64_t v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

double fts_bytes(sqlite3* db) {
  // dbstat is compiled into Debian's SQLite; sum the pages of the FTS5 shadow tables.
  return static_cast<double>(
      scalar(db, "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'documents_fts_%'"));
}

// The same `n` articles for every table (one seed); `mb` receives their megabytes of text.
std::vector<Synth> synthesise_all(const std::vector<Article>& base, size_t n, bool chronological,
                                  double& mb) {
  std::mt19937 rng(42);
  std::vector<Synth> docs;
  docs.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    docs.push_back(synthesise(base, i, n, chronological, rng));
    mb += static_cast<double>(docs.back().text.size() + docs.back().title.size()) / 1e6;
  }
  return docs;
}

// Inserts `n` synthesised articles into `db`, whose documents table has an FTS5 index kept by
// triggers. `store_schema`: the real store (all columns, entity names); else a bench table.
IndexRun index_articles(sqlite3* db, const std::vector<Article>& base, size_t n, bool store_schema,
                        bool chronological) {
  sqlite3_stmt* doc = nullptr;
  sqlite3_stmt* ent = nullptr;
  const char* doc_sql = store_schema
                            ? "INSERT INTO documents (id, path, title, outlet, published, "
                              "language, text, analysis, ingested_at, seq) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, 'id', ?6, '{}', '2024-01-01T00:00:00Z',"
                              " ?7)"
                            : "INSERT INTO documents (id, path, title, outlet, published, text) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  check(db, sqlite3_prepare_v2(db, doc_sql, -1, &doc, nullptr), doc_sql);
  if (store_schema) {
    check(db,
          sqlite3_prepare_v2(
              db,
              "INSERT OR IGNORE INTO document_entities (doc_seq, source, name, canonical) "
              "VALUES (?1, 0, kabar_lower(?2), ?2)",
              -1, &ent, nullptr),
          "entities");
  }
  // Synthesise outside the timed part.
  IndexRun run;
  std::vector<Synth> docs = synthesise_all(base, n, chronological, run.mb);
  // The store's order of insertion (Store::add): each batch by publication date, each document
  // with the seq of its place in the input, so the full-text keys rise within a transaction.
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  if (store_schema) {
    for (size_t b = 0; b < n; b += g_batch) {
      std::stable_sort(order.begin() + static_cast<long>(b),
                       order.begin() + static_cast<long>(std::min(n, b + g_batch)),
                       [&](size_t x, size_t y) { return docs[x].published < docs[y].published; });
    }
  }
  auto t0 = Clock::now();
  double c0 = kabar::bench::cpu_seconds();
  const double w0 = kabar::bench::written_bytes();
  // The store indexes each batch after its documents, in one statement (Store::add).
  auto index_batch = [&](size_t end) {
    if (!store_schema || end == 0) return;
    const size_t first = (end - 1) / g_batch * g_batch;
    if (auto s = kabar::store::index_documents(db, static_cast<int64_t>(first) + 1,
                                               static_cast<int64_t>(end));
        !s)
      die(s.error().message);
  };
  for (size_t k = 0; k < n; ++k) {
    if (k % g_batch == 0) {
      index_batch(k);
      exec(db, k ? "COMMIT; BEGIN" : "BEGIN");
    }
    const size_t i = order[k];
    const Synth& s = docs[i];
    std::string path = "synth/" + std::to_string(i);
    sqlite3_reset(doc);
    sqlite3_bind_text(doc, 1, s.id.data(), static_cast<int>(s.id.size()), SQLITE_STATIC);
    sqlite3_bind_text(doc, 2, path.data(), static_cast<int>(path.size()), SQLITE_STATIC);
    sqlite3_bind_text(doc, 3, s.title.data(), static_cast<int>(s.title.size()), SQLITE_STATIC);
    sqlite3_bind_text(doc, 4, s.outlet.data(), static_cast<int>(s.outlet.size()), SQLITE_STATIC);
    sqlite3_bind_text(doc, 5, s.published.data(), static_cast<int>(s.published.size()),
                      SQLITE_STATIC);
    sqlite3_bind_text(doc, 6, s.text.data(), static_cast<int>(s.text.size()), SQLITE_STATIC);
    if (store_schema) sqlite3_bind_int64(doc, 7, static_cast<int64_t>(i) + 1);
    check(db, sqlite3_step(doc), "insert");
    if (ent) {
      int64_t seq = static_cast<int64_t>(i) + 1;
      for (const auto& name : s.names) {
        sqlite3_reset(ent);
        sqlite3_bind_int64(ent, 1, seq);
        sqlite3_bind_text(ent, 2, name.data(), static_cast<int>(name.size()), SQLITE_STATIC);
        check(db, sqlite3_step(ent), "insert entity");
      }
    }
  }
  index_batch(n);
  exec(db, "COMMIT");
  // The end of a load, as `kabar ingest` ends it (Store::tidy_index): its segments merged.
  if (store_schema)
    if (auto merged = kabar::store::tidy_index(db); !merged) die(merged.error().message);
  run.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  run.cpu = kabar::bench::cpu_seconds() - c0;
  run.written = kabar::bench::written_bytes() - w0;
  sqlite3_finalize(doc);
  sqlite3_finalize(ent);
  run.rows = scalar(db, "SELECT count(*) FROM documents");
  if (run.rows != static_cast<int64_t>(n))
    die("expected " + std::to_string(n) + " rows, got " + std::to_string(run.rows));
  run.index_bytes = fts_bytes(db);
  return run;
}

// Indexing alone: the same articles into a bare FTS5 table (title, text; FTS5 keeps the text in
// its own content table) under `tokenize`, in transactions of --batch, rowids rising. No
// documents table, no other index: the cost of the tokenizer and FTS5's index, which is what the
// issue's reference figure (FTS5's default tokenizer on one core) measures.
IndexRun index_fts_only(sqlite3* db, const std::vector<Article>& base, size_t n, bool chronological,
                        const char* tokenize,
                        const std::vector<std::pair<std::string, std::string>>& settings) {
  // With the store's settings, also the store's arrangement of the text: its index reads the
  // text from the documents table (external content), so FTS5 keeps no copy of it. A bare
  // table does that with content='' (contentless); with FTS5's defaults it keeps the copy.
  exec(db, std::string("CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, tokenize='") +
               tokenize + "'" + (settings.empty() ? "" : ", content=''") + ")");
  for (const auto& [key, value] : settings)
    exec(db,
         "INSERT INTO documents_fts(documents_fts, rank) VALUES ('" + key + "', " + value + ")");
  IndexRun run;
  std::vector<Synth> docs = synthesise_all(base, n, chronological, run.mb);
  sqlite3_stmt* ins = nullptr;
  const char* sql = "INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)";
  check(db, sqlite3_prepare_v2(db, sql, -1, &ins, nullptr), sql);
  auto t0 = Clock::now();
  double c0 = kabar::bench::cpu_seconds();
  const double w0 = kabar::bench::written_bytes();
  for (size_t i = 0; i < n; ++i) {
    if (i % g_batch == 0) exec(db, i ? "COMMIT; BEGIN" : "BEGIN");
    const Synth& s = docs[i];
    sqlite3_reset(ins);
    sqlite3_bind_int64(ins, 1, static_cast<int64_t>(i) + 1);
    sqlite3_bind_text(ins, 2, s.title.data(), static_cast<int>(s.title.size()), SQLITE_STATIC);
    sqlite3_bind_text(ins, 3, s.text.data(), static_cast<int>(s.text.size()), SQLITE_STATIC);
    check(db, sqlite3_step(ins), "insert");
  }
  exec(db, "COMMIT");
  // With the store's settings, the store's end of a load too (Store::tidy_index).
  if (!settings.empty())
    if (auto merged = kabar::store::tidy_index(db); !merged) die(merged.error().message);
  run.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  run.cpu = kabar::bench::cpu_seconds() - c0;
  run.written = kabar::bench::written_bytes() - w0;
  sqlite3_finalize(ins);
  run.rows = scalar(db, "SELECT count(*) FROM documents_fts");
  if (run.rows != static_cast<int64_t>(n))
    die("expected " + std::to_string(n) + " rows, got " + std::to_string(run.rows));
  if (auto found = scalar(db, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'laporan'");
      found != static_cast<int64_t>(n))
    die(std::string(tokenize) + ": the bare index finds " + std::to_string(found) + " of " +
        std::to_string(n) + " articles by a word they all hold");
  run.index_bytes = static_cast<double>(
      scalar(db, "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'documents_fts_%' "
                 "AND name <> 'documents_fts_content'"));
  return run;
}

void print_header() {
  std::printf(
      "| tokenizer | articles/s (CPU) | articles/s (wall) | MB/s (CPU) | index bytes/article | "
      "written bytes/article |\n"
      "|---|---:|---:|---:|---:|---:|\n");
}

void print_row(const std::string& name, const IndexRun& r, size_t n) {
  std::printf("| %s | %.0f | %.0f | %.2f | %.0f | %.0f |\n", name.c_str(),
              static_cast<double>(n) / r.cpu, static_cast<double>(n) / r.seconds, r.mb / r.cpu,
              r.index_bytes / static_cast<double>(n), r.written / static_cast<double>(n));
}

std::string tuned_name(const char* tokenizer,
                       const std::vector<std::pair<std::string, std::string>>& settings) {
  std::string s;
  for (const auto& [key, value] : settings) s += (s.empty() ? "" : ", ") + key + " " + value;
  return std::string("bare FTS5 table, ") + tokenizer + ", the store's settings (" + s +
         ", Store::pragmas()), contentless, final merge";
}

double load_average() {
  double load = 0;
  if (FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &load) != 1) load = 0;
    std::fclose(f);
  }
  return load;
}

int g_page_size = 0;  // --page-size N: the page size of every database the bench creates

sqlite3* open_db(const fs::path& p) {
  sqlite3* db = nullptr;
  if (sqlite3_open(p.c_str(), &db) != SQLITE_OK) die(p.string() + ": cannot open");
  if (g_page_size) exec(db, "PRAGMA page_size=" + std::to_string(g_page_size));
  exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;");
  return db;
}

double mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 100000;
  int queries = 1000;
  int limit = 20;
  bool reuse = false;
  bool chronological = false;  // --reuse DIR: query the kabar.db a previous --keep DIR run left
  fs::path data = fs::path(KABAR_SHARED_DIR) / "data" / "news-indosum-devfolds";
  fs::path keep;
  std::vector<std::pair<std::string, std::string>> fts_config;
  fs::path json_out;  // --json FILE: the figures as one JSON object
  bool no_peer = false;  // --no-peer: skip the unicode61 table (for profiling the kabar row)
  bool bare = true;      // --no-bare: skip the two bare FTS5 tables
  bool index_only = false;  // --index-only: the bare tables with the store's settings alone
  std::vector<std::string> exec_sql;  // --exec SQL: run on the kabar store before indexing
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--articles")
      n = std::stoul(next());
    else if (a == "--data")
      data = next();
    else if (a == "--queries")
      queries = std::stoi(next());
    else if (a == "--keep")
      keep = next();
    else if (a == "--limit")
      limit = std::stoi(next());
    else if (a == "--fts") {  // an FTS5 setting for the kabar index and the tuned bare tables
      std::string kv = next();
      size_t eq = kv.find('=');
      if (eq == std::string::npos || kv.find_first_of("'\";") != std::string::npos)
        die("--fts expects NAME=NUMBER");
      fts_config.emplace_back(kv.substr(0, eq), std::to_string(std::stol(kv.substr(eq + 1))));
    } else if (a == "--json")
      json_out = next();
    else if (a == "--no-peer")
      no_peer = true;
    else if (a == "--no-bare")
      bare = false;
    else if (a == "--index-only")
      index_only = true;
    else if (a == "--exec")
      exec_sql.push_back(next());
    else if (a == "--batch")
      g_batch = std::max<size_t>(1, std::stoul(next()));
    else if (a == "--chronological")
      chronological = true;
    else if (a == "--page-size")
      g_page_size = std::stoi(next());
    else if (a == "--reuse") {
      keep = next();
      reuse = true;
    } else
      die("unknown option " + a +
          " (--articles N --data DIR --queries Q --limit HITS --chronological --batch N --fts "
          "NAME=VALUE"
          " --page-size N --json FILE --keep DIR --reuse DIR --no-peer --no-bare --index-only "
          "--exec "
          "SQL)");
  }
  if (!fs::is_directory(data)) {
    std::printf("index_bench: %s not found: skipped (it needs ../shared)\n", data.c_str());
    return 0;
  }
  auto base = load_articles(data);
  if (base.empty()) die(data.string() + ": no articles read");
  const fs::path dir =
      keep.empty() ? fs::temp_directory_path() / ("kabar_index_bench_" + std::to_string(getpid()))
                   : keep;
  if (!reuse) fs::remove_all(dir);
  fs::create_directories(dir);

  auto analyzer = kabar::store::IndexAnalyzer::shared(kabar::data_dir());
  if (!analyzer) die(analyzer.error().message);

  // 1. FTS5 default tokenizer (unicode61), same documents table and trigger.
  IndexRun uni;
  if (!reuse && !no_peer && !index_only) {
    sqlite3* db = open_db(dir / "unicode61.db");
    exec(db,
         "CREATE TABLE documents (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, "
         "path TEXT,"
         " title TEXT, outlet TEXT, published TEXT, text TEXT NOT NULL);"
         "CREATE INDEX documents_published ON documents(published);"
         "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', "
         "content_rowid='seq');"
         "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN"
         "  INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); "
         "END;");
    uni = index_articles(db, base, n, false, chronological);
    sqlite3_close(db);
  }
  // 1b. Indexing alone: a bare FTS5 table under each tokenizer (no documents table), with
  // FTS5's default settings and with the ones kabar's store gives its index (its schema writes
  // them into the index's config table; read from there, so the bench follows the store).
  IndexRun bare_uni, bare_kab, tuned_uni, tuned_kab;
  std::vector<std::pair<std::string, std::string>> store_settings;
  if (!reuse && (bare || index_only)) {
    {
      const fs::path probe = dir / "settings.db";
      if (auto s = kabar::store::Store::open(probe); !s) die(s.error().message);
      sqlite3* db = open_db(probe);
      sqlite3_stmt* st = nullptr;
      const char* sql = "SELECT k, v FROM documents_fts_config WHERE k <> 'version' ORDER BY k";
      check(db, sqlite3_prepare_v2(db, sql, -1, &st, nullptr), sql);
      while (sqlite3_step(st) == SQLITE_ROW)
        store_settings.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)),
                                    std::to_string(sqlite3_column_int64(st, 1)));
      sqlite3_finalize(st);
      sqlite3_close(db);
      // --fts NAME=VALUE overrides (or adds to) them, as it does on the store row.
      for (const auto& [key, value] : fts_config) {
        auto same = [&](const auto& kv) { return kv.first == key; };
        if (auto it = std::find_if(store_settings.begin(), store_settings.end(), same);
            it != store_settings.end())
          it->second = value;
        else
          store_settings.emplace_back(key, value);
      }
    }
    for (bool tuned : {false, true}) {
      if (index_only && !tuned) continue;
      for (bool kabar_tokenizer : {false, true}) {
        const std::string name = std::string(tuned ? "tuned-" : "bare-") +
                                 (kabar_tokenizer ? "kabar.db" : "unicode61.db");
        sqlite3* db = open_db(dir / name);
        if (tuned) exec(db, kabar::store::Store::pragmas());  // and the store's connection settings
        if (kabar_tokenizer)
          if (auto s = kabar::store::register_fts(db, *analyzer); !s) die(s.error().message);
        IndexRun& run = tuned ? (kabar_tokenizer ? tuned_kab : tuned_uni)
                              : (kabar_tokenizer ? bare_kab : bare_uni);
        run = index_fts_only(db, base, n, chronological, kabar_tokenizer ? "kabar" : "unicode61",
                             tuned ? store_settings : decltype(store_settings){});
        sqlite3_close(db);
      }
    }
  }
  if (index_only) {
    std::printf(
        "\nIndexing: %zu articles (%s dates), %.1f MB of text, 1 thread, load average %.1f\n\n", n,
        chronological ? "chronological" : "random", tuned_kab.mb, load_average());
    print_header();
    print_row(tuned_name("unicode61 (default)", store_settings), tuned_uni, n);
    print_row(tuned_name("kabar (tokeniser + stemmer)", store_settings), tuned_kab, n);
    if (keep.empty()) fs::remove_all(dir);
    return 0;
  }
  // 2. kabar's store schema and tokenizer (tokeniser + stemmer), as `kabar ingest` writes it.
  IndexRun kab;
  const fs::path store_db = dir / "kabar.db";
  if (g_page_size && !reuse) sqlite3_close(open_db(store_db));  // the page size, before the schema
  {
    auto store = kabar::store::Store::open(store_db);
    if (!store) die(store.error().message);
    if (reuse) n = static_cast<size_t>((*store)->count());
  }
  if (!reuse) {
    sqlite3* db = open_db(store_db);
    exec(db, kabar::store::Store::pragmas());  // the store's own connection settings
    if (auto s = kabar::store::register_fts(db, *analyzer); !s) die(s.error().message);
    for (const auto& [key, value] : fts_config)
      exec(db, "INSERT INTO documents_fts(documents_fts, rank) VALUES ('" + key + "', " + value +
                   ")");
    for (const auto& sql : exec_sql) exec(db, sql);
    kab = index_articles(db, base, n, true, chronological);
    if (auto ok =
            scalar(db, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'laporan'");
        ok != static_cast<int64_t>(n) && exec_sql.empty())
      die("the kabar index finds " + std::to_string(ok) + " of " + std::to_string(n) +
          " articles by a word they all hold");
    sqlite3_close(db);
  }

  // 3. Queries: two content words from a random article, a date window of one to three months.
  // Long-lived, as in kabar serve: facets read from memory (loaded on the first query).
  auto searcher = kabar::search::Searcher::open(store_db, {}, {.resident_facets = true});
  if (!searcher) die(searcher.error().message);
  std::mt19937 rng(7);
  std::vector<double> with_facets, without_facets, cpu_with, cpu_without;
  int64_t hits_total = 0;
  int empty = 0;
  for (int q = 0; q < queries; ++q) {
    const Article& a = base[rng() % base.size()];
    std::vector<std::string> words;
    for (const auto& s : a.sentences) {
      size_t i = 0;
      while (i < s.size()) {
        size_t e = s.find_first_of(" ,.;:\"()", i);
        if (e == std::string::npos) e = s.size();
        std::string w = s.substr(i, e - i);
        bool alpha = w.size() >= 5 &&
                     std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        if (alpha) words.push_back(w);
        i = e + 1;
      }
    }
    if (words.size() < 2) continue;
    kabar::search::Query query;
    query.limit = limit;
    query.text = words[rng() % words.size()] + " " + words[rng() % words.size()];
    int start = static_cast<int>(rng() % 22);
    int len = 1 + static_cast<int>(rng() % 3);
    auto month = [](int m) {
      char buf[16];
      std::snprintf(buf, sizeof(buf), "%04d-%02d", 2023 + m / 12, m % 12 + 1);
      return std::string(buf);
    };
    query.from = month(start);
    query.to = month(start + len - 1);
    // Facets off first: it pays for counting each new word's documents (BM25's document
    // frequency, cached per connection); the run with facets then finds them cached.
    for (bool facets : {false, true}) {
      query.facets = facets;
      auto t0 = Clock::now();
      double c0 = kabar::bench::cpu_seconds();
      auto r = (*searcher)->run(query);
      double cpu_ms = (kabar::bench::cpu_seconds() - c0) * 1000;
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      if (!r) die("query '" + query.text + "': " + r.error().message);
      (facets ? with_facets : without_facets).push_back(ms);
      (facets ? cpu_with : cpu_without).push_back(cpu_ms);
      if (facets) {
        hits_total += r->total;
        if (r->total == 0) ++empty;
      }
    }
  }
  if (with_facets.empty()) die("no queries ran");
  // Untimed sanity check: the words of the queries exist, so most queries find something.
  if (empty * 2 > static_cast<int>(with_facets.size()) && exec_sql.empty())
    die("most queries found nothing: the index is wrong");

  const double load = load_average();
  std::printf(
      "\nSearch index: %zu articles (%zu IndoSum articles repeated with edits, %s dates), %.1f MB "
      "of text, "
      "1 thread, load average %.1f\n\n",
      n, base.size(), chronological ? "chronological" : "random", kab.mb, load);
  if (!reuse) {
    print_header();
    auto row = [&](const std::string& name, const IndexRun& r) { print_row(name, r, n); };
    if (bare) {
      row("bare FTS5 table, unicode61 (default), FTS5 defaults", bare_uni);
      row("bare FTS5 table, kabar (tokeniser + stemmer), FTS5 defaults", bare_kab);
      row(tuned_name("unicode61 (default)", store_settings), tuned_uni);
      row(tuned_name("kabar (tokeniser + stemmer)", store_settings), tuned_kab);
    }
    if (!no_peer) row("FTS5 unicode61 (default), documents table + trigger", uni);
    row("kabar (tokeniser + stemmer, store schema)", kab);
  }
  std::printf(
      "\nQueries: %zu two-word queries with a 1-3 month date filter (Searcher::run, %.0f matches "
      "on average)\n\n",
      with_facets.size(),
      static_cast<double>(hits_total) / static_cast<double>(with_facets.size()));
  std::printf(
      "| query | p50 ms (CPU) | p99 ms (CPU) | mean ms (CPU) | p50 ms (wall) | p99 ms (wall) "
      "|\n|---|---:|---:|---:|---:|---:|\n");
  std::printf(
      "| hits + total + facets (outlets, months, entities) | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
      percentile(cpu_with, 0.5), percentile(cpu_with, 0.99), mean(cpu_with),
      percentile(with_facets, 0.5), percentile(with_facets, 0.99));
  std::printf("| hits + total (facets off) | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
              percentile(cpu_without, 0.5), percentile(cpu_without, 0.99), mean(cpu_without),
              percentile(without_facets, 0.5), percentile(without_facets, 0.99));
  std::printf("\ndatabase file: %.1f MB (kabar store schema, WAL checkpointed on close)\n",
              static_cast<double>(fs::file_size(store_db)) / 1e6);
  if (!json_out.empty()) {  // for bench/bench.py (make bench)
    FILE* f = std::fopen(json_out.c_str(), "w");
    if (!f) die(json_out.string() + ": cannot write");
    auto run_json = [&](const IndexRun& r) {
      return "{\"articles\": " + std::to_string(n) + ", \"cpu_s\": " + std::to_string(r.cpu) +
             ", \"wall_s\": " + std::to_string(r.seconds) + ", \"mb\": " + std::to_string(r.mb) +
             ", \"index_bytes\": " + std::to_string(r.index_bytes) +
             ", \"written_bytes\": " + std::to_string(r.written) + "}";
    };
    std::fprintf(f,
                 "{\"unicode61\": %s, \"kabar\": %s, \"bare_unicode61\": %s, "
                 "\"bare_kabar\": %s, \"tuned_unicode61\": %s, \"tuned_kabar\": %s, \"queries\": "
                 "%zu, \"matches\": %.1f, "
                 "\"facets\": {\"p50\": %.3f, \"p99\": %.3f, \"mean\": %.3f}, "
                 "\"no_facets\": {\"p50\": %.3f, \"p99\": %.3f, \"mean\": %.3f}, \"load\": %.2f}\n",
                 reuse ? "null" : run_json(uni).c_str(), reuse ? "null" : run_json(kab).c_str(),
                 reuse || !bare ? "null" : run_json(bare_uni).c_str(),
                 reuse || !bare ? "null" : run_json(bare_kab).c_str(),
                 reuse || !bare ? "null" : run_json(tuned_uni).c_str(),
                 reuse || !bare ? "null" : run_json(tuned_kab).c_str(), with_facets.size(),
                 static_cast<double>(hits_total) / static_cast<double>(with_facets.size()),
                 percentile(cpu_with, 0.5), percentile(cpu_with, 0.99), mean(cpu_with),
                 percentile(cpu_without, 0.5), percentile(cpu_without, 0.99), mean(cpu_without),
                 load);
    std::fclose(f);
  }
  searcher->reset();
  if (keep.empty()) fs::remove_all(dir);
  return 0;
}
