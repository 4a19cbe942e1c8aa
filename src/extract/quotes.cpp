#include "kabar/extract/quotes.h"

#include <algorithm>

#include "kabar/core/utf8.h"
#include "quote_lexicon.h"

namespace kabar::extract {

namespace {

using Lexicon = QuoteExtractor::Lexicon;

enum class TK : uint8_t { kWord, kNum, kPunct };
enum class QM : uint8_t { kNone, kOpen, kClose, kAscii };

constexpr uint32_t kNone = 0xffffffffu;

// A token of the annotator's own light tokenisation (robust to whatever the text layer does;
// quote marks, commas and colons are what matters here).
struct Tok {
  uint32_t s = 0, e = 0;
  TK kind = TK::kWord;
  QM qm = QM::kNone;
  uint8_t qtype = 0;  // 1 “”, 2 ‘’, 3 «», 4 "
  bool cap = false;
  uint32_t para = 0, sent = 0;
  Span span() const { return {s, e}; }
  uint32_t region = kNone;  // direct-quote region covering this token (marks included)
  bool inq = false;         // inside a region's content
};

struct Region {
  uint32_t open = 0, close = kNone;  // token indices; close = kNone when never closed
  uint32_t last = 0;                 // last content token
  Span span;
};

struct Person {
  uint32_t a = 0, b = 0;  // token range
  std::string name;
  std::string role;  // lower-case role text ("menteri luar negeri rusia"), may be empty
  int mention = -1;
  int id = 0;
};

enum class SpkKind : uint8_t { kPhrase, kSalient, kPrevQuote, kNoSpeaker };

struct Candidate {
  Span span;
  Span cue;
  bool direct = true;
  bool reported = false;    // reported speech (direct only when it quotes some words)
  SpkKind kind = SpkKind::kNoSpeaker;
  uint32_t sa = 0, sb = 0;  // speaker phrase tokens
  uint32_t pos = 0;         // token where the speaker is referred to (for salience)
};

struct Spk {
  std::optional<std::string> name;
  std::optional<Span> span;
  int mention = -1;
  int person = -1;
};

// Byte length of a white-space code point at i, or 0.
size_t space_len(std::string_view t, size_t i) {
  unsigned char c = t[i];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') return 1;
  if (c == 0xC2 && i + 1 < t.size() && (unsigned char)t[i + 1] == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < t.size() && (unsigned char)t[i + 1] == 0x80) {
    unsigned char d = t[i + 2];
    if (d <= 0x8A || d == 0xAF || d == 0xA8 || d == 0xA9) return 3;
  }
  if (c == 0xE3 && i + 2 < t.size() && (unsigned char)t[i + 1] == 0x80 && (unsigned char)t[i + 2] == 0x80) return 3;
  return 0;
}

// Byte length of a punctuation code point at i, or 0 when it is a letter/digit.
size_t punct_len(std::string_view t, size_t i) {
  unsigned char c = t[i];
  if (c < 0x80) return (std::isalnum(c) ? 0 : 1);
  if (c == 0xC2 && i + 1 < t.size()) {
    unsigned char d = t[i + 1];
    return (d >= 0xA1 && d <= 0xBF) ? 2 : 0;
  }
  if (c == 0xC3 && i + 1 < t.size()) {
    unsigned char d = t[i + 1];
    return (d == 0x97 || d == 0xB7) ? 2 : 0;  // × ÷
  }
  if (c == 0xE2 && i + 1 < t.size()) {
    unsigned char d = t[i + 1];
    if (d >= 0x80 && d <= 0xBF) return std::min<size_t>(3, t.size() - i);  // general punct, arrows, symbols
  }
  if (c == 0xEF && i + 2 < t.size() && (unsigned char)t[i + 1] == 0xBB && (unsigned char)t[i + 2] == 0xBF) return 3;
  return 0;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

class Run {
 public:
  Run(const Lexicon& lex, const Analysis& in, std::vector<Quote>& out)
      : lex_(lex), in_(in), text_(in.doc.text), out_(out) {}

  void go() {
    out_.clear();
    if (text_.empty()) return;
    lower_ = ascii_lower(text_);
    tokenize();
    if (toks_.empty()) return;
    find_regions();
    split_sentences();
    build_persons();
    direct_candidates();
    reported_candidates();
    orphan_partials();
    std::stable_sort(cands_.begin(), cands_.end(),
                     [](const Candidate& x, const Candidate& y) { return x.span.start < y.span.start; });
    resolve_all();
  }

 private:
  // ---------------------------------------------------------------- tokens
  void tokenize() {
    const size_t n = text_.size();
    size_t i = 0;
    uint32_t para = 0;
    bool newline = false;
    toks_.reserve(n / 5 + 4);
    while (i < n) {
      if (size_t sl = space_len(text_, i)) {
        if (text_[i] == '\n') newline = true;
        i += sl;
        continue;
      }
      if (newline && !toks_.empty()) ++para;
      newline = false;
      Tok t;
      t.s = uint32_t(i);
      t.para = para;
      if (size_t pl = punct_len(text_, i)) {
        t.kind = TK::kPunct;
        i += pl;
        t.e = uint32_t(i);
        classify_quote(t);
      } else {
        const bool digit = is_digit(text_[i]);
        t.kind = digit ? TK::kNum : TK::kWord;
        t.cap = !digit && utf8::starts_upper(text_.substr(i, 4));
        while (i < n) {
          if (space_len(text_, i)) break;
          size_t pl = punct_len(text_, i);
          if (pl == 0) {
            unsigned char c = text_[i];
            i += c < 0x80 ? 1 : (c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2);
            continue;
          }
          // Joiners inside a word or number: - ' ’ between letters/digits, . , : / between digits.
          size_t j = i + pl;
          if (j >= n || space_len(text_, j) || punct_len(text_, j)) break;
          char c = text_[i];
          bool prev_digit = is_digit(text_[i - 1]);
          bool next_digit = is_digit(text_[j]);
          bool joiner = c == '-' || c == '\'' || (pl == 3 && text_.substr(i, 3) == "\xE2\x80\x99") ||
                        ((c == '.' || c == ',' || c == ':' || c == '/') && prev_digit && next_digit);
          if (!joiner) break;
          i = j;
        }
        if (i > n) i = n;
        t.e = uint32_t(i);
      }
      toks_.push_back(t);
    }
  }

  void classify_quote(Tok& t) {
    std::string_view s = text_.substr(t.s, t.e - t.s);
    if (s == "\xE2\x80\x9C" || s == "\xE2\x80\x9E") t.qm = QM::kOpen, t.qtype = 1;
    else if (s == "\xE2\x80\x9D") t.qm = QM::kClose, t.qtype = 1;
    else if (s == "\xE2\x80\x98") t.qm = QM::kOpen, t.qtype = 2;
    else if (s == "\xE2\x80\x99") t.qm = QM::kClose, t.qtype = 2;
    else if (s == "\xC2\xAB") t.qm = QM::kOpen, t.qtype = 3;
    else if (s == "\xC2\xBB") t.qm = QM::kClose, t.qtype = 3;
    else if (s == "\"") t.qm = QM::kAscii, t.qtype = 4;
  }

  std::string_view lw(uint32_t i) const { return std::string_view(lower_).substr(toks_[i].s, toks_[i].e - toks_[i].s); }
  std::string_view tx(uint32_t i) const { return text_.substr(toks_[i].s, toks_[i].e - toks_[i].s); }
  bool word(uint32_t i) const { return i < toks_.size() && toks_[i].kind != TK::kPunct; }
  bool is_p(uint32_t i, char c) const {
    return i < toks_.size() && toks_[i].kind == TK::kPunct && toks_[i].e - toks_[i].s == 1 && text_[toks_[i].s] == c;
  }
  bool is_opener(uint32_t i) const { return toks_[i].qm == QM::kOpen || toks_[i].qm == QM::kAscii; }
  Span span_of(uint32_t a, uint32_t b) const { return {toks_[a].s, toks_[b - 1].e}; }
  std::string text_of(uint32_t a, uint32_t b) const {
    return std::string(text_.substr(toks_[a].s, toks_[b - 1].e - toks_[a].s));
  }
  const CueClass* cue(uint32_t i) const {
    if (toks_[i].kind != TK::kWord) return nullptr;
    auto it = lex_.cues.find(lw(i));
    if (it == lex_.cues.end()) return nullptr;
    if (!lex_.non_cue_compounds.empty() && i + 1 < toks_.size() && toks_[i + 1].kind == TK::kWord) {
      std::string pair(lw(i));
      pair.push_back(' ');
      pair.append(lw(i + 1));
      if (lex_.non_cue_compounds.count(pair)) return nullptr;  // "kata sandi", "kata kunci"
    }
    return &it->second;
  }

  // ---------------------------------------------------------------- direct-quote regions
  void find_regions() {
    uint32_t cur = kNone;
    uint8_t type = 0;
    auto finish_unclosed = [&](uint32_t last) {
      Region& r = regions_[cur];
      r.last = last;
      cur = kNone;
    };
    for (uint32_t t = 0; t < toks_.size(); ++t) {
      const Tok& k = toks_[t];
      if (cur != kNone && t > 0 && k.para != toks_[t - 1].para) {
        // News convention: an unclosed quote continues when the next paragraph opens with one.
        if (is_opener(t)) {
          toks_[t].region = cur;
          continue;
        }
        finish_unclosed(t - 1);
      }
      if (cur == kNone) {
        if (is_opener(t) && !(k.qtype == 2 && t > 0 && toks_[t - 1].e == k.s && word(t - 1))) {
          cur = uint32_t(regions_.size());
          type = k.qtype;
          regions_.push_back(Region{t, kNone, t, {}});
        }
      } else if ((k.qm == QM::kClose && k.qtype == type) || (type == 4 && k.qtype == 4)) {
        regions_[cur].close = t;
        regions_[cur].last = t - 1;
        cur = kNone;
      }
    }
    if (cur != kNone) finish_unclosed(uint32_t(toks_.size() - 1));
    // Spans and token marks; drop empty regions.
    std::vector<Region> kept;
    for (Region r : regions_) {
      if (r.last <= r.open) continue;
      r.span = {toks_[r.open].e, toks_[r.last].e};
      // Trim white space at the start and a trailing comma (",” kata X").
      while (r.span.start < r.span.end && space_len(text_, r.span.start)) ++r.span.start;
      if (r.last > r.open + 1 && is_p(r.last, ',')) r.span.end = toks_[r.last - 1].e;
      uint32_t idx = uint32_t(kept.size());
      uint32_t end = r.close == kNone ? r.last : r.close;
      for (uint32_t t = r.open; t <= end; ++t) {
        toks_[t].region = idx;
        toks_[t].inq = t > r.open && t <= r.last;
      }
      kept.push_back(r);
    }
    regions_ = std::move(kept);
  }

  // ---------------------------------------------------------------- sentences
  void split_sentences() {
    uint32_t sent = 0;
    sent_start_.push_back(0);
    for (uint32_t t = 0; t < toks_.size(); ++t) {
      if (t > 0 && toks_[t].para != toks_[t - 1].para && !(toks_[t].region != kNone && toks_[t].region == toks_[t - 1].region)) {
        ++sent;
        sent_start_.push_back(t);
      }
      toks_[t].sent = sent;
      if (t + 1 >= toks_.size() || toks_[t + 1].para != toks_[t].para) continue;
      if (!ends_sentence(t)) continue;
      const Tok& nx = toks_[t + 1];
      bool next_starts = nx.cap || nx.kind == TK::kNum || is_opener(t + 1) || is_p(t + 1, '(') || is_p(t + 1, '[');
      if (!next_starts) continue;
      if (nx.qm != QM::kNone && !is_opener(t + 1)) continue;
      ++sent;
      sent_start_.push_back(t + 1);
    }
    sent_start_.push_back(uint32_t(toks_.size()));
  }

  bool ends_sentence(uint32_t t) const {
    const Tok& k = toks_[t];
    if (k.inq) return false;
    if (k.qm == QM::kClose || (k.qm == QM::kAscii && k.region != kNone && regions_[k.region].close == t)) {
      return t > 0 && (is_p(t - 1, '.') || is_p(t - 1, '!') || is_p(t - 1, '?'));
    }
    if (k.region != kNone) return false;
    if (!(is_p(t, '.') || is_p(t, '!') || is_p(t, '?') || tx(t) == "\xE2\x80\xA6")) return false;
    if (is_p(t, '.') && t > 0 && toks_[t - 1].e == k.s && toks_[t - 1].kind == TK::kWord) {
      std::string_view w = lw(t - 1);
      if (w.size() == 1 || lex_.abbreviations.count(w)) return false;
    }
    return true;
  }
  uint32_t sent_begin(uint32_t t) const { return sent_start_[toks_[t].sent]; }
  uint32_t sent_end(uint32_t t) const { return sent_start_[toks_[t].sent + 1]; }

  // ---------------------------------------------------------------- phrases
  // Longest phrase of `table` starting at token i (same sentence, word tokens); returns end or i.
  uint32_t match(const PhraseTable& table, uint32_t i, const std::string** value = nullptr) const {
    if (!word(i) || !table.first_words.count(lw(i))) return i;
    std::string key(lw(i));
    uint32_t best = i;
    for (uint32_t k = 1; k <= table.max_words; ++k) {
      uint32_t j = i + k - 1;
      if (k > 1) {
        if (!word(j) || toks_[j].sent != toks_[i].sent) break;
        key.push_back(' ');
        key.append(lw(j));
      }
      auto it = table.phrases.find(key);
      if (it != table.phrases.end()) {
        best = j + 1;
        if (value) *value = &it->second;
      }
    }
    return best;
  }
  uint32_t skip_qualifiers(uint32_t i, uint32_t limit) const {
    while (i < limit) {
      uint32_t j = match(lex_.qualifiers, i);
      if (j == i || j > limit) break;
      i = j;
    }
    return i;
  }
  // End of the words that may complete a title before a name: qualifiers, capitalised words,
  // "dan" and parenthesised acronyms ("Menteri Energi dan Sumber Daya Mineral (ESDM)").
  uint32_t skip_role_body(uint32_t i, uint32_t limit) const {
    while (i < limit) {
      uint32_t j = match(lex_.qualifiers, i);
      if (j > i && j <= limit) {
        i = j;
        continue;
      }
      if ((word(i) && (toks_[i].cap || lw(i) == "dan")) || is_p(i, '(') || is_p(i, ')')) {
        ++i;
        continue;
      }
      break;
    }
    return i;
  }

  // Role text introducing the name at token a (apposition), lower-case, or "".
  std::string apposition_role(uint32_t a) const {
    uint32_t best = kNone;
    for (uint32_t k = 1; k <= 10 && k <= a; ++k) {
      uint32_t j = a - k;
      if (toks_[j].sent != toks_[a].sent) break;
      if (!word(j)) {
        if (is_p(j, '(') || is_p(j, ')')) continue;
        break;
      }
      uint32_t te = match(lex_.titles, j);
      if (te == j) continue;
      if (skip_role_body(te, a) == a || te == a) best = j;
    }
    if (best == kNone) return {};
    return std::string(std::string_view(lower_).substr(toks_[best].s, toks_[a - 1].e - toks_[best].s));
  }

  // Role given in a comma apposition before the name at a ("Kuasa hukum terdakwa, Yosef
  // Manurung,"): the chunk from the sentence start or a comma, when it holds a title, a role noun
  // or a descriptor; lower-case, or "".
  std::string comma_role(uint32_t a) const {
    if (a < 2 || !is_p(a - 1, ',')) return {};
    const uint32_t sb = sent_begin(a);
    uint32_t s = a - 1;
    while (s > sb && word(s - 1) && a - 1 - s < 8) --s;
    if (s == a - 1 || !(s == sb || is_p(s - 1, ','))) return {};
    for (uint32_t t = s; t < a - 1; ++t) {
      if (match(lex_.titles, t) > t || lex_.role_nouns.count(lw(t)) || lex_.descriptors.count(lw(t)))
        return lower_of(s, a - 1);
      // "Inisiator hak angket dari Fraksi PKS, Muhammad Iqbal": the body the person speaks for.
      if (t > s && toks_[t].cap && lex_.org_heads.count(lw(t))) return lower_of(s, a - 1);
    }
    return {};
  }

  bool same_person_name(const Person& p, uint32_t a, uint32_t b) const {
    // Same person when the run equals the name, or is its first or last word.
    uint32_t pn = p.b - p.a;
    if (b - a == pn) {
      for (uint32_t k = 0; k < pn; ++k)
        if (lw(a + k) != lw(p.a + k)) return false;
      return true;
    }
    if (b - a == 1 && pn > 1) return lw(a) == lw(p.b - 1) || lw(a) == lw(p.a);
    return false;
  }
  int person_id_for(uint32_t a, uint32_t b) {
    for (auto it = persons_.rbegin(); it != persons_.rend(); ++it) {
      if (same_person_name(*it, a, b)) return it->id;
    }
    return next_id_++;
  }

  void add_person(uint32_t a, uint32_t b, std::string role, int mention, std::string name) {
    Person p;
    p.a = a;
    p.b = b;
    p.id = person_id_for(a, b);
    p.role = std::move(role);
    p.mention = mention;
    p.name = std::move(name);
    if (p.role.empty()) {
      for (const Person& q : persons_)
        if (q.id == p.id && !q.role.empty()) p.role = q.role;
    }
    persons_.push_back(std::move(p));
  }

  uint32_t tok_at_or_after(uint32_t byte) const {
    auto it = std::lower_bound(toks_.begin(), toks_.end(), byte, [](const Tok& t, uint32_t b) { return t.s < b; });
    return uint32_t(it - toks_.begin());
  }
  // Token range of an entity span, or {kNone, kNone}.
  std::pair<uint32_t, uint32_t> tok_range(Span sp) const {
    auto it = std::upper_bound(toks_.begin(), toks_.end(), sp.start, [](uint32_t b, const Tok& t) { return b < t.e; });
    uint32_t a = uint32_t(it - toks_.begin());
    uint32_t b = tok_at_or_after(sp.end);
    if (a >= b || a >= toks_.size()) return {kNone, kNone};
    return {a, b};
  }

  bool name_token(uint32_t i) const {
    return word(i) && toks_[i].cap && toks_[i].kind == TK::kWord && !lex_.pronouns.count(lw(i)) && !cue(i) &&
           !lex_.subject_skip.count(lw(i));
  }

  void build_persons() {
    const auto& ents = in_.entities;
    bool have_per = false;
    for (const auto& m : ents) have_per |= m.type == EntityType::kPer;
    if (have_per) {
      for (size_t k = 0; k < ents.size(); ++k) {
        const auto& m = ents[k];
        if (m.span.end > text_.size()) continue;
        if (m.type != EntityType::kPer) {
          // "Salah seorang orang tua pasien, [Siti Komariah] (34), warga …": a capitalised name
          // followed by an age is a person whatever type the recogniser gave it.
          auto [a, b] = tok_range(m.span);
          bool names = a != kNone && b - a >= 2 && b - a <= 4 && age_after(b);
          for (uint32_t t = a; names && t < b; ++t)
            names = name_token(t) && match(lex_.qualifiers, t) == t && !lex_.org_heads.count(lw(t));
          if (names) {
            add_person(a, b, comma_role(a), -1, text_of(a, b));
            continue;
          }
        }
        if (m.type == EntityType::kOrg) {
          // "Pemimpin [Partai Kebebasan Marit Hoekstra]": after a title, the recogniser took the
          // person into the body's name; the name closes the body's run.
          auto [a, b] = tok_range(m.span);
          if (a == kNone || a == 0 || toks_[a - 1].sent != toks_[a].sent) continue;
          uint32_t ts = kNone;
          for (uint32_t k = 1; k <= 3 && k <= a && ts == kNone; ++k)
            if (match(lex_.titles, a - k) == a) ts = a - k;
          if (ts == kNone || !lex_.org_heads.count(lw(a))) continue;
          const uint32_t n = name_after_body(a, b);
          if (n > a + 1 && n + 2 == b && name_token(n) && name_token(n + 1))
            add_person(n, b, lower_of(ts, n), -1, text_of(n, b));
          continue;
        }
        if (m.type != EntityType::kPer) continue;
        auto [a, b] = tok_range(m.span);
        if (a == kNone) continue;
        // "Letkol [Inf Andreas Nahak]", "Mayjen [TNI Fadli Rahman]": a corps or rank word
        // (ranks.txt) the recogniser took into the name opens it; the name starts after it.
        bool stripped = false;
        while (b - a >= 2 && word(a) && lex_.ranks.count(lw(a))) ++a, stripped = true;
        // "Menteri Luar Negeri [RI Laksmi Anggraini]": a country or body (qualifiers.txt) after
        // a title belongs to the title, not to the name that follows it.
        bool qualified = false;
        if (a > 0 && toks_[a - 1].sent == toks_[a].sent && word(a - 1) && toks_[a - 1].cap) {
          const uint32_t q = match(lex_.qualifiers, a);
          if (q > a && q < b && name_token(q)) a = q, qualified = true;
        }
        // A one-word "person" that is a known place or body ("kata juru bicara Kremlin") is not one.
        if (b == a + 1 && match(lex_.qualifiers, a) == b) continue;
        // "Bank [Samudra Teguh Wiranata]": the recogniser took the body's own name into the
        // person's.
        bool trimmed = false;
        if (a > 0 && toks_[a - 1].cap && lex_.org_heads.count(lw(a - 1))) {
          const uint32_t n = name_after_body(a - 1, b);
          if (n > a) a = n, trimmed = true;
        }
        // "AKP [Bima] Santoso": a rank opens the name, so capitalised words between the rank and
        // the recognised name are the name's own (the recogniser took "Bima" for a place).
        {
          uint32_t x = a;
          while (x > 0 && a - x < 2 && toks_[x - 1].sent == toks_[a].sent && name_token(x - 1) &&
                 !lex_.ranks.count(lw(x - 1)))
            --x;
          if (x < a && x > 0 && word(x - 1) && lex_.ranks.count(lw(x - 1))) a = x, trimmed = true;
        }
        std::string role = m.role && !trimmed ? ascii_lower(*m.role) : apposition_role(a);
        if (role.empty()) role = comma_role(a);
        // A name the recogniser cut short ("Kim Jong" + "Un"): adjacent name words join it, and
        // the mention no longer stands for the whole name.
        uint32_t e = b;
        const uint32_t next_start = k + 1 < ents.size() ? ents[k + 1].span.start : uint32_t(text_.size());
        while (e < toks_.size() && toks_[e].sent == toks_[a].sent && toks_[e].s < next_start && name_token(e) &&
               match(lex_.titles, e) == e && !lex_.time_words.count(lw(e)))
          ++e;
        if (e > b || trimmed) {
          add_person(a, e, std::move(role), -1, text_of(a, e));
          continue;
        }
        add_person(a, b, std::move(role), int(k),
                   stripped || qualified ? text_of(a, b) : m.text.empty() ? std::string(m.span.in(text_)) : m.text);
      }
      add_untagged_sentence_subjects();
      return;
    }
    // Fallback without a recogniser: a title (+ qualifiers) followed by a capitalised run is a
    // person; later runs that repeat that name (or its first/last word) are mentions of it.
    std::vector<char> taken(toks_.size(), 0);
    for (uint32_t i = 0; i < toks_.size(); ++i) {
      const std::string* canon = nullptr;
      uint32_t te = match(lex_.titles, i, &canon);
      if (te == i) continue;
      uint32_t q = skip_qualifiers(te, sent_end(i));
      uint32_t e = q;
      while (e < sent_end(i) && e - q < 4 && name_token(e) && match(lex_.qualifiers, e) == e) ++e;
      if (e == q) continue;
      std::string role(std::string_view(lower_).substr(toks_[i].s, toks_[q - 1].e - toks_[i].s));
      add_person(q, e, std::move(role), -1, text_of(q, e));
      for (uint32_t t = i; t < e; ++t) taken[t] = 1;
      i = e - 1;
    }
    std::vector<Person> found = persons_;
    persons_.clear();
    next_id_ = 0;
    size_t fi = 0;
    for (uint32_t i = 0; i < toks_.size();) {
      if (fi < found.size() && found[fi].a == i) {
        add_person(found[fi].a, found[fi].b, found[fi].role, -1, found[fi].name);
        i = found[fi].b;
        ++fi;
        continue;
      }
      if (!taken[i] && name_token(i)) {
        uint32_t e = i;
        while (e < sent_end(i) && name_token(e) && !taken[e]) ++e;
        for (const Person& p : found) {
          if (p.a < i && same_person_name(p, i, e)) {
            add_person(i, e, {}, -1, text_of(i, e));
            break;
          }
        }
        i = std::max(e, i + 1);
        continue;
      }
      ++i;
    }
  }

  // "Dimas tiba di Groningen …": a lone capitalised word opening a sentence outside quotes that is
  // the first or last word of a person named before, untagged by the recogniser, is that person.
  void add_untagged_sentence_subjects() {
    const size_t known = persons_.size();
    for (uint32_t i = 0; i + 1 < toks_.size(); ++i) {
      if (i != sent_begin(i) || toks_[i].inq || !name_token(i) || (word(i + 1) && toks_[i + 1].cap)) continue;
      bool tagged = false;
      for (const auto& m : in_.entities) tagged |= m.span.start <= toks_[i].s && toks_[i].s < m.span.end;
      if (tagged) continue;
      for (size_t k = 0; k < known; ++k) {
        const Person& p = persons_[k];
        if (p.b - p.a > 1 && p.b <= i && same_person_name(p, i, i + 1)) {
          add_person(i, i + 1, {}, -1, text_of(i, i + 1));
          break;
        }
      }
    }
    if (persons_.size() > known)
      std::stable_sort(persons_.begin(), persons_.end(), [](const Person& x, const Person& y) { return x.a < y.a; });
  }

  // ---------------------------------------------------------------- direct quotes
  // Speaker phrase after a cue verb at v: [v+1, stop).
  uint32_t phrase_end_after(uint32_t v, uint32_t limit) const {
    uint32_t e = v + 1;
    while (e < limit && e - v <= 12) {
      if (!word(e)) break;
      if (lex_.speaker_stops.count(lw(e))) break;  // "kata dalam konferensi pers": no speaker named
      ++e;
    }
    return e;
  }

  // "kata juru bicara KPK, Indra Kusumawardhani, melalui …": a speaker phrase [sa, sb) that is a
  // role with no name in it, then the person's name in a comma apposition (ending the sentence or
  // closed by a comma). The name is the speaker: narrows [sa, sb) to it.
  void apposed_name(uint32_t& sa, uint32_t& sb, uint32_t limit) const {
    if (sb + 1 >= limit || !is_p(sb, ',') || sb - sa > 8) return;
    bool role = false;
    for (uint32_t t = sa; t < sb; ++t) role |= match(lex_.titles, t) > t || lex_.role_nouns.count(lw(t)) > 0;
    if (!role) return;
    for (const Person& p : persons_)
      if (p.a < sb && p.b > sa) return;  // the phrase names someone ("kata Laras, pengamat …")
    uint32_t n = sb + 1;
    while (n < limit && n - sb <= 4 && name_token(n) && !lex_.time_words.count(lw(n)) && match(lex_.qualifiers, n) == n) ++n;
    if (n == sb + 1 || (n < limit && !is_p(n, ',') && !is_p(n, '.'))) return;
    bool person = false;
    for (const Person& p : persons_) person |= p.a == sb + 1;
    if (!person) return;
    sa = sb + 1;
    sb = n;
  }

  // Start of the run of tokens ending before `e` (not before `lo`) with no punctuation except
  // whole parenthesised groups ("dinas intelijen Korea Selatan (NIS)", "Siti Aminah (45)").
  uint32_t run_start(uint32_t e, uint32_t lo) const {
    uint32_t c = e;
    while (c > lo) {
      if (is_p(c - 1, ')')) {
        uint32_t j = c - 1;
        while (j > lo && !is_p(j - 1, '(') && c - j < 8) --j;
        if (j == lo || !is_p(j - 1, '(')) break;
        c = j - 1;
        continue;
      }
      if (toks_[c - 1].kind == TK::kPunct) break;
      --c;
    }
    return c;
  }

  // The speaker noun phrase closing [lo, e): trailing time words skipped, then capitalised
  // words (with parenthesised acronyms and "dan" between names), extended leftwards over
  // collective heads and np_heads ("perkiraan Korea Selatan sehari sebelumnya" → Korea Selatan,
  // "klaim panitia" → panitia). Empty (a == b) when none.
  std::pair<uint32_t, uint32_t> trailing_np(uint32_t lo, uint32_t e) const {
    while (e > lo && word(e - 1) && lex_.time_words.count(lw(e - 1))) --e;
    uint32_t a = e;
    while (a > lo) {
      uint32_t t = a - 1;
      if (is_p(t, ')') && a == e) {
        uint32_t j = t;
        while (j > lo && !is_p(j - 1, '(') && t - j < 6) --j;
        if (j == lo || !is_p(j - 1, '(')) break;
        a = j - 1;
        continue;
      }
      if (word(t) && toks_[t].cap && !lex_.time_words.count(lw(t)) && !cue(t)) {
        --a;
        continue;
      }
      if (word(t) && lw(t) == "dan" && a < e && t > lo && word(t - 1) && toks_[t - 1].cap) {
        --a;
        continue;
      }
      break;
    }
    while (a > lo && word(a - 1) && !toks_[a - 1].cap &&
           (lex_.collective_heads.count(lw(a - 1)) || lex_.np_heads.count(lw(a - 1))))
      --a;
    if (a < e && is_p(a, '(')) return {e, e};
    return {a, e};
  }

  // End of the name when [a, b) is only a run of 1–4 capitalised name words, optionally followed
  // by an age in parentheses, that is no known place or body; else a.
  uint32_t bare_name(uint32_t a, uint32_t b) const {
    uint32_t n = a;
    while (n < b && n - a < 5 && name_token(n)) ++n;
    if (n == a || n - a > 4) return a;
    if (n < b && !(n + 3 == b && is_p(n, '(') && toks_[n + 1].kind == TK::kNum && is_p(n + 2, ')'))) return a;
    if (skip_qualifiers_coord(a, n) == n) return a;
    if (int m = mention_in(a, n); m >= 0 && in_.entities[m].type != EntityType::kPer && !age_after(n)) return a;
    return n;
  }

  // "(47)" at token t: an age in parentheses, which only a person has.
  bool age_after(uint32_t t) const {
    return t + 2 < toks_.size() && is_p(t, '(') && toks_[t + 1].kind == TK::kNum && is_p(t + 2, ')') &&
           small_number(t + 1) > 0;
  }

  bool names_person(uint32_t a, uint32_t b) const {
    for (const Person& p : persons_)
      if (p.a >= a && p.b <= b) return true;
    return false;
  }

  // Subject noun phrase before a cue verb at v: [a, b) or a == b when none.
  std::pair<uint32_t, uint32_t> subject_before(uint32_t v) const {
    const uint32_t sb = sent_begin(v);
    // "klaim panitia yang menyebut …" / "perkiraan Korea Selatan, yang menyebut …": relative
    // clause; the speaker closes the phrase before "yang".
    if (v > sb && lw(v - 1) == "yang") {
      uint32_t y = v - 1;
      if (y > sb && is_p(y - 1, ',')) --y;
      auto np = trailing_np(run_start(y, sb), y);
      if (np.first >= np.second) return {v, v};
      return trim_subject(np.first, np.second, v);
    }
    uint32_t a = run_start(v, sb), b = v;
    if (verb_blocked(v)) return {v, v};
    {
      // "Adrian, ekonom di Capital Economics, telah memperkirakan": only adverbs before the verb.
      uint32_t x = a;
      while (x < b && (lex_.subject_skip.count(lw(x)) || lex_.subject_stops.count(lw(x)))) ++x;
      if (x == b && a < b) {
        if (a > sb && is_p(a - 1, ',')) b = a;
        else return {v, v};
      }
    }
    if (a < b && lw(a) == "yang" && a > sb && is_p(a - 1, ',')) {
      // "Bagi Putin, yang mengatakan…" with the verb inside the relative clause.
      b = a - 1;
      a = run_start(b, sb);
    } else if (a < b && lw(a) == "yang") {
      return {v, v};
    } else if (a == b && a > sb && is_p(a - 1, ',')) {
      // "Peskov, juru bicara Kremlin, mengatakan" / "Warga Desa Lempur, Siti Aminah (45), mengaku":
      // of the comma-separated chunks before the verb, the one naming a person, else the first.
      std::vector<std::pair<uint32_t, uint32_t>> chunks;
      uint32_t e = a - 1;
      for (int guard = 0; guard < 6; ++guard) {
        uint32_t s = run_start(e, sb);
        chunks.push_back({s, e});
        if (s > sb && is_p(s - 1, ',')) {
          e = s - 1;
          continue;
        }
        break;
      }
      std::reverse(chunks.begin(), chunks.end());
      // "Ketua Kelompok Tani Sri Rejeki, Darsono, menuturkan": a chunk that is just a name is the
      // speaker; the others describe that person.
      for (auto [s, e2] : chunks) {
        for (const Person& p : persons_)
          if (p.a == s && p.b == e2) return {s, e2};
      }
      std::pair<uint32_t, uint32_t> first{v, v};
      for (auto [s, e2] : chunks) {
        while (s < e2 && lex_.subject_skip.count(lw(s))) ++s;
        if (s >= e2 || !word(s)) continue;
        std::string_view w = lw(s);
        if (w == "yang" || w == "menurut" || lex_.subject_blockers.count(w) || cue(s)) continue;
        if (names_person(s, e2)) return trim_subject(s, e2, v);
        if (first.first == v) first = {s, e2};
      }
      // "kantor berita resmi Lebanon, NNA, melaporkan": a description opened by a source or body
      // noun, then the body's own capitalised name.
      if (chunks.size() >= 2) {
        const auto [s, e2] = chunks.back();
        uint32_t d = chunks[chunks.size() - 2].first;
        while (d < s && lex_.subject_skip.count(lw(d))) ++d;
        bool caps = e2 > s && e2 - s <= 4;
        for (uint32_t t = s; t < e2 && caps; ++t) caps = word(t) && toks_[t].cap;
        if (caps && word(d) && !toks_[d].cap &&
            (match(lex_.source_heads, d) > d || lex_.body_nouns.count(lw(d))))
          return {s, e2};
      }
      // "Salah seorang pengungsi, Nining Kurniasih (47), menuturkan" with the name unrecognised:
      // a last chunk that is only a capitalised name (and an age) after a description is the speaker.
      if (chunks.size() >= 2) {
        const auto [s, e2] = chunks.back();
        if (const uint32_t n = bare_name(s, e2); n > s) return {s, n};
      }
      if (first.first == v) return {v, v};
      return trim_subject(first.first, first.second, v);
    } else if (a < b && lex_.coordinators.count(lw(b - 1))) {
      // "Lavrov berterima kasih … dan menyatakan": coordinated predicate; leading name run.
      uint32_t e = a;
      while (e < b && (name_token(e) || (e > a && (lw(e) == "dan") && name_token(e + 1)))) ++e;
      if (e == a) return {v, v};
      return {a, e};
    }
    if (verb_blocked(v)) return {v, v};
    return trim_subject(a, b, v);
  }

  // A verb that is not a report by a subject: after "untuk", "saat", "dengan", a negation
  // ("tidak mengatakan", also over an adverb: "tidak pernah meminta").
  bool verb_blocked(uint32_t v) const {
    if (v == 0 || !word(v - 1)) return false;
    if (lex_.verb_blockers.count(lw(v - 1))) return true;
    return v >= 2 && lex_.adverbs.count(lw(v - 1)) && word(v - 2) && lex_.verb_blockers.count(lw(v - 2));
  }

  std::pair<uint32_t, uint32_t> trim_subject(uint32_t a, uint32_t b, uint32_t v) const {
    bool skipped = false;
    while (a < b && (lex_.subject_skip.count(lw(a)) || (skipped && lex_.skip_determiners.count(lw(a))))) ++a, skipped = true;
    if (a < b && (lex_.subject_blockers.count(lw(a)) || lex_.subject_stops.count(lw(a)))) return {v, v};
    // "Perawat yang sudah 12 tahun bekerja di rumah sakit itu menyebut …": a role or descriptive
    // noun with a relative clause, closed by "itu"/"tersebut", refers back to a person as a whole.
    if (b - a >= 4 && b - a <= 16 && word(a) &&
        (lex_.role_nouns.count(lw(a)) || lex_.descriptors.count(lw(a))) &&
        (lw(b - 1) == "itu" || lw(b - 1) == "tersebut")) {
      for (uint32_t t = a + 1; t + 1 < b; ++t)
        if (lw(t) == "yang") return {a, b};
    }
    // "kasus ini bermula saat Lisa menuding …": a subordinate clause's own subject, when it has one.
    for (uint32_t t = b; t-- > a + 1;) {
      if (!lex_.subordinators.count(lw(t))) continue;
      if (t + 1 < b && (name_token(t + 1) || lex_.collective_heads.count(lw(t + 1)) || lex_.pronouns.count(lw(t + 1))))
        a = t + 1;
      break;
    }
    uint32_t e = a, words = 0;
    // A stop word capitalised inside a capitalised run is part of a name ("Satuan Lalu Lintas").
    auto in_name = [&](uint32_t t) {
      return toks_[t].cap && t > a && toks_[t - 1].cap && t + 1 < b && toks_[t + 1].cap;
    };
    while (e < b && !(e > a && lex_.subject_stops.count(lw(e)) && !in_name(e)))
      words += word(e++) ? 1 : 0;
    if (words > 14) return {v, v};
    return {a, e};
  }

  bool sentence_has_cue(uint32_t t) const {
    for (uint32_t i = sent_begin(t); i < sent_end(t); ++i) {
      if (toks_[i].inq) continue;
      if (const CueClass* c = cue(i)) {
        if (*c == CueClass::kSvo || *c == CueClass::kSvoObj || *c == CueClass::kInv || *c == CueClass::kInvPron ||
            *c == CueClass::kMenurut || *c == CueClass::kMenurutPron)
          return true;
        if (*c == CueClass::kSvoBahwa) return true;
      }
    }
    return false;
  }

  void direct_candidates() {
    used_.assign(toks_.size(), 0);
    region_state_.assign(regions_.size(), 0);  // 0 undecided, 1 emitted, 2 scare, 3 partial
    partial_cue_.assign(regions_.size(), kNone);
    for (uint32_t r = 0; r < regions_.size(); ++r) {
      const Region& R = regions_[r];
      Candidate c;
      c.span = R.span;
      c.direct = true;
      c.pos = R.open;
      bool found = false;
      // After the closing mark: ",” kata X" / "” ujarnya".
      if (R.close != kNone) {
        uint32_t j = R.close + 1;
        if (is_p(j, ',')) ++j;
        if (j < toks_.size() && toks_[j].para == toks_[R.close].para) {
          if (const CueClass* k = cue(j); k && (*k == CueClass::kInv || *k == CueClass::kInvPron || *k == CueClass::kWire ||
                                                  *k == CueClass::kSvo)) {
            c.cue = toks_[j].span();
            used_[j] = 1;
            if (*k == CueClass::kInvPron) {
              c.kind = SpkKind::kSalient;
              c.pos = j;
            } else {
              uint32_t e = phrase_end_after(j, sent_end(j));
              if (e > j + 1) {
                c.kind = SpkKind::kPhrase;
                c.sa = j + 1;
                c.sb = e;
                apposed_name(c.sa, c.sb, sent_end(j));
                c.pos = j;
              } else {
                c.kind = SpkKind::kSalient;
                c.pos = j;
              }
            }
            found = true;
          }
        }
      }
      // Before the opening mark: "X mengatakan kepada wartawan: “…”" / "…,” kata X, “…”".
      if (!found && R.open > 0 && (is_p(R.open - 1, ':') || is_p(R.open - 1, ','))) {
        uint32_t k = R.open - 1;
        uint32_t lim = k > 12 ? k - 12 : 0;
        lim = std::max(lim, sent_begin(R.open));
        for (uint32_t v = k; v-- > lim;) {
          if (toks_[v].region != kNone) break;
          const CueClass* cc = cue(v);
          if (!cc || *cc == CueClass::kMenurut || *cc == CueClass::kRel) continue;
          c.cue = toks_[v].span();
          used_[v] = 1;
          if (*cc == CueClass::kInvPron || *cc == CueClass::kMenurutPron) {
            c.kind = SpkKind::kSalient;
          } else if (*cc == CueClass::kInv || *cc == CueClass::kWire) {
            uint32_t e = phrase_end_after(v, k);
            if (e > v + 1) c.kind = SpkKind::kPhrase, c.sa = v + 1, c.sb = e;
            else c.kind = SpkKind::kSalient;
          } else {
            auto [a, b] = subject_before(v);
            if (a < b) c.kind = SpkKind::kPhrase, c.sa = a, c.sb = b;
            else c.kind = SpkKind::kSalient;
          }
          c.pos = v;
          found = true;
          break;
        }
      }
      if (found) {
        region_state_[r] = 1;
        cands_.push_back(c);
        continue;
      }
      // No cue next to it: scare quote, partial quote, or an unattributed quotation.
      bool embedded = R.open > sent_begin(R.open) && !is_p(R.open - 1, ':') && !is_p(R.open - 1, '(') &&
                      !(toks_[R.open - 1].kind == TK::kPunct && toks_[R.open - 1].qm != QM::kNone);
      uint32_t words = 0;
      for (uint32_t t = R.open + 1; t <= R.last; ++t) words += word(t) ? 1 : 0;
      if (embedded) {
        // Inside a sentence with no speech cue: a term, a title or a name ("Tonton juga video
        // “…” di sini"), not a quotation.
        // 3: a partial quote, see orphan_partials(); 2: a scare quote.
        const bool partial = sentence_has_cue(R.open) || partial_cue_before(R.open);
        region_state_[r] = partial ? 3 : 2;
        continue;
      } else if (words <= 3 && R.close != kNone && R.close + 1 < toks_.size() && word(R.close + 1) &&
                 toks_[R.close + 1].sent == toks_[R.open].sent && !toks_[R.close + 1].cap) {
        // A short quoted term opening a sentence that goes on ("“Dekat” adalah …").
        region_state_[r] = 2;
        continue;
      }
      // A cue later in the same sentence ("“…” Demikian kata X.")
      if (R.close != kNone) {
        for (uint32_t j = R.close + 1; j < sent_end(R.close) && j < R.close + 6; ++j) {
          const CueClass* k = cue(j);
          if (!k || !(*k == CueClass::kInv || *k == CueClass::kInvPron)) continue;
          used_[j] = 1;
          c.cue = toks_[j].span();
          c.pos = j;
          uint32_t e = phrase_end_after(j, sent_end(j));
          if (*k == CueClass::kInv && e > j + 1) {
            c.kind = SpkKind::kPhrase, c.sa = j + 1, c.sb = e;
            apposed_name(c.sa, c.sb, sent_end(j));
          }
          else c.kind = SpkKind::kSalient;
          found = true;
          break;
        }
      }
      if (!found) c.kind = SpkKind::kPrevQuote;
      region_state_[r] = 1;
      cands_.push_back(c);
    }
  }

  // ---------------------------------------------------------------- reported speech
  // End of a reported clause starting at c in the sentence: before ", kata X", ", lapor X",
  // ", menurut X", ", sementara …", ";" and the final punctuation.
  uint32_t clause_end(uint32_t c, uint32_t se, bool relative) const {
    uint32_t e = c;
    for (; e < se; ++e) {
      if (toks_[e].inq) continue;
      if (is_p(e, ';')) break;
      if (is_p(e, ',') && e + 1 < se) {
        if (relative) break;
        if (const CueClass* k = cue(lead_in(e + 1, se));
            k && (*k == CueClass::kInv || *k == CueClass::kInvPron || *k == CueClass::kWire || *k == CueClass::kMenurut ||
                  *k == CueClass::kMenurutPron))
          break;
        if (lex_.clause_breaks.count(lw(e + 1))) break;
        if (toks_[e + 1].kind == TK::kWord && lw(e + 1) == "seperti" && e + 2 < se && word(e + 2) &&
            (lw(e + 2) == "dikutip" || lw(e + 2) == "dilaporkan" || lw(e + 2) == "dilansir"))
          break;
      }
    }
    while (e > c && toks_[e - 1].kind == TK::kPunct && toks_[e - 1].region == kNone) --e;
    return e;
  }

  // The cue position after an inverted lead-in word ("demikian dilaporkan"), else t.
  uint32_t lead_in(uint32_t t, uint32_t se) const {
    if (t + 1 < se && toks_[t].kind == TK::kWord && lex_.inverted_leadins.count(lw(t)) && cue(t + 1)) return t + 1;
    return t;
  }

  bool covered(uint32_t t) const { return toks_[t].region != kNone && region_state_[toks_[t].region] == 1; }

  void emit_reported(uint32_t c, uint32_t e, uint32_t cue_tok, SpkKind kind, uint32_t sa, uint32_t sb) {
    if (e <= c) return;
    uint32_t words = 0;
    for (uint32_t t = c; t < e; ++t) words += word(t) ? 1 : 0;
    if (words < (object_min(cue_tok) == 1 ? 1u : 2u)) return;  // "mengaku kecewa"
    Candidate q;
    q.span = span_of(c, e);
    q.cue = toks_[cue_tok].span();
    q.direct = has_partial_quote(c, e);
    q.reported = true;
    q.kind = kind;
    q.sa = sa;
    q.sb = sb;
    q.pos = cue_tok;
    used_[cue_tok] = 1;
    cands_.push_back(q);
  }

  // Mixed quotation: the clause quotes some of the speaker's own words ("menyebut kerja sama itu
  // “sepenuhnya sah”"); a quoted name or title (capitalised, or one word) does not count.
  bool has_partial_quote(uint32_t a, uint32_t b) const {
    for (uint32_t t = a; t < b; ++t) {
      const uint32_t r = toks_[t].region;
      if (r == kNone || region_state_[r] != 3 || toks_[t].qm == QM::kNone || t != regions_[r].open) continue;
      const Region& R = regions_[r];
      uint32_t words = 0;
      for (uint32_t k = R.open + 1; k <= R.last; ++k) words += word(k) ? 1 : 0;
      if (!word(R.open + 1) || toks_[R.open + 1].cap) continue;
      if (words >= 2) return true;
      // One quoted verb is the speaker's word for what was done ("kerap “mengakali” aturan"),
      // not a term: a lower-case word with a verbal prefix (verb_prefixes.txt).
      if (words == 1 && verbal(lw(R.open + 1))) return true;
    }
    return false;
  }

  bool verbal(std::string_view w) const {
    for (const std::string& p : lex_.verb_prefixes)
      if (w.size() >= p.size() + 4 && w.substr(0, p.size()) == p) return true;
    return false;
  }

  void reported_candidates() {
    const uint32_t nsent = uint32_t(sent_start_.size() - 1);
    for (uint32_t s = 0; s < nsent; ++s) {
      const uint32_t sb = sent_start_[s], se = sent_start_[s + 1];
      if (se <= sb) continue;
      bool has_quote = false;
      for (uint32_t t = sb; t < se; ++t) has_quote |= covered(t) && toks_[t].qm != QM::kNone;
      // "Menurut X, CLAUSE."
      uint32_t reported_end = 0;  // cues inside an emitted clause belong to it
      uint32_t f = sb;
      while (f < se && lex_.subject_skip.count(lw(f))) ++f;
      // "Menurutnya, CLAUSE.": the clitic's referent, the salient person.
      if (f + 2 < se && !toks_[f].inq && !used_[f] && is_p(f + 1, ',') && cue(f) &&
          *cue(f) == CueClass::kMenurutPron) {
        uint32_t e = clause_end(f + 2, se, false);
        if (!any_covered(f + 2, e)) {
          emit_reported(f + 2, e, f, SpkKind::kSalient, 0, 0);
          has_quote = true;
          reported_end = e;
        }
      }
      if (f < se && !toks_[f].inq && !used_[f] && lw(f) == "menurut") {
        uint32_t comma = f + 1;
        while (comma < se && !is_p(comma, ',')) ++comma;
        if (comma < se && comma - f <= 10) {
          uint32_t e = clause_end(comma + 1, se, false);
          if (!any_covered(comma + 1, e)) {
            emit_reported(comma + 1, e, f, SpkKind::kPhrase, f + 1, comma);
            has_quote = true;
            reported_end = e;
          }
        }
      }
      // "X mengatakan (bahwa) CLAUSE." / "X meminta warga mengungsi." / "… yang dia katakan CLAUSE."
      // "A menyampaikan B, tegas diplomat itu.": a closing attribution owns the whole clause,
      // speech verbs inside it included.
      uint32_t svo_from = std::max(sb, reported_end);
      for (uint32_t t = sb + 2; t < se; ++t) {
        if (toks_[t].region != kNone || !is_p(t - 1, ',')) continue;
        const CueClass* k = cue(t);
        if (!k || !(*k == CueClass::kInv || *k == CueClass::kInvPron)) continue;
        uint32_t words_before = 0;
        for (uint32_t x = sb; x < t; ++x) words_before += word(x) && !toks_[x].inq ? 1 : 0;
        if (words_before > 4) svo_from = se;
      }
      for (uint32_t t = svo_from; t < se; ++t) {
        if (toks_[t].region != kNone || used_[t]) continue;
        const CueClass* k = cue(t);
        if (!k) continue;
        if (*k == CueClass::kRel) {
          // "hubungan yang dia katakan sedang bergerak ke tingkat baru"
          if (t < sb + 2 || lw(t - 2) != "yang" || !(lex_.pronouns.count(lw(t - 1)) || name_token(t - 1))) continue;
          uint32_t e = clause_end(t + 1, se, false);
          if (any_covered(t + 1, e)) continue;
          emit_reported(t + 1, e, t, SpkKind::kPhrase, t - 1, t);
          has_quote = true;
          t = e;
          continue;
        }
        if (!(*k == CueClass::kSvo || *k == CueClass::kSvoObj || *k == CueClass::kSvoBahwa)) continue;
        // "bahwa" right after the verb or after adjuncts ("mengatakan kepada wartawan kemarin bahwa");
        // a "bahwa" after an object belongs to that object ("menilai X memperkuat dugaan bahwa").
        const bool adjunct = t + 1 < se && (is_p(t + 1, ',') || lex_.speaker_stops.count(lw(t + 1)));
        uint32_t bahwa = kNone, comma = kNone;
        for (uint32_t j = t + 1; j < se && j <= t + 10; ++j) {
          if (lw(j) == "bahwa") {
            bahwa = j;
            break;
          }
          if (is_p(j, ',') && j > t + 1 && comma == kNone) comma = j;
          if (is_p(j, '.') || toks_[j].region != kNone) break;
          if (is_p(j, ',') && !adjunct) break;
        }
        if (bahwa != kNone && bahwa > t + 1 && !adjunct) bahwa = kNone;
        if (*k == CueClass::kSvoBahwa && bahwa == kNone) continue;
        auto [a, b] = subject_before(t);
        if (a >= b) continue;
        bool relative = a < t && t > 0 && lw(t - 1) == "yang";
        uint32_t c = bahwa != kNone ? bahwa + 1 : t + 1;
        // "mengatakan kepada wartawan, kedua negara …": the clause follows the adjunct.
        if (bahwa == kNone && adjunct && comma != kNone && !is_p(t + 1, ',')) c = comma + 1;
        if (c < se && (is_p(c, ',') || is_p(c, ':'))) ++c;
        uint32_t e = clause_end(c, se, relative);
        if (any_covered(c, e)) continue;
        if (*k == CueClass::kSvoObj && bahwa == kNone && !statement_like(c, e, object_min(t)))
          continue;
        emit_reported(c, e, t, SpkKind::kPhrase, a, b);
        has_quote = true;
        t = e;
      }
      // "Dikutip dari Bloomberg, CLAUSE." whose clause has no speech verb of its own: the source
      // named between the lead-in (wire_leadins.txt) and the comma said it.
      if (!has_quote && f < se && !toks_[f].inq) {
        const uint32_t le = match(lex_.wire_leadins, f);
        uint32_t comma = le;
        bool named = false;
        while (comma < se && comma - le <= 8 && word(comma)) named |= toks_[comma++].cap;
        if (le > f && named && is_p(comma, ',') && comma + 1 < se) {
          uint32_t pe = le;  // "Mengutip laporan Bank Indonesia di 2015,": the source ends before "di"
          while (pe < comma && !lex_.speaker_stops.count(lw(pe))) ++pe;
          const uint32_t e = clause_end(comma + 1, se, false);
          if (pe > le && !any_covered(comma + 1, e)) {
            emit_reported(comma + 1, e, f, SpkKind::kPhrase, le, pe);
            has_quote = true;
          }
        }
      }
      if (has_quote) continue;
      // "CLAUSE, kata X." / "CLAUSE, menurut X." / "CLAUSE, lapor X."
      for (uint32_t t0 = sb + 2; t0 < se; ++t0) {
        if (toks_[t0].region != kNone || used_[t0] || !is_p(t0 - 1, ',')) continue;
        const uint32_t t = lead_in(t0, se);  // "…, demikian dilaporkan X"
        const CueClass* k = cue(t);
        if (!k || !(*k == CueClass::kInv || *k == CueClass::kInvPron || *k == CueClass::kMenurut ||
                    *k == CueClass::kMenurutPron || *k == CueClass::kWire))
          continue;
        const bool pron = *k == CueClass::kInvPron || *k == CueClass::kMenurutPron;
        uint32_t c = sb;
        uint32_t e = t0 - 1;
        while (e > c && toks_[e - 1].kind == TK::kPunct && toks_[e - 1].region == kNone) --e;
        if (any_covered(c, e)) break;
        uint32_t pe = pron ? t + 1 : phrase_end_after(t, se);
        if (!pron && pe <= t + 1) break;
        // "Keputusan akhir, menurut kementerian itu, bergantung pada …": a cue interrupting a
        // clause whose first part is too short (or only an adverbial) to be the statement; the
        // statement is the sentence.
        uint32_t words_before = 0;
        for (uint32_t x = c; x < e; ++x) words_before += word(x) ? 1 : 0;
        uint32_t after = pe;
        while (after < se && after < pe + 5 && word(after)) ++after;
        const bool adverbial = word(c) && lex_.subject_blockers.count(lw(c));  // "Dalam hal ini, lanjut X, …"
        if ((words_before <= 4 || adverbial) && is_p(after, ',') && after + 1 < se && word(after + 1) &&
            !cue(after + 1) && lw(after + 1) != "seperti") {
          uint32_t e2 = clause_end(after + 1, se, false);
          uint32_t words_after = 0;
          for (uint32_t x = after + 1; x < e2; ++x) words_after += word(x) ? 1 : 0;
          if (words_after >= 2 && !any_covered(after + 1, e2)) e = e2;
        }
        if (pron) {
          emit_reported(c, e, t, SpkKind::kSalient, 0, 0);
        } else {
          emit_reported(c, e, t, SpkKind::kPhrase, t + 1, pe);
        }
        break;
      }
    }
  }

  // Words an object of the verb at `t` needs to be a statement: verbs whose complement is a
  // predicate ("mengaku kecewa") need one, verbs of judgement ("menilai tuntutan itu
  // berlebihan") three; the rest four (speech_verbs.tsv, third column).
  uint32_t object_min(uint32_t t) const {
    auto it = lex_.object_min.find(lw(t));
    return it == lex_.object_min.end() ? 4 : it->second;
  }

  // An object that reports a statement rather than naming a thing: it has a figure, a clause
  // marker ("akan", "sudah", "tidak"), or 4+ words before any place/time adjunct ("menyebut
  // jumlahnya 19 orang", "meminta warga segera mengungsi"; not "mengumumkan harga baru di Jakarta").
  bool statement_like(uint32_t a, uint32_t b, uint32_t min_words = 4) const {
    // "mengklaim sebagian wilayah yang sama": an object headed by a thing noun names a thing.
    const bool thing = (word(a) && lex_.thing_objects.count(lw(a))) ||
                       (a + 1 < b && word(a + 1) && lex_.thing_objects.count(lw(a + 1)));
    // "memperingatkan potensi hujan lebat di …": a warned or foreseen state of affairs.
    if (b > a + 1 && word(a) && lex_.statement_objects.count(lw(a))) return true;
    uint32_t words = 0;
    bool adjunct = false, relative = false;
    for (uint32_t t = a; t < b; ++t) {
      if (toks_[t].kind == TK::kNum) return true;
      if (!word(t)) continue;
      if (lex_.clause_markers.count(lw(t))) return true;
      if (lw(t) == "yang") relative = true;  // "warga yang tinggal di bantaran": the adjunct is the relative's
      if (t > a && !relative && lex_.object_ends.count(lw(t))) adjunct = true;
      // "menilai hak angket ini sarat muatan politik": a noun phrase closed by a determiner and
      // followed by a predicate is the subject of a clause, even when headed by a thing noun.
      if (t > a && !relative && !adjunct && lex_.skip_determiners.count(lw(t)) && t + 1 < b &&
          word(t + 1) && lw(t + 1) != "yang" && !lex_.object_ends.count(lw(t + 1)) &&
          !lex_.skip_determiners.count(lw(t + 1)) && !lex_.prepositions.count(lw(t + 1)) &&
          !lex_.time_words.count(lw(t + 1)))
        return true;
      if (!adjunct) ++words;
    }
    if (thing) return false;
    // "mengakui timnya kehilangan konsentrasi pada …": a possessed noun opening the object is
    // the subject of a clause, so three words make a statement.
    if (words >= 3 && word(a)) {
      const std::string_view w = lw(a);
      for (const std::string& c : lex_.subject_clitics)
        if (w.size() > c.size() + 2 && w.substr(w.size() - c.size()) == c) return true;
    }
    // A short object opened by a preposition is an adjunct ("mengaku kepada polisi"), not a
    // predicate.
    if (words < 4 && word(a) && lex_.prepositions.count(lw(a))) return false;
    return words >= std::max<uint32_t>(min_words, 1);
  }

  bool any_covered(uint32_t a, uint32_t b) const {
    for (uint32_t t = a; t < b; ++t)
      if (covered(t)) return true;
    return false;
  }

  // "yang disebutnya “jauh lebih matang”": a passive report verb right before the opening mark,
  // or one link word before it ("disebutnya sebagai “koreksi …”"). The verb's token, or kNone.
  uint32_t partial_cue_at(uint32_t open) const {
    uint32_t t = open;
    if (t > 1 && word(t - 1) && !toks_[t - 1].inq && lex_.partial_links.count(lw(t - 1))) --t;
    if (t > 0 && word(t - 1) && !toks_[t - 1].inq && lex_.partial_cues.count(lw(t - 1)))
      return t - 1;
    return kNone;
  }
  bool partial_cue_before(uint32_t open) const { return partial_cue_at(open) != kNone; }

  // Partial quotes whose reported sentence produced no quote are emitted as direct quotes.
  void orphan_partials() {
    for (uint32_t r = 0; r < regions_.size(); ++r) {
      if (region_state_[r] != 3) continue;
      const Region& R = regions_[r];
      bool inside = false;
      for (const Candidate& c : cands_) inside |= c.reported && c.span.start <= R.span.start && R.span.end <= c.span.end + 4;
      if (inside) continue;
      uint32_t words = 0;
      for (uint32_t t = R.open + 1; t <= R.last; ++t) words += word(t) ? 1 : 0;
      Candidate c;
      c.span = R.span;
      c.direct = true;
      c.pos = R.open;
      const uint32_t cue_at = partial_cue_at(R.open);
      const bool passive_cue = cue_at != kNone;
      c.kind = passive_cue ? SpkKind::kSalient : SpkKind::kPrevQuote;
      if (passive_cue) c.cue = toks_[cue_at].span();
      for (uint32_t v = R.open; v-- > sent_begin(R.open);) {
        const CueClass* k = cue(v);
        if (!k || !(*k == CueClass::kSvo || *k == CueClass::kSvoObj || *k == CueClass::kSvoBahwa)) continue;
        auto [a, b] = subject_before(v);
        if (a < b) c.kind = SpkKind::kPhrase, c.sa = a, c.sb = b;
        c.cue = toks_[v].span();
        c.pos = v;
        break;
      }
      if (words <= 3 && c.kind == SpkKind::kPrevQuote) continue;
      if (passive_cue && c.kind == SpkKind::kSalient) c.pos = cue_at;
      cands_.push_back(c);
    }
  }

  // ---------------------------------------------------------------- speakers
  // The person's fullest name in the document ("kata Peskov" → Dmitry Peskov); span and
  // mention stay those of the mention at hand.
  Spk from_person(int p) const {
    Spk s;
    const Person& P = persons_[p];
    s.name = P.name;
    for (const Person& q : persons_)
      if (q.id == P.id && q.b - q.a > P.b - P.a && q.b - q.a > uint32_t(std::count(s.name->begin(), s.name->end(), ' ')) + 1)
        s.name = q.name;
    s.span = span_of(P.a, P.b);
    s.mention = P.mention;
    s.person = p;
    return s;
  }

  bool subject_position(const Person& p) const {
    uint32_t a = p.a;
    uint32_t sb = sent_begin(a);
    if (a == sb) return true;
    // "Warga, Siti Aminah (45), mengaku": an apposition before the verb; not one that ends the
    // sentence ("… mengalahkan unggulan asal China, Liu Xinyan.").
    if (is_p(a - 1, ',')) {
      uint32_t t = p.b;
      if (age_after(t)) t += 3;
      return !(is_p(t, '.') || is_p(t, '!') || is_p(t, '?'));
    }
    // Preceded only by its title/qualifiers from the sentence start.
    uint32_t te = match(lex_.titles, sb);
    if (te > sb && skip_qualifiers(te, a) == a) return true;
    // "Pemimpin Partai Kebebasan Marit Hoekstra …", "Kepala Bidang Pembinaan dan Prestasi PP
    // PBSI Dedi …": a title and the capitalised name of the body it heads (with "dan" and a
    // parenthesised acronym) before the name: still the sentence's subject.
    return te > sb && skip_role_body(te, a) == a;
  }

  // Role nouns compatible with "<role noun> … itu" at a, or null; "mantan menteri itu" also takes
  // those of the noun after "mantan" (a role noun itself).
  const std::vector<std::string>* role_compat(uint32_t a, uint32_t b, std::vector<std::string>& merged) const {
    auto it = lex_.role_nouns.find(lw(a));
    if (it == lex_.role_nouns.end()) return nullptr;
    if (a + 2 < b && word(a + 1)) {
      if (auto it2 = lex_.role_nouns.find(lw(a + 1)); it2 != lex_.role_nouns.end()) {
        merged = it->second;
        merged.insert(merged.end(), it2->second.begin(), it2->second.end());
        return &merged;
      }
    }
    return &it->second;
  }

  // The person a sentence opening with "<role noun> … itu" ("Mantan menteri itu tampak tenang")
  // refers to, latest such sentence starting in [lo, pos): a mention in subject position for
  // salience. Sets person (index) and at (token), else leaves them.
  void role_subject(uint32_t lo, uint32_t pos, int& person, uint32_t& at) const {
    if (pos >= toks_.size() || lo >= pos) return;
    for (uint32_t si = toks_[lo].sent; si <= toks_[pos].sent; ++si) {
      uint32_t t = sent_start_[si];
      if (t < lo || t >= pos || toks_[t].inq) continue;
      const uint32_t se = sent_start_[si + 1];
      while (t < se && word(t) && lex_.subject_skip.count(lw(t))) ++t;
      if (t >= se || !word(t)) continue;
      uint32_t e = t + 1;
      while (e < se && e - t <= 5 && word(e) && lw(e) != "itu" && lw(e) != "tersebut") ++e;
      if (e >= se || e == t + 1 || !word(e) || (lw(e) != "itu" && lw(e) != "tersebut")) continue;
      std::vector<std::string> merged;
      const auto* compat = role_compat(t, e + 1, merged);
      if (!compat) continue;
      uint32_t qa = t + 1;
      while (qa < e && !toks_[qa].cap) ++qa;
      uint32_t qb = qa;
      while (qb < e && toks_[qb].cap) ++qb;
      Spk s = by_role(*compat, qb > qa ? lower_of(qa, qb) : std::string(), t);
      if (s.person >= 0) person = s.person, at = t;
    }
  }

  Spk salient(uint32_t pos) const {
    int prev = -1;
    uint32_t prev_end = 0;
    for (auto it = resolved_.rbegin(); it != resolved_.rend(); ++it) {
      if (it->person >= 0) {
        prev = it->person;
        prev_end = it->end_tok;
        break;
      }
    }
    int role_person = -1;
    uint32_t role_at = 0;
    role_subject(prev >= 0 ? prev_end : 0, pos, role_person, role_at);
    int recent = -1, subject = -1;
    for (int i = int(persons_.size()) - 1; i >= 0; --i) {
      const Person& p = persons_[i];
      if (p.b > pos || toks_[p.a].inq) continue;
      if (recent < 0) recent = i;
      // No one has spoken yet: the latest person in subject position.
      if (prev < 0 && subject < 0 && subject_position(p)) subject = i;
      if (prev >= 0 && p.a >= prev_end && subject_position(p) && p.id != persons_[prev].id)
        return from_person(role_person >= 0 && role_at > p.a ? role_person : i);
      if (p.a < prev_end) break;
    }
    if (role_person >= 0 && (prev >= 0 || subject < 0 || role_at > persons_[subject].a)) return from_person(role_person);
    if (prev >= 0) return from_person(prev);
    if (subject >= 0) return from_person(subject);
    if (recent >= 0) return from_person(recent);
    return {};
  }

  Spk by_role(const std::vector<std::string>& compat, std::string_view qual, uint32_t pos) const {
    int best = -1, best_score = 0;
    for (int i = int(persons_.size()) - 1; i >= 0; --i) {
      const Person& p = persons_[i];
      if (p.b > pos || p.role.empty()) continue;
      int score = 0;
      for (const auto& t : compat)
        if (p.role.find(t) != std::string::npos) score = 1;
      if (score && !qual.empty() &&
          (p.role.find(qual) != std::string::npos || acronym_in(p.role, qual)))
        score = 2;
      if (score > best_score) best = i, best_score = score;
    }
    // Prefer the most recent mention of that person.
    if (best < 0) return {};
    for (int i = int(persons_.size()) - 1; i >= 0; --i)
      if (persons_[i].id == persons_[best].id && persons_[i].b <= pos) return from_person(i);
    return from_person(best);
  }

  // "pks" in "inisiator … dari fraksi partai keadilan sejahtera": the initials of consecutive
  // words of a role (lower-case) spell the qualifier.
  static bool acronym_in(std::string_view role, std::string_view qual) {
    if (qual.size() < 2) return false;
    std::vector<char> initials;
    for (size_t i = 0; i < role.size(); ++i)
      if ((i == 0 || role[i - 1] == ' ') && role[i] != ' ') initials.push_back(role[i]);
    const std::string_view all(initials.data(), initials.size());
    return all.find(qual) != std::string_view::npos;
  }

  // Age a descriptive phrase gives ("pria berusia 58 tahun itu" → 58), or -1.
  int phrase_age(uint32_t a, uint32_t b) const {
    for (uint32_t t = a; t + 1 < b; ++t)
      if (toks_[t].kind == TK::kNum && lw(t + 1) == "tahun") return small_number(t);
    return -1;
  }
  int small_number(uint32_t t) const {
    std::string_view v = tx(t);
    if (v.empty() || v.size() > 3) return -1;
    int n = 0;
    for (char ch : v) {
      if (!is_digit(ch)) return -1;
      n = n * 10 + (ch - '0');
    }
    return n;
  }

  // Gender and age the text gives a person: a descriptor or form of address shortly before a
  // mention ("Ibu Euis", "seorang perempuan, Euis Komariah"), an age right after one
  // ("Euis Komariah (52)", "Darsono, 58,", "Darsono, berusia 58 tahun").
  std::pair<char, int> person_traits(int id) const {
    char gender = 0;
    int age = -1;
    for (const Person& p : persons_) {
      if (p.id != id) continue;
      for (uint32_t t = p.a + 1; t-- > 0 && p.a - t <= 4;) {
        if (toks_[t].sent != toks_[p.a].sent || toks_[t].inq) break;
        if (!word(t)) {
          if (is_p(t, ',')) continue;
          break;
        }
        auto d = lex_.descriptors.find(lw(t));
        if (d != lex_.descriptors.end()) {
          if (d->second) {
            gender = d->second;
            break;
          }
          continue;
        }
        if (t < p.a && (toks_[t].cap || lw(t) == "dan")) break;
      }
      uint32_t t = p.b;
      const bool paren = is_p(t, '(');
      if (paren || is_p(t, ',')) ++t;
      if (t < toks_.size() && lw(t) == "berusia") ++t;
      if (t + 1 < toks_.size() && toks_[t].kind == TK::kNum && toks_[t].sent == toks_[p.a].sent &&
          (paren ? is_p(t + 1, ')') : (lw(t + 1) == "tahun" || is_p(t + 1, ',')))) {
        if (int n = small_number(t); n > 0) age = n;
      }
    }
    return {gender, age};
  }

  bool fits(int person, char gender, int age) const {
    auto [g, y] = person_traits(persons_[person].id);
    return (!gender || !g || g == gender) && (age < 0 || y < 0 || y == age);
  }

  // The person a description refers back to: one the text gave that age, else the salient
  // person when it fits, else the latest earlier person that fits.
  Spk by_description(char gender, int age, uint32_t pos) const {
    std::vector<int> before;
    for (int i = int(persons_.size()) - 1; i >= 0; --i)
      if (persons_[i].b <= pos && !toks_[persons_[i].a].inq) before.push_back(i);
    if (before.empty()) return {};
    if (age >= 0) {
      for (int i : before)
        if (person_traits(persons_[i].id).second == age && fits(i, gender, age)) return from_person(i);
    }
    Spk s = salient(pos);
    if (s.person >= 0 && fits(s.person, gender, age)) return s;
    for (int i : before)
      if (fits(i, gender, age)) return from_person(i);
    return {};
  }

  std::string lower_of(uint32_t a, uint32_t b) const {
    return std::string(std::string_view(lower_).substr(toks_[a].s, toks_[b - 1].e - toks_[a].s));
  }

  int mention_in(uint32_t a, uint32_t b) const {
    Span sp = span_of(a, b);
    int found = -1, count = 0;
    for (size_t k = 0; k < in_.entities.size(); ++k) {
      const auto& m = in_.entities[k];
      if (sp.contains(m.span)) {
        if (m.span == sp) return int(k);
        found = int(k);
        ++count;
      }
    }
    return count == 1 ? found : -1;
  }

  // A speaking body kept as a phrase. A parenthesised acronym names it ("Badan Nasional
  // Penanggulangan Bencana (BNPB)" → BNPB); it links to an entity mention only when that mention
  // is the phrase (or its capitalised part), never to a place inside it ("dinas intelijen Ukraina").
  Spk collective(uint32_t a, uint32_t b) const {
    for (uint32_t t = a + 1; t < b + 1 && t + 1 < toks_.size(); ++t) {
      if (is_p(t - 1, '(') && word(t) && toks_[t].kind == TK::kWord && toks_[t].cap && is_p(t + 1, ')')) {
        a = t;
        b = t + 1;
        break;
      }
    }
    while (b > a && !word(b - 1)) --b;
    Spk s;
    s.name = text_of(a, b);
    s.span = span_of(a, b);
    uint32_t ca = a;
    while (ca < b && !toks_[ca].cap) ++ca;
    for (size_t k = 0; k < in_.entities.size(); ++k) {
      const auto& m = in_.entities[k];
      if (m.span == span_of(a, b) || (ca > a && ca < b && m.type == EntityType::kOrg && m.span == span_of(ca, b))) {
        s.mention = int(k);
        break;
      }
    }
    return s;
  }

  // "kementerian itu": the last body with that head word that spoke or was named before `pos`.
  Spk body_by_head(std::string_view head, uint32_t pos) const {
    for (auto it = out_.rbegin(); it != out_.rend(); ++it) {
      if (!it->speaker || !it->speaker_span || it->speaker_span->start >= toks_[pos].s) continue;
      std::string first = ascii_lower(it->speaker->substr(0, it->speaker->find(' ')));
      if (first == head) {
        Spk s;
        s.name = it->speaker;
        s.span = it->speaker_span;
        s.mention = it->speaker_mention;
        return s;
      }
    }
    for (size_t k = in_.entities.size(); k-- > 0;) {
      const auto& m = in_.entities[k];
      if (m.type == EntityType::kPer || m.span.end > toks_[pos].s) continue;
      std::string_view t = m.span.in(text_);
      if (ascii_lower(t.substr(0, t.find(' '))) == head) {
        Spk s;
        s.name = std::string(t);
        s.span = m.span;
        s.mention = int(k);
        return s;
      }
    }
    return {};
  }

  // The last body before token `pos`: a speaker that is no person, or a later organisation mention.
  Spk last_body(uint32_t pos) const {
    Spk s;
    uint32_t after = 0;
    for (size_t i = out_.size(); i-- > 0;) {
      const Quote& q = out_[i];
      if (!q.speaker || !q.speaker_span || q.speaker_span->start >= toks_[pos].s || resolved_[i].person >= 0) continue;
      s.name = q.speaker;
      s.span = q.speaker_span;
      s.mention = q.speaker_mention;
      after = q.speaker_span->end;
      break;
    }
    for (size_t k = in_.entities.size(); k-- > 0;) {
      const auto& m = in_.entities[k];
      if (m.type != EntityType::kOrg || m.span.end > toks_[pos].s) continue;
      if (m.span.start >= after) {
        s.name = m.text.empty() ? std::string(m.span.in(text_)) : m.text;
        s.span = m.span;
        s.mention = int(k);
      }
      break;
    }
    return s;
  }

  Spk resolve_phrase(uint32_t a, uint32_t b, uint32_t pos) {
    while (a < b && (lex_.subject_skip.count(lw(a)) || !word(a))) ++a;
    while (b > a && !word(b - 1)) --b;
    if (a < b && lw(a) == "menurut") ++a;
    bool source_head = false;
    for (uint32_t h = match(lex_.source_heads, a); b > h && h > a && !lex_.skip_determiners.count(lw(h));
         h = match(lex_.source_heads, a))
      a = h, source_head = true;
    if (a >= b) return {};
    if (source_head) {
      // "kantor berita Filipina PNA", "kantor berita Korea Selatan Yonhap": the place qualifies
      // the source named after it.
      uint32_t q = a, last = a;
      while (q < b) {
        const uint32_t j = match(lex_.qualifiers, q);
        if (j == q || j > b) break;
        last = q;
        q = j;
      }
      if (q == b) q = last;  // the source itself is a known body ("… Korea Selatan Yonhap")
      bool names = q > a && q < b;
      for (uint32_t t = q; t < b && names; ++t) names = word(t) && toks_[t].cap;
      if (names) a = q;
    }
    if (lex_.pronouns.count(lw(a)) && (b - a == 1 || !name_token(a + 1))) return salient(pos);
    // "<role noun> … itu": anaphora by compatible role.
    if (b - a >= 2 && (lw(b - 1) == "itu" || lw(b - 1) == "tersebut")) {
      std::vector<std::string> merged;
      if (const auto* compat = role_compat(a, b, merged)) {
        uint32_t qa = a + 1;
        while (qa < b - 1 && !toks_[qa].cap) ++qa;
        uint32_t qb = qa;
        while (qb < b - 1 && toks_[qb].cap) ++qb;
        std::string qual = qb > qa ? lower_of(qa, qb) : std::string();
        Spk s = by_role(*compat, qual, a);
        if (s.name) return s;
        // "pejabat tersebut" with no one given that role: a body that spoke as "pejabat …",
        // else the salient person.
        if (Spk s2 = body_by_head(lw(a), a); s2.name) return s2;
        if (Spk s2 = by_description(0, phrase_age(a, b), pos); s2.name) return s2;
        return collective(a, b);
      }
      // "pria berusia 58 tahun itu", "perempuan itu": the salient person that fits.
      if (auto d = lex_.descriptors.find(lw(a)); d != lex_.descriptors.end()) {
        if (Spk s = by_description(d->second, phrase_age(a, b), pos); s.name) return s;
      }
      if (Spk s = body_by_head(lw(a), a); s.name) return s;
      // "Lembaga itu", "badan tersebut": the last body that spoke or was named.
      if (lex_.body_nouns.count(lw(a)))
        if (Spk s = last_body(a); s.name) return s;
    }
    // A person named inside the phrase (last one).
    for (int i = int(persons_.size()) - 1; i >= 0; --i) {
      const Person& p = persons_[i];
      if (p.a >= a && p.b <= b) return from_person(i);
    }
    // A title with no name after it: the person the article gave that role ("juru bicara Kremlin").
    const std::string* canon = nullptr;
    uint32_t te = match(lex_.titles, a, &canon);
    if (te > a) {
      uint32_t qe = skip_qualifiers(te, b);
      if (qe == b) {
        std::vector<std::string> compat{*canon, lower_of(a, te)};
        std::string qual = te < b ? lower_of(te, b) : std::string();
        Spk s = by_role(compat, qual, a);
        if (s.name) return s;
        return collective(a, b);
      }
      // "Ekonom Institute for Development of Economics and Finance (Indef) Maya Lestari": a body
      // named with its acronym between the title and the person; the name follows the acronym.
      for (uint32_t t = b; t-- > qe + 1;) {
        if (!is_p(t, ')')) continue;
        const uint32_t n = bare_name(t + 1, b);
        if (n == b && n > t + 1 && t >= 2 && word(t - 1) && toks_[t - 1].cap && is_p(t - 2, '(')) {
          add_dynamic_person(t + 1, b, lower_of(a, t + 1));
          return from_person(int(last_dynamic_));
        }
        break;
      }
      // Title, qualifiers and a name not known as a person yet.
      if (name_token(qe)) {
        uint32_t e = qe;
        while (e < b && name_token(e)) ++e;
        uint32_t n = name_after_body(qe, e);
        // "Kepala Satuan Lalu Lintas Polres Majalengka AKP Yudha Pratama": a police or military
        // rank (ranks.txt) stands right before the name.
        for (uint32_t t = e; t-- > qe;)
          if (lex_.ranks.count(lw(t))) {
            if (t + 1 < e) n = t + 1;
            break;
          }
        add_dynamic_person(n, e, lower_of(a, n));
        return from_person(int(last_dynamic_));
      }
    }
    // "lembaga penyiaran publik NHK": a description before the body's own name.
    if (!toks_[a].cap && lex_.body_nouns.count(lw(a))) {
      uint32_t ca = a;
      while (ca < b && !toks_[ca].cap) ++ca;
      bool names = ca > a && ca < b;
      for (uint32_t t = ca; t < b && names; ++t) names = (word(t) && toks_[t].cap) || is_p(t, '(') || is_p(t, ')');
      // Not when the name is a place the body belongs to ("kementerian luar negeri China").
      const int m = names ? mention_in(ca, b) : -1;
      const bool place = m >= 0 ? in_.entities[m].type == EntityType::kLoc : skip_qualifiers_coord(ca, b) == b;
      if (names && !place) return collective(ca, b);
    }
    if (lex_.collective_heads.count(lw(a))) return collective(a, b);
    // A capitalised name not seen as a person: a place/body when it is a known qualifier or
    // coordinated names ("AS dan Korea Selatan"), else a new person.
    bool all_names = true;
    for (uint32_t t = a; t < b; ++t) all_names &= toks_[t].cap || lw(t) == "dan";
    if (all_names && skip_qualifiers_coord(a, b) == b) return collective(a, b);
    if (all_names && b - a <= 4) {
      int m = mention_in(a, b);
      if (m >= 0 && in_.entities[m].type != EntityType::kPer && !age_after(b)) return collective(a, b);
      add_dynamic_person(a, b, {});
      return from_person(int(last_dynamic_));
    }
    return collective(a, b);
  }

  // "Bank Nusantara Lukas Hutagalung" after a title: a capitalised run opened by an organisation
  // head noun is the body, then a person's name of two words, or three when the text names the
  // person elsewhere by the first of three ("kata Lukas"). Returns where the name starts (a when
  // the run is not of that shape).
  uint32_t name_after_body(uint32_t a, uint32_t e) const {
    uint32_t o = a;
    while (o < e && !lex_.org_heads.count(lw(o))) ++o;
    if (o + 4 > e) return a;
    uint32_t n = e - 2;
    if (o + 5 <= e) {
      const std::string_view first = tx(e - 3);
      const Span run = span_of(a, e);
      for (const auto& m : in_.entities)
        if (m.type == EntityType::kPer && !run.contains(m.span) && m.span.in(text_) == first)
          n = e - 3;
    }
    return n;
  }

  uint32_t skip_qualifiers_coord(uint32_t a, uint32_t b) const {
    uint32_t i = a;
    while (i < b) {
      uint32_t j = match(lex_.qualifiers, i);
      if (j == i || j > b) break;
      i = j;
      if (i < b && lw(i) == "dan") ++i;
    }
    return i;
  }

  void add_dynamic_person(uint32_t a, uint32_t b, std::string role) {
    if (role.empty()) role = comma_role(a);
    int m = in_.entities.empty() ? -1 : mention_in(a, b);
    add_person(a, b, std::move(role), m, m >= 0 ? in_.entities[m].text : text_of(a, b));
    // Keep persons_ ordered by position for salience.
    Person p = persons_.back();
    persons_.pop_back();
    auto it = std::upper_bound(persons_.begin(), persons_.end(), p.a, [](uint32_t x, const Person& q) { return x < q.a; });
    persons_.insert(it, std::move(p));
    last_dynamic_ = uint32_t(it - persons_.begin());
  }

  void resolve_all() {
    out_.reserve(cands_.size());
    for (const Candidate& c : cands_) {
      Spk s;
      switch (c.kind) {
        case SpkKind::kPhrase: {
          s = resolve_phrase(c.sa, c.sb, c.pos);
          break;
        }
        case SpkKind::kSalient:
          s = salient(c.pos);
          break;
        case SpkKind::kPrevQuote:
          if (!resolved_.empty() && !out_.empty()) {
            const Quote& pq = out_.back();
            uint32_t pt = tok_at_or_after(pq.span.start);
            uint32_t ct = tok_at_or_after(c.span.start);
            if (pt < toks_.size() && ct < toks_.size() && toks_[ct].para <= toks_[pt].para + 1) {
              s.name = pq.speaker;
              s.span = pq.speaker_span;
              s.mention = pq.speaker_mention;
              s.person = resolved_.back().person;
            }
          }
          break;
        case SpkKind::kNoSpeaker:
          break;
      }
      Quote q;
      q.span = c.span;
      q.cue = c.cue;
      q.direct = c.direct;
      q.speaker = s.name;
      q.speaker_span = s.span;
      q.speaker_mention = s.mention;
      out_.push_back(std::move(q));
      resolved_.push_back({s.person, tok_at_or_after(c.span.end)});
    }
  }

  struct Resolved {
    int person;
    uint32_t end_tok;
  };

  const Lexicon& lex_;
  const Analysis& in_;
  std::string_view text_;
  std::vector<Quote>& out_;
  std::string lower_;
  std::vector<Tok> toks_;
  std::vector<Region> regions_;
  std::vector<uint32_t> sent_start_;
  std::vector<Person> persons_;
  int next_id_ = 0;
  uint32_t last_dynamic_ = kNone;
  std::vector<Candidate> cands_;
  std::vector<char> used_;
  std::vector<uint8_t> region_state_;
  std::vector<uint32_t> partial_cue_;
  std::vector<Resolved> resolved_;
};

}  // namespace

Result<QuoteExtractor> QuoteExtractor::load(const std::filesystem::path& data_dir) {
  auto lex = load_quote_lexicon(data_dir);
  if (!lex) return lex.error();
  QuoteExtractor q;
  q.lex_ = std::make_shared<const Lexicon>(std::move(*lex));
  return q;
}

void QuoteExtractor::annotate(const Analysis& in, std::vector<Quote>& out) const {
  out.clear();
  if (!lex_) return;
  Run run(*lex_, in, out);
  run.go();
}

}  // namespace kabar::extract
