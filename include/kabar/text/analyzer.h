#pragma once
#include <filesystem>
#include <string_view>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/text/langid.h"
#include "kabar/text/segment.h"
#include "kabar/text/tokenize.h"

namespace kabar::text {

/// The text layers of one document: tokens, sentences, paragraphs, language.
struct TextLayers {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  std::vector<Paragraph> paragraphs;
  LanguageGuess language;
};

/// Runs tokenisation, segmentation and language identification. Immutable; thread-safe.
class TextAnalyzer {
 public:
  static Result<TextAnalyzer> load(const std::filesystem::path& data_dir);
  TextLayers analyze(std::string_view text) const;
  const Tokenizer& tokenizer() const { return tokenizer_; }

 private:
  explicit TextAnalyzer(Tokenizer t) : tokenizer_(std::move(t)) {}
  Tokenizer tokenizer_;
};

}  // namespace kabar::text
