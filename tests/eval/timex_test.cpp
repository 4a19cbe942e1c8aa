#include <gtest/gtest.h>

#include <filesystem>

#include "kabar/eval/timex.h"

namespace kabar::eval {
namespace {

const std::filesystem::path kTimex = std::filesystem::path(KABAR_SHARED_DIR) / "data" / "timex-indotimex";

TEST(EvalTimex, MissingFolderIsAnError) {
  auto r = timex("/nonexistent-timex", KABAR_SOURCE_DATA_DIR);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("/nonexistent-timex"), std::string::npos);
}

TEST(EvalTimex, KompasFiguresAboveFloor) {
  if (!std::filesystem::exists(kTimex)) GTEST_SKIP() << "../shared not found: skipped";
  auto r = timex(kTimex, KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& j = r->figures;
  for (const char* k : {"strict", "relaxed"}) {
    const double f = j["recognition"][k]["f1"];
    EXPECT_GE(f, 0.0);
    EXPECT_LE(f, 1.0);
  }
  EXPECT_GE(j["recognition"]["relaxed"]["f1"].get<double>(), 0.85);
  EXPECT_GE(j["normalisation"]["f1"].get<double>(), 0.75);
  EXPECT_GE(j["dct_inference"]["accuracy"].get<double>(), 0.5);
  EXPECT_FALSE(r->table.empty());
  // the subfolder directly gives the same figures
  auto r2 = timex(kTimex / "Kompas_test_gold", KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->figures["recognition"], j["recognition"]);
}

}  // namespace
}  // namespace kabar::eval
