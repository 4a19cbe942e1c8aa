// End-to-end tests of the `kabar` binary: the main job, the JSON contract, exit codes, bad
// input classes, the store, determinism, and golden CLI outputs (tests/golden/cli).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "contract.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Exec {
  int code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs the kabar binary with `args` (a shell-quoted string) in `cwd`.
Exec run_kabar(const std::string& args, const std::string& stdin_file = "", const fs::path& cwd = fs::temp_directory_path()) {
  static int counter = 0;
  fs::path tmp = fs::temp_directory_path() / ("kabar_e2e_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
  std::string cmd = "cd '" + cwd.string() + "' && '" KABAR_BINARY "' " + args + " >'" + tmp.string() + ".out' 2>'" +
                    tmp.string() + ".err'";
  if (!stdin_file.empty()) cmd += " <'" + stdin_file + "'";
  int status = std::system(cmd.c_str());
  Exec r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(tmp.string() + ".out");
  r.err = slurp(tmp.string() + ".err");
  fs::remove(tmp.string() + ".out");
  fs::remove(tmp.string() + ".err");
  return r;
}

fs::path scratch(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("kabar_e2e_" + std::to_string(getpid()) + "_" + name);
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

void write(const fs::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

const std::string kExamples = KABAR_EXAMPLES_DIR "/corpus";
const std::string kSeeds = KABAR_SHARED_DIR "/seeds";

}  // namespace

TEST(Cli, VersionAndUsage) {
  Exec v = run_kabar("--version");
  EXPECT_EQ(v.code, 0);
  EXPECT_NE(v.out.find("kabar "), std::string::npos);
  EXPECT_EQ(run_kabar("").code, 2);
  EXPECT_EQ(run_kabar("analyze").code, 2);
  EXPECT_EQ(run_kabar("analyze x --format yaml").code, 2);
  EXPECT_EQ(run_kabar("frobnicate").code, 2);
  Exec h = run_kabar("analyze --help");
  EXPECT_EQ(h.code, 0);
  EXPECT_NE(h.out.find("--format"), std::string::npos);
}

TEST(Cli, AnalyzeSampleCorpusMatchesContract) {
  ASSERT_TRUE(fs::is_directory(kExamples));
  Exec r = run_kabar("analyze '" + kExamples + "' --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(join(kabar::test::check_contract(j)), "");
  ASSERT_GE(j["documents"].size(), 12u);
  for (const auto& d : j["documents"]) {
    EXPECT_EQ(d["path"].get<std::string>().rfind(kExamples, 0), 0u) << d["path"];
    EXPECT_EQ(d["language"], "id") << d["path"];
    EXPECT_FALSE(d["text"].get<std::string>().empty());
  }
}

TEST(Cli, AnalyzeSeedsMatchesContract) {
  if (!fs::is_directory(kSeeds)) GTEST_SKIP() << kSeeds << " not found: skipped";
  Exec r = run_kabar("analyze '" + kSeeds + "' --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(join(kabar::test::check_contract(j)), "");
  EXPECT_EQ(j["documents"].size(), 3u);
}

TEST(Cli, TextFormatIsReadable) {
  Exec r = run_kabar("analyze '" + kExamples + "' --format text");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("published"), std::string::npos);
  EXPECT_NE(r.err.find("documents analysed"), std::string::npos);
}

TEST(Cli, OutputIsDeterministicAcrossThreadCounts) {
  Exec one = run_kabar("analyze '" + kExamples + "' --threads 1");
  Exec two = run_kabar("analyze '" + kExamples + "' --threads 2");
  ASSERT_EQ(one.code, 0);
  EXPECT_EQ(one.out, two.out);
}

TEST(Cli, StdinIsOneDocument) {
  fs::path dir = scratch("stdin");
  write(dir / "in.txt", "JAKARTA, KOMPAS.com - Presiden meresmikan jembatan baru di Jakarta pada Senin (5/8/2024).\n");
  Exec r = run_kabar("analyze -", (dir / "in.txt").string());
  ASSERT_EQ(r.code, 0) << r.err;
  json j = json::parse(r.out);
  ASSERT_EQ(j["documents"].size(), 1u);
  EXPECT_EQ(j["documents"][0]["path"], "-");
}

// One test per bad-input class: each gets a one-line error naming the file, the rest go on.
TEST(Cli, BadInputIsReportedAndTheBatchGoesOn) {
  fs::path dir = scratch("bad");
  write(dir / "good.txt", "Gubernur meninjau lokasi banjir di Semarang pada hari Selasa.\n");
  write(dir / "binary.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  write(dir / "empty.txt", "");
  write(dir / "blank.txt", "  \n\t\n");
  write(dir / "latin1.txt", "Warga mengungsi ke gedung sekolah \xe9\xe8 kata petugas.\n");
  write(dir / "bad.jsonl", "{\"text\": \"Harga beras naik di pasar induk.\"}\n{not json\n{\"title\": \"no text\"}\n");
  write(dir / "broken.html", "<html><head><title>Judul</title></head><body><p>Banjir melanda <b>Kudus</b> pagi ini");
  Exec r = run_kabar("analyze '" + dir.string() + "'");
  EXPECT_EQ(r.code, 1) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(join(kabar::test::check_contract(j)), "");
  std::set<std::string> paths;
  for (const auto& d : j["documents"]) paths.insert(fs::path(d["path"].get<std::string>()).filename().string());
  EXPECT_TRUE(paths.count("good.txt"));
  EXPECT_TRUE(paths.count("latin1.txt"));   // repaired, with a warning
  EXPECT_TRUE(paths.count("broken.html"));  // lenient HTML
  EXPECT_TRUE(paths.count("bad.jsonl:1"));
  // Every error is one line that names its file.
  std::istringstream lines(r.err);
  std::string line;
  int errors = 0;
  while (std::getline(lines, line)) {
    if (line.find("error:") == std::string::npos) continue;
    ++errors;
    EXPECT_TRUE(line.find("binary.txt") != std::string::npos || line.find("empty.txt") != std::string::npos ||
                line.find("blank.txt") != std::string::npos || line.find("bad.jsonl:2") != std::string::npos ||
                line.find("bad.jsonl:3") != std::string::npos)
        << line;
  }
  EXPECT_EQ(errors, 5) << r.err;
  EXPECT_NE(r.err.find("latin1.txt"), std::string::npos) << "repair warning names the file";
}

TEST(Cli, OversizeDocumentIsRefused) {
  fs::path dir = scratch("big");
  write(dir / "big.txt", std::string(2 * 1024 * 1024, 'a'));
  write(dir / "small.txt", "Polisi menutup jalan tol selama dua jam.\n");
  Exec r = run_kabar("analyze '" + dir.string() + "' --max-size 1");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("big.txt"), std::string::npos) << r.err;
  EXPECT_EQ(json::parse(r.out)["documents"].size(), 1u);
}

TEST(Cli, MissingPathIsAnError) {
  Exec r = run_kabar("analyze /nonexistent/kabar/path");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("/nonexistent/kabar/path"), std::string::npos);
}

TEST(Cli, IngestStoresOnceByContentHash) {
  fs::path dir = scratch("ingest");
  fs::path db = dir / "k.db";
  Exec first = run_kabar("ingest '" + kExamples + "' --db '" + db.string() + "'");
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_NE(first.err.find(" new documents stored"), std::string::npos) << first.err;
  Exec second = run_kabar("ingest '" + kExamples + "' --db '" + db.string() + "'");
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_NE(second.err.find("kabar: 0 new documents stored"), std::string::npos) << second.err;
  fs::path notdb = dir / "not.db";
  write(notdb, "this is not a database, just text that is long enough to fill a header page.......");
  EXPECT_EQ(run_kabar("ingest '" + kExamples + "' --db '" + notdb.string() + "'").code, 2);
}

// Golden CLI outputs: tests/golden/cli/NAME.args holds the arguments (with @EXAMPLES@ and
// @TESTS@ placeholders), NAME.out the expected stdout. KABAR_UPDATE_GOLDEN=1 rewrites them.
TEST(Cli, GoldenOutputs) {
  fs::path dir = fs::path(KABAR_TEST_DIR) / "golden" / "cli";
  bool update = std::getenv("KABAR_UPDATE_GOLDEN") != nullptr;
  int n = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".args") continue;
    ++n;
    std::string args = slurp(entry.path());
    while (!args.empty() && (args.back() == '\n' || args.back() == ' ')) args.pop_back();
    // Exec from the test folder so paths in the output are relative and stable.
    Exec r = run_kabar(args, "", fs::path(KABAR_TEST_DIR));
    fs::path expected = entry.path();
    expected.replace_extension(".out");
    if (update) {
      write(expected, r.out);
      continue;
    }
    EXPECT_EQ(r.out, slurp(expected)) << "golden " << entry.path().filename() << " differs (stderr: " << r.err
                                      << "); rerun with KABAR_UPDATE_GOLDEN=1 and review the diff";
  }
  EXPECT_GT(n, 0);
}
