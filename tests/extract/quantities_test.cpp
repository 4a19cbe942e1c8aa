#include "kabar/extract/quantities.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kabar/core/data_dir.h"
#include "kabar/text/analyzer.h"

namespace kabar::extract {
namespace {

namespace fs = std::filesystem;

class QuantitiesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto a = QuantityAnnotator::load(KABAR_SOURCE_DATA_DIR);
    ASSERT_TRUE(a) << a.error().message;
    annotator_ = new QuantityAnnotator(std::move(*a));
    auto t = text::TextAnalyzer::load(KABAR_SOURCE_DATA_DIR);
    ASSERT_TRUE(t) << t.error().message;
    text_ = new text::TextAnalyzer(std::move(*t));
  }
  static Analysis analyse(std::string s) {
    Analysis in;
    in.doc.text = std::move(s);
    in.text = text_->analyze(in.doc.text);
    return in;
  }
  static std::vector<Quantity> run(const Analysis& in) {
    std::vector<Quantity> out;
    annotator_->annotate(in, out);
    return out;
  }
  static inline QuantityAnnotator* annotator_ = nullptr;
  static inline text::TextAnalyzer* text_ = nullptr;
};

std::string number(double v) {
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

/// One quantity as a golden line: `text[s,e]=value[..max] qualifier unit [by="claimant"]`,
/// with `kind:unit` for anything but counts.
std::string line(const Analysis& in, const Quantity& q) {
  std::string s = std::string(q.span.in(in.doc.text)) + "[" + std::to_string(q.span.start) + "," +
                  std::to_string(q.span.end) + "]=" + number(q.value);
  if (q.value_max) s += ".." + number(*q.value_max);
  s += " ";
  s += to_string(q.qualifier);
  s += " ";
  if (q.kind != QuantityKind::kCount) s += std::string(to_string(q.kind)) + ":";
  s += q.unit.empty() ? "-" : q.unit;
  if (q.claimant) s += " by=\"" + *q.claimant + "\"";
  return s;
}

std::vector<std::string> split_blocks(const std::string& all, const std::string& sep) {
  std::vector<std::string> out;
  std::istringstream is(all);
  std::string l, cur;
  while (std::getline(is, l)) {
    if (l == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += l + "\n";
    }
  }
  out.push_back(cur);
  return out;
}

std::string trim_nl(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

TEST_F(QuantitiesTest, Golden) {
  fs::path dir = fs::path(KABAR_TEST_DIR) / "golden" / "quantities";
  ASSERT_TRUE(fs::exists(dir));
  bool update = std::getenv("KABAR_UPDATE_GOLDEN") != nullptr;
  size_t cases = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".test") continue;
    auto all = read_file(e.path());
    ASSERT_TRUE(all) << all.error().message;
    std::string rewritten;
    auto blocks = split_blocks(*all, "====");
    for (size_t b = 0; b < blocks.size(); ++b) {
      auto parts = split_blocks(blocks[b], "----");
      ASSERT_EQ(parts.size(), 2u) << e.path() << " block " << b;
      std::string input = trim_nl(parts[0]);
      Analysis in = analyse(input);
      auto qs = run(in);
      std::string got;
      for (const auto& q : qs) got += line(in, q) + "\n";
      std::string want = parts[1];
      // Each non-empty input line is one case.
      std::istringstream is(input);
      for (std::string l; std::getline(is, l);) cases += !l.empty();
      if (update) {
        rewritten += (b ? "====\n" : "") + input + "\n----\n" + got;
      } else {
        EXPECT_EQ(trim_nl(got), trim_nl(want)) << e.path().filename() << " block " << b << ":\n" << input;
      }
    }
    if (update) std::ofstream(e.path(), std::ios::binary) << rewritten;
  }
  EXPECT_GE(cases, 150u);
}

TEST_F(QuantitiesTest, InsideQuoteTakesSpeaker) {
  Analysis in = analyse("\"Kami mengirim 500 tentara ke sana,\" kata Menteri Pertahanan.");
  Quote q;
  q.span = {1, 34};
  q.speaker = "Menteri Pertahanan";
  in.quotes.push_back(q);
  in.published.date = "2024-10-31";
  auto qs = run(in);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].value, 500);
  EXPECT_EQ(qs[0].unit_head, "tentara");
  EXPECT_EQ(qs[0].quote, 0);
  ASSERT_TRUE(qs[0].claimant);
  EXPECT_EQ(*qs[0].claimant, "Menteri Pertahanan");
  EXPECT_EQ(qs[0].date, "2024-10-31");
}

TEST_F(QuantitiesTest, DateFromSentenceElsePublication) {
  Analysis in = analyse("Pada 3 Maret, sekitar 200 warga mengungsi. Lalu 50 rumah rusak.");
  in.published.date = "2024-03-05";
  // The dates layer as the dates annotator would give it.
  DateMention dm;
  dm.span = {5, 12};
  dm.value = "2024-03-03";
  dm.timex_type = "DATE";
  in.dates.push_back(dm);
  auto qs = run(in);
  ASSERT_EQ(qs.size(), 2u);
  EXPECT_EQ(qs[0].value, 200);
  if (in.text.sentences.size() >= 2) {
    EXPECT_EQ(qs[0].date, "2024-03-03");
    EXPECT_EQ(qs[1].date, "2024-03-05");
  }
  EXPECT_EQ(qs[1].unit_head, "rumah");
}

TEST_F(QuantitiesTest, NowMeansAsOfThePublicationDate) {
  Analysis in = analyse("Kini sekitar 12.000 tentara berada di sana.");
  DateMention dm;
  dm.span = {0, 4};
  dm.value = "PRESENT_REF";
  dm.timex_type = "DATE";
  in.dates.push_back(dm);
  auto undated = run(in);  // no publication date: the reference value stays
  ASSERT_EQ(undated.size(), 1u);
  EXPECT_EQ(undated[0].date, "PRESENT_REF");
  in.published.date = "2024-11-20";
  auto qs = run(in);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].date, "2024-11-20");
}

TEST_F(QuantitiesTest, EllipticalTakesPreviousNoun) {
  Analysis in = analyse("Pyongyang mengirimkan sekitar 10.000 tentara. Sekitar 8.000 telah dikerahkan ke Kursk.");
  auto qs = run(in);
  ASSERT_EQ(qs.size(), 2u);
  EXPECT_EQ(qs[1].unit_head, "tentara");
  EXPECT_EQ(qs[1].antecedent, 0);
  EXPECT_EQ(qs[1].qualifier, Qualifier::kApprox);
}

TEST_F(QuantitiesTest, NeverCrashesOnOddBytes) {
  std::string junk;
  for (int i = 0; i < 2000; ++i) junk += char(32 + (i * 7919) % 95);
  junk += " Rp 5 - - 1.. ,, ke- -an 10.000-an antara 3 dan";
  Analysis in = analyse(junk);
  auto qs = run(in);
  for (const auto& q : qs) EXPECT_LE(q.span.end, in.doc.text.size());
}

TEST_F(QuantitiesTest, Throughput) {
  std::string s;
  const char* para =
      "AS dan Korea Selatan mengatakan bahwa Pyongyang mengirimkan sekitar 10.000 tentara untuk "
      "membantu Rusia, sementara harga beras naik 2,5 persen menjadi Rp 12.000 per kilogram pada "
      "pekan lalu menurut data Badan Pusat Statistik yang dirilis di Jakarta. Presiden AS Joe "
      "Biden mengatakan Ukraina harus menyerang pasukan Korea Utara jika mereka memasuki negara "
      "itu untuk bertempur. Kedatangan tentara Korea Utara di medan perang di Ukraina akan "
      "menandai eskalasi konflik yang sudah menjadi yang terbesar di Eropa. Ini mungkin mendorong "
      "Korea Selatan untuk menawarkan dukungan yang lebih langsung kepada Kyiv, termasuk senjata "
      "mematikan, sesuatu yang sejauh ini telah mereka tolak.\n";
  while (s.size() < (4u << 20)) s += para;
  Analysis in = analyse(s);
  std::vector<Quantity> out;
  annotator_->annotate(in, out);  // warm-up
  auto t0 = std::chrono::steady_clock::now();
  annotator_->annotate(in, out);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double mbs = s.size() / 1e6 / secs;
  std::printf("quantity annotator: %.1f MB/s (%zu quantities)\n", mbs, out.size());
  EXPECT_GT(out.size(), 1000u);
}

}  // namespace
}  // namespace kabar::extract
