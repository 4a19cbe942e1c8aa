#include "commands.h"

#include <cstdio>
#include <iostream>

#include <fmt/core.h>

#include "kabar/core/data_dir.h"
#include "kabar/corpus/json.h"
#include "kabar/corpus/state.h"
#include "kabar/store/store.h"
#include "runner.h"
#include "serve_command.h"
#include "views.h"

namespace kabar::cli {

namespace {

std::filesystem::path resolve_data_dir(const CommonOptions& c) {
  return c.data_dir.empty() ? data_dir() : std::filesystem::path(c.data_dir);
}

ingest::ReadOptions read_options(const CommonOptions& c) {
  ingest::ReadOptions r;
  r.max_bytes = static_cast<size_t>(c.max_size_mb * 1024 * 1024);
  return r;
}

// Loads the models once; a failure here is a start-up error, reported and fatal.
std::shared_ptr<const extract::Pipeline> load_pipeline(const CommonOptions& c) {
  auto p = extract::Pipeline::load(resolve_data_dir(c));
  if (!p) {
    fmt::print(stderr, "kabar: error: cannot load models: {}\n", p.error().message);
    return nullptr;
  }
  return *p;
}

// Reads and analyses everything, then runs the cross-document steps.
struct Corpus {
  std::vector<extract::Analysis> docs;
  corpus::CorpusAnalysis corpus;
  RunStats stats;
  bool ok = false;
};

Corpus analyze_all(const std::vector<std::string>& paths, const CommonOptions& c) {
  Corpus out;
  auto pipeline = load_pipeline(c);
  if (!pipeline) return out;
  auto analyzer = corpus::CorpusAnalyzer::load(resolve_data_dir(c));
  if (!analyzer) {
    fmt::print(stderr, "kabar: error: cannot load models: {}\n", analyzer.error().message);
    return out;
  }
  Runner runner(pipeline, c.threads > 0 ? c.threads : default_threads(), true);
  out.stats = runner.run(paths, read_options(c), 512, nullptr, [&](std::vector<extract::Analysis>& batch) {
    for (auto& a : batch) out.docs.push_back(std::move(a));
  });
  out.corpus = analyzer->analyze(out.docs);
  out.ok = true;
  return out;
}

int exit_code(const RunStats& s) { return s.failed > 0 ? 1 : 0; }

}  // namespace

int run_analyze(const AnalyzeOptions& o, const CommonOptions& c) {
  Corpus all = analyze_all(o.paths, c);
  if (!all.ok) return 2;
  if (o.format == "json") {
    std::string out = corpus::corpus_json(all.docs, all.corpus).dump(2, ' ', false,
                                                                       nlohmann::json::error_handler_t::replace);
    out += '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
  } else {
    fmt::print("{}", summary_text(all.docs, all.corpus));
  }
  if (o.format == "text" || o.stats) {
    const double s = all.stats.seconds > 0 ? all.stats.seconds : 1e-9;
    fmt::print(stderr, "kabar: {} documents analysed, {} failed, {:.2f} MB in {:.3f} s ({:.2f} MB/s, {:.0f} docs/s)\n",
               all.stats.documents, all.stats.failed, all.stats.bytes / 1e6, all.stats.seconds,
               all.stats.bytes / 1e6 / s, all.stats.documents / s);
  }
  return exit_code(all.stats);
}

int run_claims(const AnalyzeOptions& o, const CommonOptions& c) {
  Corpus all = analyze_all(o.paths, c);
  if (!all.ok) return 2;
  fmt::print("{}", claims_text(all.docs, all.corpus));
  return exit_code(all.stats);
}

int run_quotes(const QuotesOptions& o, const CommonOptions& c) {
  Corpus all = analyze_all(o.paths, c);
  if (!all.ok) return 2;
  fmt::print("{}", quotes_text(all.docs, all.corpus, o.speaker));
  return exit_code(all.stats);
}

int run_stories(const AnalyzeOptions& o, const CommonOptions& c) {
  Corpus all = analyze_all(o.paths, c);
  if (!all.ok) return 2;
  fmt::print("{}", stories_text(all.docs, all.corpus));
  return exit_code(all.stats);
}

int run_ingest(const IngestOptions& o, const CommonOptions& c) {
  auto store = store::Store::open(o.db, resolve_data_dir(c));
  if (!store) {
    fmt::print(stderr, "kabar: error: {}\n", store.error().message);
    return 2;
  }
  auto pipeline = load_pipeline(c);
  if (!pipeline) return 2;
  auto analyzer = corpus::CorpusAnalyzer::load(resolve_data_dir(c));
  if (!analyzer) {
    fmt::print(stderr, "kabar: error: cannot load models: {}\n", analyzer.error().message);
    return 2;
  }
  auto shared_analyzer = std::make_shared<const corpus::CorpusAnalyzer>(std::move(*analyzer));
  // Each document's corpus record is stored with it: later runs cluster new documents against
  // these without re-analysing the stored ones.
  const corpus::CorpusState recorder(shared_analyzer);
  Runner runner(pipeline, c.threads > 0 ? c.threads : default_threads(), true);
  // Documents are analysed (and held in memory) 256 at a time, and stored --batch at a time in
  // one transaction: a big transaction writes each index page once for many documents
  // (Store::begin), a small analysis batch keeps the memory flat.
  const size_t per_transaction = static_cast<size_t>(o.batch);
  const size_t per_analysis = std::min<size_t>(per_transaction, 256);
  size_t added = 0, in_transaction = 0;
  bool store_failed = false;
  auto fail = [&](const Error& e) {
    store_failed = true;
    fmt::print(stderr, "kabar: error: {}\n", e.message);
  };
  RunStats stats = runner.run(
      o.paths, read_options(c), per_analysis,
      [&](const Document& d) { return (*store)->contains(d.id); },
      [&](std::vector<extract::Analysis>& batch) {
        std::vector<const extract::Analysis*> ptrs;
        std::vector<std::string> records;
        for (const auto& a : batch) {
          ptrs.push_back(&a);
          records.push_back(corpus::encode(recorder.record(a)));
        }
        if (in_transaction == 0) {
          if (auto s = (*store)->begin(); !s) return fail(s.error());
        }
        auto r = (*store)->add(ptrs, records);
        if (!r) {
          added -= std::min(added, in_transaction);  // rolled back with the transaction
          in_transaction = 0;
          return fail(r.error());
        }
        added += static_cast<size_t>(*r);
        in_transaction += static_cast<size_t>(*r);
        if (in_transaction >= per_transaction) {
          in_transaction = 0;
          if (auto s = (*store)->commit(); !s) return fail(s.error());
        }
      });
  if (auto s = (*store)->commit(); !s) fail(s.error());
  fmt::print(stderr, "kabar: {} new documents stored, {} already stored, {} failed; {} in {} ({:.2f} s)\n",
             added, stats.skipped + (stats.documents - added), stats.failed, (*store)->count(), o.db,
             stats.seconds);
  if (store_failed) return 1;
  // One full-text segment per transaction: merged here when they would slow searches.
  if (auto merged = (*store)->tidy_index(); !merged) {
    fmt::print(stderr, "kabar: error: {}\n", merged.error().message);
    return 1;
  }
  // Also when nothing was added but the view is behind the documents (a run killed before its
  // refresh, or a database from an older kabar).
  bool behind = added > 0;
  if (!behind) {
    auto saved = (*store)->corpus_state();
    behind = !saved || corpus::CorpusState::saved_document_count(*saved).value_or(0) !=
                           static_cast<size_t>((*store)->count());
  }
  if (behind && !refresh_view_after_ingest(**store, pipeline, *shared_analyzer, c)) return 1;
  return exit_code(stats);
}

}  // namespace kabar::cli
