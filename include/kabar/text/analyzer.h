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
  /// Loads the tokenizer word lists and the language markers under `data_dir`/text.
  static Result<TextAnalyzer> load(const std::filesystem::path& data_dir);
  /// Analyses normalised UTF-8 `text` (offsets in the result refer to it). Never fails.
  TextLayers analyze(std::string_view text) const;
  /// Same, reusing `out`'s vectors.
  void analyze(std::string_view text, TextLayers& out) const;
  const Tokenizer& tokenizer() const { return tokenizer_; }
  const LanguageIdentifier& language_identifier() const { return langid_; }

 private:
  TextAnalyzer(Tokenizer t, LanguageIdentifier l)
      : tokenizer_(std::move(t)), langid_(std::move(l)) {}
  Tokenizer tokenizer_;
  LanguageIdentifier langid_;
};

}  // namespace kabar::text
