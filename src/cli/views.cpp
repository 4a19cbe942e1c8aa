#include "views.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/core.h>

#include "kabar/core/utf8.h"
#include "kabar/corpus/json.h"
#include "kabar/extract/dates.h"

namespace kabar::cli {

namespace {

std::string or_dash(const std::optional<std::string>& s) { return s ? *s : "-"; }

std::string format_value(double v) {
  if (std::floor(v) == v && std::fabs(v) < 1e15) {
    // 10000 → 10.000 (Indonesian grouping, as the articles write it)
    std::string digits = fmt::format("{}", static_cast<int64_t>(std::fabs(v)));
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
      out += digits[i];
    }
    return v < 0 ? "-" + out : out;
  }
  std::string s = fmt::format("{:.2f}", v);
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string one_line(std::string_view s, size_t max_bytes) {
  std::string out;
  for (char c : s) out += (c == '\n' || c == '\t') ? ' ' : c;
  if (out.size() > max_bytes) {
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out = out.substr(0, cut) + "…";
  }
  return out;
}

}  // namespace

std::string summary_text(const std::vector<extract::Analysis>& docs, const corpus::CorpusAnalysis& c) {
  std::string out;
  for (size_t i = 0; i < docs.size(); ++i) {
    const auto& a = docs[i];
    out += fmt::format("{}  [{}]  language {} ({:.2f})\n", a.doc.path, a.doc.id, a.text.language.code,
                       a.text.language.confidence);
    if (a.doc.meta.title) out += fmt::format("  title      {}\n", *a.doc.meta.title);
    out += fmt::format("  outlet     {}   byline {}   dateline {}\n", or_dash(a.provenance.outlet),
                       or_dash(a.provenance.byline), or_dash(a.provenance.dateline));
    if (a.published.date) {
      out += fmt::format("  published  {}{}\n", *a.published.date,
                         a.published.inferred ? " (inferred from \"" + a.published.evidence + "\")" : "");
    } else {
      out += "  published  unknown\n";
    }
    if (!a.provenance.wires.empty()) {
      std::string w;
      for (const auto& s : a.provenance.wires) w += (w.empty() ? "" : ", ") + s;
      out += fmt::format("  wires      {}\n", w);
    }
    // Entities of this document, most mentioned first.
    std::map<std::string, int> counts;
    const auto& map = c.entities.of_mention.size() > i ? c.entities.of_mention[i] : std::vector<int>{};
    for (size_t m = 0; m < a.entities.size(); ++m) {
      int k = m < map.size() ? map[m] : -1;
      std::string name = k >= 0 ? c.entities.clusters[k].name : a.entities[m].text;
      counts[name + " (" + extract::to_string(a.entities[m].type) + ")"]++;
    }
    std::vector<std::pair<std::string, int>> ranked(counts.begin(), counts.end());
    std::stable_sort(ranked.begin(), ranked.end(), [](auto& x, auto& y) { return x.second > y.second; });
    if (!ranked.empty()) {
      std::string line;
      for (size_t k = 0; k < ranked.size() && k < 8; ++k) {
        line += (k ? ", " : "") + ranked[k].first + (ranked[k].second > 1 ? fmt::format(" ×{}", ranked[k].second) : "");
      }
      out += fmt::format("  entities   {}\n", line);
    }
    out += fmt::format("  found      {} sentences, {} tokens, {} entities, {} quotes, {} quantities, {} dates\n",
                       a.text.sentences.size(), a.text.tokens.size(), a.entities.size(), a.quotes.size(),
                       a.quantities.size(), a.dates.size());
    for (const auto& w : a.warnings) {
      out += fmt::format("  warning    {}: {}{}\n", w.kind, w.text.empty() ? "" : "\"" + w.text + "\" ", w.detail);
    }
    out += "\n";
  }
  if (!c.entities.clusters.empty()) {
    std::vector<const corpus::EntityCluster*> top;
    for (const auto& e : c.entities.clusters) top.push_back(&e);
    std::stable_sort(top.begin(), top.end(), [](auto* x, auto* y) { return x->mentions > y->mentions; });
    out += fmt::format("Entities across {} documents ({} in all, most mentioned first):\n", docs.size(),
                       c.entities.clusters.size());
    for (size_t k = 0; k < top.size() && k < 15; ++k) {
      std::string variants;
      for (const auto& v : top[k]->variants) variants += (variants.empty() ? "" : ", ") + v;
      out += fmt::format("  {:<4} {:<28} {:<4} {:>3} mentions in {} documents{}\n", top[k]->id, top[k]->name,
                         extract::to_string(top[k]->type), top[k]->mentions, top[k]->documents.size(),
                         variants.empty() ? "" : "  (also: " + variants + ")");
    }
    out += "\n";
  }
  if (!c.claims.empty()) out += claims_text(docs, c) + "\n";
  if (!c.stories.empty()) out += stories_text(docs, c);
  return out;
}

std::string claims_text(const std::vector<extract::Analysis>& docs, const corpus::CorpusAnalysis& c) {
  if (c.claims.empty()) return "No claims: no quantity is stated by more than one source.\n";
  std::string out;
  for (const auto& claim : c.claims) {
    out += fmt::format("{}  {}{}\n", claim.id, claim.topic, claim.conflict ? "   [CONFLICT]" : "");
    for (const auto& v : claim.values) {
      const auto& a = docs[v.document];
      std::string value = format_value(v.value);
      if (v.value_max) value += "–" + format_value(*v.value_max);
      out += fmt::format("  {:>14} {:<9}  {:<10}  {:<28}  {}\n", value, extract::to_string(v.qualifier),
                         v.date ? extract::readable_date_value(*v.date) : "-",
                         one_line(v.source ? *v.source : a.provenance.outlet.value_or("-"), 28), a.doc.path);
      out += fmt::format("  {:>14} \"{}\"\n", "", one_line(v.text, 110));
    }
    out += "\n";
  }
  return out;
}

std::string quotes_text(const std::vector<extract::Analysis>& docs, const corpus::CorpusAnalysis& c,
                        const std::string& speaker_filter) {
  struct Item { int doc; const extract::Quote* q; };
  std::map<std::string, std::vector<Item>> by_speaker;
  const std::string filter = utf8::lower(speaker_filter);
  for (size_t i = 0; i < docs.size(); ++i) {
    for (const auto& q : docs[i].quotes) {
      std::string speaker = corpus::canonical_speaker(docs[i], &c.entities, static_cast<int>(i), q);
      if (speaker.empty()) speaker = "(speaker not given)";
      if (!filter.empty() && utf8::lower(speaker).find(filter) == std::string::npos) continue;
      by_speaker[speaker].push_back({static_cast<int>(i), &q});
    }
  }
  if (by_speaker.empty()) return speaker_filter.empty() ? "No quotations found.\n" : "No quotations by that speaker.\n";
  std::vector<std::pair<std::string, std::vector<Item>>> ranked(by_speaker.begin(), by_speaker.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](auto& x, auto& y) { return x.second.size() > y.second.size(); });
  std::string out;
  for (const auto& [speaker, items] : ranked) {
    out += fmt::format("{} ({} quotation{})\n", speaker, items.size(), items.size() == 1 ? "" : "s");
    for (const auto& it : items) {
      const auto& a = docs[it.doc];
      out += fmt::format("  {} {}  {}  {}\n", it.q->direct ? "“”" : "~ ", a.published.date.value_or("----------"),
                         a.doc.path, a.provenance.outlet.value_or(""));
      out += fmt::format("     {}\n", one_line(it.q->span.in(a.doc.text), 160));
    }
    out += "\n";
  }
  return out;
}

std::string stories_text(const std::vector<extract::Analysis>& docs, const corpus::CorpusAnalysis& c) {
  if (c.stories.empty()) return "No stories: no documents.\n";
  std::string out;
  for (const auto& s : c.stories) {
    out += fmt::format("{}  {}\n", s.id, s.title);
    out += fmt::format("    {} document{}, {} event{}\n", s.documents.size(), s.documents.size() == 1 ? "" : "s",
                       s.events.size(), s.events.size() == 1 ? "" : "s");
    for (const auto& e : s.events) {
      out += fmt::format("    event {}  {}  {}\n", e.id, e.date.value_or("----------"), one_line(e.title, 100));
      for (int d : e.documents) {
        const auto& a = docs[d];
        out += fmt::format("        {}  {}  {}\n", a.published.date.value_or("----------"),
                           a.provenance.outlet.value_or("-"), a.doc.path);
      }
    }
    if (!s.timeline.empty()) {
      out += "    timeline\n";
      for (const auto& t : s.timeline) {
        out += fmt::format("      {:<10}  {}  [{}]\n", t.date, one_line(t.text, 130), docs[t.document].doc.path);
      }
    }
    if (!s.summary.empty()) {
      out += "    summary\n";
      for (const auto& x : s.summary) {
        out += fmt::format("      - {}  [{}]\n", one_line(x.text, 400), docs[x.document].doc.path);
      }
    }
    out += "\n";
  }
  bool header = false;
  for (const auto& p : c.duplicates) {
    if (!header) {
      out += "Copies and shared passages\n";
      header = true;
    }
    const auto& a = docs[p.a];
    const auto& b = docs[p.b];
    std::string what = p.exact ? "is an exact copy of" : p.near_duplicate ? "is a near-duplicate of" : "shares passages with";
    out += fmt::format("  {} {} {} (similarity {:.2f}", b.doc.path, what, a.doc.path, p.jaccard);
    if (p.paragraphs_of_a_repeated > 0) {
      out += fmt::format("; repeats {} paragraph{} of it", p.paragraphs_of_a_repeated, p.paragraphs_of_a_repeated == 1 ? "" : "s");
    }
    out += ")\n";
  }
  return out;
}

}  // namespace kabar::cli
