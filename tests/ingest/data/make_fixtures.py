#!/usr/bin/env python3
"""Writes the ingest test fixtures (some are binary or deliberately broken). Run from this folder."""
import json, os

def w(name, data):
    os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
    with open(name, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))

w("plain.txt", "Pemerintah Kota Bandung membuka taman baru di kawasan Dago pada Sabtu pagi.\n\n"
               "Wali kota mengatakan taman itu gratis untuk semua warga.\n")
# a valid multi-byte character (é) plus three invalid bytes -> repaired, not Windows-1252
w("invalid_utf8.txt", "Harga cabai di pasar naik lagi, kata André. ".encode() + b"\xff\xfe\xc3" +
  " Pedagang mengeluh.\n".encode())
w("cp1252.txt", b"Menteri itu berkata, \x93Kami siap membantu.\x94\n")
utf16_text = "Banjir melanda Semarang, ribuan warga mengungsi ke masjid.\n"
w("utf16le.txt", b"\xff\xfe" + utf16_text.encode("utf-16-le"))
w("utf16be.txt", b"\xfe\xff" + utf16_text.encode("utf-16-be"))
w("utf8_bom.txt", b"\xef\xbb\xbf" + "Kereta cepat berangkat tepat waktu.\n".encode())
w("nul.txt", b"Teks ini rusak\x00\x00\x00 karena ada byte nol.\n")
w("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(32)))
w("empty.txt", b"")
w("blank.txt", " \n\t  \r\n   \n")
w("control.txt", b"\x01\x02\x03\x04\x05\x06ab\x07\x08\x0b\x0c\x0e\x0f")

lines = [
    json.dumps({"title": "Gempa di Cianjur", "text": "Gempa kecil terasa di Cianjur pada Selasa malam.",
                "url": "https://contoh.id/gempa", "published": "2024-03-05T20:15:00+07:00",
                "source": "Kabar Contoh"}),
    '{"title": "rusak", "text": "kurang tanda kutip}',
    json.dumps({"title": "Tanpa isi", "url": "https://contoh.id/kosong"}),
    json.dumps({"body": ["Paragraf pertama tentang panen padi.", "Paragraf kedua tentang harga gabah."],
                "date": "2024-04-01"}),
    "",
    json.dumps({"id": "1700000000-petani-garam", "source": "contoh",
                "source_url": "https://contoh.id/garam",
                "paragraphs": [[["Petani", "garam", "di", "Madura", "(", "Jawa", "Timur", ")", "senang", "."],
                                ["\"", "Cuaca", "cerah", ",", "hasil", "bagus", "!", "\"", "kata", "Pak", "Ali", "."]],
                               [["Harga", "naik", "pada", "12", "/", "3", "."]]]}),
    json.dumps({"content": "   "}),
]
w("lines.jsonl", "\n".join(lines) + "\n")
w("one.json", json.dumps({"title": "Satu berkas", "content": "Isi berita dalam satu objek JSON."}))
w("array.json", json.dumps([{"text": "Berita pertama di dalam larik."}, {"judul": "tanpa teks"},
                            {"text": "Berita ketiga di dalam larik."}]))

page = """<!DOCTYPE html>
<html lang="id"><head>
<meta charset="utf-8">
<title>Jembatan Baru Diresmikan - Warta Contoh</title>
<meta property="og:title" content="Jembatan Baru Diresmikan di Palembang">
<meta property="og:site_name" content="Warta Contoh">
<meta property="og:url" content="https://warta.contoh.id/jembatan-baru">
<meta property="article:published_time" content="2024-05-20T09:30:00+07:00">
<meta name="author" content="Siti Rahma">
<link rel="canonical" href="https://warta.contoh.id/kanonik">
<style>body { color: red; }</style>
<script>var menu = "Beranda";</script>
</head><body>
<header><a href="/">Beranda</a> <a href="/nasional">Nasional</a> <a href="/olahraga">Olahraga</a></header>
<nav><ul><li><a href="/a">Ekonomi</a></li><li><a href="/b">Politik</a></li></ul></nav>
<div class="iklan">Pasang iklan di sini sekarang juga</div>
<article>
<h1>Jembatan Baru Diresmikan di Palembang</h1>
<p>Wali kota Palembang meresmikan jembatan baru di atas Sungai Musi pada Senin pagi.</p>
<p>Jembatan sepanjang 400 meter itu dibangun selama dua tahun &amp; menelan biaya besar.</p>
<p>Baca juga: <a href="/lain">Harga tiket kapal naik</a></p>
<ul class="list"><li><a href="/1">Berita lain pertama yang cukup panjang judulnya</a></li>
<li><a href="/2">Berita lain kedua yang juga panjang judulnya</a></li></ul>
<p>Warga berharap kemacetan<br>di pusat kota berkurang.</p>
<!-- komentar HTML tidak boleh muncul -->
<script>document.write("skrip");</script>
</article>
<aside>Terpopuler: lima berita paling banyak dibaca</aside>
<footer>Hak cipta Warta Contoh. Semua hak dilindungi.</footer>
</body></html>
"""
w("article.html", page)
w("malformed.html", "<html><body><div><p>Hujan deras turun di Bogor sejak sore.<p>Sungai Ciliwung meluap "
                    "<b>dan <i>merendam rumah warga</div><span>Petugas berjaga")
w("jsonld.html", """<html><head><script type="application/ld+json">
{"@context":"https://schema.org","@type":"NewsArticle","headline":"Pasar Murah Digelar",
 "datePublished":"2024-06-01T08:00:00+07:00","author":{"@type":"Person","name":"Budi Santoso"},
 "publisher":{"@type":"Organization","name":"Media Contoh"}}
</script></head><body><div id="menu"><a href="/">Beranda</a></div>
<div class="detail__body-text"><p>Pasar murah digelar di alun-alun kota selama tiga hari.</p>
<p>Warga antre sejak pagi untuk membeli beras dan minyak goreng.</p></div>
<div class="footer-links"><a href="/x">Tentang kami</a></div></body></html>""")

# directory recursion: sorted by path, hidden skipped, unknown extensions skipped
w("tree/b.txt", "Berkas b di akar pohon.\n")
w("tree/a.txt", "Berkas a di akar pohon.\n")
w("tree/a/z.md", "Berkas z di dalam folder a.\n")
w("tree/a/y.HTML", "<p>Berkas y berformat HTML.</p>")
w("tree/.hidden.txt", "Berkas tersembunyi.\n")
w("tree/.cache/config.txt", "Folder tersembunyi.\n")
w("tree/gambar.png", b"\x89PNG\r\n\x1a\n\x00\x00")
w("tree/catatan.xyz", "Ekstensi tidak dikenal.\n")
w("tree/README", "Berkas tanpa ekstensi dibaca sebagai teks.\n")

# a news page shaped like big Indonesian portals: teaser <article>s, inline ads, "Baca juga" boxes,
# a comment section with plain text, a body <div class="read__content">
w("news_page.html", """<!doctype html><html><head>
<meta property="og:title" content="Harga Beras Turun di Pasar Induk">
<meta name="dtk:publishdate" content="2024/07/02 10:15:00">
<meta name="content_author" content="Dewi Lestari">
</head><body>
<div class="topbar"><a href="/">Beranda</a><a href="/news">News</a><a href="/finance">Finance</a></div>
<div class="container">
 <div class="column-8">
  <article class="detail">
   <h1 class="detail__title">Harga Beras Turun di Pasar Induk</h1>
   <div class="detail__author">Dewi Lestari - detikContoh</div>
   <div class="detail__date">Selasa, 02 Jul 2024 10:15 WIB</div>
   <div class="detail__body-text itp_bodycontent">
    <p><strong>Jakarta</strong> - Harga beras medium di Pasar Induk Cipinang turun menjadi Rp 12.500 per kilogram pada Selasa (2/7/2024).</p>
    <div class="parallaxindetail">ADVERTISEMENT</div>
    <p class="para_caption">SCROLL TO CONTINUE WITH CONTENT</p>
    <p>Seorang pedagang, Joko, mengatakan pasokan dari Karawang dan Indramayu kembali lancar setelah panen raya.</p>
    <table class="linksisip"><tr><td><div class="lihatjg"><strong>Baca juga:</strong><a href="/x">Stok Beras Aman Hingga Akhir Tahun</a></div></td></tr></table>
    <p>"Minggu lalu masih Rp 13.000, sekarang sudah turun," kata Joko kepada wartawan.</p>
    <p><strong>Baca juga: <a href="/y">Bulog Siapkan Operasi Pasar</a></strong></p>
    <p>Pemerintah daerah berencana memantau harga setiap pekan hingga akhir bulan.</p>
   </div>
   <div class="detail__body-tag"><a href="/tag/beras">beras</a><a href="/tag/pasar">pasar</a></div>
  </article>
  <div id="comments"><p>Komentar pembaca: semoga harga terus turun sampai lebaran nanti, kami sangat berharap sekali.</p></div>
 </div>
 <div class="column-4">
  <article class="list-content__item"><a href="/1"><h3>Judul berita samping pertama yang panjang</h3></a></article>
  <article class="list-content__item"><a href="/2"><h3>Judul berita samping kedua yang panjang</h3></a></article>
 </div>
</div>
<div class="footer">Redaksi | Pedoman Media Siber | Karir</div>
</body></html>
""")

# JSON lines under a .json name, and UTF-16 JSON lines
w("lines_as.json", '{"text": "Baris pertama berkas json."}\n{"text": "Baris kedua berkas json."}\n')
w("utf16.jsonl", b"\xff\xfe" + ('{"text": "Baris UTF-16 pertama."}\n'
                               '{"text": "Baris UTF-16 kedua."}\n').encode("utf-16-le"))
