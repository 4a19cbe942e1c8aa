// Claims: the same measured thing stated by several documents (or contradicted inside one).
#include "kabar/corpus/claims.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

#include "kabar/core/data_dir.h"
#include "kabar/extract/dates.h"
#include "compact_codec.h"

namespace kabar::corpus {

struct ClaimBuilder::Lexicon {
  std::unordered_map<std::string, std::string> canonical;  // lower-case noun → canonical noun
  std::unordered_map<std::string, std::string> predicate;  // lower-case word → canonical predicate
  std::set<std::string> classifiers;  // counting words that take the noun before them (orang, jiwa)
};

namespace {

using extract::Qualifier;

char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = to_lower(c);
  return r;
}

/// Approximate day number of an ISO date ("2024-10-31", "2024-10", "2024"); nullopt if unreadable.
std::optional<int> day_number(const std::optional<std::string>& iso) {
  if (!iso || iso->size() < 4) return std::nullopt;
  const std::string& s = *iso;
  for (int k = 0; k < 4; ++k)
    if (s[k] < '0' || s[k] > '9') return std::nullopt;
  int y = std::stoi(s.substr(0, 4)), m = 6, d = 15;
  if (s.size() >= 7 && s[4] == '-' && std::isdigit((unsigned char)s[5]) && std::isdigit((unsigned char)s[6])) {
    m = std::stoi(s.substr(5, 2));
    d = 15;
    if (s.size() >= 10 && s[7] == '-' && std::isdigit((unsigned char)s[8]) && std::isdigit((unsigned char)s[9]))
      d = std::stoi(s.substr(8, 2));
  }
  return y * 372 + m * 31 + d;
}

/// The interval of values a figure allows given its qualifier.
std::pair<double, double> interval(const ClaimValue& v) {
  const double x = v.value, inf = std::numeric_limits<double>::infinity();
  switch (v.qualifier) {
    case Qualifier::kExact: return {x * 0.98, x * 1.02};
    case Qualifier::kApprox: return {x * 0.85, x * 1.15};
    case Qualifier::kAtLeast: return {x, inf};
    case Qualifier::kMoreThan: return {x * (1 + 1e-9), inf};
    case Qualifier::kAtMost: return {0, x};
    case Qualifier::kLessThan: return {0, x * (1 - 1e-9)};
    case Qualifier::kRange: return {x, v.value_max.value_or(x)};
  }
  return {x, x};
}

bool compatible(const ClaimValue& a, const ClaimValue& b) {
  auto [alo, ahi] = interval(a);
  auto [blo, bhi] = interval(b);
  return !(ahi < blo || bhi < alo);
}

Span sentence_span(const extract::Analysis& a, const extract::Quantity& q) {
  if (q.sentence < a.text.sentences.size()) return a.text.sentences[q.sentence].span;
  for (const auto& s : a.text.sentences)
    if (s.span.contains(q.span)) return s.span;
  return {0, uint32_t(a.doc.text.size())};
}

/// Capitalised word sequences in `span` (a fallback when the entity layer is empty). The first
/// word of a sentence counts only as an acronym or as part of a longer name.
void capitalised_names(const extract::Analysis& a, Span span, bool sentence_start, std::set<std::string>& out) {
  const auto& toks = a.text.tokens;
  std::string_view text = a.doc.text;
  auto it = std::lower_bound(toks.begin(), toks.end(), span.start,
                             [](const text::Token& t, uint32_t p) { return t.start < p; });
  size_t j = size_t(it - toks.begin());
  bool first = sentence_start;
  while (j < toks.size() && toks[j].end <= span.end) {
    std::string_view t = toks[j].in(text);
    if (t.empty() || !is_upper(t[0])) {
      ++j;
      first = false;
      continue;
    }
    size_t k = j + 1;
    while (k < toks.size() && toks[k].end <= span.end && toks[k].start == toks[k - 1].end + 1 &&
           !toks[k].in(text).empty() && is_upper(toks[k].in(text)[0]))
      ++k;
    bool acronym = t.size() >= 2 && is_upper(t[1]);
    if (!first || k > j + 1 || acronym)
      out.insert(lower(text.substr(toks[j].start, toks[k - 1].end - toks[j].start)));
    first = false;
    j = k;
  }
}

// The corpus-free part of what a quantity is about: names and mention indexes in its unit phrase
// and elsewhere in its sentence.
void about_in_document(const extract::Analysis& a, const extract::Quantity& q, ClaimCandidate& c) {
  std::set<std::string> unit, sentence;
  std::set<int> unit_m, sentence_m;
  Span sent = sentence_span(a, q);
  if (!a.entities.empty()) {
    for (size_t m = 0; m < a.entities.size(); ++m) {
      const auto& e = a.entities[m];
      if (!sent.contains(e.span)) continue;
      const bool in_unit = q.span.contains(e.span);
      std::set<std::string>& into = in_unit ? unit : sentence;
      into.insert(lower(e.text));
      if (e.linked_country) into.insert(lower(*e.linked_country));
      (in_unit ? unit_m : sentence_m).insert(int(m));
    }
  } else {
    capitalised_names(a, q.span, q.span.start == sent.start, unit);
    capitalised_names(a, sent, true, sentence);
  }
  c.unit_names.assign(unit.begin(), unit.end());
  c.sentence_names.assign(sentence.begin(), sentence.end());
  c.unit_mentions.assign(unit_m.begin(), unit_m.end());
  c.sentence_mentions.assign(sentence_m.begin(), sentence_m.end());
}

std::string trim_text(std::string_view s) {
  size_t b = s.find_first_not_of(" \n\t"), e = s.find_last_not_of(" \n\t");
  if (b == std::string_view::npos) return {};
  std::string r(s.substr(b, e - b + 1));
  for (char& c : r)
    if (c == '\n' || c == '\t') c = ' ';
  return r;
}

// The nearest canonical counted noun (synonyms.tsv, not a classifier) in the 10 words before
// the figure, inside its sentence.
std::string noun_before(const extract::Analysis& a, const extract::Quantity& q, const ClaimBuilder::Lexicon& lex) {
  if (q.sentence >= a.text.sentences.size()) return {};
  const auto& sen = a.text.sentences[q.sentence];
  const auto& toks = a.text.tokens;
  int seen = 0;
  for (uint32_t i = std::min<uint32_t>(sen.end_token, uint32_t(toks.size())); i-- > sen.first_token && seen < 10;) {
    const auto& t = toks[i];
    if (t.start >= q.span.start) continue;
    if (t.kind != text::TokenKind::kWord || t.end > a.doc.text.size()) continue;
    ++seen;
    auto it = lex.canonical.find(lower(t.in(a.doc.text)));
    if (it != lex.canonical.end() && !lex.classifiers.count(it->second)) return it->second;
  }
  return {};
}

// The first predicate word (data/quantities/predicates.tsv) within `reach` word tokens of the
// figure, looking after it first, then before, inside its sentence.
std::string predicate_of(const extract::Analysis& a, const extract::Quantity& q,
                         const std::unordered_map<std::string, std::string>& words) {
  if (q.sentence >= a.text.sentences.size()) return {};
  const auto& sen = a.text.sentences[q.sentence];
  const auto& toks = a.text.tokens;
  constexpr int kReach = 6;
  auto word_at = [&](uint32_t i) -> const std::string* {
    const auto& t = toks[i];
    if (t.kind != text::TokenKind::kWord || t.end > a.doc.text.size()) return nullptr;
    auto it = words.find(lower(t.in(a.doc.text)));
    return it == words.end() ? nullptr : &it->second;
  };
  uint32_t first = sen.end_token, last = sen.first_token;
  for (uint32_t i = sen.first_token; i < sen.end_token && i < toks.size(); ++i) {
    if (toks[i].start >= q.span.start && toks[i].end <= q.span.end) {
      first = std::min(first, i);
      last = std::max(last, i);
    }
  }
  if (first > last) return {};
  int seen = 0;
  for (uint32_t i = last + 1; i < sen.end_token && i < toks.size() && seen < kReach; ++i) {
    if (toks[i].kind != text::TokenKind::kWord) continue;
    ++seen;
    if (auto* p = word_at(i)) return *p;
  }
  seen = 0;
  for (uint32_t i = first; i-- > sen.first_token && seen < kReach;) {
    if (toks[i].kind != text::TokenKind::kWord) continue;
    ++seen;
    if (auto* p = word_at(i)) return *p;
  }
  return {};
}

int find(std::vector<int>& p, int x) {
  while (p[x] != x) x = p[x] = p[p[x]];
  return x;
}

}  // namespace

Result<ClaimBuilder> ClaimBuilder::load(const std::filesystem::path& data_dir) {
  auto path = data_dir / "quantities" / "synonyms.tsv";
  auto lines = read_lines(path);
  if (!lines) return lines.error();
  auto lex = std::make_shared<Lexicon>();
  for (const auto& l : *lines) {
    auto f = split(l, '\t');
    if (f.empty() || f[0].empty()) return Error{path.string() + ": empty line"};
    for (const auto& w : f) lex->canonical[lower(w)] = lower(f[0]);
  }
  auto cpath = data_dir / "quantities" / "classifiers.txt";
  auto clines = read_lines(cpath);
  if (!clines) return clines.error();
  for (const auto& l : *clines) lex->classifiers.insert(lower(l));
  auto ppath = data_dir / "quantities" / "predicates.tsv";
  auto plines = read_lines(ppath);
  if (!plines) return plines.error();
  for (const auto& l : *plines) {
    auto f = split(l, '\t');
    if (f.size() < 2) return Error{ppath.string() + ": bad line '" + l + "'"};
    for (size_t i = 1; i < f.size(); ++i) lex->predicate[lower(f[i])] = f[0];
  }
  ClaimBuilder b;
  b.lex_ = std::move(lex);
  return b;
}

std::vector<ClaimCandidate> ClaimBuilder::candidates(const extract::Analysis& a) const {
  std::vector<ClaimCandidate> out;
  if (!lex_) return out;
  for (int k = 0; k < int(a.quantities.size()); ++k) {
    const auto& q = a.quantities[k];
    if (q.kind != extract::QuantityKind::kCount || q.unit_head.empty() || !(q.value > 0)) continue;
    if (q.span.end > a.doc.text.size()) continue;
    ClaimCandidate c;
    c.quantity = k;
    c.value = q.value;
    c.value_max = q.value_max;
    c.qualifier = q.qualifier;
    c.antecedent = q.antecedent;
    c.head = lower(q.unit_head);
    if (auto it = lex_->canonical.find(c.head); it != lex_->canonical.end()) c.head = it->second;
    if (lex_->classifiers.count(c.head)) {
      // "jumlah tentara Korea Utara … sekitar 10.000 orang": a classifier counts the noun
      // named before it in the sentence.
      if (auto noun = noun_before(a, q, *lex_); !noun.empty()) c.head = noun;
    }
    c.unit = q.unit;
    c.predicate = predicate_of(a, q, lex_->predicate);
    c.source = q.claimant ? q.claimant : a.provenance.outlet;
    c.date = q.date;
    c.text = trim_text(sentence_span(a, q).in(a.doc.text));
    c.phrase = trim_text(q.span.in(a.doc.text));
    about_in_document(a, q, c);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Claim> ClaimBuilder::build(const std::vector<extract::Analysis>& docs,
                                       const EntityIndex& entities, const std::vector<int>& story_of) const {
  std::vector<std::vector<ClaimCandidate>> all;
  all.reserve(docs.size());
  for (const auto& a : docs) all.push_back(candidates(a));
  std::vector<const std::vector<ClaimCandidate>*> per_document;
  per_document.reserve(all.size());
  for (const auto& c : all) per_document.push_back(&c);
  return group(per_document, entities, story_of);
}

// The grouping state a growing corpus keeps between group() calls: interned names, and per
// counted noun its last input (the items in corpus order with their story and names) and the
// claims that input gave.
struct ClaimGroups::Impl {
  const void* lexicon = nullptr;
  std::unordered_map<std::string, int> name_ids;  // lower-case name → id
  std::unordered_map<std::string, int> noun_ids;  // canonical counted noun → id
  std::unordered_map<std::string, int> predicate_ids;
  struct Noun {
    // Per item: doc, candidate, story, predicate, |unit|, unit…, |sentence|, sentence….
    std::vector<int32_t> input;
    std::vector<Claim> claims;               // without ids
    std::vector<std::pair<int, int>> first;  // (document, quantity) each claim starts with
    bool present = false;
  };
  std::vector<Noun> nouns;
  size_t regrouped = 0;

  int name(const std::string& s) { return name_ids.emplace(s, int(name_ids.size())).first->second; }
  int predicate(const std::string& s) {
    if (s.empty()) return -1;
    return predicate_ids.emplace(s, int(predicate_ids.size())).first->second;
  }
};

ClaimGroups::ClaimGroups() : impl_(std::make_unique<Impl>()) {}
ClaimGroups::~ClaimGroups() = default;
ClaimGroups::ClaimGroups(ClaimGroups&&) noexcept = default;
ClaimGroups& ClaimGroups::operator=(ClaimGroups&&) noexcept = default;
size_t ClaimGroups::regrouped() const { return impl_->regrouped; }

namespace {

// One candidate of a noun as the grouping reads it; names are sorted unique ids.
struct NounItem {
  int doc = 0;
  const ClaimCandidate* c = nullptr;
  int story = -1;
  int predicate = -1;
  const int32_t* unit = nullptr;
  int n_unit = 0;
  const int32_t* sentence = nullptr;  // includes the unit names
  int n_sentence = 0;
};

bool overlap_ids(const int32_t* a, int na, const int32_t* b, int nb) {
  int i = 0, j = 0;
  while (i < na && j < nb) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      return true;
    }
  }
  return false;
}

// The claims of one counted noun from its items (in corpus order): the grouping of
// ClaimBuilder::group, which never compares figures of different nouns.
std::vector<Claim> group_noun(const std::vector<NounItem>& items) {
  std::vector<Claim> claims;
  const int n = int(items.size());
  std::vector<int> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  // A group holds one predicate at most: figures with none may join any group, but never
  // bridge the dead and the evacuated.
  std::vector<int> group_predicate(n);
  for (int i = 0; i < n; ++i) group_predicate[i] = items[i].predicate;
  // Joins x's group into y's (y's root stays the root), unless their predicates differ.
  auto join = [&](int x, int y) {
    int rx = find(parent, x), ry = find(parent, y);
    if (rx == ry) return;
    const int px = group_predicate[rx], py = group_predicate[ry];
    if (px >= 0 && py >= 0 && px != py) return;
    if (py < 0) group_predicate[ry] = px;
    parent[rx] = ry;
  };
  // Item of (document, quantity): items are in (document, candidate) order, candidates in
  // quantity order.
  auto item_of = [&](int doc, int quantity) -> int {
    auto it = std::lower_bound(items.begin(), items.end(), std::pair<int, int>{doc, quantity},
                               [](const NounItem& x, const std::pair<int, int>& k) {
                                 return std::pair<int, int>{x.doc, x.c->quantity} < k;
                               });
    return it != items.end() && it->doc == doc && it->c->quantity == quantity
               ? int(it - items.begin())
               : -1;
  };
  // Items by story (unknown stories apart), in item order, so the pairs below are visited in the
  // order of a plain double loop (joins depend on that order).
  std::unordered_map<int, std::vector<int>> by_story;
  for (int i = 0; i < n; ++i) by_story[std::max(-1, items[i].story)].push_back(i);
  static const std::vector<int> kNone;
  auto list = [&](int story) -> const std::vector<int>& {
    auto it = by_story.find(story);
    return it == by_story.end() ? kNone : it->second;
  };
  auto after = [](const std::vector<int>& v, int i) { return std::upper_bound(v.begin(), v.end(), i); };
  // join(j, i) when the two figures are about the same thing; skipped (the join would change
  // nothing) when they are in one group already or their groups' predicates differ.
  // `ri` is the root of i: joins here keep it the root, so it is found once per i.
  auto compare = [&](int i, int ri, int j) {
    const int rj = find(parent, j);
    if (ri == rj) return;
    const int pj = group_predicate[rj], pi = group_predicate[ri];
    if (pj >= 0 && pi >= 0 && pj != pi) return;
    const NounItem &x = items[i], &y = items[j];
    // Within one story, a figure whose sentence names no place or name ("Sedikitnya sembilan
    // orang meninggal") may join one that does.
    const bool one_story = x.story >= 0 && x.story == y.story;
    const bool same = (x.n_unit && y.n_unit) ? overlap_ids(x.unit, x.n_unit, y.unit, y.n_unit)
                      : (!x.n_sentence && !y.n_sentence) ? true
                      : (one_story && (!x.n_sentence || !y.n_sentence))
                          ? true
                          : overlap_ids(x.sentence, x.n_sentence, y.sentence, y.n_sentence);
    if (same) {
      if (pi < 0) group_predicate[ri] = pj;
      parent[rj] = ri;
    }
  };
  std::vector<int> all(n);
  std::iota(all.begin(), all.end(), 0);
  for (int i = 0; i < n; ++i) {
    const ClaimCandidate& q = *items[i].c;
    if (q.antecedent >= 0) {
      const int a = item_of(items[i].doc, q.antecedent);
      if (a >= 0) join(i, a);
    }
    const int ri = find(parent, i);
    if (items[i].story < 0) {
      for (auto j = after(all, i); j != all.end(); ++j) compare(i, ri, *j);
      continue;
    }
    // Figures of different stories, or of different happenings (the dead, the evacuated), are
    // different claims: only the same story and unknown stories, merged in item order.
    const auto &same = list(items[i].story), &unknown = list(-1);
    auto a = after(same, i), b = after(unknown, i);
    while (a != same.end() || b != unknown.end()) {
      if (b == unknown.end() || (a != same.end() && *a < *b)) {
        compare(i, ri, *a++);
      } else {
        compare(i, ri, *b++);
      }
    }
  }
  std::map<int, std::vector<int>> groups;
  for (int i = 0; i < n; ++i) groups[find(parent, i)].push_back(i);

  for (auto& [root, members] : groups) {
    if (members.size() < 2) continue;
    Claim c;
    c.unit = items[members[0]].c->head;
    std::set<int> docs_in;
    std::vector<int> item_of_value;
    for (int i : members) {
      const ClaimCandidate& q = *items[i].c;
      ClaimValue v;
      v.value = q.value;
      v.value_max = q.value_max;
      v.qualifier = q.qualifier;
      v.document = items[i].doc;
      v.quantity = q.quantity;
      v.source = q.source;
      v.date = q.date;
      v.text = q.text;
      v.phrase = q.phrase;
      c.values.push_back(std::move(v));
      item_of_value.push_back(i);
      docs_in.insert(items[i].doc);
    }
    // Ordered by date (undated last), document, quantity; each date parsed once (a claim of a
    // large corpus holds thousands of values).
    {
      std::vector<std::pair<std::optional<int>, size_t>> keyed;
      keyed.reserve(c.values.size());
      for (size_t k = 0; k < c.values.size(); ++k) keyed.emplace_back(day_number(c.values[k].date), k);
      std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& xk, const auto& yk) {
        const auto &dx = xk.first, &dy = yk.first;
        const ClaimValue &x = c.values[xk.second], &y = c.values[yk.second];
        if (dx.has_value() != dy.has_value()) return dx.has_value();
        if (dx && dy && *dx != *dy) return *dx < *dy;
        if (x.document != y.document) return x.document < y.document;
        return x.quantity < y.quantity;
      });
      std::vector<ClaimValue> sorted;
      std::vector<int> sorted_items;
      sorted.reserve(c.values.size());
      for (const auto& [day, k] : keyed) {
        sorted.push_back(std::move(c.values[k]));
        sorted_items.push_back(item_of_value[k]);
      }
      c.values = std::move(sorted);
      item_of_value = std::move(sorted_items);
    }
    // Sub-counts: an elliptical or "X dari Y" figure not above the figure it borrows its noun
    // from ("sekitar 8.000 [dari 10.000 tentara] … dikerahkan ke wilayah Kursk") is a part of it.
    // (The last value with that document and quantity, as a scan would find.)
    std::map<std::pair<int, int>, size_t> value_at;
    for (size_t w = 0; w < c.values.size(); ++w) value_at[{c.values[w].document, c.values[w].quantity}] = w;
    for (size_t w = 0; w < c.values.size(); ++w) {
      auto& v = c.values[w];
      const ClaimCandidate& q = *items[item_of_value[w]].c;
      if (q.antecedent < 0) continue;
      auto it = value_at.find({v.document, q.antecedent});
      if (it == value_at.end()) continue;
      const auto& o = c.values[it->second];
      if (v.value <= o.value_max.value_or(o.value)) v.part_of = int(it->second);
    }
    // Conflicts. Two figures conflict when their qualified intervals do not overlap. When
    // every conflicting pair is dated at least 30 days apart, the figures describe a change over
    // time (10.000 troops in October 2024, 14.000 by mid-2025): the claim stays marked as a
    // conflict — readers must see that the numbers differ — and `evolution` says why.
    bool any = false, all_apart = true;
    std::vector<std::optional<int>> days;
    days.reserve(c.values.size());
    for (const auto& v : c.values) days.push_back(day_number(v.date));
    for (size_t x = 0; x < c.values.size() && all_apart; ++x) {
      for (size_t y = x + 1; y < c.values.size(); ++y) {
        const auto &a = c.values[x], &b = c.values[y];
        if (a.part_of >= 0 || b.part_of >= 0 || compatible(a, b)) continue;
        any = true;
        const auto &da = days[x], &db = days[y];
        if (!(da && db && std::abs(*da - *db) >= 30)) {
          all_apart = false;  // a conflict at one moment: nothing further can change the result
          break;
        }
      }
    }
    c.conflict = any;
    c.evolution = any && all_apart;
    if (docs_in.size() < 2 && !c.conflict) continue;
    // Topic: the most frequent unit phrase that names a place; else the most frequent unit.
    std::map<std::string, int> units;
    for (size_t w = 0; w < c.values.size(); ++w) {
      std::string u = items[item_of_value[w]].c->unit;
      for (size_t p; (p = u.find(" dari ")) != std::string::npos;) u.replace(p, 6, " ");
      for (size_t p; (p = u.find(" asal ")) != std::string::npos;) u.replace(p, 6, " ");
      units[u] += 2;
      bool named = false;
      for (size_t p = 1; p < u.size(); ++p)
        if (u[p - 1] == ' ' && is_upper(u[p])) named = true;
      if (named) units[u] += 100;
    }
    int best = -1;
    for (const auto& [u, score] : units)
      if (score > best || (score == best && u.size() < c.topic.size())) {
        best = score;
        c.topic = u;
      }
    claims.push_back(std::move(c));
  }
  return claims;
}

}  // namespace

std::vector<Claim> ClaimBuilder::group(
    const std::vector<const std::vector<ClaimCandidate>*>& per_document,
    const EntityIndex& entities, const std::vector<int>& story_of) const {
  ClaimGroups fresh;
  return group(per_document, entities, story_of, fresh);
}

std::vector<Claim> ClaimBuilder::group(
    const std::vector<const std::vector<ClaimCandidate>*>& per_document,
    const EntityIndex& entities, const std::vector<int>& story_of, ClaimGroups& cache) const {
  std::vector<Claim> claims;
  if (!lex_) return claims;
  ClaimGroups::Impl& G = *cache.impl_;
  if (G.lexicon != lex_.get()) {
    G = ClaimGroups::Impl{};
    G.lexicon = lex_.get();
  }
  G.regrouped = 0;
  // Names and countries of the entity clusters, lower-case, as ids.
  std::vector<std::pair<int, int>> cluster_names(entities.clusters.size(), {-1, -1});
  for (size_t k = 0; k < entities.clusters.size(); ++k) {
    const auto& c = entities.clusters[k];
    cluster_names[k] = {G.name(lower(c.name)), c.country ? G.name(lower(*c.country)) : -1};
  }
  // 1. Every noun's input: its items in corpus order with their story and what they are about
  //    (own names plus the names and countries of the clusters of their mentions; the sentence
  //    set includes the unit set), as sorted unique ids.
  for (auto& noun : G.nouns) noun.present = false;
  std::vector<std::vector<int32_t>> inputs(G.nouns.size());
  std::vector<std::unordered_map<int, int>> story_rank(G.nouns.size());
  std::vector<int32_t> unit, sentence;
  for (int d = 0; d < int(per_document.size()); ++d) {
    if (!per_document[d]) continue;
    const std::vector<int>* row =
        d < int(entities.of_mention.size()) ? &entities.of_mention[d] : nullptr;
    auto add = [&](const std::vector<int>& mentions, std::vector<int32_t>& into) {
      if (!row) return;
      for (int m : mentions) {
        if (m < 0 || size_t(m) >= row->size()) continue;
        const int k = (*row)[m];
        if (k >= 0 && k < int(cluster_names.size())) {
          into.push_back(cluster_names[k].first);
          if (cluster_names[k].second >= 0) into.push_back(cluster_names[k].second);
        }
      }
    };
    const auto& cands = *per_document[d];
    for (int k = 0; k < int(cands.size()); ++k) {
      const ClaimCandidate& c = cands[k];
      auto [it, fresh] = G.noun_ids.emplace(c.head, int(G.nouns.size()));
      if (fresh) G.nouns.emplace_back();
      if (inputs.size() < G.nouns.size()) {
        inputs.resize(G.nouns.size());
        story_rank.resize(G.nouns.size());
      }
      unit.clear();
      sentence.clear();
      for (const auto& s : c.unit_names) unit.push_back(G.name(s));
      add(c.unit_mentions, unit);
      std::sort(unit.begin(), unit.end());
      unit.erase(std::unique(unit.begin(), unit.end()), unit.end());
      for (const auto& s : c.sentence_names) sentence.push_back(G.name(s));
      add(c.sentence_mentions, sentence);
      sentence.insert(sentence.end(), unit.begin(), unit.end());
      std::sort(sentence.begin(), sentence.end());
      sentence.erase(std::unique(sentence.begin(), sentence.end()), sentence.end());
      auto& in = inputs[it->second];
      in.push_back(d);
      in.push_back(k);
      // Stories are compared only for equality: numbered by first appearance in the noun, so
      // stories renumbered by a batch (new or merged stories before them) read the same.
      int story = d < int(story_of.size()) ? story_of[d] : -1;
      if (story >= 0) {
        auto& seen = story_rank[it->second];
        auto [at, first_time] = seen.emplace(story, int(seen.size()));
        story = at->second;
      }
      in.push_back(story);
      in.push_back(G.predicate(c.predicate));
      in.push_back(int32_t(unit.size()));
      in.insert(in.end(), unit.begin(), unit.end());
      in.push_back(int32_t(sentence.size()));
      in.insert(in.end(), sentence.begin(), sentence.end());
    }
  }
  // 2. Nouns whose input changed (new figures, a story merged, a cluster renamed) are grouped
  //    again; the others keep their claims.
  size_t total = 0;
  for (size_t w = 0; w < G.nouns.size(); ++w) {
    auto& noun = G.nouns[w];
    if (inputs[w].empty()) {
      noun = {};
      continue;
    }
    noun.present = true;
    if (inputs[w] != noun.input) {
      noun.input = std::move(inputs[w]);
      std::vector<NounItem> items;
      for (size_t p = 0; p < noun.input.size();) {
        NounItem it;
        it.doc = noun.input[p];
        it.c = &(*per_document[it.doc])[noun.input[p + 1]];
        it.story = noun.input[p + 2];
        it.predicate = noun.input[p + 3];
        it.n_unit = noun.input[p + 4];
        it.unit = noun.input.data() + p + 5;
        p += 5 + it.n_unit;
        it.n_sentence = noun.input[p];
        it.sentence = noun.input.data() + p + 1;
        p += 1 + it.n_sentence;
        items.push_back(it);
      }
      noun.claims = group_noun(items);
      noun.first.clear();
      for (const auto& c : noun.claims) {
        std::pair<int, int> f{INT32_MAX, INT32_MAX};
        for (const auto& v : c.values) f = std::min(f, std::make_pair(v.document, v.quantity));
        noun.first.push_back(f);
      }
      ++G.regrouped;
    }
    total += noun.claims.size();
  }
  // 3. All claims in order of their first (document, quantity).
  std::vector<std::tuple<std::pair<int, int>, int, int>> order;
  order.reserve(total);
  for (size_t w = 0; w < G.nouns.size(); ++w) {
    for (size_t k = 0; k < G.nouns[w].claims.size(); ++k)
      order.emplace_back(G.nouns[w].first[k], int(w), int(k));
  }
  std::sort(order.begin(), order.end());
  claims.reserve(order.size());
  for (const auto& [first, w, k] : order) {
    claims.push_back(G.nouns[w].claims[k]);
    claims.back().id = "C" + std::to_string(claims.size());
  }
  return claims;
}

namespace {

void put_int(std::string& out, int v) { codec::put_varint(out, codec::zigzag(v)); }

bool get_int(std::string_view& in, int& v) {
  uint64_t z;
  if (!codec::get_bounded(in, uint64_t{UINT32_MAX}, z)) return false;
  v = static_cast<int>(codec::unzigzag(z));
  return true;
}

void put_refs(std::string& out, codec::StringTable& table, const std::vector<std::string>& v) {
  codec::put_varint(out, v.size());
  for (const auto& s : v) codec::put_varint(out, table.id(s));
}

bool get_refs(std::string_view& in, const std::vector<std::string>& table, std::vector<std::string>& v) {
  uint64_t n;
  if (!codec::get_count(in, 1, n)) return false;
  v.assign(n, {});
  for (auto& s : v) {
    if (!codec::get_ref(in, table, s)) return false;
  }
  return true;
}

// Mention indexes as deltas from the previous one (they are sorted).
void put_indexes(std::string& out, const std::vector<int>& v) {
  codec::put_varint(out, v.size());
  int prev = 0;
  for (int x : v) {
    codec::put_varint(out, codec::zigzag(int64_t{x} - prev));
    prev = x;
  }
}

bool get_indexes(std::string_view& in, std::vector<int>& v) {
  uint64_t n;
  if (!codec::get_count(in, 1, n)) return false;
  v.assign(n, 0);
  int64_t prev = 0;
  for (int& x : v) {
    uint64_t z;
    if (!codec::get_varint(in, z)) return false;
    const int64_t d = codec::unzigzag(z), y = prev + d;
    if (d < INT32_MIN || d > INT32_MAX || y < INT32_MIN || y > INT32_MAX) return false;
    x = static_cast<int>(y);
    prev = y;
  }
  return true;
}

// Bytes a candidate takes at least: 13 one-byte fields (quantity, flags, value, antecedent,
// head, unit, predicate, text, phrase and the four list sizes).
constexpr size_t kMinCandidateBytes = 13;

}  // namespace

// Layout: string table; candidate count; per candidate: zigzag quantity, flags (bits 0-2
// qualifier, 3 value_max, 4 source, 5 date, 6 value whole, 7 value_max whole), value,
// [value_max], zigzag antecedent, head, unit, predicate, [source], [date], text, phrase (string
// indexes), unit_names, sentence_names (count + indexes), unit_mentions, sentence_mentions (count +
// zigzag deltas).
void encode_candidates(const std::vector<ClaimCandidate>& cs, std::string& out) {
  codec::StringTable table;
  std::string body;
  codec::put_varint(body, cs.size());
  for (const ClaimCandidate& c : cs) {
    put_int(body, c.quantity);
    unsigned flags = static_cast<unsigned>(c.qualifier) | (c.value_max ? 8u : 0u) | (c.source ? 16u : 0u) |
                     (c.date ? 32u : 0u) | (codec::is_whole(c.value) ? 64u : 0u) |
                     (c.value_max && codec::is_whole(*c.value_max) ? 128u : 0u);
    body += static_cast<char>(flags);
    codec::put_double(body, c.value);
    if (c.value_max) codec::put_double(body, *c.value_max);
    put_int(body, c.antecedent);
    codec::put_varint(body, table.id(c.head));
    codec::put_varint(body, table.id(c.unit));
    codec::put_varint(body, table.id(c.predicate));
    if (c.source) codec::put_varint(body, table.id(*c.source));
    if (c.date) codec::put_varint(body, table.id(*c.date));
    codec::put_varint(body, table.id(c.text));
    codec::put_varint(body, table.id(c.phrase));
    put_refs(body, table, c.unit_names);
    put_refs(body, table, c.sentence_names);
    put_indexes(body, c.unit_mentions);
    put_indexes(body, c.sentence_mentions);
  }
  table.write(out);
  out += body;
}

bool decode_candidates(std::string_view& in, std::vector<ClaimCandidate>& cs) {
  std::string_view r = in;
  std::vector<std::string> table;
  uint64_t n;
  if (!codec::get_table(r, table) || !codec::get_count(r, kMinCandidateBytes, n)) return false;
  cs.clear();
  cs.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    ClaimCandidate c;
    if (!get_int(r, c.quantity) || r.empty()) return false;
    const auto flags = static_cast<unsigned char>(r.front());
    r.remove_prefix(1);
    if ((flags & 7u) > static_cast<unsigned>(Qualifier::kRange)) return false;
    if ((flags & 128u) && !(flags & 8u)) return false;
    c.qualifier = static_cast<Qualifier>(flags & 7u);
    if (!codec::get_double(r, flags & 64u, c.value)) return false;
    if (flags & 8u) {
      if (!codec::get_double(r, flags & 128u, c.value_max.emplace())) return false;
    }
    if (!get_int(r, c.antecedent) || !codec::get_ref(r, table, c.head) || !codec::get_ref(r, table, c.unit) ||
        !codec::get_ref(r, table, c.predicate))
      return false;
    if ((flags & 16u) && !codec::get_ref(r, table, c.source.emplace())) return false;
    if ((flags & 32u) && !codec::get_ref(r, table, c.date.emplace())) return false;
    if (!codec::get_ref(r, table, c.text) || !codec::get_ref(r, table, c.phrase) ||
        !get_refs(r, table, c.unit_names) || !get_refs(r, table, c.sentence_names) ||
        !get_indexes(r, c.unit_mentions) || !get_indexes(r, c.sentence_mentions))
      return false;
    cs.push_back(std::move(c));
  }
  in = r;
  return true;
}

namespace {

/// 10000 → "10.000", 3.5 → "3,5" (Indonesian grouping).
std::string id_number(double v) {
  char buf[64];
  bool whole = v == std::floor(v) && std::fabs(v) < 1e15;
  if (whole) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf, intpart = s, frac;
  if (size_t dot = s.find('.'); dot != std::string::npos) {
    intpart = s.substr(0, dot);
    frac = s.substr(dot + 1);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
  }
  bool neg = !intpart.empty() && intpart[0] == '-';
  if (neg) intpart.erase(0, 1);
  std::string grouped;
  for (size_t i = 0; i < intpart.size(); ++i) {
    if (i && (intpart.size() - i) % 3 == 0) grouped += '.';
    grouped += intpart[i];
  }
  return (neg ? "-" : "") + grouped + (frac.empty() ? "" : "," + frac);
}

}  // namespace

std::string format_claim_value(const ClaimValue& v) {
  std::string n = id_number(v.value);
  switch (v.qualifier) {
    case Qualifier::kExact: return n;
    case Qualifier::kApprox: return "\xE2\x89\x88" + n;
    case Qualifier::kAtLeast: return "\xE2\x89\xA5" + n;
    case Qualifier::kAtMost: return "\xE2\x89\xA4" + n;
    case Qualifier::kMoreThan: return ">" + n;
    case Qualifier::kLessThan: return "<" + n;
    case Qualifier::kRange: return n + "\xE2\x80\x93" + id_number(v.value_max.value_or(v.value));
  }
  return n;
}

std::string format_claims_table(const std::vector<Claim>& claims,
                                const std::vector<std::string>& doc_labels) {
  if (claims.empty()) return "No claims: no quantity is stated by more than one source.\n";
  std::string out;
  auto pad = [](std::string s, size_t w) {
    // Pads by code points, not bytes.
    size_t cps = 0;
    for (unsigned char c : s) cps += (c & 0xC0) != 0x80;
    if (cps > w) {
      std::string r;
      size_t n = 0;
      for (size_t i = 0; i < s.size(); ++i) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++n > w - 1) break;
        r += s[i];
      }
      return r + "\xE2\x80\xA6";
    }
    return s + std::string(w - cps, ' ');
  };
  for (const auto& c : claims) {
    std::set<int> ds;
    for (const auto& v : c.values) ds.insert(v.document);
    std::string flags = c.evolution ? "  [conflict: change over time]" : c.conflict ? "  [CONFLICT]" : "";
    out += c.id + "  " + c.topic + flags + "  (" + std::to_string(ds.size()) +
           (ds.size() == 1 ? " document)\n" : " documents)\n");
    for (const auto& v : c.values) {
      std::string label = v.document >= 0 && v.document < int(doc_labels.size()) ? doc_labels[v.document]
                                                                                  : "doc " + std::to_string(v.document);
      std::string value = format_claim_value(v);
      if (v.part_of >= 0) value += " (part)";
      out += "    " + pad(v.date ? extract::readable_date_value(*v.date) : "-", 10) + "  " + pad(value, 18) + "  " +
             pad(v.source.value_or("-"), 28) + "  " + pad(label, 24) + "  " + v.phrase + "\n";
    }
    out += "\n";
  }
  return out;
}

}  // namespace kabar::corpus
