// Private JSON helpers shared by json.cpp and reader.cpp.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kabar/core/document.h"
#include "kabar/core/result.h"

namespace kabar::ingest::detail {

/// Parses JSON text (invalid UTF-8 repaired first, with a warning). Errors read
/// "NAME: malformed JSON (column 7: syntax error ...)".
Result<nlohmann::json> parse_json(std::string_view name, std::string_view text, bool single_line,
                                  std::vector<std::string>& warnings);

/// A Document from one parsed JSON record (object with a text field, or a bare string).
Result<Document> document_from_value(std::string name, const nlohmann::json& v,
                                     std::vector<std::string> warnings);

}  // namespace kabar::ingest::detail
