#include "kabar/text/segment.h"

#include <gtest/gtest.h>

#include "text_test_util.h"

namespace kabar::text {
namespace {

using testing::analyzer;
using V = std::vector<std::string>;

V sentences_of(std::string_view s) {
  auto l = analyzer().analyze(s);
  V out;
  for (auto& x : l.sentences) out.emplace_back(x.span.in(s));
  return out;
}

TEST(Segment, EmptyInputGivesNothing) {
  std::vector<Token> tokens;
  std::vector<Sentence> s{{}};
  std::vector<Paragraph> p{{}};
  segment("", tokens, s, p);
  EXPECT_TRUE(s.empty());
  EXPECT_TRUE(p.empty());
}

TEST(Segment, BasicSentences) {
  EXPECT_EQ(sentences_of("Dia datang. Lalu pergi! Kenapa? Entah"),
            (V{"Dia datang.", "Lalu pergi!", "Kenapa?", "Entah"}));
}

TEST(Segment, NotAfterAbbreviationsOrInitials) {
  EXPECT_EQ(sentences_of("Dr. Agus tiba di Jl. Thamrin No. 5. Dia disambut."),
            (V{"Dr. Agus tiba di Jl. Thamrin No. 5.", "Dia disambut."}));
  EXPECT_EQ(sentences_of("J. K. Rowling dan H. Agus datang."),
            (V{"J. K. Rowling dan H. Agus datang."}));
}

TEST(Segment, NotInsideNumbers) {
  EXPECT_EQ(sentences_of("Ada 10.000 orang pada 2/8/2024 pukul 14.30. Semua pulang."),
            (V{"Ada 10.000 orang pada 2/8/2024 pukul 14.30.", "Semua pulang."}));
}

TEST(Segment, ClosingQuoteBelongsToSentence) {
  EXPECT_EQ(sentences_of("\xE2\x80\x9CKami siap.\xE2\x80\x9D Lalu pergi."),
            (V{"\xE2\x80\x9CKami siap.\xE2\x80\x9D", "Lalu pergi."}));
  EXPECT_EQ(sentences_of("Dia bilang \"Oke.\" Kami setuju."),
            (V{"Dia bilang \"Oke.\"", "Kami setuju."}));
}

TEST(Segment, AttributionStaysInSentence) {
  EXPECT_EQ(sentences_of("\xE2\x80\x9CKami siap,\xE2\x80\x9D kata Peskov. Itu saja."),
            (V{"\xE2\x80\x9CKami siap,\xE2\x80\x9D kata Peskov.", "Itu saja."}));
  EXPECT_EQ(sentences_of("\xE2\x80\x9CSiapa dia?\xE2\x80\x9D tanya Budi. Entah."),
            (V{"\xE2\x80\x9CSiapa dia?\xE2\x80\x9D tanya Budi.", "Entah."}));
}

TEST(Segment, SentencesInsideQuotationAreSeparate) {
  EXPECT_EQ(sentences_of("\xE2\x80\x9CIni hak kami. Kami membela diri,\xE2\x80\x9D ujar dia."),
            (V{"\xE2\x80\x9CIni hak kami.", "Kami membela diri,\xE2\x80\x9D ujar dia."}));
}

TEST(Segment, SentenceFinalAbbreviation) {
  EXPECT_EQ(sentences_of("Buku, pena, dll. Semua dibeli."),
            (V{"Buku, pena, dll.", "Semua dibeli."}));
  EXPECT_EQ(sentences_of("Buku, pena, dll. dibeli."), (V{"Buku, pena, dll. dibeli."}));
}

TEST(Segment, ParagraphsNeverCrossed) {
  const std::string text =
      "Baris satu tanpa titik\nBaris dua. Tiga.\n\nEmpat \xE2\x80\x9Cmasih\n lanjut";
  auto l = analyzer().analyze(text);
  ASSERT_EQ(l.paragraphs.size(), 4u);
  ASSERT_EQ(l.sentences.size(), 5u);
  EXPECT_EQ(l.sentences[0].span.in(text), "Baris satu tanpa titik");
  EXPECT_EQ(l.sentences[3].span.in(text), "Empat \xE2\x80\x9Cmasih");
  EXPECT_EQ(l.paragraphs[1].first_sentence, 1u);
  EXPECT_EQ(l.paragraphs[1].end_sentence, 3u);
  EXPECT_EQ(l.paragraphs[1].span.in(text), "Baris dua. Tiga.");
  for (size_t k = 0; k < l.sentences.size(); ++k) {
    const auto& p = l.paragraphs[l.sentences[k].paragraph];
    EXPECT_TRUE(p.span.contains(l.sentences[k].span));
    EXPECT_GE(k, p.first_sentence);
    EXPECT_LT(k, p.end_sentence);
  }
}

TEST(Segment, LowerCaseAfterPeriodContinues) {
  EXPECT_EQ(sentences_of("Dia ragu... lalu diam. Ya."), (V{"Dia ragu... lalu diam.", "Ya."}));
}

TEST(Segment, RepeatedTerminalsAndBrackets) {
  EXPECT_EQ(sentences_of("Wow!!! Hebat?! (Dia datang.) Ya."),
            (V{"Wow!!!", "Hebat?!", "(Dia datang.)", "Ya."}));
}

TEST(Segment, TokenRangesMatchSpans) {
  const std::string text = "Satu dua. Tiga empat lima.";
  auto l = analyzer().analyze(text);
  ASSERT_EQ(l.sentences.size(), 2u);
  EXPECT_EQ(l.sentences[0].first_token, 0u);
  EXPECT_EQ(l.sentences[0].end_token, 3u);
  EXPECT_EQ(l.sentences[1].first_token, 3u);
  EXPECT_EQ(l.sentences[1].end_token, 7u);
}

}  // namespace
}  // namespace kabar::text
