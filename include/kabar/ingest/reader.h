#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "kabar/core/document.h"
#include "kabar/core/result.h"

namespace kabar::ingest {

/// Reader settings.
struct ReadOptions {
  size_t max_bytes = 10 * 1024 * 1024;  ///< documents (and files) larger than this are refused
};

/// One outcome of reading: a Document, or an Error whose message names the file (and line for
/// JSON lines) and the problem in one line.
using ReadResult = Result<Document>;

/// Reads every document under `paths` (files, directories recursed in sorted order, "-" for
/// stdin), by extension: .txt (and no extension), .html/.htm, .jsonl/.json. Calls `sink` once
/// per document or per failure, in a deterministic order. Never throws for bad input.
void read_paths(const std::vector<std::string>& paths, const ReadOptions& options,
                const std::function<void(ReadResult)>& sink);

/// Decodes raw bytes into valid, NFC-normalised UTF-8 text: UTF-16 (LE/BE with BOM) and a UTF-8
/// BOM are handled; invalid UTF-8 is repaired with U+FFFD and a warning; binary data (NUL bytes
/// or mostly control characters) and empty text are refused. `name` is used in messages.
Result<Document> make_document(std::string name, std::string_view bytes, DocumentMeta meta,
                               const ReadOptions& options);

}  // namespace kabar::ingest
