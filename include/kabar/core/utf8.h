#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kabar::utf8 {

/// Decodes one code point at `i` (advancing it). Invalid sequences yield U+FFFD and advance by
/// one byte. `i` must be < s.size().
char32_t next(std::string_view s, size_t& i);

/// Appends the UTF-8 encoding of `cp` to `out`.
void append(std::string& out, char32_t cp);

/// Length in bytes of the valid UTF-8 sequence starting at `s[i]`, or 0 if invalid there.
size_t valid_sequence_length(std::string_view s, size_t i);

/// True when every byte of `s` is part of a valid UTF-8 sequence.
bool is_valid(std::string_view s);

/// Lower-cases ASCII and the Latin-1/Latin Extended-A letters used in Indonesian and European
/// names; other code points are copied as they are. Cheap, allocation-light, for matching only.
std::string lower(std::string_view s);

/// True for an upper-case letter at the start of `s` (ASCII or Latin-1 upper).
bool starts_upper(std::string_view s);

}  // namespace kabar::utf8
