// The entity annotator on hand-written news text: model + gazetteer + roles + capitals.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "kabar/extract/entities.h"
#include "kabar/text/analyzer.h"

namespace kabar::extract {
namespace {

const std::filesystem::path kData = KABAR_SOURCE_DATA_DIR;

const EntityRecognizer& recognizer() {
  static const EntityRecognizer r = [] {
    auto x = EntityRecognizer::load(kData);
    if (!x) {
      ADD_FAILURE() << x.error().message;
      std::abort();
    }
    return std::move(x).value();
  }();
  return r;
}

Analysis analyze(const std::string& text) {
  static const text::TextAnalyzer a = [] {
    auto r = text::TextAnalyzer::load(kData);
    if (!r) std::abort();
    return std::move(r).value();
  }();
  Analysis an;
  an.doc.text = text;
  an.text = a.analyze(an.doc.text);
  recognizer().annotate(an, an.entities);
  return an;
}

const EntityMention* find(const Analysis& a, const std::string& text) {
  for (const auto& m : a.entities) {
    if (m.text == text) return &m;
  }
  return nullptr;
}

std::string dump(const Analysis& a) {
  std::string s;
  for (const auto& m : a.entities) {
    s += m.text + "[" + std::to_string(m.span.start) + "," + std::to_string(m.span.end) + "]/" +
         to_string(m.type);
    if (m.role) s += " role=" + *m.role;
    if (m.linked_country) s += " country=" + *m.linked_country;
    s += "\n";
  }
  return s;
}

TEST(EntityRecognizer, LoadsFromDataDir) {
  auto bad = EntityRecognizer::load("/nonexistent-kabar-data");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("nonexistent-kabar-data"), std::string::npos);
}

TEST(EntityRecognizer, PeopleWithRoles) {
  const Analysis a = analyze(
      "Menteri Luar Negeri Rusia Sergei Lavrov bertemu dengan Menteri Luar Negeri Korea Utara "
      "Choe Son Hui di Moskow pada Jumat. Juru bicara Kremlin Dmitry Peskov mengatakan Presiden "
      "Vladimir Putin akan menerima pemimpin Korea Utara Kim Jong Un.");
  SCOPED_TRACE(dump(a));
  const EntityMention* lavrov = find(a, "Sergei Lavrov");
  ASSERT_NE(lavrov, nullptr);
  EXPECT_EQ(lavrov->type, EntityType::kPer);
  ASSERT_TRUE(lavrov->role.has_value());
  EXPECT_EQ(*lavrov->role, "Menteri Luar Negeri Rusia");
  EXPECT_EQ(lavrov->span.start, a.doc.text.find("Sergei"));
  ASSERT_TRUE(lavrov->role_span.has_value());
  EXPECT_EQ(lavrov->role_span->start, 0u);

  const EntityMention* choe = find(a, "Choe Son Hui");
  ASSERT_NE(choe, nullptr);
  EXPECT_EQ(choe->type, EntityType::kPer);
  ASSERT_TRUE(choe->role.has_value());
  EXPECT_EQ(*choe->role, "Menteri Luar Negeri Korea Utara");

  const EntityMention* peskov = find(a, "Dmitry Peskov");
  ASSERT_NE(peskov, nullptr);
  EXPECT_EQ(peskov->type, EntityType::kPer);
  ASSERT_TRUE(peskov->role.has_value());
  EXPECT_EQ(*peskov->role, "Juru bicara Kremlin");

  const EntityMention* putin = find(a, "Vladimir Putin");
  ASSERT_NE(putin, nullptr);
  EXPECT_EQ(putin->type, EntityType::kPer);
  ASSERT_TRUE(putin->role.has_value());
  EXPECT_EQ(*putin->role, "Presiden");

  const EntityMention* kim = find(a, "Kim Jong Un");
  ASSERT_NE(kim, nullptr);
  EXPECT_EQ(kim->type, EntityType::kPer);

  const EntityMention* moskow = find(a, "Moskow");
  ASSERT_NE(moskow, nullptr);
  EXPECT_EQ(moskow->type, EntityType::kLoc);
  ASSERT_TRUE(moskow->linked_country.has_value());
  EXPECT_EQ(*moskow->linked_country, "Rusia");
  for (const auto& m : a.entities) {
    EXPECT_GE(m.score, 0.0f);
    EXPECT_LE(m.score, 1.0f);
    EXPECT_EQ(a.doc.text.substr(m.span.start, m.span.end - m.span.start), m.text);
  }
}

TEST(EntityRecognizer, RoleBodyNameKeepsThePerson) {
  // "Jabatan Organisasi Nama": the body chunk must not swallow the name after it.
  const Analysis a = analyze(
      "Direktur Utama Perumda Pasar Jaya Makmur Hendra Wiratama menjelaskan, renovasi los "
      "pedagang akan selesai bulan depan.");
  SCOPED_TRACE(dump(a));
  const EntityMention* p = find(a, "Hendra Wiratama");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->type, EntityType::kPer);
  ASSERT_TRUE(p->role.has_value());
  EXPECT_EQ(p->role->rfind("Direktur Utama", 0), 0u);
  const EntityMention* body = find(a, "Perumda Pasar Jaya Makmur");
  ASSERT_NE(body, nullptr);
  EXPECT_EQ(body->type, EntityType::kOrg);
}

TEST(EntityRecognizer, PlacesAndAcronyms) {
  const Analysis a = analyze(
      "Pasukan Ukraina masih bertahan di wilayah Kursk, Rusia. Sekretaris Jenderal PBB meminta "
      "semua pihak menahan diri, menurut kantor berita TASS dan KCNA.");
  SCOPED_TRACE(dump(a));
  const EntityMention* kursk = find(a, "Kursk");
  ASSERT_NE(kursk, nullptr);
  EXPECT_EQ(kursk->type, EntityType::kLoc);
  const EntityMention* rusia = find(a, "Rusia");
  ASSERT_NE(rusia, nullptr);
  EXPECT_EQ(rusia->type, EntityType::kLoc);
  const EntityMention* pbb = find(a, "PBB");
  ASSERT_NE(pbb, nullptr);
  EXPECT_EQ(pbb->type, EntityType::kOrg);
  EXPECT_NE(find(a, "TASS"), nullptr);
  EXPECT_NE(find(a, "KCNA"), nullptr);
}

TEST(EntityRecognizer, NoEntitiesInPlainLowercaseText) {
  const Analysis a = analyze("harga beras naik lagi minggu ini dan warga mengeluh.");
  EXPECT_TRUE(a.entities.empty()) << dump(a);
}

TEST(EntityRecognizer, SurvivesOddInput) {
  for (const std::string& text : {std::string(), std::string("   "), std::string("\xff\xfe AS"),
                                 std::string(5000, 'A'), std::string("( ) \" , . Presiden")}) {
    const Analysis a = analyze(text);
    for (const auto& m : a.entities) {
      EXPECT_LE(m.span.end, a.doc.text.size());
      EXPECT_LT(m.span.start, m.span.end);
    }
  }
}

}  // namespace
}  // namespace kabar::extract
