#include "kabar/text/normalize.h"

#include <gtest/gtest.h>

#include <numeric>

namespace kabar::text {
namespace {

std::vector<uint32_t> identity(size_t n) {
  std::vector<uint32_t> v(n + 1);
  std::iota(v.begin(), v.end(), 0u);
  return v;
}

TEST(Normalize, AsciiIsCopiedWithIdentityMap) {
  auto n = normalize("Halo dunia.\nBaris dua.\t");
  EXPECT_EQ(n.text, "Halo dunia.\nBaris dua.\t");
  EXPECT_EQ(n.to_original, identity(n.text.size()));
}

TEST(Normalize, EmptyInput) {
  auto n = normalize("");
  EXPECT_EQ(n.text, "");
  ASSERT_EQ(n.to_original.size(), 1u);
  EXPECT_EQ(n.to_original[0], 0u);
}

TEST(Normalize, AlreadyNfcNonAsciiKeepsIdentity) {
  std::string s =
      "Fran\xC3\xA7ois \xE2\x80\x9C"
      "dekat\xE2\x80\x9D";  // François “dekat”
  auto n = normalize(s);
  EXPECT_EQ(n.text, s);
  EXPECT_EQ(n.to_original, identity(s.size()));
}

TEST(Normalize, CrLfAndCrBecomeNewline) {
  auto n = normalize("a\r\nb\rc");
  EXPECT_EQ(n.text, "a\nb\nc");
  EXPECT_EQ(n.to_original, (std::vector<uint32_t>{0, 1, 3, 4, 5, 6}));
}

TEST(Normalize, UnicodeSpacesBecomeAsciiSpace) {
  // NBSP (2 bytes), thin space U+2009 (3 bytes), ideographic space U+3000.
  auto n = normalize(
      "a\xC2\xA0"
      "b\xE2\x80\x89"
      "c\xE3\x80\x80"
      "d");
  EXPECT_EQ(n.text, "a b c d");
  EXPECT_EQ(n.to_original, (std::vector<uint32_t>{0, 1, 3, 4, 7, 8, 11, 12}));
}

TEST(Normalize, ControlsAndZeroWidthRemoved) {
  // BEL, ZWSP U+200B, soft hyphen U+00AD, BOM U+FEFF, C1 control U+0085 is a line break.
  auto n = normalize(
      "\xEF\xBB\xBF"
      "a\x07"
      "b\xE2\x80\x8B"
      "c\xC2\xAD"
      "d\x7F"
      "e");
  EXPECT_EQ(n.text, "abcde");
  EXPECT_EQ(n.to_original, (std::vector<uint32_t>{3, 5, 9, 12, 14, 15}));
}

TEST(Normalize, KeepsNewlineAndTab) {
  auto n = normalize("a\n\tb\x01");
  EXPECT_EQ(n.text, "a\n\tb");
  EXPECT_EQ(n.to_original.back(), 5u);
}

TEST(Normalize, ComposesToNfc) {
  // "e" + U+0301 combining acute → "é" (C3 A9); the composed bytes map to the base letter.
  auto n = normalize(
      "Caf"
      "e\xCC\x81"
      " ok");
  EXPECT_EQ(n.text, "Caf\xC3\xA9 ok");
  EXPECT_EQ(n.to_original, (std::vector<uint32_t>{0, 1, 2, 3, 3, 6, 7, 8, 9}));
}

TEST(Normalize, NfcAndCleaningTogether) {
  auto n = normalize(
      "A\xC2\xA0"
      "o\xCC\x88"
      "\r\n");  // "A", NBSP, o+diaeresis, CRLF
  EXPECT_EQ(n.text, "A \xC3\xB6\n");
  EXPECT_EQ(n.to_original, (std::vector<uint32_t>{0, 1, 3, 3, 6, 8}));
}

TEST(Normalize, InvalidBytesDoNotCrashAndMapStaysMonotonic) {
  std::string bad = "ab\xFF\xC3(cd\xE2\x82";
  auto n = normalize(bad);
  ASSERT_EQ(n.to_original.size(), n.text.size() + 1);
  for (size_t k = 1; k < n.to_original.size(); ++k)
    EXPECT_LE(n.to_original[k - 1], n.to_original[k]);
  EXPECT_EQ(n.to_original.back(), bad.size());
}

TEST(FoldPunctuation, FoldsQuotesDashesEllipsis) {
  EXPECT_EQ(fold_punctuation("\xE2\x80\x9CYa\xE2\x80\x9D"), "\"Ya\"");
  EXPECT_EQ(fold_punctuation("\xE2\x80\x98"
                             "a\xE2\x80\x99"),
            "'a'");
  EXPECT_EQ(fold_punctuation("\xC2\xAB"
                             "b\xC2\xBB"),
            "\"b\"");
  EXPECT_EQ(fold_punctuation("1\xE2\x80\x93"
                             "2\xE2\x80\x94"
                             "3"),
            "1-2-3");
  EXPECT_EQ(fold_punctuation("tunggu\xE2\x80\xA6"), "tunggu...");
  EXPECT_EQ(fold_punctuation("Fran\xC3\xA7ois"), "Fran\xC3\xA7ois");
  EXPECT_EQ(fold_punctuation(""), "");
}

}  // namespace
}  // namespace kabar::text
