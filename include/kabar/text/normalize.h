#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kabar::text {

/// Text after normalisation plus the map back to the input.
struct Normalized {
  std::string text;  ///< NFC, "\r\n"/"\r" -> "\n", other C0 controls but \n\t removed, NBSP -> ' '
  std::vector<uint32_t> to_original;  ///< size text.size()+1: byte i of text came from input byte
};

/// Normalises valid UTF-8 (ICU NFC) and records for every output byte the input byte it came
/// from. Input must already be valid UTF-8 (ingest repairs it).
Normalized normalize(std::string_view utf8);

/// Folds typographic punctuation for matching only: “ ” „ « » → ", ‘ ’ ‚ → ', – — ― → -,
/// … → ... Returns the folded form of one token or phrase (offsets are not kept).
std::string fold_punctuation(std::string_view s);

}  // namespace kabar::text
