#include "app.h"

#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "commands.h"
#include "runner.h"
#include "serve_command.h"

namespace kabar::cli {

int run_app(int argc, char** argv) {
  CLI::App app{"kabar — offline news intelligence for Indonesian (and English) news.\n"
               "Reads articles and answers who, who said what, what numbers, when, and where from."};
  app.set_version_flag("--version", std::string("kabar ") + KABAR_VERSION);
  app.require_subcommand(1);
  app.fallthrough();

  CommonOptions common;
  auto add_common = [&](CLI::App* sub) {
    sub->add_option("--threads", common.threads, "Worker threads (default: all cores)")->check(CLI::PositiveNumber);
    sub->add_option("--max-size", common.max_size_mb, "Refuse documents larger than this many MB")
        ->check(CLI::PositiveNumber)->capture_default_str();
    sub->add_option("--data-dir", common.data_dir, "kabar's data folder (default: found next to the binary)");
  };

  AnalyzeOptions analyze;
  CLI::App* a = app.add_subcommand("analyze", "Analyse articles and print one JSON object (or a readable summary); stores nothing");
  a->add_option("paths", analyze.paths, "Files, directories (recursed) or - for stdin")->required();
  a->add_option("--format", analyze.format, "json or text")->check(CLI::IsMember({"json", "text"}))->capture_default_str();
  a->add_flag("--stats", analyze.stats, "Print documents, MB and throughput on stderr");
  add_common(a);

  IngestOptions ingest;
  CLI::App* in = app.add_subcommand("ingest", "Analyse articles and store them in the database (re-ingesting adds nothing)");
  in->add_option("paths", ingest.paths, "Files, directories (recursed) or - for stdin")->required();
  in->add_option("--db", ingest.db, "Database file")->capture_default_str();
  in->add_option("--batch", ingest.batch, "Documents per transaction")->check(CLI::PositiveNumber)->capture_default_str();
  add_common(in);

  AnalyzeOptions claims;
  CLI::App* cl = app.add_subcommand("claims", "Print the numbers that sources claim, grouped, with conflicts marked");
  cl->add_option("paths", claims.paths, "Files, directories (recursed) or - for stdin")->required();
  add_common(cl);

  QuotesOptions quotes;
  CLI::App* qu = app.add_subcommand("quotes", "List who said what, grouped by speaker");
  qu->add_option("paths", quotes.paths, "Files, directories (recursed) or - for stdin")->required();
  qu->add_option("--speaker", quotes.speaker, "Only speakers whose name contains this");
  add_common(qu);

  AnalyzeOptions stories;
  CLI::App* st = app.add_subcommand("stories", "Group articles into events and stories, with timelines, summaries and copies");
  st->add_option("paths", stories.paths, "Files, directories (recursed) or - for stdin")->required();
  add_common(st);

  SearchOptions search;
  CLI::App* se = app.add_subcommand("search", "Full-text search over a database: ranked hits with snippets, and facets");
  se->add_option("query", search.query, "Words (stemmed), \"phrases\", OR, NOT / -word, (groups), word*")->required();
  se->add_option("--db", search.db, "Database file")->capture_default_str();
  se->add_option("--from", search.from, "Published on or after (YYYY[-MM[-DD]])");
  se->add_option("--to", search.to, "Published on or before (YYYY[-MM[-DD]])");
  se->add_option("--outlet", search.outlet, "Only this outlet (case-insensitive)");
  se->add_option("--language", search.language, "Only this language (id, en, …)");
  se->add_option("--entity", search.entity, "Only documents naming this entity (any of its names)");
  se->add_option("--story", search.story, "Only documents of this story (S1, …)");
  se->add_option("--limit", search.limit, "Hits to show (0–1000)")->check(CLI::Range(0, 1000))->capture_default_str();
  se->add_option("--offset", search.offset, "Hits to skip")->check(CLI::NonNegativeNumber);
  se->add_option("--format", search.format, "text or json")->check(CLI::IsMember({"json", "text"}))->capture_default_str();
  se->add_option("--data-dir", common.data_dir, "kabar's data folder (default: found next to the binary)");

  ServeCommands serves = add_serve_commands(app);
  for (CLI::App* sub : serves.subcommands) add_common(sub);

  EvalCommands evals = add_eval_commands(app);
  TrainCommands trains = add_train_commands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }

  if (a->parsed()) return run_analyze(analyze, common);
  if (in->parsed()) return run_ingest(ingest, common);
  if (cl->parsed()) return run_claims(claims, common);
  if (qu->parsed()) return run_quotes(quotes, common);
  if (st->parsed()) return run_stories(stories, common);
  if (se->parsed()) return run_search(search, common);
  if (auto rc = run_serve_commands(serves, common); rc >= 0) return rc;
  if (auto rc = run_eval_commands(evals, common); rc >= 0) return rc;
  if (auto rc = run_train_commands(trains, common); rc >= 0) return rc;
  std::cerr << app.help();
  return 2;
}

}  // namespace kabar::cli
