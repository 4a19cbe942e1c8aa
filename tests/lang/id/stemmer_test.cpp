#include "kabar/lang/id/stemmer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "kabar/core/data_dir.h"

namespace kabar::lang::id {
namespace {

namespace fs = std::filesystem;

struct Case {
  const char* word;
  const char* root;
};

// A small hand-made lexicon covering the rule families below.
Stemmer lexicon_stemmer() {
  return Stemmer::from_lexicon(
      {"ajar", "baca", "bangun", "beri", "buang", "buku", "cinta", "coba", "daya", "dengar",
       "dua", "gila", "hajar", "hadap", "jalan", "jual", "kawan", "kerja", "kirim", "kritik",
       "kupas", "lari", "lembut", "main", "makan", "minum", "nyanyi", "pukul", "rambut", "rata",
       "sapu", "serta", "sepak", "suara", "syarat", "tani", "tanya", "tarung", "teman", "terbang",
       "tiru", "tulis", "udara", "untung", "warna", "yakin", "baik", "bom", "ideal", "budaya",
       "kerja", "cerita", "betul", "ambil", "selamat", "bukti", "seberang", "simpan", "tangkap",
       "nasihat", "pengaruh", "tahan", "sekolah", "seko", "capai", "capa", "mula", "mulai",
       "stabil", "transkripsi", "taat", "promosi", "ekonomi", "sepuluh", "bisik", "makmur"},
      {{"gini", "begini"}});
}

void expect_cases(const Stemmer& s, const std::vector<Case>& cases) {
  for (const Case& c : cases) EXPECT_EQ(s.stem(c.word), c.root) << c.word;
}

TEST(Stemmer, RootsAndShortWordsStayAsTheyAre) {
  Stemmer s = lexicon_stemmer();
  expect_cases(s, {{"ajar", "ajar"}, {"dia", "dia"}, {"yang", "yang"}, {"jakarta", "jakarta"},
                   {"", ""}, {"covid-19", "covid-19"}, {"Pukul", "Pukul"}, {"rp10", "rp10"}});
}

TEST(Stemmer, ParticlesAndPossessives) {
  expect_cases(lexicon_stemmer(), {{"bukulah", "buku"}, {"bukukah", "buku"}, {"bukupun", "buku"},
                                   {"bukunya", "buku"}, {"bukuku", "buku"}, {"bukumu", "buku"},
                                   {"bukumukah", "buku"}, {"buku-nya", "buku"}});
}

TEST(Stemmer, DerivationalSuffixes) {
  expect_cases(lexicon_stemmer(), {{"jualan", "jual"}, {"berikan", "beri"}, {"bisikan", "bisik"},
                                   {"tanyai", "tanya"}, {"kirimkan", "kirim"}});
}

TEST(Stemmer, PlainPrefixes) {
  expect_cases(lexicon_stemmer(), {{"dibuang", "buang"}, {"kekawan", "kawan"}, {"sepuluh", "sepuluh"},
                                   {"kupukul", "pukul"}, {"kauhajar", "hajar"}, {"diajarkan", "ajar"}});
}

TEST(Stemmer, BerTerPrefixes) {
  expect_cases(lexicon_stemmer(), {{"berambut", "rambut"}, {"bersuara", "suara"}, {"belajar", "ajar"},
                                   {"bekerja", "kerja"}, {"berlari", "lari"}, {"teterbang", "terbang"},
                                   {"tertulis", "tulis"}, {"bersekolah", "sekolah"}, {"bertahan", "tahan"}});
}

TEST(Stemmer, MeRecoding) {
  expect_cases(lexicon_stemmer(),
               {{"membaca", "baca"}, {"memukul", "pukul"}, {"meminum", "minum"}, {"mencinta", "cinta"},
                {"mendua", "dua"}, {"menangkap", "tangkap"}, {"menyapu", "sapu"}, {"menyanyikan", "nyanyi"},
                {"mengupas", "kupas"}, {"mengudara", "udara"}, {"menggila", "gila"}, {"mengkritik", "kritik"},
                {"mengebom", "bom"}, {"mewarnai", "warna"}, {"meyakinkan", "yakin"}, {"mensyaratkan", "syarat"},
                {"mentaati", "taat"}, {"mempromosikan", "promosi"}, {"mempengaruhi", "pengaruh"},
                {"mencapai", "capai"}, {"dimulai", "mulai"}});
}

TEST(Stemmer, PeRecoding) {
  expect_cases(lexicon_stemmer(),
               {{"pembangunan", "bangun"}, {"pemukul", "pukul"}, {"peminum", "minum"}, {"penasihat", "nasihat"},
                {"penangkap", "tangkap"}, {"penyuara", "suara"}, {"penyanyi", "nyanyi"}, {"pengupas", "kupas"},
                {"petani", "tani"}, {"petarung", "tarung"}, {"peserta", "serta"}, {"pekerja", "kerja"},
                {"pelajar", "ajar"}, {"pewarna", "warna"}, {"penstabilan", "stabil"},
                {"pentranskripsi", "transkripsi"}, {"perekonomian", "ekonomi"}});
}

TEST(Stemmer, ConfixesAndPrefixChains) {
  expect_cases(lexicon_stemmer(),
               {{"kebaikannya", "baik"}, {"memberdayakan", "daya"}, {"keberuntunganmu", "untung"},
                {"kesepersepuluhnya", "sepuluh"}, {"persemakmuran", "makmur"}, {"mempelajari", "ajar"}});
}

TEST(Stemmer, LoanAffixesInfixesAndSyllableReduplication) {
  expect_cases(lexicon_stemmer(), {{"idealis", "ideal"}, {"idealisme", "ideal"}, {"budayawan", "budaya"},
                                   {"kinerja", "kerja"}, {"lelembut", "lembut"}, {"rerata", "rata"}});
}

TEST(Stemmer, Reduplication) {
  expect_cases(lexicon_stemmer(),
               {{"kawan-kawan", "kawan"}, {"bermain-main", "main"}, {"buku-bukunya", "buku"},
                {"meniru-nirukan", "tiru"}, {"menyepak-nyepak", "sepak"}, {"bolak-balik", "bolak-balik"},
                {"kawan-kawan-nya", "kawan"}});
}

TEST(Stemmer, InformalForms) {
  Stemmer s = lexicon_stemmer();
  expect_cases(s, {{"nyoba", "coba"}, {"ngambil", "ambil"}, {"mukul", "pukul"}, {"nanya", "tanya"},
                   {"betulin", "betul"}, {"critain", "cerita"}, {"temenan", "teman"}, {"nyimpen", "simpan"},
                   {"nyebrang", "seberang"}, {"ngadepin", "hadap"}, {"nyelametin", "selamat"},
                   {"ngebuktiin", "bukti"}, {"kedengeran", "dengar"}, {"ginian", "begini"}});
  Stemmer formal = Stemmer::from_lexicon({"coba", "betul"}, {}, StemmerOptions{.informal = false});
  EXPECT_EQ(formal.stem("nyoba"), "nyoba");
  EXPECT_EQ(formal.stem("betulin"), "betulin");
}

TEST(Stemmer, UnknownWordsAreReturnedUnchanged) {
  expect_cases(lexicon_stemmer(), {{"marwan", "marwan"}, {"subarkah", "subarkah"}, {"prabowo", "prabowo"},
                                   {"zzzzzz", "zzzzzz"}});
}

TEST(Stemmer, CacheAgreesWithUncachedAcrossThreads) {
  Stemmer s = lexicon_stemmer();
  const std::vector<std::string> words = {"memukul", "pembangunan", "kawan-kawan", "nyoba", "xyz", "bukunya"};
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        for (const auto& w : words) {
          if (s.stem(w) != s.stem_uncached(w)) ++bad;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(bad.load(), 0);
  // Two stemmers with different lexicons do not share cached results.
  Stemmer other = Stemmer::from_lexicon({"pukul"});
  EXPECT_EQ(other.stem("pembangunan"), "pembangunan");
  EXPECT_EQ(s.stem("pembangunan"), "bangun");
}

TEST(Stemmer, NeverCrashesOnOddBytes) {
  Stemmer s = lexicon_stemmer();
  for (std::string w : {std::string("-"), std::string("--"), std::string("a-"), std::string("-nya"),
                        std::string("me-"), std::string("\xff\xfe"), std::string("ber-ber-ber"),
                        std::string("mempermempermemper"), std::string(300, 'm')}) {
    (void)s.stem(w);
  }
  SUCCEED();
}

TEST(Stemmer, ShippedLexiconLoadsAndStems) {
  auto s = Stemmer::load(KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_GT(s->lexicon_size(), 20000u);
  expect_cases(*s, {{"pembangunan", "bangun"}, {"mengatakan", "kata"}, {"kebijakan", "bijak"},
                    {"pemerintahan", "perintah"}, {"menyala", "nyala"}, {"dikatakannya", "kata"},
                    {"perdagangan", "dagang"}, {"pertahanan", "tahan"}, {"kawan-kawan", "kawan"},
                    {"bermain-main", "main"}});
  auto bad = Stemmer::load("/nonexistent-kabar-data");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("roots.txt"), std::string::npos);
}

// Accuracy on the public pair sets (same figures as `kabar eval stem`).
double pair_accuracy(const Stemmer& s, const fs::path& pairs, std::string* failures) {
  auto lines = read_lines(pairs);
  if (!lines) return 0;
  size_t n = 0, ok = 0;
  for (const auto& line : *lines) {
    auto f = split(line, '\t');
    if (f.size() < 2) continue;
    std::string got;
    std::string word = f[0];
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& w : split(word, ' ')) got += (got.empty() ? "" : " ") + s.stem(w);
    ++n;
    if (got == f[1]) {
      ++ok;
    } else if (failures) {
      *failures += word + "→" + got + " (" + f[1] + ") ";
    }
  }
  return n ? static_cast<double>(ok) / n : 0;
}

TEST(Stemmer, SastrawiFunctionalPairsWithTheirLexicon) {
  const fs::path dir = fs::path(KABAR_SHARED_DIR) / "data" / "stem-sastrawi";
  if (!fs::exists(dir / "sastrawi_functional_test_pairs.tsv")) GTEST_SKIP() << "../shared not found: skipped";
  auto s = Stemmer::load_lexicon(dir / "sastrawi_functional_test_dictionary.txt", KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(s.ok()) << s.error().message;
  std::string failures;
  double acc = pair_accuracy(*s, dir / "sastrawi_functional_test_pairs.tsv", &failures);
  std::printf("sastrawi functional accuracy %.4f; failures: %s\n", acc, failures.c_str());
  EXPECT_GE(acc, 0.97);
}

TEST(Stemmer, InformalPairsWithTheShippedLexicon) {
  const fs::path pairs = fs::path(KABAR_SHARED_DIR) / "data" / "stem-sastrawi" / "mpstemmer_nonstandard60_pairs.tsv";
  if (!fs::exists(pairs)) GTEST_SKIP() << "../shared not found: skipped";
  auto s = Stemmer::load(KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(s.ok()) << s.error().message;
  std::string failures;
  double acc = pair_accuracy(*s, pairs, &failures);
  std::printf("informal accuracy %.4f; failures: %s\n", acc, failures.c_str());
  EXPECT_GE(acc, 0.90);
}

}  // namespace
}  // namespace kabar::lang::id
