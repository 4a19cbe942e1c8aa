// Ingest: decoding, refusals and the file-system readers, one test per bad-input class.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "kabar/core/utf8.h"
#include "kabar/ingest/reader.h"

namespace kabar::ingest {
namespace {

const std::string kData = std::string(KABAR_TEST_DIR) + "/ingest/data/";

std::vector<ReadResult> read_all(const std::vector<std::string>& paths, ReadOptions o = {}) {
  std::vector<ReadResult> out;
  read_paths(paths, o, [&](ReadResult r) { out.push_back(std::move(r)); });
  return out;
}

ReadResult read_one(const std::string& file, ReadOptions o = {}) {
  auto all = read_all({kData + file}, o);
  EXPECT_EQ(all.size(), 1u) << file;
  if (all.empty()) return Error{"nothing read"};
  return std::move(all.front());
}

std::string message(const ReadResult& r) { return r.ok() ? "(ok)" : r.error().message; }

void expect_valid(const Document& d) {
  EXPECT_TRUE(utf8::is_valid(d.text));
  ASSERT_EQ(d.to_original.size(), d.text.size() + 1);
  EXPECT_TRUE(std::is_sorted(d.to_original.begin(), d.to_original.end()));
  EXPECT_EQ(d.id.size(), 16u);
  EXPECT_FALSE(d.text.empty());
  EXPECT_NE(d.text.front(), ' ');
  EXPECT_NE(d.text.back(), '\n');
}

TEST(Ingest, PlainTextIsTrimmedAndIdentified) {
  auto r = read_one("plain.txt");
  ASSERT_TRUE(r.ok()) << message(r);
  expect_valid(*r);
  EXPECT_EQ(r->path, kData + "plain.txt");
  EXPECT_EQ(r->text.rfind("Pemerintah Kota Bandung", 0), 0u);
  EXPECT_EQ(r->text.substr(r->text.size() - 6), "warga.");
  EXPECT_TRUE(r->ingest_warnings.empty());
  auto again = make_document("x", r->text, {}, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, r->id);  // id is a hash of the text, not of the name
}

std::optional<std::string> title_of_text(const std::string& body) {
  auto dir = std::filesystem::temp_directory_path() / "kabar_headline_test";
  std::filesystem::create_directories(dir);
  auto file = dir / "article.txt";
  std::ofstream(file, std::ios::binary) << body;
  auto all = read_all({file.string()});
  std::filesystem::remove_all(dir);
  EXPECT_EQ(all.size(), 1u);
  if (all.empty() || !all.front().ok()) return std::string("(unreadable)");
  EXPECT_EQ(all.front()->text.rfind(body.substr(0, 10), 0), 0u);  // the headline stays in the text
  return all.front()->meta.title;
}

TEST(Ingest, PlainTextHeadlineIsAStandaloneShortFirstLine) {
  EXPECT_EQ(title_of_text("Banjir Bandang Terjang Kerinci, Dua Warga Hilang\n\nSUNGAI PENUH - Banjir."),
            "Banjir Bandang Terjang Kerinci, Dua Warga Hilang");
  EXPECT_EQ(title_of_text("\u201CKami Siap\u201D, Kata Menteri\r\n\r\nJakarta - Menteri berkata."),
            "\u201CKami Siap\u201D, Kata Menteri");
  // a first sentence, a lead-in, a line with no blank line after it, a lone line: no title
  EXPECT_EQ(title_of_text("Rusia menolak berkomentar pada hari Kamis.\n\nIa berkata."), std::nullopt);
  EXPECT_EQ(title_of_text("Presiden mengatakan kepada wartawan:\n\n\u201CKami siap.\u201D"),
            std::nullopt);
  EXPECT_EQ(title_of_text("Banjir Bandang Terjang Kerinci\nSUNGAI PENUH - Banjir melanda."),
            std::nullopt);
  EXPECT_EQ(title_of_text("Banjir Bandang Terjang Kerinci\n\n"), std::nullopt);
  EXPECT_EQ(title_of_text("jakarta - banjir melanda kota\n\nWarga mengungsi."), std::nullopt);
}

TEST(Ingest, InvalidUtf8IsRepairedWithWarning) {
  auto r = read_one("invalid_utf8.txt");
  ASSERT_TRUE(r.ok()) << message(r);
  expect_valid(*r);
  EXPECT_NE(r->text.find("André"), std::string::npos);
  EXPECT_NE(r->text.find("\xEF\xBF\xBD"), std::string::npos);
  ASSERT_EQ(r->ingest_warnings.size(), 1u);
  EXPECT_EQ(r->ingest_warnings[0], "invalid UTF-8 repaired (3 bytes)");
}

TEST(Ingest, LegacyEightBitTextIsDecodedAsWindows1252) {
  auto r = read_one("cp1252.txt");
  ASSERT_TRUE(r.ok()) << message(r);
  EXPECT_EQ(r->text, "Menteri itu berkata, \u201CKami siap membantu.\u201D");
  ASSERT_EQ(r->ingest_warnings.size(), 1u);
  EXPECT_EQ(r->ingest_warnings[0], "not UTF-8: decoded as Windows-1252");
}

TEST(Ingest, Utf16LittleEndianWithBom) {
  auto r = read_one("utf16le.txt");
  ASSERT_TRUE(r.ok()) << message(r);
  EXPECT_EQ(r->text, "Banjir melanda Semarang, ribuan warga mengungsi ke masjid.");
  EXPECT_TRUE(r->ingest_warnings.empty());
}

TEST(Ingest, Utf16BigEndianWithBom) {
  auto r = read_one("utf16be.txt");
  ASSERT_TRUE(r.ok()) << message(r);
  EXPECT_EQ(r->text, "Banjir melanda Semarang, ribuan warga mengungsi ke masjid.");
}

TEST(Ingest, Utf16UnpairedSurrogateIsRepaired) {
  std::string bytes = "\xFF\xFE";
  for (char16_t u : std::u16string(u"Ada ") + char16_t(0xD800) + u" di sini") {
    bytes += char(u & 0xFF);
    bytes += char(u >> 8);
  }
  auto r = make_document("s", bytes, {}, {});
  ASSERT_TRUE(r.ok()) << message(r);
  EXPECT_EQ(r->text, "Ada \uFFFD di sini");
  ASSERT_EQ(r->ingest_warnings.size(), 1u);
}

TEST(Ingest, Utf8BomIsStripped) {
  auto r = read_one("utf8_bom.txt");
  ASSERT_TRUE(r.ok()) << message(r);
  EXPECT_EQ(r->text, "Kereta cepat berangkat tepat waktu.");
  EXPECT_EQ(r->to_original.front(), 0u);  // offsets into the decoded text, BOM removed
}

TEST(Ingest, NulBytesAreBinary) {
  auto r = read_one("nul.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(message(r), kData + "nul.txt: binary file (NUL bytes), not a text document");
}

TEST(Ingest, PngGivenExplicitlyIsRefusedAsBinary) {
  auto r = read_one("image.png");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(message(r), kData + "image.png: binary file (PNG image), not a text document");
}

TEST(Ingest, MostlyControlCharactersAreBinary) {
  auto r = read_one("control.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(message(r).find("control characters), not a text document"), std::string::npos)
      << message(r);
}

TEST(Ingest, MagicNumbersAreBinary) {
  for (std::string_view magic : {"%PDF-1.7\nabc", "PK\x03\x04rest",
                                 "\x7f"
                                 "ELFxx",
                                 "GIF89a..", "\xFF\xD8\xFF\xE0jpeg"}) {
    auto r = make_document("m", magic, {}, {});
    EXPECT_FALSE(r.ok()) << magic;
  }
}

TEST(Ingest, EmptyFile) {
  auto r = read_one("empty.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(message(r), kData + "empty.txt: empty document");
}

TEST(Ingest, WhitespaceOnlyFile) {
  auto r = read_one("blank.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(message(r), kData + "blank.txt: empty document");
  EXPECT_FALSE(make_document("nbsp", "\xC2\xA0 \xE2\x80\x8B\n", {}, {}).ok());
}

TEST(Ingest, OverTheSizeLimit) {
  ReadOptions small;
  small.max_bytes = 100;
  auto r = read_one("plain.txt", small);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(message(r),
            kData + "plain.txt: document is 134 bytes, over the 100 bytes limit (--max-size)");
  std::string big(size_t(12.3 * 1024 * 1024), 'a');
  auto m = make_document("big.txt", big, {}, {});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message, "big.txt: document is 12.3 MB, over the 10 MB limit (--max-size)");
}

TEST(Ingest, TrimKeepsOffsetsIntoTheOriginal) {
  auto r = make_document("t", "\n\n  Satu dua.  \n", {}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text, "Satu dua.");
  EXPECT_EQ(r->to_original.front(), 4u);
  EXPECT_EQ(r->to_original.back(), 13u);
}

TEST(Ingest, OffsetsMapCrLfAndBomBackToTheDecodedBytes) {
  std::string bytes = "\xEF\xBB\xBF  Baris satu.\r\nBaris dua.\r\n";
  auto r = make_document("crlf", bytes, {}, {});
  ASSERT_TRUE(r.ok());
  expect_valid(*r);
  EXPECT_EQ(r->text, "Baris satu.\nBaris dua.");
  std::string_view decoded = std::string_view(bytes).substr(3);
  size_t dua = r->text.find("dua");
  EXPECT_EQ(decoded.substr(r->to_original[dua], 3), "dua");
  EXPECT_EQ(r->to_original.back(), decoded.find("dua.") + 4);
}

TEST(Ingest, NonexistentPath) {
  auto all = read_all({kData + "tidak-ada.txt"});
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(message(all[0]), kData + "tidak-ada.txt: no such file or directory");
}

TEST(Ingest, DirectoryRecursionIsSortedAndSkipsHiddenAndUnknown) {
  auto all = read_all({kData + "tree"});
  std::vector<std::string> paths;
  for (const auto& r : all) {
    ASSERT_TRUE(r.ok()) << message(r);
    paths.push_back(r->path.substr(kData.size()));
  }
  std::vector<std::string> want = {"tree/README", "tree/a.txt", "tree/a/y.HTML", "tree/a/z.md",
                                   "tree/b.txt"};
  EXPECT_EQ(paths, want);
  EXPECT_EQ(all[2]->text, "Berkas y berformat HTML.");
}

TEST(Ingest, DirectoryWithSymlinkLoopTerminates) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("kabar_ingest_loop_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "sub" / "a.txt") << "Isi berkas di dalam lingkaran.\n";
  std::error_code ec;
  fs::create_directory_symlink(dir, dir / "sub" / "loop", ec);
  if (ec) GTEST_SKIP() << "cannot create symlinks here";
  auto all = read_all({dir.string()});
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(all[0].ok()) << message(all[0]);
  fs::remove_all(dir);
}

TEST(Ingest, StdinTextGoesThroughMakeDocument) {
  auto r = make_document("-", "Teks dari masukan standar.\n", {}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->path, "-");
  EXPECT_EQ(r->text, "Teks dari masukan standar.");
}

TEST(Ingest, UnreadableFileNamesTheOsReason) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can read everything";
  namespace fs = std::filesystem;
  fs::path f =
      fs::temp_directory_path() / ("kabar_ingest_noread_" + std::to_string(::getpid()) + ".txt");
  std::ofstream(f) << "rahasia";
  fs::permissions(f, fs::perms::none);
  auto all = read_all({f.string()});
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(message(all[0]), f.string() + ": permission denied");
  fs::remove(f);
}

TEST(Ingest, OsErrorsAreNamed) {
  auto all = read_all({kData + "plain.txt/anak"});
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(message(all[0]), kData + "plain.txt/anak: not a directory");
}

TEST(Ingest, NeverThrowsOnArbitraryBytes) {
  uint64_t s = 12345;
  for (int i = 0; i < 300; ++i) {
    std::string bytes(size_t(i * 7 % 500), '\0');
    for (char& c : bytes) {
      s = s * 6364136223846793005ULL + 1442695040888963407ULL;
      c = char(s >> 56);
    }
    if (i % 3 == 0) {
      for (char& c : bytes) c = char(c & 0x7F ? c : 'x');  // no NULs: exercises the text path
    }
    auto r = make_document("rnd", bytes, {}, {});
    if (r.ok()) expect_valid(*r);
  }
}

}  // namespace
}  // namespace kabar::ingest
