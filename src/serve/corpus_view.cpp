#include "kabar/serve/corpus_view.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_set>
#include <utility>

#include <simdjson.h>

#include "kabar/corpus/json.h"
#include "kabar/corpus/state.h"
#include "kabar/ingest/reader.h"

namespace kabar::serve {

using nlohmann::json;

namespace {

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// Cuts `s` to at most `n` bytes at a UTF-8 boundary, adding "…" when cut.
std::string clip(std::string_view s, size_t n) {
  if (s.size() <= n) return std::string(s);
  size_t k = n;
  while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
  return std::string(s.substr(0, k)) + "…";
}

// The title people see: the metadata title, else the first non-blank line of the text.
std::string display_title(const json& d) {
  std::string t = str(d, "title");
  if (!t.empty()) return t;
  const std::string text_owned = str(d, "text");
  std::string_view text = text_owned;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t'))
      line.remove_suffix(1);
    if (!line.empty()) return clip(line, 140);
    start = end + 1;
  }
  return str(d, "path");
}

std::string published_date(const json& d) {
  auto it = d.find("published");
  if (it == d.end() || !it->is_object()) return {};
  return str(*it, "date");
}

// Sorted {value, count} pairs, most frequent first, ties by value.
json counted(const std::map<std::string, int>& counts) {
  std::vector<std::pair<std::string, int>> v(counts.begin(), counts.end());
  std::stable_sort(v.begin(), v.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  json out = json::array();
  for (const auto& [k, n] : v) out.push_back({{"name", k}, {"count", n}});
  return out;
}

}  // namespace

std::shared_ptr<const CorpusView> CorpusView::build(const std::vector<extract::Analysis>& docs,
                                                    const corpus::CorpusAnalysis& corpus,
                                                    int64_t document_count) {
  return from_json(corpus::corpus_json(docs, corpus), document_count);
}

namespace {

// The distinct corpus entity ids of a document, in order of first mention.
json entity_ids(const json& d) {
  if (auto it = d.find("entity_ids"); it != d.end()) return *it;  // a compact document
  json out = json::array();
  std::set<std::string> seen;
  if (auto it = d.find("entities"); it != d.end() && it->is_array()) {
    for (const auto& e : *it) {
      if (e.contains("entity") && e["entity"].is_string() &&
          seen.insert(e["entity"].get<std::string>()).second)
        out.push_back(e["entity"]);
    }
  }
  return out;
}

// Whether the k-th item (from 0) of a list falls in the slice of `limit` items from `offset`.
bool in_slice(size_t k, size_t offset, size_t limit) { return k >= offset && k - offset < limit; }

// The slice of `limit` items from `offset` of a list of n, as [first, second).
std::pair<size_t, size_t> slice_range(size_t n, size_t offset, size_t limit) {
  const size_t from = std::min(n, offset);
  return {from, from + std::min(n - from, limit)};
}

size_t quantity_count(const json& d) {
  if (auto it = d.find("quantity_count"); it != d.end()) return it->get<size_t>();
  auto it = d.find("quantities");
  return it != d.end() && it->is_array() ? it->size() : 0;
}

// What the cross-document answers read of a document (document_brief, story, quotes).
json compact(json& d) {
  json out = json::object();
  for (const char* key : {"id", "display_title", "title", "outlet", "byline", "published", "wires",
                          "language", "path", "quotes"}) {
    if (auto it = d.find(key); it != d.end()) out[key] = std::move(*it);
  }
  out["entity_ids"] = entity_ids(d);
  out["quantity_count"] = quantity_count(d);
  return out;
}

}  // namespace

std::shared_ptr<const CorpusView> CorpusView::from_json(json corpus, int64_t document_count,
                                                        DocumentLoader loader,
                                                        DuplicateReader pairs) {
  std::shared_ptr<CorpusView> v(new CorpusView());
  v->document_count_ = document_count;
  v->corpus_ = std::move(corpus);
  v->loader_ = std::move(loader);
  v->pairs_ = std::move(pairs);
  if (v->pairs_) v->corpus_.erase("duplicates");
  for (const char* key : {"documents", "entities", "stories", "claims", "duplicates"}) {
    if (v->pairs_ && std::string_view(key) == "duplicates") continue;
    if (!v->corpus_.contains(key) || !v->corpus_[key].is_array()) v->corpus_[key] = json::array();
  }
  auto& documents = v->corpus_["documents"];
  for (size_t i = 0; i < documents.size(); ++i) {
    if (!documents[i].contains("display_title"))
      documents[i]["display_title"] = display_title(documents[i]);
    if (v->loader_) documents[i] = compact(documents[i]);
    v->document_index_.emplace(str(documents[i], "id"), i);
  }
  // Pairs in the order the store lists them: by the later, then the earlier document.
  if (!v->pairs_ && !v->corpus_["duplicates"].empty()) {
    auto& duplicates = v->corpus_["duplicates"];
    auto place = [&](const json& p, const char* side) {
      auto it = v->document_index_.find(str(p, side));
      return it == v->document_index_.end() ? SIZE_MAX : it->second;
    };
    std::vector<json> sorted(std::make_move_iterator(duplicates.begin()),
                             std::make_move_iterator(duplicates.end()));
    std::stable_sort(sorted.begin(), sorted.end(), [&](const json& x, const json& y) {
      return std::pair(place(x, "b"), place(x, "a")) < std::pair(place(y, "b"), place(y, "a"));
    });
    duplicates = json(std::move(sorted));
  }
  const auto& entities = v->corpus_["entities"];
  for (size_t i = 0; i < entities.size(); ++i) v->entity_index_.emplace(str(entities[i], "id"), i);
  const auto& stories = v->corpus_["stories"];
  for (size_t i = 0; i < stories.size(); ++i) {
    const std::string id = str(stories[i], "id");
    v->story_index_.emplace(id, i);
    for (const auto& d : stories[i]["documents"])
      v->stories_of_document_[d.get<std::string>()].push_back(id);
  }
  return v;
}

const json* CorpusView::find(const std::unordered_map<std::string, size_t>& index,
                             const char* array, const std::string& id) const {
  auto it = index.find(id);
  if (it == index.end()) return nullptr;
  return &corpus_[array][it->second];
}

json CorpusView::document_brief(const std::string& id) const {
  const json* d = find(document_index_, "documents", id);
  if (!d) return nullptr;
  json stories = json::array();
  if (auto it = stories_of_document_.find(id); it != stories_of_document_.end())
    stories = it->second;
  const json& pub = (*d)["published"];
  return {{"id", id},
          {"title", (*d)["display_title"]},
          {"outlet", (*d)["outlet"]},
          {"byline", (*d)["byline"]},
          {"published", pub.is_object() ? pub["date"] : json(nullptr)},
          {"inferred", pub.is_object() ? pub.value("inferred", false) : false},
          {"wires", (*d)["wires"]},
          {"language", (*d)["language"]},
          {"path", (*d)["path"]},
          {"stories", stories}};
}

const json& CorpusView::title_of(const std::string& id) const {
  static const json none;
  const json* d = find(document_index_, "documents", id);
  return d ? (*d)["display_title"] : none;
}

const std::vector<std::string>& CorpusView::stories_of(const std::string& id) const {
  static const std::vector<std::string> none;
  auto it = stories_of_document_.find(id);
  return it != stories_of_document_.end() ? it->second : none;
}

std::optional<json> CorpusView::document(const std::string& id) const {
  const json* d = find(document_index_, "documents", id);
  if (!d) return std::nullopt;
  json out;
  if (loader_) {
    auto loaded = loader_(id);
    if (!loaded) return std::nullopt;
    out = std::move(*loaded);
    out["display_title"] = (*d)["display_title"];
  } else {
    out = *d;
  }
  json stories = json::array();
  if (auto it = stories_of_document_.find(id); it != stories_of_document_.end()) {
    for (const auto& s : it->second) {
      const json* st = find(story_index_, "stories", s);
      stories.push_back({{"id", s}, {"title", st ? (*st)["title"] : json(nullptr)}});
    }
  }
  out["stories"] = std::move(stories);
  int64_t total = 0;
  auto copies = duplicates_of(id, kDocumentDuplicates, total);
  out["duplicates"] = copies ? std::move(*copies) : json::array();
  out["duplicate_count"] = total;
  return out;
}

namespace {

// -1 when `a` was published before `b`, 1 when after, 0 when the same day or either is unknown
// (dates of different precision compare on what both give).
int published_order(const json& a, const json& b) {
  if (!a.is_string() || !b.is_string()) return 0;
  const std::string &x = a.get_ref<const std::string&>(), &y = b.get_ref<const std::string&>();
  const size_t n = std::min(x.size(), y.size());
  const int c = x.compare(0, n, y, 0, n);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

// A stored pair in the contract's form.
json contract_pair(const store::StoredDuplicate& p) {
  json passages = json::array();
  json stored = json::parse(p.passages, nullptr, false);
  if (stored.is_array()) {
    for (const auto& x : stored) {
      if (!x.is_array() || x.size() != 5) continue;
      passages.push_back({{"a_start", x[0]}, {"a_end", x[1]}, {"b_start", x[2]},
                          {"b_end", x[3]}, {"tokens", x[4]}});
    }
  }
  return {{"a", p.a},
          {"b", p.b},
          {"exact", p.exact},
          {"near_duplicate", p.near_duplicate},
          {"similarity", p.similarity},
          {"containment", p.containment},
          {"paragraphs_of_a_repeated", p.paragraphs_of_a_repeated},
          {"passages", std::move(passages)}};
}

}  // namespace

json CorpusView::short_brief(const std::string& id) const {
  json b = document_brief(id);
  if (b.is_null()) return {{"id", id}, {"title", nullptr}, {"outlet", nullptr}, {"published", nullptr}};
  return {{"id", id}, {"title", b["title"]}, {"outlet", b["outlet"]}, {"published", b["published"]}};
}

// The pairs in the contract's form, one page of them.
Result<json> CorpusView::pair_page(const std::string& document, int64_t offset, int64_t limit,
                                   int64_t& total) const {
  json out = json::array();
  total = 0;
  if (pairs_) {
    auto page = pairs_(document, offset, limit);
    if (!page) return page.error();
    total = page->total;
    for (const auto& p : page->pairs) out.push_back(contract_pair(p));
    return out;
  }
  auto it = corpus_.find("duplicates");
  if (it == corpus_.end() || !it->is_array()) return out;
  for (const auto& p : *it) {
    if (!document.empty() && str(p, "a") != document && str(p, "b") != document) continue;
    if (total >= offset && total < offset + limit) out.push_back(p);
    ++total;
  }
  return out;
}

Result<json> CorpusView::duplicates(const std::string& document, int64_t offset, int64_t limit,
                                    int64_t& total) const {
  auto page = pair_page(document, offset, limit, total);
  if (!page) return page.error();
  for (auto& p : *page) {
    json a = short_brief(str(p, "a")), b = short_brief(str(p, "b"));
    const int order = published_order(a["published"], b["published"]);
    p["published_first"] = order < 0 ? json("a") : order > 0 ? json("b") : json(nullptr);
    p["a"] = std::move(a);
    p["b"] = std::move(b);
  }
  return page;
}

Result<json> CorpusView::duplicates_of(const std::string& id, int64_t limit, int64_t& total) const {
  auto page = pair_page(id, 0, limit, total);
  if (!page) return page.error();
  json out = json::array();
  for (const auto& p : *page) {
    const bool first = str(p, "a") == id;  // this document is `a` of the pair
    const std::string other = str(p, first ? "b" : "a");
    json brief = short_brief(other);
    json mine = document_brief(id);
    const int order =
        published_order(mine.is_object() ? mine["published"] : json(nullptr), brief["published"]);
    json passages = json::array();
    for (const auto& x : p["passages"]) {
      const char* me = first ? "a" : "b";
      const char* them = first ? "b" : "a";
      passages.push_back({{"start", x[std::string(me) + "_start"]},
                          {"end", x[std::string(me) + "_end"]},
                          {"other_start", x[std::string(them) + "_start"]},
                          {"other_end", x[std::string(them) + "_end"]},
                          {"tokens", x["tokens"]}});
    }
    out.push_back({{"document", std::move(brief)},
                   {"exact", p["exact"]},
                   {"near_duplicate", p["near_duplicate"]},
                   {"similarity", p["similarity"]},
                   {"containment", p["containment"]},
                   {"passages", std::move(passages)},
                   {"published_first",
                    order < 0 ? json("this") : order > 0 ? json("other") : json(nullptr)}});
  }
  return out;
}

json CorpusView::stories() const {
  json out = json::array();
  for (const auto& s : corpus_["stories"]) {
    std::map<std::string, int> coverage, outlets;
    std::string first, last;
    for (const auto& d : s["documents"]) {
      const json* doc = find(document_index_, "documents", d.get<std::string>());
      if (!doc) continue;
      std::string date = published_date(*doc);
      if (!date.empty()) {
        ++coverage[date];
        if (first.empty() || date < first) first = date;
        if (last.empty() || date > last) last = date;
      }
      std::string outlet = str(*doc, "outlet");
      if (!outlet.empty()) ++outlets[outlet];
    }
    json cov = json::array();
    for (const auto& [date, n] : coverage) cov.push_back({{"date", date}, {"count", n}});
    const json& summary = s["summary"];
    out.push_back({{"id", s["id"]},
                   {"title", s["title"]},
                   {"lead", summary.empty() ? json(nullptr) : summary[0]},
                   {"documents", s["documents"].size()},
                   {"events", s["events"].size()},
                   {"first", first.empty() ? json(nullptr) : json(first)},
                   {"last", last.empty() ? json(nullptr) : json(last)},
                   {"outlets", counted(outlets)},
                   {"coverage", std::move(cov)}});
  }
  std::stable_sort(out.begin(), out.end(), [](const json& a, const json& b) {
    std::string la = a["last"].is_string() ? a["last"].get<std::string>() : "";
    std::string lb = b["last"].is_string() ? b["last"].get<std::string>() : "";
    return la > lb;
  });
  return out;
}

json CorpusView::claims_where(const std::vector<std::string>* docs, ListCap cap) const {
  std::unordered_set<std::string> keep;
  if (docs) keep.insert(docs->begin(), docs->end());
  json out = json::array();
  size_t total = 0;
  for (const auto& c : corpus_["claims"]) {
    bool touches = !docs;
    for (const auto& v : c["values"]) {
      if (touches) break;
      if (keep.count(str(v, "document"))) touches = true;
    }
    if (!touches) continue;
    const size_t k = total++;
    if (!in_slice(k, cap.offset, cap.max)) continue;  // counted, not built
    // The most-cited value (ties: the first seen) is the reference; others are outliers.
    std::map<double, int> freq;
    for (const auto& v : c["values"]) {
      if (v["value"].is_number()) ++freq[v["value"].get<double>()];
    }
    double mode = 0;
    int best = 0;
    for (const auto& v : c["values"]) {
      if (!v["value"].is_number()) continue;
      double x = v["value"].get<double>();
      if (freq[x] > best) best = freq[x], mode = x;
    }
    // The claim without its values, then the values of the slice asked for.
    json claim = json::object();
    for (const auto& [key, value] : c.items()) {
      if (key != "values") claim[key] = value;
    }
    const json& all = c["values"];
    size_t from = 0, to = all.size();
    if (cap.max_each != SIZE_MAX || cap.offset_each != 0) {
      claim["value_count"] = all.size();
      std::tie(from, to) = slice_range(all.size(), cap.offset_each, cap.max_each);
    }
    json values = json::array();
    for (size_t i = from; i < to; ++i) values.push_back(all[i]);
    const bool conflict = c.value("conflict", false);
    for (auto& v : values) {
      json brief = document_brief(str(v, "document"));
      v["title"] = brief.is_object() ? brief["title"] : json(nullptr);
      v["outlet"] = brief.is_object() ? brief["outlet"] : json(nullptr);
      v["published"] = brief.is_object() ? brief["published"] : json(nullptr);
      v["outlier"] = conflict && v["value"].is_number() && v["value"].get<double>() != mode;
      if (docs) v["in_story"] = keep.count(str(v, "document")) > 0;
    }
    claim["values"] = std::move(values);
    out.push_back(std::move(claim));
  }
  if (cap.total) *cap.total = total;
  return out;
}

json CorpusView::claims(const std::string& story) const {
  if (story.empty()) return claims_where(nullptr);
  const json* s = find(story_index_, "stories", story);
  std::vector<std::string> docs;
  if (s) docs = (*s)["documents"].get<std::vector<std::string>>();
  return claims_where(&docs);
}

namespace {

// One quote as the quote lists show it: its text and where it was said.
json quote_json(const json& d, const json& q) {
  return {{"text", q["text"]},
          {"direct", q["direct"]},
          {"document", str(d, "id")},
          {"title", d["display_title"]},
          {"outlet", d["outlet"]},
          {"published", published_date(d).empty() ? json(nullptr) : json(published_date(d))},
          {"start", q["start"]},
          {"end", q["end"]}};
}

}  // namespace

json CorpusView::quotes_where(const std::string& speaker, const std::vector<std::string>* docs,
                              ListCap cap) const {
  const std::string needle = lower(speaker);
  struct Group {
    json speaker, entity;
    size_t count = 0;  // all its quotes
  };
  // 1. Every quote's speaker group, counted: the order of the speakers needs all of them.
  std::vector<Group> groups;
  std::unordered_map<std::string, size_t> by_key;
  struct Said {
    const json* document;
    const json* quote;
    size_t group;
  };
  std::vector<Said> said;
  auto visit = [&](const json& d) {
    for (const auto& q : d["quotes"]) {
      const std::string name = str(q, "speaker");
      if (!needle.empty() && lower(name).find(needle) == std::string::npos) continue;
      const std::string entity = str(q, "speaker_entity");
      std::string key = entity;
      if (key.empty()) key.append("\x01").append(lower(name));  // unresolved speakers by name
      auto [it, fresh] = by_key.emplace(key, groups.size());
      if (fresh) {
        groups.push_back({name.empty() ? json(nullptr) : json(name),
                          entity.empty() ? json(nullptr) : json(entity)});
      }
      ++groups[it->second].count;
      said.push_back({&d, &q, it->second});
    }
  };
  if (docs) {
    for (const auto& id : *docs) {
      if (const json* d = find(document_index_, "documents", id)) visit(*d);
    }
  } else {
    for (const auto& d : corpus_["documents"]) visit(d);
  }
  std::vector<size_t> order(groups.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const Group &a = groups[x], &b = groups[y];
    if (a.speaker.is_null() != b.speaker.is_null())
      return b.speaker.is_null();  // unattributed last
    return a.count > b.count;
  });
  if (cap.total) *cap.total = groups.size();
  // 2. Only the speakers of the slice get their quotes built, only those of their slice.
  const auto [from, to] = slice_range(order.size(), cap.offset, cap.max);
  constexpr size_t kOut = SIZE_MAX;
  std::vector<size_t> slot(groups.size(), kOut);
  json out = json::array();
  for (size_t i = from; i < to; ++i) {
    Group& g = groups[order[i]];
    slot[order[i]] = out.size();
    out.push_back({{"speaker", std::move(g.speaker)},
                   {"speaker_entity", std::move(g.entity)},
                   {"count", g.count},
                   {"quotes", json::array()}});
  }
  std::vector<size_t> seen(groups.size(), 0);
  for (const auto& s : said) {
    if (slot[s.group] == kOut) continue;
    const size_t k = seen[s.group]++;
    if (!in_slice(k, cap.offset_each, cap.max_each)) continue;
    out[slot[s.group]]["quotes"].push_back(quote_json(*s.document, *s.quote));
  }
  return out;
}

json CorpusView::quotes(const std::string& speaker, const std::string& story) const {
  if (story.empty()) return quotes_where(speaker, nullptr);
  const json* s = find(story_index_, "stories", story);
  std::vector<std::string> docs;
  if (s) docs = (*s)["documents"].get<std::vector<std::string>>();
  return quotes_where(speaker, &docs);
}

namespace {

json slice_json(const Slice& s) { return {{"offset", s.offset}, {"limit", s.limit}}; }

ListCap cap_of(const Slice& items, const Slice& each, size_t* total) {
  return {items.limit, each.limit, total, items.offset, each.offset};
}

// The distinct corpus entity ids of a document, in order of first mention, one by one.
template <typename Fn>
void for_each_entity_id(const json& d, Fn&& fn) {
  if (auto it = d.find("entity_ids"); it != d.end()) {  // a compact document
    for (const auto& e : *it) fn(e.get_ref<const std::string&>());
    return;
  }
  for (const auto& e : entity_ids(d)) fn(e.get_ref<const std::string&>());
}

}  // namespace

std::optional<json> CorpusView::story(const std::string& id, const StoryPage& page) const {
  const json* s = find(story_index_, "stories", id);
  if (!s) return std::nullopt;
  const auto docs = (*s)["documents"].get<std::vector<std::string>>();
  // A story of tens of thousands of documents (100,000 scaled articles make one of 71,487)
  // would answer hundreds of MB: its long lists are answered in slices (`page`), with their
  // full sizes beside them; only the items of a slice are built.
  if (page.only == StoryPage::Only::kClaims) {
    size_t claim_count = 0;
    json claims = claims_where(&docs, cap_of(page.claims, page.values, &claim_count));
    return json{
        {"id", id},
        {"claims", std::move(claims)},
        {"claim_count", claim_count},
        {"page", {{"claims", slice_json(page.claims)}, {"values", slice_json(page.values)}}}};
  }
  if (page.only == StoryPage::Only::kSpeakers) {
    size_t speaker_count = 0;
    json quotes = quotes_where({}, &docs, cap_of(page.speakers, page.quotes, &speaker_count));
    return json{
        {"id", id},
        {"quotes", std::move(quotes)},
        {"speaker_count", speaker_count},
        {"page", {{"speakers", slice_json(page.speakers)}, {"quotes", slice_json(page.quotes)}}}};
  }
  const bool whole = page.only == StoryPage::Only::kAll;

  // The documents, earliest published first (by date only; then in story order); the counts
  // of outlets, wires, dates and entities from all of them.
  struct Row {
    const std::string* id;
    const json* doc;
    std::string published;
  };
  std::vector<Row> rows;
  rows.reserve(docs.size());
  std::map<std::string, int> outlets, wires, coverage;
  std::map<std::string, int> entity_docs;
  for (const auto& d : docs) {
    const json* doc = find(document_index_, "documents", d);
    if (!doc) continue;
    std::string published;
    bool dated = false;
    if (auto pub = doc->find("published"); pub != doc->end() && pub->is_object()) {
      if (auto it = pub->find("date"); it != pub->end() && it->is_string()) {
        published = it->get<std::string>();
        dated = true;
      }
    }
    if (whole) {
      if (auto o = doc->find("outlet"); o != doc->end() && o->is_string())
        ++outlets[o->get<std::string>()];
      if (auto w = doc->find("wires"); w != doc->end() && w->is_array()) {
        for (const auto& x : *w) ++wires[x.get<std::string>()];
      }
      if (dated) ++coverage[published];
      for_each_entity_id(*doc, [&](const std::string& e) { ++entity_docs[e]; });
    }
    rows.push_back({&d, doc, std::move(published)});
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.published < b.published; });
  json briefs = json::array();
  const auto [from, to] = slice_range(rows.size(), page.documents.offset, page.documents.limit);
  for (size_t i = from; i < to; ++i) {
    json b = document_brief(*rows[i].id);
    b["quotes"] = (*rows[i].doc)["quotes"].size();
    b["quantities"] = quantity_count(*rows[i].doc);
    briefs.push_back(std::move(b));
  }
  if (!whole) {
    return json{{"id", id},
                {"documents", std::move(briefs)},
                {"document_count", rows.size()},
                {"page", {{"documents", slice_json(page.documents)}}}};
  }
  json out = *s;
  out["document_count"] = rows.size();
  out["documents"] = std::move(briefs);
  for (auto& t : out["timeline"]) {
    json b = document_brief(str(t, "document"));
    t["title"] = b.is_object() ? b["title"] : json(nullptr);
    t["outlet"] = b.is_object() ? b["outlet"] : json(nullptr);
  }
  size_t claim_count = 0, speaker_count = 0;
  out["claims"] = claims_where(&docs, cap_of(page.claims, page.values, &claim_count));
  out["claim_count"] = claim_count;
  out["quotes"] = quotes_where({}, &docs, cap_of(page.speakers, page.quotes, &speaker_count));
  out["speaker_count"] = speaker_count;
  out["page"] = {{"documents", slice_json(page.documents)},
                 {"claims", slice_json(page.claims)},
                 {"values", slice_json(page.values)},
                 {"speakers", slice_json(page.speakers)},
                 {"quotes", slice_json(page.quotes)}};
  out["outlets"] = counted(outlets);
  out["wires"] = counted(wires);
  json cov = json::array();
  for (const auto& [date, n] : coverage) cov.push_back({{"date", date}, {"count", n}});
  out["coverage"] = std::move(cov);

  // Entities named in most of the story's documents (then by mentions).
  std::vector<std::pair<std::string, int>> ents(entity_docs.begin(), entity_docs.end());
  std::stable_sort(ents.begin(), ents.end(),
                   [&](const auto& a, const auto& b) { return a.second > b.second; });
  json top = json::array();
  for (const auto& [eid, n] : ents) {
    if (top.size() >= 20) break;
    const json* e = find(entity_index_, "entities", eid);
    if (!e) continue;
    top.push_back({{"id", eid}, {"name", (*e)["name"]}, {"type", (*e)["type"]}, {"documents", n}});
  }
  out["entities"] = std::move(top);
  return out;
}

std::optional<json> CorpusView::entity(const std::string& id, const EntityPage& page) const {
  const json* e = find(entity_index_, "entities", id);
  if (!e) return std::nullopt;
  const bool whole = page.only == EntityPage::Only::kAll;
  json out = whole ? *e : json{{"id", id}};
  // An entity named in tens of thousands of documents answers a slice of them (its stories
  // and quotes still come from all of them); document_count gives the full number.
  if (whole || page.only == EntityPage::Only::kDocuments) {
    json briefs = json::array();
    std::set<std::string> stories;
    size_t known = 0;
    for (const auto& d : (*e)["documents"]) {
      const std::string& doc = d.get_ref<const std::string&>();
      if (!find(document_index_, "documents", doc)) continue;
      const size_t k = known++;
      if (whole) {
        if (auto it = stories_of_document_.find(doc); it != stories_of_document_.end())
          stories.insert(it->second.begin(), it->second.end());
      }
      if (in_slice(k, page.documents.offset, page.documents.limit))
        briefs.push_back(document_brief(doc));
    }
    out["document_count"] = known;
    out["documents"] = std::move(briefs);
    if (whole) {
      json st = json::array();
      for (const auto& s : stories) {
        const json* sj = find(story_index_, "stories", s);
        st.push_back({{"id", s}, {"title", sj ? (*sj)["title"] : json(nullptr)}});
      }
      out["stories"] = std::move(st);
    }
  }
  // What it said: the quotes whose speaker resolved to it, in document order (a pass over the
  // documents' quotes, building only those of the slice).
  if (whole || page.only == EntityPage::Only::kQuotes) {
    json said = json::array();
    size_t quote_count = 0;
    for (const auto& d : corpus_["documents"]) {
      for (const auto& q : d["quotes"]) {
        if (str(q, "speaker_entity") != id) continue;
        const size_t k = quote_count++;
        if (in_slice(k, page.quotes.offset, page.quotes.limit))
          said.push_back(quote_json(d, q));
      }
    }
    out["quote_count"] = quote_count;
    out["quotes"] = std::move(said);
  }
  json slices = json::object();
  if (whole || page.only == EntityPage::Only::kDocuments)
    slices["documents"] = slice_json(page.documents);
  if (whole || page.only == EntityPage::Only::kQuotes) slices["quotes"] = slice_json(page.quotes);
  out["page"] = std::move(slices);
  return out;
}

Result<Document> stored_document(const store::StoredDocument& row) {
  json a = json::parse(row.analysis_json, nullptr, false);
  if (a.is_discarded() || !a.is_object() || !a.contains("text") || !a["text"].is_string())
    return Error{row.path + ": stored analysis is not a document object"};
  DocumentMeta meta;
  auto opt = [&](const char* key) -> std::optional<std::string> {
    std::string v = str(a, key);
    return v.empty() ? std::nullopt : std::optional<std::string>(v);
  };
  meta.title = opt("title");
  meta.url = opt("url");
  meta.outlet = opt("outlet");
  meta.author = opt("byline");
  // A publication date read from metadata is kept as it was found; inferred ones are
  // inferred again from the text.
  if (a.contains("published") && a["published"].is_object()) {
    const std::string evidence = str(a["published"], "evidence");
    const std::string prefix = "metadata: ";
    if (evidence.rfind(prefix, 0) == 0) meta.published = evidence.substr(prefix.size());
  }
  ingest::ReadOptions options;
  options.max_bytes = static_cast<size_t>(1) << 31;  // already accepted at ingest
  auto doc = ingest::make_document(row.path, a["text"].get<std::string>(), std::move(meta), options);
  if (!doc) return doc.error();
  doc->id = row.id;
  return std::move(*doc);
}

namespace {

// What the stored per-document JSON lacks: the corpus entity of each mention and the canonical
// speaker of each quote of document `d` ("links", StoredDocument::links), from its record and
// the corpus analysis.
std::string links_of(const corpus::CorpusState& state, const corpus::EntityIndex& entities,
                     size_t d) {
  const corpus::DocRecord& r = state.record(d);
  const std::vector<int>* map = d < entities.of_mention.size() ? &entities.of_mention[d] : nullptr;
  json ents = json::array(), quotes = json::array();
  for (size_t m = 0; m < r.mentions.size(); ++m) {
    const int c = map && m < map->size() ? (*map)[m] : -1;
    ents.push_back(c >= 0 ? json(entities.clusters[c].id) : json(nullptr));
  }
  for (const auto& q : r.quotes) {
    int c = -1;
    const std::string speaker = corpus::canonical_speaker(&entities, static_cast<int>(d), q, &c);
    quotes.push_back(json::array({speaker.empty() ? json(nullptr) : json(speaker),
                                  c >= 0 ? json(entities.clusters[c].id) : json(nullptr)}));
  }
  return json{{"entities", std::move(ents)}, {"quotes", std::move(quotes)}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

namespace {

// Puts the corpus entity of each mention and the canonical speaker of each quote (the view's
// "links" of the document) into a stored document object. Mentions and quotes line up by
// position when the analysis is the one the view saw.
void apply_links(json& d, const json& link) {
  auto e = link.find("entities");
  if (e != link.end() && e->is_array() && d.contains("entities") &&
      e->size() == d["entities"].size()) {
    const json& ents = *e;
    for (size_t i = 0; i < ents.size(); ++i) d["entities"][i]["entity"] = ents[i];
  }
  auto q = link.find("quotes");
  if (q != link.end() && q->is_array() && d.contains("quotes") &&
      q->size() == d["quotes"].size()) {
    const json& quotes = *q;
    for (size_t i = 0; i < quotes.size(); ++i) {
      if (!quotes[i].is_array() || quotes[i].size() != 2) continue;
      d["quotes"][i]["speaker"] = quotes[i][0];
      d["quotes"][i]["speaker_entity"] = quotes[i][1];
    }
  }
}

namespace sj = simdjson::dom;

// A simdjson value as the nlohmann value json::parse gives for the same text.
json to_json(sj::element v) {
  switch (v.type()) {
    case sj::element_type::OBJECT: {
      json out = json::object();
      for (auto [key, value] : sj::object(v)) out[std::string(key)] = to_json(value);
      return out;
    }
    case sj::element_type::ARRAY: {
      json out = json::array();
      for (sj::element item : sj::array(v)) out.push_back(to_json(item));
      return out;
    }
    case sj::element_type::STRING:
      return std::string(std::string_view(v));
    case sj::element_type::INT64: {
      const int64_t i = int64_t(v);
      return i < 0 ? json(i) : json(static_cast<uint64_t>(i));  // as nlohmann types them
    }
    case sj::element_type::UINT64:
      return json(uint64_t(v));
    case sj::element_type::DOUBLE:
      return json(double(v));
    case sj::element_type::BOOL:
      return json(bool(v));
    case sj::element_type::NULL_VALUE:
      break;
  }
  return nullptr;
}

// A stored analysis read into what compact() and its inputs use: the top-level fields it keeps,
// the text (for display_title), each mention with only its corpus entity, one null per quantity
// (only counted). Parsing the whole analysis into nlohmann's tree was most of a server's
// start-up (687 MB of JSON at 100,000 articles); simdjson parses it into its flat tape (SIMD
// kernels chosen at run time) and only these fields become nlohmann values. Invalid JSON gives
// a discarded value, as json::parse(…, nullptr, false) does.
json read_for_compact(std::string_view text) {
  static const std::set<std::string, std::less<>> kKept = {
      "id",    "display_title", "title", "text",   "outlet",     "byline",        "published",
      "wires", "language",      "path",  "quotes", "entity_ids", "quantity_count"};
  thread_local sj::parser parser;
  sj::element doc;
  if (parser.parse(text.data(), text.size()).get(doc) != simdjson::SUCCESS ||
      doc.type() != sj::element_type::OBJECT)
    return json(json::value_t::discarded);
  json out = json::object();
  for (auto [key, value] : sj::object(doc)) {
    if (key == "entities" && value.type() == sj::element_type::ARRAY) {
      json mentions = json::array();
      for (sj::element item : sj::array(value)) {
        json m = json::object();
        sj::element entity;
        if (item.type() == sj::element_type::OBJECT &&
            sj::object(item)["entity"].get(entity) == simdjson::SUCCESS)
          m["entity"] = to_json(entity);
        mentions.push_back(std::move(m));
      }
      out["entities"] = std::move(mentions);
    } else if (key == "quantities" && value.type() == sj::element_type::ARRAY) {
      out["quantities"] = json::array();
      for (size_t k = 0, n = sj::array(value).size(); k < n; ++k)
        out["quantities"].push_back(nullptr);
    } else if (kKept.count(key) || key == "entities" || key == "quantities") {
      out[std::string(key)] = to_json(value);
    }
  }
  return out;
}

}  // namespace

Result<std::optional<std::shared_ptr<const CorpusView>>> load_corpus_view(
    const store::Store& store, StoredDocumentReader reader, CorpusView::DuplicateReader pairs) {
  using None = std::optional<std::shared_ptr<const CorpusView>>;
  auto text = store.corpus_view();
  if (!text) return text.error();
  if (text->empty()) return None{};
  json view = json::parse(*text, nullptr, false);
  text->clear();
  text->shrink_to_fit();
  const int64_t count = store.count();
  if (view.is_discarded() || !view.is_object() || !view.contains("document_count") ||
      !view["document_count"].is_number_integer() ||
      view["document_count"].get<int64_t>() != count) {
    return None{};
  }
  // Stored rows in order, a chunk at a time, each parsed on its own: only its compact part (or,
  // without a reader, the document with its links) stays in memory. Parsing every stored
  // analysis is most of a server's start-up (687 MB of JSON at 100,000 articles), so a
  // chunk's rows are parsed on every core.
  auto parse = [&reader](const store::StoredDocument& row) -> std::optional<json> {
    json d = reader ? read_for_compact(row.analysis_json)
                    : json::parse(row.analysis_json, nullptr, false);
    json link = json::parse(row.links, nullptr, false);
    if (d.is_discarded() || !d.is_object() || !d.contains("entities") || !d.contains("quotes") ||
        link.is_discarded() || !link.is_object())
      return std::nullopt;  // stored after the view, or no links: recompute
    apply_links(d, link);
    if (reader) {
      d["display_title"] = display_title(d);
      d = compact(d);
    }
    return d;
  };
  constexpr size_t kChunk = 512;
  const size_t workers = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  json documents = json::array();
  std::vector<store::StoredDocument> chunk;
  std::vector<std::optional<json>> parsed;
  bool complete = true;
  auto flush = [&] {
    parsed.assign(chunk.size(), std::nullopt);
    auto work = [&](size_t first) {
      for (size_t i = first; i < chunk.size(); i += workers) parsed[i] = parse(chunk[i]);
    };
    std::vector<std::thread> threads;
    for (size_t w = 1; w < std::min(workers, chunk.size()); ++w) threads.emplace_back(work, w);
    work(0);
    for (auto& t : threads) t.join();
    for (auto& d : parsed) {
      if (!d)
        complete = false;
      else
        documents.push_back(std::move(*d));
    }
    chunk.clear();
    return complete;
  };
  auto walked = store.for_each_document([&](const store::StoredDocument& row) -> Status {
    chunk.push_back(row);
    if (chunk.size() == kChunk && !flush()) return Error{"incomplete"};
    return Ok{};
  });
  if (walked && !chunk.empty()) flush();
  if (!complete) return None{};
  if (!walked) return walked.error();
  if (static_cast<int64_t>(documents.size()) != count) return None{};
  CorpusView::DocumentLoader loader;
  if (reader) {
    // The rest of a document, with its links, is read back from the store when asked for.
    loader = [reader](const std::string& id) -> std::optional<json> {
      auto row = reader(id);
      if (!row || !*row) return std::nullopt;
      json d = json::parse((*row)->analysis_json, nullptr, false);
      if (d.is_discarded() || !d.is_object()) return std::nullopt;
      json link = json::parse((*row)->links, nullptr, false);
      if (link.is_object()) apply_links(d, link);
      return d;
    };
  }
  json corpus = {{"documents", std::move(documents)},
                 {"entities", std::move(view["entities"])},
                 {"stories", std::move(view["stories"])},
                 {"claims", std::move(view["claims"])},
                 {"duplicates", json::array()}};
  return None{
      CorpusView::from_json(std::move(corpus), count, std::move(loader), std::move(pairs))};
}

Result<RefreshReport> refresh_corpus_view(store::Store& store, const extract::Pipeline& pipeline,
                                          const corpus::CorpusAnalyzer& analyzer, int threads) {
  const auto t0 = std::chrono::steady_clock::now();
  RefreshReport report;
  // The analyzer outlives this call; the state only borrows it.
  corpus::CorpusState state(std::shared_ptr<const corpus::CorpusAnalyzer>(
      &analyzer, [](const corpus::CorpusAnalyzer*) {}));

  // 1. The records of every stored document, in store order. Documents stored without one (by a
  // kabar before schema 5) or with one this kabar cannot read (another record version) get
  // theirs from their stored text, once, and it is stored.
  std::vector<corpus::DocRecord> records;
  std::vector<size_t> missing;
  auto walked = store.for_each_record([&](const std::string& id, std::string_view bytes) -> Status {
    if (!bytes.empty()) {
      if (auto r = corpus::decode(bytes); r && r->id == id) {
        records.push_back(std::move(*r));
        return Ok{};
      }
    }
    missing.push_back(records.size());
    records.emplace_back().id = id;
    return Ok{};
  });
  if (!walked) return walked.error();
  report.documents = records.size();
  if (!missing.empty()) {
    for (size_t from = 0; from < missing.size(); from += 256) {
      std::vector<Document> docs;
      std::vector<size_t> slot;
      for (size_t k = from; k < std::min(missing.size(), from + 256); ++k) {
        auto row = store.document(records[missing[k]].id);
        if (!row) return row.error();
        if (!*row) continue;
        auto doc = stored_document(**row);
        if (!doc) return Error{doc.error().message + " (cannot rebuild its corpus record)"};
        docs.push_back(std::move(*doc));
        slot.push_back(missing[k]);
      }
      auto analyses = pipeline.analyze_batch(std::move(docs), std::max(threads, 1));
      std::vector<std::pair<std::string, std::string>> rows;
      for (size_t k = 0; k < analyses.size(); ++k) {
        records[slot[k]] = state.record(analyses[k]);
        rows.emplace_back(records[slot[k]].id, corpus::encode(records[slot[k]]));
      }
      if (auto s = store.put_records(rows); !s) return s.error();
      report.rebuilt_records += rows.size();
    }
  }

  // 2. The state as the last refresh left it: it covers the documents stored before it, i.e. a
  // prefix of the store order (sequence numbers only grow). A state that does not restore
  // (none yet, or written by a kabar with another state version) is rebuilt from the records.
  auto saved = store.corpus_state();
  if (!saved) return saved.error();
  size_t known = 0;
  if (!saved->empty()) {
    const size_t covered = corpus::CorpusState::saved_document_count(*saved).value_or(SIZE_MAX);
    if (covered <= records.size()) {
      std::vector<corpus::DocRecord> head(records.begin(), records.begin() + covered);
      if (auto s = state.restore(std::move(head), *saved); s) {
        known = covered;
      } else {
        report.warnings.push_back("stored corpus state not restored (" + s.error().message +
                                  "); rebuilt from the records");
        state = corpus::CorpusState(std::shared_ptr<const corpus::CorpusAnalyzer>(
            &analyzer, [](const corpus::CorpusAnalyzer*) {}));
      }
    }
  }
  report.restored = known;

  // 3. Only the documents stored since are compared and clustered; the stories they touch read
  // their source documents again (re-analysed from the stored text).
  std::vector<corpus::DocRecord> fresh(std::make_move_iterator(records.begin() + known),
                                       std::make_move_iterator(records.end()));
  records.clear();
  records.shrink_to_fit();
  report.added = fresh.size();
  auto load = [&](const std::string& id) -> std::optional<extract::Analysis> {
    auto row = store.document(id);
    if (!row || !*row) return std::nullopt;
    auto doc = stored_document(**row);
    if (!doc) return std::nullopt;
    return pipeline.analyze(std::move(*doc));
  };
  state.add_records(std::move(fresh), load);

  // 4. Persisted with the view in one transaction: the view object (stories, entities, claims),
  // the pairs touching a document added now (the earlier ones are stored and cannot change:
  // CorpusState compares only new documents with the earlier ones), and every document's
  // links (entity clusters grow, so earlier documents' links may change).
  corpus::CorpusAnalysis c = state.analysis();
  std::vector<std::string> ids;
  ids.reserve(state.size());
  for (size_t d = 0; d < state.size(); ++d) ids.push_back(state.record(d).id);
  std::vector<corpus::DuplicatePair> pairs = std::move(c.duplicates);
  c.duplicates.clear();
  json part = corpus::corpus_parts_json(c, ids);
  part.erase("duplicates");
  part["document_count"] = static_cast<int64_t>(state.size());
  // Pairs are stored for the documents of the stored view's count; a view dropped by a
  // migration or never stored has none.
  auto stored_count = store.corpus_view_document_count();
  if (!stored_count) return stored_count.error();
  store::CorpusViewRows rows;
  rows.ids = &ids;
  rows.duplicates = &pairs;
  rows.unchanged_before =
      std::min<size_t>(known, static_cast<size_t>(std::max<int64_t>(0, stored_count->value_or(0))));
  rows.links = [&](size_t d) { return links_of(state, c.entities, d); };
  if (auto s = store.replace_corpus_view(part, state.save(), &rows); !s) return s.error();
  report.pairs = pairs.size();
  report.pairs_written = 0;
  for (const auto& p : pairs) report.pairs_written += static_cast<size_t>(p.b) >= rows.unchanged_before;
  report.stories = c.stories.size();
  report.entities = c.entities.clusters.size();
  report.claims = c.claims.size();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace kabar::serve
