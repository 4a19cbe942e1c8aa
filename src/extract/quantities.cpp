// Quantities: a number (kabar::lang::id::Numerals), its qualifier, what it counts, who claims it
// and the date it refers to. Rules as data under data/quantities/.
#include "kabar/extract/quantities.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "kabar/core/data_dir.h"
#include "kabar/lang/id/numerals.h"

namespace kabar::extract {
namespace {

using text::Token;
using text::TokenKind;
constexpr size_t kNpos = std::string_view::npos;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c) || (unsigned char)c >= 0x80; }
bool is_word_char(char c) { return is_digit(c) || is_alpha(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

std::string_view lower_into(std::string_view s, char* buf, size_t cap) {
  if (s.size() > cap) return {};
  for (size_t k = 0; k < s.size(); ++k) buf[k] = to_lower(s[k]);
  return {buf, s.size()};
}

std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = to_lower(c);
  return r;
}

struct Hash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using Map = std::unordered_map<std::string, V, Hash, std::equal_to<>>;
using Set = std::unordered_set<std::string, Hash, std::equal_to<>>;

/// `phrase` (lower-case; ' ' matches 1+ white space) at `pos` in `text`, case-insensitively.
/// Returns the end offset, or kNpos. A phrase ending in a letter or digit must end at a word
/// boundary.
size_t match_at(std::string_view text, size_t pos, std::string_view phrase) {
  size_t i = pos;
  for (size_t k = 0; k < phrase.size(); ++k) {
    char p = phrase[k];
    if (p == ' ') {
      if (i >= text.size() || !is_space(text[i])) return kNpos;
      while (i < text.size() && is_space(text[i])) ++i;
      continue;
    }
    if (i >= text.size() || to_lower(text[i]) != p) return kNpos;
    ++i;
  }
  if (!phrase.empty() && is_word_char(phrase.back()) && i < text.size() && is_alnum(text[i])) return kNpos;
  return i;
}

/// `phrase` ending at `end` (white space before `end` skipped first); returns its start or kNpos.
size_t match_before(std::string_view text, size_t end, std::string_view phrase) {
  size_t i = std::min(end, text.size());
  while (i > 0 && is_space(text[i - 1])) --i;
  for (size_t k = phrase.size(); k-- > 0;) {
    char p = phrase[k];
    if (p == ' ') {
      if (i == 0 || !is_space(text[i - 1])) return kNpos;
      while (i > 0 && is_space(text[i - 1])) --i;
      continue;
    }
    if (i == 0 || to_lower(text[i - 1]) != p) return kNpos;
    --i;
  }
  if (!phrase.empty() && is_word_char(phrase.front()) && i > 0 && is_alnum(text[i - 1])) return kNpos;
  return i;
}

size_t skip_space(std::string_view text, size_t i) {
  while (i < text.size() && is_space(text[i])) ++i;
  return i;
}

/// The first token at or after byte `pos` (tokens are ordered).
size_t token_at(const std::vector<Token>& toks, size_t pos) {
  auto it = std::lower_bound(toks.begin(), toks.end(), pos,
                             [](const Token& t, size_t p) { return t.end <= p; });
  return size_t(it - toks.begin());
}


}  // namespace

struct QuantityAnnotator::Lexicon {
  lang::id::Numerals numerals;
  struct Phrase {
    std::string text;
    Qualifier qualifier = Qualifier::kExact;
  };
  std::vector<Phrase> pre, post, fillers, range_open, range_link;  // longest first
  struct Currency {
    std::string text;
    std::string code;
    bool pre = false, post = false;
  };
  std::vector<Currency> currencies;  // longest first
  Map<std::string> units;            // word → percent | measure | classifier | noun
  Map<std::string> noncount;         // word → before | after | month
  Map<std::string> attribution;      // word → pre_verb | post_verb | prep | …
  Set stop;

  const std::string* unit(std::string_view lw) const {
    auto it = units.find(lw);
    return it == units.end() ? nullptr : &it->second;
  }
  bool attr(std::string_view lw, std::string_view cls) const {
    auto it = attribution.find(lw);
    return it != attribution.end() && it->second == cls;
  }
  bool noncount_is(std::string_view lw, std::string_view cls) const {
    auto it = noncount.find(lw);
    return it != noncount.end() && it->second == cls;
  }
  /// Currency written at `pos` (after a number); returns its end and code.
  const Currency* currency_at(std::string_view text, size_t pos, size_t& end) const {
    for (const auto& c : currencies) {
      if (!c.post) continue;
      size_t e = match_at(text, pos, c.text);
      if (e != kNpos) {
        end = e;
        return &c;
      }
    }
    return nullptr;
  }
  const Currency* currency_before(std::string_view text, size_t pos, size_t& start) const {
    for (const auto& c : currencies) {
      if (!c.pre) continue;
      size_t s = match_before(text, pos, c.text);
      if (s != kNpos) {
        start = s;
        return &c;
      }
    }
    return nullptr;
  }
  const Currency* currency_named(std::string_view s) const {
    char buf[16];
    std::string_view l = lower_into(s, buf, sizeof buf);
    for (const auto& c : currencies)
      if (c.text == l) return &c;
    return nullptr;
  }
};

namespace {

Result<std::vector<std::vector<std::string>>> read_tsv(const std::filesystem::path& p, size_t min_fields) {
  auto lines = read_lines(p);
  if (!lines) return lines.error();
  std::vector<std::vector<std::string>> rows;
  for (const auto& l : *lines) {
    auto f = split(l, '\t');
    if (f.size() < min_fields) return Error{p.string() + ": too few fields in line: " + l};
    rows.push_back(std::move(f));
  }
  return rows;
}

std::optional<Qualifier> qualifier_named(std::string_view s) {
  if (s == "approx") return Qualifier::kApprox;
  if (s == "at_least") return Qualifier::kAtLeast;
  if (s == "at_most") return Qualifier::kAtMost;
  if (s == "more_than") return Qualifier::kMoreThan;
  if (s == "less_than") return Qualifier::kLessThan;
  if (s == "range") return Qualifier::kRange;
  if (s == "exact" || s == "-") return Qualifier::kExact;
  return std::nullopt;
}

}  // namespace

Result<QuantityAnnotator> QuantityAnnotator::load(const std::filesystem::path& data_dir) {
  auto lex = std::make_shared<Lexicon>();
  auto num = lang::id::Numerals::load(data_dir);
  if (!num) return num.error();
  lex->numerals = std::move(*num);
  const auto dir = data_dir / "quantities";

  auto quals = read_tsv(dir / "qualifiers.tsv", 3);
  if (!quals) return quals.error();
  for (auto& f : *quals) {
    auto q = qualifier_named(f[1]);
    if (!q) return Error{(dir / "qualifiers.tsv").string() + ": unknown qualifier " + f[1]};
    Lexicon::Phrase p{f[0], *q};
    if (f[2] == "pre") lex->pre.push_back(p);
    else if (f[2] == "post") lex->post.push_back(p);
    else if (f[2] == "filler") lex->fillers.push_back(p);
    else if (f[2] == "range_open") lex->range_open.push_back(p);
    else if (f[2] == "range_link") lex->range_link.push_back(p);
    else if (f[2] == "range_link_after_antara") lex->range_link.push_back({f[0], Qualifier::kExact});
    else return Error{(dir / "qualifiers.tsv").string() + ": unknown position " + f[2]};
  }
  auto longest = [](auto& v) {
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.text.size() > b.text.size(); });
  };
  longest(lex->pre);
  longest(lex->post);
  longest(lex->fillers);
  longest(lex->range_link);

  auto cur = read_tsv(dir / "currencies.tsv", 3);
  if (!cur) return cur.error();
  for (auto& f : *cur)
    lex->currencies.push_back({f[0], f[1], f[2] == "pre" || f[2] == "both", f[2] == "post" || f[2] == "both"});
  longest(lex->currencies);

  auto units = read_tsv(dir / "units.tsv", 2);
  if (!units) return units.error();
  for (auto& f : *units) lex->units[f[0]] = f[1];
  auto nc = read_tsv(dir / "noncount.tsv", 2);
  if (!nc) return nc.error();
  for (auto& f : *nc) lex->noncount[f[0]] = f[1];
  auto at = read_tsv(dir / "attribution.tsv", 2);
  if (!at) return at.error();
  for (auto& f : *at) lex->attribution.emplace(f[0], f[1]);  // first class wins
  auto st = read_lines(dir / "stopwords.tsv");
  if (!st) return st.error();
  for (auto& w : *st) lex->stop.insert(w);

  QuantityAnnotator a;
  a.lex_ = std::move(lex);
  return a;
}

namespace {

/// Per-document working view: text, tokens and one sentence.
struct Doc {
  std::string_view text;
  const std::vector<Token>& toks;
  const QuantityAnnotator::Lexicon& lex;

  std::string_view tok(size_t j) const { return toks[j].in(text); }
  std::string_view low(size_t j, char* buf, size_t cap) const { return lower_into(tok(j), buf, cap); }
  bool spaced(size_t j) const {
    if (j == 0 || j >= toks.size()) return false;
    for (uint32_t k = toks[j - 1].end; k < toks[j].start; ++k)
      if (!is_space(text[k])) return false;
    return toks[j].start > toks[j - 1].end;
  }

  /// A word that can head or continue a counted noun phrase.
  bool nounish(size_t j, bool head) const {
    std::string_view t = tok(j);
    if (t.empty() || !is_alpha(t[0])) return false;
    char buf[40];
    std::string_view lw = lower_into(t, buf, sizeof buf);
    if (lw.empty() || lex.stop.count(lw)) return false;
    if (lex.numerals.is_scale(lw)) return false;
    if (const std::string* u = lex.unit(lw); u && *u == "noun") return true;
    if (lex.attribution.count(lw) && !lex.attr(lw, "report_noun") && !lex.attr(lw, "strip")) return false;
    if (lex.noncount_is(lw, "month")) return false;
    if (is_upper(t[0])) {
      // A capitalised head only as an acronym (WNI, TKI); capitalised modifiers are names.
      if (head) return t.size() >= 2 && t.size() <= 6 && is_upper(t[1]);
      return true;
    }
    auto starts = [&](std::string_view p) { return lw.size() >= p.size() + 3 && lw.substr(0, p.size()) == p; };
    if (starts("me") || starts("di") || starts("ber") || starts("ter") || starts("memper") ||
        starts("diper"))
      return false;
    return true;
  }
};

/// Text of tokens [a, b) as written.
std::string token_text(const Doc& d, size_t a, size_t b) {
  if (a >= b) return {};
  return std::string(d.text.substr(d.toks[a].start, d.toks[b - 1].end - d.toks[a].start));
}

/// A token of the sentence that may introduce a claimant.
struct Cue {
  size_t tok;
  char cls;  // 'p' prep, 'v' pre_verb, 'k' post_verb, 'r' report_noun
};

void find_cues(const Doc& d, size_t s0, size_t s1, std::vector<Cue>& cues) {
  cues.clear();
  char buf[40];
  for (size_t j = s0; j < s1; ++j) {
    std::string_view t = d.tok(j);
    if (t.size() < 3 || !is_alpha(t[0])) continue;
    auto it = d.lex.attribution.find(lower_into(t, buf, sizeof buf));
    if (it == d.lex.attribution.end()) continue;
    const std::string& c = it->second;
    char k = c == "prep" ? 'p' : c == "pre_verb" ? 'v' : c == "post_verb" ? 'k' : c == "report_noun" ? 'r' : 0;
    if (k) cues.push_back({j, k});
  }
}

/// Who claims a figure in the window [s0, s1) of its sentence whose number spans tokens [nt, ne).
std::optional<std::string> attributed_body(const Doc& d, const std::vector<Cue>& cues, size_t s0,
                                           size_t s1, size_t nt, size_t ne) {
  const auto& lex = d.lex;
  char buf[40];
  auto is_break = [&](size_t j) {
    std::string_view t = d.tok(j);
    return t == "," || t == ";" || t == ":" || t == "." || t == "\"" || t == "\xE2\x80\x9C" ||
           t == "\xE2\x80\x9D" || t == "(" || t == ")" || t == "\xE2\x80\x94" || t == "-";
  };
  auto clean = [&](size_t a, size_t b) -> std::optional<std::string> {
    while (a < b && (lex.attr(d.low(a, buf, sizeof buf), "strip") || lex.attr(d.low(a, buf, sizeof buf), "trim"))) ++a;
    while (b > a && lex.attr(d.low(b - 1, buf, sizeof buf), "trim")) --b;
    if (a >= b || b - a > 10) return std::nullopt;
    if (b - a == 1 && lex.attr(d.low(a, buf, sizeof buf), "pronoun")) return std::nullopt;
    return token_text(d, a, b);
  };
  auto lo = std::lower_bound(cues.begin(), cues.end(), s0, [](const Cue& c, size_t v) { return c.tok < v; });
  auto hi = std::lower_bound(cues.begin(), cues.end(), s1, [](const Cue& c, size_t v) { return c.tok < v; });
  // 1. "menurut X".
  for (auto c = lo; c != hi; ++c) {
    if (c->cls != 'p') continue;
    size_t a = c->tok + 1, b = a;
    while (b < s1 && b - a < 8 && !is_break(b) && !(b >= nt && b < ne)) {
      std::string_view lw = d.low(b, buf, sizeof buf);
      if (b > a && (lex.attr(lw, "stop") || lex.attr(lw, "pre_verb") || lw == "bahwa")) break;
      ++b;
    }
    if (auto r = clean(a, b)) return r;
  }
  // 2. "X mengatakan (bahwa) … N": the nearest speech verb before the number.
  for (auto c = hi; c != lo;) {
    --c;
    if (c->cls != 'v' || c->tok >= nt) continue;
    size_t v = c->tok, a = v;
    while (a > s0 && !is_break(a - 1) && v - a < 10) {
      std::string_view lw = d.low(a - 1, buf, sizeof buf);
      if (lw == "bahwa" || lex.attr(lw, "pre_verb")) break;
      --a;
    }
    if (v - a >= 10) break;
    if (auto r = clean(a, v)) return r;
    break;
  }
  // 3. "… N, kata X".
  for (auto c = lo; c != hi; ++c) {
    if (c->cls != 'k' || c->tok < ne) continue;
    size_t v = c->tok;
    if (v == 0 || !is_break(v - 1)) continue;
    size_t a = v + 1, b = a;
    if (a < s1 && !d.spaced(a)) break;  // "katanya"
    while (b < s1 && b - a < 6 && !is_break(b) && !lex.attr(d.low(b, buf, sizeof buf), "stop")) ++b;
    if (auto r = clean(a, b)) return r;
    break;
  }
  // 4. "laporan media tentang … N".
  for (auto c = lo; c != hi; ++c) {
    if (c->cls != 'r' || c->tok >= nt) continue;
    size_t j = c->tok;
    for (size_t u = j + 1; u < nt && u <= j + 4; ++u) {
      if (lex.attr(d.low(u, buf, sizeof buf), "report_link")) return token_text(d, j, u);
      if (is_break(u)) break;
    }
  }
  return std::nullopt;
}

}  // namespace

void QuantityAnnotator::annotate(const Analysis& in, std::vector<Quantity>& out) const {
  out.clear();
  if (!lex_) return;
  const Lexicon& lex = *lex_;
  const std::string_view text = in.doc.text;
  const auto& toks = in.text.tokens;
  if (toks.empty()) return;
  Doc d{text, toks, lex};
  std::vector<text::Sentence> whole;
  const std::vector<text::Sentence>* sentences = &in.text.sentences;
  if (sentences->empty()) {
    whole.push_back({{0, uint32_t(text.size())}, 0, uint32_t(toks.size()), 0});
    sentences = &whole;
  }
  char buf[40];
  char buf2[40];
  size_t date_cursor = 0;  // dates are in text order
  std::vector<Cue> cues;

  for (uint32_t si = 0; si < sentences->size(); ++si) {
    const auto& sent = (*sentences)[si];
    const size_t s0 = sent.first_token, s1 = std::min<size_t>(sent.end_token, toks.size());
    const size_t first_q = out.size();
    for (size_t j = s0; j < s1;) {
      if (toks[j].end > text.size()) break;
      std::string_view t = d.tok(j);
      // A dash between clauses is not a minus sign.
      if ((t == "-" || t == "\xE2\x80\x93" || t == "\xE2\x80\x94") && j > s0) {
        ++j;
        continue;
      }
      auto m = lex.numerals.match(text, toks, j);
      if (!m || m->end_token <= j || m->end_token > s1) {
        ++j;
        continue;
      }
      size_t next_j = m->end_token;
      // --- contexts where the number is not a count -----------------------------------
      bool skip = false;
      std::string_view prev = j > s0 ? d.low(j - 1, buf, sizeof buf) : std::string_view{};
      if (!prev.empty() && !m->ordinal && lex.noncount_is(prev, "before")) skip = true;
      if (j > s0 && (prev == "+" || ((prev == "-" || prev == "/") && !d.spaced(j)))) skip = true;  // +62…, Su-35
      if (m->ordinal) {
        std::string_view lw = d.low(j, buf2, sizeof buf2);
        if (lw == "kedua" && prev != "yang" && m->end_token == j + 1) skip = true;  // "kedua" = both
        if (m->end_token < toks.size() && !d.spaced(m->end_token) &&
            m->end_token > j && d.tok(m->end_token) == "nya")
          skip = true;  // keduanya
      }
      while (date_cursor < in.dates.size() && in.dates[date_cursor].span.end <= m->start) ++date_cursor;
      for (size_t di = date_cursor; di < in.dates.size() && in.dates[di].span.start < m->end; ++di)
        if (in.dates[di].span.overlaps(Span{m->start, m->end})) skip = true;
      size_t after = m->end_token;
      if (after < s1) {
        std::string_view nx = d.low(after, buf2, sizeof buf2);
        if (lex.noncount_is(nx, "month") || lex.noncount_is(nx, "after")) skip = true;
      }
      if (m->leading_zero && m->digit_count >= 6) skip = true;  // phone numbers
      if (m->end < text.size() && (text[m->end] == '-' ) && m->leading_zero) skip = true;
      // "satu" in "salah satu" / "satu-satunya" is not a count.
      if (m->words && !m->ordinal && m->value == 1 && (prev == "salah" || !d.spaced(j + 1))) skip = true;
      if (skip) {
        j = std::max(next_j, j + 1);
        continue;
      }

      Quantity q;
      q.sentence = si;
      q.value = m->value;
      if (m->max) q.value_max = *m->max;
      q.number = {m->start, m->end};
      uint32_t start = m->start, end = m->end;
      if (m->ordinal) {
        q.kind = QuantityKind::kOrdinal;
        q.span = {start, end};
        out.push_back(std::move(q));
        j = next_j;
        continue;
      }
      // --- currency ----------------------------------------------------------------------
      const Lexicon::Currency* cur = nullptr;
      if (!m->prefix.empty()) {
        std::string_view p = m->prefix;
        cur = lex.currency_named(p);
        if (!cur && p.size() > 1 && p.back() == '.') cur = lex.currency_named(p.substr(0, p.size() - 1));
      } else {
        size_t cs;
        if (const auto* c = lex.currency_before(text, start, cs); c && cs >= sent.span.start) {
          cur = c;
          start = uint32_t(cs);
        }
      }
      auto post_currency = [&](uint32_t pos, const lang::id::NumberMatch& mm, uint32_t& e) -> const Lexicon::Currency* {
        if (!mm.suffix.empty()) {
          const auto* c = lex.currency_named(mm.suffix);
          if (c) e = mm.end + uint32_t(mm.suffix.size());
          return c;
        }
        size_t ce = 0;
        size_t p = pos;
        if (p < text.size() && is_space(text[p])) p = skip_space(text, p);
        const auto* c = lex.currency_at(text, p, ce);
        if (c) e = uint32_t(ce);
        return c;
      };
      if (!cur) {
        uint32_t ce = end;
        if (const auto* c = post_currency(end, *m, ce)) {
          cur = c;
          end = ce;
        }
      }
      bool year = m->integer_digits && m->digit_count == 4 && m->value >= 1800 && m->value <= 2100 &&
                  m->prefix.empty() && m->scale == 1;
      if (year && !cur) {
        j = next_j;
        continue;
      }
      // --- range: "8.000–10.000", "antara 3.000 dan 5.000", "dari Rp1.000 sampai Rp10.000" -----
      bool range = false, score = false;
      size_t open_start = kNpos;
      for (const auto& p : lex.range_open) {
        size_t s = match_before(text, start, p.text);
        if (s != kNpos && s >= sent.span.start) {
          open_start = s;
          break;
        }
      }
      {
        size_t p = skip_space(text, end);
        for (const auto& link : lex.range_link) {
          if (link.text == "dan" && (open_start == kNpos || lower(text.substr(open_start, 6)) != "antara"))
            continue;
          size_t le = match_at(text, p, link.text);
          if (le == kNpos) continue;
          size_t p2 = skip_space(text, le);
          const Lexicon::Currency* cur2 = nullptr;
          size_t cs2 = p2;
          for (const auto& c : lex.currencies) {
            if (!c.pre) continue;
            size_t ce = match_at(text, p2, c.text);
            if (ce != kNpos) {
              cur2 = &c;
              cs2 = skip_space(text, ce);
              break;
            }
          }
          size_t k = token_at(toks, p2);
          if (k >= s1 || toks[k].start != p2) break;
          auto m2 = lex.numerals.match(text, toks, k);
          if (!m2 && cur2) {
            size_t k2 = token_at(toks, cs2);
            if (k2 < s1 && toks[k2].start == cs2) m2 = lex.numerals.match(text, toks, k2);
          }
          if (!m2 || m2->ordinal || m2->value < 0 || m2->end_token > s1) break;
          double lo = q.value, hi = m2->value;
          if (m->scale == 1 && m2->scale > 1 && lo * m2->scale <= hi) lo *= m2->scale;
          if (hi <= lo) {
            // "menang 3-0", "skor 2-1": a score, not a range and not a count.
            if (link.text == "-" || link.text == "\xE2\x80\x93") {
              score = true;
              next_j = m2->end_token;
            }
            break;
          }
          uint32_t e2 = m2->end;
          const Lexicon::Currency* cur3 = nullptr;
          if (!m2->prefix.empty()) cur3 = lex.currency_named(m2->prefix);
          uint32_t ce = e2;
          if (!cur3) cur3 = post_currency(e2, *m2, ce);
          if (cur3) e2 = std::max(e2, ce);
          if (!cur) cur = cur3 ? cur3 : cur2;
          range = true;
          q.value = lo;
          q.value_max = hi;
          end = e2;
          next_j = m2->end_token;
          if (cur3) next_j = std::max<size_t>(next_j, token_at(toks, e2));
          if (open_start != kNpos) start = uint32_t(open_start);
          break;
        }
      }
      if (score) {
        j = std::max(next_j, j + 1);
        continue;
      }
      // --- qualifiers ------------------------------------------------------------------------
      if (range || m->max) {
        q.qualifier = Qualifier::kRange;
        if (m->max && !range) q.value_max = *m->max;
      }
      {
        size_t pos = start;
        for (int round = 0; round < 3; ++round) {
          bool found = false;
          for (const auto& p : lex.pre) {
            size_t s = match_before(text, pos, p.text);
            if (s != kNpos && s >= sent.span.start) {
              if (!m->max && !range) q.qualifier = p.qualifier;
              start = uint32_t(s);
              found = true;
              break;
            }
          }
          if (found) break;
          bool filler = false;
          for (const auto& p : lex.fillers) {
            size_t s = match_before(text, pos, p.text);
            if (s != kNpos && s >= sent.span.start) {
              pos = s;
              filler = true;
              break;
            }
          }
          if (!filler) break;
        }
      }
      // Post qualifiers: "10.000-an", "10.000 lebih".
      if (!range && q.qualifier == Qualifier::kExact) {
        size_t e = match_at(text, end, "-an");
        if (e != kNpos) {
          q.qualifier = Qualifier::kApprox;
          end = uint32_t(e);
          next_j = std::max(next_j, token_at(toks, e));
        } else if (next_j < s1 && d.spaced(next_j) && d.low(next_j, buf, sizeof buf) == "lebih") {
          std::string_view nn = next_j + 1 < s1 ? d.low(next_j + 1, buf2, sizeof buf2) : std::string_view{};
          if (nn != "dari" && nn != "banyak" && nn != "besar" && nn != "kecil" && nn != "tinggi" &&
              nn != "rendah" && nn != "murah" && nn != "mahal" && nn != "baik" && nn != "sedikit" &&
              nn != "cepat" && nn != "lama" && nn != "awal" && nn != "dulu") {
            q.qualifier = Qualifier::kMoreThan;
            end = toks[next_j].end;
            ++next_j;
          }
        }
      }
      // --- kind and unit ----------------------------------------------------------------------
      if (cur) {
        q.kind = QuantityKind::kMoney;
        q.unit = cur->code;
        q.unit_head = lower(cur->code);
        if (cur->code == "IDR" && m->scale_glued_m) {
          q.value *= 1000;
          if (q.value_max) *q.value_max *= 1000;
        }
        next_j = std::max(next_j, token_at(toks, end));
      } else {
        std::string_view suf = m->suffix;
        const std::string* su = suf.empty() ? nullptr : lex.unit(lower_into(suf, buf, sizeof buf));
        if (su && *su == "measure") {
          q.kind = QuantityKind::kMeasure;
          q.unit = lower(suf);
          q.unit_head = q.unit;
          end = m->end + uint32_t(suf.size());
        } else if (!suf.empty()) {
          j = std::max(next_j, j + 1);  // "10a", "3D": not a quantity
          continue;
        } else if (end < text.size() && text[end] == '%') {
          q.kind = QuantityKind::kPercent;
          q.unit = "%";
          q.unit_head = "persen";
          ++end;
          next_j = std::max(next_j, token_at(toks, end));
        } else if (next_j < s1 && (d.spaced(next_j) || d.tok(next_j) == "%")) {
          std::string_view lw = d.low(next_j, buf, sizeof buf);
          const std::string* u = lex.unit(lw);
          if (u && *u == "percent") {
            q.kind = QuantityKind::kPercent;
            q.unit = "%";
            q.unit_head = "persen";
            end = toks[next_j].end;
            ++next_j;
          } else if (u && *u == "measure") {
            q.kind = QuantityKind::kMeasure;
            q.unit = std::string(lw);
            q.unit_head = q.unit;
            end = toks[next_j].end;
            ++next_j;
          } else {
            // Counted noun phrase: [classifier] head {lower-case modifier | Name | buatan/dari Name}.
            size_t h = next_j;
            if (u && *u == "classifier" && h + 1 < s1 && d.spaced(h + 1) && d.nounish(h + 1, true)) ++h;
            if (d.nounish(h, true)) {
              size_t e = h + 1;
              int lower_mods = 0;
              while (e < s1 && d.spaced(e)) {
                std::string_view w = d.tok(e);
                if (w.empty()) break;
                char lb[40];
                std::string_view lw2 = lower_into(w, lb, sizeof lb);
                bool name_follows = e + 1 < s1 && d.spaced(e + 1) && is_upper(d.tok(e + 1)[0]);
                if ((lw2 == "dari" || lw2 == "asal") && name_follows) {
                  ++e;
                  continue;
                }
                if (is_upper(w[0])) {
                  if (!d.nounish(e, false)) break;
                  ++e;
                  continue;
                }
                if (lower_mods >= 2 || !d.nounish(e, false)) break;
                // Not across a following number ("tentara 5.000 …").
                ++lower_mods;
                ++e;
              }
              // Do not end on a connector.
              while (e > h + 1) {
                std::string_view lw3 = d.low(e - 1, buf2, sizeof buf2);
                if (lw3 == "dari" || lw3 == "asal") --e;
                else break;
              }
              q.unit = token_text(d, h, e);
              q.unit_head = lower(d.tok(h));
              end = toks[e - 1].end;
              next_j = e;
            }
          }
        }
      }
      q.span = {start, end};
      out.push_back(std::move(q));
      j = std::max(next_j, j + 1);
    }

    // --- ellipsis: "8.000 dari 10.000 tentara", then "sekitar 8.000" after "10.000 tentara" ----
    for (size_t k = first_q; k < out.size(); ++k) {
      Quantity& q = out[k];
      if (q.kind != QuantityKind::kCount || !q.unit.empty()) continue;
      if (k + 1 < out.size() && out[k + 1].kind == QuantityKind::kCount && !out[k + 1].unit.empty()) {
        size_t e = match_at(text, skip_space(text, q.span.end), "dari");
        if (e != kNpos) {
          size_t p = skip_space(text, e);
          size_t e2 = match_at(text, p, "total");
          if (e2 != kNpos) p = skip_space(text, e2);
          if (p <= out[k + 1].span.start && out[k + 1].span.start - p <= 20) {
            q.unit = out[k + 1].unit;
            q.unit_head = out[k + 1].unit_head;
            q.antecedent = int(k + 1);
            continue;
          }
        }
      }
      for (size_t b = k; b-- > 0;) {
        const Quantity& a = out[b];
        if (a.sentence + 1 < si) break;
        if (a.kind == QuantityKind::kCount && !a.unit.empty()) {
          q.unit = a.unit;
          q.unit_head = a.unit_head;
          q.antecedent = a.antecedent >= 0 ? a.antecedent : int(b);
          break;
        }
      }
    }

    // --- claimant, quote and date ----------------------------------------------------------
    if (out.size() > first_q) find_cues(d, s0, s1, cues);
    for (size_t k = first_q; k < out.size(); ++k) {
      Quantity& q = out[k];
      for (size_t qi = 0; qi < in.quotes.size(); ++qi) {
        if (in.quotes[qi].span.contains(q.number) || in.quotes[qi].span.overlaps(q.number)) {
          q.quote = int(qi);
          q.claimant = in.quotes[qi].speaker;
          break;
        }
      }
      if (q.quote < 0) {
        size_t nt = token_at(toks, q.number.start), ne = token_at(toks, q.span.end);
        // A window around the number keeps this linear on run-on "sentences".
        size_t w0 = std::max(s0, nt > 60 ? nt - 60 : 0), w1 = std::min(s1, ne + 60);
        q.claimant = attributed_body(d, cues, w0, w1, nt, std::max(ne, nt + 1));
      }
      const DateMention* best = nullptr;
      uint32_t best_dist = UINT32_MAX;
      size_t first_date = size_t(
          std::partition_point(in.dates.begin(), in.dates.end(),
                               [&](const DateMention& x) { return x.span.start < sent.span.start; }) -
          in.dates.begin());
      for (size_t di = first_date; di < in.dates.size(); ++di) {
        const auto& dm = in.dates[di];
        if (dm.span.start >= sent.span.end) break;
        if (!sent.span.contains(dm.span) || dm.value.empty()) continue;
        if (dm.timex_type == "DURATION" || dm.timex_type == "SET") continue;
        if (dm.grain == Grain::kDuration || dm.grain == Grain::kSet) continue;
        uint32_t dist = dm.span.end <= q.span.start ? q.span.start - dm.span.end
                        : dm.span.start >= q.span.end ? dm.span.start - q.span.end : 0;
        if (dist < best_dist) {
          best_dist = dist;
          best = &dm;
        }
      }
      // "kini", "saat ini" (PRESENT_REF): the figure holds as of the publication date.
      if (best && !(best->value == "PRESENT_REF" && in.published.date)) q.date = best->value;
      else if (in.published.date) q.date = in.published.date;
    }
  }
}

}  // namespace kabar::extract
