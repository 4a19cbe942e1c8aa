#include "kabar/corpus/json.h"

#include <cmath>

namespace kabar::corpus {

using nlohmann::json;

namespace {

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

// Whole numbers print as integers (10000, not 10000.0).
json number(double v) {
  if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 9.0e15) {
    return json(static_cast<int64_t>(v));
  }
  return json(v);
}

std::string sentence_text(const extract::Analysis& a, Span s) {
  return std::string(s.in(a.doc.text));
}

}  // namespace

std::string canonical_speaker(const extract::Analysis&, const EntityIndex* entities,
                              int doc_index, const extract::Quote& q, int* cluster) {
  return canonical_speaker(entities, doc_index, q, cluster);
}

std::string canonical_speaker(const EntityIndex* entities, int doc_index, const extract::Quote& q,
                              int* cluster) {
  if (cluster) *cluster = -1;
  if (entities && q.speaker_mention >= 0 && doc_index >= 0 &&
      static_cast<size_t>(doc_index) < entities->of_mention.size()) {
    const auto& map = entities->of_mention[doc_index];
    if (static_cast<size_t>(q.speaker_mention) < map.size()) {
      int c = map[q.speaker_mention];
      if (c >= 0) {
        if (cluster) *cluster = c;
        return entities->clusters[c].name;
      }
    }
  }
  return q.speaker.value_or("");
}

json document_json(const extract::Analysis& a, const EntityIndex* entities, int doc_index) {
  json d;
  d["id"] = a.doc.id;
  d["path"] = a.doc.path;
  d["language"] = a.text.language.code;
  d["language_confidence"] = a.text.language.confidence;
  d["title"] = opt(a.doc.meta.title);
  d["url"] = opt(a.doc.meta.url);
  d["text"] = a.doc.text;
  d["outlet"] = opt(a.provenance.outlet);
  d["byline"] = opt(a.provenance.byline);
  d["dateline"] = opt(a.provenance.dateline);
  d["initials"] = opt(a.provenance.initials);
  d["published"] = {{"date", opt(a.published.date)},
                    {"inferred", a.published.inferred},
                    {"evidence", a.published.evidence.empty() ? json(nullptr)
                                                              : json(a.published.evidence)}};
  d["wires"] = a.provenance.wires;

  const std::vector<int>* map = nullptr;
  if (entities && doc_index >= 0 && static_cast<size_t>(doc_index) < entities->of_mention.size()) {
    map = &entities->of_mention[doc_index];
  }
  json ents = json::array();
  for (size_t i = 0; i < a.entities.size(); ++i) {
    const auto& e = a.entities[i];
    int c = map && i < map->size() ? (*map)[i] : -1;
    json j = {{"text", e.text}, {"type", extract::to_string(e.type)}, {"start", e.span.start},
              {"end", e.span.end}, {"entity", c >= 0 ? json(entities->clusters[c].id) : json(nullptr)}};
    if (e.role) j["role"] = *e.role;
    if (e.linked_country) j["country"] = *e.linked_country;
    ents.push_back(std::move(j));
  }
  d["entities"] = std::move(ents);

  json quotes = json::array();
  for (const auto& q : a.quotes) {
    int c = -1;
    std::string speaker = canonical_speaker(a, entities, doc_index, q, &c);
    quotes.push_back({{"text", sentence_text(a, q.span)},
                      {"speaker", speaker.empty() ? json(nullptr) : json(speaker)},
                      {"speaker_entity", c >= 0 ? json(entities->clusters[c].id) : json(nullptr)},
                      {"direct", q.direct},
                      {"start", q.span.start},
                      {"end", q.span.end}});
  }
  d["quotes"] = std::move(quotes);

  json qs = json::array();
  for (const auto& q : a.quantities) {
    json j = {{"text", sentence_text(a, q.span)},
              {"value", number(q.value)},
              {"unit", q.unit},
              {"qualifier", extract::to_string(q.qualifier)},
              {"kind", extract::to_string(q.kind)},
              {"start", q.span.start},
              {"end", q.span.end}};
    if (q.value_max) j["value_max"] = number(*q.value_max);
    if (!q.unit_head.empty()) j["unit_head"] = q.unit_head;
    j["claimant"] = opt(q.claimant);
    j["date"] = opt(q.date);
    qs.push_back(std::move(j));
  }
  d["quantities"] = std::move(qs);

  json dates = json::array();
  for (const auto& m : a.dates) {
    dates.push_back({{"text", sentence_text(a, m.span)},
                     {"value", m.value},
                     {"grain", extract::to_string(m.grain)},
                     {"type", m.timex_type},
                     {"start", m.span.start},
                     {"end", m.span.end}});
  }
  d["dates"] = std::move(dates);

  json warnings = json::array();
  for (const auto& w : a.warnings) {
    json j = {{"kind", w.kind}, {"text", w.text}, {"detail", w.detail}};
    if (w.span) {
      j["start"] = w.span->start;
      j["end"] = w.span->end;
    }
    warnings.push_back(std::move(j));
  }
  d["warnings"] = std::move(warnings);
  return d;
}

json corpus_json(const std::vector<extract::Analysis>& docs, const CorpusAnalysis& corpus) {
  std::vector<std::string> ids;
  ids.reserve(docs.size());
  for (const auto& a : docs) ids.push_back(a.doc.id);
  json out = corpus_parts_json(corpus, ids);
  json documents = json::array();
  for (size_t i = 0; i < docs.size(); ++i) {
    documents.push_back(document_json(docs[i], &corpus.entities, static_cast<int>(i)));
  }
  out["documents"] = std::move(documents);
  return out;
}

json corpus_parts_json(const CorpusAnalysis& corpus, const std::vector<std::string>& ids) {
  json out;
  auto id = [&](int d) -> const std::string& { return ids.at(static_cast<size_t>(d)); };

  json entities = json::array();
  for (const auto& c : corpus.entities.clusters) {
    json j = {{"id", c.id},           {"name", c.name},          {"type", extract::to_string(c.type)},
              {"variants", c.variants}, {"documents", c.documents}, {"mentions", c.mentions}};
    j["role"] = opt(c.role);
    j["country"] = opt(c.country);
    entities.push_back(std::move(j));
  }
  out["entities"] = std::move(entities);

  json stories = json::array();
  for (const auto& s : corpus.stories) {
    json doc_ids = json::array();
    for (int d : s.documents) doc_ids.push_back(id(d));
    json events = json::array();
    for (const auto& e : s.events) {
      json eids = json::array();
      for (int d : e.documents) eids.push_back(id(d));
      events.push_back({{"id", e.id}, {"title", e.title}, {"date", opt(e.date)}, {"documents", eids}});
    }
    json timeline = json::array();
    for (const auto& t : s.timeline) {
      timeline.push_back({{"date", t.date}, {"text", t.text}, {"document", id(t.document)},
                          {"start", t.span.start}, {"end", t.span.end}});
    }
    json summary = json::array(), sources = json::array();
    for (const auto& x : s.summary) {
      summary.push_back(x.text);
      sources.push_back({{"document", id(x.document)}, {"start", x.span.start}, {"end", x.span.end}});
    }
    stories.push_back({{"id", s.id}, {"title", s.title}, {"documents", doc_ids}, {"events", events},
                       {"summary", summary}, {"summary_sources", sources}, {"timeline", timeline}});
  }
  out["stories"] = std::move(stories);

  json duplicates = json::array();
  for (const auto& p : corpus.duplicates) {
    json passages = json::array();
    for (const auto& x : p.passages) {
      passages.push_back({{"a_start", x.a.start}, {"a_end", x.a.end}, {"b_start", x.b.start},
                          {"b_end", x.b.end}, {"tokens", x.tokens}});
    }
    duplicates.push_back({{"a", id(p.a)}, {"b", id(p.b)}, {"exact", p.exact},
                          {"near_duplicate", p.near_duplicate}, {"similarity", p.jaccard},
                          {"containment", p.containment},
                          {"paragraphs_of_a_repeated", p.paragraphs_of_a_repeated},
                          {"passages", passages}});
  }
  out["duplicates"] = std::move(duplicates);

  json claims = json::array();
  for (const auto& c : corpus.claims) {
    json values = json::array();
    for (const auto& v : c.values) {
      // ClaimBuilder already falls back to the document's outlet when no claimant is named.
      json j = {{"value", number(v.value)},
                {"qualifier", extract::to_string(v.qualifier)},
                {"document", id(v.document)},
                {"source", opt(v.source)},
                {"date", opt(v.date)},
                {"text", v.text}};
      if (v.value_max) j["value_max"] = number(*v.value_max);
      values.push_back(std::move(j));
    }
    claims.push_back({{"id", c.id}, {"topic", c.topic}, {"conflict", c.conflict}, {"values", values}});
  }
  out["claims"] = std::move(claims);
  return out;
}

}  // namespace kabar::corpus
