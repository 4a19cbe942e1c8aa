// NER lexicon (gazetteer + roles), CoNLL readers, test-sentence keys and the training recipe.
#include <chrono>
#include <cstdio>
#include <unordered_set>

#include "kabar/core/data_dir.h"
#include "kabar/core/hash.h"
#include "kabar/extract/ner.h"

namespace kabar::extract {

namespace {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = char(c + 32);
  }
  return out;
}

std::vector<std::string> words_of(std::string_view phrase) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < phrase.size()) {
    while (i < phrase.size() && (phrase[i] == ' ' || phrase[i] == '\t')) ++i;
    size_t s = i;
    while (i < phrase.size() && phrase[i] != ' ' && phrase[i] != '\t') ++i;
    if (i > s) out.emplace_back(phrase.substr(s, i - s));
  }
  return out;
}

std::string lower_key(std::string_view phrase, size_t* ntokens) {
  std::vector<std::string> w = words_of(phrase);
  std::string key;
  for (size_t i = 0; i < w.size(); ++i) {
    if (i) key += ' ';
    key += ascii_lower(w[i]);
  }
  *ntokens = w.size();
  return key;
}

// Hash keys of every proper prefix (in tokens) of `key`.
template <class Set>
void add_prefixes(std::string_view key, Set& prefixes) {
  for (size_t i = 0; i <= key.size(); ++i) {
    if (i == key.size() || key[i] == ' ') prefixes.insert(hash64(key.substr(0, i)));
  }
}

int entity_type_of(std::string_view t) {
  if (t == "PER") return int(EntityType::kPer);
  if (t == "ORG") return int(EntityType::kOrg);
  if (t == "LOC" || t == "GPE") return int(EntityType::kLoc);
  if (t == "MISC") return int(EntityType::kMisc);
  return -1;
}

// Longest key starting at i in `map` (whose keys are `keys`) using the prefix set to stop early.
template <class Set, class Map>
size_t longest(std::span<const std::string_view> lower, size_t i, size_t max_len,
               const Set& prefixes, const Set& keys, const Map& map,
               typename Map::const_iterator* found) {
  // hash64() of the key built a word at a time ("word word…"), without building key strings.
  uint64_t state = hash64_start();
  size_t best = 0;
  for (size_t len = 1; len <= max_len && i + len <= lower.size(); ++len) {
    if (len > 1) state = hash64_update(state, " ");
    state = hash64_update(state, lower[i + len - 1]);
    const uint64_t h = hash64_finish(state);
    if (keys.contains(h)) {
      auto it = map.find(h);
      if (it != map.end()) {
        best = len;
        *found = it;
      }
    }
    if (!prefixes.contains(h)) break;
  }
  return best;
}

}  // namespace


Result<NerLexicon> NerLexicon::load(const std::filesystem::path& data_dir, bool optional) {
  NerLexicon lex;
  const auto ent_file = data_dir / "gazetteer" / "entities.tsv";
  const auto role_file = data_dir / "gazetteer" / "roles.tsv";
  uint64_t fp = 0;
  if (std::filesystem::exists(ent_file) || !optional) {
    auto lines = read_lines(ent_file);
    if (!lines) return lines.error();
    for (const std::string& line : *lines) {
      fp = hash64(line, fp);
      std::vector<std::string> f = split(line, '\t');
      if (f.size() < 2) continue;
      const int type = entity_type_of(f[0]);
      if (type < 0) continue;
      Entry e;
      e.type = EntityType(type);
      e.canonical = f[1];
      if (f.size() >= 4) {
        for (const std::string& kv : split(f[3], ';')) {
          const size_t eq = kv.find('=');
          if (eq == std::string::npos) continue;
          const std::string k = kv.substr(0, eq), v = kv.substr(eq + 1);
          if (k == "country") e.country = v;
          if (k == "kind") e.kind = v;
          if (k == "ambiguous") e.ambiguous = v == "1";
        }
      }
      std::vector<std::string> variants{f[1]};
      if (f.size() >= 3) {
        for (const std::string& v : split(f[2], '|')) {
          if (!v.empty()) variants.push_back(v);
        }
      }
      for (const std::string& v : variants) {
        size_t nt = 0;
        const std::string key = lower_key(v, &nt);
        if (nt == 0) continue;
        auto& list = lex.entity_map_[hash64(key)];
        lex.entity_keys_.insert(hash64(key));
        bool dup = false;
        for (const Entry& x : list) dup |= x.type == e.type && x.canonical == e.canonical;
        if (!dup) list.push_back(e);
        add_prefixes(key, lex.entity_prefixes_);
        lex.variants_.emplace(hash64(key), v);
        lex.max_entity_len_ = std::max(lex.max_entity_len_, nt);
      }
      ++lex.entity_count_;
    }
  }
  if (std::filesystem::exists(role_file) || !optional) {
    auto lines = read_lines(role_file);
    if (!lines) return lines.error();
    for (const std::string& line : *lines) {
      fp = hash64(line, fp ^ 0x5);
      std::vector<std::string> f = split(line, '\t');
      if (f.empty() || f[0].empty()) continue;
      Role r{f.size() > 1 ? f[1] : f[0], f.size() > 2 ? f[2] : ""};
      size_t nt = 0;
      const std::string key = lower_key(f[0], &nt);
      if (nt == 0) continue;
      lex.role_map_.emplace(hash64(key), r);
      lex.role_keys_.insert(hash64(key));
      add_prefixes(key, lex.role_prefixes_);
      lex.max_role_len_ = std::max(lex.max_role_len_, nt);
    }
  }
  const auto words_file = data_dir / "models" / "ner.words.tsv";
  if (std::filesystem::exists(words_file) || !optional) {
    Status st = lex.load_word_classes(words_file);
    if (!st) return st.error();
  }
  lex.fingerprint_ = fp;
  return lex;
}

void NerLexicon::HashSet64::insert(uint64_t key) {
  if (key == 0) {
    has_zero = true;
    return;
  }
  if (2 * (count + 1) > slots.size()) {  // keep the load factor ≤ 1/2
    std::vector<uint64_t> old;
    old.swap(slots);
    slots.assign(old.empty() ? 64 : 2 * old.size(), 0);
    count = 0;
    for (uint64_t k : old) {
      if (k != 0) insert(k);
    }
  }
  const size_t mask = slots.size() - 1;
  for (size_t i = (key * 0x9E3779B97F4A7C15ULL) >> 20 & mask;; i = (i + 1) & mask) {
    if (slots[i] == key) return;
    if (slots[i] == 0) {
      slots[i] = key;
      ++count;
      return;
    }
  }
}

size_t NerLexicon::match_entity(std::span<const std::string_view> lower, size_t i,
                                const std::vector<Entry>** entries) const {
  decltype(entity_map_)::const_iterator it;
  const size_t len = longest(lower, i, max_entity_len_, entity_prefixes_, entity_keys_, entity_map_, &it);
  if (len && entries) *entries = &it->second;
  return len;
}

size_t NerLexicon::match_role(std::span<const std::string_view> lower, size_t i,
                              const Role** role) const {
  decltype(role_map_)::const_iterator it;
  const size_t len = longest(lower, i, max_role_len_, role_prefixes_, role_keys_, role_map_, &it);
  if (len && role) *role = &it->second;
  return len;
}

bool NerLexicon::has_variant(std::span<const std::string_view> lower, size_t i, size_t len,
                             std::string_view surface) const {
  std::string key;
  for (size_t k = 0; k < len; ++k) {
    if (k) key += ' ';
    key += lower[i + k];
  }
  auto range = variants_.equal_range(hash64(key));
  for (auto it = range.first; it != range.second; ++it) {
    if (it->second == surface) return true;
  }
  return false;
}

void NerLexicon::gazetteer_marks(std::span<const std::string_view> lower,
                                 std::vector<uint8_t>& out, std::vector<Match>* matches) const {
  out.assign(lower.size(), 0);
  if (matches) matches->clear();
  if (entity_map_.empty()) return;
  for (size_t i = 0; i < lower.size();) {
    const std::vector<Entry>* entries = nullptr;
    const size_t len = match_entity(lower, i, &entries);
    if (!len) {
      ++i;
      continue;
    }
    if (matches) matches->push_back({uint32_t(i), uint32_t(len), entries});
    for (const Entry& e : *entries) {
      out[i] |= uint8_t(1u << (2 * int(e.type)));
      for (size_t k = 1; k < len; ++k) out[i + k] |= uint8_t(2u << (2 * int(e.type)));
    }
    i += len;
  }
}

void NerLexicon::role_marks(std::span<const std::string_view> lower, std::vector<uint8_t>& out) const {
  out.assign(lower.size(), 0);
  if (role_map_.empty()) return;
  for (size_t i = 0; i < lower.size();) {
    const size_t len = match_role(lower, i, nullptr);
    if (!len) {
      ++i;
      continue;
    }
    for (size_t k = 0; k < len; ++k) out[i + k] |= 1;
    out[i + len - 1] |= 2;
    i += len;
  }
}

namespace {
// The greedy gazetteer matches over `lower`: those extract_features recorded in `s` when they
// were made with this lexicon over these tokens, else a fresh scan into `fresh`.
const std::vector<NerLexicon::Match>& greedy_matches(const NerLexicon& lexicon,
                                                     std::span<const std::string_view> lower,
                                                     const NerScratch& s,
                                                     std::vector<NerLexicon::Match>& fresh) {
  if (s.gaz_lexicon == &lexicon && s.gaz_tokens == lower.size()) return s.gaz_matches;
  std::vector<uint8_t> marks;
  lexicon.gazetteer_marks(lower, marks, &fresh);
  return fresh;
}
}  // namespace

size_t ner_gazetteer_fill(std::span<const std::string_view> words, const NerLexicon& lexicon,
                          const NerScratch& s, std::vector<uint8_t>& tags, bool names) {
  size_t added = 0;
  const std::span<const std::string_view> lower(s.lower.data(), std::min(s.lower.size(), words.size()));
  std::string surface;
  thread_local std::vector<NerLexicon::Match> fresh;
  for (const NerLexicon::Match& m : greedy_matches(lexicon, lower, s, fresh)) {
    const size_t i = m.start, len = m.len;
    const std::vector<NerLexicon::Entry>* entries = m.entries;
    bool all_o = true;
    for (size_t k = i; k < i + len; ++k) all_o &= tags[k] == kTagO;
    // One type only, not ambiguous.
    int type = -1;
    bool ambiguous = false;
    for (const auto& e : *entries) {
      if (type >= 0 && type != int(e.type)) type = -2;
      if (type == -1) type = int(e.type);
      ambiguous |= e.ambiguous;
    }
    if (all_o && type >= 0 && !ambiguous) {
      surface.clear();
      bool acronym = len == 1 && words[i].size() >= 2;
      for (size_t k = i; k < i + len; ++k) {
        if (k > i) surface += ' ';
        surface += words[k];
      }
      if (acronym) {
        for (unsigned char c : words[i]) acronym &= (c >= 'A' && c <= 'Z');
      }
      bool capitalised = len >= 2;
      for (size_t k = i; k < i + len && capitalised; ++k) {
        capitalised = !words[k].empty() && words[k][0] >= 'A' && words[k][0] <= 'Z';
      }
      if ((acronym || (names && capitalised)) && lexicon.has_variant(lower, i, len, surface)) {
        tags[i] = ner_begin(EntityType(type));
        for (size_t k = i + 1; k < i + len; ++k) tags[k] = ner_inside(EntityType(type));
        ++added;
      }
    }
  }
  return added;
}

size_t ner_gazetteer_extend(std::span<const std::string_view> words, const NerLexicon& lexicon,
                            const NerScratch& s, std::vector<uint8_t>& tags) {
  // A capitalised multi-word person name written exactly as the gazetteer has it ("Kim Jong Un") wins
  // over model chunks that lie inside it (the model cut it short or split it), never over a
  // chunk that reaches beyond it. The gazetteer's type is taken when it has one type only.
  size_t changed = 0;
  const std::span<const std::string_view> lower(s.lower.data(), std::min(s.lower.size(), words.size()));
  std::string surface;
  thread_local std::vector<NerLexicon::Match> fresh;
  for (const NerLexicon::Match& m : greedy_matches(lexicon, lower, s, fresh)) {
    const size_t i = m.start, len = m.len;
    const std::vector<NerLexicon::Entry>* entries = m.entries;
    int type = -1;
    bool ok = true;
    if (len == 1) {
      // One word: only a lone model chunk typed PER on a listed non-person name ("Kremlin
      // menyediakan …" read as a person at the start of a sentence) is retyped.
      for (const auto& e : *entries) {
        if (e.ambiguous || e.type == EntityType::kPer || (type >= 0 && type != int(e.type))) ok = false;
        type = int(e.type);
      }
      const bool lone_per = tags[i] == ner_begin(EntityType::kPer) &&
                            (i + 1 >= tags.size() || tags[i + 1] != ner_inside(EntityType::kPer));
      if (ok && type >= 0 && lone_per && lexicon.has_variant(lower, i, 1, words[i])) {
        tags[i] = ner_begin(EntityType(type));
        ++changed;
      }
      continue;
    }
    for (const auto& e : *entries) {
      if (e.ambiguous || (type >= 0 && type != int(e.type))) ok = false;
      type = int(e.type);
    }
    bool capitalised = true, all_o = true, same = tags[i] == ner_begin(EntityType(std::max(type, 0)));
    for (size_t k = i; k < i + len; ++k) {
      capitalised &= !words[k].empty() && words[k][0] >= 'A' && words[k][0] <= 'Z';
      all_o &= tags[k] == kTagO;
      if (k > i) same &= tags[k] == ner_inside(EntityType(std::max(type, 0)));
    }
    // Chunks may not cross the span's edges.
    const bool starts_inside = i > 0 && tags[i] != kTagO && !ner_is_begin(tags[i]);
    const bool runs_past = i + len < tags.size() && tags[i + len] != kTagO && !ner_is_begin(tags[i + len]);
    // Multi-word: people only (organisation and place names nest: "Universitas Indonesia"), and
    // only a name the model cut short: one PER chunk from the first word, the rest untagged.
    size_t cut = i;
    if (tags[i] == ner_begin(EntityType::kPer)) {
      cut = i + 1;
      while (cut < i + len && tags[cut] == ner_inside(EntityType::kPer)) ++cut;
    }
    bool rest_o = cut > i && cut < i + len;
    for (size_t k = cut; k < i + len && rest_o; ++k) rest_o = tags[k] == kTagO;
    if (ok && type == int(EntityType::kPer) && rest_o && capitalised && !all_o && !same && !starts_inside && !runs_past) {
      surface.clear();
      for (size_t k = i; k < i + len; ++k) {
        if (k > i) surface += ' ';
        surface += words[k];
      }
      if (lexicon.has_variant(lower, i, len, surface)) {
        tags[i] = ner_begin(EntityType(type));
        for (size_t k = i + 1; k < i + len; ++k) tags[k] = ner_inside(EntityType(type));
        ++changed;
      }
    }
  }
  return changed;
}

namespace {
// The single type of a gazetteer match, or -1 when ambiguous / several types.
int single_type(const std::vector<NerLexicon::Entry>& entries) {
  int type = -1;
  for (const auto& e : entries) {
    if (e.ambiguous || (type >= 0 && type != int(e.type))) return -1;
    type = int(e.type);
  }
  return type;
}
}  // namespace

size_t ner_split_merges(std::span<const std::string_view> words, const NerLexicon& lexicon,
                        const NerScratch& s, std::vector<uint8_t>& tags) {
  auto capital = [&](size_t i) { return i < words.size() && !words[i].empty() && words[i][0] >= 'A' && words[i][0] <= 'Z'; };
  size_t splits = 0;
  const std::span<const std::string_view> lower(s.lower.data(), std::min(s.lower.size(), tags.size()));
  for (size_t a = 0; a < lower.size();) {
    if (tags[a] == kTagO) {
      ++a;
      continue;
    }
    const EntityType t = ner_type(tags[a]);
    size_t b = a + 1;
    while (b < lower.size() && tags[b] == ner_inside(t)) ++b;
    const std::vector<NerLexicon::Entry>* e1 = nullptr;
    const size_t g = b - a >= 2 ? lexicon.match_entity(lower, a, &e1) : 0;
    if (g > 0 && g < b - a && capital(a) && capital(a + g)) {
      const int u = single_type(*e1);
      const std::vector<NerLexicon::Entry>* e2 = nullptr;
      const size_t r = lexicon.match_entity(lower, a + g, &e2);
      int v = -1;
      if (r == b - a - g) v = single_type(*e2);
      if (v == u) v = -1;
      // Only person boundaries: ORG + LOC compounds (PKB Indonesia) stay whole.
      if (v >= 0 && v != int(EntityType::kPer) && u != int(EntityType::kPer)) v = -1;
      if (v < 0 && u >= 0 && u != int(t) && t == EntityType::kPer) v = int(t);
      if (u >= 0 && v >= 0) {
        tags[a] = ner_begin(EntityType(u));
        for (size_t k = a + 1; k < a + g; ++k) tags[k] = ner_inside(EntityType(u));
        tags[a + g] = ner_begin(EntityType(v));
        for (size_t k = a + g + 1; k < b; ++k) tags[k] = ner_inside(EntityType(v));
        ++splits;
      }
    }
    a = b;
  }
  return splits;
}

uint8_t map_ner_tag(std::string_view tag) {
  if (tag.size() < 3 || (tag[0] != 'B' && tag[0] != 'I') || (tag[1] != '-' && tag[1] != '_')) {
    return kTagO;
  }
  const bool begin = tag[0] == 'B';
  const std::string_view t = tag.substr(2);
  int type = -1;
  if (t == "PERSON" || t == "PER" || t == "PPL") type = int(EntityType::kPer);
  else if (t == "ORGANISATION" || t == "ORGANIZATION" || t == "ORG" || t == "IND") type = int(EntityType::kOrg);
  else if (t == "PLACE" || t == "LOCATION" || t == "LOC" || t == "PLC" || t == "GPE") type = int(EntityType::kLoc);
  else if (t == "MISC" || t == "EVT" || t == "FNB") type = int(EntityType::kMisc);
  if (type < 0) return kTagO;
  return begin ? ner_begin(EntityType(type)) : ner_inside(EntityType(type));
}

namespace {

// Parses CoNLL text; calls `on_token(token, tag)` per line and `on_end()` at sentence ends.
template <class OnToken, class OnEnd>
Status parse_conll(const std::filesystem::path& file, OnToken on_token, OnEnd on_end) {
  auto text = read_file(file);
  if (!text) return text.error();
  std::string_view all = *text;
  size_t line_no = 0;
  while (!all.empty()) {
    size_t nl = all.find('\n');
    std::string_view line = all.substr(0, nl);
    all = nl == std::string_view::npos ? std::string_view() : all.substr(nl + 1);
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    if (line.empty()) {
      on_end();
      continue;
    }
    const char sep = line.find('\t') != std::string_view::npos ? '\t' : ' ';
    const size_t first = line.find(sep), last = line.rfind(sep);
    if (first == std::string_view::npos) {
      return Error{file.string() + ":" + std::to_string(line_no) + ": expected `token<TAB>tag`"};
    }
    on_token(line.substr(0, first), line.substr(last + 1));
  }
  on_end();
  return Ok{};
}

}  // namespace

Result<std::vector<NerSentence>> read_conll(const std::filesystem::path& file, NerDomain domain) {
  std::vector<NerSentence> out;
  NerSentence cur;
  cur.domain = domain;
  Status st = parse_conll(
      file,
      [&](std::string_view tok, std::string_view tag) {
        uint8_t t = map_ner_tag(tag);
        // conlleval: an I- tag that does not continue the same type starts a new entity.
        if (t != kTagO && !ner_is_begin(t)) {
          const uint8_t prev = cur.tags.empty() ? kTagO : cur.tags.back();
          if (prev == kTagO || ner_type(prev) != ner_type(t)) t = uint8_t(t - 1);
        }
        cur.words.emplace_back(tok);
        cur.tags.push_back(t);
      },
      [&] {
        if (!cur.words.empty()) out.push_back(std::move(cur));
        cur = NerSentence{};
        cur.domain = domain;
      });
  if (!st) return st.error();
  if (out.empty()) return Error{file.string() + ": no sentences"};
  return out;
}

Result<unsigned> conll_type_mask(const std::filesystem::path& file) {
  unsigned mask = 0;
  Status st = parse_conll(
      file,
      [&](std::string_view, std::string_view tag) {
        const uint8_t t = map_ner_tag(tag);
        if (t != kTagO) mask |= 1u << int(ner_type(t));
      },
      [] {});
  if (!st) return st.error();
  return mask;
}

uint64_t ner_sentence_key(std::string_view raw_text) {
  std::string norm;
  norm.reserve(raw_text.size());
  for (unsigned char c : raw_text) {
    if (c >= 'A' && c <= 'Z') norm += char(c + 32);
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) norm += char(c);
  }
  return hash64(norm, 0x4E45);
}

uint64_t ner_sentence_key(std::span<const std::string> words) {
  std::string joined;
  for (const std::string& w : words) joined += w;
  return ner_sentence_key(joined);
}

namespace {

std::filesystem::path data_root(const std::filesystem::path& shared_dir) {
  return shared_dir / "data";
}

Status add_keys(const std::filesystem::path& file, std::unordered_set<uint64_t>& keys) {
  auto sents = read_conll(file, NerDomain::kGeneral);
  if (!sents) return sents.error();
  for (const NerSentence& s : *sents) keys.insert(ner_sentence_key(s.words));
  return Ok{};
}

}  // namespace

Result<std::unordered_set<uint64_t>> ner_test_keys(const std::filesystem::path& shared_dir) {
  const auto d = data_root(shared_dir);
  std::unordered_set<uint64_t> keys;
  std::vector<std::filesystem::path> files = {
      d / "ner-indonlu/nergrit/test_preprocess.txt", d / "ner-indonlu/nerp/test_preprocess.txt",
      d / "ner-idner-news-2k/test.txt"};
  for (int k = 1; k <= 5; ++k) {
    const std::string f = "test.0" + std::to_string(k) + ".tsv";
    files.push_back(d / "ner-indolem/nerugm" / f);
    files.push_back(d / "ner-indolem/nerui" / f);
  }
  for (const auto& f : files) {
    Status st = add_keys(f, keys);
    if (!st) return st.error();
  }
  // Syaifudin's Kompas test file: one sentence per line with inline <TYPE>…</TYPE> tags.
  const auto xml = d / "ner-syaifudin-kompas/data_test.txt";
  auto lines = read_file(xml);
  if (!lines) return lines.error();
  for (const std::string& line : split(*lines, '\n')) {
    std::string plain;
    bool in_tag = false;
    for (char c : line) {
      if (c == '<') in_tag = true;
      else if (c == '>') in_tag = false;
      else if (!in_tag) plain += c;
    }
    if (plain.find_first_not_of(" \t\r") != std::string::npos) keys.insert(ner_sentence_key(plain));
  }
  return keys;
}

Result<std::vector<NerSentence>> ner_training_data(const std::filesystem::path& shared_dir,
                                                   const std::unordered_set<uint64_t>& exclude_keys,
                                                   std::string* log) {
  const auto d = data_root(shared_dir);
  const std::pair<std::filesystem::path, NerDomain> sets[] = {
      {d / "ner-indonlu/nergrit/train_preprocess.txt", NerDomain::kNergrit},
      {d / "ner-indonlu/nerp/train_preprocess.txt", NerDomain::kNerp},
      {d / "ner-idner-news-2k/train.txt", NerDomain::kKompas},
      {d / "ner-indolem/nerugm/nerugm.txt", NerDomain::kKompas},
      {d / "ner-indolem/nerui/nergithub.txt", NerDomain::kNerui},
  };
  std::vector<NerSentence> out;
  std::unordered_set<uint64_t> seen;
  for (const auto& [file, domain] : sets) {
    auto sents = read_conll(file, domain);
    if (!sents) return sents.error();
    size_t kept = 0, test = 0, dup = 0;
    for (NerSentence& s : *sents) {
      const uint64_t key = ner_sentence_key(s.words);
      if (exclude_keys.count(key)) {
        ++test;
        continue;
      }
      if (!seen.insert(key).second) {
        ++dup;
        continue;
      }
      ++kept;
      out.push_back(std::move(s));
    }
    if (log) {
      char buf[512];
      std::snprintf(buf, sizeof buf, "%s: %zu kept, %zu dropped as test sentences, %zu duplicates\n",
                    file.lexically_relative(d).string().c_str(), kept, test, dup);
      *log += buf;
    }
  }
  return out;
}

Result<std::string> train_ner(const NerTrainOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::filesystem::path dd = options.data_dir.empty() ? data_dir() : options.data_dir;
  const std::filesystem::path out = options.out.empty() ? dd / "models" / "ner.bin" : options.out;
  auto lexicon = NerLexicon::load(dd, /*optional=*/true);
  if (!lexicon) return lexicon.error();
  std::string log;
  const std::filesystem::path words = out.parent_path() / "ner.words.tsv";
  auto wc = build_word_classes(options.shared_dir, words);
  if (!wc) return wc.error();
  log += *wc;
  Status wst = lexicon->load_word_classes(words);
  if (!wst) return wst.error();
  auto keys = ner_test_keys(options.shared_dir);
  if (!keys) return keys.error();
  auto data = ner_training_data(options.shared_dir, *keys, &log);
  if (!data) return data.error();
  NerTrainConfig cfg;
  cfg.epochs = options.epochs;
  cfg.seed = options.seed;
  NerModel model = NerModel::train(*data, *lexicon, cfg);
  Status st = model.save(out);
  if (!st) return st.error();
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  size_t tokens = 0;
  for (const auto& s : *data) tokens += s.words.size();
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "trained on %zu sentences (%zu tokens), %d epochs, seed %llu, gazetteer %zu "
                "entries / %zu roles; %zu non-zero rows; wrote %s (%llu bytes) in %.1f s\n",
                data->size(), tokens, cfg.epochs, (unsigned long long)cfg.seed,
                lexicon->entity_count(), lexicon->role_count(), model.nonzero_rows(),
                out.string().c_str(), (unsigned long long)std::filesystem::file_size(out), secs);
  log += buf;
  // The record of what the model came from, next to it (ner.bin → ner.md).
  const std::filesystem::path record = std::filesystem::path(out).replace_extension(".md");
  std::string shown = log;  // paths in the record relative to the data folder
  for (const std::string prefix = (dd / "").string(); shown.find(prefix) != std::string::npos;)
    shown.replace(shown.find(prefix), prefix.size(), "data/");
  std::FILE* f = std::fopen(record.c_str(), "w");
  if (!f) return Error{record.string() + ": cannot write the training record"};
  std::fprintf(f,
               "# %s\n\nTrained by kabar's own averaged structured perceptron (src/extract/ner_model.cpp):\n\n"
               "    kabar train ner --shared ../shared --epochs %d --seed %llu\n\n"
               "Deterministic: the same data, gazetteer and seed give the same bytes. Training data (train "
               "splits only; every sentence whose hash is in a test split of any set, including the Kompas "
               "sentences shared by ner-syaifudin-kompas, ner-indolem/nerugm and ner-idner-news-2k, is "
               "dropped):\n\n```\n%s```\n",
               out.filename().string().c_str(), cfg.epochs, (unsigned long long)cfg.seed, shown.c_str());
  std::fclose(f);
  return log;
}

}  // namespace kabar::extract
