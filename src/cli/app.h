#pragma once
// Private to the cli module: the command-line application.
namespace kabar::cli {

/// Runs the `kabar` command; returns the process exit code (0 all inputs fine, 1 some inputs
/// failed, 2 usage error or missing input for eval commands).
int run_app(int argc, char** argv);

}  // namespace kabar::cli
