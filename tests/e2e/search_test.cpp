// End-to-end: `kabar ingest examples/corpus` then `kabar search` (text and JSON output, filters,
// exit codes).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct SearchRun {
  int code = -1;
  std::string out;
  std::string err;
};

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

SearchRun kabar_cmd(const std::string& args) {
  static int counter = 0;
  fs::path tmp = fs::temp_directory_path() /
                 ("kabar_e2e_search_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
  std::string cmd =
      "'" KABAR_BINARY "' " + args + " >'" + tmp.string() + ".out' 2>'" + tmp.string() + ".err'";
  int status = std::system(cmd.c_str());
  SearchRun r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_all(tmp.string() + ".out");
  r.err = read_all(tmp.string() + ".err");
  fs::remove(tmp.string() + ".out");
  fs::remove(tmp.string() + ".err");
  return r;
}

// One database of the sample corpus for the whole suite.
class SearchE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("kabar_e2e_search_db_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "kabar.db").string();
    auto r = kabar_cmd("ingest '" KABAR_EXAMPLES_DIR "/corpus' --db '" + db_ + "'");
    ingest_code_ = r.code;
    ingest_err_ = r.err;
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static json search_json(const std::string& args) {
    auto r = kabar_cmd("search " + args + " --db '" + db_ + "' --format json");
    EXPECT_EQ(r.code, 0) << args << ": " << r.err;
    try {
      return json::parse(r.out);
    } catch (const std::exception& e) {
      ADD_FAILURE() << args << ": not JSON: " << e.what() << "\n" << r.out;
      return json::object();
    }
  }

  void SetUp() override { ASSERT_EQ(ingest_code_, 0) << ingest_err_; }

  static inline fs::path dir_;
  static inline std::string db_;
  static inline int ingest_code_ = -1;
  static inline std::string ingest_err_;
};

std::vector<std::string> paths_of(const json& j) {
  std::vector<std::string> out;
  for (const auto& h : j["hits"])
    out.push_back(fs::path(h["path"].get<std::string>()).filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_F(SearchE2E, FindsTheFloodStoryWithSnippetsAndFacets) {
  json j = search_json("'banjir kerinci'");
  EXPECT_EQ(j["total"], 5);
  ASSERT_EQ(j["hits"].size(), 5u);
  EXPECT_EQ(paths_of(j), (std::vector<std::string>{
                             "07-banjir-kerinci-antara.txt", "08-banjir-kerinci-ekspres.txt",
                             "09-banjir-kerinci-kompas.txt", "10-banjir-kerinci-bnpb.txt",
                             "11-banjir-kerinci-data.txt"}));
  double prev = 1e9;
  for (const auto& h : j["hits"]) {
    EXPECT_NE(h["snippet"].get<std::string>().find('['), std::string::npos) << h;
    EXPECT_LE(h["score"].get<double>(), prev);
    prev = h["score"].get<double>();
  }
  ASSERT_FALSE(j["facets"]["months"].empty());
  EXPECT_EQ(j["facets"]["months"][0]["value"], "2024-03");
  int64_t outlet_sum = 0;
  for (const auto& f : j["facets"]["outlets"]) outlet_sum += f["count"].get<int64_t>();
  EXPECT_LE(outlet_sum, 5);
  EXPECT_FALSE(j["facets"]["entities"].empty());
}

TEST_F(SearchE2E, StemmedQueryFindsInflectedForms) {
  // "mengungsi" and "pengungsi" are in the flood articles; the root finds them.
  json root = search_json("ungsi");
  json inflected = search_json("mengungsi");
  EXPECT_GT(root["total"].get<int>(), 0);
  EXPECT_EQ(root["total"], inflected["total"]);
}

TEST_F(SearchE2E, FiltersNarrowTheMatches) {
  json all = search_json("'\"korea utara\"'");
  ASSERT_GT(all["total"].get<int>(), 1);
  json nov = search_json("'\"korea utara\"' --from 2024-11-01 --to 2024-11-30");
  EXPECT_GT(nov["total"].get<int>(), 0);
  EXPECT_LT(nov["total"].get<int>(), all["total"].get<int>());
  for (const auto& h : nov["hits"])
    EXPECT_EQ(h["published"].get<std::string>().substr(0, 7), "2024-11");
  json antara = search_json("banjir --outlet ANTARA");
  EXPECT_GT(antara["total"].get<int>(), 0);
  for (const auto& h : antara["hits"]) EXPECT_EQ(h["outlet"], "Antara");
  json lavrov = search_json("tentara --entity lavrov");
  json tentara = search_json("tentara");
  EXPECT_GT(lavrov["total"].get<int>(), 0);
  EXPECT_LT(lavrov["total"].get<int>(), tentara["total"].get<int>());
  json limited = search_json("tentara --limit 1");
  EXPECT_EQ(limited["hits"].size(), 1u);
  EXPECT_EQ(limited["total"], tentara["total"]);
}

TEST_F(SearchE2E, BooleanQueriesFromTheCommandLine) {
  json bbm = search_json("bbm");
  json bbm_or = search_json("'bbm OR banjir'");
  json bbm_not = search_json("'banjir -kerinci'");
  EXPECT_GT(bbm_or["total"].get<int>(), bbm["total"].get<int>());
  EXPECT_EQ(bbm_not["total"], 0);  // every flood article names Kerinci
}

TEST_F(SearchE2E, TextOutputListsRankedHits) {
  auto r = kabar_cmd("search 'banjir bandang' --db '" + db_ + "' --limit 2");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("documents match"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1. "), std::string::npos);
  EXPECT_NE(r.out.find("2. "), std::string::npos);
  EXPECT_EQ(r.out.find("3. "), std::string::npos);
  EXPECT_NE(r.out.find("[Banjir]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Outlets:"), std::string::npos);
}

TEST_F(SearchE2E, ErrorsAreOneLineWithExitCodes) {
  auto missing = kabar_cmd("search banjir --db '" + (dir_ / "absent.db").string() + "'");
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("no such database"), std::string::npos) << missing.err;
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1);
  EXPECT_TRUE(missing.out.empty());
  EXPECT_FALSE(fs::exists(dir_ / "absent.db"));  // searching never creates a database

  auto unbalanced = kabar_cmd("search '\"banjir' --db '" + db_ + "'");
  EXPECT_EQ(unbalanced.code, 2);
  EXPECT_NE(unbalanced.err.find("unbalanced quote"), std::string::npos) << unbalanced.err;
  EXPECT_EQ(std::count(unbalanced.err.begin(), unbalanced.err.end(), '\n'), 1);

  auto bad_date = kabar_cmd("search banjir --from 11/03/2024 --db '" + db_ + "'");
  EXPECT_EQ(bad_date.code, 2);
  EXPECT_NE(bad_date.err.find("invalid date"), std::string::npos) << bad_date.err;

  auto no_query = kabar_cmd("search --db '" + db_ + "'");
  EXPECT_EQ(no_query.code, 2);

  auto injection = kabar_cmd("search \"x'); DROP TABLE documents; --\" --db '" + db_ + "'");
  EXPECT_EQ(injection.code, 2) << injection.err;  // the stray ')' makes it malformed
  auto quoted = kabar_cmd("search \"banjir'; DROP TABLE documents; --\" --db '" + db_ + "'");
  EXPECT_EQ(quoted.code, 0) << quoted.err;  // plain words
  EXPECT_NE(quoted.out.find("0 documents match"), std::string::npos) << quoted.out;
  json still = search_json("banjir");
  EXPECT_EQ(still["total"], 5);
}
