#include "kabar/eval/stories.h"

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

// Reads the gold documents by name; names not found are an Error (the gold is stale).
Result<std::vector<Document>> read_documents(const GoldSet& g) {
  std::map<std::string, Document> by_name;
  std::vector<std::string> plain;
  std::set<std::string> files;
  for (const auto& [name, ev] : g.event_of) {
    if (fs::path(name).extension() == ".tml") {
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
