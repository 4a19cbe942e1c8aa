#include "kabar/eval/numerals.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace kabar::eval {
namespace {

namespace fs = std::filesystem;

TEST(EvalNumerals, DucklingIndonesianCorpora) {
  fs::path dir = fs::path(KABAR_SHARED_DIR) / "data" / "numerals-duckling";
  if (!fs::exists(dir / "id_Numeral.tsv")) GTEST_SKIP() << dir << " (…/shared) not found: skipped";
  auto r = numerals(dir, KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(r) << r.error().message;
  std::printf("%s", r->table.c_str());
  EXPECT_EQ(r->figures["n"].get<size_t>(), 51u + 5u + 63u);
  EXPECT_GE(r->figures["accuracy"].get<double>(), 0.99);
  for (const char* f : {"id_Numeral.tsv", "id_Ordinal.tsv", "id_AmountOfMoney.tsv"})
    EXPECT_TRUE(r->figures["by_file"].contains(f)) << f;
}

TEST(EvalNumerals, MissingOrMalformedInputIsAnError) {
  EXPECT_FALSE(numerals("/nonexistent/duckling", KABAR_SOURCE_DATA_DIR));
  fs::path tmp = fs::temp_directory_path() / "kabar_eval_numerals_bad";
  fs::create_directories(tmp);
  for (const char* f : {"id_Numeral.tsv", "id_Ordinal.tsv", "id_AmountOfMoney.tsv"})
    std::ofstream(tmp / f) << "section\tvalue_expr\ttext\nallExamples\tNumeralValue x\tdua\n";
  auto r = numerals(tmp, KABAR_SOURCE_DATA_DIR);
  EXPECT_FALSE(r);
  fs::remove_all(tmp);
}

TEST(EvalNumerals, SmallCorpusFigures) {
  fs::path tmp = fs::temp_directory_path() / "kabar_eval_numerals_small";
  fs::create_directories(tmp);
  std::ofstream(tmp / "id_Numeral.tsv") << "section\tvalue_expr\ttext\n"
                                           "a\tNumeralValue 25\tdua puluh lima\n"
                                           "a\tNumeralValue 7\tdelapan\n";
  std::ofstream(tmp / "id_Ordinal.tsv") << "a\tOrdinalData 3\tketiga\n";
  std::ofstream(tmp / "id_AmountOfMoney.tsv") << "a\tsimple IDR 120000000\tRp 120 juta\n"
                                                 "a\tbetween Dollar(10, 20)\tantara 10 sampai 20 dolar\n";
  auto r = numerals(tmp, KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->figures["n"].get<size_t>(), 5u);
  EXPECT_DOUBLE_EQ(r->figures["accuracy"].get<double>(), 4.0 / 5.0);
  EXPECT_DOUBLE_EQ(r->figures["by_file"]["id_Numeral.tsv"]["accuracy"].get<double>(), 0.5);
  fs::remove_all(tmp);
}

}  // namespace
}  // namespace kabar::eval
