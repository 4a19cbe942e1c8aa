#include "kabar/lang/id/numerals.h"

#include <gtest/gtest.h>

#include <cmath>

#include "kabar/text/analyzer.h"

namespace kabar::lang::id {
namespace {

class NumeralsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto n = Numerals::load(KABAR_SOURCE_DATA_DIR);
    ASSERT_TRUE(n) << n.error().message;
    numerals_ = new Numerals(std::move(*n));
    auto t = text::Tokenizer::load(KABAR_SOURCE_DATA_DIR);
    ASSERT_TRUE(t) << t.error().message;
    tokenizer_ = new text::Tokenizer(std::move(*t));
  }
  /// Parses `s` from its first token; returns the value, or NAN when nothing or not all matched.
  static double full(std::string_view s, bool* ordinal = nullptr, double* max = nullptr) {
    std::vector<text::Token> toks;
    tokenizer_->tokenize(s, toks);
    auto m = numerals_->match(s, toks, 0);
    if (!m || m->end_token != toks.size()) return NAN;
    if (ordinal) *ordinal = m->ordinal;
    if (max) *max = m->max.value_or(NAN);
    return m->value;
  }
  static inline Numerals* numerals_ = nullptr;
  static inline text::Tokenizer* tokenizer_ = nullptr;
};

TEST_F(NumeralsTest, ParseDigitsIndonesianNotation) {
  EXPECT_EQ(Numerals::parse_digits("10.000"), 10000);
  EXPECT_EQ(Numerals::parse_digits("3,5"), 3.5);
  EXPECT_DOUBLE_EQ(*Numerals::parse_digits("1.234.567,89"), 1234567.89);
  EXPECT_DOUBLE_EQ(*Numerals::parse_digits(",77"), 0.77);
  EXPECT_EQ(Numerals::parse_digits("0033"), 33);
  EXPECT_EQ(Numerals::parse_digits("1,200,000"), 1200000);
  EXPECT_DOUBLE_EQ(*Numerals::parse_digits("3.14"), 3.14);
  EXPECT_FALSE(Numerals::parse_digits("17.08.1945"));
  EXPECT_FALSE(Numerals::parse_digits("1..2"));
  EXPECT_FALSE(Numerals::parse_digits("abc"));
  EXPECT_FALSE(Numerals::parse_digits(""));
}

TEST_F(NumeralsTest, ScalesAndSuffixes) {
  EXPECT_EQ(full("5 ribu"), 5000);
  EXPECT_EQ(full("8 juta"), 8e6);
  EXPECT_EQ(full("1,5 miliar"), 1.5e9);
  EXPECT_EQ(full("3 triliun"), 3e12);
  EXPECT_EQ(full("120 rb"), 120000);
  EXPECT_EQ(full("2 jt"), 2e6);
  EXPECT_EQ(full("5 M"), 5e9);
  EXPECT_EQ(full("100K"), 1e5);
  EXPECT_EQ(full("1,2M"), 1.2e6);
  EXPECT_EQ(full("2 juta 500 ribu"), 2.5e6);
}

TEST_F(NumeralsTest, WordNumerals) {
  EXPECT_EQ(full("tiga"), 3);
  EXPECT_EQ(full("sebelas"), 11);
  EXPECT_EQ(full("dua puluh lima"), 25);
  EXPECT_EQ(full("seratus"), 100);
  EXPECT_EQ(full("seribu"), 1000);
  EXPECT_EQ(full("setengah"), 0.5);
  EXPECT_EQ(full("tujuh belas"), 17);
  EXPECT_EQ(full("seratus dua puluh dua"), 122);
  EXPECT_EQ(full("sepuluh ribu sebelas"), 10011);
  EXPECT_EQ(full("tujuh ratus dua puluh satu ribu dua belas"), 721012);
  EXPECT_EQ(full("tiga puluh satu juta dua ratus lima puluh enam ribu tujuh ratus dua puluh satu"),
            31256721);
  EXPECT_EQ(full("dua setengah juta"), 2.5e6);
  EXPECT_EQ(full("setengah juta"), 5e5);
  EXPECT_TRUE(std::isnan(full("puluh")));
}

TEST_F(NumeralsTest, VagueQuantitiesAreRanges) {
  double mx = 0;
  EXPECT_EQ(full("ratusan", nullptr, &mx), 100);
  EXPECT_EQ(mx, 999);
  EXPECT_EQ(full("puluhan ribu", nullptr, &mx), 10000);
  EXPECT_EQ(mx, 99999);
  EXPECT_EQ(full("beberapa ribu", nullptr, &mx), 2000);
  EXPECT_EQ(mx, 9000);
}

TEST_F(NumeralsTest, OrdinalsAndSigns) {
  bool ord = false;
  EXPECT_EQ(full("ke-3", &ord), 3);
  EXPECT_TRUE(ord);
  EXPECT_EQ(full("ketiga", &ord), 3);
  EXPECT_TRUE(ord);
  EXPECT_EQ(full("Kesepuluh", &ord), 10);
  EXPECT_EQ(full("kedua puluh", &ord), 20);
  EXPECT_EQ(full("minus 1.200.000"), -1200000);
  EXPECT_EQ(full("negatif 5"), -5);
  EXPECT_EQ(full("-1,2M"), -1.2e6);
}

TEST_F(NumeralsTest, NotNumbers) {
  std::string s = "Hwasong-11 2/8/2024 kembali";
  std::vector<text::Token> toks;
  tokenizer_->tokenize(s, toks);
  for (size_t i = 0; i < toks.size(); ++i) {
    auto m = numerals_->match(s, toks, i);
    EXPECT_FALSE(m && toks[i].in(s) != "2024" && toks[i].in(s) != "11") << toks[i].in(s);
  }
  auto m = numerals_->match("122mm", std::vector<text::Token>{{0, 5}}, 0);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->value, 122);
  EXPECT_EQ(m->suffix, "mm");
}

}  // namespace
}  // namespace kabar::lang::id
