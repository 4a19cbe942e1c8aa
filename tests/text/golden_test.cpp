// Golden runner for tests/golden/text/*.test: blocks "input\n----\nexpected" separated by "====".
// KABAR_UPDATE_GOLDEN=1 rewrites the expected parts. An input block "@seed <file>" reads
// $KABAR_SHARED_DIR/seeds/<file> (skipped when ../shared is absent).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "kabar/core/data_dir.h"
#include "kabar/text/normalize.h"
#include "text_test_util.h"

namespace kabar::text {
namespace {

using testing::analyzer;

struct Block {
  std::string input, expected;
};

std::vector<Block> parse(const std::string& content) {
  std::vector<Block> blocks;
  std::istringstream in(content);
  std::string line, cur_in, cur_out;
  bool in_expected = false, any = false;
  auto flush = [&] {
    if (!any) return;
    while (!cur_out.empty() && cur_out.back() == '\n') cur_out.pop_back();
    if (!cur_in.empty() && cur_in.back() == '\n') cur_in.pop_back();
    blocks.push_back({cur_in, cur_out});
    cur_in.clear();
    cur_out.clear();
    in_expected = false;
    any = false;
  };
  while (std::getline(in, line)) {
    if (line == "====") {
      flush();
      continue;
    }
    if (line == "----" && !in_expected) {
      in_expected = true;
      continue;
    }
    any = true;
    (in_expected ? cur_out : cur_in) += line + '\n';
  }
  flush();
  return blocks;
}

std::string write(const std::vector<Block>& blocks) {
  std::string s;
  for (size_t k = 0; k < blocks.size(); ++k) {
    if (k > 0) s += "====\n";
    s += blocks[k].input + "\n----\n" + blocks[k].expected + "\n";
  }
  return s;
}

// Resolves an "@seed name" input to the seed's text; empty optional when ../shared is absent.
std::optional<std::string> resolve_input(const std::string& input) {
  if (!input.starts_with("@seed ")) return input;
  auto path = std::filesystem::path(KABAR_SHARED_DIR) / "seeds" / input.substr(6);
  auto r = read_file(path);
  if (!r) return std::nullopt;
  return normalize(*r).text;
}

void run_golden(const std::string& name, std::string (*render)(std::string_view)) {
  const auto path = std::filesystem::path(KABAR_TEST_DIR) / "golden" / "text" / name;
  auto content = read_file(path);
  ASSERT_TRUE(content.ok()) << content.error().message;
  auto blocks = parse(*content);
  ASSERT_FALSE(blocks.empty()) << path;
  const bool update = std::getenv("KABAR_UPDATE_GOLDEN") != nullptr;
  int skipped = 0;
  for (auto& b : blocks) {
    auto input = resolve_input(b.input);
    if (!input) {
      ++skipped;
      continue;
    }
    const std::string got = render(*input);
    if (update) {
      b.expected = got;
    } else {
      EXPECT_EQ(got, b.expected) << "input: " << b.input;
    }
  }
  if (update) {
    std::ofstream(path, std::ios::binary) << write(blocks);
  }
  if (skipped > 0)
    std::cerr << name << ": " << skipped << " seed blocks skipped (../shared absent)\n";
}

std::string render_tok(std::string_view text) {
  std::vector<Token> tokens;
  analyzer().tokenizer().tokenize(text, tokens);
  return testing::render_tokens(text, tokens);
}

std::string render_seg(std::string_view text) {
  auto layers = analyzer().analyze(text);
  return testing::render_sentences(text, layers.sentences);
}

TEST(TextGolden, Tokenize) { run_golden("tokenize.test", render_tok); }
TEST(TextGolden, Segment) { run_golden("segment.test", render_seg); }

TEST(TextGolden, SeedsPresent) {
  if (!std::filesystem::exists(std::filesystem::path(KABAR_SHARED_DIR) / "seeds"))
    GTEST_SKIP() << KABAR_SHARED_DIR << "/seeds not found: skipped";
  for (const char* f :
       {"000_a3ddcf71c7faea11.txt", "001_c5780c0fd9859c27.txt", "002_768c5334ad6276eb.txt"}) {
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(KABAR_SHARED_DIR) / "seeds" / f))
        << f;
  }
}

}  // namespace
}  // namespace kabar::text
