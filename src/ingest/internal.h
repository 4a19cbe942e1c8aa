// Private helpers shared by the ingest readers (not part of the public API).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kabar/core/document.h"
#include "kabar/core/result.h"
#include "kabar/ingest/reader.h"

namespace kabar::ingest::detail {

/// Bytes decoded to valid UTF-8, with the warnings collected on the way.
struct Decoded {
  std::string text;
  std::vector<std::string> warnings;
};

/// "NAME: document is 12.3 MB, over the 10 MB limit (--max-size)".
Error size_error(std::string_view name, size_t size, size_t max_bytes);

/// A short description ("PNG image", "NUL bytes", "35% control characters") when `bytes` look
/// binary: a known magic number, any NUL byte, or more than 10% C0 controls other than \t\n\r.
std::optional<std::string> binary_reason(std::string_view bytes);

/// Decodes raw bytes (UTF-8 with or without BOM, UTF-16 LE/BE, Windows-1252 fallback) to valid
/// UTF-8; refuses binary data. Does not check the size.
Result<Decoded> decode(std::string_view name, std::string_view bytes);

/// Normalises valid UTF-8 `text` into a Document (trim, empty check, id).
Result<Document> document_from_utf8(std::string name, std::string_view text, DocumentMeta meta,
                                    std::vector<std::string> warnings);

/// Collapses white space runs to one space and trims; for metadata values.
std::string clean_inline(std::string_view s);

/// Lower-cases ASCII.
std::string ascii_lower(std::string_view s);

/// Replaces invalid UTF-8 bytes with U+FFFD; returns the number of bytes replaced.
size_t repair_utf8(std::string_view in, std::string& out);

}  // namespace kabar::ingest::detail
