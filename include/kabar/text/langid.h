#pragma once
#include <string>
#include <string_view>

namespace kabar::text {

/// The language of a text as CLD2 sees it.
struct LanguageGuess {
  std::string code = "und";  ///< ISO 639-1 ("id", "ms", "en"…) or "und"
  double confidence = 0.0;   ///< in [0, 1]
  bool reliable = false;
};

/// Identifies the language of UTF-8 `text` (CLD2), telling Indonesian, Malay and English apart.
LanguageGuess identify_language(std::string_view text);

}  // namespace kabar::text
