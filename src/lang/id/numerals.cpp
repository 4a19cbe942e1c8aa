#include "kabar/lang/id/numerals.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "kabar/core/data_dir.h"

namespace kabar::lang::id {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

/// ASCII-lower-cases `s` into `buf`; returns an empty view when it does not fit.
std::string_view lower_into(std::string_view s, char* buf, size_t cap) {
  if (s.size() > cap) return {};
  for (size_t k = 0; k < s.size(); ++k) buf[k] = to_lower(s[k]);
  return {buf, s.size()};
}

/// True when token j follows token j-1 after white space only (no punctuation between).
bool spaced_after(std::string_view text, const std::vector<text::Token>& tokens, size_t j) {
  if (j == 0 || j >= tokens.size()) return false;
  uint32_t a = tokens[j - 1].end, b = tokens[j].start;
  if (b <= a || b > text.size()) return false;
  for (uint32_t k = a; k < b; ++k)
    if (text[k] != ' ' && text[k] != '\t' && text[k] != '\n') return false;
  return true;
}

bool glued_after(const std::vector<text::Token>& tokens, size_t j) {
  return j > 0 && j < tokens.size() && tokens[j].start == tokens[j - 1].end;
}

/// The token index containing byte `end - 1`, plus one, searching from `from`.
uint32_t end_token_for(const std::vector<text::Token>& tokens, size_t from, uint32_t end) {
  size_t j = from;
  while (j + 1 < tokens.size() && tokens[j].end < end) ++j;
  return uint32_t(j + 1);
}

bool valid_groups(std::string_view digits_with_sep, char sep) {
  // First group 1..3 digits, every later group exactly 3.
  size_t group = 0;
  bool first = true;
  for (char c : digits_with_sep) {
    if (c == sep) {
      if (group == 0 || (first && group > 3) || (!first && group != 3)) return false;
      first = false;
      group = 0;
    } else {
      ++group;
    }
  }
  return !first && group == 3;
}

}  // namespace

Result<Numerals> Numerals::load(const std::filesystem::path& data_dir) {
  auto path = data_dir / "lang" / "id" / "numerals.tsv";
  auto lines = read_lines(path);
  if (!lines) return lines.error();
  Numerals n;
  for (const auto& line : *lines) {
    auto f = split(line, '\t');
    if (f.size() < 3) return Error{path.string() + ": expected word<TAB>class<TAB>value: " + line};
    const std::string& cls = f[1];
    double v = std::strtod(f[2].c_str(), nullptr);
    double mx = f.size() > 3 ? std::strtod(f[3].c_str(), nullptr) : v;
    auto put = [&](Kind k) {  // a later line for the same word wins
      const int at = n.word_index_.find(f[0]);
      if (at >= 0) {
        n.word_list_[size_t(at)] = Word{k, v, mx};
      } else {
        n.word_index_.insert(f[0], uint16_t(n.word_list_.size()));
        n.word_list_.push_back(Word{k, v, mx});
      }
    };
    if (cls == "digit") put(Kind::kDigit);
    else if (cls == "group") put(Kind::kGroup);
    else if (cls == "mult") put(Kind::kMult);
    else if (cls == "teen") put(Kind::kTeen);
    else if (cls == "scale") put(Kind::kScale);
    else if (cls == "scale_cs") n.case_sensitive_[f[0]] = Word{Kind::kScaleCs, v, mx};
    else if (cls == "se_scale") put(Kind::kSeScale);
    else if (cls == "fraction") put(Kind::kFraction);
    else if (cls == "vague") put(Kind::kVague);
    else if (cls == "few") put(Kind::kFew);
    else if (cls == "negative") put(Kind::kNegative);
    else if (cls == "ordinal") put(Kind::kOrdinal);
    else if (cls == "suffix") n.suffixes_[f[0]] = v;
    else if (cls == "prefix") n.prefixes_[f[0]] = v;
    else return Error{path.string() + ": unknown class '" + cls + "' in line: " + line};
  }
  return n;
}

const Numerals::Word* Numerals::word(std::string_view lower) const {
  if (lower.empty()) return nullptr;
  const int at = word_index_.find(lower);
  return at < 0 ? nullptr : &word_list_[size_t(at)];
}

bool Numerals::is_scale(std::string_view lower_word) const {
  const Word* w = word(lower_word);
  return w && w->kind == Kind::kScale;
}

std::optional<double> Numerals::parse_digits(std::string_view s) {
  if (s.empty() || s.size() > 60) return std::nullopt;
  size_t dots = 0, commas = 0, digits = 0;
  char prev = 0;
  for (char c : s) {
    if (is_digit(c)) ++digits;
    else if (c == '.') ++dots;
    else if (c == ',') ++commas;
    else return std::nullopt;
    if ((c == '.' || c == ',') && (prev == '.' || prev == ',')) return std::nullopt;
    prev = c;
  }
  if (digits == 0 || s.back() == '.' || s.back() == ',') return std::nullopt;
  char thousands = 0, decimal = 0;
  if (dots && commas) {
    size_t ld = s.rfind('.'), lc = s.rfind(',');
    decimal = ld > lc ? '.' : ',';
    thousands = decimal == '.' ? ',' : '.';
    if ((decimal == '.' ? dots : commas) != 1) return std::nullopt;
    size_t dpos = s.rfind(decimal);
    if (!valid_groups(s.substr(0, dpos), thousands)) return std::nullopt;
  } else if (dots + commas >= 2) {
    thousands = dots ? '.' : ',';
    if (!valid_groups(s, thousands)) return std::nullopt;
  } else if (commas == 1) {
    decimal = ',';
  } else if (dots == 1) {
    size_t p = s.find('.');
    size_t after = s.size() - p - 1;
    if (after == 3 && p >= 1 && p <= 3 && !(s[0] == '0' && p == 1)) thousands = '.';
    else decimal = '.';
  }
  char buf[72];
  size_t n = 0;
  if (s[0] == decimal && decimal) buf[n++] = '0';
  for (char c : s) {
    if (c == thousands) continue;
    buf[n++] = c == decimal ? '.' : c;
  }
  double v = 0;
  auto r = std::from_chars(buf, buf + n, v);
  if (r.ec != std::errc() || r.ptr != buf + n) return std::nullopt;
  return v;
}

void Numerals::read_scales(std::string_view text, const std::vector<text::Token>& tokens,
                           NumberMatch& m) const {
  size_t j = m.end_token;
  if (j >= tokens.size() || m.end != tokens[j - 1].end || !spaced_after(text, tokens, j)) return;
  std::string_view t = tokens[j].in(text);
  char buf[32];
  const Word* w = word(lower_into(t, buf, sizeof buf));
  double scale = 0;
  if (w && w->kind == Kind::kScale) {
    scale = w->value;
  } else {
    // "Rp 3,2 M." — the tokenizer may keep a sentence-final period on a capital letter.
    std::string_view cs = t.size() == 2 && t[1] == '.' ? t.substr(0, 1) : t;
    if (auto it = case_sensitive_.find(cs); it != case_sensitive_.end()) {
      scale = it->second.value;
      t = cs;
    }
  }
  if (scale == 0) return;
  m.value *= scale;
  if (m.max) *m.max *= scale;
  m.scale = scale;
  m.scale_word = true;
  m.end_token = uint32_t(j + 1);
  m.end = tokens[j].start + uint32_t(t.size());
  // Compound "2 juta 500 ribu": digits and a smaller scale word.
  size_t k = j + 1;
  if (k + 1 < tokens.size() && spaced_after(text, tokens, k) && spaced_after(text, tokens, k + 1) &&
      !tokens[k].in(text).empty() && is_digit(tokens[k].in(text)[0])) {
    const Word* w2 = word(lower_into(tokens[k + 1].in(text), buf, sizeof buf));
    auto v2 = parse_digits(tokens[k].in(text));
    if (w2 && w2->kind == Kind::kScale && w2->value < scale && v2 && *v2 * w2->value < scale) {
      m.value += *v2 * w2->value;
      m.end_token = uint32_t(k + 2);
      m.end = tokens[k + 1].end;
    }
  }
}

std::optional<NumberMatch> Numerals::match_digits(std::string_view text,
                                                  const std::vector<text::Token>& tokens,
                                                  size_t i) const {
  size_t k = i;
  while (k + 1 < tokens.size() && glued_after(tokens, k + 1) && tokens[k + 1].end - tokens[i].start < 64)
    ++k;
  uint32_t s0 = tokens[i].start;
  if (tokens[k].end > text.size() || s0 >= tokens[k].end) return std::nullopt;
  std::string_view run = text.substr(s0, tokens[k].end - s0);
  size_t p = 0;
  bool neg = false;
  if (run[p] == '-' || run[p] == '+') {
    neg = run[p] == '-';
    ++p;
  }
  auto digit_at = [&](size_t q) { return q < run.size() && is_digit(run[q]); };
  NumberMatch m;
  size_t q = p;
  if (!digit_at(q) && !((run[q < run.size() ? q : 0] == ',' || run[q < run.size() ? q : 0] == '.') && digit_at(q + 1))) {
    // A glued prefix such as "Rp", "US$", "€".
    while (q < run.size() && q - p <= 4 && !is_digit(run[q])) ++q;
    if (!digit_at(q) || q == p) return std::nullopt;
    std::string_view pre = run.substr(p, q - p);
    char buf[8];
    std::string_view lp = lower_into(pre, buf, sizeof buf);
    if (lp.empty() || !prefixes_.count(lp)) return std::nullopt;
    if (neg) return std::nullopt;
    m.prefix = pre;
  }
  size_t core_start = q;
  size_t r = q;
  while (r < run.size() && (is_digit(run[r]) || run[r] == '.' || run[r] == ',')) ++r;
  while (r > core_start && (run[r - 1] == '.' || run[r - 1] == ',')) --r;
  std::string_view core = run.substr(core_start, r - core_start);
  auto v = parse_digits(core);
  if (!v) return std::nullopt;
  // Dates and times ("2/8/2024", "14:30") are not numbers.
  if (r + 1 < run.size() && (run[r] == '/' || run[r] == ':') && is_digit(run[r + 1])) return std::nullopt;
  m.value = *v;
  m.digit_count = 0;
  m.integer_digits = true;
  for (char c : core) {
    if (is_digit(c)) ++m.digit_count;
    else m.integer_digits = false;
  }
  m.leading_zero = core.size() > 1 && core[0] == '0' && is_digit(core[1]);
  size_t u = r;
  while (u < run.size() && is_alpha(run[u])) ++u;
  size_t end = r;
  if (u > r) {
    std::string_view suf = run.substr(r, u - r);
    char buf[16];
    std::string_view ls = lower_into(suf, buf, sizeof buf);
    double factor = 0;
    if (suf == "M" || suf == "G" || (ls != "m" && ls != "g" && suffixes_.count(ls)))
      factor = suffixes_.count(ls) ? suffixes_.find(ls)->second : 0;
    if (factor == 0) {
      if (const Word* w = word(ls); w && w->kind == Kind::kScale) factor = w->value;
    }
    if (factor != 0) {
      m.value *= factor;
      m.scale = factor;
      m.scale_glued_m = suf == "M";
      end = u;
    } else {
      m.suffix = suf;
    }
  }
  m.first_token = uint32_t(i);
  m.start = s0;
  m.end = s0 + uint32_t(end);
  m.end_token = end_token_for(tokens, i, m.end);
  if (!m.suffix.empty()) m.end_token = end_token_for(tokens, i, s0 + uint32_t(u));
  if (m.scale == 1 && m.suffix.empty()) read_scales(text, tokens, m);
  if (neg) m.value = -m.value;
  return m;
}

std::optional<NumberMatch> Numerals::match_words(std::string_view text,
                                                 const std::vector<text::Token>& tokens,
                                                 size_t i) const {
  return match_words_from(text, tokens, i, {});
}

std::optional<NumberMatch> Numerals::match_words_from(std::string_view text,
                                                      const std::vector<text::Token>& tokens,
                                                      size_t i, std::string_view first) const {
  double total = 0, group = 0, pending = 0;
  bool has_pending = false, any_group = false;
  double last_scale = std::numeric_limits<double>::infinity();
  size_t j = i, consumed_end = i;
  char buf[32];
  NumberMatch m;
  m.words = true;
  m.first_token = uint32_t(i);
  m.start = tokens[i].start;
  for (; j < tokens.size(); ++j) {
    if (j > i && !spaced_after(text, tokens, j)) break;
    std::string_view lw = (j == i && !first.empty()) ? first
                                                     : lower_into(tokens[j].in(text), buf, sizeof buf);
    const Word* w = word(lw);
    if (!w) break;
    bool ok = true;
    switch (w->kind) {
      case Kind::kDigit:
        if (has_pending) ok = false;
        else { pending = w->value; has_pending = true; }
        break;
      case Kind::kGroup:
        if (has_pending || (group != 0 && !(group >= 100 && w->value < 100 && std::fmod(group, 100) == 0)))
          ok = false;
        else { group += w->value; any_group = true; }
        break;
      case Kind::kMult:
        if (!has_pending || pending < 1 || pending != std::floor(pending)) ok = false;
        else if (w->value == 100 && group != 0) ok = false;
        else if (w->value == 10 && std::fmod(group, 100) != 0) ok = false;
        else { group += pending * w->value; has_pending = false; any_group = true; }
        break;
      case Kind::kTeen:
        if (!has_pending || pending < 1 || pending != std::floor(pending) || std::fmod(group, 100) != 0)
          ok = false;
        else { group += 10 + pending; has_pending = false; any_group = true; }
        break;
      case Kind::kScale: {
        double q = group + (has_pending ? pending : 0);
        if (q <= 0 || w->value >= last_scale) { ok = false; break; }
        total += q * w->value;
        group = 0; has_pending = false; any_group = true;
        last_scale = w->value;
        break;
      }
      case Kind::kSeScale:
        if (has_pending || group != 0 || w->value >= last_scale) ok = false;
        else { total += w->value; last_scale = w->value; any_group = true; }
        break;
      case Kind::kFraction:
        if (group == 0 && !has_pending && total == 0) { pending = w->value; has_pending = true; }
        else if (has_pending && group == 0 && pending == std::floor(pending)) pending += w->value;
        else ok = false;
        break;
      case Kind::kVague:
      case Kind::kFew: {
        if (j != i) { ok = false; break; }
        double lo = w->value, hi = w->max;
        size_t k = j + 1;
        if (w->kind == Kind::kFew) {
          // "beberapa" is a number only before puluh/ratus or a scale word.
          if (k >= tokens.size() || !spaced_after(text, tokens, k)) return std::nullopt;
          const Word* n = word(lower_into(tokens[k].in(text), buf, sizeof buf));
          if (!n || (n->kind != Kind::kMult && n->kind != Kind::kScale)) return std::nullopt;
          lo *= n->value; hi *= n->value;
          ++k;
        }
        if (k < tokens.size() && spaced_after(text, tokens, k)) {
          const Word* n = word(lower_into(tokens[k].in(text), buf, sizeof buf));
          if (n && n->kind == Kind::kScale && n->value > hi) {
            lo *= n->value;
            hi = w->kind == Kind::kVague ? (hi + 1) * n->value - 1 : hi * n->value;
            ++k;
          }
        }
        m.value = lo;
        m.max = hi;
        m.end_token = uint32_t(k);
        m.end = tokens[k - 1].end;
        return m;
      }
      case Kind::kNegative:
      case Kind::kOrdinal:
      case Kind::kScaleCs:
        ok = false;
        break;
    }
    if (!ok) break;
    consumed_end = j + 1;
  }
  if (consumed_end == i) return std::nullopt;
  (void)any_group;
  m.value = total + group + (has_pending ? pending : 0);
  m.end_token = uint32_t(consumed_end);
  m.end = tokens[consumed_end - 1].end;
  return m;
}

std::optional<NumberMatch> Numerals::match_ordinal(std::string_view text,
                                                   const std::vector<text::Token>& tokens,
                                                   size_t i) const {
  std::string_view t = tokens[i].in(text);
  if (t.size() < 3 || to_lower(t[0]) != 'k' || to_lower(t[1]) != 'e') return std::nullopt;
  // "ke-3", "ke-00003", or "ke" "-" "3" split by the tokenizer.
  size_t k = i;
  uint32_t s0 = tokens[i].start;
  while (k + 1 < tokens.size() && glued_after(tokens, k + 1) && tokens[k + 1].end - s0 < 40) ++k;
  std::string_view run = text.substr(s0, tokens[k].end - s0);
  if (run.size() > 3 && run[2] == '-' && is_digit(run[3])) {
    size_t r = 3;
    while (r < run.size() && is_digit(run[r])) ++r;
    if (r < run.size() && is_alpha(run[r])) return std::nullopt;
    auto v = parse_digits(run.substr(3, r - 3));
    if (!v) return std::nullopt;
    NumberMatch m;
    m.value = *v;
    m.ordinal = true;
    m.first_token = uint32_t(i);
    m.start = s0;
    m.end = s0 + uint32_t(r);
    m.end_token = end_token_for(tokens, i, m.end);
    return m;
  }
  // "ketiga", "kesepuluh", "kedua puluh".
  if (t.size() < 5 || t.size() > 30) return std::nullopt;
  char buf[32];
  std::string_view rest = lower_into(t.substr(2), buf, sizeof buf);
  const Word* w = word(rest);
  if (!w || (w->kind != Kind::kDigit && w->kind != Kind::kGroup && w->kind != Kind::kSeScale) ||
      w->value == 0)
    return std::nullopt;
  auto m = match_words_from(text, tokens, i, rest);
  if (!m) return std::nullopt;
  m->ordinal = true;
  return m;
}

std::optional<NumberMatch> Numerals::match(std::string_view text,
                                           const std::vector<text::Token>& tokens,
                                           size_t i) const {
  if (i >= tokens.size()) return std::nullopt;
  const text::Token& tok = tokens[i];
  if (tok.end > text.size() || tok.start >= tok.end) return std::nullopt;
  std::string_view t = tok.in(text);
  char c = t[0];
  auto negate = [&](size_t next) -> std::optional<NumberMatch> {
    if (next >= tokens.size() || !spaced_after(text, tokens, next)) return std::nullopt;
    auto m = match(text, tokens, next);
    if (!m || m->ordinal || m->max || m->value < 0) return std::nullopt;
    if (t == "-" && m->words) return std::nullopt;
    m->value = -m->value;
    m->first_token = uint32_t(i);
    m->start = tok.start;
    return m;
  };
  if (!is_alpha(c)) {
    // Sign: "-" spaced from its number ("- 1.200.000").
    if (t == "-" && i + 1 < tokens.size() && !glued_after(tokens, i + 1)) return negate(i + 1);
    return match_digits(text, tokens, i);
  }
  if (t.size() <= 20) {
    bool digits = glued_after(tokens, i + 1);
    for (char d : t) digits = digits || is_digit(d);
    if (digits) {
      if (auto m = match_digits(text, tokens, i)) return m;
    }
  }
  if (t.size() > 2 && to_lower(c) == 'k' && to_lower(t[1]) == 'e') {
    if (auto m = match_ordinal(text, tokens, i)) return m;
  }
  char buf[32];
  std::string_view lw = lower_into(t, buf, sizeof buf);
  const Word* w = word(lw);
  if (!w) return std::nullopt;
  if (w->kind == Kind::kNegative) return negate(i + 1);
  if (w->kind == Kind::kOrdinal) {
    NumberMatch m;
    m.value = w->value;
    m.ordinal = m.words = true;
    m.first_token = uint32_t(i);
    m.end_token = uint32_t(i + 1);
    m.start = tok.start;
    m.end = tok.end;
    return m;
  }
  return match_words_from(text, tokens, i, lw);
}

}  // namespace kabar::lang::id
