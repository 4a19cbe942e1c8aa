#include "kabar/extract/quotes.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "kabar/extract/analysis.h"

// Quotations and their speakers through the whole per-document pipeline (the annotator reads
// the entity layer). Each case is a short original text and the quotes it must give, in text
// order: a key phrase the quote's span contains, the speaker, and direct or reported. The
// number of quotes must match too, so a case also fails on a spurious quote.

namespace kabar::extract {
namespace {

struct Want {
  std::string key;
  std::optional<std::string> speaker;
  bool direct;
};

struct Case {
  const char* name;
  std::string text;
  std::vector<Want> want;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class QuotesTest : public ::testing::TestWithParam<Case> {
 protected:
  static void SetUpTestSuite() {
    auto p = Pipeline::load(KABAR_SOURCE_DATA_DIR);
    ASSERT_TRUE(p) << p.error().message;
    pipeline_ = new std::shared_ptr<const Pipeline>(std::move(*p));
  }
  static Analysis analyse(const std::string& text) {
    Document d;
    d.text = text;
    d.path = "test.txt";
    return (*pipeline_)->analyze(std::move(d));
  }
  static inline std::shared_ptr<const Pipeline>* pipeline_ = nullptr;
};

std::string show(const Analysis& a) {
  std::string s;
  for (const auto& q : a.quotes) {
    s += "  [" + std::string(q.direct ? "direct" : "reported") + "] " +
         q.speaker.value_or("(none)") + ": " + std::string(q.span.in(a.doc.text)) + "\n";
  }
  return s.empty() ? "  (no quotes)\n" : s;
}

TEST_P(QuotesTest, FindsQuotesAndSpeakers) {
  const Case& c = GetParam();
  Analysis a = analyse(c.text);
  ASSERT_EQ(a.quotes.size(), c.want.size()) << "system quotes:\n" << show(a);
  for (size_t i = 0; i < c.want.size(); ++i) {
    const Quote& q = a.quotes[i];
    const Want& w = c.want[i];
    std::string_view span = q.span.in(a.doc.text);
    EXPECT_NE(span.find(w.key), std::string_view::npos)
        << "quote " << i << " lacks \"" << w.key << "\"\n"
        << show(a);
    EXPECT_EQ(q.speaker, w.speaker) << "quote " << i << " \"" << w.key << "\"\n" << show(a);
    EXPECT_EQ(q.direct, w.direct) << "quote " << i << " \"" << w.key << "\"\n" << show(a);
    EXPECT_LE(q.span.end, a.doc.text.size());
    EXPECT_LT(q.span.start, q.span.end);
  }
  for (size_t i = 1; i < a.quotes.size(); ++i)
    EXPECT_LE(a.quotes[i - 1].span.start, a.quotes[i].span.start);
}

const Case kCases[] = {
    // ---- direct quotations in each kind of mark
    {"curly_marks",
     "“Kami siap membantu semua warga yang terdampak,” kata Bupati Sleman Kustini Sri Purnomo.",
     {{"Kami siap membantu semua warga", "Kustini Sri Purnomo", true}}},
    {"ascii_marks",
     "\"Harga beras akan turun bulan depan,\" ujar Menteri Perdagangan Zulkifli Hasan di Jakarta.",
     {{"Harga beras akan turun bulan depan", "Zulkifli Hasan", true}}},
    {"single_marks",
     "‘Kami tidak akan mundur dari tuntutan ini,’ kata Presiden Joko Widodo.",
     {{"Kami tidak akan mundur dari tuntutan ini", "Joko Widodo", true}}},
    {"guillemets",
     "«Situasi di perbatasan sudah terkendali,» kata Presiden Prabowo Subianto kepada wartawan.",
     {{"Situasi di perbatasan sudah terkendali", "Prabowo Subianto", true}}},
    {"spans_sentences",
     "“Penghitungan berjalan lancar. Tidak ada keberatan dari saksi,” kata Ketua KPU Hasyim "
     "Asy'ari.",
     {{"Penghitungan berjalan lancar. Tidak ada keberatan dari saksi", "Hasyim Asy'ari", true}}},
    // ---- a quotation over paragraphs: the next paragraph reopens the quote
    {"spans_paragraphs",
     "Presiden Joko Widodo menanggapi hasil survei itu.\n\n“Penghitungan berjalan lancar di semua "
     "provinsi.\n\n"
     "“Kami akan mengumumkan hasil resmi pekan depan,” ujarnya.",
     {{"Penghitungan berjalan lancar di semua provinsi", "Joko Widodo", true}}},
    // ---- an unclosed quotation runs to the end of its paragraph
    {"unclosed",
     "Gubernur Jawa Barat Ridwan Kamil berkata: “Kami sudah menyiapkan posko di setiap "
     "kecamatan\n\n"
     "Bantuan lain dijadwalkan tiba pada Jumat.",
     {{"Kami sudah menyiapkan posko di setiap kecamatan", "Ridwan Kamil", true}}},
    // ---- introduced by a colon
    {"colon",
     "Menteri Kesehatan Budi Gunadi Sadikin mengatakan kepada wartawan: “Vaksin tersedia cukup "
     "untuk semua daerah.”",
     {{"Vaksin tersedia cukup untuk semua daerah", "Budi Gunadi Sadikin", true}}},
    // ---- partial quotes attach to the reported speech around them
    {"partial_in_reported",
     "Juru bicara Kremlin Dmitry Peskov mengatakan bahwa kerja sama itu tidak boleh "
     "“menakut-nakuti atau "
     "mengkhawatirkan” siapa pun.",
     {{"kerja sama itu tidak boleh “menakut-nakuti atau mengkhawatirkan” siapa pun",
       "Dmitry Peskov", true}}},
    {"quoted_name_keeps_reported",
     "Menteri Sosial Saifullah Yusuf mengatakan program “Sekolah Rakyat” akan dibuka di 100 "
     "kabupaten.",
     {{"akan dibuka di 100 kabupaten", "Saifullah Yusuf", false}}},
    // ---- "Jabatan Organisasi Nama": the body does not swallow the name
    {"role_body_name",
     "Direktur Utama Perumda Pasar Jaya Makmur Hendra Wiratama menjelaskan, renovasi los "
     "pedagang akan selesai bulan depan.",
     {{"renovasi los pedagang akan selesai bulan depan", "Hendra Wiratama", false}}},
    {"bare_name_chunk_is_the_speaker",
     "Ketua Koperasi Nelayan Mina Bahari, Sutrisno, mengatakan bahwa harga solar sudah naik dua "
     "kali.",
     {{"harga solar sudah naik dua kali", "Sutrisno", false}}},
    // ---- descriptive back-references: the salient person that fits gender and age
    {"descriptor_age",
     "Seorang warga, Siti Rahayu (61), mengaku rumahnya terendam sejak Senin. Tetangganya, Joko "
     "Susilo (45), membenarkan bahwa air naik cepat. “Kami tidak sempat menyelamatkan apa-apa,” "
     "kata perempuan berusia 61 tahun itu.",
     {{"rumahnya terendam sejak Senin", "Siti Rahayu", false},
      {"air naik cepat", "Joko Susilo", false},
      {"Kami tidak sempat menyelamatkan apa-apa", "Siti Rahayu", true}}},
    {"descriptor_salient",
     "Pedagang sayur, Bambang Irawan, menilai pembeli makin sepi sejak harga naik. “Sehari "
     "hanya laku separuh,” ujar pria itu.",
     {{"pembeli makin sepi sejak harga naik", "Bambang Irawan", false},
      {"Sehari hanya laku separuh", "Bambang Irawan", true}}},
    // ---- a source noun and a place before the agency's name
    {"news_agency_after_place",
     "Menurut kantor berita Korea Selatan Yonhap, kedua pemimpin akan bertemu pekan depan.",
     {{"kedua pemimpin akan bertemu pekan depan", "Yonhap", false}}},
    {"scare_quotes_are_not_quotes",
     "Kawasan itu dikenal sebagai “kampung air” karena sering banjir setiap musim hujan.",
     {}},
    // ---- reported speech, one pattern each
    {"mengatakan_bahwa",
     "Menteri Luar Negeri Rusia Sergei Lavrov mengatakan bahwa kedua negara sepakat memperluas "
     "kerja sama.",
     {{"kedua negara sepakat memperluas kerja sama", "Sergei Lavrov", false}}},
    {"mengatakan_without_bahwa",
     "Presiden Joko Widodo mengatakan pembangunan jalan tol akan selesai tahun depan.",
     {{"pembangunan jalan tol akan selesai tahun depan", "Joko Widodo", false}}},
    {"mengatakan_adjunct_bahwa",
     "Juru bicara Kremlin Dmitry Peskov mengatakan kepada wartawan kemarin bahwa hubungan kedua "
     "negara tidak ditujukan kepada pihak ketiga.",
     {{"hubungan kedua negara tidak ditujukan kepada pihak ketiga", "Dmitry Peskov", false}}},
    {"menyatakan",
     "Kementerian Luar Negeri Jepang menyatakan keprihatinan atas uji coba rudal tersebut.",
     {{"keprihatinan atas uji coba rudal tersebut", "Kementerian Luar Negeri Jepang", false}}},
    {"menegaskan",
     "Presiden Prabowo Subianto menegaskan pemerintah tidak akan menaikkan harga beras.",
     {{"pemerintah tidak akan menaikkan harga beras", "Prabowo Subianto", false}}},
    {"menambahkan_comma",
     "Presiden Joko Widodo meresmikan bendungan itu. Ia menambahkan, air dari bendungan akan "
     "mengairi sawah petani.",
     {{"air dari bendungan akan mengairi sawah petani", "Joko Widodo", false}}},
    {"menjelaskan",
     "Gubernur Bank Indonesia Perry Warjiyo menjelaskan bahwa inflasi masih terkendali.",
     {{"inflasi masih terkendali", "Perry Warjiyo", false}}},
    {"mengungkapkan",
     "Ketua KPK Nawawi Pomolango mengungkapkan penyidik sudah memeriksa tujuh saksi.",
     {{"penyidik sudah memeriksa tujuh saksi", "Nawawi Pomolango", false}}},
    {"berkata",
     "Menteri Keuangan Sri Mulyani berkata anggaran subsidi sudah melampaui pagu tahun ini.",
     {{"anggaran subsidi sudah melampaui pagu tahun ini", "Sri Mulyani", false}}},
    {"kata_after_clause",
     "Harga cabai di pasar induk turun hingga 20 persen, kata Menteri Perdagangan Zulkifli Hasan.",
     {{"Harga cabai di pasar induk turun hingga 20 persen", "Zulkifli Hasan", false}}},
    {"menurut_first",
     "Menurut Perry Warjiyo, suku bunga acuan masih akan ditahan hingga pertengahan tahun.",
     {{"suku bunga acuan masih akan ditahan hingga pertengahan tahun", "Perry Warjiyo", false}}},
    {"menurut_interrupting",
     "Keputusan akhir, menurut Kementerian Pertahanan, bergantung pada hasil rapat kabinet.",
     {{"bergantung pada hasil rapat kabinet", "Kementerian Pertahanan", false}}},
    {"memperkirakan",
     "Ekonom senior Faisal Basri memperkirakan inflasi akan naik 0,8 poin persentase.",
     {{"inflasi akan naik 0,8 poin persentase", "Faisal Basri", false}}},
    {"meminta",
     "Bupati Bogor Iwan Setiawan meminta warga di bantaran sungai segera mengungsi ke tempat yang "
     "lebih tinggi.",
     {{"warga di bantaran sungai segera mengungsi", "Iwan Setiawan", false}}},
    {"mengimbau",
     "Kapolri Listyo Sigit Prabowo mengimbau pemudik tidak memaksakan diri berkendara saat lelah.",
     {{"pemudik tidak memaksakan diri berkendara", "Listyo Sigit Prabowo", false}}},
    {"object_without_statement", "Pemerintah mengumumkan kenaikan itu kemarin.", {}},
    {"negated_verb",
     "Rusia tidak membantah maupun membenarkan angka tersebut dalam pernyataan resminya.",
     {}},
    {"closing_attribution_owns_inner_verb",
     "Menteri Luar Negeri Rusia Sergei Lavrov tiba di Wonsan. Putin menyampaikan salam hangatnya "
     "kepada pemimpin Korea Utara, "
     "tegas diplomat senior itu.",
     {{"Putin menyampaikan salam hangatnya", "Sergei Lavrov", false}}},
    {"relative_speaker",
     "Angka itu lebih tinggi dari perkiraan Korea Selatan sehari sebelumnya, yang menyebut "
     "setidaknya 12.000 tentara.",
     {{"setidaknya 12.000 tentara", "Korea Selatan", false}}},
    // ---- speakers: pronouns and -nya clitics take the salient person
    {"pronoun_ia",
     "Menteri Pertahanan AS Lloyd Austin tiba di Kyiv pada Senin. Ia mengatakan Washington akan "
     "mengirim bantuan tambahan.",
     {{"Washington akan mengirim bantuan tambahan", "Lloyd Austin", false}}},
    {"pronoun_dia",
     "Wali Kota Surabaya Eri Cahyadi meninjau lokasi banjir. Dia menyatakan bahwa semua pompa air "
     "sudah bekerja.",
     {{"semua pompa air sudah bekerja", "Eri Cahyadi", false}}},
    {"pronoun_beliau",
     "Wakil Presiden Ma'ruf Amin membuka acara itu. Beliau menegaskan bahwa pendidikan pesantren "
     "harus diperkuat.",
     {{"pendidikan pesantren harus diperkuat", "Ma'ruf Amin", false}}},
    {"clitic_katanya",
     "Presiden Korea Selatan Yoon Suk Yeol memimpin rapat darurat. \"Kami tidak akan tinggal "
     "diam,\" katanya.",
     {{"Kami tidak akan tinggal diam", "Yoon Suk Yeol", true}}},
    {"clitic_tambahnya",
     "Kepala BNPB Suharyanto meninjau pengungsian di Kerinci. “Logistik sudah tersedia untuk dua "
     "pekan,” tambahnya.",
     {{"Logistik sudah tersedia untuk dua pekan", "Suharyanto", true}}},
    {"menurut_dia",
     "Gubernur Bank Indonesia Perry Warjiyo berbicara di Jakarta. Menurut dia, nilai tukar rupiah "
     "masih stabil.",
     {{"nilai tukar rupiah masih stabil", "Perry Warjiyo", false}}},
    // ---- speakers: role phrases take the person the article gave that role
    {"role_diplomat_itu",
     "Menteri Luar Negeri Rusia Sergei Lavrov tiba di Pyongyang. “Hubungan kita semakin erat,” "
     "ujar diplomat senior itu.",
     {{"Hubungan kita semakin erat", "Sergei Lavrov", true}}},
    {"role_menteri_itu",
     "Menteri Energi Bahlil Lahadalia mengumumkan harga baru di Jakarta. Menteri itu menyebut "
     "penyesuaian harga akan menghemat anggaran "
     "Rp 1,5 triliun.",
     {{"penyesuaian harga akan menghemat anggaran", "Bahlil Lahadalia", false}}},
    {"role_title_without_name",
     "Juru bicara Kremlin Dmitry Peskov menolak berkomentar. Rusia tidak memasok senjata, kata "
     "juru bicara Kremlin.",
     {{"Rusia tidak memasok senjata", "Dmitry Peskov", false}}},
    {"role_perwira_itu",
     "Kepala Bidang Humas Polda Jawa Timur Kombes Pol Dirmanto memantau aksi itu. “Kami "
     "mengedepankan pendekatan persuasif,” ujar "
     "perwira menengah itu.",
     {{"Kami mengedepankan pendekatan persuasif", "Dirmanto", true}}},
    {"person_named_in_apposition",
     "Warga Desa Lempur, Siti Aminah (45), mengaku kehilangan rumah dan dua ekor sapi.",
     {{"kehilangan rumah dan dua ekor sapi", "Siti Aminah", false}}},
    {"person_before_organisation",
     "Juru bicara Pertamina Patra Niaga, Irto Ginting, mengatakan bahwa stok BBM di seluruh SPBU "
     "aman.",
     {{"stok BBM di seluruh SPBU aman", "Irto Ginting", false}}},
    // ---- collective speakers stay as bodies
    {"collective_country",
     "AS dan Korea Selatan mengatakan bahwa Pyongyang mengirimkan sekitar 10.000 tentara ke Rusia.",
     {{"Pyongyang mengirimkan sekitar 10.000 tentara", "AS dan Korea Selatan", false}}},
    {"collective_officials",
     "Pejabat di Washington mengatakan pada hari Kamis bahwa sekitar 8.000 tentara telah tiba di "
     "Kursk.",
     {{"sekitar 8.000 tentara telah tiba di Kursk", "Pejabat di Washington", false}}},
    {"collective_agency_acronym",
     "Dinas intelijen Korea Selatan (NIS) melaporkan kepada parlemen bahwa para prajurit itu "
     "mendapat pelatihan singkat.",
     {{"para prajurit itu mendapat pelatihan singkat", "NIS", false}}},
    {"collective_kremlin",
     "Kremlin menyebut seluruh kerja samanya dengan Korea Utara sah dan tidak melanggar resolusi "
     "mana pun.",
     {{"seluruh kerja samanya dengan Korea Utara sah", "Kremlin", false}}},
    {"body_anaphora",
     "Kementerian Pertahanan Korea Selatan menyatakan pihaknya sedang mengkaji pengiriman senjata. "
     "Keputusan akhir, menurut "
     "kementerian itu, bergantung pada skala kerja sama militer kedua negara.",
     {{"pihaknya sedang mengkaji pengiriman senjata", "Kementerian Pertahanan Korea Selatan",
       false},
      {"bergantung pada skala kerja sama militer", "Kementerian Pertahanan Korea Selatan", false}}},
    // ---- what is not a report, and subjects behind connectives and subordinate clauses
    {"title_in_quotes_is_not_a_quote",
     "Tonton juga video “Harga Beras Naik Lagi Menjelang Lebaran Tahun Ini” di sini.",
     {}},
    {"kata_sandi_is_no_cue",
     "Pengguna harus memasukkan nama akun yang sudah terdaftar, kata sandi, dan nomor telepon.",
     {}},
    {"negation_over_adverb",
     "Presiden Joko Widodo tidak pernah meminta anggaran tambahan untuk proyek itu.",
     {}},
    {"subordinate_clause_subject",
     "Perkara ini bermula saat Sri Wahyuni menuding rekannya menggelapkan dana koperasi sebesar Rp "
     "2 miliar.",
     {{"rekannya menggelapkan dana koperasi", "Sri Wahyuni", false}}},
    {"adverb_only_before_verb",
     "Adrian Prettejohn, ekonom di Capital Economics, telah memperkirakan suku bunga akan "
     "dipangkas tahun ini.",
     {{"suku bunga akan dipangkas tahun ini", "Adrian Prettejohn", false}}},
    {"connective_with_determiner",
     "Rapat anggaran berlangsung di Jakarta pada Senin. Selain itu Purbaya menjelaskan bahwa "
     "anggaran daerah "
     "masih mengendap di bank.",
     {{"anggaran daerah masih mengendap di bank", "Purbaya", false}}},
    {"interrupting_cue_after_adverbial",
     "Direktur Jenderal Pajak Bimo Wijayanto memberi keterangan. Dalam hal perbaikan kebijakan "
     "ini, lanjut Bimo, ada aturan "
     "yang harus diubah lebih dulu.",
     {{"ada aturan yang harus diubah lebih dulu", "Bimo Wijayanto", false}}},
    // ---- apposition, role nouns, bodies (rules from the second held-out set's error classes)
    {"bare_name_chunk_after_description",
     "Banjir merendam dua desa di Kabupaten Bandung. Salah seorang pengungsi, Wulan Sekarsari "
     "(52), "
     "menuturkan air naik sangat cepat sejak tengah malam. \"Kami tidak sempat membawa "
     "apa-apa,\" ujar perempuan itu.",
     {{"air naik sangat cepat sejak tengah malam", "Wulan Sekarsari", false},
      {"Kami tidak sempat membawa", "Wulan Sekarsari", true}}},
    {"role_noun_from_comma_apposition",
     "Sidang perkara penipuan digelar di Surabaya. Kuasa hukum terdakwa, Benny Simatupang, menilai "
     "dakwaan jaksa tidak disusun dengan cermat. Menurut pengacara itu, kliennya hanya menjalankan "
     "perintah atasan.",
     {{"dakwaan jaksa tidak disusun dengan cermat", "Benny Simatupang", false},
      {"kliennya hanya menjalankan perintah atasan", "Benny Simatupang", false}}},
    {"generic_body_refers_to_last_body",
     "Badan Meteorologi Filipina (PAGASA) menyatakan badai akan mendarat pada Rabu malam. Lembaga "
     "itu meminta nelayan tidak melaut hingga akhir pekan.",
     {{"badai akan mendarat pada Rabu malam", "PAGASA", false},
      {"nelayan tidak melaut hingga akhir pekan", "PAGASA", false}}},
    {"description_before_body_name",
     "Menurut lembaga penyiaran publik KBS, sedikitnya 40 rumah rusak akibat angin kencang.",
     {{"sedikitnya 40 rumah rusak", "KBS", false}}},
    {"person_after_body_with_acronym",
     "Peneliti Center for Strategic and International Studies (CSIS) Rendra Kusuma menilai "
     "koalisi itu akan rapuh. \"Kepentingannya terlalu berbeda,\" kata Rendra.",
     {{"koalisi itu akan rapuh", "Rendra Kusuma", false},
      {"Kepentingannya terlalu berbeda", "Rendra Kusuma", true}}},
    {"demikian_lead_in_before_wire_cue",
     "Harga minyak mentah naik tiga persen dalam sehari, demikian dilaporkan kantor berita "
     "Reuters.",
     {{"Harga minyak mentah naik tiga persen", "Reuters", false}}},
    {"berpendapat_without_bahwa",
     "Pengamat energi Fahmi Rasyid berpendapat subsidi listrik tidak akan tepat sasaran.",
     {{"subsidi listrik tidak akan tepat sasaran", "Fahmi Rasyid", false}}},
    {"forecast_verb_short_clause",
     "Kepala Dinas Perhubungan Joko Santoso memperkirakan jembatan baru selesai pada Maret.",
     {{"jembatan baru selesai pada Maret", "Joko Santoso", false}}},
    {"warned_state_of_affairs",
     "BMKG sebelumnya memperingatkan potensi banjir rob di pesisir utara.",
     {{"potensi banjir rob di pesisir utara", "BMKG", false}}},
    {"territorial_claim_is_not_speech",
     "Sengketa perbatasan itu sudah lama. Kedua negara mengklaim seluruh wilayah perairan yang "
     "sama.",
     {}},
    // ---- third held-out set's error classes (original texts)
    {"possessed_subject_makes_short_object_a_statement",
     "Manajer klub Rudi Hartanto mengakui skuadnya kalah stamina di babak kedua.",
     {{"skuadnya kalah stamina di babak kedua", "Rudi Hartanto", false}}},
    {"one_possessed_noun_is_not_a_statement",
     "Kepala desa Warsito mengakui kesalahannya di depan warga.",
     {}},
    {"passive_report_verb_before_partial_quote",
     "Pelatih tamu, Marco Rossi, memuji lini tengah lawan yang disebutnya “sangat disiplin” "
     "sepanjang laga.",
     {{"sangat disiplin", "Marco Rossi", true}}},
    {"determiner_closed_subject_with_predicate",
     "Peneliti hukum Universitas Andalas, Feri Hidayat, menilai hak interpelasi itu sarat "
     "kepentingan menjelang pemilu.",
     {{"hak interpelasi itu sarat kepentingan", "Feri Hidayat", false}}},
    {"thing_with_determiner_and_adjunct_is_no_statement",
     "Warga Desa Sukamaju mengklaim hak itu kepada pengadilan.",
     {}},
    {"person_after_organisation_without_acronym",
     "Kepala Ekonom Bank Samudra Teguh Wiranata memperkirakan inflasi akan melandai pada kuartal "
     "depan.",
     {{"inflasi akan melandai", "Teguh Wiranata", false}}},
    {"three_word_name_after_organisation",
     "Direktur Lembaga Kajian Pangan Dwi Ayu Lestari memperkirakan harga beras akan naik bulan "
     "depan. “Stok di tingkat petani sudah menipis,” kata Dwi.",
     {{"harga beras akan naik bulan depan", "Dwi Ayu Lestari", false},
      {"Stok di tingkat petani sudah menipis", "Dwi Ayu Lestari", true}}},
    {"role_qualifier_as_party_acronym",
     "Ketua DPRD Kota Bogor Atang Sumarna mengatakan rapat paripurna akan digelar Senin. Anggota "
     "dewan dari Fraksi Partai Amanat Nasional, Rina Kartika, menuding wali kota menunda proyek "
     "tanpa alasan. Politikus PAN itu juga menyebut anggaran proyek membengkak 40 persen, “jauh "
     "dari perencanaan awal”.",
     {{"rapat paripurna akan digelar Senin", "Atang Sumarna", false},
      {"wali kota menunda proyek tanpa alasan", "Rina Kartika", false},
      {"jauh dari perencanaan awal", "Rina Kartika", true}}},
    {"one_word_predicate_after_mengaku",
     "Seorang nelayan, Darman Saputra (48), mengaku lapar saat perahunya terbalik. Pedagang ikan, "
     "Wati Lestari, mengaku kecewa.",
     {{"lapar saat perahunya terbalik", "Darman Saputra", false},
      {"kecewa", "Wati Lestari", false}}},
    {"three_word_judgement_after_menilai",
     "Pengamat hukum Universitas Andalas, Feri Gunawan, menilai vonis hakim ringan. Ia juga "
     "menilai kinerja jaksa.",
     {{"vonis hakim ringan", "Feri Gunawan", false}}},
    {"mengaku_before_preposition_is_no_statement",
     "Kepala desa Sutrisno Hadi mengaku kepada polisi.",
     {}},
    {"partial_quote_after_passive_cue_and_link_word",
     "Gubernur Jawa Tengah Ahmad Luthfi mengatakan anggaran naik. Program itu disebutnya sebagai "
     "“jawaban atas tuntutan petani” di pedesaan.",
     {{"anggaran naik", "Ahmad Luthfi", false},
      {"jawaban atas tuntutan petani", "Ahmad Luthfi", true}}},
    {"one_quoted_verb_makes_the_clause_direct",
     "Peneliti ICW, Agus Sunaryanto, menyebut kontraktor kerap “menyiasati” aturan lelang demi "
     "untung. "
     "Ia menyebut panitia memakai istilah “efisiensi” untuk pemotongan itu.",
     {{"kontraktor kerap", "Agus Sunaryanto", true},
      {"panitia memakai istilah", "Agus Sunaryanto", false}}},
    {"rank_before_name_after_long_title",
     "Kepala Satuan Reserse Kriminal Polres Garut AKP Bima Santoso mengatakan dua tersangka sudah "
     "ditahan.",
     {{"dua tersangka sudah ditahan", "Bima Santoso", false}}},
    {"pronoun_follows_the_previous_sentence_subject",
     "“Kami menang karena rakyat ingin perubahan,” kata Lukas Meyer di Berlin. Ketua Partai Hijau "
     "Anna Schultz belum memberi selamat. Ia mengatakan partainya akan menunggu hasil resmi.",
     {{"Kami menang karena rakyat ingin perubahan", "Lukas Meyer", true},
      {"partainya akan menunggu hasil resmi", "Anna Schultz", false}}},
    {"document_speaker_keeps_its_noun",
     "“Penyesuaian iuran dapat dilakukan secara bertahap,” tulis dokumen tersebut.",
     {{"Penyesuaian iuran dapat dilakukan secara bertahap", "dokumen tersebut", true}}},
    // ---- fifth and sixth held-out sets' error classes (original texts)
    {"menurutnya_opens_a_reported_clause",
     "Ekonom Indef, Rendra Wibisono, menilai harga beras akan naik. Menurutnya, musim tanam mundur "
     "karena kemarau panjang.",
     {{"harga beras akan naik", "Rendra Wibisono", false},
      {"musim tanam mundur karena kemarau panjang", "Rendra Wibisono", false}}},
    {"menurutnya_closes_a_reported_clause",
     "Pengamat transportasi Joko Setiawan menyoroti tarif baru bus kota. Kenaikan tarif itu "
     "terlalu cepat, menurutnya.",
     {{"Kenaikan tarif itu terlalu cepat", "Joko Setiawan", false}}},
    {"membenarkan_without_bahwa",
     "Kepala Dinas Kesehatan Siti Rahmawati membenarkan stok vaksin di puskesmas sudah habis.",
     {{"stok vaksin di puskesmas sudah habis", "Siti Rahmawati", false}}},
    {"mendalilkan_reports_a_claim",
     "Kuasa hukum pemohon, Rahmat Hidayat, mendalilkan terjadi penggelembungan suara di tiga "
     "kecamatan.",
     {{"terjadi penggelembungan suara di tiga kecamatan", "Rahmat Hidayat", false}}},
    {"menduga_with_a_short_subject_before_an_adjunct",
     "Polisi menduga pembalakan liar di hulu sungai memicu banjir.",
     {{"pembalakan liar di hulu sungai memicu banjir", "Polisi", false}}},
    {"bercerita_before_a_clause",
     "Warga Desa Sukamaju, Darsih (50), bercerita, air naik setinggi dada dalam satu jam.",
     {{"air naik setinggi dada dalam satu jam", "Darsih", false}}},
    {"wire_lead_in_cites_the_source",
     "Dikutip dari Bloomberg, pemegang saham pengendali akan melepas 20 persen saham perusahaan.",
     {{"pemegang saham pengendali akan melepas 20 persen saham", "Bloomberg", false}}},
    {"wire_lead_in_drops_the_web_page_noun",
     "Dilansir dari laman Variety, film itu akan tayang di bioskop pada Desember.",
     {{"film itu akan tayang di bioskop pada Desember", "Variety", false}}},
    {"wire_lead_in_yields_to_a_speech_verb",
     "Seperti dikutip Reuters, militer Israel mengklaim serangan hanya menyasar gudang senjata.",
     {{"serangan hanya menyasar gudang senjata", "militer Israel", false}}},
    {"corps_word_after_rank_is_not_the_name",
     "Komandan Kodim 0612 Letkol Inf Bayu Prasetyo mengatakan 200 prajurit sudah dikerahkan.",
     {{"200 prajurit sudah dikerahkan", "Bayu Prasetyo", false}}},
    {"tni_after_rank_is_not_the_name",
     "Kepala Pusat Penerangan TNI Mayjen TNI Agus Wibowo menyebut seluruh prajurit sudah "
     "berada di bungker. “Kita bertahan,” ujarnya.",
     {{"seluruh prajurit sudah berada di bungker", "Agus Wibowo", false},
      {"Kita bertahan", "Agus Wibowo", true}}},
    {"role_noun_with_relative_clause_refers_back",
     "Koordinator aksi, Ratna Sari, mengatakan pelayanan gawat darurat tetap berjalan. Perawat "
     "yang sudah 12 tahun bekerja di rumah sakit itu menyebut sebagian perawat terpaksa berutang.",
     {{"pelayanan gawat darurat tetap berjalan", "Ratna Sari", false},
      {"sebagian perawat terpaksa berutang", "Ratna Sari", false}}},
    {"athlete_description_refers_back",
     "Petenis Indonesia, Rahayu Kusumawati, lolos ke semifinal. Petenis berusia 27 tahun itu "
     "mengaku tidak menyangka bisa menang.",
     {{"tidak menyangka bisa menang", "Rahayu Kusumawati", false}}},
    {"description_refers_to_the_subject_not_the_object",
     "Tunggal putri Indonesia, Rizky Amanda, mengalahkan unggulan asal China, Liu Xinyan. "
     "Perempuan itu mengaku tidak menyangka bisa membalikkan keadaan.",
     {{"tidak menyangka bisa membalikkan keadaan", "Rizky Amanda", false}}},
    {"body_named_after_a_source_description",
     "Namun, kantor berita pemerintah Iran, IRNA, melaporkan sedikitnya 12 orang tewas.",
     {{"sedikitnya 12 orang tewas", "IRNA", false}}},
    {"title_with_dan_before_a_name_is_a_subject",
     "“Saya kurang fit,” kata Liu Xinyan. Kepala Bidang Pembinaan dan Prestasi PBSI Dedi "
     "Firmansyah mengapresiasi capaian tersebut. “Ini modal bagus,” ucapnya.",
     {{"Saya kurang fit", "Liu Xinyan", true}, {"Ini modal bagus", "Dedi Firmansyah", true}}},
    {"untagged_first_name_opening_a_sentence",
     "Gelandang Dimas Arya Saputra resmi bergabung dengan FC Groningen. Direktur teknik klub, "
     "Jeroen Bakker, mengatakan klubnya sudah lama memantau Dimas. Dimas tiba di Belanda pada "
     "Kamis. Dia mengaku senang.",
     {{"klubnya sudah lama memantau Dimas", "Jeroen Bakker", false},
      {"senang", "Dimas Arya Saputra", false}}},
    // ---- heldout7/heldout8 classes
    {"country_after_title_is_not_in_the_name",
     "Menteri Luar Negeri RI Laksmi Anggraini mengatakan Indonesia siap mengirim bantuan pangan. "
     "“Kami tidak bisa terus menunggu,” kata Laksmi seusai pertemuan.",
     {{"Indonesia siap mengirim bantuan pangan", "Laksmi Anggraini", false},
      {"Kami tidak bisa terus menunggu", "Laksmi Anggraini", true}}},
    {"outlet_after_kepada_is_not_a_speaker",
     "Kepala Pelaksana BPBD Luwu, Andi Baso Tenri, mengatakan banjir dipicu hujan deras. "
     "“Warga tidak sempat menyelamatkan barang,” ujarnya kepada detikSulsel, Rabu (14/5).",
     {{"banjir dipicu hujan deras", "Andi Baso Tenri", false},
      {"Warga tidak sempat menyelamatkan barang", "Andi Baso Tenri", true}}},
    {"role_then_name_in_apposition_after_the_cue",
     "KPK menyatakan menghormati hak terdakwa. “Silakan disampaikan dalam pleidoi,” kata juru "
     "bicara KPK, Indra Kusumawardhani, melalui pesan singkat.",
     {{"menghormati hak terdakwa", "KPK", false},
      {"Silakan disampaikan dalam pleidoi", "Indra Kusumawardhani", true}}},
    {"role_anaphora_subject_makes_the_person_salient",
     "Jaksa Wawan Setiadi menilai terdakwa terbukti menerima suap. Mantan Menteri Pemuda dan "
     "Olahraga Darmawan Saputra hadir di ruang sidang. “Uang diterima bertahap,” kata Wawan. "
     "Mantan menteri itu tampak tenang. Seusai sidang, ia mengatakan akan membacakan pleidoi "
     "sendiri.",
     {{"terdakwa terbukti menerima suap", "Wawan Setiadi", false},
      {"Uang diterima bertahap", "Wawan Setiadi", true},
      {"akan membacakan pleidoi sendiri", "Darmawan Saputra", false}}},
    {"player_position_description_refers_back",
     "Kapten tim, Fajar Nugroho, mengaku lapangan yang basah menyulitkan. “Itu bukan alasan,” "
     "ujarnya. “Kami malu kalah di kandang,” imbuh gelandang asal Makassar itu.",
     {{"lapangan yang basah menyulitkan", "Fajar Nugroho", false},
      {"Itu bukan alasan", "Fajar Nugroho", true},
      {"Kami malu kalah di kandang", "Fajar Nugroho", true}}},
    {"name_with_an_age_is_a_person",
     "Direktur RSUD Majalaya, Harun Ar Rasyid, mengatakan ruang rawat anak sudah penuh. Salah "
     "seorang orang tua pasien, Siti Komariah (34), warga Kecamatan Baleendah, mengaku anaknya "
     "sempat dikira terkena tifus. “Tiga hari panas, dikasih obat warung,” tuturnya.",
     {{"ruang rawat anak sudah penuh", "Harun Ar Rasyid", false},
      {"anaknya sempat dikira terkena tifus", "Siti Komariah", false},
      {"Tiga hari panas, dikasih obat warung", "Siti Komariah", true}}},
};


INSTANTIATE_TEST_SUITE_P(Table, QuotesTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& i) {
                           return std::string(i.param.name);
                         });

TEST(QuoteExtractorLoad, MissingDataNamesTheFile) {
  auto q = QuoteExtractor::load("/nonexistent-kabar-data");
  ASSERT_FALSE(q);
  EXPECT_NE(q.error().message.find("/nonexistent-kabar-data"), std::string::npos)
      << q.error().message;
}

TEST(QuoteExtractorEmpty, EmptyTextGivesNoQuotes) {
  auto q = QuoteExtractor::load(KABAR_SOURCE_DATA_DIR);
  ASSERT_TRUE(q) << q.error().message;
  Analysis a;
  std::vector<Quote> out{Quote{}};
  q->annotate(a, out);
  EXPECT_TRUE(out.empty());
  a.doc.text = "“";
  q->annotate(a, out);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace kabar::extract
