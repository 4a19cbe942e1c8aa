#include "contract.h"

#include <set>

namespace kabar::test {

using nlohmann::json;

namespace {

struct Checker {
  std::vector<std::string> errors;
  void fail(const std::string& where, const std::string& what) { errors.push_back(where + ": " + what); }

  // kind: s string, S string-or-null, n number, b bool, a array, o object
  bool field(const json& obj, const std::string& where, const char* name, char kind) {
    if (!obj.is_object() || !obj.contains(name)) {
      fail(where, std::string("missing field '") + name + "'");
      return false;
    }
    const json& v = obj[name];
    bool ok = false;
    switch (kind) {
      case 's': ok = v.is_string(); break;
      case 'S': ok = v.is_string() || v.is_null(); break;
      case 'n': ok = v.is_number(); break;
      case 'N': ok = v.is_number() || v.is_null(); break;
      case 'b': ok = v.is_boolean(); break;
      case 'a': ok = v.is_array(); break;
      case 'o': ok = v.is_object(); break;
    }
    if (!ok) fail(where, std::string("field '") + name + "' has the wrong type: " + v.dump().substr(0, 60));
    return ok;
  }

  void span(const json& item, const std::string& where, const std::string& text, bool check_text) {
    if (!field(item, where, "start", 'n') || !field(item, where, "end", 'n')) return;
    auto s = item["start"].get<int64_t>(), e = item["end"].get<int64_t>();
    if (s < 0 || e < s || e > static_cast<int64_t>(text.size())) {
      fail(where, "span [" + std::to_string(s) + "," + std::to_string(e) + ") outside the text");
      return;
    }
    if (check_text && item.contains("text") && item["text"].is_string() &&
        item["text"].get<std::string>() != text.substr(s, e - s)) {
      fail(where, "text '" + item["text"].get<std::string>() + "' is not the text at its span");
    }
  }

  static bool iso_date(const std::string& s) {
    // YYYY, YYYY-MM or YYYY-MM-DD (the contract's grains for published/claims/timeline)
    auto digits = [&](size_t a, size_t n) {
      for (size_t i = a; i < a + n; ++i) if (i >= s.size() || !isdigit(static_cast<unsigned char>(s[i]))) return false;
      return true;
    };
    if (s.size() == 4) return digits(0, 4);
    if (s.size() == 7) return digits(0, 4) && s[4] == '-' && digits(5, 2);
    if (s.size() == 10) return digits(0, 4) && s[4] == '-' && digits(5, 2) && s[7] == '-' && digits(8, 2);
    return false;
  }
};

}  // namespace

std::vector<std::string> check_contract(const json& corpus) {
  Checker c;
  for (const char* top : {"documents", "entities", "stories", "claims"}) c.field(corpus, "corpus", top, 'a');
  if (!c.errors.empty()) return c.errors;

  std::set<std::string> doc_ids, entity_ids;
  for (const auto& e : corpus["entities"]) {
    std::string w = "entities[" + e.value("id", std::string("?")) + "]";
    c.field(e, w, "id", 's');
    c.field(e, w, "name", 's');
    if (c.field(e, w, "type", 's') && !std::set<std::string>{"PER", "ORG", "LOC", "MISC"}.count(e["type"])) {
      c.fail(w, "type is not PER|ORG|LOC|MISC");
    }
    c.field(e, w, "variants", 'a');
    c.field(e, w, "documents", 'a');
    c.field(e, w, "mentions", 'n');
    if (e.contains("id") && e["id"].is_string()) entity_ids.insert(e["id"]);
  }

  const std::set<std::string> qualifiers = {"approx", "at_least", "at_most", "more_than", "less_than", "exact", "range"};
  const std::set<std::string> grains = {"time", "day", "week", "month", "season", "quarter", "year", "decade", "century", "duration", "set"};
  for (size_t i = 0; i < corpus["documents"].size(); ++i) {
    const json& d = corpus["documents"][i];
    std::string w = "documents[" + std::to_string(i) + "]";
    for (auto [name, kind] : std::initializer_list<std::pair<const char*, char>>{
             {"id", 's'}, {"path", 's'}, {"language", 's'}, {"title", 'S'}, {"text", 's'}, {"outlet", 'S'},
             {"byline", 'S'}, {"dateline", 'S'}, {"published", 'o'}, {"wires", 'a'}, {"entities", 'a'},
             {"quotes", 'a'}, {"quantities", 'a'}, {"dates", 'a'}, {"warnings", 'a'}}) {
      c.field(d, w, name, kind);
    }
    if (!c.errors.empty()) return c.errors;
    doc_ids.insert(d["id"].get<std::string>());
    const std::string text = d["text"];
    const json& p = d["published"];
    c.field(p, w + ".published", "date", 'S');
    c.field(p, w + ".published", "inferred", 'b');
    c.field(p, w + ".published", "evidence", 'S');
    if (p["date"].is_string() && !Checker::iso_date(p["date"])) c.fail(w, "published.date is not ISO 8601");
    for (const auto& wire : d["wires"]) if (!wire.is_string()) c.fail(w, "wires holds a non-string");
    for (const auto& e : d["entities"]) {
      std::string we = w + ".entities";
      c.field(e, we, "text", 's');
      c.field(e, we, "type", 's');
      c.field(e, we, "entity", 'S');
      c.span(e, we, text, true);
      if (e["entity"].is_string() && !entity_ids.count(e["entity"])) c.fail(we, "entity id not in corpus entities");
    }
    for (const auto& q : d["quotes"]) {
      std::string wq = w + ".quotes";
      c.field(q, wq, "text", 's');
      c.field(q, wq, "speaker", 'S');
      c.field(q, wq, "speaker_entity", 'S');
      c.field(q, wq, "direct", 'b');
      c.span(q, wq, text, true);
    }
    for (const auto& q : d["quantities"]) {
      std::string wq = w + ".quantities";
      c.field(q, wq, "text", 's');
      c.field(q, wq, "value", 'n');
      c.field(q, wq, "unit", 's');
      if (c.field(q, wq, "qualifier", 's') && !qualifiers.count(q["qualifier"])) c.fail(wq, "bad qualifier");
      c.span(q, wq, text, true);
    }
    for (const auto& t : d["dates"]) {
      std::string wt = w + ".dates";
      c.field(t, wt, "text", 's');
      c.field(t, wt, "value", 's');
      if (c.field(t, wt, "grain", 's') && !grains.count(t["grain"])) c.fail(wt, "bad grain " + t["grain"].dump());
      c.span(t, wt, text, true);
    }
    for (const auto& x : d["warnings"]) {
      c.field(x, w + ".warnings", "kind", 's');
      c.field(x, w + ".warnings", "text", 's');
      c.field(x, w + ".warnings", "detail", 's');
    }
  }
  for (const auto& e : corpus["entities"]) {
    for (const auto& id : e["documents"]) if (!doc_ids.count(id)) c.fail("entities", "unknown document id " + id.dump());
  }
  for (const auto& s : corpus["stories"]) {
    c.field(s, "stories", "id", 's');
    c.field(s, "stories", "title", 's');
    c.field(s, "stories", "documents", 'a');
    c.field(s, "stories", "summary", 'a');
    if (c.field(s, "stories", "timeline", 'a')) {
      for (const auto& t : s["timeline"]) {
        c.field(t, "stories.timeline", "date", 's');
        c.field(t, "stories.timeline", "text", 's');
        c.field(t, "stories.timeline", "document", 's');
      }
    }
  }
  for (const auto& cl : corpus["claims"]) {
    c.field(cl, "claims", "id", 's');
    c.field(cl, "claims", "topic", 's');
    c.field(cl, "claims", "conflict", 'b');
    if (c.field(cl, "claims", "values", 'a')) {
      for (const auto& v : cl["values"]) {
        c.field(v, "claims.values", "value", 'n');
        c.field(v, "claims.values", "qualifier", 's');
        c.field(v, "claims.values", "document", 's');
        c.field(v, "claims.values", "source", 'S');
        c.field(v, "claims.values", "date", 'S');
        c.field(v, "claims.values", "text", 's');
        if (v.contains("document") && v["document"].is_string() && !doc_ids.count(v["document"])) {
          c.fail("claims.values", "unknown document id");
        }
      }
    }
  }
  return c.errors;
}

}  // namespace kabar::test
