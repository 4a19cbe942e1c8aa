#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "kabar/core/document.h"
#include "kabar/core/result.h"
#include "kabar/ingest/reader.h"

namespace kabar::ingest {

/// Joins pre-tokenised words with spaces, without a space before , . ; : ) ] } ! ? % and
/// closing quotes, nor after ( [ { and opening quotes ("\"" alternates open/close).
std::string detokenize(const std::vector<std::string_view>& tokens);

/// Builds a Document from one JSON object given as text (a JSON line or one element of a JSON
/// array). Text comes from "text" | "body" | "content" | "paragraphs" | "article" (a string, an
/// array of paragraph strings, or IndoSum-style arrays of tokenised sentences); meta from
/// title, url | source_url | link, published | date | datetime | published_at, source | outlet |
/// site, author. Errors: "NAME: malformed JSON (...)", "NAME: no text field", "NAME: empty
/// document".
Result<Document> document_from_json(std::string name, std::string_view json,
                                    const ReadOptions& options);

}  // namespace kabar::ingest
