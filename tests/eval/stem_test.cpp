#include "kabar/eval/stem.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace kabar::eval {
namespace {

namespace fs = std::filesystem;

const fs::path kPairs = fs::path(KABAR_SHARED_DIR) / "data" / "stem-sastrawi";

TEST(EvalStem, SastrawiFunctionalPairsWithTheirTestLexicon) {
  if (!fs::exists(kPairs / "sastrawi_functional_test_pairs.tsv")) GTEST_SKIP() << "../shared not found: skipped";
  auto r = stem(kPairs / "sastrawi_functional_test_pairs.tsv", kPairs / "sastrawi_functional_test_dictionary.txt",
                KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(r.ok()) << r.error().message;
  std::printf("%s", r->table.c_str());
  EXPECT_EQ(r->figures["n"].get<size_t>(), 173u);
  EXPECT_GE(r->figures["accuracy"].get<double>(), 0.97);
  EXPECT_LE(r->figures["accuracy"].get<double>(), 1.0);
}

TEST(EvalStem, InformalPairsWithTheShippedLexicon) {
  if (!fs::exists(kPairs / "mpstemmer_nonstandard60_pairs.tsv")) GTEST_SKIP() << "../shared not found: skipped";
  auto r = stem(kPairs / "mpstemmer_nonstandard60_pairs.tsv", std::nullopt, KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(r.ok()) << r.error().message;
  std::printf("%s", r->table.c_str());
  EXPECT_EQ(r->figures["n"].get<size_t>(), 60u);
  EXPECT_GE(r->figures["accuracy"].get<double>(), 0.90);
}

TEST(EvalStem, OtherCombinationsAreReported) {
  if (!fs::exists(kPairs / "mpstemmer_nonstandard60_pairs.tsv")) GTEST_SKIP() << "../shared not found: skipped";
  auto a = stem(kPairs / "sastrawi_functional_test_pairs.tsv", std::nullopt, KABAR_SOURCE_DATA_DIR);
  auto b = stem(kPairs / "mpstemmer_nonstandard60_pairs.tsv", kPairs / "sastrawi_functional_test_dictionary.txt",
                KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(a.ok() && b.ok());
  std::printf("sastrawi pairs, shipped lexicon: %s", a->table.substr(0, a->table.find("failures")).c_str());
  std::printf("informal pairs, sastrawi test lexicon: %s", b->table.substr(0, b->table.find("failures")).c_str());
  EXPECT_GT(a->figures["accuracy"].get<double>(), 0.5);
}

TEST(EvalStem, SmallPairFileAndErrors) {
  const fs::path dir = fs::temp_directory_path() / "kabar_eval_stem_test";
  fs::create_directories(dir);
  {
    std::ofstream(dir / "pairs.tsv") << "# word\troot\nmemukul\tpukul\nPembangunan\tbangun\nxyzzy\tabc\n";
    std::ofstream(dir / "lex.txt") << "pukul\nbangun\n";
    std::ofstream(dir / "bad.tsv") << "memukul pukul\n";
    std::ofstream(dir / "empty.tsv") << "# nothing\n";
  }
  auto r = stem(dir / "pairs.tsv", dir / "lex.txt", KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->figures["n"].get<size_t>(), 3u);
  EXPECT_NEAR(r->figures["accuracy"].get<double>(), 2.0 / 3.0, 1e-9);
  ASSERT_EQ(r->figures["failures"].size(), 1u);
  EXPECT_EQ(r->figures["failures"][0]["word"], "xyzzy");
  EXPECT_NE(r->table.find("xyzzy"), std::string::npos);
  EXPECT_FALSE(stem(dir / "missing.tsv", std::nullopt, KABAR_SOURCE_DATA_DIR).ok());
  EXPECT_FALSE(stem(dir / "bad.tsv", std::nullopt, KABAR_SOURCE_DATA_DIR).ok());
  EXPECT_FALSE(stem(dir / "empty.tsv", std::nullopt, KABAR_SOURCE_DATA_DIR).ok());
  EXPECT_FALSE(stem(dir / "pairs.tsv", dir / "missing-lex.txt", KABAR_SOURCE_DATA_DIR).ok());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kabar::eval
