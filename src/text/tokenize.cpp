#include "kabar/text/tokenize.h"

#include <unicode/uchar.h>

#include <array>
#include <cstring>

#include "kabar/core/data_dir.h"
#include "kabar/core/utf8.h"

namespace kabar::text {
namespace {

enum class Cls : uint8_t { kSpace, kNewline, kLetter, kDigit, kPunct, kSymbol };

constexpr std::array<Cls, 128> make_ascii_table() {
  std::array<Cls, 128> t{};
  for (int c = 0; c < 128; ++c) {
    Cls k = Cls::kSymbol;
    if (c == ' ' || c == '\t' || c < 0x20 || c == 0x7F) k = Cls::kSpace;
    if (c == '\n' || c == '\r' || c == '\v' || c == '\f') k = Cls::kNewline;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) k = Cls::kLetter;
    if (c >= '0' && c <= '9') k = Cls::kDigit;
    for (char p : std::string_view("!\"'(),-./:;?[]_{}")) {
      if (c == p) k = Cls::kPunct;
    }
    t[static_cast<size_t>(c)] = k;
  }
  return t;
}
constexpr std::array<Cls, 128> kAscii = make_ascii_table();

Cls classify_cp(char32_t c) {
  if (c < 0x80) return kAscii[c];
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
      return Cls::kLetter;
    case U_DECIMAL_DIGIT_NUMBER:
      return Cls::kDigit;
    case U_SPACE_SEPARATOR:
      return Cls::kSpace;
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
      return Cls::kNewline;
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
      return (c == 0x2030 || c == 0x2031 || c == 0x2116) ? Cls::kSymbol : Cls::kPunct;  // ‰ ‱ №
    case U_CONTROL_CHAR:
      return Cls::kSpace;
    default:
      return Cls::kSymbol;
  }
}

// Class and length of the code point at i (i < text.size()).
inline Cls class_at(std::string_view text, size_t i, size_t& len, char32_t& cp) {
  unsigned char b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) {
    len = 1;
    cp = b;
    return kAscii[b];
  }
  size_t j = i;
  cp = utf8::next(text, j);
  len = j - i;
  return classify_cp(cp);
}

// The number of ASCII letters from i on.
inline size_t ascii_letter_run(std::string_view text, size_t i) {
  size_t j = i;
  while (j < text.size() &&
         static_cast<unsigned char>((static_cast<unsigned char>(text[j]) | 0x20) - 'a') < 26)
    ++j;
  return j - i;
}

inline bool is_alnum(Cls c) { return c == Cls::kLetter || c == Cls::kDigit; }

inline bool is_upper_cp(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c));
}
inline bool is_lower_cp(char32_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z';
  return u_islower(static_cast<UChar32>(c));
}

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool iequals(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t k = 0; k < a.size(); ++k)
    if (ascii_lower(a[k]) != lower[k]) return false;
  return true;
}

// Lower-cases ASCII of `s` into `buf` (capacity N); false when it does not fit.
template <size_t N>
bool lower_into(std::string_view s, std::array<char, N>& buf, std::string_view& out) {
  if (s.size() > N) return false;
  for (size_t k = 0; k < s.size(); ++k) buf[k] = ascii_lower(s[k]);
  out = std::string_view(buf.data(), s.size());
  return true;
}

// Case flags (kCapitalized, kAllCaps) of the letters in [s, e).
uint16_t case_flags(std::string_view text, size_t s, size_t e) {
  int upper = 0, lower = 0;
  bool first_letter_seen = false, first_upper = false;
  // ASCII words (nearly all of them) without the code-point decoding below; same result.
  size_t i = s;
  for (; i < e; ++i) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if (b >= 0x80) break;
    const bool up = b >= 'A' && b <= 'Z', low = b >= 'a' && b <= 'z';
    if ((up || low) && !first_letter_seen) {
      first_letter_seen = true;
      first_upper = up;
    }
    upper += up;
    lower += low;
  }
  for (; i < e;) {
    size_t len;
    char32_t cp;
    Cls c = class_at(text, i, len, cp);
    if (c == Cls::kLetter) {
      bool up = is_upper_cp(cp);
      if (!first_letter_seen) {
        first_letter_seen = true;
        first_upper = up;
      }
      upper += up;
      lower += is_lower_cp(cp);
    }
    i += len;
  }
  uint16_t f = 0;
  if (first_upper) f |= kCapitalized;
  if (upper >= 2 && lower == 0) f |= kAllCaps;
  return f;
}

constexpr std::array<std::string_view, 12> kTlds = {"com", "id",  "net", "org", "co", "go",
                                                    "ac",  "gov", "edu", "tv",  "io", "info"};

bool url_start(std::string_view text, size_t i) {
  std::string_view r = text.substr(i, 8);
  return iequals(r.substr(0, 7), "http://") || iequals(r.substr(0, 8), "https://") ||
         (iequals(r.substr(0, 4), "www.") && r.size() > 4 && is_alnum(kAscii[r[4] & 0x7F]));
}

bool url_char(unsigned char c) {
  return c > 0x20 && c < 0x7F && c != '"' && c != '<' && c != '>' && c != '`';
}

size_t scan_url(std::string_view text, size_t i) {
  size_t j = i;
  while (j < text.size() && url_char(static_cast<unsigned char>(text[j]))) ++j;
  // Trailing sentence punctuation and unbalanced closing brackets are not part of the URL.
  size_t open = 0, close = 0;
  for (size_t k = i; k < j; ++k) open += text[k] == '(', close += text[k] == ')';
  while (j > i) {
    char c = text[j - 1];
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'') {
      --j;
    } else if (c == ')' && close > open) {
      --j;
      --close;
    } else {
      break;
    }
  }
  return j;
}

bool email_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '%' || c == '+' || c == '-';
}

// End of an e-mail address starting at i, or i when there is none.
size_t scan_email(std::string_view text, size_t i) {
  constexpr size_t kMaxLocal = 64, kMaxDomain = 255;  // RFC 5321 limits; keep scanning linear
  size_t j = i;
  while (j < text.size() && j - i <= kMaxLocal && email_char(static_cast<unsigned char>(text[j])))
    ++j;
  if (j == i || j >= text.size() || text[j] != '@') return i;
  size_t k = j + 1;
  while (k < text.size() && k - j <= kMaxDomain && email_char(static_cast<unsigned char>(text[k])))
    ++k;
  while (k > j + 1 && (text[k - 1] == '.' || text[k - 1] == '-')) --k;
  const size_t dot = text.substr(j + 1, k - j - 1).rfind('.');  // inside the domain
  if (dot == std::string_view::npos || dot == 0 || j + 1 + dot + 1 >= k) return i;
  return k;
}

// Reduplication test for a two-part hyphenated word (lower-case ASCII parts).
bool is_reduplication(std::string_view a, std::string_view b) {
  if (a.size() < 2 || b.size() < 2) return false;
  if (a == b) return true;
  // Partial: b minus a suffix is the tail of a (menakut-nakuti, berlari-lari, anak-anakan).
  for (std::string_view suf : {"", "i", "an", "kan", "nya"}) {
    if (b.size() <= suf.size() + 2) continue;
    if (b.substr(b.size() - suf.size()) != suf) continue;
    std::string_view core = b.substr(0, b.size() - suf.size());
    if (core.size() >= 3 && a.size() >= core.size() && a.substr(a.size() - core.size()) == core)
      return true;
    // a is the head of b: bolak-balik excluded; sayur-sayuran, buah-buahan.
    if (a.size() >= 3 && core == a) return true;
  }
  // Rhyming: same length, differ in the first letter only (sayur-mayur, lauk-pauk).
  if (a.size() == b.size() && a.size() >= 4 && a.substr(1) == b.substr(1)) return true;
  // Prefixed repeat with nasal change: tarik-menarik, pukul-memukul.
  if (a.size() >= 4 && b.size() > a.size() && b.substr(b.size() - (a.size() - 1)) == a.substr(1) &&
      (b.starts_with("me") || b.starts_with("ber")))
    return true;
  return false;
}

}  // namespace

Result<Tokenizer> Tokenizer::load(const std::filesystem::path& data_dir) {
  Tokenizer t;
  const auto dir = data_dir / "text";
  auto abbr = read_lines(dir / "abbreviations.txt");
  if (!abbr) return abbr.error();
  for (auto& line : *abbr) {
    auto f = split(line, '\t');
    std::string w = utf8::lower(f[0]);
    if (w.size() < 2 || w.back() != '.' || (f.size() > 1 && f[1] != "end") || f.size() > 2)
      return Error{(dir / "abbreviations.txt").string() + ": expected 'abbr.[<TAB>end]', got '" +
                   line + "'"};
    if (f.size() > 1) t.final_abbreviations_.insert(w);
    t.abbreviations_.insert(w);
  }
  auto exc = read_lines(dir / "clitic_exceptions.txt");
  if (!exc) return exc.error();
  for (auto& w : *exc) t.clitic_exceptions_.insert(utf8::lower(w));
  auto stems = read_lines(dir / "proclitic_stems.txt");
  if (!stems) return stems.error();
  for (auto& w : *stems) t.proclitic_stems_.insert(utf8::lower(w));
  return t;
}

bool Tokenizer::is_abbreviation(std::string_view lower_word) const {
  return abbreviations_.contains(lower_word);
}

bool Tokenizer::is_clitic_exception(std::string_view lower_word) const {
  return clitic_exceptions_.contains(lower_word);
}

void Tokenizer::emit_word(std::string_view text, uint32_t s, uint32_t e, uint16_t flags,
                          bool sentence_start, std::vector<Token>& out) const {
  const std::string_view word = text.substr(s, e - s);
  // "IPK-nya", "iPhone-nya": a hyphenated enclitic splits off with its hyphen.
  if (word.size() > 5 && word.size() <= 64 && word[word.size() - 4] == '-') {
    const std::string_view tail = word.substr(word.size() - 3);
    if (iequals(tail, "nya") || iequals(tail, "lah") || iequals(tail, "kah") ||
        iequals(tail, "pun")) {
      const uint32_t cut = e - 4;
      emit_word(text, s, cut,
                static_cast<uint16_t>(
                    (flags & ~(kAllCaps | kCapitalized | kHasDigit)) | case_flags(text, s, cut) |
                    (word.find_first_of("0123456789") < word.size() - 4 ? kHasDigit : 0)),
                sentence_start, out);
      out.push_back({cut, e, TokenKind::kWord,
                     static_cast<uint16_t>(kCliticSuffix | kNoSpaceBefore |
                                           (case_flags(text, cut, e) & kAllCaps))});
      return;
    }
  }
  std::array<char, 64> buf;
  std::string_view low;
  const bool ascii_letters = !(flags & kHasDigit) && lower_into(word, buf, low) && [&] {
    for (char c : low)
      if (!((c >= 'a' && c <= 'z') || c == '-')) return false;
    return true;
  }();
  if (!ascii_letters || word.size() < 5) {
    out.push_back({s, e, TokenKind::kWord, flags});
    return;
  }
  const size_t hyphen = low.find('-');
  const bool one_hyphen =
      hyphen != std::string_view::npos && low.find('-', hyphen + 1) == std::string_view::npos;
  const size_t last_part = hyphen == std::string_view::npos ? 0 : low.rfind('-') + 1;

  // Enclitics: -lah/-kah/-pun, then -nya (katanya, dialah, rumahnyalah).
  uint32_t stem_end = e;
  std::array<uint32_t, 2> cuts{};
  int ncut = 0;
  auto stem_ok = [&](size_t end) { return end >= last_part + 3 + 3; };
  auto lowered = [&](size_t end) { return low.substr(0, end); };
  auto part = [&](size_t end) { return low.substr(last_part, end - last_part); };
  auto exception = [&](size_t end) {
    return is_clitic_exception(lowered(end)) || (last_part > 0 && is_clitic_exception(part(end)));
  };
  size_t len = low.size();
  const std::string_view tail3 = low.substr(len - 3);
  const bool clitic_tail = tail3 == "lah" || tail3 == "kah" || tail3 == "pun" || tail3 == "nya";
  if (clitic_tail && !exception(len)) {  // the exception list is consulted only for such endings
    std::string_view tail = low.substr(len - 3);
    // A capitalised word inside a sentence is a name (Saifullah, Ujungpangkah): only -nya splits.
    const bool name_like = (flags & kCapitalized) && !sentence_start;
    if ((tail == "lah" || tail == "kah" || tail == "pun") && stem_ok(len) && !name_like &&
        !low.ends_with("llah")) {
      cuts[ncut++] = static_cast<uint32_t>(s + len - 3);
      len -= 3;
    }
    if (len >= 6 && low.substr(len - 3, 3) == "nya" && stem_ok(len) && !exception(len)) {
      cuts[ncut++] = static_cast<uint32_t>(s + len - 3);
      len -= 3;
    }
  }
  stem_end = static_cast<uint32_t>(s + len);

  // Proclitics ku-/kau- before a known verb root (kuambil, kaulihat).
  uint32_t stem_start = s;
  if (hyphen == std::string_view::npos) {
    std::string_view stem = low.substr(0, len);
    size_t p = 0;
    if (stem.starts_with("kau") && proclitic_stems_.contains(stem.substr(3)))
      p = 3;
    else if (stem.starts_with("ku") && proclitic_stems_.contains(stem.substr(2)))
      p = 2;
    if (p > 0) {
      out.push_back({s, static_cast<uint32_t>(s + p), TokenKind::kWord,
                     static_cast<uint16_t>((flags & ~(kAllCaps | kCapitalized)) | kCliticPrefix |
                                           case_flags(text, s, s + p))});
      stem_start = static_cast<uint32_t>(s + p);
      flags = static_cast<uint16_t>((flags & ~(kParagraphStart | kAllCaps | kCapitalized)) |
                                    kNoSpaceBefore);
      flags |= case_flags(text, stem_start, stem_end);
    }
  }

  uint16_t stem_flags = flags;
  if (one_hyphen && hyphen < len &&
      is_reduplication(low.substr(0, hyphen), low.substr(hyphen + 1, len - hyphen - 1)))
    stem_flags |= kReduplication;
  if (ncut > 0) {
    stem_flags = static_cast<uint16_t>((stem_flags & ~kAllCaps) |
                                       (case_flags(text, stem_start, stem_end) & kAllCaps));
  }
  out.push_back({stem_start, stem_end, TokenKind::kWord, stem_flags});
  for (int k = ncut - 1; k >= 0; --k) {
    const uint32_t cs = cuts[static_cast<size_t>(k)];
    const uint32_t ce = k == 0 ? e : cuts[static_cast<size_t>(k - 1)];
    out.push_back({cs, ce, TokenKind::kWord,
                   static_cast<uint16_t>(kCliticSuffix | kNoSpaceBefore |
                                         (case_flags(text, cs, ce) & kAllCaps))});
  }
}

template <class Plain>
int Tokenizer::scan(std::string_view text, std::vector<Token>& out, Plain&& plain) const {
  out.clear();
  const size_t n = text.size();
  size_t i = 0;
  bool para = true;
  size_t next_at = text.find('@');
  // The last token so far (`plain` may take tokens out of `out`, so it is kept here).
  bool have_prev = false;
  uint32_t prev_end = 0;
  TokenKind prev_kind = TokenKind::kWord;
  size_t seen = 0;  // out.size() when prev_* were last set
  while (i < n) {
    if (out.size() != seen) {
      seen = out.size();
      have_prev = seen > 0 || have_prev;
      if (seen > 0) prev_end = out.back().end, prev_kind = out.back().kind;
    }
    size_t len;
    char32_t cp;
    const Cls cls = class_at(text, i, len, cp);
    if (cls == Cls::kSpace) {
      i += len;
      continue;
    }
    if (cls == Cls::kNewline) {
      para = true;
      i += len;
      continue;
    }
    uint16_t flags = 0;
    if (para) flags |= kParagraphStart;
    para = false;
    if (have_prev && prev_end == i) flags |= kNoSpaceBefore;
    const auto u32 = [](size_t v) { return static_cast<uint32_t>(v); };

    // Hashtags and mentions: "#tagar", "@akun" after a space.
    if ((cp == '#' || cp == '@') && !(flags & kNoSpaceBefore) && i + 1 < n &&
        static_cast<unsigned char>(text[i + 1]) < 0x80 &&
        is_alnum(kAscii[static_cast<unsigned char>(text[i + 1])])) {
      size_t e = i + 1;
      while (e < n && static_cast<unsigned char>(text[e]) < 0x80 &&
             (is_alnum(kAscii[static_cast<unsigned char>(text[e])]) || text[e] == '_'))
        ++e;
      out.push_back({u32(i), u32(e), TokenKind::kSymbol, flags});
      i = e;
      continue;
    }
    if (cls == Cls::kPunct || cls == Cls::kSymbol) {
      out.push_back({u32(i), u32(i + len),
                     cls == Cls::kPunct ? TokenKind::kPunct : TokenKind::kSymbol, flags});
      i += len;
      continue;
    }

    // Letters or digits: URL, e-mail, currency prefix, or a word/number.
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if ((b == 'h' || b == 'H' || b == 'w' || b == 'W') && url_start(text, i)) {
      size_t e = scan_url(text, i);
      out.push_back({u32(i), u32(e), TokenKind::kSymbol, flags});
      i = e;
      continue;
    }
    // An e-mail address needs an '@' within its local part's reach: find the next one once,
    // rather than scanning every word for it.
    if (next_at != std::string_view::npos && next_at < i) next_at = text.find('@', i);
    if (b < 0x80 && next_at != std::string_view::npos && next_at - i <= 65) {
      size_t e = scan_email(text, i);
      if (e > i) {
        out.push_back({u32(i), u32(e), TokenKind::kSymbol, flags});
        i = e;
        continue;
      }
    }
    // "Rp" before an amount ("Rp10.000", "Rp 5 juta", "Rp."), "US$".
    if ((b == 'R' || b == 'r') && i + 1 < n && (text[i + 1] == 'p' || text[i + 1] == 'P') &&
        (i + 2 >= n || text[i + 2] == ' ' || text[i + 2] == '.' || text[i + 2] == '\n' ||
         (text[i + 2] >= '0' && text[i + 2] <= '9'))) {
      if (i + 2 < n && text[i + 2] == '.') {
        out.push_back({u32(i), u32(i + 3), TokenKind::kWord,
                       static_cast<uint16_t>(flags | kAbbreviation | case_flags(text, i, i + 2))});
        i += 3;
      } else {
        out.push_back({u32(i), u32(i + 2), TokenKind::kWord,
                       static_cast<uint16_t>(flags | case_flags(text, i, i + 2))});
        i += 2;
      }
      continue;
    }
    if (b == 'U' && i + 2 < n && text[i + 1] == 'S' && text[i + 2] == '$') {
      out.push_back({u32(i), u32(i + 3), TokenKind::kSymbol,
                     static_cast<uint16_t>(flags | kAllCaps | kCapitalized)});
      i += 3;
      continue;
    }

    // Word or number: alphanumeric runs joined by - ' . , / : where they are word-internal.
    size_t j = i;
    bool has_letter = false, has_digit = false, seg_digits = true;
    bool ascii_letters = true;  // so far (a plain word, if nothing else is in it)
    bool first_upper = false;  // the case flags (as case_flags() counts them), in the same pass
    int upper = 0, lower = 0;
    Cls last = cls;
    while (j < n) {
      // A run of ASCII letters, the bulk of every word, without the per-character dispatch.
      if (const size_t run = ascii_letter_run(text, j); run > 0) {
        int up = 0;
        for (size_t r = j; r < j + run; ++r) up += (text[r] & 0x20) == 0;
        if (!has_letter) first_upper = (text[j] & 0x20) == 0;
        upper += up;
        lower += static_cast<int>(run) - up;
        has_letter = true;
        seg_digits = false;
        last = Cls::kLetter;
        j += run;
        if (j >= n) break;
      }
      size_t l;
      char32_t c;
      Cls k = class_at(text, j, l, c);
      if (k == Cls::kLetter) {
        const bool up = is_upper_cp(c);
        if (!has_letter) first_upper = up;
        upper += up;
        lower += is_lower_cp(c);
        ascii_letters &= l == 1;
        has_letter = true;
        seg_digits = false;
        last = k;
        j += l;
        continue;
      }
      if (k == Cls::kDigit) {
        has_digit = true;
        last = k;
        j += l;
        continue;
      }
      // A connector must sit between two alphanumerics.
      const size_t after = j + l;
      if (after >= n) break;
      size_t l2;
      char32_t c2;
      const Cls next = class_at(text, after, l2, c2);
      if (!is_alnum(next)) break;
      bool join = false;
      if (c == '-' || c == 0x2011) {
        join = has_letter || next == Cls::kLetter;  // not 2020-2024
      } else if (c == '\'' || c == 0x2019) {
        join = last == Cls::kLetter && next == Cls::kLetter;
      } else if (c == '.' || c == ',' || c == '/' || c == ':') {
        if (seg_digits && last == Cls::kDigit && next == Cls::kDigit) {
          join = true;
        } else if (c == '.' && has_letter && last == Cls::kLetter && next == Cls::kLetter) {
          // Domain names: detik.com, kompas.id, go.id.
          size_t t = after;
          while (t < n && text[t] >= 'a' && text[t] <= 'z') ++t;
          std::string_view tld = text.substr(after, t - after);
          bool end_ok = t >= n || !is_alnum(kAscii[static_cast<unsigned char>(text[t]) & 0x7F]) ||
                        static_cast<unsigned char>(text[t]) >= 0x80;
          if (end_ok && static_cast<unsigned char>(t < n ? text[t] : ' ') < 0x80) {
            for (auto d : kTlds) join = join || tld == d;
          }
        }
      }
      if (!join) break;
      seg_digits = true;
      j = after;
    }
    size_t e = j;

    if (!has_letter) {
      out.push_back({u32(i), u32(e), TokenKind::kNumber, static_cast<uint16_t>(flags | kHasDigit)});
      i = e;
      continue;
    }
    if (first_upper) flags |= kCapitalized;
    if (upper >= 2 && lower == 0) flags |= kAllCaps;
    if (has_digit) flags |= kHasDigit;

    // Abbreviations keep their period: "dr.", "Jl.", "S.H.", "a.n.", initials "J.".
    if (!has_digit && e < n && text[e] == '.' && e - i <= 8) {
      std::array<size_t, 5> ends{};
      int nends = 0;
      bool single_letters = (e - i == 1);
      ends[nends++] = e + 1;
      size_t k = e + 1;
      while (nends < 5 && k < n) {
        size_t t = k;
        while (t < n && t - k < 5 &&
               ((text[t] >= 'a' && text[t] <= 'z') || (text[t] >= 'A' && text[t] <= 'Z')))
          ++t;
        if (t == k || t >= n || text[t] != '.') break;
        if (t - k != 1) single_letters = false;
        ends[nends++] = t + 1;
        k = t + 1;
      }
      size_t abbr_end = 0;
      std::array<char, 32> lb;
      for (int m = nends - 1; m >= 0 && abbr_end == 0; --m) {
        std::string_view low;
        if (!lower_into(text.substr(i, ends[static_cast<size_t>(m)] - i), lb, low) ||
            !is_abbreviation(low))
          continue;
        // An all-caps acronym before a period ends a sentence ("oleh BPK."), except company forms.
        if (m == 0 && (flags & kAllCaps) && low != "pt." && low != "cv.") continue;
        abbr_end = ends[static_cast<size_t>(m)];
        if (final_abbreviations_.contains(low)) flags |= kMayEndSentence;
      }
      if (abbr_end == 0 && single_letters && nends >= 2)
        abbr_end = ends[static_cast<size_t>(nends - 1)];
      if (abbr_end == 0 && e - i == 1 && (flags & kCapitalized)) abbr_end = e + 1;  // initial
      if (abbr_end != 0) {
        out.push_back(
            {u32(i), u32(abbr_end), TokenKind::kWord,
             static_cast<uint16_t>(flags | kAbbreviation | case_flags(text, i, abbr_end))});
        i = abbr_end;
        continue;
      }
    }
    // Sentence-initial: first in its paragraph or after punctuation (". Dialah", "“Apakah").
    const bool sentence_start =
        (flags & kParagraphStart) || !have_prev || prev_kind == TokenKind::kPunct;
    // Plain: every byte an ASCII letter (a connector or a digit breaks the count).
    if (ascii_letters && upper + lower == static_cast<int>(e - i)) {
      const PlainWord w{u32(i), u32(e), flags, sentence_start,
                        (flags & kCapitalized) && !sentence_start};
      if (int rc = plain(w); rc != 0) return rc;
      // What split_plain() leaves last: the stem or its last clitic, a word ending at e.
      seen = out.size();
      have_prev = true;
      prev_end = u32(e);
      prev_kind = TokenKind::kWord;
    } else {
      emit_word(text, u32(i), u32(e), flags, sentence_start, out);
    }
    i = e;
  }
  return 0;
}

void Tokenizer::tokenize(std::string_view text, std::vector<Token>& out) const {
  out.reserve(text.size() / 5 + 4);
  scan(text, out, [&](const PlainWord& w) {
    split_plain(text, w, out);
    return 0;
  });
}

int Tokenizer::tokenize(std::string_view text, std::vector<Token>& out, void* ctx,
                        PlainWordFn fn) const {
  return scan(text, out, [&](const PlainWord& w) { return fn(ctx, w, out); });
}

void Tokenizer::split_plain(std::string_view text, const PlainWord& w,
                            std::vector<Token>& out) const {
  emit_word(text, w.start, w.end, w.flags, w.sentence_start, out);
}

}  // namespace kabar::text
