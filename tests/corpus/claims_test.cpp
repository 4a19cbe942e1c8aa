#include "kabar/corpus/claims.h"

#include <gtest/gtest.h>

#include "kabar/extract/quantities.h"
#include "kabar/text/analyzer.h"

namespace kabar::corpus {
namespace {

using extract::Qualifier;

class ClaimsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto b = ClaimBuilder::load(KABAR_SOURCE_DATA_DIR);
    ASSERT_TRUE(b) << b.error().message;
    builder_ = new ClaimBuilder(std::move(*b));
    auto a = extract::QuantityAnnotator::load(KABAR_SOURCE_DATA_DIR);
    ASSERT_TRUE(a) << a.error().message;
    annotator_ = new extract::QuantityAnnotator(std::move(*a));
    auto t = text::TextAnalyzer::load(KABAR_SOURCE_DATA_DIR);
    ASSERT_TRUE(t) << t.error().message;
    text_ = new text::TextAnalyzer(std::move(*t));
  }
  /// A document with text layers and quantities; other layers empty.
  static extract::Analysis doc(std::string text, std::string published, std::string outlet) {
    extract::Analysis a;
    a.doc.text = std::move(text);
    a.text = text_->analyze(a.doc.text);
    a.published.date = std::move(published);
    a.provenance.outlet = std::move(outlet);
    annotator_->annotate(a, a.quantities);
    return a;
  }
  /// A document with one hand-made count quantity.
  static extract::Analysis one(double v, Qualifier q, std::string date, std::string unit = "tentara") {
    extract::Analysis a;
    a.doc.text = "x " + unit + " Korea Utara";
    extract::Quantity k;
    k.span = {0, uint32_t(a.doc.text.size())};
    k.value = v;
    k.qualifier = q;
    k.unit = unit + " Korea Utara";
    k.unit_head = unit;
    k.date = std::move(date);
    a.quantities.push_back(k);
    return a;
  }
  static inline ClaimBuilder* builder_ = nullptr;
  static inline extract::QuantityAnnotator* annotator_ = nullptr;
  static inline text::TextAnalyzer* text_ = nullptr;
};

// The three seed articles' troop counts, as short excerpts.
TEST_F(ClaimsTest, SeedTroopCountsFormOneClaim) {
  std::vector<extract::Analysis> docs;
  docs.push_back(doc("AS dan Korea Selatan mengatakan bahwa Pyongyang mengirimkan sekitar 10.000 tentara "
                     "untuk membantu Rusia. Pejabat di Washington mengatakan pada hari Kamis bahwa sekitar "
                     "8.000 telah dikerahkan ke wilayah Kursk di Rusia. Dinas intelijen menghitung bahwa "
                     "Pyongyang telah mengirimkan sekitar 8 juta peluru artileri buatan Korea Utara.",
                     "2024-10-31", "Outlet A"));
  docs.push_back(doc("Kunjungan Lavrov terjadi di tengah laporan media tentang kemungkinan pengiriman "
                     "tambahan hingga 30.000 tentara Korea Utara ke Rusia. Menurut perkiraan dinas "
                     "intelijen Ukraina, total sekitar 14.000 tentara dari Korea Utara bertempur di "
                     "wilayah tersebut.",
                     "2025-07-12", "Outlet B"));
  docs.push_back(doc("Putin telah memperdalam hubungan dengan Korea Utara sejak mengirim pasukan ke Ukraina "
                     "pada 2022.",
                     "2024-01-17", "Outlet C"));
  auto claims = builder_->build(docs, EntityIndex{});
  ASSERT_EQ(claims.size(), 1u);
  const Claim& c = claims[0];
  EXPECT_EQ(c.id, "C1");
  EXPECT_EQ(c.unit, "tentara");
  EXPECT_EQ(c.topic, "tentara Korea Utara");
  ASSERT_EQ(c.values.size(), 4u);
  // Ordered by date: the 2024 figures, then 2025.
  EXPECT_EQ(c.values[0].value, 10000);
  EXPECT_EQ(c.values[0].source, "AS dan Korea Selatan");
  EXPECT_EQ(c.values[1].value, 8000);
  EXPECT_EQ(c.values[1].part_of, 0);  // deployed to Kursk: a part of the 10.000
  EXPECT_EQ(c.values[2].value, 30000);
  EXPECT_EQ(c.values[2].qualifier, Qualifier::kAtMost);
  EXPECT_EQ(c.values[2].source, "laporan media");
  EXPECT_EQ(c.values[3].value, 14000);
  EXPECT_EQ(c.values[3].source, "dinas intelijen Ukraina");
  EXPECT_EQ(c.values[3].date, "2025-07-12");
  // ≈10.000 (2024) vs ≈14.000 (2025) cannot both hold, but nine months apart: an evolution.
  EXPECT_TRUE(c.conflict);
  EXPECT_TRUE(c.evolution);
  std::string table = format_claims_table(claims, {"a.txt", "b.txt", "c.txt"});
  EXPECT_NE(table.find("C1  tentara Korea Utara"), std::string::npos) << table;
  EXPECT_NE(table.find("\xE2\x89\x88" "10.000"), std::string::npos) << table;
}

TEST_F(ClaimsTest, QualifiersDecideCompatibility) {
  // "setidaknya 8.000" is compatible with 10.000.
  auto c1 = builder_->build({one(8000, Qualifier::kAtLeast, "2024-10-31"), one(10000, Qualifier::kExact, "2024-11-01")}, {});
  ASSERT_EQ(c1.size(), 1u);
  EXPECT_FALSE(c1[0].conflict);
  // 3.000 and 10.000 at the same time are not.
  auto c2 = builder_->build({one(3000, Qualifier::kExact, "2024-10-31"), one(10000, Qualifier::kExact, "2024-11-02")}, {});
  ASSERT_EQ(c2.size(), 1u);
  EXPECT_TRUE(c2[0].conflict);
  EXPECT_FALSE(c2[0].evolution);
  // Approximate values within ±15 % agree.
  auto c3 = builder_->build({one(10000, Qualifier::kApprox, "2024-10-31"), one(11000, Qualifier::kExact, "2024-10-31")}, {});
  ASSERT_EQ(c3.size(), 1u);
  EXPECT_FALSE(c3[0].conflict);
  // "kurang dari 5.000" vs "lebih dari 6.000".
  auto c4 = builder_->build({one(5000, Qualifier::kLessThan, ""), one(6000, Qualifier::kMoreThan, "")}, {});
  ASSERT_EQ(c4.size(), 1u);
  EXPECT_TRUE(c4[0].conflict);
}

TEST_F(ClaimsTest, SynonymsAndDifferentThings) {
  // pasukan = tentara; rudal ≠ tentara.
  auto c = builder_->build({one(500, Qualifier::kExact, "2024-01-01", "pasukan"),
                            one(500, Qualifier::kExact, "2024-01-01", "tentara"),
                            one(500, Qualifier::kExact, "2024-01-01", "rudal")},
                           {});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].values.size(), 2u);
  EXPECT_EQ(c[0].unit, "tentara");
}

TEST_F(ClaimsTest, OneDocumentOneValueIsNoClaim) {
  EXPECT_TRUE(builder_->build({one(500, Qualifier::kExact, "2024-01-01")}, {}).empty());
  // Two agreeing values inside one document are no claim either.
  auto a = one(500, Qualifier::kExact, "2024-01-01");
  a.quantities.push_back(a.quantities[0]);
  EXPECT_TRUE(builder_->build({a}, {}).empty());
  // But a contradiction inside one document is.
  a.quantities[1].value = 5000;
  auto c = builder_->build({a}, {});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_TRUE(c[0].conflict);
}

TEST_F(ClaimsTest, IdsFollowFirstDocument) {
  auto b1 = one(70, Qualifier::kExact, "2024-01-01", "rudal");
  auto b2 = one(70, Qualifier::kExact, "2024-01-01", "rudal");
  std::vector<extract::Analysis> docs = {one(500, Qualifier::kExact, "2024-01-01"), b1,
                                         one(500, Qualifier::kExact, "2024-01-01"), b2};
  auto c = builder_->build(docs, {});
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].id, "C1");
  EXPECT_EQ(c[0].unit, "tentara");
  EXPECT_EQ(c[1].id, "C2");
  EXPECT_EQ(c[1].unit, "rudal");
  EXPECT_EQ(format_claim_value(c[0].values[0]), "500");
}

}  // namespace
}  // namespace kabar::corpus
