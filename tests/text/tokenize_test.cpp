#include "kabar/text/tokenize.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "text_test_util.h"

namespace kabar::text {
namespace {

using testing::analyzer;

struct Tok {
  std::string text;
  Token token;
};

std::vector<Tok> tokens_of(std::string_view s) {
  std::vector<Token> v;
  analyzer().tokenizer().tokenize(s, v);
  std::vector<Tok> out;
  for (const auto& t : v) out.push_back({std::string(t.in(s)), t});
  return out;
}

std::vector<std::string> texts(std::string_view s) {
  std::vector<std::string> out;
  for (auto& t : tokens_of(s)) out.push_back(t.text);
  return out;
}

using V = std::vector<std::string>;

TEST(Tokenizer, LoadFailsWithMessageForMissingDir) {
  auto r = Tokenizer::load("/nonexistent/kabar-data");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("abbreviations.txt"), std::string::npos) << r.error().message;
}

TEST(Tokenizer, LoadRejectsMalformedAbbreviation) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("kabar_tok_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "text");
  for (const char* f : {"clitic_exceptions.txt", "proclitic_stems.txt"})
    std::filesystem::copy_file(testing::source_data_dir() / "text" / f, dir / "text" / f);
  std::ofstream(dir / "text" / "abbreviations.txt") << "jl.\ndll.\tend\nnodot\n";
  auto r = Tokenizer::load(dir);
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("nodot"), std::string::npos) << r.error().message;
}

TEST(Tokenizer, MayEndSentenceFlag) {
  auto t = tokens_of("dll. Jl. PT Astra Tbk.");
  EXPECT_TRUE(t[0].token.has(kMayEndSentence));
  EXPECT_FALSE(t[1].token.has(kMayEndSentence));
  EXPECT_TRUE(t[4].token.has(kMayEndSentence));
}

TEST(Tokenizer, EmptyAndBlank) {
  EXPECT_TRUE(tokens_of("").empty());
  EXPECT_TRUE(tokens_of(" \n\t \n").empty());
}

TEST(Tokenizer, WordsAndPunctuation) {
  EXPECT_EQ(texts("Halo, dunia!"), (V{"Halo", ",", "dunia", "!"}));
  auto t = tokens_of("Halo, dunia!");
  EXPECT_EQ(t[0].token.kind, TokenKind::kWord);
  EXPECT_EQ(t[1].token.kind, TokenKind::kPunct);
  EXPECT_TRUE(t[1].token.has(kNoSpaceBefore));
  EXPECT_FALSE(t[2].token.has(kNoSpaceBefore));
  EXPECT_TRUE(t[0].token.has(kParagraphStart));
  EXPECT_TRUE(t[0].token.has(kCapitalized));
  EXPECT_FALSE(t[2].token.has(kCapitalized));
}

TEST(Tokenizer, HyphenatedWordsStayWhole) {
  EXPECT_EQ(texts("kawan-kawan Hwasong-11 Bulsae-4 COVID-19 ke-3"),
            (V{"kawan-kawan", "Hwasong-11", "Bulsae-4", "COVID-19", "ke-3"}));
}

TEST(Tokenizer, ReduplicationFlag) {
  auto t = tokens_of("kawan-kawan menakut-nakuti sayur-mayur Hwasong-11 Korea-Rusia");
  EXPECT_TRUE(t[0].token.has(kReduplication));
  EXPECT_TRUE(t[1].token.has(kReduplication));
  EXPECT_TRUE(t[2].token.has(kReduplication));
  EXPECT_FALSE(t[3].token.has(kReduplication));
  EXPECT_FALSE(t[4].token.has(kReduplication));
}

TEST(Tokenizer, CapsAndDigitsFlags) {
  auto t = tokens_of("AS PBB Jakarta 122mm A");
  EXPECT_TRUE(t[0].token.has(kAllCaps));
  EXPECT_TRUE(t[1].token.has(kAllCaps));
  EXPECT_FALSE(t[2].token.has(kAllCaps));
  EXPECT_TRUE(t[2].token.has(kCapitalized));
  EXPECT_EQ(t[3].text, "122mm");
  EXPECT_TRUE(t[3].token.has(kHasDigit));
  EXPECT_EQ(t[3].token.kind, TokenKind::kWord);
  EXPECT_FALSE(t[4].token.has(kAllCaps));  // one letter is not "all caps"
}

TEST(Tokenizer, Numbers) {
  EXPECT_EQ(texts("10.000 3,5 1.234.567,89 2/8/2024 14.30 14:30"),
            (V{"10.000", "3,5", "1.234.567,89", "2/8/2024", "14.30", "14:30"}));
  for (auto& t : tokens_of("10.000 3,5 2/8/2024")) {
    EXPECT_EQ(t.token.kind, TokenKind::kNumber) << t.text;
    EXPECT_TRUE(t.token.has(kHasDigit));
  }
  // Sentence-final period and list commas are not part of a number.
  EXPECT_EQ(texts("pada 2024. Lalu 1, 2"), (V{"pada", "2024", ".", "Lalu", "1", ",", "2"}));
  EXPECT_EQ(texts("2020-2024"), (V{"2020", "-", "2024"}));
}

TEST(Tokenizer, Currency) {
  EXPECT_EQ(texts("Rp10.000 Rp 5 Rp. 7 US$5"),
            (V{"Rp", "10.000", "Rp", "5", "Rp.", "7", "US$", "5"}));
  auto t = tokens_of("Rp10.000");
  EXPECT_TRUE(t[1].token.has(kNoSpaceBefore));
  EXPECT_EQ(t[1].token.kind, TokenKind::kNumber);
  EXPECT_TRUE(tokens_of("Rp. 7")[0].token.has(kAbbreviation));
  EXPECT_EQ(texts("Rpx"), (V{"Rpx"}));
}

TEST(Tokenizer, UrlsAndEmails) {
  EXPECT_EQ(
      texts("lihat https://news.detik.com/berita/d-1/a-b?x=1, atau www.kompas.id."),
      (V{"lihat", "https://news.detik.com/berita/d-1/a-b?x=1", ",", "atau", "www.kompas.id", "."}));
  EXPECT_EQ(texts("kirim ke redaksi@detik.com."), (V{"kirim", "ke", "redaksi@detik.com", "."}));
  EXPECT_EQ(texts("(https://a.id/x_(y))"), (V{"(", "https://a.id/x_(y)", ")"}));
  EXPECT_EQ(texts("detik.com Kompas.id"), (V{"detik.com", "Kompas.id"}));
  EXPECT_EQ(texts("a@b"), (V{"a", "@", "b"}));
}

TEST(Tokenizer, TypographicPunctuationIsOneTokenEach) {
  EXPECT_EQ(texts("\xE2\x80\x9C"
                  "Ya\xE2\x80\x9D \xE2\x80\x94 \xC2\xAB"
                  "b\xC2\xBB \xE2\x80\x98"
                  "c\xE2\x80\x99"),
            (V{"\xE2\x80\x9C", "Ya", "\xE2\x80\x9D", "\xE2\x80\x94", "\xC2\xAB", "b", "\xC2\xBB",
               "\xE2\x80\x98", "c", "\xE2\x80\x99"}));
  EXPECT_EQ(texts("(a) [b]"), (V{"(", "a", ")", "[", "b", "]"}));
}

TEST(Tokenizer, Apostrophes) {
  EXPECT_EQ(texts("Jum'at Qur\xE2\x80\x99"
                  "an 'kata'"),
            (V{"Jum'at",
               "Qur\xE2\x80\x99"
               "an",
               "'", "kata", "'"}));
}

TEST(Tokenizer, EncliticsSplit) {
  auto t = tokens_of("katanya dialah bukankah apapun rumahnyalah");
  EXPECT_EQ(texts("katanya dialah bukankah apapun rumahnyalah"),
            (V{"kata", "nya", "dia", "lah", "bukan", "kah", "apa", "pun", "rumah", "nya", "lah"}));
  EXPECT_TRUE(t[1].token.has(kCliticSuffix));
  EXPECT_TRUE(t[1].token.has(kNoSpaceBefore));
  EXPECT_FALSE(t[0].token.has(kCliticSuffix));
  EXPECT_TRUE(t[10].token.has(kCliticSuffix));
}

TEST(Tokenizer, CliticExceptionsStayWhole) {
  const V words = {"adalah",   "punya",    "tanya",    "sekolah", "masalah", "salah",    "kalah",
                   "Allah",    "bawah",    "rumah",    "sudah",   "hanya",   "meskipun", "walaupun",
                   "mengolah", "bertanya", "bersalah", "Kenya",   "ialah",   "telah"};
  for (const auto& w : words) EXPECT_EQ(texts(w), V{w}) << w;
  EXPECT_EQ(texts("sekolahnya"), (V{"sekolah", "nya"}));
  EXPECT_EQ(texts("kawan-kawannya"), (V{"kawan-kawan", "nya"}));
  // A hyphenated enclitic splits with its hyphen; capitalised names inside a sentence keep -lah.
  auto t = tokens_of("IPK-nya");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[1].text, "-nya");
  EXPECT_TRUE(t[1].token.has(kCliticSuffix));
  EXPECT_TRUE(t[0].token.has(kAllCaps));
  EXPECT_EQ(texts("oleh Saifullah dan Ujungpangkah"),
            (V{"oleh", "Saifullah", "dan", "Ujungpangkah"}));
  EXPECT_EQ(texts("Dialah"), (V{"Dia", "lah"}));
}

TEST(Tokenizer, Proclitics) {
  auto t = tokens_of("kuambil Kaulihat");
  EXPECT_EQ(texts("kuambil Kaulihat"), (V{"ku", "ambil", "Kau", "lihat"}));
  EXPECT_TRUE(t[0].token.has(kCliticPrefix));
  EXPECT_TRUE(t[1].token.has(kNoSpaceBefore));
  EXPECT_TRUE(t[2].token.has(kCapitalized));
  for (const char* w : {"kuat", "kuasa", "kurang", "kaum", "kulit", "kunci", "kaus", "kuda"})
    EXPECT_EQ(texts(w), V{w}) << w;
}

TEST(Tokenizer, Abbreviations) {
  const auto& tk = analyzer().tokenizer();
  EXPECT_TRUE(tk.is_abbreviation("jl."));
  EXPECT_TRUE(tk.is_abbreviation("s.h."));
  EXPECT_FALSE(tk.is_abbreviation("jl"));
  EXPECT_FALSE(tk.is_abbreviation("rumah."));
  EXPECT_EQ(
      texts("Jl. Sudirman No. 5, S.H., M.Si., a.n. Budi dll."),
      (V{"Jl.", "Sudirman", "No.", "5", ",", "S.H.", ",", "M.Si.", ",", "a.n.", "Budi", "dll."}));
  for (auto& t : tokens_of("Jl. S.H. dll. J. A.S."))
    EXPECT_TRUE(t.token.has(kAbbreviation)) << t.text;
  // A plain word before a period is not an abbreviation.
  EXPECT_EQ(texts("ke kota."), (V{"ke", "kota", "."}));
}

TEST(Tokenizer, ParagraphStart) {
  auto t = tokens_of("Satu dua.\nTiga\n\nEmpat");
  ASSERT_EQ(t.size(), 5u);
  EXPECT_TRUE(t[0].token.has(kParagraphStart));
  EXPECT_FALSE(t[1].token.has(kParagraphStart));
  EXPECT_FALSE(t[2].token.has(kParagraphStart));
  EXPECT_TRUE(t[3].token.has(kParagraphStart));
  EXPECT_TRUE(t[4].token.has(kParagraphStart));
}

TEST(Tokenizer, SymbolsAndEmoji) {
  auto t = tokens_of("5% \xF0\x9F\x98\x80 #tagar @akun");
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(t[1].token.kind, TokenKind::kSymbol);
  EXPECT_EQ(t[2].token.kind, TokenKind::kSymbol);
  EXPECT_EQ(t[3].text, "#tagar");
  EXPECT_EQ(t[4].text, "@akun");
}

TEST(Tokenizer, LatinDiacriticsAreLetters) {
  EXPECT_EQ(texts("Fran\xC3\xA7ois \xC3\x89ric Zelensk\xC3\xBDi"),
            (V{"Fran\xC3\xA7ois", "\xC3\x89ric", "Zelensk\xC3\xBDi"}));
  EXPECT_TRUE(tokens_of("\xC3\x89ric")[0].token.has(kCapitalized));
}

}  // namespace
}  // namespace kabar::text
