#include "kabar/corpus/entities.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "kabar/core/hash.h"

namespace kabar::corpus {
namespace {

using extract::EntityType;

struct M {
  std::string text;
  EntityType type;
  std::string role = {};
  std::string country = {};
};

// A hand-built analysis: the mentions are found in `text` left to right.
extract::Analysis doc(const std::string& text, const std::vector<M>& mentions) {
  extract::Analysis a;
  a.doc.text = text;
  a.doc.id = content_id(text);
  size_t from = 0;
  for (const M& m : mentions) {
    size_t at = text.find(m.text, from);
    EXPECT_NE(at, std::string::npos) << m.text;
    if (at == std::string::npos) continue;
    extract::EntityMention e;
    e.span = {static_cast<uint32_t>(at), static_cast<uint32_t>(at + m.text.size())};
    e.type = m.type;
    e.text = m.text;
    if (!m.role.empty()) e.role = m.role;
    if (!m.country.empty()) e.linked_country = m.country;
    a.entities.push_back(e);
    from = at + m.text.size();
  }
  return a;
}

const EntityResolver& resolver() {
  static const EntityResolver r = [] {
    auto x = EntityResolver::load(KABAR_SOURCE_DATA_DIR);
    EXPECT_TRUE(x.ok()) << (x.ok() ? "" : x.error().message);
    return *x;
  }();
  return r;
}

const EntityCluster& cluster_of(const EntityIndex& ix, size_t d, size_t m) {
  int c = ix.of_mention.at(d).at(m);
  EXPECT_GE(c, 0);
  return ix.clusters.at(c < 0 ? 0 : c);
}

bool has_variant(const EntityCluster& c, const std::string& v) {
  return std::find(c.variants.begin(), c.variants.end(), v) != c.variants.end();
}

constexpr auto P = EntityType::kPer;
constexpr auto O = EntityType::kOrg;
constexpr auto L = EntityType::kLoc;

TEST(EntityResolver, SurnamesJoinTheUniqueFullNameAcrossDocuments) {
  std::vector<extract::Analysis> docs = {
      doc("Menteri Luar Negeri Rusia Sergei Lavrov bertemu Choe Son Hui di Moskow.",
          {{"Sergei Lavrov", P, "Menteri Luar Negeri Rusia"}, {"Choe Son Hui", P}, {"Moskow", L}}),
      doc("Lavrov mengatakan Choe membawa pesan. Sergey Lavrov lalu pergi.",
          {{"Lavrov", P}, {"Choe", P}, {"Sergey Lavrov", P}}),
  };
  EntityIndex ix = resolver().resolve(docs);
  ASSERT_EQ(ix.of_mention.size(), 2u);
  ASSERT_EQ(ix.of_mention[1].size(), 3u);
  const EntityCluster& lavrov = cluster_of(ix, 0, 0);
  EXPECT_EQ(lavrov.name, "Sergei Lavrov");  // gazetteer canonical
  EXPECT_EQ(ix.of_mention[1][0], ix.of_mention[0][0]);
  EXPECT_EQ(ix.of_mention[1][2], ix.of_mention[0][0]);
  EXPECT_TRUE(has_variant(lavrov, "Lavrov"));
  EXPECT_TRUE(has_variant(lavrov, "Sergey Lavrov"));
  EXPECT_EQ(lavrov.mentions, 3);
  EXPECT_EQ(lavrov.documents.size(), 2u);
  EXPECT_EQ(lavrov.role.value_or(""), "Menteri Luar Negeri Rusia");
  EXPECT_EQ(lavrov.id, "E1");
  EXPECT_EQ(cluster_of(ix, 0, 1).id, "E2");
  EXPECT_EQ(ix.of_mention[1][1], ix.of_mention[0][1]);  // Choe → Choe Son Hui
  EXPECT_EQ(cluster_of(ix, 0, 2).id, "E3");
}

TEST(EntityResolver, PartialNameOfAPersonNotInTheGazetteer) {
  std::vector<extract::Analysis> docs = {
      doc("Analis Budi Santoso Wiryawan menilai hal itu. Menurut Wiryawan, ...",
          {{"Budi Santoso Wiryawan", P, "analis"}, {"Wiryawan", P}}),
      doc("Budi menambahkan.", {{"Budi", P}}),
  };
  EntityIndex ix = resolver().resolve(docs);
  EXPECT_EQ(ix.clusters.size(), 1u);
  EXPECT_EQ(ix.clusters[0].name, "Budi Santoso Wiryawan");
  EXPECT_EQ(ix.clusters[0].mentions, 3);
}

TEST(EntityResolver, ShortAndLongFormsOfAFullName) {
  std::vector<extract::Analysis> docs = {
      doc("Andi Wijaya Kusumo berkata.", {{"Andi Wijaya Kusumo", P}}),
      doc("Andi Kusumo menambahkan. Andi Pratama tidak.", {{"Andi Kusumo", P}, {"Andi Pratama", P}}),
  };
  EntityIndex ix = resolver().resolve(docs);
  EXPECT_EQ(ix.of_mention[0][0], ix.of_mention[1][0]);
  EXPECT_EQ(cluster_of(ix, 1, 0).name, "Andi Wijaya Kusumo");
  EXPECT_NE(ix.of_mention[1][1], ix.of_mention[1][0]);
}

TEST(EntityResolver, TransliterationsFoldTogether) {
  std::vector<extract::Analysis> docs = {
      doc("Dmitriy Peskovich dan Oleksandr Zelenskyi hadir.", {{"Dmitriy Peskovich", P}, {"Oleksandr Zelenskyi", P}}),
      doc("Dmitry Peskovich berkata. Oleksandr Zelensky juga.", {{"Dmitry Peskovich", P}, {"Oleksandr Zelensky", P}}),
      doc("Kim Jong-un dan Kim Jong Un.", {{"Kim Jong-un", P}, {"Kim Jong Un", P}}),
  };
  EntityIndex ix = resolver().resolve(docs);
  EXPECT_EQ(ix.of_mention[0][0], ix.of_mention[1][0]);
  EXPECT_EQ(ix.of_mention[0][1], ix.of_mention[1][1]);
  EXPECT_NE(ix.of_mention[0][0], ix.of_mention[0][1]);
  EXPECT_EQ(ix.of_mention[2][0], ix.of_mention[2][1]);
  EXPECT_EQ(cluster_of(ix, 2, 0).name, "Kim Jong Un");
  EXPECT_EQ(resolver().fold("Menlu Sergey Lavrov"), "sergei lavrov");
  EXPECT_EQ(resolver().fold("Zelenskyy"), resolver().fold("Zelensky"));
  EXPECT_EQ(resolver().fold("Soekarno"), resolver().fold("Sukarno"));
}

TEST(EntityResolver, GazetteerVariantsAndAbbreviations) {
  std::vector<extract::Analysis> docs = {
      doc("AS dan Korea Selatan menuding Korut. Amerika Serikat menolak. PBB diam.",
          {{"AS", L}, {"Korea Selatan", L}, {"Korut", L}, {"Amerika Serikat", L}, {"PBB", O}}),
      doc("Perserikatan Bangsa-Bangsa dan Korea Utara serta Korsel.",
          {{"Perserikatan Bangsa-Bangsa", O}, {"Korea Utara", L}, {"Korsel", L}}),
  };
  EntityIndex ix = resolver().resolve(docs);
  EXPECT_EQ(ix.of_mention[0][0], ix.of_mention[0][3]);
  EXPECT_EQ(cluster_of(ix, 0, 0).name, "Amerika Serikat");
  EXPECT_EQ(ix.of_mention[0][2], ix.of_mention[1][1]);
  EXPECT_EQ(cluster_of(ix, 0, 2).name, "Korea Utara");
  EXPECT_EQ(ix.of_mention[0][1], ix.of_mention[1][2]);
  EXPECT_EQ(ix.of_mention[0][4], ix.of_mention[1][0]);
  EXPECT_EQ(cluster_of(ix, 0, 4).name, "PBB");
  EXPECT_EQ(cluster_of(ix, 0, 4).type, EntityType::kOrg);
}

TEST(EntityResolver, AcronymOfAMultiWordNameInTheCorpus) {
  std::vector<extract::Analysis> docs = {
      doc("Lembaga Riset Kelautan Nusantara merilis data.", {{"Lembaga Riset Kelautan Nusantara", O}}),
      doc("Menurut LRKN, suhu naik.", {{"LRKN", O}}),
  };
  EntityIndex ix = resolver().resolve(docs);
  EXPECT_EQ(ix.clusters.size(), 1u);
  EXPECT_EQ(ix.clusters[0].name, "Lembaga Riset Kelautan Nusantara");
  EXPECT_TRUE(has_variant(ix.clusters[0], "LRKN"));
}

TEST(EntityResolver, CapitalsStayLocationsButCarryTheirCountry) {
  std::vector<extract::Analysis> docs = {
      doc("Pyongyang membantah. Moskow dan Washington diam. Kremlin menolak.",
          {{"Pyongyang", L}, {"Moskow", O}, {"Washington", L}, {"Kremlin", O}}),
      doc("Moscow dan Moskwa.", {{"Moscow", L}, {"Moskwa", L}}),
  };
  EntityIndex ix = resolver().resolve(docs);
  const auto& py = cluster_of(ix, 0, 0);
  EXPECT_EQ(py.type, EntityType::kLoc);
  EXPECT_EQ(py.country.value_or(""), "Korea Utara");
  const auto& mos = cluster_of(ix, 0, 1);
  EXPECT_EQ(mos.type, EntityType::kLoc);
  EXPECT_EQ(mos.name, "Moskwa");
  EXPECT_EQ(mos.country.value_or(""), "Rusia");
  EXPECT_EQ(ix.of_mention[1][0], ix.of_mention[0][1]);
  EXPECT_EQ(ix.of_mention[1][1], ix.of_mention[0][1]);
  EXPECT_EQ(cluster_of(ix, 0, 2).country.value_or(""), "Amerika Serikat");
  EXPECT_EQ(cluster_of(ix, 0, 3).country.value_or(""), "Rusia");
  EXPECT_EQ(cluster_of(ix, 0, 3).type, EntityType::kOrg);
}

TEST(EntityResolver, LinkedCountryFromTheRecogniser) {
  std::vector<extract::Analysis> docs = {
      doc("Kota Fiktifgrad menuding.", {{"Fiktifgrad", L, "", "Fiktivia"}}),
  };
  EntityIndex ix = resolver().resolve(docs);
  EXPECT_EQ(ix.clusters.at(0).country.value_or(""), "Fiktivia");
}

TEST(EntityResolver, AmbiguousSurnamePrefersTheMostRecentFullNameInTheDocument) {
  std::vector<extract::Analysis> docs = {
      doc("Kim Jong Un memimpin rapat. Kim Yo Jong menyatakan... Kim menambahkan.",
          {{"Kim Jong Un", P}, {"Kim Yo Jong", P}, {"Kim", P}}),
      doc("Kim Jong Un hadir. Kim Jong Un bicara. Kim Yo Jong juga. Kim tersenyum.",
          {{"Kim Jong Un", P}, {"Kim Jong Un", P}, {"Kim Yo Jong", P}, {"Kim", P}}),
      doc("Kim tiba di Seoul.", {{"Kim", P}, {"Seoul", L}}),
  };
  EntityIndex ix = resolver().resolve(docs);
  EXPECT_NE(ix.of_mention[0][0], ix.of_mention[0][1]);
  EXPECT_EQ(ix.of_mention[0][2], ix.of_mention[0][1]);  // most recent: Kim Yo Jong
  EXPECT_EQ(ix.of_mention[1][3], ix.of_mention[1][2]);  // most recent again
  // No full name in the document: "Kim" stays on its own.
  EXPECT_NE(ix.of_mention[2][0], ix.of_mention[0][0]);
  EXPECT_NE(ix.of_mention[2][0], ix.of_mention[0][1]);
  EXPECT_EQ(cluster_of(ix, 2, 0).name, "Kim");
}

TEST(EntityResolver, DoesNotMergeDifferentPeopleOrTypes) {
  std::vector<extract::Analysis> docs = {
      doc("Ahmad Yani dan Ahmad Dahlan. Jalan Ahmad Yani. Washington Post. George Washington.",
          {{"Ahmad Yani", P}, {"Ahmad Dahlan", P}, {"Ahmad Yani", L}, {"Washington Post", O},
           {"George Washington", P}}),
      doc("Ahmad berkata.", {{"Ahmad", P}}),
  };
  EntityIndex ix = resolver().resolve(docs);
  EXPECT_NE(ix.of_mention[0][0], ix.of_mention[0][1]);
  EXPECT_NE(ix.of_mention[0][0], ix.of_mention[0][2]);  // person vs street
  EXPECT_NE(ix.of_mention[0][3], ix.of_mention[0][4]);
  // "Ahmad" fits two full names, neither in its document: left alone.
  EXPECT_NE(ix.of_mention[1][0], ix.of_mention[0][0]);
  EXPECT_NE(ix.of_mention[1][0], ix.of_mention[0][1]);
  EXPECT_EQ(ix.clusters.size(), 6u);
}

TEST(EntityResolver, TitlesAndHonorificsAreDroppedFromPersonNames) {
  std::vector<extract::Analysis> docs = {
      doc("Presiden Prabowo Subianto dan Pak Prabowo.", {{"Presiden Prabowo Subianto", P}, {"Pak Prabowo", P}}),
      doc("Menlu Retno Marsudi.", {{"Menlu Retno Marsudi", P}}),
  };
  EntityIndex ix = resolver().resolve(docs);
  EXPECT_EQ(ix.of_mention[0][0], ix.of_mention[0][1]);
  EXPECT_EQ(cluster_of(ix, 0, 0).name, "Prabowo Subianto");
  EXPECT_EQ(cluster_of(ix, 1, 0).name, "Retno Marsudi");
}

TEST(EntityResolver, EveryMentionIsMappedAndIdsFollowFirstAppearance) {
  std::vector<extract::Analysis> docs = {
      doc("Xinhua dan Reuters melaporkan.", {{"Xinhua", O}, {"Reuters", O}}),
      doc("Reuters, AFP, lalu \"Xinhua\".", {{"Reuters", O}, {"AFP", O}, {"\"Xinhua\"", O}}),
      doc("", {}),
  };
  // Mentions out of offset order inside a document still get ids by offset.
  std::swap(docs[0].entities[0], docs[0].entities[1]);
  EntityIndex ix = resolver().resolve(docs);
  ASSERT_EQ(ix.of_mention.size(), 3u);
  EXPECT_TRUE(ix.of_mention[2].empty());
  for (const auto& row : ix.of_mention) {
    for (int c : row) EXPECT_GE(c, 0);
  }
  EXPECT_EQ(ix.clusters[0].name, "Xinhua");
  EXPECT_EQ(ix.clusters[1].name, "Reuters");
  EXPECT_EQ(ix.clusters[2].name, "AFP");
  EXPECT_EQ(ix.of_mention[1][2], ix.of_mention[0][1]);  // quotes trimmed
  // Deterministic.
  EntityIndex again = resolver().resolve(docs);
  ASSERT_EQ(again.clusters.size(), ix.clusters.size());
  for (size_t i = 0; i < ix.clusters.size(); ++i) {
    EXPECT_EQ(again.clusters[i].name, ix.clusters[i].name);
    EXPECT_EQ(again.clusters[i].variants, ix.clusters[i].variants);
  }
  EXPECT_EQ(again.of_mention, ix.of_mention);
}

TEST(EntityResolver, MentionsWithoutLettersAreUnmapped) {
  std::vector<extract::Analysis> docs = {doc("-- ... A.", {{"--", EntityType::kMisc}})};
  EntityIndex ix = resolver().resolve(docs);
  ASSERT_EQ(ix.of_mention[0].size(), 1u);
  EXPECT_EQ(ix.of_mention[0][0], -1);
  EXPECT_TRUE(ix.clusters.empty());
}

TEST(EntityResolver, LoadFailsOnAMissingGazetteer) {
  auto r = EntityResolver::load("/nonexistent-kabar-data");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("entities.tsv"), std::string::npos);
}

}  // namespace
}  // namespace kabar::corpus
