#include "kabar/eval/stories.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "common.h"
#include "kabar/core/data_dir.h"
#include "kabar/corpus/corpus.h"
#include "kabar/ingest/reader.h"
#include "timeml.h"

namespace kabar::eval {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct GoldSet {
  std::string name;
  std::string level = "event";
  fs::path root;
  std::map<std::string, std::string> event_of, story_of;  // document name → label
};

Result<GoldSet> read_gold(const fs::path& file) {
  auto content = read_file(file);
  if (!content) return content.error();
  json j = json::parse(*content, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("events") || !j["events"].is_object()) {
    return Error{file.string() + ": not a stories gold file (needs an \"events\" object)"};
  }
  GoldSet g;
  g.name = file.stem().string();
  g.level = j.value("level", "event");
  g.root = file.parent_path() / j.value("root", ".");
  for (auto& [id, ev] : j["events"].items()) {
    if (!ev.contains("documents") || !ev["documents"].is_array()) {
      return Error{file.string() + ": event " + id + " has no documents"};
    }
    for (const auto& d : ev["documents"]) {
      g.event_of[d.get<std::string>()] = id;
      g.story_of[d.get<std::string>()] = ev.value("story", id);
    }
  }
  return g;
}

// RFC 4180 records (quoted fields may hold commas, doubled quotes and newlines). The Detik
// summarisation set is a CSV; kabar's readers take text, HTML and JSON, so the eval reads it.
std::vector<std::vector<std::string>> csv_records(const std::string& s) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') field += s[++i];
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !rows.back().empty()) rows.back().push_back(std::move(field));
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// Documents "FILE.csv#ID" of the Detik set (columns id, judul, tautan, tanggal M/D/YYYY H:M,
// isi_berita, …).
Status read_detik(const fs::path& file, const std::set<std::string>& ids, std::map<std::string, Document>& out) {
  auto content = read_file(file);
  if (!content) return content.error();
  auto rows = csv_records(*content);
  if (rows.empty() || rows[0].size() < 5 || rows[0][0] != "id" || rows[0][1] != "judul" || rows[0][3] != "tanggal" ||
      rows[0][4] != "isi_berita")
    return Error{file.string() + ": not the Detik CSV (id, judul, tautan, tanggal, isi_berita, …)"};
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& f = rows[r];
    if (f.size() < 5 || !ids.count(f[0])) continue;
    DocumentMeta meta;
    meta.title = f[1];
    meta.url = f[2];
    meta.outlet = "detikcom";
    unsigned m = 0, d = 0, y = 0;
    if (std::sscanf(f[3].c_str(), "%u/%u/%u", &m, &d, &y) == 3) meta.published = fmt::format("{:04}-{:02}-{:02}", y, m, d);
    const std::string name = file.filename().string() + "#" + f[0];
    auto doc = ingest::make_document(name, f[4], meta, {});
    if (!doc) return doc.error();
    out.emplace(name, std::move(*doc));
  }
  return Ok{};
}

// Reads the gold documents by name; names not found are an Error (the gold is stale).
Result<std::vector<Document>> read_documents(const GoldSet& g) {
  std::map<std::string, Document> by_name;
  std::vector<std::string> plain;
  std::set<std::string> files;
  std::map<std::string, std::set<std::string>> csv_ids;  // CSV file → ids wanted
  for (const auto& [name, ev] : g.event_of) {
    if (auto hash = name.find(".csv#"); hash != std::string::npos) {
      csv_ids[name.substr(0, hash + 4)].insert(name.substr(hash + 5));
    } else if (fs::path(name).extension() == ".tml") {
      auto t = read_timeml(g.root / name);
      if (!t) return t.error();
      DocumentMeta meta;
      meta.title = t->title;
      meta.published = t->dct;
      auto d = ingest::make_document(name, t->text, meta, {});
      if (!d) return d.error();
      by_name.emplace(name, std::move(*d));
    } else {
      files.insert(name.substr(0, name.rfind(".jsonl:") == std::string::npos ? name.size() : name.rfind(':')));
    }
  }
  for (const auto& [csv, ids] : csv_ids) {
    Status st = read_detik(g.root / csv, ids, by_name);
    if (!st) return st.error();
  }
  std::vector<std::string> paths;
  for (const auto& f : files) paths.push_back((g.root / f).string());
  const std::string prefix = g.root.string() + "/";
  std::string error;
  ingest::read_paths(paths, {}, [&](ingest::ReadResult r) {
    if (!r) {
      if (error.empty()) error = r.error().message;
      return;
    }
    std::string name = r->path.rfind(prefix, 0) == 0 ? r->path.substr(prefix.size()) : r->path;
    by_name.emplace(name, std::move(*r));
  });
  if (!error.empty()) return Error{error};
  std::vector<Document> out;
  for (const auto& [name, ev] : g.event_of) {
    auto it = by_name.find(name);
    if (it == by_name.end()) return Error{(g.root / name).string() + ": gold document not found"};
    it->second.path = name;
    out.push_back(std::move(it->second));
  }
  return out;
}

json figures(const Prf& p) { return {{"precision", p.precision}, {"recall", p.recall}, {"f1", p.f1}}; }

}  // namespace

Result<Report> stories(const std::vector<fs::path>& gold_files, const fs::path& kabar_data_dir) {
  if (gold_files.empty()) return Error{"eval stories: no gold file given"};
  auto pipeline = extract::Pipeline::load(kabar_data_dir);
  if (!pipeline) return pipeline.error();
  auto analyzer = corpus::CorpusAnalyzer::load(kabar_data_dir);
  if (!analyzer) return analyzer.error();
  const int threads = std::max(1u, std::thread::hardware_concurrency());

  Report report;
  json by_set = json::object();
  Prf sum;
  report.table = fmt::format("{:<24} {:>5} {:>6}  {:>28}  {:>28}\n", "gold set", "docs", "level",
                             "events B3 P / R / F1", "stories B3 P / R / F1");
  for (const auto& file : gold_files) {
    auto gold = read_gold(file);
    if (!gold) return gold.error();
    auto docs = read_documents(*gold);
    if (!docs) return docs.error();
    std::vector<std::string> names;
    for (const auto& d : *docs) names.push_back(d.path);
    auto analyses = (*pipeline)->analyze_batch(std::move(*docs), threads);
    auto result = analyzer->analyze(analyses);
    std::map<std::string, std::string> sys_event, sys_story;
    for (const auto& s : result.stories) {
      for (const auto& e : s.events) {
        for (int d : e.documents) {
          sys_event[names[d]] = e.id;
          sys_story[names[d]] = s.id;
        }
      }
    }
    Prf events = bcubed(gold->event_of, sys_event);
    Prf stories = bcubed(gold->story_of, sys_story);
    const bool story_level = gold->level == "story";
    Prf primary = story_level ? stories : events;
    sum.precision += primary.precision;
    sum.recall += primary.recall;
    sum.f1 += primary.f1;
    json set = {{"level", gold->level}, {"n", names.size()}, {"stories", figures(stories)},
                {"system_stories", result.stories.size()}};
    if (!story_level) set["events"] = figures(events);
    set["bcubed"] = figures(primary);
    by_set[gold->name] = set;
    report.table += fmt::format("{:<24} {:>5} {:>6}  {}  {}\n", gold->name, names.size(), gold->level,
                                story_level ? std::string(28, ' ') + "-"
                                            : fmt::format("{} / {} / {}", pct(events.precision), pct(events.recall), pct(events.f1)),
                                fmt::format("{} / {} / {}", pct(stories.precision), pct(stories.recall), pct(stories.f1)));
  }
  const double n = static_cast<double>(gold_files.size());
  report.figures = {{"bcubed", {{"precision", sum.precision / n}, {"recall", sum.recall / n}, {"f1", sum.f1 / n}}},
                    {"by_set", by_set}};
  report.table += fmt::format("mean B-cubed at each set's level: P {} R {} F1 {}\n", pct(sum.precision / n),
                              pct(sum.recall / n), pct(sum.f1 / n));
  return report;
}

}  // namespace kabar::eval
