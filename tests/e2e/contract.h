#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kabar::test {

/// Checks a `kabar analyze --format json` object against ../shared/spec/output.md: every
/// required field present with the right JSON type, offsets inside `text` and on the span's
/// text, ids cross-referenced. Returns one message per violation (empty when it conforms).
std::vector<std::string> check_contract(const nlohmann::json& corpus);

}  // namespace kabar::test
