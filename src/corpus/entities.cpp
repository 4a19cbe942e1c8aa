#include "kabar/corpus/entities.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "kabar/core/data_dir.h"
#include "kabar/core/utf8.h"
#include "compact_codec.h"

namespace kabar::corpus {

using extract::EntityType;

namespace {

struct GazEntry {
  EntityType type = EntityType::kMisc;
  std::string canonical;
  std::string kind;
  std::string country;
};

struct FoldRule {
  enum class Where : uint8_t { kAny, kStart, kEnd };
  std::string from, to;
  Where where = Where::kAny;
};

constexpr int kAmbiguous = -2;

std::optional<EntityType> type_of(std::string_view s) {
  if (s == "PER") return EntityType::kPer;
  if (s == "ORG") return EntityType::kOrg;
  if (s == "LOC") return EntityType::kLoc;
  if (s == "MISC") return EntityType::kMisc;
  return std::nullopt;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    size_t b = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > b) out.emplace_back(s.substr(b, i - b));
  }
  return out;
}

std::string join(const std::vector<std::string>& w, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < w.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += w[i];
  }
  return out;
}

// Lower-case with white space collapsed: the key gazetteer variants are looked up by.
std::string lower_key(std::string_view s) { return join(split_words(utf8::lower(s))); }

bool has_alnum(std::string_view s) {
  for (unsigned char c : s) {
    if (std::isalnum(c) || c >= 0x80) return true;
  }
  return false;
}

// True when the name has letters and none of them lower-case ASCII (AS, PBB, NATO, G20).
bool all_caps(std::string_view s) {
  bool letter = false;
  for (unsigned char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') letter = true;
  }
  return letter;
}

// Trims white space and the quotes, brackets and punctuation a recogniser may leave around a
// name; keeps inner dots (D.C., Jr.) and collapses inner white space.
std::string clean_surface(std::string_view s) {
  static const std::string_view kLead = "\"'([{<\xe2\x80\x9c\xe2\x80\x98\xc2\xab";
  static const std::string_view kTrail = "\"')]}>,;:!?\xe2\x80\x9d\xe2\x80\x99\xc2\xbb";
  std::string out = join(split_words(s));
  auto strip_utf8_set = [](std::string& str, std::string_view set, bool lead) {
    bool changed = true;
    while (changed && !str.empty()) {
      changed = false;
      // multi-byte quote marks: “ ‘ « ” ’ »
      for (std::string_view q : {std::string_view("\xe2\x80\x9c"), std::string_view("\xe2\x80\x98"),
                                 std::string_view("\xc2\xab"), std::string_view("\xe2\x80\x9d"),
                                 std::string_view("\xe2\x80\x99"), std::string_view("\xc2\xbb")}) {
        if (set.find(q) == std::string_view::npos) continue;
        if (lead && str.size() >= q.size() && std::string_view(str).substr(0, q.size()) == q) {
          str.erase(0, q.size());
          changed = true;
        } else if (!lead && str.size() >= q.size() &&
                   std::string_view(str).substr(str.size() - q.size()) == q) {
          str.resize(str.size() - q.size());
          changed = true;
        }
      }
      if (str.empty()) break;
      unsigned char c = static_cast<unsigned char>(lead ? str.front() : str.back());
      if (c < 0x80 && set.find(static_cast<char>(c)) != std::string_view::npos) {
        if (lead) {
          str.erase(0, 1);
        } else {
          str.pop_back();
        }
        changed = true;
      }
      while (!str.empty() && is_space(lead ? str.front() : str.back())) {
        if (lead) {
          str.erase(0, 1);
        } else {
          str.pop_back();
        }
      }
    }
  };
  strip_utf8_set(out, kLead, true);
  strip_utf8_set(out, kTrail, false);
  return out;
}

// Union-find over group ids.
struct Dsu {
  std::vector<int> p;
  int add() {
    p.push_back(static_cast<int>(p.size()));
    return p.back();
  }
  int find(int x) {
    while (p[x] != x) x = p[x] = p[p[x]];
    return x;
  }
  // The smaller id (first appearance) stays the root.
  void unite(int a, int b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (b < a) std::swap(a, b);
    p[b] = a;
  }
};

}  // namespace

struct EntityResolver::Model {
  std::vector<GazEntry> entries;
  std::unordered_map<std::string, int> exact_caps;  // all-capitals variant → entry
  std::unordered_map<std::string, int> lower;       // lower_key(variant) → entry or kAmbiguous
  std::unordered_map<std::string, int> folded;      // fold key → entry or kAmbiguous
  std::vector<FoldRule> rules;
  std::vector<std::vector<std::string>> titles;  // lower-case role phrases as words
  std::unordered_set<std::string> honorifics;    // lower-case
  size_t max_title_words = 0;

  // Number of leading words of `lower_words` that are titles or honorifics (always leaves one).
  size_t leading_titles(const std::vector<std::string>& lower_words) const {
    size_t i = 0;
    while (i + 1 < lower_words.size()) {
      if (honorifics.count(lower_words[i])) {
        ++i;
        continue;
      }
      size_t best = 0;
      for (const auto& t : titles) {
        if (t.size() <= best || i + t.size() >= lower_words.size()) continue;
        bool eq = true;
        for (size_t k = 0; k < t.size() && eq; ++k) eq = lower_words[i + k] == t[k];
        if (eq) best = t.size();
      }
      if (!best) break;
      i += best;
    }
    return i;
  }

  std::string fold_word(std::string w) const {
    for (const FoldRule& r : rules) {
      if (r.from.empty() || w.size() < r.from.size()) continue;
      switch (r.where) {
        case FoldRule::Where::kStart:
          if (w.compare(0, r.from.size(), r.from) == 0) w = r.to + w.substr(r.from.size());
          break;
        case FoldRule::Where::kEnd:
          if (w.compare(w.size() - r.from.size(), r.from.size(), r.from) == 0)
            w = w.substr(0, w.size() - r.from.size()) + r.to;
          break;
        case FoldRule::Where::kAny: {
          size_t pos = 0;
          while ((pos = w.find(r.from, pos)) != std::string::npos) {
            w.replace(pos, r.from.size(), r.to);
            pos += r.to.size();
          }
          break;
        }
      }
    }
    std::string out;
    for (char c : w) {
      if (out.empty() || out.back() != c || static_cast<unsigned char>(c) >= 0x80) out += c;
    }
    return out;
  }

  // Fold key; `person` drops leading titles and honorifics first.
  std::string fold(std::string_view name, bool person) const {
    std::vector<std::string> words = split_words(utf8::lower(name));
    size_t from = person ? leading_titles(words) : 0;
    std::string out;
    for (size_t i = from; i < words.size(); ++i) {
      std::string w;
      for (char c : words[i]) {
        if (c == '.' || c == '\'' || c == ',' || c == '"') continue;
        w += c == '-' ? ' ' : c;
      }
      // Typographic apostrophes (’ ‘) are dropped too.
      for (std::string_view q : {std::string_view("\xe2\x80\x99"), std::string_view("\xe2\x80\x98")}) {
        size_t p;
        while ((p = w.find(q)) != std::string::npos) w.erase(p, q.size());
      }
      for (const std::string& part : split_words(w)) {
        if (!out.empty()) out += ' ';
        out += fold_word(part);
      }
    }
    return out;
  }
};

Result<EntityResolver> EntityResolver::load(const std::filesystem::path& data_dir) {
  auto m = std::make_shared<Model>();
  const auto gdir = data_dir / "gazetteer";
  std::error_code ec;

  // Fold rules first: the gazetteer's fold index needs them.
  if (std::filesystem::exists(gdir / "fold.tsv", ec)) {
    auto lines = read_lines(gdir / "fold.tsv");
    if (!lines) return lines.error();
    for (const auto& line : *lines) {
      auto f = split(line, '\t');
      if (f.size() < 2 || f[0].empty())
        return Error{(gdir / "fold.tsv").string() + ": expected 'from<TAB>to<TAB>where' in line: " + line};
      FoldRule r{f[0], f[1], FoldRule::Where::kAny};
      if (f.size() > 2 && f[2] == "start") r.where = FoldRule::Where::kStart;
      if (f.size() > 2 && f[2] == "end") r.where = FoldRule::Where::kEnd;
      m->rules.push_back(std::move(r));
    }
  }
  if (std::filesystem::exists(gdir / "roles.tsv", ec)) {
    auto lines = read_lines(gdir / "roles.tsv");
    if (!lines) return lines.error();
    for (const auto& line : *lines) {
      auto f = split(line, '\t');
      if (f.empty() || f[0].empty()) continue;
      if (f.size() > 2 && f[2] == "noun") continue;  // common nouns are not name prefixes
      auto words = split_words(utf8::lower(f[0]));
      if (words.empty()) continue;
      m->max_title_words = std::max(m->max_title_words, words.size());
      m->titles.push_back(std::move(words));
    }
  }
  if (std::filesystem::exists(gdir / "honorifics.txt", ec)) {
    auto lines = read_lines(gdir / "honorifics.txt");
    if (!lines) return lines.error();
    for (const auto& line : *lines) m->honorifics.insert(utf8::lower(line));
  }

  const auto ent_file = gdir / "entities.tsv";
  auto lines = read_lines(ent_file);
  if (!lines) return lines.error();
  for (const auto& line : *lines) {
    auto f = split(line, '\t');
    auto type = f.empty() ? std::nullopt : type_of(f[0]);
    if (f.size() < 2 || !type || f[1].empty())
      return Error{ent_file.string() + ": expected 'TYPE<TAB>canonical<TAB>variants<TAB>keys' in line: " + line};
    GazEntry e;
    e.type = *type;
    e.canonical = f[1];
    if (f.size() > 3) {
      for (const auto& kv : split(f[3], ';')) {
        size_t eq = kv.find('=');
        if (eq == std::string::npos) continue;
        std::string k = kv.substr(0, eq), v = kv.substr(eq + 1);
        if (k == "kind") e.kind = v;
        if (k == "country") e.country = v;
      }
    }
    const int idx = static_cast<int>(m->entries.size());
    std::vector<std::string> forms{f[1]};
    if (f.size() > 2) {
      for (auto& v : split(f[2], '|')) {
        if (!v.empty()) forms.push_back(v);
      }
    }
    auto put = [idx](std::unordered_map<std::string, int>& map, const std::string& key) {
      if (key.empty()) return;
      auto [it, fresh] = map.emplace(key, idx);
      if (!fresh && it->second != idx) it->second = kAmbiguous;
    };
    for (const auto& form : forms) {
      if (all_caps(form)) {
        put(m->exact_caps, form);
      } else {
        put(m->lower, lower_key(form));
      }
      put(m->folded, m->fold(form, e.type == EntityType::kPer) + (all_caps(form) ? "\x01" : ""));
    }
    m->entries.push_back(std::move(e));
  }
  EntityResolver r;
  r.model_ = std::move(m);
  return r;
}

std::string EntityResolver::fold(std::string_view name) const { return model_->fold(name, true); }

namespace {

bool compatible(EntityType mention, EntityType entry) {
  if (mention == entry) return true;
  if (mention == EntityType::kPer || entry == EntityType::kPer) return false;
  return true;  // ORG, LOC and MISC readings of one name (Kremlin, Gedung Putih, Washington)
}

const std::unordered_set<std::string>& acronym_stopwords() {
  static const std::unordered_set<std::string> k = {"dan", "untuk", "dari", "di", "ke", "yang", "of",
                                                    "the", "and", "for", "de", "la", "du", "des", "der", "on"};
  return k;
}

// Initials of a multi-word name, spelt two ways: one letter per word, and one per hyphen part
// (Perserikatan Bangsa-Bangsa → PB, PBB). Empty for one-word names.
std::vector<std::string> acronyms(std::string_view surface) {
  auto words = split_words(surface);
  if (words.size() < 2) return {};
  std::string a, b;
  for (const auto& w : words) {
    std::string lw = utf8::lower(w);
    if (acronym_stopwords().count(lw)) continue;
    bool first = true;
    for (const auto& part : split(w, '-')) {
      if (part.empty()) continue;
      unsigned char c = static_cast<unsigned char>(part[0]);
      if (c >= 0x80 || !std::isalnum(c)) continue;
      char u = static_cast<char>(std::toupper(c));
      if (first) a += u;
      b += u;
      first = false;
    }
  }
  std::vector<std::string> out;
  if (a.size() >= 2) out.push_back(a);
  if (b.size() >= 2 && b != a) out.push_back(b);
  return out;
}

}  // namespace

EntityIndex EntityResolver::resolve(const std::vector<extract::Analysis>& docs) const {
  std::vector<DocMentions> in;
  in.reserve(docs.size());
  for (const auto& a : docs) in.push_back({a.doc.id, &a.entities});
  return resolve(in);
}

// What a mention's text and type give, whatever the rest of the corpus: its cleaned surface, fold
// key, gazetteer entry and the strings the rules compare, as ids into MentionForms' tables.
struct MentionForms::Form {
  int surface = -1;       // cleaned surface (titles dropped for persons), in `surfaces`
  int key = -1;           // fold key, in `keys`
  int words = 0;          // words in the key
  int gaz = -1;           // compatible gazetteer entry, else -1
  bool caps = false;      // all_caps(surface)
  int caps_acronym = -1;  // for one-word all-capitals names: its letters and digits, in `acronyms`
  std::vector<int> acronyms;  // acronyms(surface), in `acronyms` (multi-word names)
};

struct MentionForms::Impl {
  const void* model = nullptr;                      // the resolver model the forms were made with
  std::unordered_map<std::string, int> form_of[4];  // mention text → form, or -1 (no name), by type
  std::vector<Form> forms;
  std::unordered_map<std::string, int> surface_ids, key_ids, acronym_ids;
  std::vector<std::string> surfaces, keys;
  std::vector<int> surface_words;              // words of each surface
  std::vector<std::pair<int, int>> key_edges;  // first and last word of each key, in `keys`
  std::vector<std::vector<int>> key_words;     // words of each key, in `keys` (filled when needed)

  static int intern(std::unordered_map<std::string, int>& ids, std::vector<std::string>* strings,
                    const std::string& s) {
    auto [it, fresh] = ids.emplace(s, static_cast<int>(ids.size()));
    if (fresh && strings) strings->push_back(s);
    return it->second;
  }
  int key_id(const std::string& k) {
    const int id = intern(key_ids, &keys, k);
    if (static_cast<size_t>(id) == key_edges.size()) {
      key_edges.emplace_back(-1, -1);
      key_words.emplace_back();
      auto w = split_words(k);
      std::vector<int> ids;
      if (w.size() >= 2) {
        for (const auto& x : w) ids.push_back(key_id(x));
        key_edges[id] = {ids.front(), ids.back()};
        key_words[id] = std::move(ids);
      }
    }
    return id;
  }
};

MentionForms::MentionForms() : impl_(std::make_unique<Impl>()) {}
MentionForms::~MentionForms() = default;
MentionForms::MentionForms(MentionForms&&) noexcept = default;
MentionForms& MentionForms::operator=(MentionForms&&) noexcept = default;
size_t MentionForms::size() const { return impl_->forms.size(); }

namespace {

// The form of one mention (-1: no letters or digits, or an empty key), made once per distinct
// text and type.
int form_of(const EntityResolver::Model& md, MentionForms::Impl& f,
            const extract::EntityMention& e) {
  auto& memo = f.form_of[static_cast<unsigned>(e.type) & 3u];
  if (auto it = memo.find(e.text); it != memo.end()) return it->second;
  int result = -1;
  std::string surface = clean_surface(e.text);
  if (has_alnum(surface)) {
    const bool person = e.type == EntityType::kPer;
    if (person) {
      auto words = split_words(surface);
      auto lw = split_words(utf8::lower(surface));
      size_t drop = lw.size() == words.size() ? md.leading_titles(lw) : 0;
      if (drop) surface = join(words, drop);
    }
    std::string key = md.fold(surface, person);
    if (!key.empty()) {
      MentionForms::Form m;
      m.words = static_cast<int>(split_words(key).size());
      int g = -1;
      m.caps = all_caps(surface);
      if (m.caps) {
        if (auto it = md.exact_caps.find(surface); it != md.exact_caps.end()) g = it->second;
        if (g < 0) {
          if (auto it = md.folded.find(key + "\x01"); it != md.folded.end()) g = it->second;
        }
      }
      if (g < 0) {
        if (auto it = md.lower.find(lower_key(surface)); it != md.lower.end()) g = it->second;
      }
      if (g < 0) {
        if (auto it = md.folded.find(key); it != md.folded.end()) g = it->second;
      }
      if (g >= 0 && compatible(e.type, md.entries[g].type)) m.gaz = g;
      if (!person && m.words >= 2) {
        for (const auto& a : acronyms(surface))
          m.acronyms.push_back(MentionForms::Impl::intern(f.acronym_ids, nullptr, a));
      }
      if (!person && m.caps && m.words == 1) {
        std::string a;
        for (char c : surface) {
          if (std::isalnum(static_cast<unsigned char>(c))) a += c;
        }
        m.caps_acronym = MentionForms::Impl::intern(f.acronym_ids, nullptr, a);
      }
      const size_t before = f.surfaces.size();
      m.surface = MentionForms::Impl::intern(f.surface_ids, &f.surfaces, surface);
      if (f.surfaces.size() != before)
        f.surface_words.push_back(static_cast<int>(split_words(surface).size()));
      m.key = f.key_id(key);
      result = static_cast<int>(f.forms.size());
      f.forms.push_back(std::move(m));
    }
  }
  memo.emplace(e.text, result);
  return result;
}

// One mention with a form, in corpus order (document, then mention index).
struct Ref {
  int doc = 0;
  int index = 0;
  uint32_t start = 0;
  int form = 0;
  int group = -1;
  EntityType type = EntityType::kMisc;
};

}  // namespace

EntityIndex EntityResolver::resolve(const std::vector<DocMentions>& docs) const {
  MentionForms forms;
  return resolve(docs, forms);
}

EntityIndex EntityResolver::resolve(const std::vector<DocMentions>& docs,
                                    MentionForms& cache) const {
  const Model& md = *model_;
  MentionForms::Impl& F = *cache.impl_;
  if (F.model != model_.get()) {
    F = MentionForms::Impl{};
    F.model = model_.get();
  }
  EntityIndex index;
  index.of_mention.resize(docs.size());
  static const std::vector<extract::EntityMention> kNone;
  auto mentions_of = [&](size_t d) -> const std::vector<extract::EntityMention>& {
    return docs[d].mentions ? *docs[d].mentions : kNone;
  };

  // 1. The form of every mention (normalised once per distinct text and type).
  std::vector<Ref> ms;
  {
    size_t total = 0;
    for (size_t d = 0; d < docs.size(); ++d) total += mentions_of(d).size();
    ms.reserve(total);
  }
  std::vector<size_t> doc_begin(docs.size() + 1, 0);
  for (size_t d = 0; d < docs.size(); ++d) {
    const auto& ents = mentions_of(d);
    doc_begin[d] = ms.size();
    index.of_mention[d].assign(ents.size(), -1);
    for (size_t i = 0; i < ents.size(); ++i) {
      const int f = form_of(md, F, ents[i]);
      if (f < 0) continue;
      ms.push_back(
          {static_cast<int>(d), static_cast<int>(i), ents[i].span.start, f, -1, ents[i].type});
    }
  }
  doc_begin[docs.size()] = ms.size();
  const auto& forms = F.forms;
  auto form = [&](const Ref& m) -> const MentionForms::Form& { return forms[m.form]; };

  // 2. Groups: one per gazetteer entry, else one per (person?, fold key), numbered in order of
  //    first mention.
  std::unordered_map<int64_t, int> group_of_key;
  group_of_key.reserve(F.keys.size() + 64);
  Dsu dsu;
  std::vector<int> group_gaz;  // gazetteer entry of a group, or -1
  for (auto& m : ms) {
    const auto& f = form(m);
    const int64_t gk = f.gaz >= 0 ? -1 - int64_t{f.gaz}
                                  : int64_t{f.key} * 2 + (m.type == EntityType::kPer ? 1 : 0);
    auto [it, fresh] = group_of_key.emplace(gk, 0);
    if (fresh) {
      it->second = dsu.add();
      group_gaz.push_back(f.gaz);
    }
    m.group = it->second;
  }
  // Gazetteer entry of each root; two different entries are never joined.
  std::vector<int> root_gaz = group_gaz;
  auto unite_checked = [&](int a, int b) {
    a = dsu.find(a);
    b = dsu.find(b);
    if (a == b) return;
    if (root_gaz[a] >= 0 && root_gaz[b] >= 0 && root_gaz[a] != root_gaz[b]) return;
    const int g = root_gaz[a] >= 0 ? root_gaz[a] : root_gaz[b];
    dsu.unite(a, b);
    root_gaz[dsu.find(a)] = g;
  };

  // 3. Acronyms: an all-capitals name and the one multi-word non-person name with its initials.
  {
    std::unordered_map<int, std::vector<int>> by_acronym;  // acronym → groups (unsorted, repeats)
    for (const auto& m : ms) {
      if (m.type == EntityType::kPer) continue;
      for (int a : form(m).acronyms) {
        auto& v = by_acronym[a];
        if (v.empty() || v.back() != m.group) v.push_back(m.group);
      }
    }
    std::vector<char> done(group_gaz.size(), 0);
    std::vector<int> roots;
    for (const auto& m : ms) {
      const auto& f = form(m);
      if (m.type == EntityType::kPer || f.caps_acronym < 0) continue;
      if (done[m.group]) continue;
      done[m.group] = 1;
      auto it = by_acronym.find(f.caps_acronym);
      if (it == by_acronym.end()) continue;
      roots.clear();
      const int self = dsu.find(m.group);
      for (int g : it->second) {
        const int r = dsu.find(g);
        if (r != self) roots.push_back(r);
      }
      std::sort(roots.begin(), roots.end());
      roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
      if (roots.size() != 1) continue;
      unite_checked(m.group, roots.front());
    }
  }

  // 3b. A person name of 2+ words and the one longer name with the same first and last words
  //     that contains its words in order (Sergei Lavrov = Sergei Viktorovich Lavrov).
  {
    // (first word, last word) → (root, key) of every person key of 2+ words, in mention order.
    std::map<std::pair<std::string_view, std::string_view>, std::vector<std::pair<int, int>>>
        buckets;
    std::unordered_set<int64_t> seen;
    for (const auto& m : ms) {
      const auto& f = form(m);
      if (m.type != EntityType::kPer || f.words < 2) continue;
      const int root = dsu.find(m.group);
      if (!seen.insert(int64_t{root} << 32 | static_cast<uint32_t>(f.key)).second) continue;
      const auto [first, last] = F.key_edges[f.key];
      buckets[{F.keys[first], F.keys[last]}].emplace_back(root, f.key);
    }
    auto subsequence = [](const std::vector<int>& a, const std::vector<int>& b) {
      size_t j = 0;
      for (size_t i = 0; i < b.size() && j < a.size(); ++i) {
        if (b[i] == a[j]) ++j;
      }
      return j == a.size();
    };
    std::vector<std::pair<int, int>> unions;
    for (const auto& [edge, list] : buckets) {
      if (list.size() < 2) continue;
      for (const auto& [root, ka] : list) {
        const auto& a = F.key_words[ka];
        int found = -1;
        bool several = false;
        for (const auto& [other, kb] : list) {
          const auto& b = F.key_words[kb];
          if (other != root && b.size() > a.size() && subsequence(a, b)) {
            if (found >= 0 && found != other) several = true;
            found = other;
          }
        }
        if (found >= 0 && !several) unions.emplace_back(root, found);
      }
    }
    for (const auto& [a, b] : unions) unite_checked(a, b);
  }

  // 4. Final cluster of each mention: its group's root, except one-word person names, which
  //    join the unique full name that starts or ends with them (see the header for the rule).
  std::vector<int> cluster_root(ms.size());
  for (size_t i = 0; i < ms.size(); ++i) cluster_root[i] = dsu.find(ms[i].group);
  {
    std::vector<char> full_root(group_gaz.size(), 0);  // roots holding a person name of 2+ words
    std::unordered_map<int, std::vector<int>> by_edge_word;  // word (key id) → roots, sorted unique
    for (size_t i = 0; i < ms.size(); ++i) {
      const auto& m = ms[i];
      const auto& f = form(m);
      if (m.type != EntityType::kPer || f.words < 2) continue;
      full_root[cluster_root[i]] = 1;
      const auto [first, last] = F.key_edges[f.key];
      for (int w : {first, last}) {
        auto& v = by_edge_word[w];
        if (std::find(v.begin(), v.end(), cluster_root[i]) == v.end()) v.push_back(cluster_root[i]);
      }
    }
    for (auto& [w, v] : by_edge_word) std::sort(v.begin(), v.end());
    std::vector<int> reassigned(ms.size(), -1);
    for (size_t i = 0; i < ms.size(); ++i) {
      const auto& m = ms[i];
      const auto& f = form(m);
      if (m.type != EntityType::kPer || f.words != 1 || f.gaz >= 0) continue;
      if (full_root[cluster_root[i]]) continue;
      auto it = by_edge_word.find(f.key);
      if (it == by_edge_word.end()) continue;
      const std::vector<int>& cands = it->second;
      if (cands.size() == 1) {
        reassigned[i] = cands.front();
        continue;
      }
      // Several full names: only those named in the same document count; the one named most
      // recently before the mention wins, else the most frequent there, else the first named.
      int best = -1;
      long best_last = -1;
      size_t best_count = 0;
      for (int root : cands) {  // ascending root = order of first appearance
        long last = -1;
        size_t count = 0;
        for (size_t k = doc_begin[m.doc]; k < doc_begin[m.doc + 1]; ++k) {
          if (ms[k].type != EntityType::kPer || cluster_root[k] != root) continue;
          ++count;
          if (ms[k].start < m.start) last = std::max<long>(last, ms[k].start);
        }
        if (!count) continue;
        if (best < 0 || last > best_last || (last == best_last && count > best_count)) {
          best = root;
          best_last = last;
          best_count = count;
        }
      }
      if (best >= 0) reassigned[i] = best;
    }
    for (size_t i = 0; i < ms.size(); ++i) {
      if (reassigned[i] >= 0) cluster_root[i] = reassigned[i];
    }
  }

  // 5. Clusters in order of first appearance (document order, then offset).
  const size_t n_groups = group_gaz.size();
  std::vector<int> member_count(n_groups + 1, 0);
  for (size_t i = 0; i < ms.size(); ++i) ++member_count[cluster_root[i] + 1];
  for (size_t g = 0; g < n_groups; ++g) member_count[g + 1] += member_count[g];
  std::vector<int> member_list(ms.size());
  {
    std::vector<int> at(member_count.begin(), member_count.end() - 1);
    for (size_t i = 0; i < ms.size(); ++i) member_list[at[cluster_root[i]]++] = static_cast<int>(i);
  }
  auto rank_of = [&](size_t i) {
    return std::tuple<int, uint32_t, int>{ms[i].doc, ms[i].start, ms[i].index};
  };
  std::vector<std::pair<std::tuple<int, uint32_t, int>, int>> order;
  for (size_t g = 0; g < n_groups; ++g) {
    if (member_count[g] == member_count[g + 1]) continue;
    std::tuple<int, uint32_t, int> first{INT32_MAX, UINT32_MAX, INT32_MAX};
    for (int k = member_count[g]; k < member_count[g + 1]; ++k)
      first = std::min(first, rank_of(member_list[k]));
    order.push_back({first, static_cast<int>(g)});
  }
  std::sort(order.begin(), order.end());

  // Per-cluster tallies in arrays stamped with the cluster (clearing a hash table sized by the
  // largest cluster for each of 100,000 small ones would cost more than the tallies).
  std::vector<int> doc_stamp(docs.size(), -1),
      canon(docs.size());  // canon: first document with the id
  {
    std::unordered_map<std::string_view, int> first_of;
    first_of.reserve(docs.size());
    for (size_t d = 0; d < docs.size(); ++d)
      canon[d] = first_of.emplace(docs[d].id, static_cast<int>(d)).first->second;
  }
  std::vector<int> form_stamp(F.surfaces.size(), -1);
  std::vector<std::pair<int, size_t>> form_votes(
      F.surfaces.size());  // surface → (count, first rank)
  std::vector<int> forms_used;
  std::vector<int> sorted;
  for (const auto& [first, root] : order) {
    EntityCluster c;
    c.id = "E" + std::to_string(index.clusters.size() + 1);
    const int cidx = static_cast<int>(index.clusters.size());
    // Mentions in document order.
    sorted.assign(member_list.begin() + member_count[root],
                  member_list.begin() + member_count[root + 1]);
    auto by_rank = [&](int a, int b) { return rank_of(a) < rank_of(b); };
    if (!std::is_sorted(sorted.begin(), sorted.end(), by_rank))
      std::sort(sorted.begin(), sorted.end(), by_rank);
    int gaz = -1;
    std::pair<int, size_t> type_votes[4] = {};  // type → (count, first rank)
    std::unordered_map<std::string_view, std::pair<int, size_t>> roles, countries;
    forms_used.clear();
    for (size_t r = 0; r < sorted.size(); ++r) {
      const Ref& m = ms[sorted[r]];
      const auto& f = form(m);
      const auto& e = mentions_of(m.doc)[m.index];
      index.of_mention[m.doc][m.index] = cidx;
      if (gaz < 0 && f.gaz >= 0) gaz = f.gaz;
      auto vote = [r](auto& map, const auto& key) {
        auto [it, fresh] = map.emplace(key, std::pair<int, size_t>{0, r});
        ++it->second.first;
      };
      auto& tv = type_votes[static_cast<unsigned>(m.type) & 3u];
      if (!tv.first) tv.second = r;
      ++tv.first;
      if (form_stamp[f.surface] != cidx) {
        form_stamp[f.surface] = cidx;
        form_votes[f.surface] = {0, r};
        forms_used.push_back(f.surface);
      }
      ++form_votes[f.surface].first;
      if (e.role && !e.role->empty()) vote(roles, std::string_view(*e.role));
      if (e.linked_country && !e.linked_country->empty())
        vote(countries, std::string_view(*e.linked_country));
      // Two documents share an id only in a corpus that keeps repeats: the first one stands for it.
      if (int& stamp = doc_stamp[canon[m.doc]]; stamp != cidx) {
        stamp = cidx;
        c.documents.push_back(docs[m.doc].id);
      }
    }
    c.mentions = static_cast<int>(sorted.size());
    // The most frequent, ties to the first seen (first ranks are unique).
    auto most = [](const auto& map) {
      auto best = map.begin();
      for (auto it = map.begin(); it != map.end(); ++it) {
        if (it->second.first > best->second.first ||
            (it->second.first == best->second.first && it->second.second < best->second.second))
          best = it;
      }
      return best;
    };
    if (gaz >= 0) {
      const GazEntry& g = md.entries[gaz];
      c.type = g.type;
      c.name = g.canonical;
      if (!g.kind.empty()) c.kind = g.kind;
      if (!g.country.empty() && (g.kind == "capital" || g.kind == "government")) c.country = g.country;
    } else {
      int bt = -1;
      for (int t = 0; t < 4; ++t) {
        if (!type_votes[t].first) continue;
        if (bt < 0 || type_votes[t].first > type_votes[bt].first ||
            (type_votes[t].first == type_votes[bt].first &&
             type_votes[t].second < type_votes[bt].second))
          bt = t;
      }
      c.type = static_cast<EntityType>(bt);
      // The most frequent of the longest forms.
      int best = forms_used.front();
      for (int x : forms_used) {
        const int wi = F.surface_words[x], wb = F.surface_words[best];
        const auto &vx = form_votes[x], &vb = form_votes[best];
        if (wi > wb ||
            (wi == wb && (vx.first > vb.first || (vx.first == vb.first && vx.second < vb.second))))
          best = x;
      }
      c.name = F.surfaces[best];
    }
    if (!roles.empty()) c.role = std::string(most(roles)->first);
    if (!countries.empty()) c.country = std::string(most(countries)->first);
    for (int x : forms_used) {
      if (F.surfaces[x] != c.name) c.variants.push_back(F.surfaces[x]);
    }
    std::sort(c.variants.begin(), c.variants.end());
    index.clusters.push_back(std::move(c));
  }
  return index;
}

// Layout: string table; mention count; per mention: zigzag(start - previous start), end - start,
// flags (bits 0-1 type, 2 role, 3 linked_country, 4 role_span, 5 from_gazetteer), text index,
// [role index], [country index], [role_span start, end - start].
void encode_mentions(const std::vector<extract::EntityMention>& m, std::string& out) {
  codec::StringTable table;
  std::string body;
  codec::put_varint(body, m.size());
  int64_t prev = 0;
  for (const auto& e : m) {
    codec::put_varint(body, codec::zigzag(int64_t{e.span.start} - prev));
    prev = e.span.start;
    codec::put_varint(body, codec::zigzag(int64_t{e.span.end} - e.span.start));
    const unsigned flags = static_cast<unsigned>(e.type) | (e.role ? 4u : 0u) | (e.linked_country ? 8u : 0u) |
                           (e.role_span ? 16u : 0u) | (e.from_gazetteer ? 32u : 0u);
    body += static_cast<char>(flags);
    codec::put_varint(body, table.id(e.text));
    if (e.role) codec::put_varint(body, table.id(*e.role));
    if (e.linked_country) codec::put_varint(body, table.id(*e.linked_country));
    if (e.role_span) {
      codec::put_varint(body, e.role_span->start);
      codec::put_varint(body, codec::zigzag(int64_t{e.role_span->end} - e.role_span->start));
    }
  }
  table.write(out);
  out += body;
}

namespace {

bool get_u32(std::string_view& in, uint32_t& v) {
  uint64_t x;
  if (!codec::get_bounded(in, UINT32_MAX, x)) return false;
  v = static_cast<uint32_t>(x);
  return true;
}

// An offset `base` + zigzag delta that must stay in uint32_t.
bool get_offset(std::string_view& in, int64_t base, uint32_t& v) {
  uint64_t z;
  if (!codec::get_varint(in, z)) return false;
  const int64_t d = codec::unzigzag(z);
  if (d < -int64_t{UINT32_MAX} || d > int64_t{UINT32_MAX}) return false;
  const int64_t x = base + d;
  if (x < 0 || x > int64_t{UINT32_MAX}) return false;
  v = static_cast<uint32_t>(x);
  return true;
}

}  // namespace

bool decode_mentions(std::string_view& in, std::vector<extract::EntityMention>& m) {
  std::string_view r = in;
  std::vector<std::string> table;
  uint64_t n;
  // A mention takes at least four bytes.
  if (!codec::get_table(r, table) || !codec::get_count(r, 4, n)) return false;
  m.clear();
  m.reserve(n);
  int64_t prev = 0;
  for (uint64_t i = 0; i < n; ++i) {
    extract::EntityMention e;
    if (!get_offset(r, prev, e.span.start) || !get_offset(r, e.span.start, e.span.end)) return false;
    prev = e.span.start;
    if (r.empty()) return false;
    const auto flags = static_cast<unsigned char>(r.front());
    r.remove_prefix(1);
    if (flags & ~63u) return false;
    e.type = static_cast<EntityType>(flags & 3u);
    e.from_gazetteer = flags & 32u;
    if (!codec::get_ref(r, table, e.text)) return false;
    if (flags & 4u) {
      if (!codec::get_ref(r, table, e.role.emplace())) return false;
    }
    if (flags & 8u) {
      if (!codec::get_ref(r, table, e.linked_country.emplace())) return false;
    }
    if (flags & 16u) {
      Span s;
      if (!get_u32(r, s.start) || !get_offset(r, s.start, s.end)) return false;
      e.role_span = s;
    }
    m.push_back(std::move(e));
  }
  in = r;
  return true;
}

}  // namespace kabar::corpus
