// JSON lines, .json files, IndoSum records, detokenisation.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "kabar/ingest/json.h"
#include "kabar/ingest/reader.h"

namespace kabar::ingest {
namespace {

const std::string kData = std::string(KABAR_TEST_DIR) + "/ingest/data/";

std::vector<ReadResult> read_all(const std::vector<std::string>& paths, ReadOptions o = {}) {
  std::vector<ReadResult> out;
  read_paths(paths, o, [&](ReadResult r) { out.push_back(std::move(r)); });
  return out;
}

std::string message(const ReadResult& r) { return r.ok() ? "(ok) " + r->path : r.error().message; }

TEST(Json, LinesMalformedAndTextlessLinesAreErrorsOthersRead) {
  const std::string p = kData + "lines.jsonl";
  auto all = read_all({p});
  ASSERT_EQ(all.size(), 6u);  // the blank line 5 is skipped
  ASSERT_TRUE(all[0].ok()) << message(all[0]);
  EXPECT_EQ(all[0]->path, p + ":1");
  EXPECT_EQ(all[0]->text, "Gempa kecil terasa di Cianjur pada Selasa malam.");
  EXPECT_EQ(all[0]->meta.title.value_or(""), "Gempa di Cianjur");
  EXPECT_EQ(all[0]->meta.url.value_or(""), "https://contoh.id/gempa");
  EXPECT_EQ(all[0]->meta.published.value_or(""), "2024-03-05T20:15:00+07:00");
  EXPECT_EQ(all[0]->meta.outlet.value_or(""), "Kabar Contoh");

  ASSERT_FALSE(all[1].ok());
  EXPECT_EQ(all[1].error().message.rfind(p + ":2: malformed JSON (", 0), 0u) << message(all[1]);

  ASSERT_FALSE(all[2].ok());
  EXPECT_EQ(message(all[2]), p + ":3: no text field");

  ASSERT_TRUE(all[3].ok()) << message(all[3]);
  EXPECT_EQ(all[3]->text,
            "Paragraf pertama tentang panen padi.\nParagraf kedua tentang harga gabah.");
  EXPECT_EQ(all[3]->meta.published.value_or(""), "2024-04-01");

  ASSERT_TRUE(all[4].ok()) << message(all[4]);
  EXPECT_EQ(all[4]->path, p + ":6");
  EXPECT_EQ(
      all[4]->text,
      "Petani garam di Madura (Jawa Timur) senang. \"Cuaca cerah, hasil bagus!\" kata Pak Ali.\n"
      "Harga naik pada 12/3.");
  EXPECT_EQ(all[4]->meta.url.value_or(""), "https://contoh.id/garam");
  EXPECT_EQ(all[4]->meta.outlet.value_or(""), "contoh");
  EXPECT_EQ(all[4]->meta.published.value_or(""), "2023-11-14T22:13:20Z");  // from the id prefix

  ASSERT_FALSE(all[5].ok());
  EXPECT_EQ(message(all[5]), p + ":7: empty document");
}

TEST(Json, PerLineSizeLimit) {
  ReadOptions o;
  o.max_bytes = 120;
  auto all = read_all({kData + "lines.jsonl"}, o);
  ASSERT_EQ(all.size(), 6u);
  EXPECT_NE(message(all[0]).find(":1: document is "), std::string::npos) << message(all[0]);
  EXPECT_NE(message(all[0]).find("over the 120 bytes limit (--max-size)"), std::string::npos);
  EXPECT_TRUE(all[3].ok()) << message(all[3]);
}

TEST(Json, StreamingAcrossBufferBoundariesAndOverlongLines) {
  namespace fs = std::filesystem;
  fs::path f =
      fs::temp_directory_path() / ("kabar_ingest_stream_" + std::to_string(::getpid()) + ".jsonl");
  const int kLines = 5000;  // about 2.5 MB: several read buffers
  {
    std::ofstream out(f, std::ios::binary);
    for (int i = 1; i <= kLines; ++i) {
      std::string pad(size_t(300 + i % 400), 'a' + char(i % 26));
      if (i == 2500) pad.assign(70000, 'x');  // over the limit below
      out << "{\"text\": \"Baris " << i << " " << pad << "\"}" << (i < kLines ? "\r\n" : "");
    }
  }
  ReadOptions o;
  o.max_bytes = 64 * 1024;
  auto all = read_all({f.string()}, o);
  fs::remove(f);
  ASSERT_EQ(all.size(), size_t(kLines));
  for (int i = 1; i <= kLines; ++i) {
    const auto& r = all[size_t(i - 1)];
    if (i == 2500) {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().message,
                f.string() + ":2500: document is 68.4 KB, over the 64 KB limit (--max-size)");
      continue;
    }
    ASSERT_TRUE(r.ok()) << message(r);
    ASSERT_EQ(r->path, f.string() + ":" + std::to_string(i));
    std::string want = "Baris " + std::to_string(i) + " ";
    ASSERT_EQ(r->text.substr(0, want.size()), want);
    ASSERT_EQ(r->text.size(), want.size() + size_t(300 + i % 400));
  }
}

TEST(Json, SingleObjectAndArrayFiles) {
  auto one = read_all({kData + "one.json"});
  ASSERT_EQ(one.size(), 1u);
  ASSERT_TRUE(one[0].ok()) << message(one[0]);
  EXPECT_EQ(one[0]->path, kData + "one.json");
  EXPECT_EQ(one[0]->meta.title.value_or(""), "Satu berkas");

  auto arr = read_all({kData + "array.json"});
  ASSERT_EQ(arr.size(), 3u);
  EXPECT_TRUE(arr[0].ok());
  EXPECT_EQ(message(arr[1]), kData + "array.json#2: no text field");
  ASSERT_TRUE(arr[2].ok());
  EXPECT_EQ(arr[2]->path, kData + "array.json#3");
}

TEST(Json, JsonFileFallsBackToJsonLines) {
  auto all = read_all({kData + "lines_as.json"});
  ASSERT_EQ(all.size(), 2u);
  ASSERT_TRUE(all[1].ok()) << message(all[1]);
  EXPECT_EQ(all[1]->path, kData + "lines_as.json:2");
  EXPECT_EQ(all[1]->text, "Baris kedua berkas json.");
}

TEST(Json, Utf16JsonLines) {
  auto all = read_all({kData + "utf16.jsonl"});
  ASSERT_EQ(all.size(), 2u);
  ASSERT_TRUE(all[0].ok()) << message(all[0]);
  EXPECT_EQ(all[0]->text, "Baris UTF-16 pertama.");
  ASSERT_TRUE(all[1].ok()) << message(all[1]);
  EXPECT_EQ(all[1]->path, kData + "utf16.jsonl:2");
}

TEST(Json, MalformedSingleRecord) {
  auto r = document_from_json("rec", "{\"text\": ", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("rec: malformed JSON (column ", 0), 0u) << r.error().message;
  auto bad_utf8 = document_from_json("rec", "{\"text\": \"Kata \xff rusak.\"}", {});
  ASSERT_TRUE(bad_utf8.ok()) << bad_utf8.error().message;
  EXPECT_EQ(bad_utf8->text, "Kata \uFFFD rusak.");
  EXPECT_EQ(bad_utf8->ingest_warnings.size(), 1u);
}

TEST(Json, Detokenize) {
  EXPECT_EQ(detokenize({"Ia", "berkata", ",", "\"", "Ya", "!", "\"", "(", "kemarin", ")", "."}),
            "Ia berkata, \"Ya!\" (kemarin).");
  EXPECT_EQ(detokenize({"Jumat", "(", "8", "/", "9", "/", "2017", ")"}), "Jumat (8/9/2017)");
  EXPECT_EQ(detokenize({"naik", "10", "%", "saja", "\u00a0", "ya"}), "naik 10% saja ya");
  EXPECT_EQ(detokenize({}), "");
}

TEST(Json, ReadsOneIndoSumLine) {
  namespace fs = std::filesystem;
  fs::path src = fs::path(KABAR_SHARED_DIR) / "data/news-indosum-devfolds/dev.01.jsonl";
  if (!fs::exists(src)) GTEST_SKIP() << src << " (../shared) not found: skipped";
  std::ifstream in(src);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  auto r = document_from_json("dev.01.jsonl:1", line, {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_GT(r->text.size(), 200u);
  EXPECT_NE(r->text.find('\n'), std::string::npos);  // paragraphs kept
  EXPECT_EQ(r->text.find(" ,"), std::string::npos);  // detokenised
  EXPECT_EQ(r->text.find(" ."), std::string::npos);
  ASSERT_TRUE(r->meta.url.has_value());
  EXPECT_EQ(r->meta.url->rfind("http", 0), 0u);
  EXPECT_TRUE(r->meta.outlet.has_value());
  EXPECT_TRUE(r->meta.published.has_value());
}

}  // namespace
}  // namespace kabar::ingest
