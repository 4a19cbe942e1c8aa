#include "kabar/text/langid.h"

#include <gtest/gtest.h>

#include "text_test_util.h"

namespace kabar::text {
namespace {

const LanguageIdentifier& li() { return testing::analyzer().language_identifier(); }

// Sentences written for these tests.
constexpr const char* kIndonesian =
    "Pemerintah mengatakan bahwa harga beras tidak akan naik karena pasokan dari petani masih "
    "cukup. Menurut menteri, masyarakat bisa membeli beras di pasar dengan harga yang wajar dan "
    "uang bantuan akan dibagikan kepada keluarga miskin pekan depan.";
constexpr const char* kMalay =
    "Kerajaan berkata bahawa harga beras tidak akan naik kerana bekalan daripada petani masih "
    "mencukupi. Menurut menteri, rakyat boleh membeli beras di pasar dengan harga yang berpatutan "
    "dan wang bantuan akan diagihkan kepada keluarga miskin minggu hadapan.";
constexpr const char* kEnglish =
    "The government said that the price of rice would not rise because supplies from farmers "
    "remain sufficient, and that cash assistance would be handed out to poor families next week.";

TEST(LangId, Indonesian) {
  auto g = li().identify(kIndonesian);
  EXPECT_EQ(g.code, "id");
  EXPECT_GT(g.confidence, 0.5);
  EXPECT_LE(g.confidence, 1.0);
}

TEST(LangId, Malay) {
  auto g = li().identify(kMalay);
  EXPECT_EQ(g.code, "ms");
  EXPECT_GT(g.confidence, 0.0);
}

TEST(LangId, English) {
  auto g = li().identify(kEnglish);
  EXPECT_EQ(g.code, "en");
  EXPECT_TRUE(g.reliable);
}

TEST(LangId, EmptyAndNonText) {
  for (const char* s : {"", "   ", "12345 678", "!!! ???"}) {
    auto g = li().identify(s);
    EXPECT_EQ(g.code, "und") << s;
    EXPECT_EQ(g.confidence, 0.0);
    EXPECT_FALSE(g.reliable);
  }
}

TEST(LangId, ShortTextDoesNotCrash) {
  auto g = li().identify("Halo");
  EXPECT_FALSE(g.code.empty());
  EXPECT_GE(g.confidence, 0.0);
  EXPECT_LE(g.confidence, 1.0);
}

TEST(LangId, MarkerVotes) {
  auto [id, ms] = li().id_ms_votes("karena uang pemerintah kerana wang");
  EXPECT_EQ(id, 3);
  EXPECT_EQ(ms, 2);
  auto [id2, ms2] = li().id_ms_votes("Karenanya uang Wang");  // whole lower-case words only
  EXPECT_EQ(id2, 1);
  EXPECT_EQ(ms2, 0);
}

TEST(LangId, FreeFunctionUsesDataDir) {
  EXPECT_EQ(identify_language(kIndonesian).code, "id");
  EXPECT_EQ(identify_language("").code, "und");
}

TEST(LangId, LoadFailsForMissingDir) {
  auto r = LanguageIdentifier::load("/nonexistent/kabar-data");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("id_ms_markers.tsv"), std::string::npos);
}

}  // namespace
}  // namespace kabar::text
