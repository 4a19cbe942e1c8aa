#pragma once
// Proleptic Gregorian calendar arithmetic shared by the time annotator and the corpus steps.
#include <cstdint>
#include <optional>
#include <string_view>

namespace kabar {

/// Days since 1970-01-01 of year `y`, month `m` (1–12), day `d` (1–31); no validation
/// (H. Hinnant's days_from_civil).
constexpr int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = static_cast<unsigned>((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

/// Day number of an ISO date "YYYY-MM-DD", or of the first day of "YYYY-MM" / "YYYY" / the ISO
/// week "YYYY-Www" (anything may follow: "2024-03-14TMO"); nullopt when it does not start with
/// a year or has an impossible month, week or day.
inline std::optional<int64_t> iso_day_number(std::string_view s) {
  auto digits = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (i >= s.size() || s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const int y = digits(0, 4);
  if (y < 0) return std::nullopt;
  int m = 1, d = 1;
  if (s.size() >= 6 && s[4] == '-' && s[5] == 'W') {
    const int w = digits(6, 2);
    if (w < 1 || w > 53) return std::nullopt;
    // Monday of ISO week 1 is the Monday on or before 4 January.
    const int64_t jan4 = days_from_civil(y, 1, 4);
    const int64_t weekday = ((jan4 % 7) + 7 + 3) % 7;  // 0 = Monday (1970-01-01 was a Thursday)
    return jan4 - weekday + 7 * (w - 1);
  }
  if (s.size() >= 7 && s[4] == '-' && digits(5, 2) >= 0) {
    m = digits(5, 2);
    if (s.size() >= 10 && s[7] == '-' && digits(8, 2) >= 0) d = digits(8, 2);
  }
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return days_from_civil(y, m, d);
}

}  // namespace kabar
