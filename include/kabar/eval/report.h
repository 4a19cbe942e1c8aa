#pragma once
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "kabar/core/result.h"

namespace kabar::eval {

/// The outcome of one `kabar eval` command: figures as JSON (top-level keys per
/// ../shared/spec/output.md, fractions in [0,1]) and a readable table of the same figures.
struct Report {
  nlohmann::json figures;
  std::string table;
};

}  // namespace kabar::eval
