#include <CLI/CLI.hpp>

#include "commands.h"

namespace kabar::cli {

// Wired as the evaluation libraries land (see src/eval).
EvalCommands add_eval_commands(CLI::App& app) { return {}; }
int run_eval_commands(const EvalCommands&, const CommonOptions&) { return -1; }
TrainCommands add_train_commands(CLI::App& app) { return {}; }
int run_train_commands(const TrainCommands&, const CommonOptions&) { return -1; }

}  // namespace kabar::cli
