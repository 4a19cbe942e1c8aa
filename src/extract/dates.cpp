// Date and time annotator: a hand-written matcher over its own light word scan of the text
// (independent of the tokenizer, so it runs in one pass over the bytes), word lists from
// data/time/lexicon.tsv, normalisation to TimeML-style ISO 8601 values.
#include "kabar/extract/dates.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include "kabar/core/calendar.h"
#include "kabar/core/data_dir.h"

namespace kabar::extract {

namespace {

enum Cls : uint8_t {
  kMonth,
  kMonthAbbr,
  kMonthEn,
  kWeekday,
  kPartOfDay,
  kUnit,
  kSeUnit,
  kNumber,
  kNumMult,
  kPast,
  kFuture,
  kCurrent,
  kRelday,
  kPresent,
  kSeason,
  kModifier,
  kApprox,
  kFutureMarker,
  kTimezone,
  kSet,
  kSignal,
  kAnchorAfter,
  kAnchorThat,
  kVagueCount,
  kCounter,
  kAnchorBefore,
  kSame,
  kDecadeCue,
  kHoliday,
  kRange,
  kTimes,
  kLaterWord,
  kThenNoun,
  kNightBefore,
  kDayPhrase,
  kHolidayCue,
  kPairHead,
  kUpcomingCue,
  kPastMarker,
  kPeriodPrep,
  kKeyword,
  kYearPart,
  kFreqPer,
  kDurationCue,
  kCodeCue,
  kClsCount
};

constexpr std::array<std::string_view, kClsCount> kClsNames = {
    "month",     "month_abbr",    "month_en",    "weekday",      "part_of_day", "unit",
    "se_unit",   "number",        "num_mult",    "past",         "future",      "current",
    "relday",    "present",       "season",      "modifier",     "approx",      "future_marker",
    "timezone",  "set",           "signal",      "anchor_after", "anchor_that", "vague_count",
    "counter",   "anchor_before", "same",        "decade_cue",   "holiday",     "range",
    "times",     "later_word",    "then_noun",   "night_before", "day_phrase",  "holiday_cue",
    "pair_head", "upcoming_cue",  "past_marker", "period_prep",  "keyword",     "year_part",
    "freq_per",  "duration_cue",  "code_cue"};

static_assert(kClsCount <= 64, "LexEntry::mask holds one bit per class");

struct LexEntry {
  uint64_t mask = 0;  // one bit per Cls
  std::array<std::string, kClsCount> val;
  std::array<double, kClsCount> num{};
};

struct SvHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace

struct DateLexicon {
  std::unordered_map<std::string, LexEntry, SvHash, std::equal_to<>> words;
};

namespace {

// ---------------------------------------------------------------- calendar arithmetic
using kabar::days_from_civil;  // kabar/core/calendar.h

struct Ymd {
  int y = 0, m = 0, d = 0;
};

Ymd civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

int iso_weekday(int64_t days) { return static_cast<int>(((days % 7) + 7 + 3) % 7) + 1; }

int days_in_month(int y, int m) {
  static const int k[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return k[(m - 1) % 12];
}

bool valid_ymd(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

std::string fmt_day(int64_t days) {
  const Ymd t = civil_from_days(days);
  char b[32];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", t.y, t.m, t.d);
  return b;
}
std::string fmt_month(int y, int m) {
  char b[32];
  std::snprintf(b, sizeof b, "%04d-%02d", y, m);
  return b;
}
std::string fmt_year(int y) {
  char b[32];
  std::snprintf(b, sizeof b, "%04d", y);
  return b;
}
std::string fmt_week(int64_t days) {
  const int wd = iso_weekday(days);
  const int64_t thursday = days - wd + 4;
  const Ymd t = civil_from_days(thursday);
  const int week = static_cast<int>((thursday - days_from_civil(t.y, 1, 1)) / 7) + 1;
  char b[32];
  std::snprintf(b, sizeof b, "%04d-W%02d", t.y, week);
  return b;
}

const char* kWeekdayNames[] = {"",         "Monday", "Tuesday",  "Wednesday",
                               "Thursday", "Friday", "Saturday", "Sunday"};

// ---------------------------------------------------------------- word scan
enum class WKind : uint8_t { kAlpha, kNum, kPunct };

struct Word {
  uint32_t s = 0, e = 0;
  WKind kind = WKind::kAlpha;
  bool cap = false;
  bool sent_start = false;
  bool decade = false;  // "1990-an"
  bool nl_before = false;
  std::string_view low;  // lower-cased (ASCII) form
  const LexEntry* lex = nullptr;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// Typographic punctuation that must not be glued into words: U+2010..U+205E (E2 80/81 xx).
bool is_punct_seq(std::string_view t, size_t i) {
  return static_cast<unsigned char>(t[i]) == 0xE2 && i + 1 < t.size() &&
         (static_cast<unsigned char>(t[i + 1]) == 0x80 ||
          static_cast<unsigned char>(t[i + 1]) == 0x81);
}

size_t cp_len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

void scan(std::string_view t, const DateLexicon& lex, std::vector<Word>& out, std::string& lower) {
  out.clear();
  lower.clear();
  lower.reserve(t.size());
  std::vector<std::pair<uint32_t, uint32_t>> low_pos;
  const size_t n = t.size();
  size_t i = 0;
  bool nl = true;
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(t[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (c == '\n') nl = true;
      ++i;
      continue;
    }
    Word w;
    w.s = static_cast<uint32_t>(i);
    w.nl_before = nl;
    nl = false;
    size_t j = i;
    if (is_digit(static_cast<char>(c))) {
      while (j < n && is_digit(t[j])) ++j;
      while (j + 1 < n &&
             (t[j] == '.' || t[j] == ',' || t[j] == ':' || t[j] == '/' || t[j] == '-') &&
             is_digit(t[j + 1])) {
        ++j;
        while (j < n && is_digit(t[j])) ++j;
      }
      if (j + 2 < n && t[j] == '-' && (t[j + 1] == 'a' || t[j + 1] == 'A') &&
          (t[j + 2] == 'n' || t[j + 2] == 'N') &&
          (j + 3 >= n || !is_alpha_byte(static_cast<unsigned char>(t[j + 3])))) {
        w.decade = true;
        j += 3;
      }
      w.kind = WKind::kNum;
    } else if (is_alpha_byte(c) && !is_punct_seq(t, i)) {
      while (j < n) {
        const unsigned char d = static_cast<unsigned char>(t[j]);
        if (is_punct_seq(t, j)) {
          // allow ’ inside a word (Jum’at)
          if (static_cast<unsigned char>(t[j + 1]) == 0x80 && j + 2 < n &&
              static_cast<unsigned char>(t[j + 2]) == 0x99 && j + 3 < n &&
              is_alpha_byte(static_cast<unsigned char>(t[j + 3])) && !is_punct_seq(t, j + 3)) {
            j += 3;
            continue;
          }
          break;
        }
        if (is_alpha_byte(d) || is_digit(static_cast<char>(d))) {
          j += cp_len(d);
          continue;
        }
        if (d == '-' && j - i <= 12) {
          char buf[16];
          size_t L = 0;
          for (size_t q = i; q < j; ++q)
            buf[L++] = static_cast<char>(t[q] >= 'A' && t[q] <= 'Z' ? t[q] - 'A' + 'a' : t[q]);
          const auto it = lex.words.find(std::string_view(buf, L));
          if (it != lex.words.end() &&
              (it->second.mask & ((uint64_t{1} << kWeekday) | (uint64_t{1} << kMonth))))
            break;
        }
        if ((d == '-' || d == '\'') && j + 1 < n &&
            is_alpha_byte(static_cast<unsigned char>(t[j + 1])) && !is_punct_seq(t, j + 1)) {
          ++j;
          continue;
        }
        break;
      }
      if (j > n) j = n;
      w.kind = WKind::kAlpha;
      w.cap = c >= 'A' && c <= 'Z';
    } else {
      j = std::min(n, i + cp_len(c));
      w.kind = WKind::kPunct;
    }
    w.e = static_cast<uint32_t>(j);
    const uint32_t lb = static_cast<uint32_t>(lower.size());
    for (size_t k = i; k < j; ++k) {
      char ch = t[k];
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      lower.push_back(ch);
    }
    low_pos.emplace_back(lb, static_cast<uint32_t>(lower.size()) - lb);
    out.push_back(w);
    i = j;
  }
  for (size_t k = 0; k < out.size(); ++k) {
    Word& w = out[k];
    w.low = std::string_view(lower).substr(low_pos[k].first, low_pos[k].second);
    if (w.kind != WKind::kNum) {
      auto it = lex.words.find(w.low);
      if (it != lex.words.end()) w.lex = &it->second;
    }
    if (k == 0 || w.nl_before) {
      w.sent_start = true;
    } else {
      const Word& p = out[k - 1];
      if (p.kind == WKind::kPunct && (p.low == "." || p.low == "!" || p.low == "?"))
        w.sent_start = true;
      if (p.kind == WKind::kPunct && p.sent_start && p.low != "(")
        w.sent_start = true;  // after an opening quote
    }
  }
}

// ---------------------------------------------------------------- matching
struct Cand {
  int b = -1, e = -1, core_b = -1;
  std::string value;
  Grain grain = Grain::kDay;
  const char* type = "DATE";
  bool relative = false;
  bool anchored = false;
  std::string mod;
  int64_t point = LLONG_MIN;  // first day it denotes, for anchoring and checks
  bool absolute_day = false;  // an explicit full date (for publication-date inference)
  bool future_dir = false;    // carries its own future marker (depan, mendatang, lagi)
  bool has_weekday = false;   // names a weekday next to an explicit date
  int weekday = 0;            // that weekday (ISO 1..7)
  std::vector<Warning> warns;
};

struct Ctx {
  std::string_view text;
  const std::vector<Word>& w;
  std::optional<int64_t> ref;
  int64_t anchor = LLONG_MIN;  // previous date in the text (day)
  Grain anchor_grain = Grain::kDay;
  int64_t last_day =
      LLONG_MIN;  // the last day (or time) named, even when coarser dates came after it
  bool allow_en = false;
  const DateLexicon* lex = nullptr;
  // Years written in the text (publication-date inference only): "Kamis (11/9)" takes the one
  // whose calendar has that weekday.
  std::vector<int> text_years{};
  // Explicit dates already named in the text within a week of the reference date, by ISO
  // weekday: a later bare "Kamis" is that day ("pertemuan pada Kamis (27/11/2014)" … "pertemuan
  // Kamis").
  std::array<int64_t, 8> named_day = {LLONG_MIN, LLONG_MIN, LLONG_MIN, LLONG_MIN,
                                      LLONG_MIN, LLONG_MIN, LLONG_MIN, LLONG_MIN};
  // Word index just after the last expression found and the day it named (LLONG_MIN when it
  // named no day): the start of a range "dari Senin hingga Rabu".
  int last_e = -1;
  int64_t last_point_day = LLONG_MIN;
  // The last clock time named ("pukul 06.17"): its day and minute of the day, for "enam menit
  // kemudian" (LLONG_MIN / -1 when none yet).
  int64_t clock_day = LLONG_MIN;
  int clock_min = -1;
};

class Matcher {
 public:
  explicit Matcher(Ctx& c) : c_(c), w_(c.w), n_(static_cast<int>(c.w.size())) {}

  bool has(int i, Cls k) const {
    return i >= 0 && i < n_ && w_[i].lex && (w_[i].lex->mask >> k & 1u);
  }
  const std::string& sval(int i, Cls k) const { return w_[i].lex->val[k]; }
  double nval(int i, Cls k) const { return w_[i].lex->num[k]; }
  bool is(int i, std::string_view s) const { return i >= 0 && i < n_ && w_[i].low == s; }
  bool punct(int i, std::string_view s) const {
    return i >= 0 && i < n_ && w_[i].kind == WKind::kPunct && w_[i].low == s;
  }
  bool num(int i) const { return i >= 0 && i < n_ && w_[i].kind == WKind::kNum; }
  bool adjacent(int i) const { return i > 0 && i < n_ && w_[i].s == w_[i - 1].e; }

  // Plain digit token value (no separators), else -1.
  long digits(int i) const {
    if (!num(i) || w_[i].decade) return -1;
    const auto s = w_[i].low;
    if (s.size() > 9) return -1;
    long v = 0;
    for (char ch : s) {
      if (!is_digit(ch)) return -1;
      v = v * 10 + (ch - '0');
    }
    return v;
  }

  int month_at(int i, bool need_strict) const {
    if (has(i, kMonth)) {
      // "Mei" or lower-case month words are accepted only with a strict context
      return static_cast<int>(nval(i, kMonth));
    }
    if (has(i, kMonthAbbr) && (need_strict || w_[i].cap)) {
      int k = i + 1;
      if (punct(k, ".") && adjacent(k)) ++k;
      (void)k;
      return static_cast<int>(nval(i, kMonthAbbr));
    }
    if (c_.allow_en && has(i, kMonthEn)) return static_cast<int>(nval(i, kMonthEn));
    return 0;
  }
  // Index after a month word (skips the period of an abbreviation).
  int after_month(int i) const {
    if ((has(i, kMonthAbbr) || has(i, kMonthEn)) && !has(i, kMonth) && punct(i + 1, ".") &&
        adjacent(i + 1))
      return i + 2;
    return i + 1;
  }

  int year_value(int i) const {
    const long v = digits(i);
    if (v >= 1000 && v <= 2999 && w_[i].low.size() == 4) return static_cast<int>(v);
    return 0;
  }

  // Reads a cardinal written in words or digits at i; returns the index after it or -1.
  int number_at(int i, double& out) const {
    if (num(i) && !w_[i].decade) {
      const auto s = w_[i].low;
      double v = 0, frac = 0, scale = 1;
      bool in_frac = false;
      for (char ch : s) {
        if (is_digit(ch)) {
          if (in_frac) {
            scale /= 10;
            frac += (ch - '0') * scale;
          } else {
            v = v * 10 + (ch - '0');
          }
        } else if (ch == ',' && !in_frac) {
          in_frac = true;
        } else if (ch == '.') {
          continue;  // thousands
        } else {
          return -1;
        }
      }
      out = v + frac;
      return i + 1;
    }
    double total = 0, cur = 0;
    int k = i;
    bool any = false;
    while (k < n_) {
      if (has(k, kNumber)) {
        cur += nval(k, kNumber);
      } else if (has(k, kNumMult) && any) {
        const double m = nval(k, kNumMult);
        if (w_[k].low == "belas")
          cur += 10;
        else if (m == 1000) {
          total += cur * 1000;
          cur = 0;
        } else
          cur *= m;
      } else {
        break;
      }
      any = true;
      ++k;
    }
    if (!any) return -1;
    out = total + cur;
    return k;
  }

  bool future_context(int i) const {
    for (int k = i - 1; k >= 0 && k >= i - 8; --k) {
      if (w_[k].kind == WKind::kPunct && (w_[k].low == "." || w_[k].low == "?" || w_[k].low == "!"))
        break;
      if (has(k, kFutureMarker) && !is(k, "hingga") && !is(k, "sampai") && !is(k, "mulai") &&
          !is(k, "diperkirakan") && !is(k, "target"))
        return true;
    }
    return false;
  }
  bool future_marker_in_sentence(int i) const {
    for (int k = i - 1; k >= 0 && k >= i - 25; --k) {
      if (punct(k, ".") || punct(k, "!") || punct(k, "?") || w_[k + 1].nl_before) break;
      if (has(k, kFutureMarker)) return true;
    }
    for (int k = i; k < n_ && k < i + 12; ++k) {
      if (punct(k, ".") || punct(k, "!") || punct(k, "?")) break;
      if (has(k, kFutureMarker)) return true;
    }
    return false;
  }

  // A strong future marker ("akan", "dijadwalkan") up to 8 words before word b or 4 after word e
  // (exclusive), inside the sentence: "akan bertemu pada Kamis (27/11)", "Rabu (3/12), dia akan".
  bool strong_future_near(int b, int e) const {
    for (int k = b - 1; k >= 0 && k >= b - 8; --k) {
      if (punct(k, ".") || punct(k, "!") || punct(k, "?") || w_[k + 1].nl_before) break;
      if (has(k, kFutureMarker) && nval(k, kFutureMarker) > 0) return true;
    }
    for (int k = e; k < n_ && k < e + 4; ++k) {
      if (punct(k, ".") || punct(k, "!") || punct(k, "?") || w_[k].nl_before) break;
      if (has(k, kFutureMarker) && nval(k, kFutureMarker) > 0) return true;
    }
    return false;
  }

  // Is the word at i ("Minggu"/"minggu") the weekday Sunday rather than "week"?
  bool minggu_is_sunday(int i) const {
    const Word& x = w_[i];
    if (!x.cap) return false;
    double dummy;
    if (i > 0 && (number_at(i - 1, dummy) == i || has(i - 1, kVagueCount))) return false;
    if (punct(i + 1, "(") || (punct(i + 1, ",") && num(i + 2)) || num(i + 1)) return true;
    if (is(i - 1, "hari") || is(i - 1, "pada") || has(i - 1, kSet) || is(i - 1, "dan") ||
        is(i - 1, "hingga") || is(i - 1, "sejak") || is(i - 1, "sampai") || punct(i - 1, "-"))
      return true;
    if (has(i + 1, kPartOfDay)) return true;
    if (is(i + 1, "ke") || is(i + 1, "ke-") || w_[i + 1 < n_ ? i + 1 : i].low.starts_with("ke-"))
      return false;
    if (x.sent_start)
      // "Minggu lalu" is last week, "Minggu kemarin" (a relative day too) last Sunday
      return !((has(i + 1, kPast) && !has(i + 1, kRelday)) || has(i + 1, kFuture) ||
               has(i + 1, kCurrent) || is(i + 1, "terakhir"));
    return true;
  }

  bool weekday_at(int i, int& wd) const {
    if (!has(i, kWeekday)) return false;
    if (w_[i].low == "minggu" && !minggu_is_sunday(i)) return false;
    if (!w_[i].cap && !(is(i - 1, "hari") || is(i - 1, "pada"))) return false;
    // part of a proper name ("Jl Raya Pasar Minggu"): a capitalised word that is not a time word
    // right before, and no date or part of day after
    const bool date_after = punct(i + 1, "(") || (punct(i + 1, ",") && num(i + 2)) ||
                            (num(i + 1) && (w_[i + 1].low.find('/') != std::string_view::npos ||
                                            month_at(i + 2, true)));
    if (!date_after && !has(i + 1, kPartOfDay) &&
        ((!w_[i].sent_start && name_word(i - 1)) || name_word(i + 1)))
      return false;
    wd = static_cast<int>(nval(i, kWeekday));
    return true;
  }

  // Year from ref for a month/day without year: the reading closest to the reference.
  int infer_year(int m, int d, int dir) const {
    const Ymd r = civil_from_days(*c_.ref);
    int best = r.y;
    int64_t best_dist = LLONG_MAX;
    for (int y = r.y - 1; y <= r.y + 1; ++y) {
      const int dd = std::min(d, days_in_month(y, m));
      const int64_t x = days_from_civil(y, m, dd);
      if (dir < 0 && x > *c_.ref) continue;
      if (dir > 0 && x < *c_.ref) continue;
      const int64_t dist = std::llabs(x - *c_.ref);
      if (dist < best_dist) {
        best_dist = dist;
        best = y;
      }
    }
    return best;
  }
  int infer_month_year(int m, int dir) const {
    const Ymd r = civil_from_days(*c_.ref);
    if (dir < 0) return m < r.m ? r.y : r.y - 1;
    if (dir > 0) return m > r.m ? r.y : r.y + 1;
    if (dir == 0 && m - r.m > 6) return r.y - 1;
    if (dir == 0 && r.m - m > 6) return r.y + 1;
    return r.y;
  }

  // Direction word after i: -1 past (lalu, silam, "yang lalu", "tahun lalu"), +1 future, 0 ini, 2
  // none.
  int direction_at(int i, int& end) const {
    if (is(i, "yang") && has(i + 1, kPast)) {
      end = i + 2;
      return -1;
    }
    if (has(i, kPast)) {
      end = i + 1;
      return -1;
    }
    if (is(i, "yang") && is(i + 1, "akan") && is(i + 2, "datang")) {
      end = i + 3;
      return 1;
    }
    if (has(i, kFuture) && !is(i, "datang") && !is(i, "lagi")) {
      end = i + 1;
      return 1;
    }
    if (has(i, kCurrent)) {
      end = i + 1;
      return 0;
    }
    end = i;
    return 2;
  }

  // Is word k a capitalised word that is not a time word, inside a sentence (part of a name)?
  bool name_word(int k) const {
    return k >= 0 && k < n_ && w_[k].kind == WKind::kAlpha && w_[k].cap && !w_[k].sent_start &&
           !w_[k].lex;
  }

  // The day a "hari itu" points back to: the previous date if it is a day, else the last day named.
  int64_t day_anchor() const {
    return c_.anchor != LLONG_MIN && c_.anchor_grain == Grain::kDay ? c_.anchor : c_.last_day;
  }

  // The lexicon entry of two words joined by "_" ("tahun_baru"), or null; no allocation.
  const LexEntry* pair_entry(int i) const {
    if (!c_.lex || !has(i, kPairHead) || i + 1 >= n_ || w_[i + 1].kind != WKind::kAlpha)
      return nullptr;
    char buf[64];
    const size_t a = w_[i].low.size(), b = w_[i + 1].low.size();
    if (a + b + 1 > sizeof buf) return nullptr;
    std::copy(w_[i].low.begin(), w_[i].low.end(), buf);
    buf[a] = '_';
    std::copy(w_[i + 1].low.begin(), w_[i + 1].low.end(), buf + a + 1);
    const auto it = c_.lex->words.find(std::string_view(buf, a + b + 1));
    return it == c_.lex->words.end() ? nullptr : &it->second;
  }

  // A two-word part of the day ("dini hari" -> "MO", "tengah hari" -> "12:00"); empty when none.
  // The part of the day in a word "<part of day>nya" ("paginya", "malamnya"), else empty.
  std::string part_of_day_nya(int i) const {
    if (!c_.lex || i >= n_ || w_[i].kind != WKind::kAlpha || !w_[i].low.ends_with("nya"))
      return {};
    const auto it = c_.lex->words.find(w_[i].low.substr(0, w_[i].low.size() - 3));
    if (it == c_.lex->words.end() || !(it->second.mask >> kPartOfDay & 1u)) return {};
    return it->second.val[kPartOfDay];
  }

  std::string_view day_phrase(int i) const {
    const LexEntry* e = pair_entry(i);
    if (!e || !(e->mask >> kDayPhrase & 1u)) return {};
    return e->val[kDayPhrase];
  }

  void add_part_of_day(Cand& c, int64_t day) {
    // "Minggu (28/12/2014) pagi", "Senin malam", "pukul 14.30 WIB" after a date
    int k = c.e;
    if (has(k, kPartOfDay) && !is(k + 1, "hari")) {
      c.value = fmt_day(day) + "T" + sval(k, kPartOfDay);
      c.grain = Grain::kTime;
      c.type = "TIME";
      c.e = k + 1;
      if (is(c.e, "ini") || is(c.e, "itu") || is(c.e, "tadi") || has(c.e, kLaterWord)) c.e++;
    } else if (const std::string_view ph = day_phrase(k); !ph.empty()) {
      c.value = fmt_day(day) + "T" + std::string(ph);  // "Minggu dini hari", "Senin tengah malam"
      c.grain = Grain::kTime;
      c.type = "TIME";
      c.e = k + 2;
      if (is(c.e, "ini") || is(c.e, "itu") || is(c.e, "tadi") || has(c.e, kLaterWord)) c.e++;
    }
    k = c.e;
    if (punct(k, ",") && is(k + 1, "pukul")) ++k;
    if (is(k, "pukul") || is(k, "jam")) {
      int hh, mm, end;
      if (clock_at(k + 1, hh, mm, end)) {
        char b[32];
        std::snprintf(b, sizeof b, "T%02d:%02d", hh, mm);
        c.value = fmt_day(day) + b;
        c.grain = Grain::kTime;
        c.type = "TIME";
        c.e = end;
      }
    }
  }

  // "14.30", "14:30", "7", then optional "WIB", part of day. Returns hh:mm.
  bool clock_at(int i, int& hh, int& mm, int& end) const {
    if (!num(i)) return false;
    const auto s = w_[i].low;
    int h = 0, m = 0;
    size_t p = 0;
    for (; p < s.size() && is_digit(s[p]); ++p) {  // more than 2 digits is refused below
      if (p < 3) h = h * 10 + (s[p] - '0');
    }
    if (p == 0 || p > 2) return false;
    if (p < s.size()) {
      if (s[p] != '.' && s[p] != ':') return false;
      ++p;
      size_t q = p;
      for (; p < s.size() && is_digit(s[p]); ++p) {
        if (p - q < 3) m = m * 10 + (s[p] - '0');
      }
      if (p - q != 2) return false;
      if (p + 1 < s.size() && s[p] == '-') {
        // "15.30-18.00": a range of clock times in one token; the start is read
        size_t r = p + 1, d1 = 0, d2 = 0;
        while (r < s.size() && is_digit(s[r])) ++r, ++d1;
        if (r < s.size() && (s[r] == '.' || s[r] == ':')) ++r;
        while (r < s.size() && is_digit(s[r])) ++r, ++d2;
        if (r != s.size() || d1 < 1 || d1 > 2 || d2 != 2) return false;
        p = s.size();
      }
      if (p < s.size()) {  // seconds
        if (s[p] != '.' && s[p] != ':') return false;
        ++p;
        while (p < s.size() && is_digit(s[p])) ++p;
        if (p != s.size()) return false;
      }
    }
    if (h > 24 || m > 59) return false;
    end = i + 1;
    if (has(end, kTimezone)) ++end;
    if (has(end, kPartOfDay) && !is(end + 1, "hari")) {
      const std::string& pd = sval(end, kPartOfDay);
      if ((pd == "AF" || pd == "EV" || pd == "NI") && h < 12 && !(pd == "NI" && h <= 4)) h += 12;
      ++end;
    } else if (const std::string_view ph = day_phrase(end);
               !ph.empty() && ph.find(':') == std::string_view::npos) {
      end += 2;  // "pukul 02.00 dini hari"
    }
    if (has(end, kTimezone)) ++end;
    hh = h;
    mm = m;
    return true;
  }

  // Numeric date "17/1/2024", "17-1-2024", "2024-01-17", "(17/1)". Fills y/m/d; reports order.
  bool numeric_date(int i, int weekday, Cand& c) {
    if (!num(i)) return false;
    const auto s = w_[i].low;
    int parts[4] = {0, 0, 0, 0};
    int lens[4] = {0, 0, 0, 0};
    char sep = 0;
    int np = 0;
    for (size_t p = 0; p < s.size();) {
      if (np == 4) return false;
      int v = 0, l = 0;
      while (p < s.size() && is_digit(s[p])) {  // more than 4 digits is refused below
        if (l < 5) v = v * 10 + (s[p] - '0');
        ++p, ++l;
      }
      if (l == 0 || l > 4) return false;
      parts[np] = v;
      lens[np++] = l;
      if (p < s.size()) {
        if (sep && s[p] != sep) return false;
        sep = s[p++];
        if (sep != '/' && sep != '-' && sep != '.') return false;
      }
    }
    if (np < 2 || np > 3) return false;
    int y = 0, a = 0, b = 0;
    if (np == 3 && lens[0] == 4 && sep == '-') {  // ISO
      y = parts[0];
      if (!valid_ymd(y, parts[1], parts[2])) return false;
      c.point = days_from_civil(y, parts[1], parts[2]);
      c.value = fmt_day(c.point);
      c.absolute_day = true;
      return true;
    }
    if (sep == '.' && np != 3) return false;  // 14.30 is a time, not a date
    if (sep == '.' && lens[2] != 4) return false;
    a = parts[0];
    b = parts[1];
    if (lens[0] > 2 || lens[1] > 2) return false;
    bool year_given = np == 3;
    if (year_given) {
      y = parts[2];
      if (lens[2] == 2)
        y += 2000;
      else if (lens[2] != 4)
        return false;
    } else {
      if (sep != '/') return false;
      if (!c_.ref) {
        // no reference date: a named weekday picks the year among those written in the text
        if (weekday == 0 || lens[0] > 2 || lens[1] > 2) return false;
        for (auto it = c_.text_years.rbegin(); it != c_.text_years.rend(); ++it) {
          if (valid_ymd(*it, b, a) && iso_weekday(days_from_civil(*it, b, a)) == weekday) {
            c.point = days_from_civil(*it, b, a);
            c.value = fmt_day(c.point);
            c.absolute_day = true;
            return true;
          }
        }
        return false;
      }
    }
    auto ok = [&](int d, int m) {
      if (m < 1 || m > 12 || d < 1 || d > 31) return false;
      const int yy = year_given ? y : infer_year(m, d, 0);
      return valid_ymd(yy, m, d);
    };
    auto days_of = [&](int d, int m) {
      const int yy = year_given ? y : infer_year(m, d, 0);
      return days_from_civil(yy, m, d);
    };
    const bool dm = ok(a, b), md = ok(b, a);
    if (!dm && !md) return false;
    int64_t day;
    const std::string txt(c_.text.substr(w_[i].s, w_[i].e - w_[i].s));
    if (dm && (weekday == 0 || iso_weekday(days_of(a, b)) == weekday)) {
      day = days_of(a, b);
      if (weekday == 0 && md && a != b && a <= 12) {
        c.warns.push_back(
            {"ambiguous_date", txt,
             "day/month order cannot be decided; read as day/month (" + fmt_day(day) + ")",
             std::nullopt});
      }
    } else if (md && weekday != 0 && iso_weekday(days_of(b, a)) == weekday) {
      day = days_of(b, a);
      c.warns.push_back({"ambiguous_date", txt,
                         std::string("read as month/day (") + fmt_day(day) +
                             "): the named weekday, " + kWeekdayNames[weekday] +
                             ", does not fit the day/month reading",
                         std::nullopt});
    } else {
      day = dm ? days_of(a, b) : days_of(b, a);
      if (weekday != 0) {
        std::string note;
        // A mistyped year ("Kamis (11/12/2013)" in a text of 2014): the adjacent year whose
        // calendar has that weekday, when it lies nearer the reference date.
        if (year_given && c_.ref) {
          const Ymd t = civil_from_days(day);
          for (int dy : {-1, 1}) {
            if (!valid_ymd(t.y + dy, t.m, t.d)) continue;
            const int64_t alt = days_from_civil(t.y + dy, t.m, t.d);
            if (iso_weekday(alt) == weekday &&
                std::llabs(alt - *c_.ref) < std::llabs(day - *c_.ref)) {
              note = "; read as " + fmt_day(alt) + ", the adjacent year that fits";
              day = alt;
              break;
            }
          }
        }
        const int64_t orig = note.empty() ? day : (dm ? days_of(a, b) : days_of(b, a));
        c.warns.push_back({"weekday_mismatch", txt,
                           std::string("the text names ") + kWeekdayNames[weekday] + " but " +
                               fmt_day(orig) + " was a " + kWeekdayNames[iso_weekday(orig)] + note,
                           std::nullopt});
      }
    }
    c.point = day;
    c.value = fmt_day(day);
    c.absolute_day = year_given;
    c.relative = !year_given;
    return true;
  }

  // "17 Januari 2024", "17 Jan", "17 Januari lalu". At i: day number (or "tanggal" before it).
  bool day_month(int i, int weekday, Cand& c) {
    int k = i;
    if (is(k, "tanggal") || is(k, "tgl")) ++k;
    long d = digits(k);
    int kend = k + 1;
    if (d < 0 && num(k) && w_[k].low.size() <= 5 && w_[k].low.find('-') != std::string_view::npos) {
      const auto s = w_[k].low;  // "17-18 Agustus": the first day
      const size_t dash = s.find('-');
      if (dash >= 1 && dash <= 2 && s.size() - dash - 1 <= 2 && s.size() - dash - 1 >= 1)
        d = std::atoi(std::string(s.substr(0, dash)).c_str());
    } else if (k >= n_ || w_[k].low.size() > 2) {
      return false;
    }
    if (d < 1 || d > 31) return false;
    // "17-18 Januari": take the first day
    int m = month_at(kend, true);
    if (!m && punct(kend, "-") && digits(kend + 1) > 0) {
      m = month_at(kend + 2, true);
      if (m) kend += 2;
    }
    if (!m && k > i && c_.ref && kend == k + 1 && !has(kend, kUnit) && !has(kend, kCounter) &&
        !punct(kend, "%")) {
      // "tanggal 10": that day of the reference month
      const Ymd r = civil_from_days(*c_.ref);
      if (!valid_ymd(r.y, r.m, static_cast<int>(d))) return false;
      c.e = kend;
      if (int dend; direction_at(kend, dend) == -1) c.e = dend;  // "tanggal 10 lalu"
      c.point = days_from_civil(r.y, r.m, static_cast<int>(d));
      c.value = fmt_day(c.point);
      c.grain = Grain::kDay;
      c.relative = true;
      return true;
    }
    if (!m) return false;
    if (has(kend, kMonth) && !w_[kend].cap && !has(kend, kMonthAbbr)) {
      // lower-case full month names are fine ("17 januari")
    }
    int e = after_month(kend);
    int y = year_value(e);
    int64_t day;
    if (y) {
      if (!valid_ymd(y, m, static_cast<int>(d))) return false;
      day = days_from_civil(y, m, static_cast<int>(d));
      ++e;
      int dend;
      if (direction_at(e, dend) == -1) e = dend;  // "27 November 2014 lalu"
      c.absolute_day = true;
    } else {
      int dend;
      int dir = direction_at(e, dend);
      if (dir == 0) dir = 2;
      if (!c_.ref) return false;
      if (is(e, "tahun") && (has(e + 1, kPast) || has(e + 1, kFuture) || has(e + 1, kCurrent))) {
        const Ymd r = civil_from_days(*c_.ref);
        y = r.y + (has(e + 1, kPast) ? -1 : has(e + 1, kFuture) ? 1 : 0);
        e += 2;
      } else {
        y = infer_year(m, static_cast<int>(d), dir == 2 ? 0 : dir);
        if (dir != 2) e = dend;
      }
      if (!valid_ymd(y, m, static_cast<int>(d))) return false;
      day = days_from_civil(y, m, static_cast<int>(d));
      c.relative = true;
    }
    if (weekday && iso_weekday(day) != weekday) {
      c.warns.push_back({"weekday_mismatch",
                         std::string(c_.text.substr(w_[i].s, w_[e - 1].e - w_[i].s)),
                         std::string("the text names ") + kWeekdayNames[weekday] + " but " +
                             fmt_day(day) + " was a " + kWeekdayNames[iso_weekday(day)],
                         std::nullopt});
    }
    c.e = e;
    c.point = day;
    c.value = fmt_day(day);
    c.grain = Grain::kDay;
    return true;
  }

  // Month-led: "Januari 2024", "Juni lalu", "Agustus tahun lalu", "Oktober ini".
  bool month_led(int i, Cand& c) {
    const int m = month_at(i, false);
    if (!m) return false;
    int e = after_month(i);
    const int y = year_value(e);
    if (has(i, kMonthAbbr) && !has(i, kMonth) && !y) return false;
    if (y) {
      c.e = e + 1;
      int dend;
      if (direction_at(c.e, dend) == -1) c.e = dend;  // "Juni 2014 lalu"
      c.value = fmt_month(y, m);
      c.point = days_from_civil(y, m, 1);
      c.grain = Grain::kMonth;
      return true;
    }
    if (has(e, kRange) || is(e, "dan")) {
      const int m2 = month_at(e + 1, true);
      const int y2 = m2 ? year_value(after_month(e + 1)) : 0;
      if (y2 && (w_[i].cap || has(i - 1, kSignal) || is(i - 1, "bulan"))) {
        const int yy = m2 >= m ? y2 : y2 - 1;
        c.e = e;
        c.value = fmt_month(yy, m);
        c.point = days_from_civil(yy, m, 1);
        c.grain = Grain::kMonth;
        return true;
      }
    }
    if (!c_.ref) return false;
    // bare month: only capitalised full names; "Mei" needs a direction or a "bulan" before it
    int dend;
    int dir = direction_at(e, dend);
    const Ymd r = civil_from_days(*c_.ref);
    int yy;
    if (is(e, "tahun") && (has(e + 1, kPast) || has(e + 1, kFuture) || has(e + 1, kCurrent))) {
      yy = r.y + (has(e + 1, kPast) ? -1 : has(e + 1, kFuture) ? 1 : 0);
      dend = e + 2;
      if (is(e + 1, "yang")) dend = e + 3;
    } else if (dir != 2) {
      yy = dir == 0 ? r.y : infer_month_year(m, dir);
    } else {
      if (!w_[i].cap) return false;
      // inside a name: "Menteri Kehutanan Raja Juli Antoni"
      if (!w_[i].sent_start && (name_word(i - 1) || name_word(e))) return false;
      if (w_[i].low == "mei" && !is(i - 1, "bulan") && !has(i - 1, kModifier) &&
          !is(i - 1, "pada") && !is(i - 1, "sejak") && !is(i - 1, "hingga") && !is(i - 1, "sampai"))
        return false;
      yy = infer_month_year(m, 0);
      // "dijadwalkan pada Juni", "akan ... Maret": a stated future takes the next such month
      if ((yy < r.y || (yy == r.y && m < r.m)) && strong_future_near(c.core_b >= 0 ? c.core_b : i, e)) {
        yy = infer_month_year(m, 1);
        c.future_dir = true;
      }
    }
    c.e = dend;
    c.value = fmt_month(yy, m);
    c.point = days_from_civil(yy, m, 1);
    c.grain = Grain::kMonth;
    c.relative = true;
    return true;
  }

  // Unit + direction: "pekan lalu", "bulan depan", "tahun ini", "hari ini", "akhir pekan".
  bool unit_dir(int i, Cand& c) {
    if (!has(i, kUnit) || !c_.ref) return false;
    const std::string& u = sval(i, kUnit);
    int e;
    int dir = direction_at(i + 1, e);
    int64_t r = *c_.ref;
    if (dir == 2) {
      if (is(i + 1, "yang") && is(i + 2, "akan") && is(i + 3, "datang")) {
        dir = 1;
        e = i + 4;
      } else if ((has(i + 1, kAnchorBefore) || has(i + 1, kAnchorAfter)) &&
                 c_.anchor != LLONG_MIN && !(u == "D" && c_.anchor_grain != Grain::kDay)) {
        // "tahun sebelumnya", "hari berikutnya": one unit from the previous date in the text
        dir = has(i + 1, kAnchorBefore) ? -1 : 1;
        e = i + 2;
        r = c_.anchor;
        c.anchored = true;
      } else {
        return false;
      }
    }
    const Ymd ry = civil_from_days(r);
    const int step = dir == 0 ? 0 : dir;
    c.e = e;
    c.relative = true;
    if (u == "D") {
      if (dir != 0 && !c.anchored) return false;  // "hari lalu" is not a date
      c.value = fmt_day(r + step);
      c.point = r + step;
      c.grain = Grain::kDay;
    } else if (u == "W") {
      const int64_t d = r + 7 * step;
      c.value = fmt_week(d);
      c.point = d - iso_weekday(d) + 1;
      c.grain = Grain::kWeek;
    } else if (u == "M") {
      int y = ry.y, m = ry.m + step;
      if (m < 1) {
        m += 12;
        --y;
      }
      if (m > 12) {
        m -= 12;
        ++y;
      }
      c.value = fmt_month(y, m);
      c.point = days_from_civil(y, m, 1);
      c.grain = Grain::kMonth;
    } else if (u == "Y") {
      c.value = fmt_year(ry.y + step);
      c.point = days_from_civil(ry.y + step, 1, 1);
      c.grain = Grain::kYear;
    } else {
      return false;
    }
    return true;
  }

  // "tahun 1948", "tahun 1990-an", bare "2022", "1990-an", "2014 lalu".
  bool year_led(int i, Cand& c) {
    int k = i;
    const bool tahun = is(k, "tahun");
    if (tahun) ++k;
    if (num(k) && w_[k].decade) {
      auto s = w_[k].low.substr(0, w_[k].low.size() - 3);
      int v = 0;
      for (char ch : s) {
        if (!is_digit(ch)) return false;
        if (s.size() <= 4) v = v * 10 + (ch - '0');  // only 2 or 4 digits are read
      }
      if (s.size() == 4)
        c.value = std::to_string(v / 10);
      else if (s.size() == 2 && (tahun || has(k - 1, kDecadeCue) || has(k - 1, kModifier)))
        c.value = std::to_string(v >= 30 ? 190 + v / 10 : 200 + v / 10);
      else
        return false;
      c.e = k + 1;
      c.grain = Grain::kDecade;
      c.point = days_from_civil(std::stoi(c.value) * 10, 1, 1);
      return true;
    }
    int y = year_value(k);
    if (!y && num(k) && w_[k].low.size() == 9 &&
        w_[k].low[4] == '-') {  // "1997-1998": the first year
      const auto s = w_[k].low;
      bool ok = true;
      for (size_t q = 0; q < 9; ++q)
        if (q != 4 && !is_digit(s[q])) ok = false;
      if (ok) y = std::atoi(std::string(s.substr(0, 4)).c_str());
      if (y < 1900 || y > 2100) y = 0;
    }
    if (!y) return false;
    if (!tahun) {
      if (y < 1900 || y > 2100) return false;
      if (adjacent(k) && k > 0 && w_[k - 1].kind != WKind::kPunct) return false;
      if (k > 0 && (w_[k - 1].low == "rp" || w_[k - 1].low == "no" || w_[k - 1].low == "nomor" ||
                    w_[k - 1].low == "us$" || w_[k - 1].low == "$" || has(k - 1, kMonth)))
        return false;
      if (has(k + 1, kCounter) || has(k + 1, kUnit)) return false;
      if (punct(k + 1, "%") || (punct(k + 1, ",") && num(k + 2) && adjacent(k + 1))) return false;
    }
    c.e = k + 1;
    c.value = fmt_year(y);
    c.point = days_from_civil(y, 1, 1);
    c.grain = Grain::kYear;
    int dend;
    const int dir = direction_at(c.e, dend);
    if (dir == -1 || dir == 0 || (dir == 1 && !is(c.e, "lagi"))) c.e = dend;
    return true;
  }

  // "malam Minggu" is Saturday night: the night before the named (bare) weekday.
  bool night_of_weekday(int i, Cand& c) {
    if (!has(i, kNightBefore) || !has(i + 1, kWeekday) || !w_[i + 1].cap || !c_.ref) return false;
    Cand d;
    d.b = c.b;
    d.core_b = i + 1;
    if (!weekday_led(i + 1, d) || d.has_weekday || d.grain != Grain::kDay) return false;
    // the Saturday named by "Minggu" relative to the reference date
    int wd = 0;
    weekday_at(i + 1, wd);
    const int prev = wd == 1 ? 7 : wd - 1;
    Cand p;
    const int64_t r = *c_.ref;
    const int rw = iso_weekday(r);
    int64_t day = r - ((rw - prev + 7) % 7);
    if (d.future_dir) day = r + ((prev - rw + 7) % 7);
    c.e = d.e;
    c.point = day;
    c.value = fmt_day(day) + "T" + sval(i, kNightBefore);
    c.grain = Grain::kTime;
    c.type = "TIME";
    c.relative = true;
    c.future_dir = d.future_dir;
    return true;
  }

  // Weekday-led expressions.
  // A cue that looks ahead to the weekday at word i ("hingga Jumat", "sampai hari Senin",
  // "menjelang Sabtu", "paling lambat Kamis"): its index, or -1. Not the "as of" reading of
  // hingga/sampai (value 1): at the start of a clause ("Hingga Selasa, …"), with a time of day
  // after the weekday ("hingga Rabu malam, korban bertambah"), or with a past marker ("telah",
  // "sudah") in the sentence.
  int upcoming_cue_before(int i) const {
    int k = i - 1;
    if (is(k, "pada")) --k;
    if (!has(k, kUpcomingCue)) return -1;
    const int kind = static_cast<int>(nval(k, kUpcomingCue));
    if (kind == 2 && !is(k - 1, "paling")) return -1;  // "paling lambat"
    if (kind == 1) {
      if (w_[k].sent_start || punct(k - 1, ",")) return -1;
      int e = i + 1;  // after the weekday ("hari Senin": i is "hari")
      if (is(i, "hari")) ++e;
      if (has(e, kPartOfDay) || !day_phrase(e).empty() || is(e, "pukul") || is(e, "jam"))
        return -1;
    }
    for (int q = k - 1; q >= 0 && q >= k - 25; --q) {
      if (punct(q, ".") || punct(q, "!") || punct(q, "?") || w_[q + 1].nl_before) break;
      if (has(q, kPastMarker)) return -1;
    }
    for (int q = k + 1; q < n_ && q < k + 25; ++q) {
      if (punct(q, ".") || punct(q, "!") || punct(q, "?") || w_[q].nl_before) break;
      if (has(q, kPastMarker)) return -1;
    }
    return k;
  }

  bool weekday_led(int i, Cand& c) {
    int k = i;
    if (is(k, "hari") && has(k + 1, kWeekday)) ++k;
    int wd;
    if (!weekday_at(k, wd)) return false;
    int e = k + 1;
    // "Minggu pagi (28/12/2014)", "Senin pagi, 18 November 2024": the part of the day before
    // the date
    if (has(e, kPartOfDay) && (punct(e + 1, "(") || punct(e + 1, ","))) {
      Cand d;
      const bool paren = punct(e + 1, "(");
      int de = -1;
      if (numeric_date(e + 2, wd, d) && (!paren || punct(e + 3, ")")))
        de = paren ? e + 4 : e + 3;
      else if (!paren && (d = Cand{}, day_month(e + 2, wd, d)) && d.grain == Grain::kDay &&
               d.point != LLONG_MIN)
        de = d.e;
      if (de > 0) {
        c.e = de;
        c.point = d.point;
        c.value = fmt_day(d.point) + "T" + sval(e, kPartOfDay);
        c.grain = Grain::kTime;
        c.type = "TIME";
        c.has_weekday = true;
        c.weekday = wd;
        c.absolute_day = d.absolute_day;
        c.relative = d.relative;
        c.warns = std::move(d.warns);
        for (auto& wr : c.warns)
          wr.text = std::string(c_.text.substr(w_[i].s, w_[c.e - 1].e - w_[i].s));
        return true;
      }
    }
    // explicit date after the weekday
    {
      int j = e;
      bool paren = false;
      if (punct(j, ",")) ++j;
      if (punct(j, "(")) {
        paren = true;
        ++j;
      }
      Cand d;
      d.b = c.b;
      if (numeric_date(j, wd, d)) {
        int end = j + 1;
        if (paren && punct(end, ")")) ++end;
        if (int dend; direction_at(end, dend) == -1) end = dend;  // "Minggu (28/12/2014) lalu"
        c.e = end;
        c.value = d.value;
        c.point = d.point;
        c.has_weekday = true;
        c.weekday = wd;
        c.absolute_day = d.absolute_day;
        c.relative = d.relative;
        c.warns = std::move(d.warns);
        for (auto& wr : c.warns)
          wr.text = std::string(c_.text.substr(w_[i].s, w_[end - 1].e - w_[i].s));
        c.grain = Grain::kDay;
        add_part_of_day(c, c.point);
        return true;
      }
      if (day_month(j, wd, d) && (!paren || punct(d.e, ")"))) {
        if (paren) ++d.e;  // "Minggu (30 April 2017)"
        c.e = d.e;
        c.value = d.value;
        c.point = d.point;
        c.has_weekday = true;
        c.weekday = wd;
        c.absolute_day = d.absolute_day;
        c.relative = d.relative;
        c.warns = std::move(d.warns);
        for (auto& wr : c.warns)
          wr.text = std::string(c_.text.substr(w_[i].s, w_[c.e - 1].e - w_[i].s));
        c.grain = Grain::kDay;
        add_part_of_day(c, c.point);
        return true;
      }
    }
    if (!c_.ref) {
      // no reference date: the weekday stays underspecified in TimeML form ("pada Sabtu" ->
      // XXXX-WXX-6)
      c.e = e;
      c.value = "XXXX-WXX-" + std::to_string(wd);
      c.grain = Grain::kDay;
      c.relative = true;
      c.weekday = wd;
      return true;
    }
    const int64_t r = *c_.ref;
    const int rw = iso_weekday(r);
    int dend;
    int dir = direction_at(e, dend);
    if (dir == 2 && has(e, kPartOfDay)) {  // "Sabtu malam lalu"
      int d2;
      const int dir2 = direction_at(e + 1, d2);
      if (dir2 != 2) {
        dir = dir2;
      }
    }
    if (dir == 2 && is(e, "kemarin")) {
      dir = -1;
      dend = e + 1;
    }
    int wk_end;
    const int wk_dir = (has(e, kUnit) && sval(e, kUnit) == "W") ? direction_at(e + 1, wk_end) : 2;
    int64_t day;
    if (dir == 2 && wk_dir != 2) {
      day = r - rw + wd + 7 * wk_dir;
      e = wk_end;
      if (wk_dir == 1) c.future_dir = true;
    } else if (dir == -1) {
      day = r - ((rw - wd + 7) % 7);
      if (day == r) day -= 7;
      e = dend;
    } else if (dir == 1) {
      day = r + ((wd - rw + 7) % 7);
      if (day == r) day += 7;
      e = dend;
    } else if (dir == 0) {
      day = r - rw + wd;
      e = dend;
    } else if (c_.named_day[wd] != LLONG_MIN) {
      day = c_.named_day[wd];
      if (day > r) c.future_dir = true;
    } else if (const int cue = upcoming_cue_before(c.core_b >= 0 ? c.core_b : i); cue >= 0) {
      // the end of a range counts from its start ("dari Senin hingga Rabu"), else from the
      // reference date: the first such weekday on or after it
      const int64_t base =
          cue == c_.last_e && c_.last_point_day != LLONG_MIN ? c_.last_point_day : r;
      day = base + ((wd - iso_weekday(base) + 7) % 7);
      if (day > r) c.future_dir = true;
    } else if (future_context(c.core_b >= 0 ? c.core_b : i)) {
      day = r + ((wd - rw + 7) % 7);
      c.future_dir = true;
    } else {
      day = r - ((rw - wd + 7) % 7);
    }
    if (dir == 1) c.future_dir = true;
    c.e = e;
    c.point = day;
    c.value = fmt_day(day);
    c.grain = Grain::kDay;
    c.relative = true;
    add_part_of_day(c, day);
    if (c.grain == Grain::kTime) {
      int d3;
      if (direction_at(c.e, d3) != 2) c.e = d3;
    }
    return true;
  }

  // Durations and offsets: "tiga tahun", "lebih dari tiga tahun lalu", "sebulan kemudian".
  // "x24" right after a number ("1x24 jam"): the times word glued to the multiplier; 0 if not.
  int glued_times(int k) const {
    if (!c_.lex || k <= 0 || k >= n_ || w_[k].kind != WKind::kAlpha || !num(k - 1) ||
        w_[k].s != w_[k - 1].e || w_[k].low.size() < 2 || w_[k].low.size() > 4)
      return 0;
    const auto it = c_.lex->words.find(w_[k].low.substr(0, 1));
    if (it == c_.lex->words.end() || !(it->second.mask >> kTimes & 1u)) return 0;
    int b = 0;
    for (char ch : w_[k].low.substr(1)) {
      if (!is_digit(ch)) return 0;
      b = b * 10 + (ch - '0');
    }
    return b;
  }

  bool duration(int i, Cand& c) {
    int k = i;
    std::string mod;
    if (has(k, kApprox)) {
      mod = sval(k, kApprox);
      if (is(k, "lebih") || is(k, "kurang")) {
        if (!is(k + 1, "dari")) return false;
        k += 2;
      } else {
        ++k;
      }
    } else if (is(k, "paling") && is(k + 1, "tidak")) {
      mod = "EQUAL_OR_MORE";
      k += 2;
    }
    double n = 0;
    bool vague = false;
    int uidx;
    std::string unit;
    if (has(k, kSeUnit)) {
      n = 1;
      unit = sval(k, kSeUnit);
      uidx = k;
    } else if (has(k, kVagueCount)) {
      vague = true;
      uidx = k + 1;
      if (!has(uidx, kUnit)) return false;
      unit = sval(uidx, kUnit);
    } else {
      int after = number_at(k, n);
      if (after < 0) return false;
      if (num(k) && w_[k].low.find_first_of("/:") != std::string_view::npos) return false;
      double n2 = 0;
      if (has(after, kTimes) && number_at(after + 1, n2) > after + 1 &&
          has(number_at(after + 1, n2), kUnit)) {
        after = number_at(after + 1, n2);  // "2 x 24 jam"
        n *= n2;
      } else if (const int g = glued_times(after); g > 0 && has(after + 1, kUnit)) {
        n *= g;  // "1x24 jam"
        ++after;
      }
      uidx = after;
      if (!has(uidx, kUnit)) return false;
      if (w_[uidx].low == "minggu" && w_[uidx].cap && !w_[uidx].sent_start && num(k)) return false;
      // "Nomor 731 Tahun 2025": a regulation's number and year, not 731 years
      if (sval(uidx, kUnit) == "Y" && year_value(uidx + 1)) return false;
      unit = sval(uidx, kUnit);
      if (n <= 0 || n > 100000) return false;
    }
    int e = uidx + 1;
    if (unit == "WINDU") {
      unit = "Y";
      n *= 8;
    }
    // What follows: past/future offset, anchored offset, or a plain duration.
    int dend;
    const int dir = direction_at(e, dend);
    // "kemudian", "sebelumnya", or two words: "setelah itu", "sebelum itu"
    int aw = 1;
    bool after = has(e, kAnchorAfter);
    bool before_word = has(e, kAnchorBefore);
    if (!after && !before_word && has(e + 1, kAnchorThat) &&
        (is(e, "setelah") || is(e, "sesudah") || is(e, "sebelum"))) {
      aw = 2;
      after = !is(e, "sebelum");
      before_word = !after;
    }
    // "berlangsung tiga hari sebelumnya": how long something lasted, not a date
    const bool lasting = before_word && i > 0 && has(i - 1, kDurationCue);
    const bool before = before_word && !lasting && (c_.anchor != LLONG_MIN || c_.ref);
    const bool lagi = is(e, "lagi") || is(e, "mendatang");
    auto nstr = [&]() {
      if (vague) return std::string("X");
      char b[32];
      if (n == static_cast<long>(n))
        std::snprintf(b, sizeof b, "%ld", static_cast<long>(n));
      else
        std::snprintf(b, sizeof b, "%g", n);
      return std::string(b);
    };
    c.mod = mod;
    // "enam menit kemudian", "dua jam sebelumnya" after a clock time: that time plus or minus
    if ((after || (before_word && !lasting)) && (unit == "MIN" || unit == "H") && !vague &&
        c_.clock_day != LLONG_MIN && n == static_cast<long>(n)) {
      int64_t mins = c_.clock_min + (after ? 1 : -1) * static_cast<int64_t>(n) * (unit == "H" ? 60 : 1);
      int64_t day = c_.clock_day;
      while (mins < 0) mins += 1440, --day;
      day += mins / 1440;
      mins %= 1440;
      char b[8];
      std::snprintf(b, sizeof b, "T%02d:%02d", static_cast<int>(mins / 60), static_cast<int>(mins % 60));
      c.value = fmt_day(day) + b;
      c.type = "TIME";
      c.grain = Grain::kTime;
      c.point = day;
      c.e = e + aw;
      c.anchored = true;
      c.relative = true;
      return true;
    }
    if ((dir == -1 || after || before || lagi) && unit != "S" && unit != "MIN" && unit != "H") {
      int64_t base;
      Grain anchor_grain = Grain::kDay;
      if (before) {
        // against the previous date unless it is coarser than the unit ("sepekan sebelumnya"
        // after "tahun ini" counts from the reference date)
        const bool coarse = c_.anchor_grain == Grain::kYear || c_.anchor_grain == Grain::kDecade ||
                            c_.anchor_grain == Grain::kCentury ||
                            c_.anchor_grain == Grain::kQuarter ||
                            c_.anchor_grain == Grain::kSeason ||
                            (c_.anchor_grain == Grain::kMonth && (unit == "D" || unit == "W"));
        const bool use_anchor =
            c_.anchor != LLONG_MIN && !(coarse && unit != "Y" && unit != "DE" && c_.ref);
        base = use_anchor ? c_.anchor : *c_.ref;
        c.anchored = use_anchor;
        e = e + aw;
      } else if (after) {
        if (c_.anchor == LLONG_MIN) return false;
        base = c_.anchor;
        c.anchored = true;
        e = e + aw;
      } else {
        if (!c_.ref) return false;
        base = *c_.ref;
        e = lagi ? (is(e, "ke") ? e + 2 : e + 1) : dend;
        if (lagi) c.future_dir = true;
      }
      if (c.anchored) anchor_grain = c_.anchor_grain;
      c.e = e;
      c.relative = true;
      if (vague) {
        c.value = after ? "FUTURE_REF" : (dir == -1 || before) ? "PAST_REF" : "FUTURE_REF";
        c.grain = Grain::kDay;
        c.point = LLONG_MIN;
        return true;
      }
      const int sign = ((dir == -1 && !after) || before) ? -1 : 1;
      const bool anch = after || c.anchored;
      const long nn = static_cast<long>(n);
      const Ymd b = civil_from_days(base);
      if (unit == "D") {
        c.point = base + sign * nn;
        c.value = fmt_day(c.point);
        c.grain = Grain::kDay;
      } else if (unit == "W") {
        c.point = base + sign * 7 * nn;
        c.value = anch ? fmt_day(c.point) : fmt_week(c.point);
        c.grain = anch ? Grain::kDay : Grain::kWeek;
      } else if (unit == "M") {
        int y = b.y, m = b.m + static_cast<int>(sign * nn);
        while (m < 1) {
          m += 12;
          --y;
        }
        while (m > 12) {
          m -= 12;
          ++y;
        }
        if (anch && anchor_grain == Grain::kDay) {
          c.point = days_from_civil(y, m, std::min(b.d, days_in_month(y, m)));
          c.value = fmt_day(c.point);
          c.grain = Grain::kDay;
        } else {
          c.point = days_from_civil(y, m, 1);
          c.value = fmt_month(y, m);
          c.grain = Grain::kMonth;
        }
      } else if (unit == "Y") {
        const int y = b.y + static_cast<int>(sign * nn);
        if (anch && anchor_grain == Grain::kDay) {
          c.point = days_from_civil(y, b.m, std::min(b.d, days_in_month(y, b.m)));
          c.value = fmt_day(c.point);
          c.grain = Grain::kDay;
        } else {
          c.point = days_from_civil(y, 1, 1);
          c.value = fmt_year(y);
          c.grain = Grain::kYear;
        }
      } else if (unit == "DE") {
        const int y = b.y + static_cast<int>(sign * nn * 10);
        c.point = days_from_civil(y, 1, 1);
        c.value = std::to_string(y / 10);
        c.grain = Grain::kDecade;
      } else {
        return false;
      }
      return true;
    }
    // plain duration
    c.e = e;
    if (is(e, "terakhir") || is(e, "belakangan") || is(e, "pertama") || lasting)
      c.e = e + 1;
    else if (is(e, "ke") && is(e + 1, "depan"))
      c.e = e + 2;
    c.type = "DURATION";
    c.grain = Grain::kDuration;
    if (!vague && n == 0.5 && (unit == "H" || unit == "Y" || unit == "D")) {
      n = unit == "H" ? 30 : unit == "Y" ? 6 : 12;
      unit = unit == "H" ? "MIN" : unit == "Y" ? "M" : "H";
    }
    const std::string ns = nstr();
    if (unit == "S" || unit == "MIN" || unit == "H")
      c.value = "PT" + ns + (unit == "MIN" ? "M" : unit);
    else
      c.value = "P" + ns + unit;
    // "2 jam 45 menit", "1 tahun 6 bulan", "3 hari 5 jam": the next smaller unit joins in
    if (!vague && c.e == e && n == static_cast<long>(n)) {
      double n2 = 0;
      const int a2 = number_at(e, n2);
      if (a2 > e && has(a2, kUnit) && n2 > 0 && n2 == static_cast<long>(n2) && !num(a2 + 1)) {
        const std::string& u2 = sval(a2, kUnit);
        const std::string n2s = std::to_string(static_cast<long>(n2));
        std::string v;
        if (unit == "Y" && u2 == "M")
          v = c.value + n2s + "M";
        else if (unit == "H" && u2 == "MIN")
          v = c.value + n2s + "M";
        else if (unit == "MIN" && u2 == "S")
          v = c.value + n2s + "S";
        else if (unit == "D" && u2 == "H")
          v = c.value + "T" + n2s + "H";
        if (!v.empty()) {
          c.value = v;
          c.e = a2 + 1;
        }
      }
    }
    return true;
  }

  bool reduplicated_duration(int i, Cand& c) {
    // "berbulan-bulan", "bertahun-tahun", "berhari-hari"
    const auto s = w_[i].low;
    if (w_[i].kind != WKind::kAlpha || !s.starts_with("ber")) return false;
    const size_t dash = s.find('-');
    if (dash == std::string_view::npos) return false;
    const auto a = s.substr(3, dash - 3), b = s.substr(dash + 1);
    if (a != b) return false;
    static const std::pair<std::string_view, const char*> kU[] = {
        {"detik", "PTXS"}, {"menit", "PTXM"}, {"jam", "PTXH"},  {"hari", "PXD"}, {"minggu", "PXW"},
        {"pekan", "PXW"},  {"bulan", "PXM"},  {"tahun", "PXY"}, {"abad", "PXCE"}};
    for (const auto& [u, v] : kU) {
      if (a == u) {
        c.e = i + 1;
        c.value = v;
        c.type = "DURATION";
        c.grain = Grain::kDuration;
        return true;
      }
    }
    return false;
  }

  bool relday(int i, Cand& c) {
    if (!c_.ref) return false;
    const int64_t r = *c_.ref;
    int e = i + 1;
    int64_t day;
    if (is(i, "kemarin") && is(i + 1, "lusa")) {
      day = r - 2;
      e = i + 2;
    } else if (has(i, kRelday)) {
      if (is(i, "esok") && !(is(i + 1, "hari") || has(i + 1, kPartOfDay))) return false;
      day = r + static_cast<long>(nval(i, kRelday));
      if (is(i, "esok") && is(i + 1, "hari")) e = i + 2;
    } else if (is(i, "hari") && is(i + 1, "ini")) {
      day = r;
      e = i + 2;
    } else if ((is(i, "keesokan") || is(i, "esok")) && is(i + 1, "harinya")) {
      if (c_.anchor == LLONG_MIN) return false;
      day = c_.anchor + 1;
      e = i + 2;
      c.anchored = true;
    } else if (const std::string pd = is(i, "keesokan") ? part_of_day_nya(i + 1) : std::string();
               !pd.empty() && day_anchor() != LLONG_MIN) {
      c.value = fmt_day(day_anchor() + 1) + "T" + pd;  // "keesokan paginya"
      c.e = i + 2;
      c.grain = Grain::kTime;
      c.type = "TIME";
      c.relative = true;
      c.anchored = true;
      c.point = day_anchor() + 1;
      return true;
    } else if (has(i, kLaterWord) && has(i + 1, kPartOfDay)) {
      c.value = fmt_day(r) + "T" + sval(i + 1, kPartOfDay);  // "nanti malam"
      c.e = i + 2;
      c.grain = Grain::kTime;
      c.type = "TIME";
      c.relative = true;
      c.future_dir = true;
      c.point = r;
      return true;
    } else if ((is(i, "tadi") || is(i, "semalam")) &&
               (is(i, "semalam") || has(i + 1, kPartOfDay))) {
      if (is(i, "semalam")) {
        c.value = fmt_day(r - 1) + "TNI";
        e = i + 1;
      } else {
        const std::string& pd = sval(i + 1, kPartOfDay);
        c.value = fmt_day(pd == "NI" ? r - 1 : r) + "T" + pd;
        e = i + 2;
      }
      c.e = e;
      c.grain = Grain::kTime;
      c.type = "TIME";
      c.relative = true;
      c.point = r;
      return true;
    } else if (has(i, kPartOfDay) &&
               (has(i + 1, kAnchorThat) || is(i + 1, "harinya") ||
                (is(i + 1, "hari") && has(i + 2, kAnchorThat))) &&
               day_anchor() != LLONG_MIN) {
      // "malam itu", "pagi harinya", "siang hari itu": that part of the day last named
      c.value = fmt_day(day_anchor()) + "T" + sval(i, kPartOfDay);
      c.e = is(i + 1, "hari") ? i + 3 : i + 2;
      c.grain = Grain::kTime;
      c.type = "TIME";
      c.relative = true;
      c.anchored = true;
      c.point = day_anchor();
      return true;
    } else if (has(i, kPartOfDay) &&
               (is(i + 1, "ini") || is(i + 1, "tadi") || has(i + 1, kLaterWord) ||
                (is(i + 1, "hari") &&
                 (is(i + 2, "ini") || is(i + 2, "tadi") || has(i + 2, kLaterWord))))) {
      c.value = fmt_day(r) + "T" + sval(i, kPartOfDay);
      c.e = is(i + 1, "hari") ? i + 3 : i + 2;
      c.grain = Grain::kTime;
      c.type = "TIME";
      c.relative = true;
      c.point = r;
      return true;
    } else {
      return false;
    }
    if (punct(e, "(") && !c.anchored) {
      Cand d;
      if (numeric_date(e + 1, 0, d) && punct(e + 2, ")")) {  // "kemarin (19/11)"
        day = d.point;
        e += 3;
      }
    }
    c.e = e;
    c.point = day;
    c.value = fmt_day(day);
    c.grain = Grain::kDay;
    c.relative = true;
    if (day > r) c.future_dir = true;
    add_part_of_day(c, day);
    return true;
  }

  bool present(int i, Cand& c) {
    if (has(i, kPresent)) {
      if (is(i, "kini") && is(i - 1, "masa")) return false;
      c.e = i + 1;
      if (is(i, "sekarang") && is(i + 1, "ini")) c.e = i + 2;  // "sekarang ini"
    } else if (is(i, "dalam") && is(i + 1, "waktu") && is(i + 2, "dekat")) {
      c.e = i + 3;  // "dalam waktu dekat": the near future
      c.value = "FUTURE_REF";
      c.relative = true;
      return c_.ref.has_value();
    } else if (int dend; is(i, "masa") && has(i - 1, kPeriodPrep) && !is(i + 1, "ini") &&
                         direction_at(i + 1, dend) != 2 && direction_at(i + 1, dend) != 0) {
      c.e = dend;  // "masa depan", "masa yang akan datang", "masa lalu"
      c.value = direction_at(i + 1, dend) == 1 ? "FUTURE_REF" : "PAST_REF";
      c.relative = true;
      return c_.ref.has_value();
    } else if ((is(i, "saat") || is(i, "dewasa") || is(i, "masa") || is(i, "waktu")) &&
               is(i + 1, "ini")) {
      if (is(i, "waktu") || is(i, "masa")) return false;
      c.e = i + 2;
    } else if ((is(i, "beberapa") || is(i, "suatu")) && is(i + 1, "waktu") &&
               (has(i + 2, kPast) || is(i + 2, "terakhir"))) {
      c.e = i + 3;
      c.value = "PAST_REF";
      c.relative = true;
      return c_.ref.has_value();
    } else if (has(i, kThenNoun) && has(i + 1, kAnchorThat) && !is(i - 1, "dalam")) {
      c.e = i + 2;  // "saat itu", "ketika itu"
      c.value = "PAST_REF";
      c.relative = true;
      return c_.ref.has_value();
    } else if ((is(i, "akhir-akhir") || is(i, "belakangan") || is(i, "baru-baru")) &&
               is(i + 1, "ini")) {
      c.e = i + 2;
      c.value = "PAST_REF";
      c.relative = true;
      return c_.ref.has_value();
    } else {
      return false;
    }
    c.value = "PRESENT_REF";
    c.relative = true;
    return c_.ref.has_value();
  }

  bool anchored_that(int i, Cand& c) {
    // "hari itu", "saat itu", "tahun itu", "bulan itu", "waktu itu", "ketika itu"; "hari yang sama"
    if (is(i, "hari") && is(i + 1, "yang") && has(i + 2, kSame) && day_anchor() != LLONG_MIN) {
      int64_t day = day_anchor();
      c.e = i + 3;
      // "hari yang sama tahun lalu / tahun sebelumnya": that calendar day a year earlier
      if (is(i + 3, "tahun") && (has(i + 4, kPast) || has(i + 4, kAnchorBefore))) {
        Ymd a = civil_from_days(day);
        a.y -= 1;
        if (!valid_ymd(a.y, a.m, a.d)) a.d = days_in_month(a.y, a.m);
        day = days_from_civil(a.y, a.m, a.d);
        c.e = i + 5;
      }
      c.value = fmt_day(day);
      c.grain = Grain::kDay;
      c.point = day;
      c.anchored = true;
      c.relative = true;
      return true;
    }
    if (!has(i + 1, kAnchorThat) || c_.anchor == LLONG_MIN) return false;
    const Ymd a = civil_from_days(c_.anchor);
    if (is(i, "hari") && day_anchor() != LLONG_MIN) {
      c.value = fmt_day(day_anchor());
      c.grain = Grain::kDay;
      c.e = i + 2;
      c.point = day_anchor();
      c.anchored = true;
      c.relative = true;
      return true;
    } else if (is(i, "tahun")) {
      c.value = fmt_year(a.y);
      c.grain = Grain::kYear;
    } else if (is(i, "bulan") &&
               (c_.anchor_grain == Grain::kDay || c_.anchor_grain == Grain::kMonth)) {
      c.value = fmt_month(a.y, a.m);
      c.grain = Grain::kMonth;
    } else {
      return false;
    }
    c.e = i + 2;
    c.point = c_.anchor;
    c.anchored = true;
    c.relative = true;
    return true;
  }

  bool season(int i, Cand& c) {
    if (!is(i, "musim") || !has(i + 1, kSeason)) return false;
    const std::string& s = sval(i + 1, kSeason);
    int e = i + 2;
    int y;
    const int yv = year_value(e);
    if (yv) {
      y = yv;
      ++e;
    } else {
      if (!c_.ref) return false;
      const Ymd r = civil_from_days(*c_.ref);
      int dend;
      int dir = direction_at(e, dend);
      if (is(e, "tahun") && (has(e + 1, kPast) || has(e + 1, kFuture) || has(e + 1, kCurrent))) {
        dir = has(e + 1, kPast) ? -1 : has(e + 1, kFuture) ? 1 : 0;
        dend = e + 2;
      }
      // northern-hemisphere seasons; winter belongs to the year in which it starts
      const int cur_season_year = (s == "WI" && r.m <= 2) ? r.y - 1 : r.y;
      const int smonth = s == "SP" ? 3 : s == "SU" ? 6 : s == "FA" ? 9 : 12;
      const int64_t start = days_from_civil(cur_season_year, smonth, 1);
      if (dir == -1) {
        y = start < *c_.ref && !(is(e, "tahun")) ? cur_season_year : cur_season_year - 1;
        if (is(e, "tahun"))
          y = r.y - 1;
        else if (start + 92 > *c_.ref)
          y = cur_season_year - 1;
        e = dend;
      } else if (dir == 1) {
        y = start > *c_.ref ? cur_season_year : cur_season_year + 1;
        if (is(e, "tahun")) y = r.y + 1;
        e = dend;
      } else {
        y = cur_season_year;
        if (dir == 0) e = dend;
      }
      c.relative = true;
    }
    c.e = e;
    c.value = fmt_year(y) + "-" + s;
    c.grain = Grain::kSeason;
    c.point = days_from_civil(y, s == "SP" ? 3 : s == "SU" ? 6 : s == "FA" ? 9 : 12, 1);
    return true;
  }

  // A frequency: "dua kali sehari", "tiga kali seminggu", "sekali sebulan", "5 kali dalam
  // setahun", "dua kali per hari" (SET of the unit; the count is not part of the value).
  bool frequency_set(int i, Cand& c) {
    int k;
    if (has(i, kSeUnit) && is(i + 1, "sekali")) {
      k = i;  // "seminggu sekali", "setahun sekali": once a week, once a year
    } else if (is(i, "sekali")) {
      k = i + 1;
    } else {
      double nn = 0;
      k = number_at(i, nn);
      if (k <= i || !is(k, "kali") || nn <= 0 || nn >= 1000) return false;
      ++k;
    }
    if (is(k, "dalam") && has(k + 1, kSeUnit)) ++k;
    std::string u;
    if (has(k, kSeUnit)) {
      u = sval(k, kSeUnit);
    } else if (has(k, kFreqPer) && has(k + 1, kUnit)) {
      u = sval(++k, kUnit);
    } else {
      return false;
    }
    if (u == "WINDU" || u == "DE" || u == "CE") return false;
    c.value = (u == "H" || u == "MIN" || u == "S") ? "PT1" + std::string(u == "MIN" ? "M" : u)
                                                   : "P1" + u;
    c.e = k == i && is(i + 1, "sekali") ? i + 2 : k + 1;
    c.type = "SET";
    c.grain = Grain::kSet;
    return true;
  }

  bool set_expr(int i, Cand& c) {
    if (!has(i, kSet)) return false;
    int k = i + 1;
    int wd;
    if (is(k, "hari") && has(k + 1, kWeekday)) ++k;
    if (has(k, kWeekday) && weekday_at(k, wd)) {
      c.value = "XXXX-WXX-" + std::to_string(wd);
    } else if (has(k, kModifier) && sval(k, kModifier) == "END" && has(k + 1, kUnit) &&
               sval(k + 1, kUnit) == "W" && !w_[k + 1].cap) {
      c.value = "XXXX-WXX-WE";  // "setiap akhir pekan": every weekend
      ++k;
    } else if (double nn = 0;
               number_at(k, nn) > k && has(number_at(k, nn), kUnit) && nn > 0 && nn < 1000) {
      const int ku = number_at(k, nn);
      const std::string& u = sval(ku, kUnit);
      char b[32];
      std::snprintf(b, sizeof b, "%g", nn);
      c.value = (u == "H" || u == "MIN" || u == "S")
                    ? "PT" + std::string(b) + (u == "MIN" ? "M" : u)
                    : "P" + std::string(b) + u;
      k = ku;
    } else if (has(k, kUnit)) {
      const std::string& u = sval(k, kUnit);
      c.value = (u == "H" || u == "MIN" || u == "S") ? "PT1" + std::string(u == "MIN" ? "M" : u)
                                                     : "P1" + u;
    } else if (has(k, kMonth) && w_[k].cap) {
      c.value = "XXXX-" + std::string(nval(k, kMonth) < 10 ? "0" : "") +
                std::to_string(static_cast<int>(nval(k, kMonth)));
    } else if (has(k, kPartOfDay)) {
      c.value = "XXXX-XX-XXT" + sval(k, kPartOfDay);
    } else {
      return false;
    }
    c.e = k + 1;
    c.type = "SET";
    c.grain = Grain::kSet;
    return true;
  }

  bool clock(int i, Cand& c) {
    int hh, mm, end;
    if (is(i, "pukul")) {
      if (!clock_at(i + 1, hh, mm, end)) return false;
    } else if (is(i, "jam") && num(i + 1)) {
      // "jam 14.00", "jam 7 pagi" (not "24 jam", not "jam 7" alone)
      if (!clock_at(i + 1, hh, mm, end)) return false;
      if (w_[i + 1].low.find_first_of(".:") == std::string_view::npos && end == i + 2) return false;
    } else if (num(i) && w_[i].low.find_first_of(".:") != std::string_view::npos &&
               has(i + 1, kTimezone) && !has(i - 1, kRange)) {
      if (!clock_at(i, hh, mm, end)) return false;  // "sekitar 07.24 WIB"
    } else {
      return false;
    }
    if ((is(end, "tadi") || is(end, "ini") || has(end, kLaterWord)) && has(end - 1, kPartOfDay))
      ++end;
    int64_t day = c_.anchor != LLONG_MIN && c_.anchor_grain == Grain::kDay ? c_.anchor
                  : c_.ref                                                 ? *c_.ref
                                                                           : LLONG_MIN;
    {
      // "pukul 14.30 WIB, Minggu (28/12/2014)": the date that follows
      int j = end;
      if (punct(j, ",")) ++j;
      if (is(j, "pada")) ++j;
      Cand d;
      const int64_t save = c_.anchor;
      if ((weekday_led(j, d) || date_led(j, d)) && d.point != LLONG_MIN &&
          (d.grain == Grain::kDay || d.grain == Grain::kTime))
        day = d.point;
      c_.anchor = save;
    }
    if (day == LLONG_MIN) return false;
    char b[32];
    std::snprintf(b, sizeof b, "T%02d:%02d", hh, mm);
    c.value = fmt_day(day) + b;
    c.e = end;
    c.grain = Grain::kTime;
    c.type = "TIME";
    c.relative = true;
    c.point = day;
    return true;
  }

  // The second end of a clock range without "pukul": "pukul 06.00 hingga 07.00 WIB".
  bool bare_clock(int i, Cand& c) {
    if (i < 2 || !has(i - 1, kRange) || !num(i) ||
        w_[i].low.find_first_of(".:") == std::string_view::npos)
      return false;
    if (!(has(i - 2, kTimezone) ||
          (num(i - 2) && w_[i - 2].low.find_first_of(".:") != std::string_view::npos)))
      return false;
    if (c_.anchor == LLONG_MIN) return false;
    int hh, mm, end;
    if (!clock_at(i, hh, mm, end)) return false;
    char b[32];
    std::snprintf(b, sizeof b, "T%02d:%02d", hh, mm);
    c.value = fmt_day(c_.anchor) + b;
    c.e = end;
    c.grain = Grain::kTime;
    c.type = "TIME";
    c.relative = true;
    c.point = c_.anchor;
    return true;
  }

  bool part_of_day_alone(int i, Cand& c) {
    const std::string_view ph = day_phrase(i);
    if (!has(i, kPartOfDay) && ph.empty()) return false;
    // a two-word part of the day stands alone when it names a part of the day ("dini hari") or
    // a deictic word follows ("tengah malam tadi"); a clock time ("tengah malam") is often generic
    const bool deictic_after =
        is(i + 2, "ini") || is(i + 2, "tadi") || has(i + 2, kLaterWord) ||
        (is(i + 2, "hari") && (is(i + 3, "ini") || is(i + 3, "tadi")));
    const bool phrase_alone =
        !ph.empty() && (!w_[i].cap || w_[i].sent_start) && (deictic_after || (ph.size() == 2 && std::isalpha(static_cast<unsigned char>(ph[0]))));
    if (!phrase_alone && !(is(i - 1, "pada") || is(i - 1, "sejak") || is(i - 1, "hingga") || is(i - 1, "sampai") ||
          is(i - 1, "menjelang") ||
          (is(i - 1, "dan") && has(i - 2, kPartOfDay) &&
           (is(i - 3, "pada") || is(i - 3, "sejak") || is(i - 3, "hingga") ||
            is(i - 3, "sampai")))))
      // "pada siang dan sore hari", not "bekerja siang dan malam"
      return false;
    int64_t day = c_.anchor != LLONG_MIN && c_.anchor_grain == Grain::kDay ? c_.anchor
                  : c_.ref                                                 ? *c_.ref
                                                                           : LLONG_MIN;
    const bool two = !ph.empty();
    int e = two ? i + 2 : i + 1;
    if (is(e, "hari") && (!two || is(e + 1, "ini") || is(e + 1, "tadi"))) ++e;
    if ((is(e, "ini") || is(e, "tadi") || has(e, kLaterWord)) && c_.ref) {
      day = *c_.ref;
      ++e;
    } else if (has(e, kAnchorThat) && c_.anchor != LLONG_MIN && c_.anchor_grain == Grain::kDay) {
      day = c_.anchor;
      ++e;
    }
    if (day == LLONG_MIN) return false;
    c.value = fmt_day(day) + "T" + (two ? std::string(ph) : sval(i, kPartOfDay));
    c.e = e;
    c.grain = Grain::kTime;
    c.type = "TIME";
    c.relative = true;
    c.point = day;
    return true;
  }

  bool modifier(int i, Cand& c) {
    if (!has(i, kModifier)) return false;
    if (is(i, "akhir") && (is(i + 1, "pekan") || (is(i + 1, "minggu") && !w_[i + 1].cap))) {
      if (!c_.ref) return false;
      int64_t r = *c_.ref;
      int e = i + 2;
      int dend;
      const int dir = direction_at(e, dend);
      if (dir != 2) e = dend;
      int64_t d = r + (dir == -1 ? -7 : dir == 1 ? 7 : 0);
      if (dir == 2 && iso_weekday(r) <= 5 && !future_context(i)) d -= 7;  // bare: the last weekend
      c.value = fmt_week(d) + "-WE";
      c.grain = Grain::kWeek;
      c.e = e;
      c.point = d - iso_weekday(d) + 6;
      c.relative = true;
      return true;
    }
    Cand inner;
    inner.b = i + 1;
    inner.core_b = i + 1;
    const int j = i + 1;
    const int64_t save_anchor = c_.anchor;
    bool ok = month_led(j, inner) || year_led(j, inner) || unit_dir(j, inner) || season(j, inner) ||
              quarter(j, inner);
    if (!ok && (is(j, "bulan") || is(j, "tahun"))) {
      inner = Cand{};
      inner.b = j + 1;
      ok = month_led(j + 1, inner) || year_led(j, inner);
    }
    c_.anchor = save_anchor;
    if (!ok && c_.ref && (is(j, "tahun") || is(j, "bulan")) && !num(j + 1) && !has(j + 1, kMonth) &&
        !has(j + 1, kAnchorThat) && !has(j + 1, kNumber)) {
      // "akhir tahun", "awal bulan": the current year or month
      const Ymd r = civil_from_days(*c_.ref);
      inner = Cand{};
      inner.e = j + 1;
      inner.relative = true;
      if (is(j, "tahun")) {
        inner.value = fmt_year(r.y);
        inner.grain = Grain::kYear;
        inner.point = days_from_civil(r.y, 1, 1);
      } else {
        inner.value = fmt_month(r.y, r.m);
        inner.grain = Grain::kMonth;
        inner.point = days_from_civil(r.y, r.m, 1);
      }
      ok = true;
    }
    if (!ok || inner.type != std::string_view("DATE") || inner.grain == Grain::kDay) return false;
    c.e = inner.e;
    c.value = inner.value;
    c.grain = inner.grain;
    c.relative = inner.relative;
    c.point = inner.point;
    c.mod = sval(i, kModifier);
    return true;
  }

  // Fixed-date holidays: "Natal", "Tahun Baru", "Hari Kemerdekaan" (capitalised), with an
  // optional year after them; otherwise the occurrence nearest the reference date.
  bool holiday(int i, Cand& c) {
    if (!c_.lex || i >= n_) return false;
    if (has(i, kNightBefore) && i + 1 < n_) {
      // "malam Tahun Baru", "malam Natal": the evening before, at night
      Cand h;
      if (!holiday_at(i + 1, h, true)) return false;
      const int b = c.b, core_b = c.core_b;
      c = h;
      c.b = b;
      c.core_b = core_b;
      c.point = h.point - 1;
      c.value = fmt_day(c.point) + "T" + sval(i, kNightBefore);
      c.grain = Grain::kTime;
      c.type = "TIME";
      return true;
    }
    return holiday_at(i, c, false);
  }

  bool holiday_at(int i, Cand& c, bool after_cue) {
    after_cue = after_cue || has(i - 1, kHolidayCue);  // "libur tahun baru", "menjelang natal"
    if (!(w_[i].cap || after_cue || has(i - 1, kNightBefore))) return false;
    if (!after_cue && name_word(i - 1)) return false;  // "Kabupaten Mandailing Natal": a place
    const std::string* mmdd = nullptr;
    int e = i + 1;
    if (i + 1 < n_ && (w_[i + 1].cap || !w_[i].cap)) {
      if (const LexEntry* pe = pair_entry(i); pe && (pe->mask >> kHoliday & 1u)) {
        mmdd = &pe->val[kHoliday];
        e = i + 2;
      }
    }
    if (!mmdd && has(i, kHoliday)) mmdd = &sval(i, kHoliday);
    if (!mmdd || mmdd->size() != 5) return false;
    const int m = std::atoi(mmdd->substr(0, 2).c_str()), d = std::atoi(mmdd->substr(3, 2).c_str());
    int y = year_value(e);
    if (y)
      ++e;
    else if (c_.ref)
      y = infer_year(m, d, 0);
    else
      return false;
    if (!valid_ymd(y, m, d)) return false;
    c.e = e;
    c.point = days_from_civil(y, m, d);
    c.value = fmt_day(c.point);
    c.grain = Grain::kDay;
    c.relative = !year_value(e - 1);
    return true;
  }

  // The ordinal of a part of the year at word k ("pertama", "II", "ke-3"); 0 if none.
  int year_part_ordinal(int k) const {
    static const std::pair<std::string_view, int> kOrd[] = {
        {"i", 1},      {"ii", 2},      {"iii", 3},  {"iv", 4},   {"pertama", 1}, {"kedua", 2},
        {"ketiga", 3}, {"keempat", 4}, {"ke-1", 1}, {"ke-2", 2}, {"ke-3", 3},    {"ke-4", 4},
        {"1", 1},      {"2", 2},       {"3", 3},    {"4", 4},    {"terakhir", 4}};
    for (const auto& [s, v] : kOrd)
      if (is(k, s)) return v;
    return 0;
  }

  // "kuartal III 2014", "semester pertama tahun ini", "paruh kedua tahun depan" (the part of
  // the year comes from data/time/lexicon.tsv, class year_part: Q quarters, H halves); a part
  // without its own year takes the year of a coordinated part after it ("kuartal pertama dan
  // kedua tahun depan"), else the reference year.
  bool quarter(int i, Cand& c) {
    if (!has(i, kYearPart)) return false;
    const bool sem = sval(i, kYearPart) == "H";
    int k = i + 1;
    int q = year_part_ordinal(k);
    if (!q || (sem && q > 2)) return false;
    ++k;
    if (!year_value(k) && !(punct(k, "-") && adjacent(k) && year_value(k + 1)) &&
        !(is(k, "tahun") && year_value(k + 1)) && (is(k, "dan") || has(k, kRange))) {
      int j = k + 1;
      if (has(j, kYearPart)) ++j;
      if (year_part_ordinal(j)) {
        int y2 = year_value(j + 1);
        int dend;
        if (!y2 && is(j + 1, "tahun") && year_value(j + 2)) y2 = year_value(j + 2);
        if (!y2 && c_.ref && is(j + 1, "tahun") && direction_at(j + 2, dend) != 2)
          y2 = civil_from_days(*c_.ref).y + direction_at(j + 2, dend);
        if (y2) {
          c.e = k;
          c.value = fmt_year(y2) + (sem ? "-H" : "-Q") + std::to_string(q);
          c.grain = Grain::kQuarter;
          c.point = days_from_civil(y2, sem ? (q - 1) * 6 + 1 : (q - 1) * 3 + 1, 1);
          c.relative = !year_value(j + 1) && !year_value(j + 2);
          return true;
        }
      }
    }
    int y = year_value(k);
    if (y)
      ++k;
    else if (punct(k, "-") && adjacent(k) && year_value(k + 1)) {
      y = year_value(k + 1);
      k += 2;
    }  // "triwulan I-2015"
    else if (is(k, "tahun") && year_value(k + 1)) {
      y = year_value(k + 1);
      k += 2;
    } else if (c_.ref) {
      y = civil_from_days(*c_.ref).y;
      int dend;
      if (is(k, "tahun") && direction_at(k + 1, dend) != 2) {
        y += direction_at(k + 1, dend) == -1 ? -1 : direction_at(k + 1, dend) == 1 ? 1 : 0;
        k = dend;
      }
      c.relative = true;
    } else {
      return false;
    }
    c.e = k;
    c.value = fmt_year(y) + (sem ? "-H" : "-Q") + std::to_string(q);
    c.grain = Grain::kQuarter;
    c.point = days_from_civil(y, sem ? (q - 1) * 6 + 1 : (q - 1) * 3 + 1, 1);
    return true;
  }

  bool century(int i, Cand& c) {
    if (!is(i, "abad")) return false;
    int k = i + 1;
    int v = 0;
    static const std::pair<std::string_view, int> kR[] = {
        {"xix", 19}, {"xx", 20}, {"xxi", 21}, {"ke-19", 19}, {"ke-20", 20}, {"ke-21", 21}};
    for (const auto& [s, x] : kR)
      if (is(k, s)) v = x;
    if (!v && is(k, "ke") && punct(k + 1, "-") && digits(k + 2) > 0) {
      v = static_cast<int>(digits(k + 2));
      k += 2;
    }
    if (!v && is(k, "ke") && digits(k + 1) > 0) {
      v = static_cast<int>(digits(k + 1));
      ++k;
    }
    if (!v && digits(k) > 0 && digits(k) < 30) v = static_cast<int>(digits(k));
    if (!v) return false;
    c.e = k + 1;
    c.value = std::to_string(v - 1);
    if (c.value.size() < 2) c.value = "0" + c.value;
    c.grain = Grain::kCentury;
    c.point = days_from_civil((v - 1) * 100, 1, 1);
    return true;
  }

  // Tries every rule at word i (after the signal words); picks the longest.
  bool match_core(int i, Cand& best) {
    // A signal word at the end of the text ("... pada") leaves no word to match: the rules
    // index w_[i] directly, so i must be a word.
    if (i < 0 || i >= n_) return false;
    bool found = false;
    auto attempt = [&](auto fn) {
      Cand c;
      c.b = best.b;
      c.core_b = i;
      if ((this->*fn)(i, c) && c.e > i && (!found || c.e > best.e)) {
        best = std::move(c);
        found = true;
      }
    };
    attempt(&Matcher::weekday_led);
    attempt(&Matcher::date_led);
    attempt(&Matcher::month_led_b);
    attempt(&Matcher::year_led);
    attempt(&Matcher::unit_dir);
    attempt(&Matcher::duration);
    attempt(&Matcher::reduplicated_duration);
    attempt(&Matcher::relday);
    attempt(&Matcher::present);
    attempt(&Matcher::anchored_that);
    attempt(&Matcher::season);
    attempt(&Matcher::set_expr);
    attempt(&Matcher::frequency_set);
    attempt(&Matcher::clock);
    attempt(&Matcher::part_of_day_alone);
    attempt(&Matcher::modifier);
    attempt(&Matcher::quarter);
    attempt(&Matcher::holiday);
    attempt(&Matcher::night_of_weekday);
    attempt(&Matcher::bare_clock);
    attempt(&Matcher::century);
    return found;
  }

  bool date_led(int i, Cand& c) {
    if (has(i - 1, kCodeCue)) return false;  // "RT 07/04": a neighbourhood, not 7 April
    int j = i;
    bool paren = false;
    if (punct(j, "(")) {
      paren = true;
      ++j;
    }
    if (numeric_date(j, 0, c)) {
      int end = j + 1;
      if (paren) {
        if (!punct(end, ")")) return false;
        ++end;
      }
      // "7/3 lalu": a day without its year, in the past
      if (int dend; direction_at(end, dend) == -1 && c_.ref && c.point != LLONG_MIN &&
                    std::count(w_[j].low.begin(), w_[j].low.end(), '/') == 1) {
        if (c.point > *c_.ref) {
          Ymd t = civil_from_days(c.point);
          t.y -= 1;
          if (!valid_ymd(t.y, t.m, t.d)) return false;
          c.point = days_from_civil(t.y, t.m, t.d);
          c.value = fmt_day(c.point);
        }
        end = dend;
      }
      c.e = end;
      c.grain = Grain::kDay;
      add_part_of_day(c, c.point);
      return true;
    }
    if (paren) return false;
    if (day_month(j, 0, c)) {
      add_part_of_day(c, c.point);
      return true;
    }
    return false;
  }

  bool month_led_b(int i, Cand& c) {
    if (is(i, "bulan") && month_at(i + 1, true)) {
      if (!month_led(i + 1, c)) return false;
      return true;
    }
    return month_led(i, c);
  }

  bool match_at(int i, Cand& out) {
    out = Cand{};
    out.b = i;
    int k = i;
    if (has(k, kSignal) && !w_[k].cap)
      ++k;
    else if (has(k, kSignal) && w_[k].sent_start)
      ++k;
    if (k != i && match_core(k, out)) {
      out.b = i;
      return true;
    }
    out = Cand{};
    out.b = i;
    return match_core(i, out);
  }

 private:
  Ctx& c_;
  const std::vector<Word>& w_;
  int n_;
};

struct Found {
  Cand c;
  uint32_t s, e, core_s;
};

// Runs the matcher over the words; returns candidates in text order.
std::vector<Found> run(std::string_view text, const std::vector<Word>& w,
                       std::optional<int64_t> ref, const DateLexicon* lex, bool allow_en = false,
                       std::vector<int> text_years = {}) {
  Ctx ctx{text, w, ref};
  ctx.allow_en = allow_en;
  ctx.lex = lex;
  ctx.text_years = std::move(text_years);
  Matcher m(ctx);
  std::vector<Found> out;
  const int n = static_cast<int>(w.size());
  for (int i = 0; i < n;) {
    if (w[i].kind == WKind::kPunct && w[i].low != "(") {
      ++i;
      continue;
    }
    // Every rule starts on a number, "(", a word of the lexicon (its keywords included) or a
    // reduplicated "ber…-…" word: other words are skipped without trying the rules.
    if (w[i].kind == WKind::kAlpha && !w[i].lex &&
        !(w[i].low.starts_with("ber") && w[i].low.find('-') != std::string_view::npos)) {
      ++i;
      continue;
    }
    Cand c;
    if (m.match_at(i, c) && c.e > c.b) {
      Found f{std::move(c), w[i].s, 0, 0};
      f.e = w[f.c.e - 1].e;
      f.core_s = w[f.c.core_b >= 0 ? f.c.core_b : f.c.b].s;
      // The date of a report ("…, kata Ali di Jakarta, Senin (29/12/2014).") says when something
      // was said, not when the narrated events happened: it does not replace an earlier anchor.
      const bool attribution = f.c.has_weekday && f.c.b > 0 && w[f.c.b - 1].low == "," &&
                               (f.c.e >= n || w[f.c.e].low == "." || w[f.c.e].nl_before) &&
                               ctx.anchor != LLONG_MIN && ctx.anchor_grain == Grain::kDay;
      if (f.c.point != LLONG_MIN && f.c.type != std::string_view("DURATION") &&
          f.c.type != std::string_view("SET") && !attribution) {
        ctx.anchor = f.c.point;
        ctx.anchor_grain = f.c.grain == Grain::kTime ? Grain::kDay : f.c.grain;
        if (ctx.anchor_grain == Grain::kDay) ctx.last_day = f.c.point;
      }
      if (ref && f.c.point != LLONG_MIN && (f.c.absolute_day || f.c.has_weekday) &&
          (f.c.grain == Grain::kDay || f.c.grain == Grain::kTime) &&
          std::llabs(f.c.point - *ref) <= 6)
        ctx.named_day[iso_weekday(f.c.point)] = f.c.point;
      if (f.c.grain == Grain::kTime && f.c.point != LLONG_MIN && f.c.value.size() >= 16 &&
          f.c.value[10] == 'T' && f.c.value[13] == ':' && !f.c.anchored) {
        ctx.clock_day = f.c.point;
        ctx.clock_min = ((f.c.value[11] - '0') * 10 + (f.c.value[12] - '0')) * 60 +
                        (f.c.value[14] - '0') * 10 + (f.c.value[15] - '0');
      }
      const int next = f.c.e;
      ctx.last_e = next;
      ctx.last_point_day = f.c.point != LLONG_MIN && (f.c.grain == Grain::kDay || f.c.grain == Grain::kTime)
                               ? f.c.point
                               : LLONG_MIN;
      out.push_back(std::move(f));
      i = next;
    } else {
      ++i;
    }
  }
  return out;
}

std::optional<int64_t> parse_iso_day(std::string_view s) {
  if (s.size() < 10) return std::nullopt;
  for (int k : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!is_digit(s[k])) return std::nullopt;
  if (s[4] != '-' || s[7] != '-') return std::nullopt;
  const int y = std::atoi(std::string(s.substr(0, 4)).c_str());
  const int m = std::atoi(std::string(s.substr(5, 2)).c_str());
  const int d = std::atoi(std::string(s.substr(8, 2)).c_str());
  if (!valid_ymd(y, m, d)) return std::nullopt;
  return days_from_civil(y, m, d);
}

}  // namespace

std::string readable_date_value(std::string_view v) {
  static const char* kMonthNames[] = {"",        "January",  "February", "March",  "April",
                                      "May",     "June",     "July",     "August", "September",
                                      "October", "November", "December"};
  if (v == "PRESENT_REF") return "now";
  if (v == "PAST_REF") return "the past";
  if (v == "FUTURE_REF") return "the future";
  auto two = [&](size_t at) {
    return at + 2 <= v.size() && is_digit(v[at]) && is_digit(v[at + 1])
               ? (v[at] - '0') * 10 + (v[at + 1] - '0')
               : -1;
  };
  if (v.size() == 10 && v.starts_with("XXXX-WXX-") && v[9] >= '1' && v[9] <= '7')
    return std::string("a ") + kWeekdayNames[v[9] - '0'];
  if (v.starts_with("XXXX-") && v.size() >= 7) {
    const int m = two(5);
    if (m < 1 || m > 12) return std::string(v);
    if (v.size() == 7) return kMonthNames[m];
    const int d = two(8);
    if (v[7] == '-' && d >= 1 && d <= 31 && v.size() >= 10) {
      std::string out = std::to_string(d) + " " + kMonthNames[m];
      const std::string_view t = v.substr(10);  // "TMO", "T14:30"
      static const std::pair<std::string_view, const char*> kParts[] = {
          {"TMO", " morning"}, {"TAF", " afternoon"}, {"TEV", " evening"},
          {"TNI", " night"},   {"TDT", " daytime"}};
      for (const auto& [code, word] : kParts)
        if (t == code) return out + word;
      if (t.size() > 1 && t[0] == 'T') return out + " " + std::string(t.substr(1));
      return out + std::string(t);
    }
  }
  return std::string(v);
}

Result<DateAnnotator> DateAnnotator::load(const std::filesystem::path& data_dir) {
  const auto path = data_dir / "time" / "lexicon.tsv";
  auto lines = read_lines(path);
  if (!lines) return lines.error();
  auto lex = std::make_shared<DateLexicon>();
  int ln = 0;
  for (const auto& line : *lines) {
    ++ln;
    const auto f = split(line, '\t');
    if (f.size() < 3)
      return Error{path.string() + ": line " + std::to_string(ln) +
                   ": expected word<TAB>class<TAB>value"};
    const auto it = std::find(kClsNames.begin(), kClsNames.end(), f[1]);
    if (it == kClsNames.end())
      return Error{path.string() + ": line " + std::to_string(ln) + ": unknown class '" + f[1] +
                   "'"};
    const auto k = static_cast<size_t>(it - kClsNames.begin());
    LexEntry& e = lex->words[f[0]];
    e.mask |= uint64_t{1} << k;
    e.val[k] = f[2];
    e.num[k] = std::atof(f[2].c_str());
    if (const size_t us = f[0].find('_');
        us != std::string::npos && us > 0)  // "tahun_baru": mark "tahun"
      lex->words[f[0].substr(0, us)].mask |= uint64_t{1} << kPairHead;
  }
  DateAnnotator a;
  a.lex_ = std::move(lex);
  return a;
}

std::optional<std::string> DateAnnotator::parse_published(std::string_view raw) const {
  if (auto d = parse_iso_day(raw)) return fmt_day(*d);
  if (!lex_) return std::nullopt;
  std::vector<Word> w;
  std::string lower;
  scan(raw, *lex_, w, lower);
  // "Oct 31, 2024" / "31 Oct 2024"
  for (const auto& f : run(raw, w, std::nullopt, lex_.get(), true)) {
    if (f.c.absolute_day && f.c.point != LLONG_MIN) return fmt_day(f.c.point);
  }
  for (size_t i = 0; i + 2 < w.size(); ++i) {
    const LexEntry* e = w[i].lex;
    if (!e) continue;
    int m = 0;
    if (e->mask >> kMonthEn & 1u)
      m = static_cast<int>(e->num[kMonthEn]);
    else if (e->mask >> kMonth & 1u)
      m = static_cast<int>(e->num[kMonth]);
    else if (e->mask >> kMonthAbbr & 1u)
      m = static_cast<int>(e->num[kMonthAbbr]);
    if (!m) continue;
    size_t k = i + 1;
    if (k < w.size() && w[k].low == ".") ++k;
    if (k + 2 < w.size() && w[k].kind == WKind::kNum && w[k + 1].low == "," &&
        w[k + 2].kind == WKind::kNum) {
      const int d = std::atoi(std::string(w[k].low).c_str());
      const int y = std::atoi(std::string(w[k + 2].low).c_str());
      if (valid_ymd(y, m, d)) return fmt_day(days_from_civil(y, m, d));
    }
  }
  return std::nullopt;
}

void DateAnnotator::annotate(const Analysis& in, Published& published,
                             std::vector<DateMention>& dates, std::vector<TimelineEntry>& timeline,
                             std::vector<Warning>& warnings) const {
  if (!lex_) return;
  const std::string_view text = in.doc.text;
  std::vector<Word> w;
  std::string lower;
  scan(text, *lex_, w, lower);

  // 1. Reference date: metadata, else inferred from the text.
  std::optional<int64_t> ref;
  published = Published{};
  if (in.doc.meta.published) {
    if (auto p = parse_published(*in.doc.meta.published)) {
      ref = parse_iso_day(*p);
      published.date = *p;
      published.inferred = false;
      published.evidence = "metadata: " + *in.doc.meta.published;
    }
  }
  if (!ref) {
    std::vector<int> years;  // written years, for "Kamis (11/9)" without one
    std::vector<int> year_mentions;  // also those closing a numeric date ("20/10/2025"), repeated
    for (const Word& x : w) {
      if (x.kind != WKind::kNum) continue;
      const std::string_view last = x.low.substr(x.low.find_last_of('/') + 1);
      if (last.size() != 4 || !std::all_of(last.begin(), last.end(), is_digit)) continue;
      const int y = std::atoi(std::string(last).c_str());
      if (y < 1900 || y > 2100) continue;
      year_mentions.push_back(y);
      if (last.size() == x.low.size()) years.push_back(y);
    }
    std::sort(years.begin(), years.end());
    std::sort(year_mentions.begin(), year_mentions.end());
    years.erase(std::unique(years.begin(), years.end()), years.end());
    const int latest_year = years.empty() ? 0 : years.back();
    const auto pass = run(text, w, std::nullopt, lex_.get(), false, std::move(years));
    // The day a date with a mistyped year names ("Senin (20/10/2026)" written in 2025): the
    // nearest year, one either side or another year written in the text, whose calendar has
    // the weekday; LLONG_MIN when none.
    auto mentions = [&](int y) {
      return std::upper_bound(year_mentions.begin(), year_mentions.end(), y) -
             std::lower_bound(year_mentions.begin(), year_mentions.end(), y);
    };
    // With `adjacent` (a date stated as today), a year either side is enough; otherwise the typo
    // must be the only mention of its year and the year read instead written elsewhere (Detik
    // often gets the weekday wrong by a day: "Senin (19/10/2025)" is a Sunday, not 2026).
    auto retyped = [&](const Found& f, bool adjacent) -> int64_t {
      if (!f.c.weekday || f.c.point == LLONG_MIN) return LLONG_MIN;
      const Ymd t = civil_from_days(f.c.point);
      if (!adjacent && mentions(t.y) > 1) return LLONG_MIN;
      int64_t found_day = LLONG_MIN;
      int dist = INT_MAX;
      auto try_year = [&](int y) {
        if (y == t.y || !valid_ymd(y, t.m, t.d) || std::abs(y - t.y) >= dist) return;
        const int64_t alt = days_from_civil(y, t.m, t.d);
        if (iso_weekday(alt) != f.c.weekday) return;
        dist = std::abs(y - t.y);
        found_day = alt;
      };
      if (adjacent) {
        try_year(t.y - 1);
        try_year(t.y + 1);
      }
      for (auto it = year_mentions.begin(); it != year_mentions.end(); ++it) try_year(*it);
      return found_day;
    };
    // a full date stated as today ("hari ini, Senin (12/3/2024)"), else the latest
    // weekday-consistent explicit full date in the first paragraphs (in the whole text when
    // they give none: Detik often dates the first quote after them).
    const Found* best = nullptr;
    int64_t best_point = LLONG_MIN, said_point = LLONG_MIN;
    bool today = false;
    const Found* fallback = nullptr;
    const Found* said = nullptr;  // the latest date of a report ("…, kata Ali, Rabu (3/9/2025).")
    uint32_t limit = 0;
    Ctx fctx{text, w, std::nullopt};
    const Matcher fm(fctx);
    auto word_at = [&](uint32_t off) {
      return static_cast<int>(std::lower_bound(w.begin(), w.end(), off,
                                               [](const Word& x, uint32_t o) { return x.s < o; }) -
                              w.begin());
    };
    auto written_year = [&](const Found& f) {
      const std::string_view sp = text.substr(f.s, f.e - f.s);
      int run_len = 0;
      for (char ch : sp)
        if ((run_len = is_digit(ch) ? run_len + 1 : 0) == 4) return true;
      return false;
    };
    for (const uint32_t lim : {1500u, static_cast<uint32_t>(text.size())}) {
      if (best || fallback || today || lim <= limit) break;
      limit = std::min<uint32_t>(static_cast<uint32_t>(text.size()), lim);
      bool any_weekday = false;
      for (const auto& f : pass) {
        if (f.s > limit) break;
        if (f.c.absolute_day && f.c.has_weekday) any_weekday = true;
      }
      for (const auto& f : pass) {
        if (f.s > limit) break;
        if (!f.c.absolute_day || f.c.point == LLONG_MIN || (any_weekday && !f.c.has_weekday))
          continue;
        if (f.s > 1500 && !(f.c.has_weekday && written_year(f))) continue;
        // a plan ("akan bertemu pada Kamis (27/11/2014)") says nothing about the day of writing,
        // nor does the end of a range inside a clause ("beroperasi mulai Jumat (5/9/2025) hingga
        // Minggu (7/9/2025)"); "Hingga Senin (12/2/2024) pagi, …" opening a clause is "as of"
        const int fb = word_at(f.s);
        // the date a statement was made: ", <weekday> (date)." closing the sentence (a quote's
        // "akan" before it is no plan for that day)
        const int fe = word_at(f.e);
        const bool report =
            f.c.has_weekday && fb > 0 && w[fb - 1].low == "," && !fm.has(fb - 2, kRelday) &&
            (fe >= static_cast<int>(w.size()) || w[fe].low == "." || w[fe].nl_before);
        if (!report && fm.strong_future_near(fb, fe)) continue;
        if (fb > 0 && fm.has(fb - 1, kRange) && fm.has(fb - 1, kUpcomingCue) &&
            !(fb == 1 || w[fb - 1].sent_start || w[fb - 2].kind == WKind::kPunct))
          continue;
        bool mismatch = false;
        for (const auto& wr : f.c.warns)
          if (wr.kind == "weekday_mismatch") mismatch = true;
        const std::string_view before = text.substr(f.s >= 24 ? f.s - 24 : 0, f.s >= 24 ? 24 : f.s);
        const bool stated_today = before.find("hari ini") != std::string_view::npos ||
                                  before.find("Hari ini") != std::string_view::npos;
        int64_t point = f.c.point;
        if (mismatch) {
          // a mistyped year ("hari ini, Kamis (11/12/2013)" in 2014) is read as the year that fits
          // the weekday; other mismatches are a last resort
          point = retyped(f, stated_today);
          if (point == LLONG_MIN) {
            if (!fallback) fallback = &f;
            continue;
          }
        }
        if (stated_today) {
          best = &f;
          best_point = point;
          today = true;
          break;
        }
        if (!best || point > best_point) best = &f, best_point = point;
        if (report && (!said || point > said_point)) said = &f, said_point = point;
      }
    }
    // a report's date is the day of writing more often than a later date it narrates
    if (!today && said) best = said, best_point = said_point;
    // "kemarin (19/11)", "hari ini (3/12/2014)": a relative day with its date in brackets
    // states the day of writing (a year left out is the latest year written in the text)
    if (!today) {
      for (size_t k = 0; k + 3 < w.size() && w[k].s <= limit; ++k) {
        int off;
        if (w[k].lex && (w[k].lex->mask >> kRelday & 1u))
          off = static_cast<int>(w[k].lex->num[kRelday]);
        else if (w[k].low == "ini" && k > 0 && w[k - 1].low == "hari")
          off = 0;
        else
          continue;
        if (w[k + 1].low != "(" || w[k + 2].kind != WKind::kNum || w[k + 3].low != ")") continue;
        const auto parts = split(w[k + 2].low, '/');
        if (parts.size() < 2 || parts.size() > 3) continue;
        const int d = std::atoi(parts[0].c_str()), mo = std::atoi(parts[1].c_str());
        int y = parts.size() == 3 ? std::atoi(parts[2].c_str()) : latest_year;
        if (parts.size() == 3 && parts[2].size() == 2) y += 2000;
        if (!valid_ymd(y, mo, d)) continue;
        ref = days_from_civil(y, mo, d) - off;
        published.date = fmt_day(*ref);
        published.inferred = true;
        published.evidence = std::string(text.substr(w[k].s, w[k + 3].e - w[k].s));
        today = true;
        best = nullptr;
        break;
      }
    }
    // "pada Selasa (18/11/2014)" narrates a past event: such reports are mostly published the
    // day after (measured on kompas_development).
    if (!best && !ref && fallback) best = fallback, best_point = fallback->c.point;
    bool local_time = false;
    if (best) {
      size_t q = best->e;
      while (q < text.size() && text[q] == ' ') ++q;
      local_time = text.substr(q, 14) == "waktu setempat";
    }
    // only the bracketed form ("pada Selasa (18/11/2014)"): Tempo's "pada Senin, 19 Mei 2025"
    // reports the day itself
    const bool bracketed =
        best && text.substr(best->s, best->e - best->s).find('(') != std::string_view::npos;
    if (best && !today && ((text.substr(best->s, 5) == "pada " && bracketed) || local_time)) {
      ref = best_point + 1;
      published.date = fmt_day(*ref);
      published.inferred = true;
      published.evidence = std::string(text.substr(best->s, best->e - best->s));
      best = nullptr;
    }
    if (best) {
      ref = best_point;
      published.date = fmt_day(*ref);
      published.inferred = true;
      published.evidence = std::string(text.substr(best->s, best->e - best->s));
    }
  }

  // 2. Mentions.
  const auto found = run(text, w, ref, lex_.get());
  dates.clear();
  timeline.clear();
  for (const auto& f : found) {
    if (f.c.value.empty()) continue;
    DateMention d;
    d.span = {f.s, f.e};
    d.timex = {f.core_s, f.e};
    d.value = f.c.value;
    d.grain = f.c.grain;
    d.timex_type = f.c.type;
    d.relative = f.c.relative;
    d.anchored = f.c.anchored;
    d.mod = f.c.mod;
    for (auto w2 : f.c.warns) {
      w2.span = d.span;
      warnings.push_back(std::move(w2));
    }
    // future_date: an explicit date more than a day after publication without a future marker
    if (ref && f.c.point != LLONG_MIN && !f.c.future_dir &&
        f.c.type != std::string_view("DURATION") && f.c.type != std::string_view("SET") &&
        !f.c.relative && (f.c.grain == Grain::kDay || f.c.grain == Grain::kTime) &&
        f.c.point > *ref + 1) {
      // look for a future marker in the sentence around the mention
      int wi = 0;
      while (wi < static_cast<int>(w.size()) && w[wi].s < f.s) ++wi;
      Ctx ctx{text, w, ref};
      Matcher mm(ctx);
      if (!mm.future_marker_in_sentence(wi)) {
        warnings.push_back({"future_date", std::string(text.substr(f.s, f.e - f.s)),
                            fmt_day(f.c.point) + " is after the publication date " + fmt_day(*ref) +
                                " and the sentence has no future marker",
                            d.span});
      }
    }
    dates.push_back(std::move(d));
  }

  // 3. Timeline: one entry per dated sentence (its first point-like mention).
  size_t di = 0;
  for (const auto& s : in.text.sentences) {
    while (di < dates.size() && dates[di].span.start < s.span.start) ++di;
    for (size_t k = di; k < dates.size() && dates[k].span.start < s.span.end; ++k) {
      const auto& d = dates[k];
      if (d.value.empty() || !is_digit(d.value[0]) || d.grain == Grain::kDuration ||
          d.grain == Grain::kSet)
        continue;
      TimelineEntry t;
      t.date = d.grain == Grain::kTime ? d.value.substr(0, 10) : d.value;
      t.grain = d.grain == Grain::kTime ? Grain::kDay : d.grain;
      t.sentence = s.span;
      t.date_mention = static_cast<int>(k);
      timeline.push_back(std::move(t));
      break;
    }
  }
}

}  // namespace kabar::extract
