#include "kabar/extract/provenance.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "kabar/core/data_dir.h"
#include "kabar/core/utf8.h"

namespace kabar::extract {

namespace fs = std::filesystem;

namespace {

struct Hash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using Map = std::unordered_map<std::string, std::string, Hash, std::equal_to<>>;
using Set = std::unordered_set<std::string, Hash, std::equal_to<>>;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view s) {
  auto sp = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && sp(s.front())) s.remove_prefix(1);
  while (!s.empty() && sp(s.back())) s.remove_suffix(1);
  // U+00A0 no-break spaces at either end.
  while (s.size() >= 2 && s.substr(0, 2) == "\xC2\xA0") s.remove_prefix(2);
  while (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s.remove_suffix(2);
  return s;
}

// Byte classes of the scans below, as tables: ASCII letters and digits (std::isalnum in the "C"
// locale) and the bytes of a word (those, UTF-8 bytes, '.' and '-').
constexpr std::array<bool, 256> make_alnum_table() {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c)
    t[size_t(c)] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return t;
}
constexpr std::array<bool, 256> kAlnum = make_alnum_table();
constexpr std::array<bool, 256> make_word_table() {
  std::array<bool, 256> t = kAlnum;
  for (int c = 0x80; c < 256; ++c) t[size_t(c)] = true;
  t['.'] = t['-'] = true;
  return t;
}
constexpr std::array<bool, 256> kWordByte = make_word_table();

inline bool is_word_byte(unsigned char c) { return kWordByte[c]; }

}  // namespace

struct ProvenanceReader::Lexicon {
  Map outlets;                  // lower-case signature → canonical
  std::vector<std::pair<std::string, std::string>> outlet_prefixes;  // lower-case brand → canonical
  Map wires;                    // alias (case-sensitive) → canonical
  std::array<bool, 256> wire_first{};  // first bytes of the aliases
  Set wire_is_outlet;           // canonical names flagged "outlet"
  Set cues, after_cues;         // lower-case
  Map labels;                   // lower-case label → byline|other
  size_t max_outlet_words = 1, max_wire_words = 1;
};

namespace {

using Lex = ProvenanceReader::Lexicon;

size_t words_in(std::string_view s) { return 1 + size_t(std::count(s.begin(), s.end(), ' ')); }

// Dash separators of a dateline: " - ", " – ", " — ", " -- ".
bool dash_at(std::string_view line, size_t i, size_t& len) {
  static const std::string_view kDashes[] = {"--", "\xE2\x80\x93", "\xE2\x80\x94", "-"};
  for (std::string_view d : kDashes) {
    if (line.substr(i, d.size()) == d) {
      len = d.size();
      return true;
    }
  }
  return false;
}

std::optional<std::string> outlet_of(const Lex& lex, std::string_view s) {
  s = trim(s);
  while (!s.empty() && (s.back() == '.' || s.back() == ',')) s.remove_suffix(1);
  std::string l = lower(s);
  auto it = lex.outlets.find(l);
  if (it != lex.outlets.end()) return it->second;
  // A brand and a desk written as one camel-case word ("detikSulsel", "detikSport"): the brand's
  // prefix as listed, then an upper-case ASCII letter and only ASCII letters or digits.
  for (const auto& [prefix, canon] : lex.outlet_prefixes) {
    if (s.size() <= prefix.size() + 1 || l.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string_view desk = s.substr(prefix.size());
    if (!(desk[0] >= 'A' && desk[0] <= 'Z')) continue;
    if (std::all_of(desk.begin(), desk.end(), [](char c) { return kAlnum[(unsigned char)c]; })) return canon;
  }
  return std::nullopt;
}

// A place name as written in a dateline: 1–3 words, each starting with an upper-case letter.
bool looks_like_place(std::string_view s) {
  s = trim(s);
  if (s.empty() || s.size() > 40) return false;
  size_t words = 0;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size()) break;
    if (!utf8::starts_upper(s.substr(i, 4))) return false;
    ++words;
    while (i < s.size() && s[i] != ' ') {
      unsigned char c = s[i];
      if (std::isdigit(c) || c == '(' || c == ')' || c == ':' || c == '|' || c == '/') return false;
      ++i;
    }
  }
  return words >= 1 && words <= 3;
}

// True when every ASCII letter is upper-case ("SUNGAI PENUH"), as datelines are written.
bool all_capitals(std::string_view s) {
  bool letter = false;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    letter |= c >= 'A' && c <= 'Z';
  }
  return letter;
}

bool person_name(std::string_view s) {
  s = trim(s);
  if (s.size() < 3 || s.size() > 60) return false;
  size_t words = 0;
  for (size_t i = 0; i < s.size();) {
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size()) break;
    if (!utf8::starts_upper(s.substr(i, 4))) return false;
    ++words;
    while (i < s.size() && s[i] != ' ') {
      if (std::isdigit((unsigned char)s[i])) return false;
      ++i;
    }
  }
  return words >= 1 && words <= 5;
}

bool initials_like(std::string_view s) {
  if (s.empty() || s.size() > 12) return false;
  size_t letters = 0;
  for (char c : s) {
    if (std::isalpha((unsigned char)c)) ++letters;
    else if (c != '/' && c != '-') return false;
  }
  if (letters < 2) return false;
  // "bbn", "SB", "ant/bbn": no inner capitalised word of 4+ letters (that would be a name).
  size_t run = 0;
  for (char c : s) {
    run = std::isalpha((unsigned char)c) ? run + 1 : 0;
    if (run > 5) return false;
  }
  return true;
}

class ProvRun {
 public:
  ProvRun(const Lex& lex, const Analysis& in, Provenance& out) : lex_(lex), in_(in), t_(in.doc.text), out_(out) {}

  void go() {
    out_ = Provenance{};
    lines();
    if (in_.doc.meta.outlet && !trim(*in_.doc.meta.outlet).empty()) {
      auto o = outlet_of(lex_, *in_.doc.meta.outlet);
      out_.outlet = o ? *o : std::string(trim(*in_.doc.meta.outlet));
    }
    if (in_.doc.meta.author && !trim(*in_.doc.meta.author).empty()) out_.byline = std::string(trim(*in_.doc.meta.author));
    dateline();
    credit_lines();
    sign_off();
    outlet_in_text();
    wires();
    if (out_.outlet) {
      // The outlet is not its own wire ("Jakarta (ANTARA) -" in Antara's own report).
      std::erase(out_.wires, *out_.outlet);
    }
  }

 private:
  struct Line {
    size_t start, end;
  };

  void lines() {
    size_t i = 0;
    while (i <= t_.size()) {
      size_t nl = t_.find('\n', i);
      if (nl == std::string_view::npos) nl = t_.size();
      std::string_view l = t_.substr(i, nl - i);
      std::string_view tl = trim(l);
      if (!tl.empty()) {
        size_t s = size_t(tl.data() - t_.data());
        lines_.push_back({s, s + tl.size()});
      }
      i = nl + 1;
    }
  }
  std::string_view line(size_t k) const { return t_.substr(lines_[k].start, lines_[k].end - lines_[k].start); }
  void evidence(size_t start, size_t end) { out_.evidence.push_back({uint32_t(start), uint32_t(end)}); }

  // "JAKARTA, KOMPAS.com -", "TEMPO.CO, Jakarta -", "MOSKOW (AFP) -", "SEOUL –",
  // "KONTAN.CO.ID - JAKARTA.", "Jakarta, CNN Indonesia --" in the first lines of the body.
  void dateline() {
    const size_t limit = std::min<size_t>(lines_.size(), 8);
    for (size_t k = 0; k < limit; ++k) {
      std::string_view l = line(k);
      if (in_.doc.meta.title && trim(*in_.doc.meta.title) == l) continue;
      size_t dash = std::string_view::npos, dlen = 0;
      for (size_t i = 1; i + 1 < l.size() && i < 60; ++i) {
        if (l[i - 1] == ' ' && dash_at(l, i, dlen) && i + dlen < l.size() && l[i + dlen] == ' ') {
          dash = i;
          break;
        }
      }
      if (dash == std::string_view::npos) continue;
      std::string_view head = trim(l.substr(0, dash));
      std::string_view rest = l.substr(dash + dlen);
      if (head.empty() || trim(rest).size() < 20) continue;
      const size_t base = lines_[k].start;
      auto off = [&](std::string_view part) { return size_t(part.data() - t_.data()); };
      std::optional<std::string> outlet, place;
      size_t place_at = 0, outlet_at = 0;
      std::string_view place_sv, outlet_sv;
      // "CITY (AGENCY)"
      if (head.back() == ')') {
        size_t open = head.rfind('(');
        if (open == std::string_view::npos) continue;
        std::string_view city = trim(head.substr(0, open));
        std::string_view agency = trim(head.substr(open + 1, head.size() - open - 2));
        if (!looks_like_place(city)) continue;
        place_sv = city;
        if (auto w = wire_of(agency)) {
          if (lex_.wire_is_outlet.count(*w)) outlet = *w, outlet_sv = agency;
          else add_wire(*w, off(agency), off(agency) + agency.size());
        } else if (auto o = outlet_of(lex_, agency)) {
          outlet = *o, outlet_sv = agency;
        } else {
          continue;
        }
      } else {
        std::string_view parts[3];
        size_t n = 0;
        std::string_view h = head;
        while (n < 3) {
          size_t comma = h.find(',');
          parts[n++] = trim(h.substr(0, comma));
          if (comma == std::string_view::npos) break;
          h = h.substr(comma + 1);
        }
        if (n > 2) continue;
        bool ok = true;
        for (size_t p = 0; p < n; ++p) {
          if (auto o = outlet_of(lex_, parts[p]); o && !outlet) outlet = *o, outlet_sv = parts[p];
          else if (looks_like_place(parts[p]) && place_sv.empty()) place_sv = parts[p];
          else ok = false;
        }
        if (!ok) continue;
        // "KONTAN.CO.ID - JAKARTA." : the place follows the dash.
        if (outlet && place_sv.empty()) {
          std::string_view r = trim(rest);
          size_t dot = r.find('.');
          if (dot != std::string_view::npos && dot < 30 && looks_like_place(r.substr(0, dot))) place_sv = r.substr(0, dot);
        }
        // A lone title-case word before a dash could be a headline: require capitals or a comma.
        if (!outlet && n == 1 && k == 0 && !in_.doc.meta.title && !all_capitals(place_sv)) continue;
      }
      (void)base;
      (void)place_at;
      (void)outlet_at;
      if (!place_sv.empty()) {
        out_.dateline = std::string(place_sv);
        evidence(off(place_sv), off(place_sv) + place_sv.size());
      }
      if (outlet) {
        if (!out_.outlet) out_.outlet = outlet;
        evidence(off(outlet_sv), off(outlet_sv) + outlet_sv.size());
      }
      return;
    }
  }

  // "Penulis: …", "Reporter: … | Editor: …", "Pewarta: …".
  void credit_lines() {
    for (size_t k = 0; k < lines_.size(); ++k) {
      std::string_view l = line(k);
      if (l.size() > 200) continue;
      size_t pos = 0;
      while (pos < l.size()) {
        size_t colon = l.find(':', pos);
        if (colon == std::string_view::npos || colon - pos > 20) break;
        std::string label = lower(trim(l.substr(pos, colon - pos)));
        auto it = lex_.labels.find(label);
        if (it == lex_.labels.end()) break;
        // Credits share a line, separated by '|' or '/' ("Rep: Nama/ Red: Nama").
        size_t bar = l.find_first_of("|/", colon);
        std::string_view value = trim(l.substr(colon + 1, (bar == std::string_view::npos ? l.size() : bar) - colon - 1));
        if (it->second == "byline" && !out_.byline && person_name(value)) {
          out_.byline = std::string(value);
          size_t s = size_t(value.data() - t_.data());
          evidence(s, s + value.size());
        }
        if (bar == std::string_view::npos) break;
        pos = bar + 1;
        while (pos < l.size() && l[pos] == ' ') ++pos;
      }
    }
  }

  // Trailing "(Nama)", "(Kompas.com/Nama)", "(Antara/Nama)", "(bbn)", "[SB]", or a bare outlet name.
  void sign_off() {
    if (lines_.empty()) return;
    std::string_view last = line(lines_.size() - 1);
    // The sign-off may end the last paragraph ("… di Ukraina. [SB]").
    char close = last.back();
    if (close == ')' || close == ']') {
      char open = close == ')' ? '(' : '[';
      size_t o = last.rfind(open);
      if (o != std::string_view::npos && last.size() - o <= 64) {
        std::string_view inner = trim(last.substr(o + 1, last.size() - o - 2));
        size_t s = size_t(inner.data() - t_.data());
        size_t slash = inner.find('/');
        if (initials_like(inner)) {
          out_.initials = std::string(inner);
          evidence(s, s + inner.size());
          return;
        }
        if (slash != std::string_view::npos) {
          std::string_view who = inner.substr(0, slash), name = trim(inner.substr(slash + 1));
          auto o2 = outlet_of(lex_, who);
          if (!o2) {
            if (auto w = wire_of(trim(who)); w && lex_.wire_is_outlet.count(*w)) o2 = *w;
          }
          if (o2 && person_name(name)) {
            if (!out_.outlet) out_.outlet = *o2;
            if (!out_.byline) out_.byline = std::string(name);
            evidence(s, s + inner.size());
            return;
          }
        }
        if (o == 0 && person_name(inner) && !outlet_of(lex_, inner)) {
          if (!out_.byline) out_.byline = std::string(inner);
          evidence(s, s + inner.size());
          return;
        }
      }
    }
    // A last line that is only an outlet name ("Kerinci Ekspres").
    if (last.size() < 40) {
      if (auto o = outlet_of(lex_, last)) {
        if (!out_.outlet) out_.outlet = *o;
        size_t s = size_t(last.data() - t_.data());
        evidence(s, s + last.size());
      }
    }
  }

  // "kepada Detik.com", "dihubungi Kompas.com": the outlet the speaker talked to.
  void outlet_in_text() {
    if (out_.outlet) return;
    static const std::string_view kCues[] = {"kepada ", "dihubungi ", "diwawancarai "};
    std::string low = lower(t_);
    for (std::string_view c : kCues) {
      size_t p = 0;
      while ((p = low.find(c, p)) != std::string::npos) {
        size_t s = p + c.size();
        size_t e = s;
        while (e < t_.size() && is_word_byte((unsigned char)t_[e])) ++e;
        std::string_view w = t_.substr(s, e - s);
        while (!w.empty() && (w.back() == '.' || w.back() == '-')) w.remove_suffix(1);
        // Domain-like signatures ("Detik.com") or a brand that starts in lower case ("detikcom",
        // "detikSulsel"), never a capitalised name that may be a wire the outlet quotes ("kepada
        // Antara").
        const bool lower_brand = !w.empty() && w[0] >= 'a' && w[0] <= 'z' &&
                                 std::all_of(w.begin(), w.end(), [](char ch) { return kAlnum[(unsigned char)ch]; });
        if (w.find('.') != std::string_view::npos || lower_brand) {
          if (auto o = outlet_of(lex_, w)) {
            out_.outlet = *o;
            evidence(s, s + w.size());
            return;
          }
        }
        p = s;
      }
    }
  }

  std::optional<std::string> wire_of(std::string_view s) const {
    auto it = lex_.wires.find(s);
    if (it != lex_.wires.end()) return it->second;
    return std::nullopt;
  }

  void add_wire(const std::string& canon, size_t s, size_t e) {
    if (std::find(out_.wires.begin(), out_.wires.end(), canon) == out_.wires.end()) out_.wires.push_back(canon);
    evidence(s, e);
  }

  // Agencies cited as a source: an alias with a cue word shortly before it in the same sentence
  // ("Dilansir AFP", "menurut kantor berita Antara") or a report verb right after it.
  void wires() {
    const size_t n = t_.size();
    size_t i = 0;
    while (i < n) {
      if (!is_word_byte((unsigned char)t_[i]) || t_[i] == '.' || t_[i] == '-') {
        ++i;
        continue;
      }
      if (i > 0 && is_word_byte((unsigned char)t_[i - 1]) && t_[i - 1] != '.' && t_[i - 1] != '-') {
        ++i;
        continue;
      }
      // Longest alias starting here (1..max words); none unless an alias begins with this byte.
      size_t best_end = 0;
      std::string canon;
      size_t e = i;
      const size_t max_words = lex_.wire_first[(unsigned char)t_[i]] ? lex_.max_wire_words : 0;
      for (size_t w = 0; w < max_words; ++w) {
        while (e < n && (kAlnum[(unsigned char)t_[e]] || (unsigned char)t_[e] >= 0x80 || t_[e] == '-')) ++e;
        if (auto c = wire_of(t_.substr(i, e - i))) best_end = e, canon = *c;
        if (e >= n || t_[e] != ' ') break;
        ++e;
      }
      if (best_end == 0) {
        while (i < n && is_word_byte((unsigned char)t_[i])) ++i;
        continue;
      }
      if (cited(i, best_end) && !inside_outlet_name(i, best_end)) add_wire(canon, i, best_end);
      i = best_end;
    }
  }

  bool inside_outlet_name(size_t s, size_t e) const {
    // "CNN Indonesia", "BBC News Indonesia": an outlet signature starting at the alias.
    for (size_t len = e - s + 1; len <= 24 && s + len <= t_.size(); ++len) {
      if (s + len < t_.size() && is_word_byte((unsigned char)t_[s + len]) && t_[s + len] != '.') continue;
      if (len > e - s && lex_.outlets.count(lower(t_.substr(s, len)))) return true;
    }
    return false;
  }

  bool cited(size_t s, size_t e) const {
    // Inside a dateline "(AFP)" is handled by dateline(); here: cue words before, within the
    // sentence and at most 6 words back.
    size_t p = s;
    for (int w = 0; w < 6 && p > 0; ++w) {
      size_t we = p;
      while (we > 0 && (t_[we - 1] == ' ' || t_[we - 1] == ',')) --we;
      if (we == 0 || t_[we - 1] == '.' || t_[we - 1] == '\n' || t_[we - 1] == '!' || t_[we - 1] == '?' ||
          t_[we - 1] == '"')
        break;
      size_t ws = we;
      while (ws > 0 && t_[ws - 1] != ' ' && t_[ws - 1] != '\n' && t_[ws - 1] != ',') --ws;
      std::string word = lower(t_.substr(ws, we - ws));
      if (lex_.cues.count(word)) return true;
      p = ws;
    }
    size_t a = e;
    while (a < t_.size() && t_[a] == ' ') ++a;
    size_t b = a;
    while (b < t_.size() && std::isalpha((unsigned char)t_[b])) ++b;
    return lex_.after_cues.count(lower(t_.substr(a, b - a))) > 0;
  }

  const Lex& lex_;
  const Analysis& in_;
  std::string_view t_;
  Provenance& out_;
  std::vector<Line> lines_;
};

}  // namespace

Result<ProvenanceReader> ProvenanceReader::load(const fs::path& data_dir) {
  auto lex = std::make_shared<Lexicon>();
  const fs::path dir = data_dir / "provenance";
  {
    auto lines = read_lines(dir / "outlets.tsv");
    if (!lines) return lines.error();
    for (const auto& l : *lines) {
      auto f = split(l, '\t');
      if (f.size() < 2) return Error{(dir / "outlets.tsv").string() + ": expected signature<TAB>canonical in '" + l + "'"};
      if (f[0].size() > 1 && f[0].back() == '*') {
        lex->outlet_prefixes.emplace_back(lower(f[0].substr(0, f[0].size() - 1)), f[1]);
        continue;
      }
      lex->outlets.emplace(lower(f[0]), f[1]);
      lex->max_outlet_words = std::max(lex->max_outlet_words, words_in(f[0]));
    }
  }
  {
    auto lines = read_lines(dir / "wires.tsv");
    if (!lines) return lines.error();
    for (const auto& l : *lines) {
      auto f = split(l, '\t');
      if (f.size() < 2) return Error{(dir / "wires.tsv").string() + ": expected alias<TAB>canonical in '" + l + "'"};
      lex->wires.emplace(f[0], f[1]);
      if (!f[0].empty()) lex->wire_first[static_cast<unsigned char>(f[0][0])] = true;
      lex->max_wire_words = std::max(lex->max_wire_words, words_in(f[0]));
      if (f.size() > 2 && f[2] == "outlet") lex->wire_is_outlet.insert(f[1]);
    }
  }
  for (auto [name, set] : {std::pair{"wire_cues.txt", &lex->cues}, std::pair{"wire_after_cues.txt", &lex->after_cues}}) {
    auto lines = read_lines(dir / name);
    if (!lines) return lines.error();
    for (const auto& l : *lines) set->insert(lower(l));
  }
  {
    auto lines = read_lines(dir / "byline_labels.tsv");
    if (!lines) return lines.error();
    for (const auto& l : *lines) {
      auto f = split(l, '\t');
      if (f.size() < 2) return Error{(dir / "byline_labels.tsv").string() + ": expected label<TAB>field in '" + l + "'"};
      lex->labels.emplace(lower(f[0]), f[1]);
    }
  }
  ProvenanceReader r;
  r.lex_ = std::move(lex);
  return r;
}

void ProvenanceReader::annotate(const Analysis& in, Provenance& out) const {
  out = Provenance{};
  if (!lex_) return;
  ProvRun run(*lex_, in, out);
  run.go();
}

}  // namespace kabar::extract
