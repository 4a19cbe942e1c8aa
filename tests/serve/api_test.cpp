// The HTTP API against a running server on a loopback ephemeral port, over a database of
// examples/corpus: every endpoint, status codes, error bodies, limits, concurrency, refresh.
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <map>
#include <set>
#include <thread>

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

constexpr size_t kBodyLimit = 64 * 1024;

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(temp_dir("kabar-api"));
    db_ = *dir_ / "kabar.db";
    ASSERT_EQ(ingest(db_, {std::string(KABAR_EXAMPLES_DIR) + "/corpus"}), 17);
    serve::ServerOptions o;
    o.db = db_;
    o.data_dir = KABAR_SOURCE_DATA_DIR;
    o.max_body_bytes = kBodyLimit;
    o.threads = 8;
    o.refresh_seconds = 0.05;  // notice store changes quickly
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

  static httplib::Client client() {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    return c;
  }

  // GET `path`, expecting `status` and a JSON body.
  static json get(const std::string& path, int status = 200) {
    auto c = client();
    auto r = c.Get(path);
    EXPECT_TRUE(r) << path << ": " << httplib::to_string(r.error());
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << path << ": " << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type").rfind("application/json", 0), 0u) << path;
    json j = json::parse(r->body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << path << ": body is not JSON: " << r->body.substr(0, 200);
    if (status >= 400) {
      EXPECT_TRUE(j.is_object() && j.contains("error") && j["error"].is_string() &&
                  !j["error"].get<std::string>().empty())
          << path << ": error body " << r->body;
    }
    return j;
  }

  static json post(const std::string& path, const std::string& body, const std::string& type,
                   int status) {
    auto c = client();
    auto r = c.Post(path, body, type);
    EXPECT_TRUE(r) << path;
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << path << ": " << r->body.substr(0, 300);
    json j = json::parse(r->body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r->body.substr(0, 200);
    if (status >= 400) {
      EXPECT_TRUE(j.contains("error")) << r->body;
    }
    return j;
  }

  static fs::path* dir_;
  static fs::path db_;
  static LoopbackServer* server_;
  static int port_;
};

fs::path* ApiTest::dir_ = nullptr;
fs::path ApiTest::db_;
LoopbackServer* ApiTest::server_ = nullptr;
int ApiTest::port_ = 0;

TEST_F(ApiTest, StatusCountsTheStoredCorpus) {
  json s = get("/api/status");
  EXPECT_GE(s["documents"].get<int>(), 17);  // 18 once ViewFollowsNewlyIngestedDocuments ran
  EXPECT_GE(s["stories"].get<int>(), 3);
  EXPECT_GT(s["entities"].get<int>(), 10);
}

TEST_F(ApiTest, StoriesListAndEachStory) {
  json list = get("/api/stories");
  ASSERT_TRUE(list.is_array());
  ASSERT_GE(list.size(), 3u);
  size_t docs = 0;
  for (const auto& brief : list) {
    const std::string id = brief["id"];
    json st = get("/api/stories/" + id);
    ASSERT_TRUE(st.is_object()) << id;
    EXPECT_EQ(st["title"], brief["title"]);
    EXPECT_EQ(st["documents"].size(), brief["documents"].get<size_t>());
    docs += st["documents"].size();
    for (const char* key : {"summary", "timeline", "claims", "quotes", "outlets", "wires",
                            "coverage", "entities", "events"}) {
      EXPECT_TRUE(st[key].is_array()) << id << " " << key;
    }
    int covered = 0;
    for (const auto& c : brief["coverage"]) covered += c["count"].get<int>();
    EXPECT_LE(covered, brief["documents"].get<int>());
    // Every timeline item points at a document of the story.
    std::set<std::string> ids;
    for (const auto& d : st["documents"]) ids.insert(d["id"].get<std::string>());
    for (const auto& t : st["timeline"])
      EXPECT_TRUE(ids.count(t["document"].get<std::string>())) << id;
    for (const auto& g : st["quotes"]) {
      for (const auto& q : g["quotes"])
        EXPECT_TRUE(ids.count(q["document"].get<std::string>())) << id;
    }
  }
  EXPECT_GE(docs, 15u);  // the sample's stories cover (almost) every article
  // The Kerinci flood story reports deaths that disagree across sources (11, 19, 21).
  bool conflict = false;
  for (const auto& brief : list) {
    const json st = get("/api/stories/" + brief["id"].get<std::string>());
    for (const auto& c : st["claims"]) conflict |= c["conflict"].get<bool>();
  }
  EXPECT_TRUE(conflict);
  get("/api/stories/S999", 404);
  get("/api/stories/%22%3Cscript%3E", 404);
}

TEST_F(ApiTest, DocumentsCarryTheirAnnotationsAndStories) {
  json list = get("/api/stories");
  const std::string story = list[0]["id"];
  json st = get("/api/stories/" + story);
  const std::string id = st["documents"][0]["id"];
  json d = get("/api/documents/" + id);
  EXPECT_EQ(d["id"], id);
  const std::string text = d["text"];
  ASSERT_FALSE(text.empty());
  for (const char* layer : {"entities", "quotes", "quantities", "dates"}) {
    for (const auto& x : d[layer]) {
      EXPECT_LE(x["start"].get<size_t>(), x["end"].get<size_t>()) << layer;
      EXPECT_LE(x["end"].get<size_t>(), text.size()) << layer;
    }
  }
  bool in_story = false;
  for (const auto& s : d["stories"]) in_story |= s["id"] == story;
  EXPECT_TRUE(in_story);
  get("/api/documents/0000000000000000", 404);
  get("/api/documents/%ff%fe", 404);  // invalid UTF-8 in the id: still a JSON error
}

TEST_F(ApiTest, EntitiesResolveFromDocuments) {
  json st = get("/api/stories/" + get("/api/stories")[0]["id"].get<std::string>());
  ASSERT_FALSE(st["entities"].empty());
  const std::string id = st["entities"][0]["id"];
  json e = get("/api/entities/" + id);
  EXPECT_EQ(e["id"], id);
  EXPECT_FALSE(e["name"].get<std::string>().empty());
  EXPECT_FALSE(e["documents"].empty());
  EXPECT_FALSE(e["stories"].empty());
  get("/api/entities/E999999", 404);
}

TEST_F(ApiTest, ClaimsAndStoryFilter) {
  json all = get("/api/claims");
  ASSERT_TRUE(all.is_array());
  ASSERT_FALSE(all.empty());
  json conflicts = get("/api/claims?conflict=1");
  EXPECT_FALSE(conflicts.empty());
  for (const auto& c : conflicts) EXPECT_TRUE(c["conflict"].get<bool>());
  EXPECT_LE(conflicts.size(), all.size());
  for (const auto& brief : get("/api/stories")) {
    json st = get("/api/stories/" + brief["id"].get<std::string>());
    std::set<std::string> ids;
    for (const auto& d : st["documents"]) ids.insert(d["id"].get<std::string>());
    for (const auto& c : get("/api/claims?story=" + brief["id"].get<std::string>())) {
      bool touches = false;
      for (const auto& v : c["values"]) touches |= ids.count(v["document"].get<std::string>()) > 0;
      EXPECT_TRUE(touches) << c["id"];
    }
  }
  get("/api/claims?story=S999", 404);
}

TEST_F(ApiTest, QuotesGroupedBySpeakerAndFiltered) {
  json all = get("/api/quotes");
  ASSERT_FALSE(all.empty());
  std::string name;
  for (const auto& g : all) {
    EXPECT_EQ(g["count"].get<size_t>(), g["quotes"].size());
    if (name.empty() && g["speaker"].is_string()) name = g["speaker"];
  }
  ASSERT_FALSE(name.empty());
  const std::string needle = name.substr(0, std::min<size_t>(name.size(), 4));
  json some = get("/api/quotes?speaker=" + httplib::detail::encode_query_param(needle));
  ASSERT_FALSE(some.empty());
  for (const auto& g : some) {
    std::string s = g["speaker"];
    std::string lower_s = s, lower_n = needle;
    for (auto& c : lower_s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto& c : lower_n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_NE(lower_s.find(lower_n), std::string::npos) << s;
  }
  EXPECT_TRUE(get("/api/quotes?speaker=zzzz-nobody").empty());
}

TEST_F(ApiTest, QuotesAndClaimsArePaged) {
  for (const char* p : {"/api/quotes", "/api/claims"}) {
    const std::string path = p;
    json all = get(path);
    ASSERT_GE(all.size(), 2u) << path;
    json first = get(path + "?limit=1");
    ASSERT_EQ(first.size(), 1u) << path;
    EXPECT_EQ(first[0], all[0]) << path;
    json second = get(path + "?offset=1&limit=1");
    ASSERT_EQ(second.size(), 1u) << path;
    EXPECT_EQ(second[0], all[1]) << path;
    EXPECT_TRUE(get(path + "?offset=100000").empty()) << path;
    auto res = client().Get(path + "?limit=1");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->get_header_value("X-Total-Count"), std::to_string(all.size())) << path;
    get(path + "?limit=0", 400);
    get(path + "?offset=-1", 400);
  }
}

TEST_F(ApiTest, DuplicatePairsArePagedAndFiltered) {
  json all = get("/api/duplicates");
  ASSERT_TRUE(all.is_array());
  ASSERT_FALSE(all.empty()) << "examples/corpus has documents sharing passages";
  for (const auto& p : all) {
    for (const char* side : {"a", "b"}) {
      EXPECT_TRUE(p[side]["id"].is_string()) << p.dump();
      EXPECT_TRUE(p[side]["title"].is_string()) << p.dump();
      EXPECT_TRUE(p[side].contains("outlet") && p[side].contains("published")) << p.dump();
    }
    EXPECT_NE(p["a"]["id"], p["b"]["id"]);
    EXPECT_TRUE(p["exact"].is_boolean() && p["near_duplicate"].is_boolean());
    EXPECT_GT(p["similarity"].get<double>(), 0.0);
    EXPECT_GT(p["containment"].get<double>(), 0.0);
    EXPECT_TRUE(p["published_first"].is_null() || p["published_first"] == "a" ||
                p["published_first"] == "b");
    ASSERT_FALSE(p["passages"].empty());
    for (const auto& x : p["passages"]) {
      EXPECT_LT(x["a_start"].get<int>(), x["a_end"].get<int>());
      EXPECT_LT(x["b_start"].get<int>(), x["b_end"].get<int>());
      EXPECT_GE(x["tokens"].get<int>(), 12);
    }
  }
  auto res = client().Get("/api/duplicates?limit=1");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("X-Total-Count"), std::to_string(all.size()));
  json first = json::parse(res->body);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0], all[0]);
  EXPECT_TRUE(get("/api/duplicates?offset=" + std::to_string(all.size())).empty());
  EXPECT_EQ(get("/api/duplicates?offset=" + std::to_string(all.size() - 1))[0], all.back());

  // One document's pairs: those naming it on either side, in the same order.
  const std::string doc = all[0]["b"]["id"];
  json mine = json::array();
  for (const auto& p : all)
    if (p["a"]["id"] == doc || p["b"]["id"] == doc) mine.push_back(p);
  auto filtered = client().Get("/api/duplicates?document=" + doc);
  ASSERT_TRUE(filtered);
  EXPECT_EQ(filtered->status, 200);
  EXPECT_EQ(json::parse(filtered->body), mine);
  EXPECT_EQ(filtered->get_header_value("X-Total-Count"), std::to_string(mine.size()));

  get("/api/duplicates?document=0000000000000000", 404);
  get("/api/duplicates?limit=0", 400);
  get("/api/duplicates?limit=5001", 400);
  get("/api/duplicates?limit=ten", 400);
  get("/api/duplicates?offset=-1", 400);
  auto post = client().Post("/api/duplicates", "", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
}

TEST_F(ApiTest, DocumentsListTheirCopiesBothWays) {
  json all = get("/api/duplicates");
  ASSERT_FALSE(all.empty());
  const json& p = all[0];
  const std::string a = p["a"]["id"], b = p["b"]["id"];
  json da = get("/api/documents/" + a), db = get("/api/documents/" + b);
  auto copy_of = [](const json& d, const std::string& other) {
    for (const auto& c : d["duplicates"])
      if (c["document"]["id"] == other) return c;
    return json();
  };
  json ca = copy_of(da, b), cb = copy_of(db, a);
  ASSERT_TRUE(ca.is_object()) << da["duplicates"].dump();
  ASSERT_TRUE(cb.is_object()) << db["duplicates"].dump();
  EXPECT_EQ(ca["document"], p["b"]);
  EXPECT_EQ(cb["document"], p["a"]);
  EXPECT_EQ(ca["similarity"], p["similarity"]);
  EXPECT_EQ(da["duplicate_count"].get<size_t>(), da["duplicates"].size());
  ASSERT_EQ(ca["passages"].size(), p["passages"].size());
  ASSERT_EQ(cb["passages"].size(), p["passages"].size());
  const std::string ta = da["text"], tb = db["text"];
  for (size_t i = 0; i < p["passages"].size(); ++i) {
    const json& x = p["passages"][i];
    EXPECT_EQ(ca["passages"][i]["start"], x["a_start"]);
    EXPECT_EQ(ca["passages"][i]["end"], x["a_end"]);
    EXPECT_EQ(ca["passages"][i]["other_start"], x["b_start"]);
    EXPECT_EQ(cb["passages"][i]["start"], x["b_start"]);
    EXPECT_EQ(cb["passages"][i]["other_end"], x["a_end"]);
    EXPECT_LE(x["a_end"].get<size_t>(), ta.size());
    EXPECT_LE(x["b_end"].get<size_t>(), tb.size());
  }
  const json first = p["published_first"];
  EXPECT_EQ(ca["published_first"],
            first.is_null() ? json(nullptr) : json(first == "a" ? "this" : "other"));
  EXPECT_EQ(cb["published_first"],
            first.is_null() ? json(nullptr) : json(first == "b" ? "this" : "other"));
  // A document that shares nothing lists no copies.
  std::set<std::string> paired;
  for (const auto& q : all) {
    paired.insert(q["a"]["id"].get<std::string>());
    paired.insert(q["b"]["id"].get<std::string>());
  }
  for (const auto& st : get("/api/stories")) {
    const json story = get("/api/stories/" + st["id"].get<std::string>());
    for (const auto& d : story["documents"]) {
      if (paired.count(d["id"].get<std::string>())) continue;
      json alone = get("/api/documents/" + d["id"].get<std::string>());
      EXPECT_TRUE(alone["duplicates"].empty());
      EXPECT_EQ(alone["duplicate_count"], 0);
      return;
    }
  }
  ADD_FAILURE() << "every document has a copy";
}

TEST_F(ApiTest, SearchFindsRanksAndFacets) {
  json r = get("/api/search?q=banjir");
  ASSERT_GT(r["total"].get<int>(), 0);
  EXPECT_LE(r["hits"].size(), 20u);
  for (const auto& h : r["hits"]) {
    get("/api/documents/" + h["id"].get<std::string>());
    EXPECT_TRUE(h["stories"].is_array());
  }
  EXPECT_FALSE(r["facets"]["outlets"].empty());
  // Paging: limit/offset slice the same ranking.
  json p1 = get("/api/search?q=banjir&limit=1&offset=1");
  if (r["total"].get<int>() > 1) {
    ASSERT_EQ(p1["hits"].size(), 1u);
    EXPECT_EQ(p1["hits"][0]["id"], r["hits"][1]["id"]);
  }
  // Filters narrow.
  json dated = get("/api/search?q=banjir&from=2030-01-01");
  EXPECT_EQ(dated["total"], 0);
  // Bad parameters are 400 with a message, never a crash.
  get("/api/search?q=banjir&limit=abc", 400);
  get("/api/search?q=banjir&limit=-5", 400);
  get("/api/search?q=banjir&offset=1e9", 400);
  get("/api/search?q=banjir&from=2024-13-45x", 400);
  get("/api/search?q=%22unclosed", 400);
  get("/api/search?q=(a%20OR", 400);
}

TEST_F(ApiTest, AnalyzeReturnsAnnotationsAndStoresNothing) {
  const std::string text =
      "JAKARTA, KOMPAS.com - Kepala BNPB Suharyanto mengatakan sekitar 1.200 warga mengungsi "
      "pada Senin (11/3/2024). \"Kami terus mendata korban,\" kata Suharyanto.";
  const int stored = get("/api/status")["documents"];
  json j =
      post("/api/analyze", json{{"text", text}, {"title", "Uji"}, {"outlet", "Kompas.com"}}.dump(),
           "application/json", 200);
  EXPECT_EQ(j["text"], text);
  EXPECT_EQ(j["title"], "Uji");
  EXPECT_FALSE(j["entities"].empty());
  EXPECT_FALSE(j["quantities"].empty());
  EXPECT_FALSE(j["quotes"].empty());
  json plain = post("/api/analyze", text, "text/plain", 200);
  EXPECT_EQ(plain["entities"].size(), j["entities"].size());
  EXPECT_EQ(get("/api/status")["documents"], stored);  // nothing stored

  post("/api/analyze", "{\"text\": ", "application/json", 400);         // malformed JSON
  post("/api/analyze", "[1,2]", "application/json", 400);               // not an object
  post("/api/analyze", "{\"title\": \"x\"}", "application/json", 400);  // no text
  post("/api/analyze", "{\"text\": 42}", "application/json", 400);      // wrong type
  post("/api/analyze", "   \n ", "text/plain", 400);                    // blank
  post("/api/analyze", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11), "text/plain", 400);  // binary
  post("/api/analyze", "<x/>", "application/xml", 415);
  post("/api/analyze", std::string(kBodyLimit + 1, 'a'), "text/plain", 413);
}

TEST_F(ApiTest, WrongMethodsAndUnknownPaths) {
  auto c = client();
  auto r = c.Post("/api/stories", "x", "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->get_header_value("Allow"), "GET");
  r = c.Delete("/api/documents/abc");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  get("/api/analyze", 405);
  get("/api/nothing-here", 404);
  get("/api/stories/S1/extra", 404);
}

TEST_F(ApiTest, WebPageIsServedAndSelfContained) {
  auto c = client();
  auto page = c.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type").rfind("text/html", 0), 0u);
  EXPECT_NE(page->body.find("/app.js"), std::string::npos);
  for (const char* asset : {"/", "/app.js", "/app.css"}) {
    auto r = c.Get(asset);
    ASSERT_TRUE(r) << asset;
    EXPECT_EQ(r->status, 200) << asset;
    EXPECT_GT(r->body.size(), 100u) << asset;
    // Offline: nothing loaded from elsewhere (the SVG namespace URI is a name, not a fetch).
    for (const char* remote : {"src=\"http", "href=\"http", "url(http", "@import", "//cdn",
                               "fetch(\"http", "fetch('http"}) {
      EXPECT_EQ(r->body.find(remote), std::string::npos) << asset << " references " << remote;
    }
  }
}

TEST_F(ApiTest, MalformedRequestsDoNotBringItDown) {
  // Raw garbage on the socket, a request line without a version, a huge header.
  for (const std::string raw :
       {std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),
        std::string("GET /api/status\r\n\r\n"),
        "GET /api/status HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(70000, 'a') + "\r\n\r\n"}) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    (void)!::send(fd, raw.data(), raw.size(), MSG_NOSIGNAL);
    ::shutdown(fd, SHUT_WR);
    char buf[4096];
    timeval tv{2, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    while (::recv(fd, buf, sizeof(buf), 0) > 0) {
    }
    ::close(fd);
  }
  EXPECT_GE(get("/api/status")["documents"].get<int>(), 17);
}

TEST_F(ApiTest, SecondServerOnTheSamePortFailsToBind) {
  serve::ServerOptions o;
  o.db = db_;
  o.data_dir = KABAR_SOURCE_DATA_DIR;
  o.port = port_;
  auto other = serve::Server::create(o, models().pipeline, models().analyzer);
  ASSERT_TRUE(other) << other.error().message;
  auto bound = (*other)->bind();
  ASSERT_FALSE(bound) << "bound port " << port_ << " twice";
  EXPECT_NE(bound.error().message.find(std::to_string(port_)), std::string::npos)
      << bound.error().message;
}

TEST_F(ApiTest, ConcurrentRequestsAllSucceed) {
  const std::vector<std::string> paths = {
      "/api/search?q=banjir",          "/api/stories", "/api/claims", "/api/quotes",
      "/api/search?q=tentara%20korea", "/api/status"};
  std::map<std::string, std::string> expected;
  {
    auto c = client();
    for (const auto& p : paths) expected[p] = c.Get(p)->body;
  }
  std::atomic<int> ok{0}, bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      auto c = client();
      c.set_keep_alive(t % 2 == 0);
      for (int i = 0; i < 30; ++i) {
        const auto& p = paths[(t + i) % paths.size()];
        auto r = c.Get(p);
        // Search timings differ between runs; compare everything but elapsed_ms.
        bool same = false;
        if (r && r->status == 200) {
          json a = json::parse(r->body, nullptr, false),
               b = json::parse(expected[p], nullptr, false);
          if (a.is_object()) a.erase("elapsed_ms");
          if (b.is_object()) b.erase("elapsed_ms");
          same = a == b;
        }
        (same ? ok : bad)++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(ok.load(), 8 * 30);
}

TEST_F(ApiTest, CompactViewAnswersAsTheWholeOne) {
  // The server's view keeps only the compact part of each document and reads documents from
  // the store on demand; every answer must equal the one from the view holding them whole.
  auto store = store::Store::open(db_);
  ASSERT_TRUE(store) << store.error().message;
  auto pairs = [&](const std::string& document, int64_t offset, int64_t limit) {
    return (*store)->duplicates(document, offset, limit);
  };
  auto whole = serve::load_corpus_view(**store, {}, pairs);
  std::atomic<int> reads{0};
  auto compact = serve::load_corpus_view(
      **store,
      [&](const std::string& id) {
        ++reads;
        return (*store)->document(id);
      },
      pairs);
  ASSERT_TRUE(whole && *whole && compact && *compact);
  const auto& w = ***whole;
  const auto& c = ***compact;
  EXPECT_EQ(c.stories(), w.stories());
  EXPECT_EQ(c.claims(), w.claims());
  EXPECT_EQ(c.quotes(), w.quotes());
  for (const auto& s : w.corpus()["stories"]) {
    const std::string id = s["id"];
    EXPECT_EQ(c.story(id), w.story(id)) << id;
    EXPECT_EQ(c.quotes("", id), w.quotes("", id)) << id;
  }
  for (const auto& e : w.corpus()["entities"]) {
    const std::string id = e["id"];
    EXPECT_EQ(c.entity(id), w.entity(id)) << id;
  }
  EXPECT_EQ(reads, 0);  // none of those needs a whole document
  for (const auto& d : w.corpus()["documents"]) {
    const std::string id = d["id"];
    EXPECT_EQ(c.document(id), w.document(id)) << id;
    EXPECT_EQ(c.document_brief(id), w.document_brief(id)) << id;
    EXPECT_FALSE(c.corpus()["documents"][0].contains("text"));
  }
  EXPECT_EQ(reads, static_cast<int>(w.corpus()["documents"].size()));
  EXPECT_FALSE(c.document("no-such-id"));
}

TEST_F(ApiTest, RepeatedSearchesComeFromTheCacheUntilTheDatabaseChanges) {
  auto c = client();
  const std::string path = "/api/search?q=gempa%20garut&limit=5";
  auto first = c.Get(path);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  auto second = c.Get(path);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->get_header_value("X-Kabar-Cache"), "hit");
  EXPECT_EQ(second->body, first->body);
  // Another limit is another answer.
  auto other = c.Get("/api/search?q=gempa%20garut&limit=4");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->get_header_value("X-Kabar-Cache"), "");
  json f = json::parse(first->body);
  EXPECT_TRUE(f["facets"]["entities_counted"].is_number());
}

TEST_F(ApiTest, ViewFollowsNewlyIngestedDocuments) {
  fs::path extra = *dir_ / "extra.txt";
  {
    std::ofstream f(extra);
    f << "Gempa Magnitudo 5,2 Guncang Garut\n\nGARUT, KOMPAS.com - Gempa bermagnitudo 5,2 "
         "mengguncang "
         "Kabupaten Garut, Jawa Barat, pada Selasa (5/3/2024). Kepala BPBD Garut Satria Budi "
         "mengatakan "
         "sedikitnya 40 rumah rusak ringan.\n";
  }
  const int before = get("/api/status")["documents"];
  ASSERT_EQ(ingest(db_, {extra.string()}), 1);
  // The server's watcher notices the new document and recomputes the view in the background.
  json s;
  for (int i = 0; i < 500; ++i) {
    s = get("/api/status");
    if (s["documents"] == before + 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(s["documents"], before + 1);
  // An answer cached before the ingest (RepeatedSearches… may have run first) is not served.
  json r = get("/api/search?q=gempa%20garut&limit=5");
  ASSERT_GE(r["total"].get<int>(), 1);
  bool found = false;
  for (const auto& h : r["hits"]) found = found || h["path"].get<std::string>().find("extra.txt") != std::string::npos;
  EXPECT_TRUE(found) << r.dump();
  r = get("/api/search?q=gempa%20garut");
  ASSERT_GE(r["total"].get<int>(), 1);
  get("/api/documents/" + r["hits"][0]["id"].get<std::string>());
}

}  // namespace
}  // namespace kabar::test
