#pragma once
// Private to the cli module: the subcommands.
#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace kabar::cli {

struct CommonOptions {
  int threads = 0;  ///< 0: all cores
  double max_size_mb = 10;
  std::string data_dir;
};

struct AnalyzeOptions {
  std::vector<std::string> paths;
  std::string format = "json";
  bool stats = false;  ///< print throughput on stderr
};

struct IngestOptions {
  std::vector<std::string> paths;
  std::string db = "kabar.db";
  int batch = 2048;
};

struct QuotesOptions {
  std::vector<std::string> paths;
  std::string speaker;
};

int run_analyze(const AnalyzeOptions& o, const CommonOptions& c);
int run_ingest(const IngestOptions& o, const CommonOptions& c);
int run_claims(const AnalyzeOptions& o, const CommonOptions& c);
int run_quotes(const QuotesOptions& o, const CommonOptions& c);
int run_stories(const AnalyzeOptions& o, const CommonOptions& c);

/// `kabar search QUERY` (search_command.cpp).
struct SearchOptions {
  std::string query;
  std::string db = "kabar.db";
  std::string from, to, outlet, language, entity, story;  ///< empty: no filter
  int limit = 20;
  int offset = 0;
  std::string format = "text";
};
int run_search(const SearchOptions& o, const CommonOptions& c);

/// `kabar eval …`: the parsed sub-subcommand and its options (see eval_commands.cpp).
struct EvalCommands {
  std::shared_ptr<void> state;
};
EvalCommands add_eval_commands(CLI::App& app);
/// Runs the parsed eval command and returns its exit code, or -1 when none was parsed.
int run_eval_commands(const EvalCommands& e, const CommonOptions& c);

/// `kabar train …`.
struct TrainCommands {
  std::shared_ptr<void> state;
};
TrainCommands add_train_commands(CLI::App& app);
int run_train_commands(const TrainCommands& t, const CommonOptions& c);

}  // namespace kabar::cli
