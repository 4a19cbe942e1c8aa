#pragma once
#include <filesystem>
#include <string>
#include <string_view>

#include "kabar/core/result.h"
#include "kabar/text/string_set.h"

namespace kabar::text {

/// The language of a text as CLD2 sees it.
struct LanguageGuess {
  std::string code = "und";  ///< ISO 639-1 ("id", "ms", "en"…) or "und"
  double confidence = 0.0;   ///< in [0, 1]
  bool reliable = false;
};

/// CLD2 plus an Indonesian/Malay decision from marker words (data/text/id_ms_markers.tsv).
/// Immutable after load; thread-safe.
class LanguageIdentifier {
 public:
  /// Loads `data_dir`/text/id_ms_markers.tsv; fails with an Error naming the file.
  static Result<LanguageIdentifier> load(const std::filesystem::path& data_dir);

  /// Identifies the language of UTF-8 `text` (the first 64 KiB); "und" with confidence 0 for
  /// empty or letter-less text. When CLD2 says id or ms, marker votes decide; "ms" needs at least
  /// one Malay marker. Short texts get a best-effort, unreliable guess. Never fails.
  LanguageGuess identify(std::string_view text) const;

  /// Marker votes in `text`: .first Indonesian, .second Malay.
  std::pair<int, int> id_ms_votes(std::string_view text) const;

 private:
  bool has_markers() const { return markers_.size() > 0; }
  StringSet markers_;  // marker word → 1 when it votes Malay, 0 when Indonesian
};

/// Identifies the language of UTF-8 `text` (CLD2), telling Indonesian, Malay and English apart.
/// Uses a LanguageIdentifier loaded once from kabar::data_dir() (CLD2 alone if that fails).
LanguageGuess identify_language(std::string_view text);

}  // namespace kabar::text
