#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
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
};

/// Indonesian numerals: digits with dot thousands and comma decimals, scale words and their
/// abbreviations (ribu, juta, miliar, triliun; rb, jt, M), word numerals, vague quantities,
/// ordinals. Word lists come from data/lang/id/numerals.tsv. Immutable; thread-safe.
class Numerals {
 public:
  static Result<Numerals> load(const std::filesystem::path& data_dir);

  /// Reads the longest number starting at token `i`; nullopt if none starts there.
  std::optional<NumberMatch> match(std::string_view text, const std::vector<text::Token>& tokens,
                                   size_t i) const;

  /// Parses one digit token ("10.000", "3,5", "1.234.567,89") in Indonesian notation.
  static std::optional<double> parse_digits(std::string_view token);

 private:
  std::unordered_map<std::string, double> units_;   // satu..sembilan, sepuluh, sebelas, seratus…
  std::unordered_map<std::string, double> scales_;  // puluh, belas, ratus, ribu, juta, miliar…
  std::unordered_map<std::string, std::pair<double, double>> vague_;  // ratusan, ribuan…
};

}  // namespace kabar::lang::id
