// TEMPORARY: minimal text layer so the tree builds; replaced by the text module's real code.
#include <numeric>

#include "kabar/text/analyzer.h"
#include "kabar/text/normalize.h"

namespace kabar::text {

Normalized normalize(std::string_view utf8) {
  Normalized n{std::string(utf8), std::vector<uint32_t>(utf8.size() + 1)};
  std::iota(n.to_original.begin(), n.to_original.end(), 0u);
  return n;
}
std::string fold_punctuation(std::string_view s) { return std::string(s); }

Result<Tokenizer> Tokenizer::load(const std::filesystem::path&) { return Tokenizer{}; }
bool Tokenizer::is_abbreviation(std::string_view) const { return false; }
void Tokenizer::tokenize(std::string_view text, std::vector<Token>& out) const {
  out.clear();
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
    size_t s = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\n') ++i;
    if (i > s) out.push_back({uint32_t(s), uint32_t(i), TokenKind::kWord, 0});
  }
}
void segment(std::string_view text, const std::vector<Token>& tokens, std::vector<Sentence>& s,
             std::vector<Paragraph>& p) {
  s = {{{0, uint32_t(text.size())}, 0, uint32_t(tokens.size()), 0}};
  p = {{{0, uint32_t(text.size())}, 0, 1}};
}
LanguageGuess identify_language(std::string_view) { return {"id", 1.0, true}; }

Result<TextAnalyzer> TextAnalyzer::load(const std::filesystem::path& d) {
  auto t = Tokenizer::load(d);
  if (!t) return t.error();
  return TextAnalyzer(std::move(*t));
}
TextLayers TextAnalyzer::analyze(std::string_view text) const {
  TextLayers l;
  tokenizer_.tokenize(text, l.tokens);
  segment(text, l.tokens, l.sentences, l.paragraphs);
  l.language = identify_language(text);
  return l;
}

}  // namespace kabar::text
