// `kabar eval ner`: conlleval-style counting, and the quality floors on the public sets.
#include <gtest/gtest.h>

#include <filesystem>

#include "kabar/eval/ner.h"
#include "kabar/extract/ner.h"

namespace kabar::eval {
namespace {

using extract::EntityType;
using extract::kTagO;
using extract::ner_begin;
using extract::ner_inside;

const std::filesystem::path kShared = KABAR_SHARED_DIR;
const std::filesystem::path kData = KABAR_SOURCE_DATA_DIR;
constexpr unsigned kAll = 0xF;

TEST(NerCounts, ExactSpanAndType) {
  const uint8_t BP = ner_begin(EntityType::kPer), IP = ner_inside(EntityType::kPer);
  const uint8_t BL = ner_begin(EntityType::kLoc), BO = ner_begin(EntityType::kOrg);
  NerCounts c;
  // gold: [PER 0-2) [LOC 3]; pred: [PER 0-2) [ORG 3] → 1 tp, 1 fp (ORG), 1 fn (LOC).
  c.add({BP, IP, kTagO, BL}, {BP, IP, kTagO, BO}, kAll);
  // gold PER 0-2, pred PER 0-1 + PER 1-2 (split): 0 tp, 2 fp, 1 fn.
  c.add({BP, IP}, {BP, BP}, kAll);
  // A stray I- starts a chunk (conlleval): gold I-PER I-PER == B-PER I-PER.
  c.add({IP, IP}, {BP, IP}, kAll);
  EXPECT_EQ(c.tp[int(EntityType::kPer)], 2u);
  EXPECT_EQ(c.fp[int(EntityType::kPer)], 2u);
  EXPECT_EQ(c.fn[int(EntityType::kPer)], 1u);
  EXPECT_EQ(c.fp[int(EntityType::kOrg)], 1u);
  EXPECT_EQ(c.fn[int(EntityType::kLoc)], 1u);
  const auto f = c.figures(kAll);
  EXPECT_NEAR(f["precision"].get<double>(), 2.0 / 5.0, 1e-9);
  EXPECT_NEAR(f["recall"].get<double>(), 2.0 / 4.0, 1e-9);
  EXPECT_NEAR(f["f1"].get<double>(), 2 * 0.4 * 0.5 / 0.9, 1e-9);
  EXPECT_TRUE(f["by_type"].contains("MISC"));
  // Types outside the mask are ignored on both sides.
  const unsigned no_org = kAll & ~(1u << int(EntityType::kOrg));
  const auto g = c.figures(no_org);
  EXPECT_FALSE(g["by_type"].contains("ORG"));
  EXPECT_NEAR(g["precision"].get<double>(), 2.0 / 4.0, 1e-9);
  NerCounts masked;
  masked.add({BP, IP, kTagO, BL}, {BP, IP, kTagO, BO}, no_org);
  EXPECT_EQ(masked.fp[int(EntityType::kOrg)], 0u);
}

TEST(EvalNer, MissingFolderIsAnError) {
  auto r = ner("/nonexistent/ner-set", kData);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("nonexistent"), std::string::npos);
}

bool have_shared() { return std::filesystem::exists(kShared / "data" / "ner-indonlu"); }

double f1_of(const std::filesystem::path& set) {
  auto r = ner(set, kData);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (!r.ok()) return 0;
  std::printf("%s\n", r->table.c_str());
  EXPECT_TRUE(r->figures.contains("by_type"));
  return r->figures["f1"].get<double>();
}

TEST(EvalNer, NergritFloor) {
  if (!have_shared()) GTEST_SKIP() << kShared << " not found: skipped";
  EXPECT_GE(f1_of(kShared / "data/ner-indonlu/nergrit"), 0.70);
}

TEST(EvalNer, NerpFloor) {
  if (!have_shared()) GTEST_SKIP() << kShared << " not found: skipped";
  EXPECT_GE(f1_of(kShared / "data/ner-indonlu/nerp"), 0.72);
}

TEST(EvalNer, NeruiFoldsFloor) {
  if (!have_shared()) GTEST_SKIP() << kShared << " not found: skipped";
  auto r = ner(kShared / "data/ner-indolem/nerui", kData);
  ASSERT_TRUE(r.ok()) << r.error().message;
  std::printf("%s\n", r->table.c_str());
  ASSERT_TRUE(r->figures.contains("folds"));
  EXPECT_EQ(r->figures["folds"].size(), 5u);
  EXPECT_GE(r->figures["f1"].get<double>(), 0.82);
}

}  // namespace
}  // namespace kabar::eval
