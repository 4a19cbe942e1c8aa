#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>

#include <fstream>

#include "kabar/core/data_dir.h"
#include "kabar/core/hash.h"
#include "kabar/core/result.h"
#include "kabar/core/span.h"
#include "kabar/core/utf8.h"

namespace kabar {
namespace {

TEST(Utf8, NextDecodesAndAdvances) {
  std::string_view s = "a\xC3\xA9\xE2\x80\x9C\xF0\x9F\x98\x80";  // a é “ 😀
  size_t i = 0;
  EXPECT_EQ(utf8::next(s, i), U'a');
  EXPECT_EQ(i, 1u);
  EXPECT_EQ(utf8::next(s, i), U'\u00E9');
  EXPECT_EQ(i, 3u);
  EXPECT_EQ(utf8::next(s, i), U'\u201C');
  EXPECT_EQ(i, 6u);
  EXPECT_EQ(utf8::next(s, i), U'\U0001F600');
  EXPECT_EQ(i, 10u);
}

TEST(Utf8, InvalidSequencesYieldReplacementAndAdvanceOne) {
  for (std::string_view bad :
       {"\xFF", "\xC3", "\xC0\x80", "\xED\xA0\x80", "\xE2\x82", "\xF4\x90\x80\x80"}) {
    size_t i = 0;
    EXPECT_EQ(utf8::next(bad, i), U'\uFFFD') << ::testing::PrintToString(std::string(bad));
    EXPECT_EQ(i, 1u);
    EXPECT_EQ(utf8::valid_sequence_length(bad, 0), 0u);
  }
}

TEST(Utf8, AppendRoundTrips) {
  for (char32_t cp :
       {U'A', U'\u00E9', U'\u0800', U'\u201D', U'\uFFFD', U'\U0001F600', U'\U0010FFFF'}) {
    std::string s;
    utf8::append(s, cp);
    size_t i = 0;
    EXPECT_EQ(utf8::next(s, i), cp);
    EXPECT_EQ(i, s.size());
    EXPECT_TRUE(utf8::is_valid(s));
  }
  std::string s;
  utf8::append(s, U'\u00E9');
  EXPECT_EQ(s, "\xC3\xA9");
}

TEST(Utf8, IsValid) {
  EXPECT_TRUE(utf8::is_valid(""));
  EXPECT_TRUE(utf8::is_valid("Fran\xC3\xA7ois \xE2\x80\x9Cya\xE2\x80\x9D"));
  EXPECT_FALSE(utf8::is_valid("ab\xFF"));
  EXPECT_FALSE(utf8::is_valid("\xC3"));
  EXPECT_FALSE(utf8::is_valid("\xE0\x80\x80"));  // overlong
  EXPECT_FALSE(utf8::is_valid("\xED\xA0\x80"));  // surrogate
}

TEST(Utf8, LowerAndStartsUpper) {
  EXPECT_EQ(utf8::lower("JAKARTA Jl."), "jakarta jl.");
  EXPECT_EQ(utf8::lower("\xC3\x89RIC FRAN\xC3\x87OIS"),
            "\xC3\xA9ric fran\xC3\xA7ois");  // ÉRIC FRANÇOIS
  EXPECT_EQ(utf8::lower("\xC5\x9E"
                        "ahin"),
            "\xC5\x9F"
            "ahin");                               // Şahin
  EXPECT_EQ(utf8::lower("\xC3\x97"), "\xC3\x97");  // × unchanged
  EXPECT_EQ(utf8::lower("\xE2\x80\x9C"
                        "AB"),
            "\xE2\x80\x9C"
            "ab");
  EXPECT_EQ(utf8::lower(""), "");
  EXPECT_TRUE(utf8::starts_upper("Jakarta"));
  EXPECT_TRUE(utf8::starts_upper("\xC3\x89ric"));
  EXPECT_FALSE(utf8::starts_upper("jakarta"));
  EXPECT_FALSE(utf8::starts_upper("123"));
  EXPECT_FALSE(utf8::starts_upper(""));
}

TEST(Hash, ContentIdIsStable) {
  // Fixed values: ids are stored and compared across runs and machines.
  EXPECT_EQ(content_id(""), "f52a15e9a9b5e89b");
  EXPECT_EQ(content_id("kabar"), "d02861deb5a77c99");
  EXPECT_EQ(content_id("Rusia pada hari Kamis"), "5a249379ac11c4f1");
  EXPECT_EQ(content_id("kabar").size(), 16u);
  EXPECT_NE(hash64("kabar"), hash64("kabar", 1));
  EXPECT_NE(content_id("a"), content_id("b"));
}

class DataDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("kabar_core_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path write(const std::string& name, const std::string& content) {
    auto p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  std::filesystem::path dir_;
};

TEST_F(DataDirTest, ReadLinesStripsCommentsAndBlanks) {
  auto p = write("list.txt", "# header\nsatu\n\n  dua  # trailing comment\r\n\t\ntiga\tTSV\n#x\n");
  auto r = read_lines(p);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, (std::vector<std::string>{"satu", "dua", "tiga\tTSV"}));
}

TEST_F(DataDirTest, ReadLinesEmptyFile) {
  auto r = read_lines(write("empty.txt", ""));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST_F(DataDirTest, MissingFileIsAnErrorNamingIt) {
  auto r = read_lines(dir_ / "nope.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("nope.txt"), std::string::npos);
  auto f = read_file(dir_ / "nope.bin");
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.error().message.find("nope.bin"), std::string::npos);
}

TEST_F(DataDirTest, ReadFileIsBinarySafe) {
  std::string bytes("a\0b\r\n\xFF", 6);
  auto r = read_file(write("bin", bytes));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, bytes);
}

TEST(DataDir, SplitKeepsEmptyFields) {
  EXPECT_EQ(split("a\tb\t\tc", '\t'), (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(split("", '\t'), (std::vector<std::string>{""}));
  EXPECT_EQ(split("x\t", '\t'), (std::vector<std::string>{"x", ""}));
}

TEST(DataDir, FindsAFolderWithTextData) {
  auto d = data_dir();
  EXPECT_FALSE(d.empty());
  EXPECT_TRUE(std::filesystem::is_directory(d / "text")) << d;
}

TEST(Span, Basics) {
  Span a{2, 5}, b{4, 8}, c{5, 6};
  EXPECT_EQ(a.size(), 3u);
  EXPECT_TRUE(a.overlaps(b));
  EXPECT_FALSE(a.overlaps(c));
  EXPECT_TRUE((Span{0, 10}).contains(a));
  EXPECT_TRUE((Span{3, 3}).empty());
  EXPECT_EQ(a.in("0123456789"), "234");
}

TEST(Result, ValueAndError) {
  Result<int> ok = 3;
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 3);
  Result<int> bad = Error{"x.txt: broken"};
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "x.txt: broken");
}

}  // namespace
}  // namespace kabar
