#include "kabar/eval/quotes.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

// CI floors of `kabar eval quotes` (the issue-6 targets) on the sample-corpus gold and the
// seeds gold, plus the error paths and the speaker-matching rule.

namespace kabar::eval {
namespace {

namespace fs = std::filesystem;

const fs::path kGold = fs::path(KABAR_EXAMPLES_DIR) / "gold";

void expect_floors(const Report& r, double recall, double precision, double speaker) {
  const auto& j = r.figures;
  EXPECT_GE(j["recall"].get<double>(), recall) << r.table;
  EXPECT_GE(j["precision"].get<double>(), precision) << r.table;
  EXPECT_GE(j["speaker_accuracy"].get<double>(), speaker) << r.table;
  EXPECT_GT(j["n"].get<size_t>(), 0u);
}

TEST(EvalQuotes, SampleCorpusMeetsIssueFloors) {
  auto r = quotes(kGold / "corpus.json", KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(r.ok()) << r.error().message;
  expect_floors(*r, 0.95, 0.90, 0.92);
  // Provenance right on every article of the sample corpus.
  EXPECT_DOUBLE_EQ(r->figures["provenance_accuracy"].get<double>(), 1.0) << r->table;
  EXPECT_EQ(r->figures["documents"].size(), 17u);
}

TEST(EvalQuotes, SeedsMeetIssueFloors) {
  if (!fs::exists(fs::path(KABAR_SHARED_DIR) / "seeds"))
    GTEST_SKIP() << "../shared/seeds not found: skipped";
  auto r = quotes(kGold / "seeds.json", KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(r.ok()) << r.error().message;
  expect_floors(*r, 0.95, 0.90, 0.92);
  EXPECT_DOUBLE_EQ(r->figures["provenance_accuracy"].get<double>(), 1.0) << r->table;
}

// Articles written after tuning and never tuned on (examples/heldout): floors at the figures
// first measured (recall 31/32, precision 31/32, speaker 26/31); the speaker target of 0.92 is
// not reached there yet.
TEST(EvalQuotes, HeldOutArticlesMeetFloors) {
  auto r = quotes(kGold / "heldout-quotes.json", KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(r.ok()) << r.error().message;
  expect_floors(*r, 0.95, 0.95, 0.83);
}

TEST(EvalQuotes, MissingGoldFileIsAnError) {
  auto r = quotes("/nonexistent-kabar-gold.json", KABAR_SOURCE_DATA_DIR);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("/nonexistent-kabar-gold.json"), std::string::npos)
      << r.error().message;
}

TEST(EvalQuotes, MalformedGoldIsAnError) {
  const fs::path dir = fs::temp_directory_path() / "kabar-eval-quotes-test";
  fs::create_directories(dir);
  {
    std::ofstream(dir / "bad.json") << "{\"documents\": [1, 2]}";
    auto r = quotes(dir / "bad.json", KABAR_SOURCE_DATA_DIR);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("bad.json"), std::string::npos) << r.error().message;
  }
  {
    std::ofstream(dir / "missing-doc.json")
        << "{\"root\": \".\", \"documents\": {\"no-such-article.txt\": {\"quotes\": []}}}";
    auto r = quotes(dir / "missing-doc.json", KABAR_SOURCE_DATA_DIR);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("no-such-article.txt"), std::string::npos)
        << r.error().message;
  }
  {
    std::ofstream(dir / "a.txt")
        << "Presiden Joko Widodo mengatakan bahwa jalan tol itu selesai tahun depan.\n";
    std::ofstream(dir / "no-key.json")
        << "{\"root\": \".\", \"documents\": {\"a.txt\": {\"quotes\": [{\"speaker\": \"X\"}]}}}";
    auto r = quotes(dir / "no-key.json", KABAR_SOURCE_DATA_DIR);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("key"), std::string::npos) << r.error().message;
  }
  fs::remove_all(dir);
}

TEST(EvalQuotes, CountsMissesAndExtras) {
  const fs::path dir = fs::temp_directory_path() / "kabar-eval-quotes-count";
  fs::create_directories(dir);
  std::ofstream(dir / "a.txt")
      << "Presiden Joko Widodo mengatakan bahwa jalan tol itu selesai tahun depan.\n\n"
         "“Kami tidak akan menunda proyek ini,” kata Menteri Basuki Hadimuljono.\n";
  // One gold quote found with the right speaker, one found with a wrong speaker, one missing.
  std::ofstream(dir / "g.json") << R"({"root": ".", "documents": {"a.txt": {"quotes": [
      {"key": "jalan tol itu selesai tahun depan", "speaker": "Joko Widodo", "direct": false},
      {"key": "Kami tidak akan menunda proyek ini", "speaker": "Joko Widodo", "direct": true},
      {"key": "kalimat yang tidak ada", "speaker": "Siapa Pun", "direct": false}]}}})";
  auto r = quotes(dir / "g.json", KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NEAR(r->figures["recall"].get<double>(), 2.0 / 3.0, 1e-9) << r->table;
  EXPECT_NEAR(r->figures["precision"].get<double>(), 1.0, 1e-9) << r->table;
  EXPECT_NEAR(r->figures["speaker_accuracy"].get<double>(), 0.5, 1e-9) << r->table;
  fs::remove_all(dir);
}

TEST(EvalQuotes, SpeakerRule) {
  using O = std::optional<std::string>;
  EXPECT_TRUE(quote_speaker_matches(O{"Dmitry Peskov"}, O{"Peskov"}));
  EXPECT_TRUE(quote_speaker_matches(O{"Dmitry Peskov"}, O{"dmitry peskov"}));
  EXPECT_TRUE(quote_speaker_matches(std::nullopt, std::nullopt));
  EXPECT_FALSE(quote_speaker_matches(O{"Dmitry Peskov"}, std::nullopt));
  EXPECT_FALSE(quote_speaker_matches(std::nullopt, O{"Kremlin"}));
  EXPECT_FALSE(quote_speaker_matches(O{"Dmitry Peskov"}, O{"Dmitry Peskov Kremlin"}));
  EXPECT_FALSE(quote_speaker_matches(O{"Sergei Lavrov"}, O{"Kremlin"}));
}

}  // namespace
}  // namespace kabar::eval
