// `kabar search QUERY`: ranked full-text search over a database written by `kabar ingest`.
#include <cstdio>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "kabar/core/data_dir.h"
#include "kabar/search/search.h"

namespace kabar::cli {

namespace {

std::optional<std::string> opt(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

nlohmann::json facet_json(const std::vector<search::FacetCount>& facets) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : facets) out.push_back({{"value", f.value}, {"count", f.count}});
  return out;
}

std::string facet_line(const char* label, const std::vector<search::FacetCount>& facets,
                       size_t max) {
  if (facets.empty()) return "";
  std::string out = fmt::format("{:<9} ", label);
  for (size_t i = 0; i < facets.size() && i < max; ++i) {
    out += fmt::format("{}{} ({})", i ? ", " : "", facets[i].value, facets[i].count);
  }
  if (facets.size() > max) out += ", …";
  return out + "\n";
}

}  // namespace

int run_search(const SearchOptions& o, const CommonOptions& c) {
  auto searcher = search::Searcher::open(
      o.db, c.data_dir.empty() ? data_dir() : std::filesystem::path(c.data_dir));
  if (!searcher) {
    fmt::print(stderr, "kabar: error: {}\n", searcher.error().message);
    return 1;
  }
  search::Query q;
  q.text = o.query;
  q.from = opt(o.from);
  q.to = opt(o.to);
  q.outlet = opt(o.outlet);
  q.language = opt(o.language);
  q.entity = opt(o.entity);
  q.story = opt(o.story);
  q.limit = o.limit;
  q.offset = o.offset;
  auto r = (*searcher)->run(q);
  if (!r) {
    fmt::print(stderr, "kabar: error: {}\n", r.error().message);
    return 2;  // the query or a filter is malformed
  }
  if (o.format == "json") {
    nlohmann::json hits = nlohmann::json::array();
    for (const auto& h : r->hits) {
      hits.push_back(
          {{"id", h.id},
           {"path", h.path},
           {"title", h.title.empty() ? nlohmann::json(nullptr) : nlohmann::json(h.title)},
           {"outlet", h.outlet.empty() ? nlohmann::json(nullptr) : nlohmann::json(h.outlet)},
           {"published",
            h.published.empty() ? nlohmann::json(nullptr) : nlohmann::json(h.published)},
           {"score", h.score},
           {"snippet", h.snippet}});
    }
    nlohmann::json out = {{"query", o.query},
                          {"total", r->total},
                          {"offset", o.offset},
                          {"hits", std::move(hits)},
                          {"facets",
                           {{"outlets", facet_json(r->outlets)},
                            {"months", facet_json(r->months)},
                            {"entities", facet_json(r->entities)}}},
                          {"elapsed_ms", r->elapsed_ms}};
    std::string text = out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  std::string out = fmt::format("{} document{} match ({:.1f} ms)\n", r->total,
                                r->total == 1 ? "" : "s", r->elapsed_ms);
  int rank = o.offset;
  for (const auto& h : r->hits) {
    out += fmt::format("\n{}. {}\n", ++rank, h.title.empty() ? h.path : h.title);
    std::string meta = h.outlet;
    if (!h.published.empty()) meta += (meta.empty() ? "" : ", ") + h.published;
    if (!h.title.empty()) meta += (meta.empty() ? "" : "  ") + h.path;
    if (!o.query.empty()) meta += fmt::format("{}score {:.2f}", meta.empty() ? "" : "  ", h.score);
    out += fmt::format("   {}{}id {}\n", meta, meta.empty() ? "" : "  ", h.id);
    std::string snippet = h.snippet;
    for (char& ch : snippet)
      if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
    out += fmt::format("   {}\n", snippet);
  }
  if (r->total > 0) {
    out += "\n";
    out += facet_line("Outlets:", r->outlets, 10);
    out += facet_line("Months:", r->months, 24);
    out += facet_line("Entities:", r->entities, 10);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace kabar::cli
