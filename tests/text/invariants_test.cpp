// Invariant checker for the text layers (Lucene's token-stream oracle idea): on random bytes
// (repaired to valid UTF-8) and on the real seed articles, tokens are ordered, non-overlapping,
// inside the text and on UTF-8 boundaries; sentences cover tokens in order; paragraphs group
// sentences; normalize()'s to_original is monotonic and maps into the input.
#include <gtest/gtest.h>

#include <random>

#include "kabar/core/data_dir.h"
#include "kabar/core/utf8.h"
#include "kabar/text/normalize.h"
#include "text_test_util.h"

namespace kabar::text {
namespace {

bool on_boundary(std::string_view s, size_t i) {
  return i == s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
}

void check_normalized(std::string_view input, const Normalized& n) {
  ASSERT_EQ(n.to_original.size(), n.text.size() + 1);
  EXPECT_TRUE(utf8::is_valid(n.text));
  for (size_t k = 0; k < n.to_original.size(); ++k) {
    ASSERT_LE(n.to_original[k], input.size());
    if (k > 0) {
      ASSERT_LE(n.to_original[k - 1], n.to_original[k]) << k;
    }
  }
  EXPECT_EQ(n.to_original.back(), input.size());
}

void check_layers(std::string_view text, const TextLayers& l) {
  uint32_t prev_end = 0;
  for (size_t k = 0; k < l.tokens.size(); ++k) {
    const Token& t = l.tokens[k];
    ASSERT_LT(t.start, t.end) << "empty token " << k;
    ASSERT_LE(t.end, text.size());
    ASSERT_GE(t.start, prev_end) << "token " << k << " overlaps or is out of order";
    ASSERT_TRUE(on_boundary(text, t.start) && on_boundary(text, t.end)) << k;
    EXPECT_EQ(t.has(kNoSpaceBefore), k > 0 && t.start == prev_end) << k;
    for (size_t b = prev_end; b < t.start; ++b) {
      unsigned char c = static_cast<unsigned char>(text[b]);
      // Only white space (or characters the tokenizer skips) lies between tokens.
      ASSERT_TRUE(c == ' ' || c == '\n' || c == '\t' || c == '\r' || c >= 0x80 || c < 0x20)
          << "byte " << b << " dropped between tokens";
    }
    prev_end = t.end;
  }
  if (!l.tokens.empty()) {
    EXPECT_TRUE(l.tokens[0].has(kParagraphStart));
  }
  uint32_t next_token = 0;
  for (size_t k = 0; k < l.sentences.size(); ++k) {
    const Sentence& s = l.sentences[k];
    ASSERT_EQ(s.first_token, next_token) << "sentence " << k << " leaves a gap";
    ASSERT_LT(s.first_token, s.end_token);
    ASSERT_LE(s.end_token, l.tokens.size());
    EXPECT_EQ(s.span.start, l.tokens[s.first_token].start);
    EXPECT_EQ(s.span.end, l.tokens[s.end_token - 1].end);
    for (uint32_t t = s.first_token + 1; t < s.end_token; ++t)
      EXPECT_FALSE(l.tokens[t].has(kParagraphStart)) << "sentence " << k << " crosses a paragraph";
    ASSERT_LT(s.paragraph, l.paragraphs.size());
    next_token = s.end_token;
  }
  EXPECT_EQ(next_token, l.tokens.size());
  uint32_t next_sentence = 0;
  for (const Paragraph& p : l.paragraphs) {
    ASSERT_EQ(p.first_sentence, next_sentence);
    ASSERT_LT(p.first_sentence, p.end_sentence);
    for (uint32_t s = p.first_sentence; s < p.end_sentence; ++s)
      EXPECT_TRUE(p.span.contains(l.sentences[s].span));
    next_sentence = p.end_sentence;
  }
  EXPECT_EQ(next_sentence, l.sentences.size());
}

// Valid UTF-8 from random bytes: invalid sequences become U+FFFD.
std::string repair(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) utf8::append(out, utf8::next(s, i));
  return out;
}

TEST(TextInvariants, RandomBytes) {
  std::mt19937 rng(12345);
  // Bias towards characters that exercise the rules.
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           "1",
                                           "9",
                                           ".",
                                           ",",
                                           "-",
                                           "'",
                                           "/",
                                           ":",
                                           " ",
                                           "\n",
                                           "\r\n",
                                           "\t",
                                           "nya",
                                           "lah",
                                           "ku",
                                           "kau",
                                           "Rp",
                                           "US$",
                                           "@",
                                           "#",
                                           "http://",
                                           "www.",
                                           ".com",
                                           "\xE2\x80\x9C",
                                           "\xE2\x80\x9D",
                                           "\xE2\x80\x99",
                                           "\xE2\x80\xA6",
                                           "\xC2\xA0",
                                           "\xE2\x80\x8B",
                                           "e\xCC\x81",
                                           "\xC3\xA9",
                                           "!",
                                           "?",
                                           "(",
                                           ")",
                                           "Jl.",
                                           "S.H.",
                                           "J.",
                                           "\xF0\x9F\x98\x80",
                                           "\xFF",
                                           "\xC3",
                                           "\x01"};
  for (int round = 0; round < 600; ++round) {
    std::string raw;
    const int len = static_cast<int>(rng() % 60);
    for (int k = 0; k < len; ++k) {
      if (rng() % 4 == 0)
        raw += static_cast<char>(rng() % 256);
      else
        raw += pieces[rng() % pieces.size()];
    }
    const std::string valid = repair(raw);
    auto n = normalize(valid);
    check_normalized(valid, n);
    auto l = testing::analyzer().analyze(n.text);
    check_layers(n.text, l);
    auto raw_n = normalize(raw);  // invalid input must not crash either
    check_normalized(raw, raw_n);
    if (::testing::Test::HasFatalFailure()) {
      ADD_FAILURE() << "input: " << ::testing::PrintToString(raw);
      return;
    }
  }
}

// Degenerate inputs must stay linear and keep the invariants (a quadratic path would time out).
TEST(TextInvariants, PathologicalInputs) {
  auto repeat = [](std::string_view unit, size_t n) {
    std::string s;
    s.reserve(unit.size() * n);
    for (size_t k = 0; k < n; ++k) s += unit;
    return s;
  };
  const std::vector<std::string> inputs = {repeat("a.", 100000),
                                           repeat("a. ", 100000),
                                           repeat("(", 100000),
                                           repeat("(a. b. ", 30000),
                                           "http://x.id/" + repeat(")", 100000),
                                           repeat("a-nya", 40000),
                                           repeat("a", 300000),
                                           repeat("1.", 100000),
                                           repeat("x@", 100000),
                                           repeat("\xE2\x80\x9C", 50000),
                                           repeat("\n", 100000),
                                           repeat("Jl. ", 50000),
                                           repeat("kata|nya ", 30000)};
  for (const auto& in : inputs) {
    auto n = normalize(in);
    check_normalized(in, n);
    auto l = testing::analyzer().analyze(n.text);
    check_layers(n.text, l);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(TextInvariants, Seeds) {
  const auto dir = std::filesystem::path(KABAR_SHARED_DIR) / "seeds";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << dir << " not found: skipped";
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".txt") continue;
    auto raw = read_file(e.path());
    ASSERT_TRUE(raw.ok()) << raw.error().message;
    auto n = normalize(*raw);
    check_normalized(*raw, n);
    auto l = testing::analyzer().analyze(n.text);
    check_layers(n.text, l);
    EXPECT_GT(l.sentences.size(), 5u) << e.path();
    EXPECT_EQ(l.language.code, "id") << e.path();
    ++files;
  }
  EXPECT_GE(files, 3);
}

}  // namespace
}  // namespace kabar::text
