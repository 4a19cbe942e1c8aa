#pragma once
// Shared helpers for the text module's tests: data paths and compact renderings.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "kabar/text/analyzer.h"

namespace kabar::text::testing {

inline std::filesystem::path source_data_dir() {
#ifdef KABAR_SOURCE_DATA_DIR
  return KABAR_SOURCE_DATA_DIR;
#else
  return std::filesystem::path(KABAR_TEST_DIR) / ".." / "data";
#endif
}

/// The analyzer loaded from the source tree's data/ (loaded once).
inline const TextAnalyzer& analyzer() {
  static const TextAnalyzer a = [] {
    auto r = TextAnalyzer::load(source_data_dir());
    if (!r) throw std::runtime_error(r.error().message);
    return std::move(*r);
  }();
  return a;
}

/// Tokens as one line: tokens separated by spaces; an enclitic or proclitic is joined to its
/// host with '|' (kata|nya, ku|ambil); '+' marks a token attached to the previous one (siap +.);
/// '¶ ' precedes a paragraph start (but the first); '/' then flags: A abbreviation,
/// R reduplication, N number, S symbol, U all caps.
inline std::string render_tokens(std::string_view text, const std::vector<Token>& tokens) {
  std::string out;
  for (size_t k = 0; k < tokens.size(); ++k) {
    const Token& t = tokens[k];
    const bool joined = t.has(kCliticSuffix) || (k > 0 && tokens[k - 1].has(kCliticPrefix));
    if (k > 0) {
      if (joined) {
        out += '|';
      } else {
        out += ' ';
        if (t.has(kParagraphStart)) out += "\xC2\xB6 ";
        if (t.has(kNoSpaceBefore)) out += '+';
      }
    }
    out += t.in(text);
    std::string f;
    if (t.has(kAbbreviation)) f += 'A';
    if (t.has(kReduplication)) f += 'R';
    if (t.kind == TokenKind::kNumber) f += 'N';
    if (t.kind == TokenKind::kSymbol) f += 'S';
    if (t.has(kAllCaps)) f += 'U';
    if (!f.empty()) out += '/' + f;
  }
  return out;
}

/// Sentences one per line; a line "¶" separates paragraphs.
inline std::string render_sentences(std::string_view text, const std::vector<Sentence>& sentences) {
  std::string out;
  for (size_t k = 0; k < sentences.size(); ++k) {
    if (k > 0) {
      out += '\n';
      if (sentences[k].paragraph != sentences[k - 1].paragraph) out += "\xC2\xB6\n";
    }
    out += sentences[k].span.in(text);
  }
  return out;
}

}  // namespace kabar::text::testing
