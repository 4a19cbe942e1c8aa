#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/text/tokenize.h"

namespace kabar::lang::id {

/// A number read from one or more tokens.
struct NumberMatch {
  double value = 0;           ///< the number (lower bound for vague quantities)
  std::optional<double> max;  ///< upper bound for vague quantities ("ratusan" → 100..999)
  uint32_t first_token = 0;
  uint32_t end_token = 0;     ///< exclusive
  bool words = false;         ///< spelt out in words ("dua puluh lima", "seribu")
  bool ordinal = false;       ///< "ke-3", "ketiga"
  uint32_t start = 0;         ///< byte offset where the numeral (or its glued prefix) starts
  uint32_t end = 0;           ///< byte offset just after the numeral (may fall inside a token)
  double scale = 1;           ///< the scale word or suffix applied (1000 for "ribu", "K")
  bool scale_word = false;    ///< the scale was a separate word ("5 ribu", not "5K")
  bool scale_glued_m = false; ///< a glued "M" suffix ("1,2M": mega per Duckling, miliar for Rp)
  bool integer_digits = false;///< a plain digit string without separators ("2024", "0812…")
  size_t digit_count = 0;     ///< digits in the numeric core (0 for word numerals)
  bool leading_zero = false;  ///< the digit core starts with 0 and has more digits ("0812")
  std::string_view prefix;    ///< letters/symbols glued before the digits ("Rp", "US$"), or empty
  std::string_view suffix;    ///< letters glued after the digits that are not a scale ("mm")
};

/// Indonesian numerals: digits with dot thousands and comma decimals, scale words and their
/// abbreviations (ribu, juta, miliar, triliun; rb, jt, M), word numerals, vague quantities,
/// ordinals. Word lists come from data/lang/id/numerals.tsv. Immutable; thread-safe.
class Numerals {
 public:
  /// Loads `data_dir`/lang/id/numerals.tsv; the Error names the file and the bad line.
  static Result<Numerals> load(const std::filesystem::path& data_dir);

  /// Reads the longest number starting at token `i`; nullopt if none starts there. Accepts a
  /// sign ("-", "minus", "negatif"), a glued currency prefix ("Rp20"), digits, glued multiplier
  /// suffixes ("100K"), scale words, word numerals, fractions, vague quantities and ordinals.
  /// Never reads past the end of `tokens`; safe on any bytes.
  std::optional<NumberMatch> match(std::string_view text, const std::vector<text::Token>& tokens,
                                   size_t i) const;

  /// Parses one digit token ("10.000", "3,5", "1.234.567,89", ",77", "1,200,000") in Indonesian
  /// notation (dot thousands, comma decimal; English grouping when unambiguous). nullopt when the
  /// token is not a well-formed number (dates such as "17.08.1945", stray separators).
  static std::optional<double> parse_digits(std::string_view token);

  /// True when lower-cased `word` is a scale word ("ribu", "juta", "rb"…).
  bool is_scale(std::string_view lower_word) const;

 private:
  enum class Kind : uint8_t {
    kDigit, kGroup, kMult, kTeen, kScale, kScaleCs, kSeScale, kFraction, kVague, kFew,
    kNegative, kOrdinal
  };
  struct Word {
    Kind kind = Kind::kDigit;
    double value = 0;
    double max = 0;
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Map = std::unordered_map<std::string, Word, Hash, std::equal_to<>>;

  const Word* word(std::string_view lower) const;
  std::optional<NumberMatch> match_digits(std::string_view text,
                                          const std::vector<text::Token>& tokens, size_t i) const;
  std::optional<NumberMatch> match_words(std::string_view text,
                                         const std::vector<text::Token>& tokens, size_t i) const;
  std::optional<NumberMatch> match_words_from(std::string_view text,
                                              const std::vector<text::Token>& tokens, size_t i,
                                              std::string_view first) const;
  std::optional<NumberMatch> match_ordinal(std::string_view text,
                                           const std::vector<text::Token>& tokens, size_t i) const;
  /// After a number ending at token `j`, reads scale words ("juta", "M") and returns the factor.
  void read_scales(std::string_view text, const std::vector<text::Token>& tokens,
                   NumberMatch& m) const;

  text::StringSet word_index_;                         // lower-case token word → word_list_ index
  std::vector<Word> word_list_;
  Map case_sensitive_;                                 // "M", "T"
  std::unordered_map<std::string, double, Hash, std::equal_to<>> suffixes_;  // k, m, g, rb, jt
  std::unordered_map<std::string, double, Hash, std::equal_to<>> prefixes_;  // rp, us$, $…
};

}  // namespace kabar::lang::id
