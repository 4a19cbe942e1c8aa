#include "kabar/corpus/dedup.h"

#include <gtest/gtest.h>

#include "corpus_test_util.h"

using kabar::corpus::find_duplicates;
using kabar::test::analysis;

namespace {

const std::string kP1 =
    "Pemerintah Kabupaten Kerinci menetapkan status tanggap darurat setelah banjir bandang menerjang "
    "empat kecamatan pada Senin malam dan merusak puluhan rumah warga di sepanjang aliran sungai.";
const std::string kP2 =
    "Petugas gabungan dari tentara, polisi, dan relawan mengevakuasi warga lanjut usia serta anak-anak "
    "ke gedung sekolah yang berada di dataran lebih tinggi sejak dini hari.";
const std::string kP3 =
    "Kepala pelaksana badan penanggulangan bencana daerah menyebut air mulai surut pada Selasa siang, "
    "tetapi hujan deras diperkirakan masih turun hingga akhir pekan sehingga warga diminta waspada.";
const std::string kP4 =
    "Dinas sosial mendirikan dapur umum di tiga titik pengungsian dan menyalurkan beras, mi instan, "
    "selimut, serta obat-obatan kepada keluarga yang rumahnya terendam lumpur setinggi lutut.";
const std::string kOther =
    "Harga cabai rawit di pasar tradisional Kota Bandung melonjak tajam menjelang akhir tahun karena "
    "pasokan dari sentra produksi di Garut dan Lembang berkurang akibat cuaca buruk berkepanjangan. "
    "Pedagang mengaku penjualan turun karena pembeli mengurangi jumlah belanja mereka setiap hari.";

}  // namespace

TEST(Dedup, ExactCopyIsFound) {
  std::vector<kabar::extract::Analysis> docs{analysis(kP1 + "\n" + kP2, "a"), analysis(kOther, "b"),
                                             analysis(kP1 + "\n" + kP2, "c")};
  auto pairs = find_duplicates(docs);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].a, 0);
  EXPECT_EQ(pairs[0].b, 2);
  EXPECT_TRUE(pairs[0].exact);
  EXPECT_TRUE(pairs[0].near_duplicate);
}

TEST(Dedup, EditedCopyIsANearDuplicateWithAlignedPassages) {
  std::string original = kP1 + "\n" + kP2 + "\n" + kP3 + "\n" + kP4;
  std::string edited = "BACA JUGA: Jembatan putus di Sumatera.\n" + kP2 + "\n" + kP1 + "\n" + kP3 +
                       "\nIkuti berita terkini di aplikasi kami.";
  std::vector<kabar::extract::Analysis> docs{analysis(original, "a"), analysis(edited, "b")};
  auto pairs = find_duplicates(docs);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_FALSE(pairs[0].exact);
  EXPECT_TRUE(pairs[0].near_duplicate) << pairs[0].jaccard;
  EXPECT_GE(pairs[0].passages.size(), 2u);
  EXPECT_EQ(pairs[0].paragraphs_of_a_repeated, 3);
  for (const auto& p : pairs[0].passages) {
    // Each aligned passage reads the same in both documents.
    EXPECT_EQ(p.a.in(docs[0].doc.text).substr(0, 40), p.b.in(docs[1].doc.text).substr(0, 40));
  }
}

TEST(Dedup, QuotedExcerptIsASharedPassageNotANearDuplicate) {
  std::string source = kP1 + "\n" + kP2 + "\n" + kP3 + "\n" + kP4;
  std::string quoting = kOther + "\nSementara itu, media lokal melaporkan: " + kP3 + "\n" + kOther;
  std::vector<kabar::extract::Analysis> docs{analysis(source, "a"), analysis(quoting, "b")};
  auto pairs = find_duplicates(docs);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_FALSE(pairs[0].near_duplicate);
  ASSERT_EQ(pairs[0].passages.size(), 1u);
  EXPECT_NE(pairs[0].passages[0].b.in(docs[1].doc.text).find("air mulai surut"), std::string::npos);
}

TEST(Dedup, UnrelatedDocumentsAreNotPaired) {
  std::vector<kabar::extract::Analysis> docs{analysis(kP1 + "\n" + kP4, "a"), analysis(kOther, "b")};
  EXPECT_TRUE(find_duplicates(docs).empty());
}

TEST(Dedup, IndexIsIncremental) {
  kabar::corpus::DuplicateIndex index;
  auto a = analysis(kP1 + "\n" + kP2 + "\n" + kP3, "a");
  auto b = analysis(kOther, "b");
  auto c = analysis(kP1 + "\n" + kP2 + "\n" + kP3, "c");
  EXPECT_TRUE(index.add(0, a).empty());
  EXPECT_TRUE(index.add(1, b).empty());
  auto found = index.add(2, c);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].a, 0);
}

TEST(Dedup, PostingTableKeepsListsThroughGrowthAndCapsThem) {
  kabar::corpus::PostingTable t;
  // Enough keys to grow the table several times; key k holds documents k and k + 1.
  const auto key = [](uint64_t k) { return (k + 1) * 0x9e3779b97f4a7c15ULL; };
  for (uint64_t k = 0; k < 5000; ++k) {
    t.add(key(k), static_cast<int>(k));
    t.add(key(k), static_cast<int>(k + 1));
  }
  for (uint64_t k = 0; k < 5000; k += 499) {
    std::vector<int> docs;
    t.for_each(key(k), [&](int d) { docs.push_back(d); });
    EXPECT_EQ(docs, (std::vector<int>{static_cast<int>(k + 1), static_cast<int>(k)}));  // latest first
    EXPECT_EQ(t.count(key(k)), 2u);
  }
  EXPECT_EQ(t.count(0x1234567ULL << 32), 0u);
  for (int d = 0; d < 10; ++d) t.add(42ULL << 40, d, 3);
  std::vector<int> kept;
  t.for_each(42ULL << 40, [&](int d) { kept.push_back(d); });
  EXPECT_EQ(kept, (std::vector<int>{2, 1, 0}));
  EXPECT_EQ(t.count(42ULL << 40), 10u);  // counted beyond the cap, so a common key can be skipped
}
