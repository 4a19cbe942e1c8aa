// HTML reader: boilerplate removal, metadata, malformed markup.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kabar/ingest/html.h"
#include "kabar/ingest/reader.h"

namespace kabar::ingest {
namespace {

const std::string kData = std::string(KABAR_TEST_DIR) + "/ingest/data/";

ReadResult read_one(const std::string& file) {
  std::vector<ReadResult> all;
  read_paths({kData + file}, {}, [&](ReadResult r) { all.push_back(std::move(r)); });
  EXPECT_EQ(all.size(), 1u);
  if (all.empty()) return Error{"nothing read"};
  return std::move(all.front());
}

bool has(const std::string& text, std::string_view s) { return text.find(s) != std::string::npos; }

TEST(Html, BoilerplateRemovedTitleAndMetaRead) {
  auto r = read_one("article.html");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const std::string& t = r->text;
  EXPECT_EQ(t,
            "Wali kota Palembang meresmikan jembatan baru di atas Sungai Musi pada Senin pagi.\n"
            "Jembatan sepanjang 400 meter itu dibangun selama dua tahun & menelan biaya besar.\n"
            "Warga berharap kemacetan\n"
            "di pusat kota berkurang.");
  for (std::string_view junk : {"Beranda", "Ekonomi", "iklan", "Baca juga", "Berita lain",
                                "komentar", "skrip", "color", "Terpopuler", "Hak cipta"}) {
    EXPECT_FALSE(has(t, junk)) << junk;
  }
  EXPECT_EQ(r->meta.title.value_or(""), "Jembatan Baru Diresmikan di Palembang");
  EXPECT_EQ(r->meta.outlet.value_or(""), "Warta Contoh");
  EXPECT_EQ(r->meta.url.value_or(""), "https://warta.contoh.id/jembatan-baru");
  EXPECT_EQ(r->meta.published.value_or(""), "2024-05-20T09:30:00+07:00");
  EXPECT_EQ(r->meta.author.value_or(""), "Siti Rahma");
}

TEST(Html, MalformedMarkupStillGivesText) {
  auto r = read_one("malformed.html");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(has(r->text, "Hujan deras turun di Bogor sejak sore.")) << r->text;
  EXPECT_TRUE(has(r->text, "merendam rumah warga")) << r->text;
  EXPECT_TRUE(has(r->text, "Petugas berjaga")) << r->text;
}

TEST(Html, JsonLdAndContentClass) {
  auto r = read_one("jsonld.html");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->text,
            "Pasar murah digelar di alun-alun kota selama tiga hari.\n"
            "Warga antre sejak pagi untuk membeli beras dan minyak goreng.");
  EXPECT_EQ(r->meta.title.value_or(""), "Pasar Murah Digelar");
  EXPECT_EQ(r->meta.published.value_or(""), "2024-06-01T08:00:00+07:00");
  EXPECT_EQ(r->meta.author.value_or(""), "Budi Santoso");
  EXPECT_EQ(r->meta.outlet.value_or(""), "Media Contoh");
}

TEST(Html, TitleTagSuffixAndFirstHeadingFallback) {
  auto a = extract_html(
      "<html><head><title>Judul Utama | Koran Contoh</title>"
      "<meta property='og:site_name' content='Koran Contoh'></head>"
      "<body><p>Isi singkat.</p></body></html>");
  EXPECT_EQ(a.meta.title.value_or(""), "Judul Utama");
  auto c = extract_html("<title>Judul Kedua - Contoh.co.id</title><p>Isi.</p>");
  EXPECT_EQ(c.meta.title.value_or(""), "Judul Kedua");
  auto b = extract_html("<body><h1>Judul Dari H1</h1><p>Isi singkat lain.</p></body>");
  EXPECT_EQ(b.meta.title.value_or(""), "Judul Dari H1");
  EXPECT_EQ(b.text, "Isi singkat lain.");  // the headline is not repeated in the body
}

TEST(Html, EntitiesAndBlocksBecomeParagraphs) {
  auto a = extract_html(
      "<div>Satu&nbsp;dua &quot;tiga&quot;</div><ul><li>Empat lima</li>"
      "<li>Enam tujuh</li></ul><h2>Delapan</h2>");
  EXPECT_EQ(a.text, "Satu dua \"tiga\"\nEmpat lima\nEnam tujuh\nDelapan");
}

TEST(Html, MisleadingClassOnTheMainWrapperIsIgnored) {
  auto a = extract_html(
      "<body><div class='wrap share-enabled'><p>Paragraf utama yang panjang sekali "
      "tentang banjir di kota.</p><p>Paragraf kedua juga penting.</p></div>"
      "<div class='share'>Bagikan ke teman</div></body>");
  EXPECT_EQ(
      a.text,
      "Paragraf utama yang panjang sekali tentang banjir di kota.\nParagraf kedua juga penting.");
}

TEST(Html, LinkOnlyPageIsEmpty) {
  auto r = make_document("x", "", {}, {});
  EXPECT_FALSE(r.ok());
  auto a = extract_html(
      "<body><nav>menu</nav><div><a href='/'>Beranda</a> <a href='/b'>Berita</a></div></body>");
  EXPECT_EQ(a.text, "");
}

TEST(Html, ExplicitHtmlContentWithoutExtensionIsSniffed) {
  auto a = extract_html("");
  EXPECT_EQ(a.text, "");
  std::vector<ReadResult> all;
  read_paths({kData + "tree/a/y.HTML"}, {}, [&](ReadResult r) { all.push_back(std::move(r)); });
  ASSERT_EQ(all.size(), 1u);
  ASSERT_TRUE(all[0].ok());
  EXPECT_EQ(all[0]->text, "Berkas y berformat HTML.");
}

TEST(Html, ModerateNestingIsParsed) {
  std::string html;
  for (int i = 0; i < 1000; ++i) html += "<div>";
  html += "Teks terdalam.";
  auto a = extract_html(html);
  EXPECT_EQ(a.text, "Teks terdalam.");
  EXPECT_TRUE(a.warnings.empty());
}

TEST(Html, HostileNestingIsStrippedNotParsed) {
  std::string html = "<script>var x = '<div>';</script>";
  for (int i = 0; i < 300000; ++i) html += i % 2 ? "<b>" : "<div>";
  html += "Teks &amp; terdalam.";
  auto a = extract_html(html);  // gumbo would overflow the stack or take minutes here
  EXPECT_EQ(a.text, "Teks & terdalam.");
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0], "HTML nested too deeply: tags stripped without parsing");
}

TEST(Html, PortalPageKeepsOnlyTheBody) {
  auto r = read_one("news_page.html");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->text,
            "Jakarta - Harga beras medium di Pasar Induk Cipinang turun menjadi Rp 12.500 per "
            "kilogram pada Selasa (2/7/2024).\n"
            "Seorang pedagang, Joko, mengatakan pasokan dari Karawang dan Indramayu kembali lancar "
            "setelah panen raya.\n"
            "\"Minggu lalu masih Rp 13.000, sekarang sudah turun,\" kata Joko kepada wartawan.\n"
            "Pemerintah daerah berencana memantau harga setiap pekan hingga akhir bulan.");
  EXPECT_EQ(r->meta.title.value_or(""), "Harga Beras Turun di Pasar Induk");
  EXPECT_EQ(r->meta.published.value_or(""), "2024/07/02 10:15:00");
  EXPECT_EQ(r->meta.author.value_or(""), "Dewi Lestari");
}

}  // namespace
}  // namespace kabar::ingest
