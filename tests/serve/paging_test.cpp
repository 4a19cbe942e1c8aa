// Paging a big story's and a big entity's long lists through the HTTP API: a server on a
// loopback ephemeral port over a database of 1,500 small stored documents whose stored corpus
// view makes them one story (and one entity quoted in half of them), as 100,000 scaled articles
// make a story of 71,487 documents. The slices must put the whole lists back together.
#include <httplib.h>

#include <set>
#include <thread>

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "kabar/serve/corpus_view.h"
#include "kabar/serve/server.h"
#include "kabar/store/store.h"
#include "serve_test_util.h"

namespace kabar::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr int kDocuments = 1500;
constexpr int kClaims = 250;
constexpr int kValues = 120;  // of each claim

class PagingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(temp_dir("kabar-paging"));
    const fs::path db = *dir_ / "kabar.db";
    // 1,500 documents, each with one quote, published over two months.
    std::vector<Document> docs;
    for (int i = 0; i < kDocuments; ++i) {
      DocumentMeta meta;
      meta.title = "Laporan " + std::to_string(i);
      meta.outlet = "Antara";
      const int day = i % 28 + 1;
      meta.published = fmt::format("2024-{:02d}-{:02d}", i < kDocuments / 2 ? 1 : 2, day);
      const std::string text = fmt::format(
          "JAKARTA - Pemerintah menyalurkan bantuan ke daerah nomor {0}.\n\n\"Bantuan tahap {0} "
          "sudah kami kirim hari ini,\" kata Budi Santoso kepada wartawan di Jakarta.\n",
          i);
      auto d = ingest::make_document("doc" + std::to_string(i) + ".txt", text, meta, {});
      ASSERT_TRUE(d) << d.error().message;
      docs.push_back(std::move(*d));
    }
    auto analyses = models().pipeline->analyze_batch(std::move(docs), 2);
    auto store = store::Store::open(db, KABAR_SOURCE_DATA_DIR);
    ASSERT_TRUE(store) << store.error().message;
    std::vector<const extract::Analysis*> ptrs;
    for (const auto& a : analyses) ptrs.push_back(&a);
    auto added = (*store)->add(ptrs, {});
    ASSERT_TRUE(added) << added.error().message;
    ASSERT_EQ(*added, kDocuments);

    // The stored view: one story of every document, one entity (E1, "Juru Bicara") that the
    // quotes of the even documents resolve to, the odd documents' quotes from 150 speakers,
    // 250 claims of 120 values each.
    std::vector<std::string> ids;
    json id_list = json::array(), values = json::array();
    for (const auto& a : analyses) {
      ids.push_back(a.doc.id);
      id_list.push_back(a.doc.id);
    }
    for (int i = 0; i < kValues; ++i)
      values.push_back({{"value", i % 3 == 0 ? 10000 : 8000}, {"document", ids[i]}});
    json claims = json::array();
    for (int c = 0; c < kClaims; ++c)
      claims.push_back({{"id", "C" + std::to_string(c)},
                        {"topic", "bantuan"},
                        {"conflict", true},
                        {"values", values}});
    json view = {{"document_count", kDocuments},
                 {"stories",
                  {{{"id", "S1"},
                    {"title", "Bantuan"},
                    {"documents", id_list},
                    {"events", json::array()},
                    {"timeline", json::array()},
                    {"summary", json::array()}}}},
                 {"entities",
                  {{{"id", "E1"},
                    {"name", "Juru Bicara"},
                    {"type", "PER"},
                    {"variants", json::array()},
                    {"documents", id_list},
                    {"mentions", kDocuments}}}},
                 {"claims", claims}};
    std::vector<corpus::DuplicatePair> no_pairs;
    store::CorpusViewRows rows;
    rows.ids = &ids;
    rows.duplicates = &no_pairs;
    rows.links = [&](size_t i) {
      json ents = json::array(), quotes = json::array();
      for (size_t m = 0; m < analyses[i].entities.size(); ++m) ents.push_back(nullptr);
      for (size_t q = 0; q < analyses[i].quotes.size(); ++q) {
        quotes.push_back(i % 2 == 0
                             ? json::array({"Juru Bicara", "E1"})
                             : json::array({"Pembicara " + std::to_string(i % 300), nullptr}));
      }
      return json{{"entities", ents}, {"quotes", quotes}}.dump();
    };
    auto put = (*store)->replace_corpus_view(view, {}, &rows);
    ASSERT_TRUE(put) << put.error().message;
    for (const auto& a : analyses) quotes_ += static_cast<int>(a.quotes.size());
    store->reset();

    serve::ServerOptions o;
    o.db = db;
    o.data_dir = KABAR_SOURCE_DATA_DIR;
    o.threads = 4;
    std::string error;
    server_ = LoopbackServer::start(o, error).release();
    ASSERT_TRUE(server_) << error;
    port_ = server_->port();
    ASSERT_GT(port_, 0);
  }
  static void TearDownTestSuite() {
    delete server_;
    fs::remove_all(*dir_);
    delete dir_;
  }

  // GET `path`, expecting `status` and a JSON body (an error object for 4xx).
  static json get(const std::string& path, int status = 200) {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(60, 0);
    auto r = c.Get(path);
    EXPECT_TRUE(r) << path;
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << path << ": " << r->body.substr(0, 300);
    json j = json::parse(r->body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << path;
    if (status >= 400) {
      EXPECT_TRUE(j.is_object() && j.contains("error") && j["error"].is_string())
          << path << ": " << r->body;
    }
    return j;
  }

  // The items of `list` over the pages of `step` items from `path` +
  // "&{name}_offset=…&{name}_limit=…", one page past the `total`th item (which must be empty).
  static json concatenated(const std::string& path, const std::string& name, const char* list,
                           int step, int total) {
    json all = json::array();
    for (int offset = 0; offset < total + step; offset += step) {
      json page = get(fmt::format("{}&{}_offset={}&{}_limit={}", path, name, offset, name, step));
      EXPECT_EQ(page["page"][name]["offset"], offset);
      EXPECT_EQ(page["page"][name]["limit"], step);
      const size_t expected = static_cast<size_t>(std::max(0, std::min(step, total - offset)));
      EXPECT_EQ(page[list].size(), expected) << path << " " << name << " from " << offset;
      for (auto& x : page[list]) all.push_back(std::move(x));
    }
    return all;
  }

  // The values (or quotes) `inner` of the one claim (or speaker) `path` answers in `list`, over
  // the pages of `step` of them: "&{name}_offset=…&{name}_limit=…".
  static json nested(const std::string& path, const std::string& name, const char* list,
                     const char* inner, int step, int total) {
    json all = json::array();
    for (int offset = 0; offset < total + step; offset += step) {
      json page = get(fmt::format("{}&{}_offset={}&{}_limit={}", path, name, offset, name, step));
      EXPECT_EQ(page["page"][name]["offset"], offset);
      if (page[list].size() != 1u) {
        ADD_FAILURE() << path << ": " << page[list].size() << " items";
        break;
      }
      const size_t expected = static_cast<size_t>(std::max(0, std::min(step, total - offset)));
      EXPECT_EQ(page[list][0][inner].size(), expected) << path << " " << name << " from " << offset;
      for (auto& x : page[list][0][inner]) all.push_back(std::move(x));
    }
    return all;
  }

  static fs::path* dir_;
  static LoopbackServer* server_;
  static int port_;
  static int quotes_;  // quotes the analyses found (one per document, as written)
};

fs::path* PagingTest::dir_ = nullptr;
LoopbackServer* PagingTest::server_ = nullptr;
int PagingTest::port_ = 0;
int PagingTest::quotes_ = 0;

TEST_F(PagingTest, DefaultStoryAnswerIsCutAndSaysWhichSlices) {
  ASSERT_EQ(quotes_, kDocuments) << "each document was written with one quote";
  json st = get("/api/stories/S1");
  EXPECT_EQ(st["document_count"], kDocuments);
  EXPECT_EQ(st["documents"].size(), 1000u);
  EXPECT_EQ(st["claim_count"], kClaims);
  EXPECT_EQ(st["claims"].size(), 200u);
  EXPECT_EQ(st["claims"][0]["value_count"], kValues);
  EXPECT_EQ(st["claims"][0]["values"].size(), 100u);
  EXPECT_EQ(st["speaker_count"], 151);
  EXPECT_EQ(st["quotes"].size(), 100u);
  EXPECT_EQ(st["quotes"][0]["speaker"], "Juru Bicara");
  EXPECT_EQ(st["quotes"][0]["count"], kDocuments / 2);
  EXPECT_EQ(st["quotes"][0]["quotes"].size(), 20u);
  EXPECT_EQ(st["page"], json::parse(R"({"documents": {"offset": 0, "limit": 1000},
      "claims": {"offset": 0, "limit": 200}, "values": {"offset": 0, "limit": 100},
      "speakers": {"offset": 0, "limit": 100}, "quotes": {"offset": 0, "limit": 20}})"));
  // The coverage chart counts every document.
  int covered = 0;
  for (const auto& c : st["coverage"]) covered += c["count"].get<int>();
  EXPECT_EQ(covered, kDocuments);
}

TEST_F(PagingTest, StoryDocumentsPageThroughAllOfThemEarliestFirst) {
  json whole = get("/api/stories/S1?only=documents&documents_limit=5000");
  ASSERT_EQ(whole["documents"].size(), static_cast<size_t>(kDocuments));
  EXPECT_EQ(whole["document_count"], kDocuments);
  EXPECT_FALSE(whole.contains("claims"));  // only the list asked for
  std::set<std::string> ids;
  std::string last;
  for (const auto& d : whole["documents"]) {
    ids.insert(d["id"].get<std::string>());
    EXPECT_LE(last, d["published"].get<std::string>());
    last = d["published"].get<std::string>();
    EXPECT_EQ(d["quotes"], 1);
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kDocuments));
  // Slices of the whole answer and of `only` answers both put it back together.
  EXPECT_EQ(
      concatenated("/api/stories/S1?only=documents", "documents", "documents", 400, kDocuments),
      whole["documents"]);
  EXPECT_EQ(concatenated("/api/stories/S1?x=1", "documents", "documents", 700, kDocuments),
            whole["documents"]);
  // The default answer is the first 1,000 of them.
  json first = get("/api/stories/S1");
  for (size_t i = 0; i < 1000; ++i) ASSERT_EQ(first["documents"][i], whole["documents"][i]) << i;
}

TEST_F(PagingTest, StoryClaimsAndTheirValuesPageThroughAllOfThem) {
  json whole = get("/api/stories/S1?only=claims&claims_limit=250&values_limit=120");
  ASSERT_EQ(whole["claims"].size(), static_cast<size_t>(kClaims));
  EXPECT_EQ(whole["claim_count"], kClaims);
  EXPECT_FALSE(whole.contains("documents"));
  json paged =
      concatenated("/api/stories/S1?only=claims&values_limit=120", "claims", "claims", 64, kClaims);
  EXPECT_EQ(paged, whole["claims"]);
  // One claim's values, a slice at a time (claims_offset picks the claim).
  json all_values = nested("/api/stories/S1?only=claims&claims_offset=7&claims_limit=1", "values",
                           "claims", "values", 50, kValues);
  EXPECT_EQ(all_values, whole["claims"][7]["values"]);
  json one = get("/api/stories/S1?only=claims&claims_offset=7&claims_limit=1&values_offset=100");
  EXPECT_EQ(one["claims"][0]["id"], "C7");
  EXPECT_EQ(one["claims"][0]["value_count"], kValues);
  // Outliers are marked against all the values, whatever the slice.
  for (const auto& v : all_values)
    EXPECT_EQ(v["outlier"], v["value"] == 10000) << v.dump();  // 8000 is cited most
  // Past the end: no items, the totals still there.
  json past = get("/api/stories/S1?only=claims&claims_offset=9999");
  EXPECT_TRUE(past["claims"].empty());
  EXPECT_EQ(past["claim_count"], kClaims);
}

TEST_F(PagingTest, StorySpeakersAndTheirQuotesPageThroughAllOfThem) {
  json whole = get("/api/stories/S1?only=speakers&speakers_limit=151&quotes_limit=20");
  ASSERT_EQ(whole["quotes"].size(), 151u);
  EXPECT_EQ(whole["speaker_count"], 151);
  EXPECT_EQ(concatenated("/api/stories/S1?only=speakers", "speakers", "quotes", 40, 151),
            whole["quotes"]);
  // The most quoted speaker's 750 quotes, 300 at a time.
  json quotes = nested("/api/stories/S1?only=speakers&speakers_limit=1", "quotes", "quotes",
                       "quotes", 300, kDocuments / 2);
  std::set<std::string> documents;
  for (const auto& q : quotes) documents.insert(q["document"].get<std::string>());
  EXPECT_EQ(documents.size(), static_cast<size_t>(kDocuments / 2));
  EXPECT_EQ(quotes[0], whole["quotes"][0]["quotes"][0]);
  json top = get("/api/stories/S1?only=speakers&speakers_limit=1&quotes_offset=700");
  EXPECT_EQ(top["quotes"][0]["speaker"], "Juru Bicara");
  EXPECT_EQ(top["quotes"][0]["count"], kDocuments / 2);
  EXPECT_EQ(top["quotes"][0]["quotes"].size(), 20u);
  // The second speaker's quotes from its own slice too.
  json second =
      get("/api/stories/S1?only=speakers&speakers_offset=1&speakers_limit=1&quotes_limit=100");
  EXPECT_EQ(second["quotes"][0]["speaker"], whole["quotes"][1]["speaker"]);
  EXPECT_EQ(second["quotes"][0]["quotes"].size(), whole["quotes"][1]["count"].get<size_t>());
}

TEST_F(PagingTest, EntityDocumentsAndQuotesPageThroughAllOfThem) {
  json e = get("/api/entities/E1");
  EXPECT_EQ(e["document_count"], kDocuments);
  EXPECT_EQ(e["documents"].size(), 1000u);
  EXPECT_EQ(e["quote_count"], kDocuments / 2);
  EXPECT_EQ(e["quotes"].size(), 200u);
  EXPECT_EQ(e["page"], json::parse(R"({"documents": {"offset": 0, "limit": 1000},
      "quotes": {"offset": 0, "limit": 200}})"));
  ASSERT_EQ(e["stories"].size(), 1u);

  json docs = get("/api/entities/E1?only=documents&documents_limit=5000");
  ASSERT_EQ(docs["documents"].size(), static_cast<size_t>(kDocuments));
  EXPECT_FALSE(docs.contains("quotes"));
  EXPECT_EQ(
      concatenated("/api/entities/E1?only=documents", "documents", "documents", 700, kDocuments),
      docs["documents"]);
  json quotes = get("/api/entities/E1?only=quotes&quotes_limit=5000");
  ASSERT_EQ(quotes["quotes"].size(), static_cast<size_t>(kDocuments / 2));
  EXPECT_FALSE(quotes.contains("documents"));
  json paged = concatenated("/api/entities/E1?x=1", "quotes", "quotes", 200, kDocuments / 2);
  EXPECT_EQ(paged, quotes["quotes"]);
  std::set<std::string> distinct;
  for (const auto& q : paged) distinct.insert(q["document"].get<std::string>());
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kDocuments / 2));
}

TEST_F(PagingTest, BadSliceParametersAre400) {
  for (const char* q :
       {"documents_limit=0", "documents_limit=5001", "documents_offset=-1", "documents_offset=abc",
        "documents_limit=", "claims_limit=501", "values_limit=0", "speakers_offset=1.5",
        "quotes_limit=5001", "claims_limit=500&values_limit=101",
        "speakers_limit=500&quotes_limit=101", "only=entities", "only="}) {
    json r = get(std::string("/api/stories/S1?") + q, 400);
    EXPECT_NE(r["error"].get<std::string>().find("parameter"), std::string::npos) << q;
  }
  for (const char* q :
       {"documents_limit=0", "quotes_limit=5001", "quotes_offset=x", "only=claims"}) {
    get(std::string("/api/entities/E1?") + q, 400);
  }
  // At the limits it answers.
  get("/api/stories/S1?claims_limit=500&values_limit=100&documents_limit=5000");
  get("/api/entities/E1?quotes_limit=5000&documents_offset=100000000");
  get("/api/stories/S999?documents_limit=10", 404);
}

}  // namespace
}  // namespace kabar::test
