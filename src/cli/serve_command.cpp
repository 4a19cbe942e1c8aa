// `kabar serve` (HTTP API + web page over a database) and `kabar report` (one self-contained
// HTML or Markdown file about stories, from a database or from files).
#include "serve_command.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <thread>

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <fmt/core.h>
#include <CLI/CLI.hpp>

#include "kabar/core/data_dir.h"
#include "kabar/serve/corpus_view.h"
#include "kabar/serve/report.h"
#include "kabar/serve/server.h"
#include "kabar/store/store.h"
#include "runner.h"

namespace kabar::cli {

namespace fs = std::filesystem;

namespace {

struct ServeState {
  CLI::App* serve = nullptr;
  CLI::App* report = nullptr;
  serve::ServerOptions server;
  std::string db = "kabar.db";
  double max_body_mb = 1;
  int http_threads = 0;
  size_t search_cache = 1024;
  // report
  std::vector<std::string> paths;
  std::string report_db;
  std::string story;
  std::string format = "html";
  std::string out;
};

fs::path kabar_data(const CommonOptions& c) {
  return c.data_dir.empty() ? data_dir() : fs::path(c.data_dir);
}

struct Models {
  std::shared_ptr<const extract::Pipeline> pipeline;
  std::shared_ptr<const corpus::CorpusAnalyzer> analyzer;
};

std::optional<Models> load_models(const CommonOptions& c) {
  auto p = extract::Pipeline::load(kabar_data(c));
  if (!p) {
    fmt::print(stderr, "kabar: error: cannot load models: {}\n", p.error().message);
    return std::nullopt;
  }
  auto a = corpus::CorpusAnalyzer::load(kabar_data(c));
  if (!a) {
    fmt::print(stderr, "kabar: error: cannot load models: {}\n", a.error().message);
    return std::nullopt;
  }
  return Models{*p, std::make_shared<const corpus::CorpusAnalyzer>(std::move(*a))};
}

int run_serve(ServeState& st, const CommonOptions& c) {
  auto models = load_models(c);
  if (!models) return 2;
  serve::ServerOptions o = st.server;
  o.db = st.db;
  o.data_dir = kabar_data(c);
  o.max_body_bytes = static_cast<size_t>(st.max_body_mb * 1024 * 1024);
  o.threads = st.http_threads;
  o.search_cache = st.search_cache;
  o.analysis_threads = c.threads > 0 ? c.threads : default_threads();

  // SIGINT/SIGTERM are taken by sigwait below, in this thread only.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto server = serve::Server::create(o, models->pipeline, models->analyzer);
  if (!server) {
    fmt::print(stderr, "kabar: error: {}\n", server.error().message);
    return 2;
  }
  auto port = (*server)->bind();
  if (!port) {
    fmt::print(stderr, "kabar: error: {}\n", port.error().message);
    return 2;
  }
  if (o.host != "127.0.0.1" && o.host != "localhost" && o.host != "::1") {
    fmt::print(
        stderr,
        "kabar: warning: listening on {} — reachable from other machines, no authentication\n",
        o.host);
  }
  const std::string shown_host =
      o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
  fmt::print(stderr, "kabar: serving {} at http://{}:{}/ (Ctrl-C to stop)\n", st.db, shown_host,
             *port);
  std::fflush(stderr);

  Status status = Ok{};
  std::thread listener([&] {
    status = (*server)->listen();
    if (!status) kill(getpid(), SIGTERM);  // wake the sigwait below
  });
  int sig = 0;
  sigwait(&signals, &sig);
  (*server)->stop();
  listener.join();
  if (!status) {
    fmt::print(stderr, "kabar: error: {}\n", status.error().message);
    return 1;
  }
  fmt::print(stderr, "kabar: stopped\n");
  return 0;
}

int run_report(ServeState& st, const CommonOptions& c) {
  if (!st.paths.empty() && !st.report_db.empty()) {
    fmt::print(stderr, "kabar: error: report: give either --db or PATHs, not both\n");
    return 2;
  }
  auto models = load_models(c);
  if (!models) return 2;
  const int threads = c.threads > 0 ? c.threads : default_threads();
  std::shared_ptr<const serve::CorpusView> view;
  size_t failed = 0;
  if (!st.paths.empty()) {
    std::vector<extract::Analysis> docs;
    ingest::ReadOptions ro;
    ro.max_bytes = static_cast<size_t>(c.max_size_mb * 1024 * 1024);
    Runner runner(models->pipeline, threads, false);
    RunStats stats =
        runner.run(st.paths, ro, 512, nullptr, [&](std::vector<extract::Analysis>& batch) {
          for (auto& a : batch) docs.push_back(std::move(a));
        });
    failed = stats.failed;
    view = serve::CorpusView::build(docs, models->analyzer->analyze(docs),
                                    static_cast<int64_t>(docs.size()));
  } else {
    const std::string db = st.report_db.empty() ? "kabar.db" : st.report_db;
    std::error_code ec;
    if (!fs::exists(db, ec)) {
      fmt::print(stderr, "kabar: error: {}: no such database (give PATHs, or ingest first)\n", db);
      return 2;
    }
    auto store = store::Store::open(db, kabar_data(c));
    if (!store) {
      fmt::print(stderr, "kabar: error: {}\n", store.error().message);
      return 2;
    }
    // The view keeps each document's compact part (what a report shows) and would read a whole
    // document back through the reader: the whole analyses of 100,000 articles took 4.4 GB.
    const store::Store& s = **store;
    serve::StoredDocumentReader reader = [&s](const std::string& id) { return s.document(id); };
    auto v = serve::load_corpus_view(s, reader);
    if (v && !*v) {  // none stored yet, or behind the documents
      auto r = serve::refresh_corpus_view(**store, *models->pipeline, *models->analyzer, threads);
      if (!r) {
        fmt::print(stderr, "kabar: error: {}: {}\n", db, r.error().message);
        return 2;
      }
      v = serve::load_corpus_view(s, reader);
    }
    if (!v || !*v) {
      fmt::print(stderr, "kabar: error: {}: {}\n", db,
                 v ? std::string("the corpus view changed while it was being read") : v.error().message);
      return 2;
    }
    view = **v;
  }
  auto text = serve::render_report(
      *view, st.story,
      st.format == "md" ? serve::ReportFormat::kMarkdown : serve::ReportFormat::kHtml);
  if (!text) {
    fmt::print(stderr, "kabar: error: {}\n", text.error().message);
    return 2;
  }
  if (st.out.empty() || st.out == "-") {
    std::fwrite(text->data(), 1, text->size(), stdout);
  } else {
    std::ofstream f(st.out, std::ios::binary);
    f.write(text->data(), static_cast<std::streamsize>(text->size()));
    f.close();
    if (!f) {
      fmt::print(stderr, "kabar: error: {}: cannot write the report\n", st.out);
      return 2;
    }
    fmt::print(stderr, "kabar: report of {} written to {}\n",
               st.story.empty() ? fmt::format("{} stories", view->corpus()["stories"].size())
                                : "story " + st.story,
               st.out);
  }
  return failed > 0 ? 1 : 0;
}

}  // namespace

bool refresh_view_after_ingest(store::Store& store,
                               std::shared_ptr<const extract::Pipeline> pipeline,
                               const corpus::CorpusAnalyzer& analyzer, const CommonOptions& c) {
  auto r = serve::refresh_corpus_view(store, *pipeline, analyzer,
                                      c.threads > 0 ? c.threads : default_threads());
  if (!r) {
    fmt::print(stderr, "kabar: error: corpus view: {}\n", r.error().message);
    return false;
  }
  for (const auto& w : r->warnings) fmt::print(stderr, "kabar: warning: {}\n", w);
  fmt::print(stderr,
             "kabar: corpus view: {} stories, {} entities, {} claims over {} documents ({} added "
             "to the {} already clustered{}; {:.2f} s)\n",
             r->stories, r->entities, r->claims, r->documents, r->added, r->restored,
             r->rebuilt_records ? fmt::format(", {} records rebuilt", r->rebuilt_records) : "",
             r->seconds);
  return true;
}

ServeCommands add_serve_commands(CLI::App& app) {
  auto st = std::make_shared<ServeState>();
  ServeCommands out;
  st->serve = app.add_subcommand(
      "serve", "Serve the JSON API and the web page over a database (loopback by default)");
  st->serve->add_option("--db", st->db, "Database file (from kabar ingest)")->capture_default_str();
  st->serve->add_option("--host", st->server.host, "Address to listen on")->capture_default_str();
  st->serve->add_option("--port", st->server.port, "Port (0: any free port, printed on start)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  st->serve->add_option("--max-body", st->max_body_mb, "Largest request body in MB (413 beyond)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  st->serve
      ->add_option("--http-threads", st->http_threads,
                   "HTTP worker threads (default: 8 per core, at least 32)")
      ->check(CLI::PositiveNumber);

  st->serve
      ->add_option("--search-cache", st->search_cache,
                   "Recent /api/search answers kept until the database changes (0: none)")
      ->capture_default_str();

  st->report = app.add_subcommand("report",
                                  "Write one self-contained HTML or Markdown report about stories");
  st->report->add_option("paths", st->paths, "Files or directories to analyse (instead of --db)");
  st->report->add_option("--db", st->report_db,
                         "Database file (default kabar.db when no PATH is given)");
  st->report->add_option("--story", st->story, "Only this story (e.g. S2); default: every story");
  st->report->add_option("--format", st->format, "html or md")
      ->check(CLI::IsMember({"html", "md"}))
      ->capture_default_str();
  st->report->add_option("-o,--output", st->out, "Output file (default: stdout)");

  out.subcommands = {st->serve, st->report};
  out.state = st;
  return out;
}

int run_serve_commands(const ServeCommands& s, const CommonOptions& c) {
  auto* st = static_cast<ServeState*>(s.state.get());
  if (st->serve->parsed()) return run_serve(*st, c);
  if (st->report->parsed()) return run_report(*st, c);
  return -1;
}

}  // namespace kabar::cli
