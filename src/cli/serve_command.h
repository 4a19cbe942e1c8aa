#pragma once
// Private to the cli module: `kabar serve` and `kabar report`.
#include <cstdint>
#include <memory>
#include <vector>

#include "commands.h"
#include "kabar/corpus/corpus.h"
#include "kabar/extract/analysis.h"
#include "kabar/store/store.h"

namespace kabar::cli {

/// The parsed serve/report subcommands and their options (see serve_command.cpp).
struct ServeCommands {
  std::shared_ptr<void> state;
  std::vector<CLI::App*> subcommands;  ///< for the caller to add the common options
};
ServeCommands add_serve_commands(CLI::App& app);
/// End of `kabar ingest`: brings the stored corpus view (stories, entities, claims, story
/// membership) up to date with the documents just stored, incrementally
/// (serve::refresh_corpus_view), so `kabar search --story` and `kabar serve` agree.
/// Prints one line on stderr; false (after printing why) when the view could not be stored.
bool refresh_view_after_ingest(store::Store& store,
                               std::shared_ptr<const extract::Pipeline> pipeline,
                               const corpus::CorpusAnalyzer& analyzer, const CommonOptions& c);

/// Runs the parsed serve or report command and returns its exit code, or -1 when none was parsed.
int run_serve_commands(const ServeCommands& s, const CommonOptions& c);

}  // namespace kabar::cli
