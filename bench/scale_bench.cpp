// Cross-document scale: near-duplicates and story clustering of the 100,000-article scaled set
// (bench/corpus/scale.py) on one thread, with memory per document.
//
//   build/bench/scale_bench [--input build/bench-data/scaled-100k.jsonl] [--articles N]
//                           [--threads T] [--analysis full|layers] [--format text|json]
//                           [--incremental K]
//
// The per-document analysis (the full pipeline on T threads; or, with `--analysis layers`, on one
// thread only the layers the cross-document steps read: text, provenance, entities and the
// publication date from the metadata — no date mentions, so no timelines) and the entity resolution
// that clustering reads are computed first and not timed as the scale figure (their times are
// printed apart). Timed, one after the other on the main thread: corpus::find_duplicates
// (DuplicateIndex::add per article) and StoryBuilder::build (events, stories, timelines,
// summaries). Each step is timed by the thread's CPU time (robust to other load on a shared
// machine) and the wall clock. Memory: the process's resident set before the step and its peak
// during the step (VmHWM, reset before each step through /proc/self/clear_refs), reported per
// article. The run checks its output: it fails when no duplicate pair or no multi-article story
// is found, or when the stories do not cover every article exactly once.
//
// With --incremental K, the incremental path instead (corpus::CorpusState): the first N−K articles
// in one add, then the records encoded and the state saved; then, each on a fresh state restored
// from those (timed: decode + restore, then the first analysis(), which resolves entities and
// groups claims over all records), the next 100 and the next K articles added (timed). It
// reports encoded bytes per record, the saved state's size and the restored state's resident
// bytes per article, and fails if an add renumbers the event of an earlier document.
#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <optional>
#include <unordered_map>

#include "kabar/corpus/corpus.h"
#include "kabar/corpus/dedup.h"
#include "kabar/corpus/entities.h"
#include "kabar/corpus/state.h"
#include "kabar/corpus/stories.h"
#include "kabar/extract/analysis.h"
#include "kabar/extract/dates.h"
#include "kabar/extract/entities.h"
#include "kabar/extract/provenance.h"
#include "kabar/ingest/reader.h"
#include "kabar/text/analyzer.h"
#include "bench_util.h"

namespace {

using namespace kabar;
using bench::cpu_seconds, bench::reset_peak, bench::status_bytes, bench::wall_seconds;

const std::filesystem::path kData = KABAR_SOURCE_DATA_DIR;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "scale_bench: %s\n", what.c_str());
  std::exit(2);
}

// Heap bytes in use (malloc'd and not freed: freed memory that the allocator keeps does not count).
size_t heap_bytes() {
  const struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
}

struct Step {
  std::string name;
  double cpu = 0, wall = 0;
  size_t rss_before = 0, peak = 0;
  std::string checked;
};

template <class F>
Step timed(const std::string& name, F&& f) {
  reset_peak();
  Step s;
  s.name = name;
  s.rss_before = status_bytes("VmRSS:");
  const double c0 = cpu_seconds(), w0 = wall_seconds();
  s.checked = f();
  s.cpu = cpu_seconds() - c0;
  s.wall = wall_seconds() - w0;
  s.peak = status_bytes("VmHWM:");
  return s;
}

// The incremental path (--incremental K): the first N−K articles go into a corpus::CorpusState in
// one batch; its records are encoded and its state saved; a fresh state is restored from them
// (decode + restore, timed), its analysis() taken (timed: entities and claims from scratch), and
// the next 100 and K articles are added on top of it (each to a fresh restore, timed). Documents
// whose sentences the touched stories need are "loaded" from the analysed articles held here (a
// store would re-analyse their text: the count of loads is printed).
int run_incremental(const std::vector<extract::Analysis>& analyses, size_t more, const std::string& format,
                    double mb, const std::string& mode, double analysis_wall) {
  const size_t n = analyses.size();
  if (more == 0 || more >= n) die("--incremental: needs 0 < K < articles");
  const size_t base = n - more;
  auto loaded = corpus::CorpusAnalyzer::load(kData);
  if (!loaded) die(loaded.error().message);
  auto analyzer = std::make_shared<const corpus::CorpusAnalyzer>(std::move(*loaded));
  std::unordered_map<std::string, size_t> by_id;
  for (size_t i = 0; i < n; ++i) by_id.emplace(analyses[i].doc.id, i);
  size_t loads = 0;
  const corpus::CorpusState::Loader loader = [&](const std::string& id) -> std::optional<extract::Analysis> {
    auto it = by_id.find(id);
    if (it == by_id.end()) return std::nullopt;
    ++loads;
    return analyses[it->second];
  };
  auto range = [&](size_t from, size_t to) {
    std::vector<const extract::Analysis*> out;
    for (size_t i = from; i < to; ++i) out.push_back(&analyses[i]);
    return out;
  };
  // Event id of every document, to check that adding never renumbers.
  auto event_ids = [](const corpus::CorpusAnalysis& a, size_t docs) {
    std::vector<std::string> out(docs);
    for (const auto& s : a.stories) {
      for (const auto& e : s.events) {
        for (int d : e.documents) out.at(d) = e.id;
      }
    }
    return out;
  };

  std::vector<Step> steps;
  std::vector<std::string> records;
  std::string saved;
  size_t stored_docs = 0;
  {
    corpus::CorpusState state(analyzer);
    steps.push_back(timed("state: first " + std::to_string(base) + " articles in one add", [&] {
      state.add(range(0, base), loader);
      return std::to_string(state.size()) + " documents";
    }));
    stored_docs = state.size();
    steps.push_back(timed("encode records + save", [&] {
      records.reserve(state.size());
      for (size_t i = 0; i < state.size(); ++i) records.push_back(corpus::encode(state.record(i)));
      saved = state.save();
      return std::to_string(saved.size()) + " bytes saved";
    }));
  }
  size_t record_bytes = 0;
  for (const auto& r : records) record_bytes += r.size();

  auto restore = [&](corpus::CorpusState& state) {
    std::vector<corpus::DocRecord> decoded;
    decoded.reserve(records.size());
    for (const auto& r : records) {
      auto d = corpus::decode(r);
      if (!d) die(d.error().message);
      decoded.push_back(std::move(*d));
    }
    auto st = state.restore(std::move(decoded), saved);
    if (!st) die(st.error().message);
  };
  size_t state_bytes = 0, counted_bytes = 0;
  for (size_t k : {std::min<size_t>(100, more), more}) {
    corpus::CorpusState state(analyzer);
    const size_t heap0 = heap_bytes();
    steps.push_back(timed("restore from " + std::to_string(stored_docs) + " records", [&] {
      restore(state);
      return std::to_string(state.size()) + " documents";
    }));
    if (!state_bytes) {
      state_bytes = heap_bytes() - std::min(heap0, heap_bytes());
      counted_bytes = state.bytes();
    }
    std::vector<std::string> before;
    steps.push_back(timed("analysis() of the restored state", [&] {
      // Entities resolved and claims grouped over all records, from nothing: what every
      // `kabar ingest` refresh pays once before its add.
      const auto a = state.analysis();
      before = event_ids(a, state.size());
      return std::to_string(a.entities.clusters.size()) + " entities, " +
             std::to_string(a.claims.size()) + " claims";
    }));
    loads = 0;
    steps.push_back(timed("add " + std::to_string(k) + " articles on top", [&] {
      state.add(range(base, base + k), loader);
      return std::to_string(loads) + " documents loaded for summaries";
    }));
    const auto after = state.analysis();
    const auto now = event_ids(after, state.size());
    for (size_t d = 0; d < before.size(); ++d) {
      if (before[d] != now[d]) die("adding renumbered the event of document " + std::to_string(d));
    }
    for (size_t d = 0; d < now.size(); ++d) {
      if (now[d].empty()) die("document " + std::to_string(d) + " is in no event");
    }
    steps.back().checked += "; " + std::to_string(after.stories.size()) + " stories, no event renumbered";
  }

  if (format == "json") {
    std::printf("{\"articles\":%zu,\"mb\":%.1f,\"analysis\":\"%s\",\"incremental\":%zu,\"record_bytes_per_article\":%.0f,"
                "\"saved_bytes\":%zu,\"state_bytes_per_article\":%.0f,\"counted_bytes_per_article\":%.0f,\"steps\":[",
                n, mb, mode.c_str(), more, double(record_bytes) / stored_docs, saved.size(),
                double(state_bytes) / stored_docs, double(counted_bytes) / stored_docs);
    for (size_t i = 0; i < steps.size(); ++i) {
      const Step& s = steps[i];
      std::printf("%s{\"step\":\"%s\",\"cpu_s\":%.2f,\"wall_s\":%.2f,\"peak_mb\":%.0f,\"checked\":\"%s\"}", i ? "," : "",
                  s.name.c_str(), s.cpu, s.wall, s.peak / 1e6, s.checked.c_str());
    }
    std::printf("]}\n");
    return 0;
  }
  std::printf("scale_bench --incremental %zu: %zu articles, %.1f MB of text; per-document analysis (%s, not timed) %.1f s wall\n",
              more, n, mb, mode.c_str(), analysis_wall);
  std::printf("%-48s %9s %9s %10s  %s\n", "step (1 thread)", "CPU s", "wall s", "peak MB", "output");
  for (const Step& s : steps) {
    std::printf("%-48s %9.2f %9.2f %10.0f  %s\n", s.name.c_str(), s.cpu, s.wall, s.peak / 1e6, s.checked.c_str());
  }
  std::printf("records: %.0f bytes per article encoded (%.1f MB for %zu); saved state %.1f MB; restored state %.1f KB "
              "per article of heap (CorpusState::bytes() counts %.1f KB)\n",
              double(record_bytes) / stored_docs, record_bytes / 1e6, stored_docs, saved.size() / 1e6,
              state_bytes / 1e3 / stored_docs, counted_bytes / 1e3 / stored_docs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string input = "build/bench-data/scaled-100k.jsonl", format = "text", mode = "full";
  size_t limit = 100000, incremental = 0;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die(a + ": needs a value");
      return argv[++i];
    };
    if (a == "--input")
      input = value();
    else if (a == "--articles")
      limit = std::stoul(value());
    else if (a == "--threads")
      threads = std::max(1, std::stoi(value()));
    else if (a == "--format")
      format = value();
    else if (a == "--analysis")
      mode = value();
    else if (a == "--incremental")
      incremental = std::stoul(value());
    else
      die("unknown option '" + a +
          "' (--input FILE, --articles N, --threads T, --analysis full|layers, --format "
          "text|json, --incremental K)");
  }

  std::vector<Document> docs;
  ingest::ReadOptions options;
  ingest::read_paths({input}, options, [&](ingest::ReadResult r) {
    if (r && docs.size() < limit) docs.push_back(std::move(*r));
  });
  if (docs.empty()) die(input + ": no articles (run bench/corpus/build_set.py and scale.py first)");
  if (mode != "full" && mode != "layers") die("--analysis: 'full' or 'layers', not '" + mode + "'");
  size_t bytes = 0;
  for (const auto& d : docs) bytes += d.text.size();
  const size_t n = docs.size();

  const double a0 = wall_seconds();
  std::vector<extract::Analysis> analyses;
  if (mode == "full") {
    auto loaded = extract::Pipeline::load(kData);
    if (!loaded) die(loaded.error().message);
    std::shared_ptr<const extract::Pipeline> pipeline = std::move(*loaded);
    analyses = pipeline->analyze_batch(std::move(docs), threads);
  } else {
    auto text = text::TextAnalyzer::load(kData);
    if (!text) die(text.error().message);
    auto provenance = extract::ProvenanceReader::load(kData);
    if (!provenance) die(provenance.error().message);
    auto dates = extract::DateAnnotator::load(kData);
    if (!dates) die(dates.error().message);
    auto ner = extract::EntityRecognizer::load(kData);
    if (!ner) die(ner.error().message);
    threads = 1;
    analyses.resize(n);
    for (size_t i = 0; i < n; ++i) {
      auto& a = analyses[i];
      a.doc = std::move(docs[i]);
      text->analyze(a.doc.text, a.text);
      provenance->annotate(a, a.provenance);
      if (a.doc.meta.published) a.published.date = dates->parse_published(*a.doc.meta.published);
      ner->annotate(a, a.entities);
    }
  }
  for (auto& a : analyses)
    a.doc.to_original = {};  // the cross-document steps report normalised offsets
  const double analysis_wall = wall_seconds() - a0;
  if (incremental) return run_incremental(analyses, incremental, format, bytes / 1e6, mode, analysis_wall);

  auto resolver = corpus::EntityResolver::load(kData);
  if (!resolver) die(resolver.error().message);
  auto builder = corpus::StoryBuilder::load(kData);
  if (!builder) die(builder.error().message);

  corpus::EntityIndex entities;
  std::vector<corpus::DuplicatePair> duplicates;
  std::vector<corpus::Story> stories;
  std::vector<Step> steps;
  steps.push_back(timed("entity resolution (input to clustering)", [&] {
    entities = resolver->resolve(analyses);
    return std::to_string(entities.clusters.size()) + " entities";
  }));
  steps.push_back(timed("dedup (DuplicateIndex::add)", [&] {
    duplicates = corpus::find_duplicates(analyses);
    size_t near = 0;
    for (const auto& p : duplicates) near += p.near_duplicate;
    return std::to_string(duplicates.size()) + " pairs, " + std::to_string(near) +
           " near-duplicates";
  }));
  steps.push_back(timed("clustering (StoryBuilder::build)", [&] {
    stories = builder->build(analyses, entities, duplicates);
    size_t events = 0, multi = 0;
    for (const auto& s : stories) events += s.events.size(), multi += s.documents.size() > 1;
    return std::to_string(events) + " events, " + std::to_string(stories.size()) + " stories (" +
           std::to_string(multi) + " with 2+ articles)";
  }));

  // Output checks.
  if (duplicates.empty()) die("dedup found no pair");
  std::vector<int> seen(n, 0);
  size_t multi = 0;
  for (const auto& s : stories) {
    multi += s.documents.size() > 1;
    for (int d : s.documents) {
      if (d < 0 || static_cast<size_t>(d) >= n) die("a story names document " + std::to_string(d));
      ++seen[d];
    }
  }
  for (size_t d = 0; d < n; ++d) {
    if (seen[d] != 1)
      die("document " + std::to_string(d) + " is in " + std::to_string(seen[d]) + " stories");
  }
  if (multi == 0) die("clustering built no story of 2+ articles");

  const Step& dedup = steps[1];
  const Step& cluster = steps[2];
  const double cpu = dedup.cpu + cluster.cpu, wall = dedup.wall + cluster.wall;
  const size_t peak = std::max(dedup.peak, cluster.peak);
  const size_t base = dedup.rss_before;
  if (format == "json") {
    std::printf(
        "{\"articles\":%zu,\"mb\":%.1f,\"analysis\":\"%s\",\"analysis_wall_s\":%.1f,\"steps\":[", n,
        bytes / 1e6, mode.c_str(), analysis_wall);
    for (size_t i = 0; i < steps.size(); ++i) {
      const Step& s = steps[i];
      std::printf(
          "%s{\"step\":\"%s\",\"cpu_s\":%.2f,\"wall_s\":%.2f,\"articles_per_s_cpu\":%.0f,"
          "\"rss_before_mb\":%.0f,\"peak_mb\":%.0f,\"checked\":\"%s\"}",
          i ? "," : "", s.name.c_str(), s.cpu, s.wall, n / std::max(1e-9, s.cpu),
          s.rss_before / 1e6, s.peak / 1e6, s.checked.c_str());
    }
    std::printf(
        "],\"dedup_clustering\":{\"cpu_s\":%.2f,\"wall_s\":%.2f,\"articles_per_s_cpu\":%.0f,"
        "\"peak_mb\":%.0f,\"peak_bytes_per_article\":%.0f,\"added_bytes_per_article\":%.0f}}\n",
        cpu, wall, n / std::max(1e-9, cpu), peak / 1e6, double(peak) / n,
        (double(peak) - double(base)) / n);
    return 0;
  }
  std::printf("scale_bench: %zu articles, %.1f MB of text (%s)\n", n, bytes / 1e6, input.c_str());
  std::printf("per-document analysis (%s, not timed here): %.1f s wall on %d threads\n",
              mode.c_str(), analysis_wall, threads);
  std::printf("%-42s %9s %9s %12s %10s %10s  %s\n", "step (1 thread)", "CPU s", "wall s",
              "articles/s", "RSS MB", "peak MB", "output");
  for (const Step& s : steps) {
    std::printf("%-42s %9.2f %9.2f %12.0f %10.0f %10.0f  %s\n", s.name.c_str(), s.cpu, s.wall,
                n / std::max(1e-9, s.cpu), s.rss_before / 1e6, s.peak / 1e6, s.checked.c_str());
  }
  std::printf(
      "dedup + clustering: %.1f s CPU (%.1f s wall), %.0f articles/s per core; peak RSS %.0f MB = "
      "%.1f KB "
      "per article (of which %.1f KB per article added by the two steps over the analysed input)\n",
      cpu, wall, n / std::max(1e-9, cpu), peak / 1e6, peak / 1e3 / n,
      (double(peak) - double(base)) / 1e3 / n);
  return 0;
}
