// The full-text index (FTS5 with kabar's tokenizer, written by the store) and Searcher.
#include "kabar/search/search.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <tuple>
#include <type_traits>

#include "kabar/core/data_dir.h"
#include "kabar/core/hash.h"
#include "kabar/core/utf8.h"
#include "kabar/lang/id/stemmer.h"
#include "kabar/search/query.h"
#include "kabar/store/fts.h"
#include "kabar/store/store.h"
#include "kabar/text/tokenize.h"

namespace fs = std::filesystem;
using kabar::search::Query;
using kabar::search::Searcher;
using kabar::store::IndexAnalyzer;
using kabar::store::Store;

namespace {

fs::path temp_db(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("kabar_search_" + std::to_string(getpid()));
  fs::create_directories(dir);
  fs::path p = dir / name;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix);
  return p;
}

struct Doc {
  std::string title, text, outlet, published, language = "id";
  std::vector<std::string> entities;
};

kabar::extract::Analysis make(const Doc& d, int n) {
  kabar::extract::Analysis a;
  a.doc.text = d.text;
  a.doc.id = kabar::content_id(d.text);
  a.doc.path = "doc" + std::to_string(n) + ".txt";
  if (!d.title.empty()) a.doc.meta.title = d.title;
  if (!d.published.empty()) a.published.date = d.published;
  if (!d.outlet.empty()) a.provenance.outlet = d.outlet;
  a.text.language.code = d.language;
  for (const auto& e : d.entities) {
    kabar::extract::EntityMention m;
    m.text = e;
    size_t at = d.text.find(e);
    if (at != std::string::npos)
      m.span = {static_cast<uint32_t>(at), static_cast<uint32_t>(at + e.size())};
    a.entities.push_back(m);
  }
  return a;
}

const std::vector<Doc>& corpus() {
  static const std::vector<Doc> docs = {
      {"Warga membeli beras",
       "Warga Kudus membeli beras di pasar karena harga naik. Menteri Perdagangan meninjau pasar.",
       "Kompas.com",
       "2024-08-02",
       "id",
       {"Kudus", "Menteri Perdagangan"}},
      {"Harga beras",
       "Pedagang menjual beras dengan harga tinggi. Pembeli mengeluh di Kudus.",
       "Tempo.co",
       "2024-08-15",
       "id",
       {"Kudus"}},
      {"Lavrov bertemu Choe",
       "Menteri Luar Negeri Rusia Sergei Lavrov bertemu Choe Son Hui di Moskow.",
       "Antara",
       "2024-11-01",
       "id",
       {"Sergei Lavrov", "Choe Son Hui", "Moskow"}},
      {"Banjir Kerinci",
       "Banjir melanda Kerinci. Luar biasa, negeri ini dilanda bencana; menteri datang.",
       "Antara",
       "2024-10-20",
       "id",
       {"Kerinci"}},
      {"Flood in Jakarta",
       "Heavy rain flooded Jakarta on Monday.",
       "Reuters",
       "2024-10-21",
       "en",
       {"Jakarta"}},
  };
  return docs;
}

// A store holding corpus(), and a searcher over it.
struct Fixture {
  fs::path db;
  std::unique_ptr<Store> store;
  std::vector<kabar::extract::Analysis> docs;
  explicit Fixture(const std::string& name, const std::vector<Doc>& input = corpus())
      : db(temp_db(name)) {
    auto s = Store::open(db);
    if (!s) throw std::runtime_error(s.error().message);
    store = std::move(*s);
    for (size_t i = 0; i < input.size(); ++i) docs.push_back(make(input[i], static_cast<int>(i)));
    std::vector<const kabar::extract::Analysis*> ptrs;
    for (const auto& a : docs) ptrs.push_back(&a);
    auto added = store->add(ptrs);
    if (!added || *added != static_cast<int>(docs.size())) throw std::runtime_error("add failed");
  }
  std::unique_ptr<Searcher> searcher() {
    auto s = Searcher::open(db);
    if (!s) throw std::runtime_error(s.error().message);
    return std::move(*s);
  }
  std::string id(int i) const { return docs[static_cast<size_t>(i)].doc.id; }
};

std::vector<std::string> ids(const kabar::search::Result& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

kabar::search::Result run(Searcher& s, Query q) {
  auto r = s.run(q);
  EXPECT_TRUE(r) << q.text << ": " << r.error().message;
  return r ? *r : kabar::search::Result{};
}

kabar::search::Result run(Searcher& s, const std::string& text) {
  Query q;
  q.text = text;
  return run(s, q);
}

std::shared_ptr<const IndexAnalyzer> analyzer() {
  auto a = IndexAnalyzer::shared(kabar::data_dir());
  if (!a) throw std::runtime_error(a.error().message);
  return *a;
}

std::string fts(std::string_view user) {
  auto a = analyzer();
  auto r = kabar::search::to_fts5(
      user, [&](std::string_view t, bool prefix) { return !a->terms(t, !prefix).empty(); });
  return r ? *r : "ERROR: " + r.error().message;
}

// Runs `SELECT d.id, <column> … WHERE documents_fts MATCH <match>` on `raw` (a connection with
// the kabar functions registered): `column` of each matching document, by id.
template <typename T>
std::map<std::string, T> per_match(sqlite3* raw, const std::string& column,
                                   const std::string& match) {
  std::map<std::string, T> out;
  const std::string sql = "SELECT d.id, " + column +
                          " FROM documents_fts JOIN documents d"
                          " ON d.seq = (documents_fts.rowid & 4294967295)"
                          " WHERE documents_fts MATCH ?1";
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(raw, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
  sqlite3_bind_text(st, 1, match.c_str(), -1, SQLITE_TRANSIENT);
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    std::string id = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    if constexpr (std::is_same_v<T, double>)
      out[id] = sqlite3_column_double(st, 1);
    else
      out[id] = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
  }
  sqlite3_finalize(st);
  return out;
}

}  // namespace

TEST(IndexAnalyzer, StemsLowerCasesAndDropsCliticsAndPunctuation) {
  auto a = analyzer();
  EXPECT_EQ(a->terms("Warga MEMBELI beras, dibelikan!"), "warga beli beras beli");
  EXPECT_EQ(a->terms("rumahnya"), "rumah");
  EXPECT_EQ(a->terms("harga naik 10.000 persen"), "harga naik 10.000 persen");
  EXPECT_EQ(a->terms("membeli", /*stem=*/false), "membeli");
  EXPECT_EQ(a->terms("... ; !"), "");
  EXPECT_FALSE(a->fingerprint().empty());
}

namespace {

using Term = std::tuple<std::string, uint32_t, uint32_t>;

std::vector<Term> analyzer_terms(const IndexAnalyzer& a, std::string_view text, bool stem) {
  std::vector<Term> out;
  a.for_each_term(text, stem, &out, [](void* p, std::string_view t, uint32_t b, uint32_t e) {
    static_cast<std::vector<Term>*>(p)->emplace_back(std::string(t), b, e);
    return 0;
  });
  return out;
}

// The index terms by their definition, one token at a time and with nothing remembered: every
// word and number token of Tokenizer::tokenize but clitics, trailing periods cut, lower-cased,
// words stemmed.
std::vector<Term> reference_terms(std::string_view text, bool stem) {
  static const auto tokenizer = *kabar::text::Tokenizer::load(kabar::data_dir());
  static const auto stemmer = *kabar::lang::id::Stemmer::load(kabar::data_dir());
  std::vector<kabar::text::Token> tokens;
  tokenizer.tokenize(text, tokens);
  std::vector<Term> out;
  for (const auto& t : tokens) {
    if (t.kind != kabar::text::TokenKind::kWord && t.kind != kabar::text::TokenKind::kNumber)
      continue;
    if (t.flags & (kabar::text::kCliticPrefix | kabar::text::kCliticSuffix)) continue;
    std::string_view surface = t.in(text);
    while (!surface.empty() && surface.back() == '.') surface.remove_suffix(1);
    if (surface.empty()) continue;
    std::string term = kabar::utf8::lower(surface);
    if (stem && t.kind == kabar::text::TokenKind::kWord) term = stemmer.stem_uncached(term);
    out.emplace_back(term, t.start, t.end);
  }
  return out;
}

// Text that exercises the tokeniser's rules: clitics, names, abbreviations, numbers, URLs,
// e-mail addresses, currency, hashtags, hyphens, apostrophes, non-ASCII letters, paragraphs.
std::string random_text(std::mt19937& rng) {
  // clang-format off
  static const char* const kPieces[] = {
      "katanya", "Katanya", "dialah", "Dialah", "Saifullah", "rumahnyalah", "adalah", "punya",
      "kuambil", "Kaulihat", "kaulihatlah", "bukunya", "pemerintahpun", "Apakah", "siapakah",
      "menakut-nakuti", "kawan-kawan", "IPK-nya", "iPhone-nya", "Hwasong-11", "122mm", "10.000",
      "3,5", "2/8/2024", "14.30", "2020-2024", "Jl.", "dr.", "S.H.", "dll.", "Tbk.", "PT.", "BPK.",
      "J.", "a.n.", "https://detik.com/x?a=1.", "www.kompas.id", "nama.saya@contoh.co.id", "@akun",
      "#tagar", "Rp10.000", "Rp", "Rp.", "US$", "detik.com", "go.id", "Moskwa", "MOSKWA", "Moskow’s",
      "O'Neil", "café", "Ünal", "Sergei", "Lavrov", "PBB", "AS", "yang", "dan", "di", "pemerintah",
      "membeli", "dibelikan", "pertanggungjawabannya", "ketidakberdayaannya", "x", "Ia",
      "menyampaikannya", "sekitar", "tentara", "—", "–", "“", "”", "\"", "(", ")", ",", ".", ";",
      ":", "!", "?", "'", "-", "/", "…", "%", "5%", "\u00a0", "ku", "kau", "nya", "lah", "kah"};
  // clang-format on
  static const char* const kGlue[] = {" ", " ", " ", " ", "", "\n", "\n\n", ". ", ", ", "-", "."};
  std::string s;
  const int n = 1 + static_cast<int>(rng() % 24);
  for (int k = 0; k < n; ++k) {
    s += kPieces[rng() % std::size(kPieces)];
    s += kGlue[rng() % std::size(kGlue)];
  }
  return s;
}

std::vector<std::string> example_texts() {
  std::vector<std::string> texts;
  std::vector<fs::path> dirs = {KABAR_EXAMPLES_DIR};
  if (fs::is_directory(fs::path(KABAR_SHARED_DIR) / "seeds"))
    dirs.push_back(fs::path(KABAR_SHARED_DIR) / "seeds");
  for (const auto& dir : dirs)
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (!e.is_regular_file()) continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      texts.push_back(ss.str());
    }
  return texts;
}

}  // namespace

TEST(IndexAnalyzer, TermsAreTheTokenisersTokensStemmedOneByOne) {
  // for_each_term remembers what each plain word becomes (Tokenizer::PlainWord) and each term's
  // root; the terms, spans and order must be those of the definition, on first sight of a
  // word and on every later one.
  auto a = analyzer();
  std::vector<std::string> texts = example_texts();
  ASSERT_GE(texts.size(), 10u);
  std::mt19937 rng(20261202);
  for (int k = 0; k < 4000; ++k) texts.push_back(random_text(rng));
  size_t compared = 0;
  for (int round = 0; round < 2; ++round)
    for (const auto& t : texts)
      for (bool stem : {true, false}) {
        const auto got = analyzer_terms(*a, t, stem);
        const auto want = reference_terms(t, stem);
        ASSERT_EQ(got, want) << (stem ? "stemmed" : "surface") << " terms of: " << t.substr(0, 300);
        compared += got.size();
      }
  EXPECT_GT(compared, 100000u);
}

TEST(IndexAnalyzer, RegistersAsAnFts5TokenizerOnAnyConnection) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  ASSERT_TRUE(kabar::store::register_fts(db, analyzer()));
  ASSERT_EQ(
      sqlite3_exec(
          db,
          "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='kabar');"
          "INSERT INTO t(body) VALUES ('Warga Kudus membeli beras'), ('Pedagang menjual beras');",
          nullptr, nullptr, nullptr),
      SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(db, "SELECT rowid, highlight(t, 0, '[', ']') FROM t WHERE t MATCH 'beli'",
                         -1, &st, nullptr),
      SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 1);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)),
               "Warga Kudus [membeli] beras");
  EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
  sqlite3_finalize(st);
  // kabar_lower is registered with it.
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT kabar_lower('ÉCOLE Kudus')", -1, &st, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "école kudus");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST(QueryTranslation, QuotesEveryTermAndParenthesisesGroups) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"beli", "\"beli\""},
      {"warga beli", "(\"warga\" AND \"beli\")"},
      {"warga AND beli", "(\"warga\" AND \"beli\")"},
      {"\"luar negeri\"", "\"luar negeri\""},
      {"beras OR banjir", "(\"beras\" OR \"banjir\")"},
      {"beras -kudus", "(\"beras\" NOT \"kudus\")"},
      {"beras NOT kudus NOT pasar", "(\"beras\" NOT (\"kudus\" OR \"pasar\"))"},
      {"(beras OR banjir) kudus", "((\"beras\" OR \"banjir\") AND \"kudus\")"},
      {"beras -(kudus OR pasar)", "(\"beras\" NOT (\"kudus\" OR \"pasar\"))"},
      {"bel*", "\"bel\" *"},
      {"Hwasong-11", "\"Hwasong-11\""},
      {"near(a b)", "(\"near\" AND (\"a\" AND \"b\"))"},
      {"beras , ;", "\"beras\""},
      {"title:beras", "\"title:beras\""},
      {"a\"b\"", "(\"a\" AND \"b\")"},
      {"or and not", "(\"or\" AND \"and\" AND \"not\")"},
  };
  for (const auto& c : cases) EXPECT_EQ(fts(c.in), c.out) << c.in;
}

TEST(QueryTranslation, MalformedQueriesAreErrorsNamingTheProblem) {
  struct Case {
    const char* in;
    const char* says;
  } cases[] = {
      {"\"luar negeri", "unbalanced quote"},
      {"(beras OR banjir", "'(' without ')'"},
      {"beras)", "')' without '('"},
      {"OR beras", "OR needs words on both sides"},
      {"beras OR", "OR needs words on both sides"},
      {"beras OR OR banjir", "OR needs words on both sides"},
      {"AND beras", "AND needs words"},
      {"-beras", "not excluded"},
      {"NOT beras", "not excluded"},
      {"beras NOT", "NOT (or -) must be followed"},
      {"...", "no searchable words"},
      {"((((((((((((((((((beras))))))))))))))))))", "nested too deeply"},
  };
  for (const auto& c : cases) {
    std::string r = fts(c.in);
    EXPECT_NE(r.find("ERROR: "), std::string::npos) << c.in << " → " << r;
    EXPECT_NE(r.find(c.says), std::string::npos) << c.in << " → " << r;
  }
  std::string many;
  for (int i = 0; i < 80; ++i) many += "kata" + std::to_string(i) + " ";
  EXPECT_NE(fts(many).find("too many words"), std::string::npos);
  EXPECT_NE(fts(std::string(5000, 'a')).find("too long"), std::string::npos);
}

TEST(Search, StemmedWordsMatchTheirInflections) {
  Fixture f("stem.db");
  auto s = f.searcher();
  EXPECT_EQ(ids(run(*s, "beli")), sorted({f.id(0), f.id(1)}));  // membeli, pembeli
  EXPECT_EQ(ids(run(*s, "membeli")), ids(run(*s, "beli")));
  EXPECT_EQ(ids(run(*s, "dibelikan")), ids(run(*s, "beli")));
  EXPECT_EQ(ids(run(*s, "jual")), std::vector<std::string>{f.id(1)});
  EXPECT_EQ(run(*s, "beli").total, 2);
  EXPECT_EQ(run(*s, "gempa").total, 0);
  EXPECT_EQ(ids(run(*s, "FLOOD")), std::vector<std::string>{f.id(4)});
  EXPECT_EQ(ids(run(*s, "bel*")), ids(run(*s, "beli")));
}

TEST(Search, PhrasesNeedAdjacentWords) {
  Fixture f("phrase.db");
  auto s = f.searcher();
  // Doc 3 has "luar", "negeri" and "menteri" but not as the phrase.
  EXPECT_EQ(ids(run(*s, "luar negeri menteri")), sorted({f.id(2), f.id(3)}));
  EXPECT_EQ(ids(run(*s, "\"menteri luar negeri\"")), std::vector<std::string>{f.id(2)});
  EXPECT_EQ(run(*s, "\"negeri luar\"").total, 0);
}

TEST(Search, BooleanOperators) {
  Fixture f("bool.db");
  auto s = f.searcher();
  EXPECT_EQ(ids(run(*s, "beras OR banjir")), sorted({f.id(0), f.id(1), f.id(3)}));
  EXPECT_EQ(ids(run(*s, "beras -pasar")), std::vector<std::string>{f.id(1)});
  EXPECT_EQ(ids(run(*s, "beras NOT pasar")), std::vector<std::string>{f.id(1)});
  EXPECT_EQ(ids(run(*s, "(beras OR banjir) kudus")), sorted({f.id(0), f.id(1)}));
  EXPECT_EQ(ids(run(*s, "(beras OR banjir) -(kudus OR jakarta)")),
            std::vector<std::string>{f.id(3)});
}

TEST(Search, TitleMatchesRankHigherAndSnippetsMarkTerms) {
  Fixture f("rank.db");
  auto s = f.searcher();
  auto r = run(*s, "beras");
  ASSERT_EQ(r.hits.size(), 2u);
  for (const auto& h : r.hits) {
    EXPECT_GT(h.score, 0);
    EXPECT_NE(h.snippet.find("[beras]"), std::string::npos) << h.snippet;
  }
  EXPECT_GE(r.hits[0].score, r.hits[1].score);
  auto inflected = run(*s, "beli");
  ASSERT_FALSE(inflected.hits.empty());
  EXPECT_NE(inflected.hits[0].snippet.find("[membeli]"), std::string::npos)
      << inflected.hits[0].snippet;
}

TEST(Search, SnippetsAreAWindowAroundTheFirstHit) {
  std::string body = "Pembukaan.";
  for (int i = 0; i < 60; ++i)
    body += " Kalimat pengisi nomor " + std::to_string(i) + " tanpa kata kunci.";
  body += " Menteri Luar Negeri Rusia membeli gandum di sini. Penutup artikel ini panjang sekali.";
  for (int i = 0; i < 20; ++i) body += " Ekor " + std::to_string(i) + ".";
  Fixture f("snippet.db", {{"Judul", body, "A", "2024-01-01"}});
  auto s = f.searcher();
  auto r = run(*s, "\"luar negeri\" beli");
  ASSERT_EQ(r.hits.size(), 1u);
  const std::string& snip = r.hits[0].snippet;
  EXPECT_EQ(snip.rfind("…", 0), 0u) << snip;  // cut before the window
  EXPECT_NE(snip.find("Menteri [Luar Negeri] Rusia [membeli] gandum"), std::string::npos) << snip;
  EXPECT_EQ(snip.find("Pembukaan"), std::string::npos) << snip;
  EXPECT_NE(snip.find("…", snip.size() - 3), std::string::npos) << snip;  // and after it
  // A title-only match: the snippet is the opening of the body, unmarked.
  auto t = run(*s, "judul");
  ASSERT_EQ(t.hits.size(), 1u);
  EXPECT_EQ(t.hits[0].snippet.rfind("Pembukaan.", 0), 0u) << t.hits[0].snippet;
  EXPECT_EQ(t.hits[0].snippet.find('['), std::string::npos);
}

TEST(Search, SnippetsAreKabarSnippetOfEachHit) {
  // The Searcher builds snippets from the hits kabar_bm25 gathered in its pass over the matches;
  // they must be exactly what kabar_snippet(documents_fts, 1, 24) gives for each hit, on the
  // index-only and the filtered path, one-shot and resident.
  std::vector<Doc> docs = corpus();
  std::string body = "Pembukaan.";
  for (int i = 0; i < 40; ++i)
    body += " Kalimat pengisi nomor " + std::to_string(i) + " tentang beras.";
  body += " Menteri Luar Negeri membeli beras; harga beras naik, beras mahal, luar negeri diam.";
  docs.push_back({"Beras dan menteri", body, "Kompas.com", "2024-08-20"});
  docs.push_back({"Judul beras", "Tanpa kata kunci di badan teks.", "Kompas.com", "2024-08-21"});
  Fixture f("snippet-hits.db", docs);
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(f.db.c_str(), &raw), SQLITE_OK);
  ASSERT_TRUE(kabar::store::register_fts(raw, analyzer()));
  for (bool resident : {false, true}) {
    auto opened = Searcher::open(f.db, {}, {.resident_facets = resident});
    ASSERT_TRUE(opened) << opened.error().message;
    for (const char* text : {"beras", "beras kudus", "\"luar negeri\" OR menteri", "harga -pasar",
                             "bel*", "beras menteri harga", "judul"}) {
      for (bool filtered : {false, true}) {
        Query q;
        q.text = text;
        q.limit = 20;
        if (filtered) q.outlet = "Kompas.com";
        auto r = run(**opened, q);
        ASSERT_FALSE(r.hits.empty()) << text;
        auto expected =
            per_match<std::string>(raw, "kabar_snippet(documents_fts, 1, 24)", fts(text));
        for (const auto& h : r.hits) {
          ASSERT_TRUE(expected.count(h.id)) << text;
          EXPECT_EQ(h.snippet, expected[h.id]) << text << (filtered ? " (outlet)" : "");
        }
      }
    }
  }
  sqlite3_close(raw);
}

TEST(Search, TitleIsWeightedAboveBody) {
  // Both mention "gempa" once; the title hit has the longer body and still ranks first.
  Fixture f("title.db",
            {{"Berita pagi", "Gempa mengguncang kota. Warga panik.", "A", "2024-01-01"},
             {"Gempa", "Warga panik dan keluar rumah pada malam hari, lalu berkumpul di lapangan.",
              "B", "2024-01-02"}});
  auto s = f.searcher();
  auto r = run(*s, "gempa");
  ASSERT_EQ(r.hits.size(), 2u);
  EXPECT_EQ(r.hits[0].id, f.id(1));
  EXPECT_GT(r.hits[0].score, r.hits[1].score);
}

TEST(Search, FiltersByDateOutletLanguageEntityAndStory) {
  Fixture f("filters.db");
  auto s = f.searcher();
  Query q;
  q.from = "2024-10";
  EXPECT_EQ(ids(run(*s, q)), sorted({f.id(2), f.id(3), f.id(4)}));
  q.to = "2024-10";
  EXPECT_EQ(ids(run(*s, q)), sorted({f.id(3), f.id(4)}));
  q = {};
  q.to = "2024-08-02";
  EXPECT_EQ(ids(run(*s, q)), std::vector<std::string>{f.id(0)});
  q = {};
  q.text = "beras";
  q.outlet = "tempo.CO";
  EXPECT_EQ(ids(run(*s, q)), std::vector<std::string>{f.id(1)});
  q = {};
  q.language = "en";
  EXPECT_EQ(ids(run(*s, q)), std::vector<std::string>{f.id(4)});
  q = {};
  q.entity = "KUDUS";
  EXPECT_EQ(ids(run(*s, q)), sorted({f.id(0), f.id(1)}));
  q.text = "pasar";
  EXPECT_EQ(ids(run(*s, q)), std::vector<std::string>{f.id(0)});

  // Story and corpus entities come from the stored corpus view.
  nlohmann::json view = {
      {"stories",
       {{{"id", "S1"}, {"title", "Beras"}, {"documents", {f.id(0), f.id(1), "not-stored"}}}}},
      {"entities",
       {{{"id", "E1"},
         {"name", "Sergei Lavrov"},
         {"variants", {"Lavrov", "Sergey Lavrov"}},
         {"documents", {f.id(2)}}}}},
      {"claims", nlohmann::json::array()}};
  ASSERT_TRUE(f.store->replace_corpus_view(view));
  q = {};
  q.story = "S1";
  EXPECT_EQ(ids(run(*s, q)), sorted({f.id(0), f.id(1)}));
  q.text = "jual";
  EXPECT_EQ(ids(run(*s, q)), std::vector<std::string>{f.id(1)});
  q = {};
  q.entity = "sergey lavrov";  // a variant the document never wrote
  EXPECT_EQ(ids(run(*s, q)), std::vector<std::string>{f.id(2)});
  auto stored = f.store->corpus_view();
  ASSERT_TRUE(stored);
  EXPECT_EQ(nlohmann::json::parse(*stored)["stories"][0]["id"], "S1");
  // Replacing the view replaces the membership.
  ASSERT_TRUE(
      f.store->replace_corpus_view({{"stories", {{{"id", "S2"}, {"documents", {f.id(3)}}}}}}));
  q = {};
  q.story = "S1";
  EXPECT_EQ(run(*s, q).total, 0);
  q.story = "S2";
  EXPECT_EQ(ids(run(*s, q)), std::vector<std::string>{f.id(3)});
  EXPECT_FALSE(f.store->replace_corpus_view({{"stories", "nope"}}));
  EXPECT_FALSE(f.store->replace_corpus_view(nlohmann::json::array()));
}

TEST(Search, FacetsCountEveryMatchNotOnlyThePage) {
  Fixture f("facets.db");
  auto s = f.searcher();
  Query q;
  q.text = "beras OR banjir OR lavrov";
  q.limit = 1;
  auto r = run(*s, q);
  EXPECT_EQ(r.total, 4);
  EXPECT_EQ(r.hits.size(), 1u);
  ASSERT_EQ(r.outlets.size(), 3u);
  EXPECT_EQ(r.outlets[0].value, "Antara");
  EXPECT_EQ(r.outlets[0].count, 2);
  ASSERT_EQ(r.months.size(), 3u);
  EXPECT_EQ(r.months[0].value, "2024-08");
  EXPECT_EQ(r.months[0].count, 2);
  EXPECT_EQ(r.months[1].value, "2024-10");
  ASSERT_FALSE(r.entities.empty());
  EXPECT_EQ(r.entities[0].value, "Kudus");
  EXPECT_EQ(r.entities[0].count, 2);
  q.offset = 3;
  auto last = run(*s, q);
  EXPECT_EQ(last.total, 4);
  EXPECT_EQ(last.hits.size(), 1u);
  q.facets = false;
  EXPECT_EQ(run(*s, q).total, 4);
  EXPECT_TRUE(run(*s, q).outlets.empty());
}

// The pass over the matches reads only the index when nothing filters on outlet, language,
// entity or story, and takes outlets and months from facts read once per connection; the
// filtered queries seek each match's facts row. Both must count the same documents.
TEST(Search, FacetCountsAgreeWithTheFilteredTotals) {
  Fixture f("facets-agree.db");
  auto s = f.searcher();
  for (std::optional<std::string> window : {std::optional<std::string>(), std::optional<std::string>("2024")}) {
    Query q;
    q.text = "beras OR banjir OR lavrov OR kudus";
    q.from = window;
    q.to = window;
    auto all = run(*s, q);
    ASSERT_GT(all.total, 0);
    int64_t outlets = 0, months = 0;
    for (const auto& o : all.outlets) {
      Query by = q;
      by.outlet = o.value;
      EXPECT_EQ(run(*s, by).total, o.count) << o.value;
      outlets += o.count;
    }
    for (const auto& m : all.months) {
      Query by = q;
      by.from = m.value;
      by.to = m.value;
      EXPECT_EQ(run(*s, by).total, m.count) << m.value;
      months += m.count;
    }
    EXPECT_GT(outlets, 0);
    EXPECT_GT(months, 0);
  }
}

// kabar serve's searchers keep outlets, months, corpus entities and the documents' lengths (for
// BM25) in memory; a one-shot searcher reads them per match. Same answers and scores, with and
// without a stored corpus view, and after the database changes. Two long documents make lengths
// of two and three bytes in FTS5's %_docsize varints.
TEST(Search, ResidentFacetsGiveTheSameAnswers) {
  auto input = corpus();
  for (size_t words : {300u, 20000u}) {
    std::string text;
    for (size_t i = 0; i < words; ++i)
      text += (i % 97 == 0   ? "beras "
               : i % 89 == 0 ? "harga "
                             : "kalimat" + std::to_string(i % 13) + " ");
    input.push_back({"Harga beras " + std::to_string(words), text, "Antara", "2024-09-02"});
  }
  Fixture f("resident.db", input);
  auto plain = f.searcher();
  auto resident = Searcher::open(f.db, {}, {.resident_facets = true});
  ASSERT_TRUE(resident);
  auto same = [&](const std::string& when) {
    std::vector<Query> queries;
    for (const char* text : {"beras", "beras OR banjir OR lavrov OR kudus", "menteri", "harga"}) {
      Query q;
      q.text = text;
      queries.push_back(q);
      q.from = "2024-08";
      q.to = "2024-10";
      queries.push_back(q);
      q.outlet = "Antara";
      queries.push_back(q);
    }
    for (const Query& q : queries) {
      auto a = run(*plain, q), b = run(**resident, q);
      const std::string what = when + ": " + q.text;
      EXPECT_EQ(a.total, b.total) << what;
      ASSERT_EQ(a.hits.size(), b.hits.size()) << what;
      for (size_t i = 0; i < a.hits.size(); ++i) {
        EXPECT_EQ(a.hits[i].id, b.hits[i].id) << what;
        EXPECT_DOUBLE_EQ(a.hits[i].score, b.hits[i].score) << what;
      }
      auto facet = [](const std::vector<kabar::search::FacetCount>& v) {
        std::vector<std::pair<std::string, int64_t>> out;
        for (const auto& x : v) out.emplace_back(x.value, x.count);
        return out;
      };
      EXPECT_EQ(facet(a.outlets), facet(b.outlets)) << what;
      EXPECT_EQ(facet(a.months), facet(b.months)) << what;
      EXPECT_EQ(facet(a.entities), facet(b.entities)) << what;
      EXPECT_EQ(a.entities_counted, b.entities_counted) << what;
    }
  };
  same("documents' own names");
  ASSERT_TRUE((*resident)->warm());
  nlohmann::json view = {
      {"stories", nlohmann::json::array()},
      {"entities",
       {{{"id", "E1"}, {"name", "Kudus"}, {"variants", {"kudus"}}, {"documents", {f.id(0), f.id(1)}}},
        {{"id", "E2"},
         {"name", "Sergei Lavrov"},
         {"variants", {"Lavrov"}},
         {"documents", {f.id(2)}}},
        {{"id", "E3"}, {"name", "Kerinci"}, {"documents", {f.id(3)}}}}},
      {"claims", nlohmann::json::array()}};
  ASSERT_TRUE(f.store->replace_corpus_view(view));
  same("corpus view names");
  auto r = run(**resident, "beras OR banjir OR lavrov OR kudus");
  ASSERT_FALSE(r.entities.empty());
  EXPECT_EQ(r.entities[0].value, "Kudus");
  EXPECT_EQ(r.entities[0].count, 2);
}

TEST(Search, BadQueriesAndFiltersAreErrorsNotCrashes) {
  Fixture f("bad.db");
  auto s = f.searcher();
  for (const char* text : {"\"beras", "(beras", "-beras", "OR", "NOT"}) {
    Query q;
    q.text = text;
    auto r = s->run(q);
    EXPECT_FALSE(r) << text;
  }
  Query q;
  q.from = "2024-13-01";
  EXPECT_FALSE(s->run(q));
  q = {};
  q.to = "yesterday";
  EXPECT_FALSE(s->run(q));
  q = {};
  q.limit = -1;
  EXPECT_FALSE(s->run(q));
}

TEST(Search, InjectionAttemptsAreTreatedAsText) {
  Fixture f("inject.db");
  auto s = f.searcher();
  const char* attacks[] = {
      "'); DROP TABLE documents; --",
      "beras\" OR \"1\"=\"1",
      "beras' OR '1'='1",
      "* OR 1=1",
      "title:beras",
      "NEAR(beras kudus, 2)",
      "{text title}: beras",
      "^beras",
      "beras\x01\x02 \xff\xfe kudus",
      "beras; DELETE FROM documents_fts",
      "\"\"",
      "beras OR \"\" OR kudus",
  };
  for (const char* text : attacks) {
    for (bool with_filters : {false, true}) {
      Query q;
      q.text = text;
      if (with_filters) {
        q.outlet = text;
        q.entity = text;
        q.story = text;
        q.language = text;
      }
      auto r = s->run(q);  // an Error is acceptable; a crash or a changed database is not
      if (r && with_filters) EXPECT_EQ(r->total, 0) << text;
    }
  }
  EXPECT_EQ(f.store->count(), static_cast<int64_t>(corpus().size()));
  EXPECT_EQ(run(*s, "beras").total, 2);
  EXPECT_TRUE(f.store->check_integrity());
}

TEST(Index, DocumentsAndTheirIndexEntriesAreCommittedTogether) {
  Fixture f("atomic.db");
  ASSERT_TRUE(f.store->check_integrity());
  // The index step of Store::add fails (its table is renamed away): the whole batch is rolled
  // back, so no document is ever stored without its index entry.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(f.db.c_str(), &raw), SQLITE_OK);
  sqlite3_busy_timeout(raw, 5000);
  ASSERT_TRUE(kabar::store::register_fts(raw, analyzer()));
  ASSERT_EQ(sqlite3_exec(raw, "ALTER TABLE documents_fts RENAME TO documents_fts_away", nullptr,
                         nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(raw);
  std::vector<Doc> more = {{"Gudang beras", "Gudang beras Bulog penuh.", "A", "2024-09-01"}};
  auto extra = make(more[0], 200);
  std::vector<const kabar::extract::Analysis*> ptrs = {&extra};
  auto failed = f.store->add(ptrs);
  EXPECT_FALSE(failed);
  EXPECT_EQ(f.store->count(), static_cast<int64_t>(corpus().size()));
  EXPECT_FALSE(f.store->contains(extra.doc.id));
  ASSERT_EQ(sqlite3_exec(raw, "ALTER TABLE documents_fts_away RENAME TO documents_fts", nullptr,
                         nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(raw);
  auto added = f.store->add(ptrs);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(*added, 1);
  EXPECT_TRUE(f.store->check_integrity());
  EXPECT_EQ(run(*f.searcher(), "gudang").total, 1);

  // A document written around the store has no index entry, which check_integrity finds.
  ASSERT_EQ(sqlite3_exec(raw,
                         "INSERT INTO documents (id, path, text, analysis, ingested_at) "
                         "VALUES ('x2', 'x.txt', 'beras tanpa indeks', '{}', 'now')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(raw);
  sqlite3_close(raw);
  auto check = f.store->check_integrity();
  EXPECT_FALSE(check);
  if (!check) {
    EXPECT_NE(check.error().message.find("search index"), std::string::npos);
  }
}

int64_t index_segments(const fs::path& db) {
  sqlite3* raw = nullptr;
  int64_t n = -1;
  if (sqlite3_open(db.c_str(), &raw) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(raw, "SELECT count(DISTINCT segid) FROM documents_fts_idx", -1, &st,
                           nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(raw);
  return n;
}

TEST(Index, EachBatchIsWrittenAsOneSegment) {
  // FTS5 writes its pending terms out before every statement with a statement journal (an
  // insert firing triggers): indexed per document, these 5 documents made 5 segments.
  Fixture f("segments.db");
  EXPECT_EQ(index_segments(f.db), 1);
  std::vector<Doc> more = {{"", "Beras impor tiba di pelabuhan.", "A", "2024-09-01"},
                           {"", "Stok beras aman menurut Bulog.", "A", "2023-01-02"},
                           {"", "Harga cabai turun.", "B", "2024-01-09"}};
  std::vector<kabar::extract::Analysis> extra;
  for (size_t i = 0; i < more.size(); ++i) extra.push_back(make(more[i], 300 + static_cast<int>(i)));
  std::vector<const kabar::extract::Analysis*> ptrs;
  for (const auto& a : extra) ptrs.push_back(&a);
  ASSERT_TRUE(f.store->add(ptrs));
  EXPECT_EQ(index_segments(f.db), 2);
  EXPECT_TRUE(f.store->check_integrity());
  EXPECT_EQ(run(*f.searcher(), "beras").total, 4);
}

TEST(Index, TidyIndexMergesManySegmentsIntoOne) {
  // A first batch of 300 documents (many pages of index), then batches of one.
  std::vector<Doc> many;
  for (int i = 0; i < 300; ++i) {
    std::string text = "Laporan nomor " + std::to_string(i) + ":";
    for (int k = 0; k < 30; ++k) text += " kata" + std::to_string((i * 31 + k * 7) % 997);
    many.push_back({"Beras " + std::to_string(i), text + ".", "A", "2024-08-01"});
  }
  Fixture f("tidy.db", many);
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(f.db.c_str(), &raw), SQLITE_OK);
  auto pages = [&] {
    auto p = kabar::store::index_segment_pages(raw);
    EXPECT_TRUE(p) << p.error().message;
    return p ? *p : std::vector<int64_t>{};
  };
  ASSERT_EQ(pages().size(), 1u);
  auto before = run(*f.searcher(), "beras");
  // One small batch: two segments, the new one a page beside many: left as they are.
  std::vector<kabar::extract::Analysis> extra;
  for (int i = 0; i < 5; ++i)
    extra.push_back(make({"", "Beras impor gelombang " + std::to_string(i) + " tiba di pelabuhan.",
                          "A", "2024-09-0" + std::to_string(i + 1)},
                         400 + i));
  ASSERT_TRUE(f.store->add({&extra[0]}));
  auto tidy = f.store->tidy_index();
  ASSERT_TRUE(tidy) << tidy.error().message;
  EXPECT_EQ(pages().size(), 2u);
  EXPECT_EQ(static_cast<int64_t>(pages().size()), index_segments(f.db));
  // Four more batches make six segments (the store turns FTS5's merging during a load off:
  // automerge 0): merged into one, the same answers as an index written in one batch.
  sqlite3_stmt* cfg = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "SELECT v FROM documents_fts_config WHERE k = 'automerge'", -1,
                               &cfg, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(cfg), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(cfg, 0), 0);
  sqlite3_finalize(cfg);
  for (int i = 1; i < 5; ++i) ASSERT_TRUE(f.store->add({&extra[static_cast<size_t>(i)]}));
  ASSERT_EQ(pages().size(), 6u);
  EXPECT_EQ(index_segments(f.db), 6);
  tidy = f.store->tidy_index();
  ASSERT_TRUE(tidy) << tidy.error().message;
  EXPECT_TRUE(*tidy);
  EXPECT_EQ(pages().size(), 1u);
  EXPECT_EQ(index_segments(f.db), 1);
  EXPECT_TRUE(f.store->check_integrity());
  auto after = run(*f.searcher(), "beras");
  EXPECT_EQ(after.total, before.total + 5);
  tidy = f.store->tidy_index();
  ASSERT_TRUE(tidy);
  EXPECT_FALSE(*tidy);
  // Not inside a transaction of add() calls.
  ASSERT_TRUE(f.store->begin());
  EXPECT_FALSE(f.store->tidy_index());
  ASSERT_TRUE(f.store->commit());
  sqlite3_close(raw);
}

TEST(Index, ReAddingADocumentAddsNoIndexEntry) {
  Fixture f("readd.db");
  std::vector<const kabar::extract::Analysis*> again = {&f.docs[0], &f.docs[1]};
  auto added = f.store->add(again);
  ASSERT_TRUE(added);
  EXPECT_EQ(*added, 0);
  auto s = f.searcher();
  EXPECT_EQ(run(*s, "beras").total, 2);
  EXPECT_TRUE(f.store->check_integrity());
}

TEST(Index, RebuiltWhenTheTokenizerChanged) {
  Fixture f("rebuild.db");
  f.store.reset();
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(f.db.c_str(), &raw), SQLITE_OK);
  ASSERT_TRUE(kabar::store::register_fts(raw, analyzer()));
  // Simulate an index built by other word lists: wipe it and mark it with another fingerprint.
  ASSERT_EQ(sqlite3_exec(raw,
                         "INSERT INTO documents_fts(documents_fts) VALUES ('delete-all');"
                         "UPDATE index_meta SET value = 'old' WHERE key = 'tokenizer';",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(raw);
  sqlite3_close(raw);
  auto s = Searcher::open(f.db);  // upgrades through the store
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(run(**s, "beras").total, 2);
}

TEST(Index, MigratesASchemaOneDatabase) {
  fs::path db = temp_db("v1.db");
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(
          raw,
          "CREATE TABLE documents (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
          " path TEXT NOT NULL, title TEXT, url TEXT, outlet TEXT, byline TEXT, dateline TEXT,"
          " published TEXT, published_inferred INTEGER NOT NULL DEFAULT 0, language TEXT,"
          " text TEXT NOT NULL, analysis TEXT NOT NULL, ingested_at TEXT NOT NULL);"
          "INSERT INTO documents (id, path, title, text, analysis, ingested_at) VALUES"
          " ('a1', 'a.txt', 'Banjir', 'Banjir melanda Kerinci, warga mengungsi.',"
          "  '{\"entities\":[{\"text\":\"Kerinci\",\"type\":\"LOC\"}]}', 'now');"
          "PRAGMA user_version = 1;",
          nullptr, nullptr, nullptr),
      SQLITE_OK)
      << sqlite3_errmsg(raw);
  sqlite3_close(raw);
  auto store = Store::open(db);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ((*store)->schema_version(), Store::latest_schema_version());
  EXPECT_TRUE((*store)->check_integrity());
  auto s = Searcher::open(db);
  ASSERT_TRUE(s) << s.error().message;
  Query q;
  q.text = "ungsi";  // mengungsi
  q.entity = "kerinci";
  auto r = run(**s, q);
  EXPECT_EQ(r.total, 1);
  // Since schema 5 the store indexes new documents itself (no trigger): one added after the
  // migration is found, with its entity.
  std::vector<Doc> more = {{"Banjir Jambi", "Banjir melanda Jambi, warga mengungsi.", "Antara",
                            "2024-10-22", "id", {"Jambi"}}};
  auto extra = make(more[0], 400);
  std::vector<const kabar::extract::Analysis*> ptrs = {&extra};
  auto added = (*store)->add(ptrs);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(*added, 1);
  EXPECT_TRUE((*store)->check_integrity());
  EXPECT_EQ(run(**s, q).total, 1);
  q.entity = "jambi";
  EXPECT_EQ(run(**s, q).total, 1);
  q.entity.reset();
  EXPECT_EQ(run(**s, q).total, 2);
}

TEST(Searcher, MissingOrForeignFilesAreOneLineErrors) {
  auto missing = Searcher::open(temp_db("absent.db"));
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("no such database"), std::string::npos);
  fs::path text = temp_db("text.db");
  {
    FILE* f = std::fopen(text.c_str(), "w");
    std::fputs("this is not a database at all, just some text that is long enough to matter\n", f);
    std::fclose(f);
  }
  auto foreign = Searcher::open(text);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().message.find('\n'), std::string::npos);
  EXPECT_NE(foreign.error().message.find(text.string()), std::string::npos)
      << foreign.error().message;
}

TEST(Index, RowsAreKeyedByPublicationDateAndSeqKeepsInputOrder) {
  // Dates out of order within one batch: the store inserts them by date (the index rowid is
  // (Julian day << 32) + seq), while seq, and so documents(), keep the input order.
  Fixture f("keys.db");
  auto stored = f.store->documents();
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->size(), corpus().size());
  for (size_t i = 0; i < stored->size(); ++i) EXPECT_EQ((*stored)[i].id, f.id(static_cast<int>(i)));
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(f.db.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw,
                               "SELECT f.seq, f.fts_key, CAST(julianday(f.published) AS INTEGER) "
                               "FROM document_facts f ORDER BY f.seq",
                               -1, &st, nullptr),
            SQLITE_OK);
  int rows = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    ++rows;
    const int64_t seq = sqlite3_column_int64(st, 0), key = sqlite3_column_int64(st, 1);
    EXPECT_EQ(key & 0xFFFFFFFF, seq);
    EXPECT_EQ(key >> 32, sqlite3_column_int64(st, 2));
  }
  sqlite3_finalize(st);
  sqlite3_close(raw);
  EXPECT_EQ(rows, static_cast<int>(corpus().size()));
  EXPECT_TRUE(f.store->check_integrity());
}

TEST(Search, DateWindowsAreInclusiveAtBothEndsAndDatelessDocumentsOnlyMatchWithoutOne) {
  std::vector<Doc> docs = {
      {"", "Harga cabai naik pada akhir bulan.", "A", "2024-01-31"},
      {"", "Harga cabai turun pada awal bulan.", "A", "2024-02-01"},
      {"", "Harga cabai stabil sepanjang tahun.", "A", "2023-12-31"},
      {"", "Harga cabai tanpa tanggal terbit.", "A", ""},
      {"", "Harga cabai pada bulan Mei.", "A", "2024-05"},
  };
  Fixture f("windows.db", docs);
  auto s = f.searcher();
  auto total = [&](std::optional<std::string> from, std::optional<std::string> to) {
    Query q;
    q.text = "cabai";
    q.from = from;
    q.to = to;
    return run(*s, q).total;
  };
  EXPECT_EQ(total(std::nullopt, std::nullopt), 5);
  EXPECT_EQ(total("2024-01", "2024-01"), 1);
  EXPECT_EQ(total("2024-01-31", "2024-02-01"), 2);
  EXPECT_EQ(total("2024", "2024"), 3);
  EXPECT_EQ(total("2023", std::nullopt), 4);
  EXPECT_EQ(total(std::nullopt, "2023-12-31"), 1);
  EXPECT_EQ(total("2024-05", "2024-05"), 1);
  EXPECT_EQ(total("2024-06-01", std::nullopt), 0);
}

TEST(Search, ScoresAreFts5Bm25WithTheTitleWeighted) {
  // kabar_bm25 with cached document frequencies must rank exactly as FTS5's bm25().
  Fixture f("bm25.db");
  auto s = f.searcher();
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(f.db.c_str(), &raw), SQLITE_OK);
  ASSERT_TRUE(kabar::store::register_fts(raw, analyzer()));
  for (const char* text : {"beras", "beras kudus", "\"luar negeri\" OR menteri", "harga -pasar", "bel*"}) {
    auto r = run(*s, text);
    ASSERT_FALSE(r.hits.empty()) << text;
    run(*s, text);  // the second run finds the document frequencies cached
    auto again = run(*s, text);
    auto expr = kabar::search::to_fts5(text, [&](std::string_view t, bool prefix) {
      return !analyzer()->terms(t, !prefix).empty();
    });
    ASSERT_TRUE(expr);
    auto expected = per_match<double>(raw, "-bm25(documents_fts, 4.0, 1.0)", *expr);
    ASSERT_EQ(static_cast<size_t>(again.total), expected.size()) << text;
    for (const auto& h : again.hits) {
      ASSERT_TRUE(expected.count(h.id)) << text;
      EXPECT_NEAR(h.score, expected[h.id], 1e-9) << text;
    }
  }
  sqlite3_close(raw);
}

TEST(Search, CachedDocumentFrequenciesFollowNewDocuments) {
  Fixture f("bm25-fresh.db");
  auto s = f.searcher();
  const double before = run(*s, "beras").hits.at(0).score;
  std::vector<Doc> more = {{"", "Beras impor tiba di pelabuhan.", "A", "2024-09-01"},
                           {"", "Stok beras aman menurut Bulog.", "A", "2024-09-02"}};
  std::vector<kabar::extract::Analysis> extra;
  for (size_t i = 0; i < more.size(); ++i) extra.push_back(make(more[i], 100 + static_cast<int>(i)));
  std::vector<const kabar::extract::Analysis*> ptrs = {&extra[0], &extra[1]};
  ASSERT_TRUE(f.store->add(ptrs));
  auto r = run(*s, "beras");
  EXPECT_EQ(r.total, 4);
  // The facets count the new documents too (the facts read per connection are read again).
  int64_t outlet_a = 0;
  for (const auto& o : r.outlets)
    if (o.value == "A") outlet_a = o.count;
  EXPECT_EQ(outlet_a, 2);
  // "beras" is now in 4 of 7 documents instead of 2 of 5: a lower IDF, a lower score.
  Query q;
  q.text = "beras";
  q.limit = 10;
  double top = 0;
  for (const auto& h : run(*s, q).hits)
    if (h.id == f.id(0)) top = h.score;
  EXPECT_LT(top, before);
}
