#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "kabar/core/span.h"
#include "kabar/text/tokenize.h"

namespace kabar::text {

/// A paragraph: text between blank lines or line breaks.
struct Paragraph {
  Span span;
  uint32_t first_sentence = 0;
  uint32_t end_sentence = 0;  ///< exclusive
};

/// A sentence: its span and its tokens [first_token, end_token).
struct Sentence {
  Span span;
  uint32_t first_token = 0;
  uint32_t end_token = 0;  ///< exclusive
  uint32_t paragraph = 0;
};

/// Splits tokenised text into paragraphs and sentences. Knows abbreviations (through the
/// tokenizer's kAbbreviation flag), numbers, dates, initials, and quotations that span sentences.
void segment(std::string_view text, const std::vector<Token>& tokens,
             std::vector<Sentence>& sentences, std::vector<Paragraph>& paragraphs);

}  // namespace kabar::text
