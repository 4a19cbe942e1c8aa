#include "kabar/lang/id/stemmer.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "kabar/core/data_dir.h"

namespace kabar::lang::id {

namespace {

struct SvHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
using StrSet = std::unordered_set<std::string, SvHash, std::equal_to<>>;
using StrMap = std::unordered_map<std::string, std::string, SvHash, std::equal_to<>>;

bool is_vowel(char c) { return c == 'a' || c == 'i' || c == 'u' || c == 'e' || c == 'o'; }
bool is_consonant(char c) { return c >= 'a' && c <= 'z' && !is_vowel(c); }
bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

constexpr size_t kMinRoot = 3;         // shortest root the stemmer returns after stripping
constexpr size_t kMaxCache = 1 << 18;  // per-thread memo entries before it is cleared
std::atomic<uint64_t> g_next_id{1};

// Kinds of removed prefix; the same kind is never removed twice in a row.
enum class Pk : uint8_t { kNone, kDi, kKe, kSe, kKu, kBer, kTer, kMe, kPe, kInformal };

struct Cand {
  std::string word;
  Pk kind;
};

}  // namespace

struct Stemmer::Impl {
  uint64_t id = 0;
  /// root → weight (hunspell affix-flag count; 0 = listed as taking no affixes).
  std::unordered_map<std::string, uint16_t, SvHash, std::equal_to<>> roots;
  StrMap informal_roots;
  StemmerOptions options;

  bool has(std::string_view w) const { return roots.find(w) != roots.end(); }
  bool has(std::string_view w, bool affixable_only) const {
    auto it = roots.find(w);
    return it != roots.end() && (!affixable_only || it->second > 0);
  }
  int weight(std::string_view w) const {
    auto it = roots.find(w);
    return it == roots.end() ? -1 : it->second;
  }
};

namespace {

// One stemming run over one word: formal or informal mode.
class Run {
 public:
  Run(const Stemmer::Impl& im, bool informal, bool affixable_only)
      : im_(im), informal_(informal), affixable_only_(affixable_only) {}

  std::optional<std::string> analyse(std::string_view w) {
    word_ = w;
    // Inflectional and derivational suffix levels: particle, possessive, derivational.
    std::string l0(w);
    std::string l1 = strip_particle(l0);
    std::string l2 = strip_possessive(l1);
    bool kan = false;
    std::string l3 = strip_derivational(l2, kan);
    std::string lin;
    if (informal_ && ends(l2, "in") && l2.size() >= kMinRoot + 2) lin = l2.substr(0, l2.size() - 2);

    // ECS precedence: be-lah, be-an, di-i, me-i, pe-i, te-i remove prefixes first.
    if (precedence(w)) {
      if (auto r = search(w, 0, Pk::kNone, true, {})) return r;
    }
    for (const std::string* x : {&l1, &l2}) {
      if (auto m = match(*x)) return m;
    }
    if (auto m = match(l3)) {
      // -kan or -an after a root in k: take the heavier root (gerakan → gerak, katakan → kata).
      if (kan && !informal_) {
        std::string k = l3 + "k";
        if (im_.has(k, affixable_only_) && im_.weight(k) > im_.weight(*m)) return k;
      }
      return m;
    }
    if (!lin.empty()) {
      if (auto m = match(lin)) return m;
    }
    {
      auto r = search(l3, 0, Pk::kNone, false, l3 == l2 ? "" : kan ? "kan" : ends(l2, "an") ? "an" : "i");
      // ECS suffix restoration loop: -kan may be -an after a root ending in k (pergerakan →
      // gerak, not gera: the heavier root wins); then put back each removed suffix and try the
      // prefixes again.
      if (kan) {
        auto rk = search(l3 + "k", 0, Pk::kNone, false, "an");
        if (rk && (!r || im_.weight(*rk) > im_.weight(*r))) return rk;
      }
      if (r) return r;
    }
    if (l2 != l3) {
      if (auto r = search(l2, 0, Pk::kNone, false, {})) return r;
    }
    if (l1 != l2) {
      if (auto r = search(l1, 0, Pk::kNone, false, {})) return r;
    }
    if (l0 != l1) {
      if (auto r = search(l0, 0, Pk::kNone, false, {})) return r;
    }
    if (!lin.empty()) {
      if (auto r = search(lin, 0, Pk::kNone, false, {})) return r;
    }
    // Loan suffixes (idealisme, finalisasi, budayawan, karyawati, alamiah, duniawi).
    static constexpr std::array<std::string_view, 6> kLoan = {"isasi", "isme", "wati",
                                                              "wan",   "is",   "iah"};
    for (std::string_view suf : kLoan) {
      if (ends(l2, suf) && l2.size() >= suf.size() + kMinRoot) {
        if (auto r = search(std::string_view(l2).substr(0, l2.size() - suf.size()), 0, Pk::kNone,
                            true, {}))
          return r;
      }
    }
    // Infixes -el- -em- -er- -in- (kinerja, gemetar) and first-syllable reduplication
    // (lelembut, rerata).
    for (const std::string* x : {&l3, &l2, &l0}) {
      if (auto r = infix(*x)) return r;
    }
    return std::nullopt;
  }

 private:
  std::optional<std::string> match(std::string_view x) const {
    if (x.size() < kMinRoot) return std::nullopt;
    if (im_.has(x, affixable_only_)) return std::string(x);
    // Informal spellings only below an affix: a bare word (Biden) is never respelt.
    if (!informal_ || x == word_ || x.size() < 4) return std::nullopt;
    if (auto it = im_.informal_roots.find(x); it != im_.informal_roots.end()) return it->second;
    std::string v;
    if (e_to_a(x, v) && im_.has(v, affixable_only_)) return v;
    if (is_vowel(x[0])) {  // dropped h: adep → hadap, abis → habis
      std::string h = "h";
      h += x;
      if (im_.has(h, affixable_only_)) return h;
      if (e_to_a(h, v) && im_.has(v, affixable_only_)) return v;
    }
    // Dropped schwa in a consonant + r/l cluster: crita → cerita, sebrang → seberang.
    for (size_t i = 0; i + 1 < x.size(); ++i) {
      if (is_consonant(x[i]) && (x[i + 1] == 'r' || x[i + 1] == 'l')) {
        std::string s(x.substr(0, i + 1));
        s += 'e';
        s += x.substr(i + 1);
        if (im_.has(s, affixable_only_)) return s;
        if (e_to_a(s, v) && im_.has(v, affixable_only_)) return v;
      }
    }
    return std::nullopt;
  }

  // Informal final-syllable e for a: temen → teman, cepet → cepat.
  static bool e_to_a(std::string_view y, std::string& out) {
    size_t i = y.find_last_of("aiueo");
    if (i == std::string_view::npos || y[i] != 'e' || i + 1 == y.size() || i == 0) return false;
    out.assign(y);
    out[i] = 'a';
    return true;
  }

  static bool precedence(std::string_view w) {
    // be-kan is no confix: berikan is beri + -kan, not ber- + ikan.
    if (starts(w, "be") && (ends(w, "lah") || (ends(w, "an") && !ends(w, "kan")))) return true;
    return (starts(w, "di") || starts(w, "me") || starts(w, "pe") || starts(w, "te")) &&
           ends(w, "i");
  }

  static std::string strip_particle(const std::string& w) {
    for (std::string_view p : {"lah", "kah", "tah", "pun"}) {
      if (w.size() >= p.size() + 1 + kMinRoot && w[w.size() - p.size() - 1] == '-' && ends(w, p))
        return w.substr(0, w.size() - p.size() - 1);
      if (ends(w, p) && w.size() >= p.size() + kMinRoot) return w.substr(0, w.size() - p.size());
    }
    return w;
  }

  static std::string strip_possessive(const std::string& w) {
    for (std::string_view p : {"nya", "ku", "mu"}) {
      if (w.size() >= p.size() + 1 + kMinRoot && w[w.size() - p.size() - 1] == '-' && ends(w, p))
        return w.substr(0, w.size() - p.size() - 1);
      if (ends(w, p) && w.size() >= p.size() + kMinRoot) return w.substr(0, w.size() - p.size());
    }
    return w;
  }

  // `min_i`: letters -i must leave (4 on a bare word so names such as Hadi, Budi keep their i;
  // 3 below a prefix: mengakui → aku).
  static std::string strip_derivational(const std::string& w, bool& kan, size_t min_i = kMinRoot + 1) {
    if (ends(w, "kan") && w.size() >= 3 + kMinRoot) {
      kan = true;
      return w.substr(0, w.size() - 3);
    }
    if (ends(w, "an") && w.size() >= 2 + kMinRoot) return w.substr(0, w.size() - 2);
    if (ends(w, "i") && w.size() >= 1 + min_i) return w.substr(0, w.size() - 1);
    return w;
  }

  // Depth-first search over prefix removals (at most three), in rule order; at each node the
  // word itself (and, with `suffix_after`, its suffix-stripped forms) is looked up first.
  // ECS/Nazief: confixes that do not exist (be-i, di-an, ke-i, ke-kan, me-an, se-i, se-kan, te-an).
  static bool invalid_confix(Pk prefix, std::string_view suffix) {
    switch (prefix) {
      case Pk::kBer: return suffix == "i";
      case Pk::kDi: return suffix == "an";
      case Pk::kKe: return suffix == "i" || suffix == "kan";
      case Pk::kMe: return suffix == "an";
      case Pk::kSe: return suffix == "i" || suffix == "kan";
      case Pk::kTer: return suffix == "an";
      default: return false;
    }
  }

  // Depth-first search over prefix removals (at most three), in rule order; at each node the
  // word itself (and, with `suffix_after`, below the first prefix, its suffix-stripped forms)
  // is looked up first. `suffix` is the derivational suffix already removed from `s` (checked
  // against the outermost prefix); `outer` the outermost prefix removed so far.
  std::optional<std::string> search(std::string_view s, int depth, Pk last, bool suffix_after,
                                    std::string_view suffix, Pk outer = Pk::kNone) {
    if (auto m = match(s)) return m;
    if (suffix_after && depth > 0) {
      std::string x(s);
      std::string a = strip_particle(x);
      if (a != x) {
        if (auto m = match(a)) return m;
      }
      std::string b = strip_possessive(a);
      if (b != a) {
        if (auto m = match(b)) return m;
      }
      bool kan = false;
      std::string c = strip_derivational(b, kan, kMinRoot);
      if (c != b) {
        std::string_view removed = kan ? "kan" : ends(b, "an") ? "an" : "i";
        if (!invalid_confix(outer, removed)) {
          if (auto m = match(c)) return m;
        }
        if (kan && !invalid_confix(outer, "an")) {
          if (auto m = match(c + "k")) return m;
        }
      }
      if (informal_ && ends(b, "in") && b.size() >= kMinRoot + 2) {
        if (auto m = match(std::string_view(b).substr(0, b.size() - 2))) return m;
      }
    }
    if (depth == 3) return std::nullopt;
    std::vector<Cand> cands;
    prefix_candidates(s, last, cands);
    // Rule alternatives that are roots themselves: the heaviest wins (beragam → ragam, not
    // agam; mengemas → kemas, not emas); ties keep rule order.
    {
      std::optional<std::string> best;
      int best_w = -2;
      for (const Cand& c : cands) {
        if (depth == 0 && invalid_confix(c.kind, suffix)) continue;
        if (auto m = match(c.word)) {
          int w = im_.weight(*m);
          if (w > best_w) {
            best = std::move(m);
            best_w = w;
          }
        }
      }
      if (best) return best;
    }
    for (const Cand& c : cands) {
      if (depth == 0 && invalid_confix(c.kind, suffix)) continue;
      if (auto r = search(c.word, depth + 1, c.kind, suffix_after, suffix,
                          depth == 0 ? c.kind : outer))
        return r;
    }
    return std::nullopt;
  }

  std::optional<std::string> infix(std::string_view x) {
    // Infixes are no longer productive: only short words (kinerja, gemetar, lemigas) are tried,
    // so that names such as Semarang are left alone.
    if (x.size() < 5 || !is_consonant(x[0])) return std::nullopt;
    std::string_view in = x.substr(1, 2);
    if (x.size() <= 7 && (in == "el" || in == "em" || in == "er" || in == "in")) {
      std::string c(1, x[0]);
      c += x.substr(3);
      if (auto r = search(c, 0, Pk::kNone, true, {})) return r;
    }
    if (x[1] == 'e' && x[2] == x[0]) {
      if (auto r = search(x.substr(2), 0, Pk::kNone, true, {})) return r;
    }
    return std::nullopt;
  }

  void prefix_candidates(std::string_view s, Pk last, std::vector<Cand>& out) const {
    const size_t n = s.size();
    auto at = [&](size_t i) -> char { return i < n ? s[i] : '\0'; };
    auto add = [&](Pk k, std::string_view replacement, size_t cut) {
      if (k == last || cut >= n) return;
      std::string w(replacement);
      w += s.substr(cut);
      if (w.size() >= kMinRoot) out.push_back({std::move(w), k});
    };
    if (informal_ && last == Pk::kNone) {  // informal nasals only at the start of the word
      if (starts(s, "nge") && is_consonant(at(3))) {
        add(Pk::kInformal, "", 3);  // ngebuka → buka
      } else if (starts(s, "ng") && is_vowel(at(2))) {
        add(Pk::kInformal, "", 2);  // ngambil → ambil
        add(Pk::kInformal, "k", 2);  // ngorban → korban
      } else if (starts(s, "ny") && is_vowel(at(2))) {
        add(Pk::kInformal, "s", 2);  // nyiram → siram
        add(Pk::kInformal, "c", 2);  // nyoba → coba
      } else if (at(0) == 'n' && is_vowel(at(1))) {
        add(Pk::kInformal, "t", 1);  // nerima → terima
      } else if (at(0) == 'm' && is_vowel(at(1))) {
        add(Pk::kInformal, "p", 1);  // mukul → pukul
      }
    }
    // Plain prefixes and proclitics.
    if (starts(s, "di")) add(Pk::kDi, "", 2);
    if (starts(s, "ke")) add(Pk::kKe, "", 2);
    if (starts(s, "se")) add(Pk::kSe, "", 2);
    if (starts(s, "kau")) {
      add(Pk::kKu, "", 3);
    } else if (starts(s, "ku")) {
      add(Pk::kKu, "", 2);
    }
    // ber- (rules 1-5).
    if (starts(s, "ber")) {
      if (is_vowel(at(3))) {
        add(Pk::kBer, "", 3);   // berambut? ber-ambut
        add(Pk::kBer, "r", 3);  // be-rambut
      } else if (at(3) != 'r') {
        add(Pk::kBer, "", 3);  // bersuara
      }
    } else if (starts(s, "be")) {
      if (starts(s, "belajar")) add(Pk::kBer, "", 3);  // belajar → ajar
      if (is_consonant(at(2)) && at(2) != 'l' && at(3) == 'e' && at(4) == 'r' &&
          is_consonant(at(5)))
        add(Pk::kBer, "", 2);  // bekerja, beternak
    }
    // ter- (rules 6-9).
    if (starts(s, "ter")) {
      if (is_vowel(at(3))) {
        add(Pk::kTer, "", 3);
        add(Pk::kTer, "r", 3);
      } else if (at(3) != 'r') {
        add(Pk::kTer, "", 3);
      }
    } else if (starts(s, "te") && is_consonant(at(2)) && at(3) == 'e' && at(4) == 'r' &&
               is_consonant(at(5))) {
      add(Pk::kTer, "", 2);  // teterbang
    }
    // me- (rules 10-19, with ECS and loanword modifications).
    if (starts(s, "me")) {
      const char c2 = at(2);
      if (c2 == 'l' || c2 == 'r' || c2 == 'w' || c2 == 'y') {
        if (is_vowel(at(3))) add(Pk::kMe, "", 2);  // melipat, meringkas, mewarnai, meyakinkan
      } else if (c2 == 'm') {
        const char c3 = at(3);
        if (c3 == 'b' || c3 == 'f' || c3 == 'v' || c3 == 'p') {
          add(Pk::kMe, "", 3);  // membangun, memfitnah, memvonis, mempengaruhi, memproteksi
        } else if (is_vowel(c3)) {
          add(Pk::kMe, "m", 3);  // meminum
          add(Pk::kMe, "p", 3);  // memukul
        }
      } else if (c2 == 'n') {
        const char c3 = at(3);
        if (c3 == 'g') {
          const char c4 = at(4);
          if (c4 == 'g' || c4 == 'h' || c4 == 'q' || c4 == 'k' || c4 == 'x') {
            add(Pk::kMe, "", 4);  // menggila, menghajar, mengqasar, mengkritik
          } else if (is_vowel(c4)) {
            add(Pk::kMe, "", 4);   // mengudara
            add(Pk::kMe, "k", 4);  // mengupas
            if (c4 == 'e' && is_consonant(at(5))) add(Pk::kMe, "", 5);  // mengebom
            add(Pk::kMe, "ng", 4);  // mengiang → ngiang
          } else if (is_consonant(c4)) {
            add(Pk::kMe, "", 4);
          }
        } else if (c3 == 'y') {
          if (is_vowel(at(4))) {
            add(Pk::kMe, "s", 4);   // menyuarakan
            add(Pk::kMe, "ny", 4);  // menyanyikan
          }
        } else if (c3 == 'c' || c3 == 'd' || c3 == 'j' || c3 == 's' || c3 == 't' || c3 == 'z') {
          add(Pk::kMe, "", 3);  // mencinta, mendua, menjauh, mensyaratkan, mentaati, menziarah
        } else if (is_vowel(c3)) {
          add(Pk::kMe, "n", 3);  // menuklir
          add(Pk::kMe, "t", 3);  // menangkap
        }
      }
    }
    // pe- / per- (rules 20-42).
    if (starts(s, "pe")) {
      const char c2 = at(2);
      if (c2 == 'r') {
        if (is_vowel(at(3))) {
          add(Pk::kPe, "", 3);   // peradilan
          add(Pk::kPe, "r", 3);  // perumahan
        } else {
          add(Pk::kPe, "", 3);  // permuka, perdaerah
        }
      } else if (c2 == 'w' || c2 == 'y') {
        if (is_vowel(at(3))) add(Pk::kPe, "", 2);  // pewarna, peyoga
      } else if (c2 == 'l') {
        if (starts(s, "pelajar")) add(Pk::kPe, "", 3);  // pelajar → ajar
        if (is_vowel(at(3))) add(Pk::kPe, "", 2);       // pelabuhan, pelaku
      } else if (c2 == 'm') {
        const char c3 = at(3);
        if (c3 == 'b' || c3 == 'f' || c3 == 'v' || c3 == 'p') {
          add(Pk::kPe, "", 3);  // pembangun, pemfitnah, pemvonis
        } else if (is_vowel(c3)) {
          add(Pk::kPe, "m", 3);  // peminum
          add(Pk::kPe, "p", 3);  // pemukul
        }
      } else if (c2 == 'n') {
        const char c3 = at(3);
        if (c3 == 'g') {
          const char c4 = at(4);
          if (is_vowel(c4)) {
            add(Pk::kPe, "", 4);   // pengudara
            add(Pk::kPe, "k", 4);  // pengupas
            if (c4 == 'e' && is_consonant(at(5))) add(Pk::kPe, "", 5);  // pengebom
          } else {
            add(Pk::kPe, "", 4);  // penggila, penghajar, pengqasar, pengkajian
          }
        } else if (c3 == 'y') {
          if (is_vowel(at(4))) {
            add(Pk::kPe, "s", 4);   // penyuara
            add(Pk::kPe, "ny", 4);  // penyanyi
          }
        } else if (c3 == 'c' || c3 == 'd' || c3 == 'j' || c3 == 's' || c3 == 't' || c3 == 'z') {
          add(Pk::kPe, "", 3);  // pencinta, pendahulu, penjarah, penstabilan, pentranskripsi
        } else if (is_vowel(c3)) {
          add(Pk::kPe, "n", 3);  // penasihat
          add(Pk::kPe, "t", 3);  // penangkap
        }
      } else if (is_consonant(c2)) {
        add(Pk::kPe, "", 2);  // petani, pekerja, peserta, petarung
      }
    }
  }

  const Stemmer::Impl& im_;
  std::string_view word_;
  bool informal_;
  bool affixable_only_;
};

bool stemmable(std::string_view w) {
  for (char c : w) {
    if (!((c >= 'a' && c <= 'z') || c == '-')) return false;
  }
  return true;
}

std::string stem_singular(const Stemmer::Impl& im, std::string_view w) {
  if (w.size() <= 3 || im.has(w)) return std::string(w);
  // Formal before informal; affixable roots before bare ones.
  for (bool informal : {false, true}) {
    if (informal && !im.options.informal) break;
    for (bool affixable_only : {true, false}) {
      if (auto r = Run(im, informal, affixable_only).analyse(w)) return *r;
    }
  }
  return std::string(w);
}

bool is_clitic(std::string_view s) {
  for (std::string_view c : {"ku", "mu", "nya", "lah", "kah", "tah", "pun"}) {
    if (s == c) return true;
  }
  return false;
}

std::shared_ptr<Stemmer::Impl> make_impl(std::vector<std::string> roots,
                                         std::vector<std::pair<std::string, std::string>> informal,
                                         StemmerOptions options) {
  auto im = std::make_shared<Stemmer::Impl>();
  im->id = g_next_id.fetch_add(1);
  im->options = options;
  im->roots.reserve(roots.size());
  for (auto& r : roots) {
    // "root" (weight 1) or "root<TAB>weight"
    size_t tab = r.find('\t');
    uint16_t weight = 1;
    if (tab != std::string::npos) {
      unsigned long w = 0;
      for (size_t i = tab + 1; i < r.size() && r[i] >= '0' && r[i] <= '9'; ++i) {
        w = std::min<unsigned long>(w * 10 + static_cast<unsigned long>(r[i] - '0'), 1000);
      }
      weight = static_cast<uint16_t>(w);
      r.resize(tab);
    }
    while (!r.empty() && (r.back() == ' ' || r.back() == '\r')) r.pop_back();
    if (r.empty()) continue;
    auto [it, fresh] = im->roots.emplace(std::move(r), weight);
    if (!fresh) it->second = std::max(it->second, weight);
  }
  for (auto& [from, to] : informal) im->informal_roots.emplace(std::move(from), std::move(to));
  return im;
}

Result<std::vector<std::pair<std::string, std::string>>> read_informal(
    const std::filesystem::path& data_dir) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto path = data_dir / "lang" / "id" / "informal.tsv";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return out;
  auto lines = read_lines(path);
  if (!lines) return lines.error();
  for (const auto& line : *lines) {
    auto f = split(line, '\t');
    if (f.size() < 2 || f[0].empty() || f[1].empty())
      return Error{path.string() + ": expected 'informal<TAB>standard' in line: " + line};
    out.emplace_back(f[0], f[1]);
  }
  return out;
}

struct ThreadCache {
  uint64_t owner = 0;
  StrMap map;
};

}  // namespace

Result<Stemmer> Stemmer::load(const std::filesystem::path& data_dir, StemmerOptions options) {
  return load_lexicon(data_dir / "lang" / "id" / "roots.txt", data_dir, options);
}

Result<Stemmer> Stemmer::load_lexicon(const std::filesystem::path& lexicon_file,
                                      const std::filesystem::path& data_dir,
                                      StemmerOptions options) {
  auto roots = read_lines(lexicon_file);
  if (!roots) return roots.error();
  if (roots->empty()) return Error{lexicon_file.string() + ": no roots in the lexicon"};
  for (auto& r : *roots) {
    for (char& c : r) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  }
  auto informal = read_informal(data_dir);
  if (!informal) return informal.error();
  return Stemmer(make_impl(std::move(*roots), std::move(*informal), options));
}

Stemmer Stemmer::from_lexicon(std::vector<std::string> roots,
                              std::vector<std::pair<std::string, std::string>> informal,
                              StemmerOptions options) {
  return Stemmer(make_impl(std::move(roots), std::move(informal), options));
}

std::string Stemmer::stem_uncached(std::string_view w) const {
  if (w.empty() || !stemmable(w)) return std::string(w);
  const Impl& im = *impl_;
  if (w.find('-') == std::string_view::npos || im.has(w)) return stem_singular(im, w);
  // Reduplication (Sastrawi's plural rule): stem both halves; equal roots give the root.
  size_t dash = w.rfind('-');
  std::string first(w.substr(0, dash));
  std::string second(w.substr(dash + 1));
  if (is_clitic(second)) {
    size_t d2 = first.rfind('-');
    if (d2 == std::string::npos) return stem_singular(im, w);  // nikmat-ku, allah-lah
    second = first.substr(d2 + 1) + "-" + second;              // malaikat-malaikat-nya
    first.resize(d2);
  }
  if (first.empty() || second.empty()) return std::string(w);
  std::string r1 = stem_singular(im, first);
  std::string r2 = stem_singular(im, second);
  if (!im.has(second) && r2 == second) r2 = stem_singular(im, "me" + second);  // meniru-nirukan
  if (r1 == r2) return r1;
  return std::string(w);
}

std::string Stemmer::stem(std::string_view w) const {
  thread_local std::array<ThreadCache, 4> caches;
  ThreadCache& c = caches[impl_->id % caches.size()];
  if (c.owner != impl_->id) {
    c.map.clear();
    c.owner = impl_->id;
  }
  if (auto it = c.map.find(w); it != c.map.end()) return it->second;
  std::string r = stem_uncached(w);
  if (c.map.size() >= kMaxCache) c.map.clear();
  c.map.emplace(std::string(w), r);
  return r;
}

bool Stemmer::is_root(std::string_view w) const { return impl_->has(w); }

size_t Stemmer::lexicon_size() const { return impl_->roots.size(); }

}  // namespace kabar::lang::id
