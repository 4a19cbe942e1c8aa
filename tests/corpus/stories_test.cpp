#include "kabar/corpus/stories.h"

#include <gtest/gtest.h>

#include "corpus_test_util.h"

using kabar::test::analysis;

namespace {

kabar::corpus::StoryBuilder builder() { return *kabar::corpus::StoryBuilder::load(KABAR_SOURCE_DATA_DIR); }

const char* kFloodA =
    "Banjir bandang menerjang Kabupaten Kerinci, Jambi. Sungai meluap setelah hujan deras dan merendam "
    "ratusan rumah warga di empat kecamatan. Badan penanggulangan bencana mencatat tiga warga meninggal.";
const char* kFloodB =
    "Korban meninggal akibat banjir bandang di Kerinci, Jambi, bertambah. Badan penanggulangan bencana "
    "menyebut ratusan rumah warga terendam setelah sungai meluap karena hujan deras di empat kecamatan.";
const char* kWage =
    "Pemerintah provinsi menetapkan upah minimum tahun depan naik enam persen. Serikat buruh menilai "
    "kenaikan upah itu belum cukup menutup kenaikan harga kebutuhan pokok, sementara pengusaha keberatan.";
const char* kWage2 =
    "Serikat buruh berunjuk rasa menolak penetapan upah minimum yang hanya naik enam persen. Mereka "
    "menuntut kenaikan upah sepuluh persen karena harga kebutuhan pokok terus naik.";

}  // namespace

TEST(Stories, SameHappeningFormsOneEventOtherTopicsOthers) {
  std::vector<kabar::extract::Analysis> docs{analysis(kFloodA, "a", "2024-03-04"), analysis(kWage, "b", "2024-03-04"),
                                             analysis(kFloodB, "c", "2024-03-05"), analysis(kWage2, "d", "2024-03-06")};
  kabar::corpus::EntityIndex none;
  none.of_mention.resize(docs.size());
  auto stories = builder().build(docs, none, {});
  ASSERT_EQ(stories.size(), 2u);
  EXPECT_EQ(stories[0].documents, (std::vector<int>{0, 2}));
  EXPECT_EQ(stories[1].documents, (std::vector<int>{1, 3}));
  EXPECT_EQ(stories[0].id, "S1");
  EXPECT_FALSE(stories[0].summary.empty());
  EXPECT_LE(stories[0].summary.size(), 5u);
  for (const auto& s : stories[0].summary) EXPECT_TRUE(s.document == 0 || s.document == 2);
}

TEST(Stories, SameTopicMonthsApartIsANewEventOfTheSameStory) {
  std::vector<kabar::extract::Analysis> docs{analysis(kFloodA, "a", "2024-03-04"), analysis(kFloodB, "b", "2024-09-20")};
  kabar::corpus::EntityIndex none;
  none.of_mention.resize(docs.size());
  auto stories = builder().build(docs, none, {});
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].events.size(), 2u);
}

TEST(Stories, TimelineIsSortedAndSummaryCitesDocuments) {
  auto a = analysis(kFloodA, "a", "2024-03-04");
  a.timeline.push_back({"2024-03-04", kabar::extract::Grain::kDay, a.text.sentences[0].span, -1});
  auto b = analysis(kFloodB, "b", "2024-03-05");
  b.timeline.push_back({"2024-03-03", kabar::extract::Grain::kDay, b.text.sentences[0].span, -1});
  std::vector<kabar::extract::Analysis> docs{a, b};
  kabar::corpus::EntityIndex none;
  none.of_mention.resize(docs.size());
  auto stories = builder().build(docs, none, {});
  ASSERT_EQ(stories.size(), 1u);
  ASSERT_EQ(stories[0].timeline.size(), 2u);
  EXPECT_EQ(stories[0].timeline[0].date, "2024-03-03");
  EXPECT_EQ(stories[0].timeline[0].document, 1);
}

TEST(Stories, SingleDocumentSummaryPicksCentralSentences) {
  auto a = analysis(std::string(kFloodA) + " " + kFloodB, "a");
  auto s = builder().summarize(a, 2);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_LT(s[0].span.start, s[1].span.start);
}
