#include "kabar/extract/provenance.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

// Outlet, byline, dateline, cited wires and initials of short original texts, one case per
// signature the issue lists. Expected values are exact; wires in order of first citation.

namespace kabar::extract {
namespace {

using Opt = std::optional<std::string>;

struct Case {
  const char* name;
  std::string text;
  Opt outlet, byline, dateline;
  std::vector<std::string> wires;
  Opt initials;
  Opt meta_outlet = std::nullopt, meta_author = std::nullopt;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class ProvenanceTest : public ::testing::TestWithParam<Case> {
 protected:
  static void SetUpTestSuite() {
    auto r = ProvenanceReader::load(KABAR_SOURCE_DATA_DIR);
    ASSERT_TRUE(r) << r.error().message;
    reader_ = new ProvenanceReader(std::move(*r));
  }
  static inline ProvenanceReader* reader_ = nullptr;
};

TEST_P(ProvenanceTest, ReadsSignatures) {
  const Case& c = GetParam();
  Analysis a;
  a.doc.text = c.text;
  a.doc.meta.outlet = c.meta_outlet;
  a.doc.meta.author = c.meta_author;
  Provenance p;
  p.wires = {"stale"};
  reader_->annotate(a, p);
  EXPECT_EQ(p.outlet, c.outlet);
  EXPECT_EQ(p.byline, c.byline);
  EXPECT_EQ(p.dateline, c.dateline);
  EXPECT_EQ(p.wires, c.wires);
  EXPECT_EQ(p.initials, c.initials);
  for (const Span& s : p.evidence) {
    EXPECT_LE(s.start, s.end);
    EXPECT_LE(s.end, a.doc.text.size());
  }
}

const std::string kBody = "Harga beras di pasar induk naik 5 persen dalam sepekan terakhir.\n\n";

const Case kCases[] = {
    {"kompas_signature",
     "JAKARTA, KOMPAS.com - " + kBody + "Penulis: Ayu Lestari\nEditor: Bagus Santoso",
     "Kompas.com",
     "Ayu Lestari",
     "JAKARTA",
     {},
     std::nullopt},
    {"city_then_outlet",
     "Surabaya, Kompas.com - " + kBody + "(Kompas.com/Rizal Fadli)",
     "Kompas.com",
     "Rizal Fadli",
     "Surabaya",
     {},
     std::nullopt},
    {"liputan6_signature",
     "Liputan6.com, Jakarta - " + kBody,
     "Liputan6.com",
     std::nullopt,
     "Jakarta",
     {},
     std::nullopt},
    {"tempo_signature",
     "TEMPO.CO, Jakarta - " + kBody + "Reporter: Dian Puspita",
     "Tempo.co",
     "Dian Puspita",
     "Jakarta",
     {},
     std::nullopt},
    {"outlet_named_in_text",
     "JAKARTA – " + kBody + "Hal itu disampaikan Menteri Perdagangan kepada Detik.com, Senin.",
     "Detik.com",
     std::nullopt,
     "JAKARTA",
     {},
     std::nullopt},
    {"outlet_brand_in_lower_case",
     kBody + "“Kami akan banding,” tuturnya kepada detikcom usai sidang.",
     "Detik.com",
     std::nullopt,
     std::nullopt,
     {},
     std::nullopt},
    {"capitalised_name_after_kepada_is_no_outlet",
     kBody + "Ia menyampaikan hal itu kepada Tempo di kantornya.",
     std::nullopt,
     std::nullopt,
     std::nullopt,
     {},
     std::nullopt},
    {"antara_with_name",
     "Jakarta (ANTARA) - " + kBody + "(Antara/Sinta Dewi)",
     "Antara",
     "Sinta Dewi",
     "Jakarta",
     {},
     std::nullopt},
    {"trailing_name_byline",
     "MEDAN – " + kBody + "(Lilis Suryani)",
     std::nullopt,
     "Lilis Suryani",
     "MEDAN",
     {},
     std::nullopt},
    {"editor_is_not_byline",
     "BANDUNG – " + kBody + "Editor: Herlina Tambunan",
     std::nullopt,
     std::nullopt,
     "BANDUNG",
     {},
     std::nullopt},
    {"initials_bbn_kept_apart",
     "SURABAYA – " + kBody + "(bbn)",
     std::nullopt,
     std::nullopt,
     "SURABAYA",
     {},
     "bbn"},
    {"initials_brackets_kept_apart",
     "SEOUL – " + kBody + "[SB]",
     std::nullopt,
     std::nullopt,
     "SEOUL",
     {},
     "SB"},
    {"wire_in_dateline",
     "MOSKOW (AFP) - " + kBody + "(Rina Marlina)",
     std::nullopt,
     "Rina Marlina",
     "MOSKOW",
     {"AFP"},
     std::nullopt},
    {"wire_dikutip_dari",
     kBody + "Dikutip dari Reuters, harga minyak dunia juga naik.",
     std::nullopt,
     std::nullopt,
     std::nullopt,
     {"Reuters"},
     std::nullopt},
    {"wire_dilansir",
     kBody + "Dilansir AFP, pasukan itu tiba di Kursk pekan lalu.",
     std::nullopt,
     std::nullopt,
     std::nullopt,
     {"AFP"},
     std::nullopt},
    {"wire_seperti_dilaporkan",
     kBody + "Pertemuan itu berlangsung tertutup, seperti dilaporkan AP.",
     std::nullopt,
     std::nullopt,
     std::nullopt,
     {"AP"},
     std::nullopt},
    {"wire_menurut_kantor_berita",
     kBody + "Menurut kantor berita Antara, sembilan warga meninggal.",
     std::nullopt,
     std::nullopt,
     std::nullopt,
     {"Antara"},
     std::nullopt},
    {"wire_after_place_qualifier",
     kBody + "Menurut kantor berita Vietnam VNA, dua kapal nelayan tenggelam.",
     std::nullopt,
     std::nullopt,
     std::nullopt,
     {"VNA"},
     std::nullopt},
    {"wire_lapor_tass_normalised",
     kBody + "Kerja sama itu sah, lapor layanan berita negara Tass.",
     std::nullopt,
     std::nullopt,
     std::nullopt,
     {"TASS"},
     std::nullopt},
    {"wire_kata_kepada",
     kBody + "“Kami siap,” kata Peskov kepada AFP.",
     std::nullopt,
     std::nullopt,
     std::nullopt,
     {"AFP"},
     std::nullopt},
    {"wires_in_order_once",
     kBody + "Dilansir Reuters, angka itu naik. Menurut AFP, angka itu turun. Dikutip dari "
             "Reuters, rapat ditunda.",
     std::nullopt,
     std::nullopt,
     std::nullopt,
     {"Reuters", "AFP"},
     std::nullopt},
    {"metadata_first",
     "JAKARTA – " + kBody,
     "Suara Pagi",
     "Bambang Wicaksono",
     "JAKARTA",
     {},
     std::nullopt,
     "Suara Pagi",
     "Bambang Wicaksono"},
    {"detik_desk_after_kepada",
     "Banjir Bandang Terjang Luwu\n\nLuwu - " + kBody + "“Air datang malam hari,” kata Andi kepada detikSulsel, Rabu (14/5).\n\n(idh/nvl)",
     "Detik.com",
     std::nullopt,
     "Luwu",
     {},
     "idh/nvl"},
    {"capitalised_word_after_kepada_is_no_outlet",
     kBody + "“Kami siap,” kata Andi kepada Detiknya.",
     std::nullopt,
     std::nullopt,
     std::nullopt,
     {},
     std::nullopt},
    {"nna_wire",
     kBody + "Namun, kantor berita resmi Lebanon, NNA, melaporkan sedikitnya 23 warga sipil tewas.",
     std::nullopt,
     std::nullopt,
     std::nullopt,
     {"NNA"},
     std::nullopt},
    {"republika_rep_red_credits",
     "REPUBLIKA.CO.ID, JAKARTA -- " + kBody + "Rep: Lintang Pramesti/ Red: Dwi Hartanto",
     "Republika",
     "Lintang Pramesti",
     "JAKARTA",
     {},
     std::nullopt},
    {"nothing_said", kBody, std::nullopt, std::nullopt, std::nullopt, {}, std::nullopt},
};

INSTANTIATE_TEST_SUITE_P(Table, ProvenanceTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& i) {
                           return std::string(i.param.name);
                         });

TEST(ProvenanceLoad, MissingDataNamesTheFile) {
  auto r = ProvenanceReader::load("/nonexistent-kabar-data");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("/nonexistent-kabar-data"), std::string::npos)
      << r.error().message;
}

}  // namespace
}  // namespace kabar::extract
