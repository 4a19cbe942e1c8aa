#include "kabar/text/analyzer.h"

namespace kabar::text {

Result<TextAnalyzer> TextAnalyzer::load(const std::filesystem::path& data_dir) {
  auto t = Tokenizer::load(data_dir);
  if (!t) return t.error();
  auto l = LanguageIdentifier::load(data_dir);
  if (!l) return l.error();
  return TextAnalyzer(std::move(*t), std::move(*l));
}

void TextAnalyzer::analyze(std::string_view text, TextLayers& out) const {
  tokenizer_.tokenize(text, out.tokens);
  segment(text, out.tokens, out.sentences, out.paragraphs);
  out.language = langid_.identify(text);
}

TextLayers TextAnalyzer::analyze(std::string_view text) const {
  TextLayers l;
  analyze(text, l);
  return l;
}

}  // namespace kabar::text
