#include "kabar/search/search.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <system_error>
#include <unordered_map>

#include "kabar/core/data_dir.h"
#include "kabar/search/query.h"
#include "kabar/store/fts.h"
#include "kabar/store/store.h"

namespace kabar::search {

namespace {

constexpr int kBusyTimeoutMs = 5000;
constexpr int kMaxLimit = 1000;
constexpr int kEntityFacetSize = 20;
constexpr size_t kEntityFacetMatches = 1000;
constexpr int kOutletFacetSize = 50;
constexpr int kSnippetTokens = 24;
constexpr int kOpeningChars = 240;
// BM25 with a title match weighing four times a body match.
constexpr const char* kTitleWeight = "4.0";

// Prepared statements of one Searcher, by SQL text (which never holds user values; those are
// bound), so a query does not pay for preparing its statements again.
using StatementCache = std::unordered_map<std::string, sqlite3_stmt*>;

class Stmt {
 public:
  Stmt(sqlite3* db, const std::string& sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &s_, nullptr);
  }
  // A statement kept in `cache` (prepared on first use); reset and unbound here and on exit.
  Stmt(sqlite3* db, const std::string& sql, StatementCache& cache) : db_(db), owned_(false) {
    if (auto it = cache.find(sql); it != cache.end()) {
      s_ = it->second;
      sqlite3_reset(s_);
      sqlite3_clear_bindings(s_);
      rc_ = SQLITE_OK;
      return;
    }
    rc_ = sqlite3_prepare_v3(db, sql.c_str(), static_cast<int>(sql.size()),
                             SQLITE_PREPARE_PERSISTENT, &s_, nullptr);
    if (rc_ == SQLITE_OK) cache.emplace(sql, s_);
  }
  ~Stmt() {
    if (owned_)
      sqlite3_finalize(s_);
    else if (s_)
      sqlite3_reset(s_);  // ends its part in the read transaction
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() const { return s_; }
  // Binds a named parameter when the statement uses it.
  void bind(const char* name, const std::string& v) {
    if (int i = sqlite3_bind_parameter_index(s_, name); i > 0)
      sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void bind(const char* name, int64_t v) {
    if (int i = sqlite3_bind_parameter_index(s_, name); i > 0) sqlite3_bind_int64(s_, i, v);
  }
  // A pointer for an SQL function that asks for `type` (sqlite3_bind_pointer); null binds NULL.
  void bind(const char* name, const void* p, const char* type) {
    if (int i = sqlite3_bind_parameter_index(s_, name); i > 0)
      sqlite3_bind_pointer(s_, i, const_cast<void*>(p), type, nullptr);
  }
  std::string text(int col) const {
    const unsigned char* t = sqlite3_column_text(s_, col);
    return t ? std::string(reinterpret_cast<const char*>(t),
                           static_cast<size_t>(sqlite3_column_bytes(s_, col)))
             : std::string();
  }
  std::string error() const { return sqlite3_errmsg(db_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
  int rc_ = SQLITE_ERROR;
  bool owned_ = true;
};

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// YYYY, YYYY-MM or YYYY-MM-DD with a plausible month and day.
bool valid_date(std::string_view d) {
  if (d.size() != 4 && d.size() != 7 && d.size() != 10) return false;
  if (!is_digits(d.substr(0, 4))) return false;
  if (d.size() >= 7) {
    if (d[4] != '-' || !is_digits(d.substr(5, 2))) return false;
    int m = (d[5] - '0') * 10 + (d[6] - '0');
    if (m < 1 || m > 12) return false;
  }
  if (d.size() == 10) {
    if (d[7] != '-' || !is_digits(d.substr(8, 2))) return false;
    int day = (d[8] - '0') * 10 + (d[9] - '0');
    if (day < 1 || day > 31) return false;
  }
  return true;
}

// The opening of a text, cut at a word boundary.
std::string opening(const std::string& s) {
  if (s.size() < static_cast<size_t>(kOpeningChars)) return s;  // substr() already cut it
  size_t cut = s.find_last_of(" \n");
  if (cut == std::string::npos || cut < s.size() / 2) return s + "…";
  return s.substr(0, cut) + " …";
}

int schema_version(sqlite3* db) {
  sqlite3_stmt* st = nullptr;
  int v = -1;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return v;
}

// The index fingerprint stored by Store, or "" when unknown.
std::string stored_fingerprint(sqlite3* db) {
  sqlite3_stmt* st = nullptr;
  std::string v;
  if (sqlite3_prepare_v2(db, "SELECT value FROM index_meta WHERE key = 'tokenizer'", -1, &st,
                         nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(st, 0);
    if (t) v = reinterpret_cast<const char*>(t);
  }
  sqlite3_finalize(st);
  return v;
}

// The phrases of an FTS5 expression from to_fts5, in FTS5's phrase order: each quoted string
// ("" inside is a quote), with " *" after it for a prefix phrase.
std::vector<std::string> phrases_of(std::string_view expr) {
  std::vector<std::string> out;
  for (size_t i = 0; i < expr.size(); ++i) {
    if (expr[i] != '"') continue;
    size_t j = i + 1;
    for (; j < expr.size(); ++j) {
      if (expr[j] != '"') continue;
      if (j + 1 < expr.size() && expr[j + 1] == '"') {
        ++j;
        continue;
      }
      break;
    }
    std::string phrase(expr.substr(i, j + 1 - i));
    if (expr.substr(j + 1, 2) == " *") phrase += " *";
    out.push_back(std::move(phrase));
    i = j;
  }
  return out;
}

}  // namespace

/// Documents matching each phrase (BM25's document frequencies), valid while the database's
/// data_version is unchanged.
/// Also the outlet and publication month of every document by seq, read in one scan when a
/// query first needs them (the facets of a query without filters on them), so the pass over
/// the matches reads only the full-text index instead of seeking each match's facts row.
struct Searcher::PhraseCounts {
  int64_t data_version = -1;
  std::unordered_map<std::string, int64_t> hits;
  bool facts_loaded = false;
  // By seq: the indexes of its outlet and month in the names below, -1 for none; side by side,
  // so a match costs one cache miss, not two.
  struct Facts {
    int32_t outlet = -1, month = -1;
  };
  std::vector<Facts> facts_of;
  std::vector<std::string> outlets, months;
  // The corpus entities (canonical names of the stored view) of each document, once each:
  // entity_ids[entity_start[seq] .. entity_start[seq + 1]) index entity_names.
  bool entities_loaded = false;
  std::vector<uint32_t> entity_start;
  std::vector<int32_t> entity_ids;
  std::vector<std::string> entity_names;
  std::vector<int64_t> entity_count;  // scratch of the entity facet, all zero between queries
  // The documents' index lengths by seq, for kabar_bm25 (store::DocLengths).
  bool lengths_loaded = false;
  std::vector<uint32_t> length_of;
  store::DocLengths lengths;

  void clear(int64_t version) {
    *this = PhraseCounts();
    data_version = version;
  }
};

Searcher::Searcher(sqlite3* db, std::shared_ptr<const store::IndexAnalyzer> analyzer,
                   SearcherOptions options)
    : db_(db),
      options_(options),
      analyzer_(std::move(analyzer)),
      cache_(std::make_unique<StatementCache>()),
      counts_(std::make_unique<PhraseCounts>()) {}

Searcher::~Searcher() {
  for (auto& [sql, st] : *cache_) sqlite3_finalize(st);
  sqlite3_close(db_);
}

kabar::Result<std::unique_ptr<Searcher>> Searcher::open(const std::filesystem::path& db_path,
                                                        const std::filesystem::path& data_dir,
                                                        SearcherOptions options) {
  const std::string name = db_path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(db_path, ec)) {
    return Error{name + ": no such database (create it with `kabar ingest PATH --db " + name +
                 "`)"};
  }
  const std::filesystem::path dir = data_dir.empty() ? kabar::data_dir() : data_dir;
  auto analyzer = store::IndexAnalyzer::shared(dir);
  if (!analyzer)
    return Error{name + ": cannot load the index tokenizer: " + analyzer.error().message};

  for (int attempt = 0; attempt < 2; ++attempt) {
    sqlite3* db = nullptr;
    // A Searcher is used by one thread at a time (Server borrows and gives back): no mutex
    // around each SQLite call (7% of a search under wrk).
    int rc =
        sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      return Error{name + ": cannot open database (" + msg + ")"};
    }
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    // 16 MB of page cache; the file mapped (read-only) so pages are not copied in by read().
    sqlite3_exec(db, "PRAGMA cache_size = -16384; PRAGMA mmap_size = 4294967296", nullptr, nullptr,
                 nullptr);
    std::unique_ptr<Searcher> s(new Searcher(db, *analyzer, options));
    if (auto r = store::register_fts(db, *analyzer); !r) return r.error();
    int version = schema_version(db);
    if (version < 0) return Error{name + ": not a kabar database (" + sqlite3_errmsg(db) + ")"};
    if (version > store::Store::latest_schema_version()) {
      return Error{name + ": database schema version " + std::to_string(version) +
                   " is newer than this kabar (" +
                   std::to_string(store::Store::latest_schema_version()) + ")"};
    }
    bool current = version == store::Store::latest_schema_version() &&
                   stored_fingerprint(db) == (*analyzer)->fingerprint();
    if (current) {
      Stmt probe(db, "SELECT seq FROM document_facts LIMIT 0");
      Stmt probe_fts(db, "SELECT rowid FROM documents_fts LIMIT 0");
      if (!probe.ok() || !probe_fts.ok())
        return Error{name + ": not a kabar database (no documents table)"};
      return s;
    }
    if (attempt > 0) break;
    s.reset();
    // An older schema or stale index: upgrade through the store (a writer), then reopen.
    auto upgraded = store::Store::open(db_path, dir);
    if (!upgraded) return upgraded.error();
  }
  return Error{name + ": cannot bring the search index up to date"};
}

kabar::Result<Result> Searcher::run(const Query& q) const {
  auto t0 = std::chrono::steady_clock::now();
  if (q.limit < 0 || q.limit > kMaxLimit)
    return Error{"limit must be between 0 and " + std::to_string(kMaxLimit)};
  if (q.offset < 0) return Error{"offset must not be negative"};
  for (const auto* d : {&q.from, &q.to}) {
    if (*d && !valid_date(**d))
      return Error{"invalid date '" + **d + "' (expected YYYY, YYYY-MM or YYYY-MM-DD)"};
  }

  std::string match;
  bool has_text = q.text.find_first_not_of(" \t\r\n") != std::string::npos;
  if (has_text) {
    const store::IndexAnalyzer* a = analyzer_.get();
    auto expr = to_fts5(q.text, [a](std::string_view text, bool prefix) {
      return a->for_each_term(text, !prefix, nullptr,
                              [](void*, std::string_view, uint32_t, uint32_t) { return 1; }) != 0;
    });
    if (!expr) return Error{"query '" + q.text + "': " + expr.error().message};
    match = std::move(*expr);
  }

  // One read transaction: hits, total and facets see the same snapshot.
  struct ReadTxn {
    sqlite3* db;
    bool open;
    explicit ReadTxn(sqlite3* d)
        : db(d), open(sqlite3_exec(d, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK) {}
    ~ReadTxn() {
      if (open) sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
  } txn(db_);

  auto db_error = [&](const Stmt& st) {
    std::string msg = st.error();
    return Error{std::string(sqlite3_db_filename(db_, "main")) + ": search failed (" + msg + ")"};
  };

  // The index's rowids are full-text keys, (Julian day of publication << 32) + seq (store.cpp),
  // so a date window is a range of rowids that FTS5 applies while walking its doclists: only
  // the window's part of each word's doclist is read. Bounds use the store's julianday().
  std::optional<std::pair<int64_t, int64_t>> key_range;
  if (has_text && (q.from || q.to)) {
    auto first_day = [](const std::string& d) {
      return d.size() == 4 ? d + "-01-01" : d.size() == 7 ? d + "-01" : d;
    };
    const char* step = !q.to               ? "+0 days"
                       : q.to->size() == 4 ? "+1 years"
                       : q.to->size() == 7 ? "+1 months"
                                           : "+1 days";
    Stmt st(db_, "SELECT CAST(julianday(:lo) AS INTEGER), CAST(julianday(:hi, :step) AS INTEGER)",
            *cache_);
    if (!st.ok())
      return Error{std::string(sqlite3_db_filename(db_, "main")) + ": search failed (" +
                   st.error() + ")"};
    st.bind(":lo", q.from ? first_day(*q.from) : std::string("0000-01-01"));
    st.bind(":hi", q.to ? first_day(*q.to) : std::string("9999-12-31"));
    st.bind(":step", std::string(step));
    if (sqlite3_step(st.get()) == SQLITE_ROW && sqlite3_column_type(st.get(), 0) != SQLITE_NULL &&
        sqlite3_column_type(st.get(), 1) != SQLITE_NULL) {
      const int64_t lo = q.from ? sqlite3_column_int64(st.get(), 0) : 1;
      const int64_t hi = q.to ? sqlite3_column_int64(st.get(), 1) : (int64_t{1} << 30);
      key_range.emplace(lo << 32, (hi << 32) - 1);  // to: up to the day after, exclusive
    }
  }

  // BM25's document frequency of each phrase, cached per connection until another connection
  // writes (kabar_bm25 would otherwise walk each phrase's whole doclist on every query).
  std::string phrase_counts;
  if (has_text) {
    if (auto st = sync(); !st) return st.error();
    for (const std::string& phrase : phrases_of(match)) {
      auto it = counts_->hits.find(phrase);
      if (it == counts_->hits.end()) {
        Stmt count(db_, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH :phrase",
                   *cache_);
        if (!count.ok()) return db_error(count);
        count.bind(":phrase", phrase);
        if (sqlite3_step(count.get()) != SQLITE_ROW) return db_error(count);
        it = counts_->hits.emplace(phrase, sqlite3_column_int64(count.get(), 0)).first;
      }
      if (!phrase_counts.empty()) phrase_counts += ' ';
      phrase_counts += std::to_string(it->second);
    }
  }

  // FROM/WHERE shared by every statement; user values are bound, never spliced. Filters and
  // counts read document_facts (narrow rows), not the documents with their texts.
  std::string from = has_text ? " FROM documents_fts JOIN document_facts f"
                                " ON f.seq = (documents_fts.rowid & 4294967295)"
                                " WHERE documents_fts MATCH :match"
                              : " FROM document_facts f WHERE 1";
  if (key_range) from += " AND documents_fts.rowid BETWEEN :key_lo AND :key_hi";
  if (q.from) from += " AND f.published >= :from";
  if (q.to) from += " AND f.published <= :to";
  if (q.outlet) from += " AND f.outlet = :outlet COLLATE NOCASE";
  if (q.language) from += " AND f.language = :language";
  if (q.entity)
    from +=
        " AND EXISTS (SELECT 1 FROM document_entities e WHERE e.doc_seq = f.seq"
        " AND e.source IN (0, 1) AND e.name = :entity)";  // primary-key look-ups
  if (q.story)
    from +=
        " AND EXISTS (SELECT 1 FROM document_stories s WHERE s.doc_seq = f.seq AND s.story = "
        ":story)";

  // Filled by kabar_bm25 in the pass over the matches: the hits each snippet marks, so the
  // page's snippets need the texts only, not a second walk of the full-text index.
  thread_local store::SnippetHits snippet_hits;
  snippet_hits.clear();
  snippet_hits.window = kSnippetTokens;
  auto bind_all = [&](Stmt& st) {
    if (has_text) {
      st.bind(":match", match);
      st.bind(":counts", phrase_counts);
      st.bind(":lengths", counts_->lengths_loaded ? &counts_->lengths : nullptr,
              store::kDocLengthsType);
      st.bind(":hits", q.limit > 0 ? &snippet_hits : nullptr, store::kSnippetHitsType);
    }
    if (key_range) {
      st.bind(":key_lo", key_range->first);
      st.bind(":key_hi", key_range->second);
    }
    if (q.from) st.bind(":from", *q.from);
    if (q.to) st.bind(":to", *q.to + "~");  // "2024-10~" sorts after every day of October
    if (q.outlet) st.bind(":outlet", *q.outlet);
    if (q.language) st.bind(":language", *q.language);
    if (q.entity) st.bind(":entity", store::entity_key(*q.entity));
    if (q.story) st.bind(":story", *q.story);
  };

  Result out;
  // One pass over the matches that pass the filters: the total, the outlet and month counts,
  // and the best offset+limit by BM25 (the full-text index is walked once per query).
  struct Match {
    int64_t seq;
    int64_t key;   // full-text rowid (0 without query text)
    double score;  // higher is better
    uint32_t row;  // its place in the pass (and in snippet_hits)
  };
  // Reused by the thread's next query (a Searcher serves one thread at a time): a fresh vector
  // of thousands of matches was a large allocation per query, and freeing it made malloc
  // consolidate its free lists (~6% of a search under wrk).
  thread_local std::vector<Match> matches;
  matches.clear();
  std::map<std::string, int64_t> outlets, months;
  // Without filters on the facts (the date window is the key range), the pass reads the
  // full-text index alone and takes outlet and month from the per-connection facts.
  const bool index_only = options_.resident_facets && has_text && !q.outlet && !q.language &&
                          !q.entity && !q.story && (key_range || (!q.from && !q.to));
  if (index_only && q.facets) {
    if (auto st = load_facts(); !st) return st.error();
  }
  if (options_.resident_facets && has_text) {
    if (auto st = load_lengths(); !st) return st.error();
  }
  if (index_only) {
    std::string sql =
        "SELECT documents_fts.rowid, kabar_bm25(documents_fts, " + std::string(kTitleWeight) +
        ", 1.0, :counts, :lengths, :hits) FROM documents_fts WHERE documents_fts MATCH :match";
    if (key_range) sql += " AND documents_fts.rowid BETWEEN :key_lo AND :key_hi";
    Stmt st(db_, sql, *cache_);
    if (!st.ok()) return db_error(st);
    bind_all(st);
    std::vector<int64_t> outlet_n(q.facets ? counts_->outlets.size() : 0),
        month_n(q.facets ? counts_->months.size() : 0);
    int rc;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
      const int64_t key = sqlite3_column_int64(st.get(), 0);
      const int64_t seq = key & 4294967295;
      matches.push_back(
          {seq, key, -sqlite3_column_double(st.get(), 1), static_cast<uint32_t>(matches.size())});
      if (q.facets && static_cast<size_t>(seq) < counts_->facts_of.size()) {
        const auto f = counts_->facts_of[static_cast<size_t>(seq)];
        if (f.outlet >= 0) ++outlet_n[static_cast<size_t>(f.outlet)];
        if (f.month >= 0) ++month_n[static_cast<size_t>(f.month)];
      }
    }
    if (rc != SQLITE_DONE) return db_error(st);
    for (size_t i = 0; i < outlet_n.size(); ++i)
      if (outlet_n[i]) outlets[counts_->outlets[i]] = outlet_n[i];
    for (size_t i = 0; i < month_n.size(); ++i)
      if (month_n[i]) months[counts_->months[i]] = month_n[i];
  } else {
    std::string sql = "SELECT f.seq, " + std::string(has_text ? "documents_fts.rowid, " : "0, ") +
                      (has_text ? "kabar_bm25(documents_fts, " + std::string(kTitleWeight) +
                                      ", 1.0, :counts, :lengths, :hits)"
                                : std::string("0.0")) +
                      (q.facets ? ", f.outlet, substr(f.published, 1, 7)" : "") + from;
    if (!has_text) sql += " ORDER BY f.published IS NULL, f.published DESC, f.seq DESC";
    Stmt st(db_, sql, *cache_);
    if (!st.ok()) return db_error(st);
    bind_all(st);
    int rc;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
      matches.push_back({sqlite3_column_int64(st.get(), 0), sqlite3_column_int64(st.get(), 1),
                         -sqlite3_column_double(st.get(), 2),
                         static_cast<uint32_t>(matches.size())});
      if (q.facets) {
        if (sqlite3_column_type(st.get(), 3) != SQLITE_NULL) ++outlets[st.text(3)];
        if (sqlite3_column_bytes(st.get(), 4) == 7) ++months[st.text(4)];
      }
    }
    if (rc != SQLITE_DONE) return db_error(st);
  }
  out.total = static_cast<int64_t>(matches.size());
  const size_t first = std::min(matches.size(), static_cast<size_t>(q.offset));
  const size_t last = std::min(matches.size(), first + static_cast<size_t>(q.limit));
  if (has_text) {
    auto better = [](const Match& a, const Match& b) {
      return a.score != b.score ? a.score > b.score : a.seq < b.seq;
    };
    // The entity facet counts the best kEntityFacetMatches matches (see below), in any order:
    // select those first (linear), then sort only the page's part of them. A partial sort of
    // all of them cost N log 1,000 comparisons, ~1 ms for a query matching 20,000 documents.
    const size_t best =
        q.facets ? std::max(last, std::min(matches.size(), kEntityFacetMatches)) : last;
    if (best < matches.size())
      std::nth_element(matches.begin(), matches.begin() + static_cast<long>(best), matches.end(),
                       better);
    std::partial_sort(matches.begin(), matches.begin() + static_cast<long>(last),
                      matches.begin() + static_cast<long>(best), better);
  }

  // The rows of the page, by seq; the snippets from their texts and the hits kabar_bm25
  // gathered (a second walk of the matches with kabar_snippet cost a third of a query).
  if (last > first) {
    if (has_text && snippet_hits.rows() != matches.size())
      return failed("the hits for the snippets are out of step with the matches");
    std::string page = "[";
    for (size_t i = first; i < last; ++i)
      page += (i > first ? "," : "") + std::to_string(matches[i].seq);
    page += "]";
    Stmt row(db_,
             "SELECT d.seq, d.id, d.path, d.title, d.outlet, d.published, " +
                 (has_text ? std::string("d.text")
                           : "substr(d.text, 1, " + std::to_string(kOpeningChars) + ")") +
                 " FROM documents d WHERE d.seq IN (SELECT value FROM json_each(:page))",
             *cache_);
    if (!row.ok()) return db_error(row);
    row.bind(":page", page);
    std::map<int64_t, Hit> by_seq;
    std::map<int64_t, std::string> text_of;  // with query text: the page's texts, for snippets
    int rc;
    while ((rc = sqlite3_step(row.get())) == SQLITE_ROW) {
      Hit h;
      const int64_t seq = sqlite3_column_int64(row.get(), 0);
      h.id = row.text(1);
      h.path = row.text(2);
      h.title = row.text(3);
      h.outlet = row.text(4);
      h.published = row.text(5);
      if (has_text)
        text_of[seq] = row.text(6);
      else
        h.snippet = opening(row.text(6));
      by_seq.emplace(seq, std::move(h));
    }
    if (rc != SQLITE_DONE) return db_error(row);
    for (size_t i = first; i < last; ++i) {
      auto it = by_seq.find(matches[i].seq);
      if (it == by_seq.end()) return failed("a hit vanished");
      it->second.score = matches[i].score;
      if (has_text) {
        const uint32_t r = matches[i].row;
        if (snippet_hits.keys[r] != matches[i].key)
          return failed("the hits for the snippets are out of step with the matches");
        it->second.snippet = analyzer_->snippet(text_of[matches[i].seq], snippet_hits.of(r),
                                                kSnippetTokens);
      }
      out.hits.push_back(std::move(it->second));
    }
  }

  if (q.facets && !matches.empty()) {
    for (auto& [v, n] : outlets) out.outlets.push_back({v, n});
    std::stable_sort(out.outlets.begin(), out.outlets.end(),
                     [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
    if (out.outlets.size() > static_cast<size_t>(kOutletFacetSize))
      out.outlets.resize(kOutletFacetSize);
    for (auto& [v, n] : months) out.months.push_back({v, n});

    // Entities of the matching documents, looked up by their seq (no second full-text pass).
    // Corpus-view names (source 1) when a corpus view is stored, else the documents' own.
    Stmt src(db_,
             "SELECT CAST(value AS INTEGER) > 0 FROM index_meta WHERE key = 'corpus_entity_names'",
             *cache_);
    int source =
        src.ok() && sqlite3_step(src.get()) == SQLITE_ROW ? sqlite3_column_int(src.get(), 0) : 0;
    // Beyond kEntityFacetMatches matches, the best ones by rank (newest without query text)
    // stand for all: reading every match's names costs ~2 ms per 1,000 matches. The Result
    // says how many were counted (entities_counted), so views can label the counts.
    out.entities_counted = static_cast<int64_t>(std::min(matches.size(), kEntityFacetMatches));
    if (options_.resident_facets && source == 1) {
      if (auto st = load_entities(); !st) return st.error();
      const auto& c = *counts_;
      // Counted in a flat array by entity id (a hash map was 6% of a search under wrk); only
      // the entities met are read back and reset.
      auto& count = counts_->entity_count;
      count.resize(c.entity_names.size(), 0);
      std::vector<std::pair<int32_t, int64_t>> ranked;
      for (size_t i = 0; i < static_cast<size_t>(out.entities_counted); ++i) {
        const auto seq = static_cast<size_t>(matches[i].seq);
        if (seq + 1 >= c.entity_start.size()) continue;
        for (uint32_t k = c.entity_start[seq]; k < c.entity_start[seq + 1]; ++k)
          if (count[static_cast<size_t>(c.entity_ids[k])]++ == 0) ranked.push_back({c.entity_ids[k], 0});
      }
      for (auto& [id, n] : ranked) {
        n = count[static_cast<size_t>(id)];
        count[static_cast<size_t>(id)] = 0;
      }
      const size_t top = std::min(ranked.size(), static_cast<size_t>(kEntityFacetSize));
      std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(top), ranked.end(),
                        [&](const auto& a, const auto& b) {
                          return a.second != b.second
                                     ? a.second > b.second
                                     : c.entity_names[static_cast<size_t>(a.first)] <
                                           c.entity_names[static_cast<size_t>(b.first)];
                        });
      for (size_t i = 0; i < top; ++i)
        out.entities.push_back(
            {c.entity_names[static_cast<size_t>(ranked[i].first)], ranked[i].second});
    } else {
      // One index range per document (its names are together under the primary key), counted
      // here: each document counts once per group (corpus-view names are grouped by canonical
      // name, a document's own by the lower-cased name, shown as its smallest spelling).
      Stmt ent(db_,
               "SELECT name, canonical FROM document_entities WHERE doc_seq = :seq AND source = "
               ":source",
               *cache_);
      if (!ent.ok()) return db_error(ent);
      struct Group {
        std::string shown;
        int64_t count = 0;
        int64_t last_seq = -1;
      };
      std::unordered_map<std::string, Group> groups;
      for (size_t i = 0; i < static_cast<size_t>(out.entities_counted); ++i) {
        sqlite3_reset(ent.get());
        ent.bind(":seq", matches[i].seq);
        ent.bind(":source", static_cast<int64_t>(source));
        int rc;
        while ((rc = sqlite3_step(ent.get())) == SQLITE_ROW) {
          const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(ent.get(), 0));
          const auto* canonical = reinterpret_cast<const char*>(sqlite3_column_text(ent.get(), 1));
          if (!name || !canonical) continue;
          Group& g = groups[source == 1 ? canonical : name];
          if (g.count == 0 || g.shown > canonical) g.shown = canonical;
          if (g.last_seq != matches[i].seq) {
            g.last_seq = matches[i].seq;
            ++g.count;
          }
        }
        if (rc != SQLITE_DONE) return db_error(ent);
      }
      std::vector<const Group*> ranked;
      ranked.reserve(groups.size());
      for (const auto& [key, g] : groups) ranked.push_back(&g);
      const size_t top = std::min(ranked.size(), static_cast<size_t>(kEntityFacetSize));
      std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(top), ranked.end(),
                        [](const Group* a, const Group* b) {
                          return a->count != b->count ? a->count > b->count : a->shown < b->shown;
                        });
      for (size_t i = 0; i < top; ++i) out.entities.push_back({ranked[i]->shown, ranked[i]->count});
    }
  }
  out.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

Error Searcher::failed(const std::string& why) const {
  return Error{std::string(sqlite3_db_filename(db_, "main")) + ": search failed (" + why + ")"};
}

kabar::Status Searcher::sync() const {
  Stmt version(db_, "PRAGMA data_version", *cache_);
  const int64_t v = version.ok() && sqlite3_step(version.get()) == SQLITE_ROW
                        ? sqlite3_column_int64(version.get(), 0)
                        : -1;
  if (v != counts_->data_version || counts_->hits.size() > 100000) counts_->clear(v);
  return Ok{};
}

kabar::Status Searcher::load_facts() const {
  if (counts_->facts_loaded) return Ok{};
  Stmt all(db_, "SELECT seq, outlet, substr(published, 1, 7) FROM document_facts", *cache_);
  if (!all.ok()) return failed(all.error());
  std::unordered_map<std::string, int32_t> outlet_ids, month_ids;
  auto intern = [](std::unordered_map<std::string, int32_t>& ids, std::vector<std::string>& names,
                   std::string v) {
    auto [it, fresh] = ids.emplace(v, static_cast<int32_t>(names.size()));
    if (fresh) names.push_back(std::move(v));
    return it->second;
  };
  int rc;
  while ((rc = sqlite3_step(all.get())) == SQLITE_ROW) {
    const int64_t seq = sqlite3_column_int64(all.get(), 0);
    if (seq < 0 || seq > (int64_t{1} << 32)) continue;
    if (static_cast<size_t>(seq) >= counts_->facts_of.size()) {
      counts_->facts_of.resize(static_cast<size_t>(seq) + 1);
    }
    if (sqlite3_column_type(all.get(), 1) != SQLITE_NULL)
      counts_->facts_of[static_cast<size_t>(seq)].outlet =
          intern(outlet_ids, counts_->outlets, all.text(1));
    if (sqlite3_column_bytes(all.get(), 2) == 7)
      counts_->facts_of[static_cast<size_t>(seq)].month =
          intern(month_ids, counts_->months, all.text(2));
  }
  if (rc != SQLITE_DONE) return failed(all.error());
  counts_->facts_loaded = true;
  return Ok{};
}


kabar::Status Searcher::load_lengths() const {
  if (counts_->lengths_loaded) return Ok{};
  // FTS5's own per-row counts (one varint per column, the table's `sz`), read in one scan of
  // %_docsize (a scan of the FTS5 table itself would read every text through its content view).
  Stmt all(db_, "SELECT id, sz FROM documents_fts_docsize", *cache_);
  if (!all.ok()) return failed(all.error());
  auto& c = *counts_;
  int rc;
  while ((rc = sqlite3_step(all.get())) == SQLITE_ROW) {
    const auto seq = static_cast<uint64_t>(sqlite3_column_int64(all.get(), 0)) & 0xffffffffu;
    const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(all.get(), 1));
    const auto* end = p + sqlite3_column_bytes(all.get(), 1);
    uint64_t n = 0;
    while (p && p < end) n += store::read_varint(p, end);
    if (seq >= c.length_of.size()) c.length_of.resize(seq + 1, 0);
    c.length_of[seq] = static_cast<uint32_t>(std::min<uint64_t>(n, UINT32_MAX));
  }
  if (rc != SQLITE_DONE) return failed(all.error());
  c.lengths = {c.length_of.data(), c.length_of.size()};
  c.lengths_loaded = true;
  return Ok{};
}

kabar::Status Searcher::load_entities() const {
  if (counts_->entities_loaded) return Ok{};
  // Ordered by the primary key: each document's names are together.
  Stmt all(db_,
           "SELECT doc_seq, canonical FROM document_entities WHERE source = 1 "
           "ORDER BY doc_seq",
           *cache_);
  if (!all.ok()) return failed(all.error());
  auto& c = *counts_;
  std::unordered_map<std::string, int32_t> ids;
  std::vector<int64_t> last_doc;  // by entity id: the document it was last added to
  int rc;
  while ((rc = sqlite3_step(all.get())) == SQLITE_ROW) {
    const int64_t seq = sqlite3_column_int64(all.get(), 0);
    const auto* canonical = reinterpret_cast<const char*>(sqlite3_column_text(all.get(), 1));
    if (!canonical || seq < 0 || seq > (int64_t{1} << 32)) continue;
    while (c.entity_start.size() <= static_cast<size_t>(seq))
      c.entity_start.push_back(static_cast<uint32_t>(c.entity_ids.size()));
    auto [it, fresh] = ids.emplace(canonical, static_cast<int32_t>(c.entity_names.size()));
    if (fresh) {
      c.entity_names.push_back(it->first);
      last_doc.push_back(-1);
    }
    if (last_doc[static_cast<size_t>(it->second)] == seq) continue;
    last_doc[static_cast<size_t>(it->second)] = seq;
    c.entity_ids.push_back(it->second);
  }
  if (rc != SQLITE_DONE) return failed(all.error());
  c.entity_start.push_back(static_cast<uint32_t>(c.entity_ids.size()));
  c.entities_loaded = true;
  return Ok{};
}

kabar::Status Searcher::warm() const {
  if (!options_.resident_facets) return Ok{};
  if (sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return Error{std::string(sqlite3_db_filename(db_, "main")) + ": " + sqlite3_errmsg(db_)};
  auto st = sync();
  if (st) st = load_facts();
  if (st) st = load_entities();
  if (st) st = load_lengths();
  sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  return st;
}

}  // namespace kabar::search
