#include "kabar/eval/quotes.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "kabar/core/data_dir.h"
#include "kabar/corpus/entities.h"
#include "kabar/extract/analysis.h"
#include "kabar/ingest/reader.h"

namespace kabar::eval {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return out;
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : lower_ascii(s)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == ',' || c == '.') {
      if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

}  // namespace

/// True when the system speaker names the gold speaker (see quotes.h for the rule).
bool quote_speaker_matches(const std::optional<std::string>& gold, const std::optional<std::string>& sys) {
  if (!gold || !sys) return !gold && !sys;
  auto g = words(*gold), s = words(*sys);
  if (s.empty() || s.size() > g.size()) return false;
  for (size_t off = 0; off + s.size() <= g.size(); ++off) {
    if (std::equal(s.begin(), s.end(), g.begin() + long(off))) return true;
  }
  return false;
}

namespace {

// Initials of the capitalised words of a name ("Bank Indonesia" → "BI"), or "".
std::string initials(std::string_view name) {
  std::string out;
  bool start = true;
  for (char c : name) {
    if (c == ' ') {
      start = true;
      continue;
    }
    if (start && c >= 'A' && c <= 'Z') out.push_back(c);
    start = false;
  }
  return out;
}

// The rule of quote_speaker_matches(), also accepting spellings of one name (transliteration
// folding of the entity resolver: Sergey/Sergei Lavrov) and an acronym for the name whose
// initials spell it (BI for Bank Indonesia), as cross-document resolution merges them.
bool speaker_matches(const std::optional<std::string>& gold, const std::optional<std::string>& sys,
                     const corpus::EntityResolver* resolver) {
  if (quote_speaker_matches(gold, sys)) return true;
  if (!gold || !sys) return false;
  if (sys->size() >= 2 && std::all_of(sys->begin(), sys->end(), [](char c) { return c >= 'A' && c <= 'Z'; }) &&
      initials(*gold) == *sys)
    return true;
  if (resolver) return quote_speaker_matches(resolver->fold(*gold), resolver->fold(*sys));
  return false;
}

std::optional<std::string> opt_string(const json& j) {
  if (j.is_string()) return j.get<std::string>();
  return std::nullopt;
}

// Reads the document named by a gold key: "<file>" or "<file>:N" (N-th JSON line, 1-based).
Result<Document> read_gold_document(const fs::path& root, const std::string& key) {
  std::string file = key;
  size_t nth = 1;
  if (size_t colon = key.rfind(':'); colon != std::string::npos && colon + 1 < key.size() &&
                                     std::all_of(key.begin() + long(colon) + 1, key.end(), ::isdigit)) {
    file = key.substr(0, colon);
    nth = std::stoul(key.substr(colon + 1));
  }
  const fs::path path = root / file;
  std::error_code ec;
  if (!fs::exists(path, ec)) return Error{path.string() + ": document named in the gold file not found"};
  std::optional<Result<Document>> got;
  size_t seen = 0;
  ingest::read_paths({path.string()}, {}, [&](ingest::ReadResult r) {
    ++seen;
    if (seen == nth) got.emplace(std::move(r));
  });
  if (!got) return Error{path.string() + ": has no document number " + std::to_string(nth)};
  return std::move(*got);
}

struct Counts {
  size_t gold = 0, found = 0, sys = 0, sys_correct = 0, spk_ok = 0, direct_ok = 0;
  size_t prov_n = 0, prov_ok = 0;
};

double frac(size_t a, size_t b) { return b == 0 ? 0.0 : double(a) / double(b); }

std::string pct(double f) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%6.1f %%", 100 * f);
  return buf;
}

}  // namespace

Result<Report> quotes(const fs::path& gold_file, const fs::path& kabar_data_dir) {
  auto raw = read_file(gold_file);
  if (!raw) return raw.error();
  json gold = json::parse(*raw, nullptr, false);
  if (gold.is_discarded() || !gold.is_object() || !gold.contains("documents") || !gold["documents"].is_object())
    return Error{gold_file.string() + ": not a gold file (expected an object with \"documents\")"};
  const fs::path root = gold_file.parent_path() / gold.value("root", std::string("."));
  auto pipeline = extract::Pipeline::load(kabar_data_dir);
  if (!pipeline) return pipeline.error();
  auto resolver = corpus::EntityResolver::load(kabar_data_dir);
  if (!resolver) return resolver.error();

  static const char* kFields[] = {"outlet", "byline", "dateline", "wires", "initials"};
  Counts total;
  json by_doc = json::object();
  json field_n = json::object(), field_ok = json::object();
  std::string misses;
  for (const auto& [key, g] : gold["documents"].items()) {
    if (!g.is_object()) return Error{gold_file.string() + ": document \"" + key + "\" is not an object"};
    auto doc = read_gold_document(root, key);
    if (!doc) return doc.error();
    extract::Analysis a = (*pipeline)->analyze(std::move(*doc));
    const std::string& text = a.doc.text;
    Counts c;
    std::vector<std::string> keys;
    if (g.contains("quotes") && g["quotes"].is_array()) {
      for (const auto& q : g["quotes"]) {
        if (!q.is_object() || !q.contains("key") || !q["key"].is_string())
          return Error{gold_file.string() + ": a quote of \"" + key + "\" has no \"key\" string"};
        std::string k = q["key"].get<std::string>();
        keys.push_back(k);
        ++c.gold;
        const extract::Quote* best = nullptr;
        bool gold_direct = q.value("direct", true);
        for (const auto& sq : a.quotes) {
          if (sq.span.end > text.size()) continue;
          if (sq.span.in(text).find(k) == std::string_view::npos) continue;
          if (!best || (sq.direct == gold_direct && best->direct != gold_direct)) best = &sq;
        }
        if (!best) {
          misses += "  missed  " + key + ": \"" + k + "\"\n";
          continue;
        }
        ++c.found;
        auto gs = q.contains("speaker") ? opt_string(q["speaker"]) : std::nullopt;
        if (speaker_matches(gs, best->speaker, &*resolver)) {
          ++c.spk_ok;
        } else {
          misses += "  speaker " + key + ": \"" + k + "\" gold=" + gs.value_or("null") +
                    " system=" + best->speaker.value_or("null") + "\n";
        }
        if (best->direct == gold_direct) ++c.direct_ok;
        else misses += "  direct  " + key + ": \"" + k + "\" gold=" + (gold_direct ? "true" : "false") + "\n";
      }
    }
    for (const auto& sq : a.quotes) {
      if (sq.span.end > text.size()) continue;
      ++c.sys;
      bool ok = false;
      for (const auto& k : keys) ok |= sq.span.in(text).find(k) != std::string_view::npos;
      if (ok) ++c.sys_correct;
      else misses += "  extra   " + key + ": \"" + std::string(sq.span.in(text).substr(0, 70)) + "\"\n";
    }
    const auto& p = a.provenance;
    for (const char* f : kFields) {
      if (!g.contains(f)) continue;
      bool ok;
      std::string sys_value;
      if (std::string_view(f) == "wires") {
        std::vector<std::string> gw;
        if (g[f].is_array())
          for (const auto& w : g[f])
            if (w.is_string()) gw.push_back(w.get<std::string>());
        ok = gw == p.wires;
        sys_value = json(p.wires).dump();
      } else {
        const std::optional<std::string>& sv = std::string_view(f) == "outlet"   ? p.outlet
                                               : std::string_view(f) == "byline" ? p.byline
                                               : std::string_view(f) == "dateline" ? p.dateline
                                                                                   : p.initials;
        ok = opt_string(g[f]) == sv;
        sys_value = sv.value_or("null");
      }
      field_n[f] = field_n.value(f, 0) + 1;
      field_ok[f] = field_ok.value(f, 0) + (ok ? 1 : 0);
      ++c.prov_n;
      if (ok) ++c.prov_ok;
      else misses += "  " + std::string(f) + " " + key + ": gold=" + g[f].dump() + " system=" + sys_value + "\n";
    }
    by_doc[key] = {{"n", c.gold},
                   {"recall", frac(c.found, c.gold)},
                   {"precision", frac(c.sys_correct, c.sys)},
                   {"speaker_accuracy", frac(c.spk_ok, c.found)},
                   {"provenance_accuracy", frac(c.prov_ok, c.prov_n)}};
    total.gold += c.gold, total.found += c.found, total.sys += c.sys, total.sys_correct += c.sys_correct;
    total.spk_ok += c.spk_ok, total.direct_ok += c.direct_ok, total.prov_n += c.prov_n, total.prov_ok += c.prov_ok;
  }
  Report r;
  json prov = json::object();
  for (const char* f : kFields)
    if (field_n.contains(f)) prov[f] = frac(field_ok[f].get<size_t>(), field_n[f].get<size_t>());
  r.figures = {{"precision", frac(total.sys_correct, total.sys)},
               {"recall", frac(total.found, total.gold)},
               {"speaker_accuracy", frac(total.spk_ok, total.found)},
               {"n", total.gold},
               {"system_quotes", total.sys},
               {"direct_accuracy", frac(total.direct_ok, total.found)},
               {"provenance_accuracy", frac(total.prov_ok, total.prov_n)},
               {"provenance", prov},
               {"documents", by_doc}};
  auto line = [](const std::string& name, double f, const std::string& detail) {
    std::string l = "  " + name;
    l.resize(20, ' ');
    return l + pct(f) + (detail.empty() ? "" : "  (" + detail + ")") + "\n";
  };
  r.table = "quotes  " + gold_file.string() + "  (" + std::to_string(by_doc.size()) + " documents)\n";
  r.table += line("recall", frac(total.found, total.gold),
                  std::to_string(total.found) + "/" + std::to_string(total.gold) + " gold quotes found");
  r.table += line("precision", frac(total.sys_correct, total.sys),
                  std::to_string(total.sys_correct) + "/" + std::to_string(total.sys) + " system quotes");
  r.table += line("speaker accuracy", frac(total.spk_ok, total.found),
                  std::to_string(total.spk_ok) + "/" + std::to_string(total.found));
  r.table += line("direct/reported", frac(total.direct_ok, total.found), "");
  r.table += line("provenance", frac(total.prov_ok, total.prov_n),
                  std::to_string(total.prov_ok) + "/" + std::to_string(total.prov_n) + " fields");
  for (const char* f : kFields)
    if (prov.contains(f)) r.table += line("  " + std::string(f), prov[f].get<double>(), "");
  if (!misses.empty()) r.table += "differences:\n" + misses;
  return r;
}

}  // namespace kabar::eval
