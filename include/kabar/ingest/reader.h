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
///
/// Formats by extension, case-insensitive: .txt .text .md .markdown and no extension → plain text
/// (content starting with <!DOCTYPE html or <html is read as HTML); .html .htm .xhtml .shtml →
/// HTML (see html.h); .jsonl .ndjson → one document per line, streamed, named "PATH:LINE" (blank
/// lines skipped, each line limited to max_bytes); .json → one object (named PATH), an array of
/// objects ("PATH#N", N from 1) or, if not one JSON value, JSON lines. Directories: recursive,
/// files sorted by path (byte order), hidden names skipped, symlink loops cut, unknown extensions
/// skipped silently; a file named explicitly with an unknown extension is read as text.
/// "-" reads stdin as text (named "-"). Other files are refused above max_bytes before reading.
/// Errors (one line each): "PATH: no such file or directory" (other OS reasons likewise, lower
/// case), "NAME: document is 12.3 MB, over the 10 MB limit (--max-size)", "NAME: binary file
/// (PNG image), not a text document", "NAME: empty document", "PATH:LINE: malformed JSON (column
/// 7: ...)", "PATH:LINE: no text field".
void read_paths(const std::vector<std::string>& paths, const ReadOptions& options,
                const std::function<void(ReadResult)>& sink);

/// Decodes raw bytes into valid, NFC-normalised UTF-8 text: UTF-16 (LE/BE with BOM, or without
/// a BOM when the zero bytes make it obvious) and a UTF-8 BOM are handled; invalid UTF-8 is
/// repaired with U+FFFD and the warning "invalid UTF-8 repaired (N bytes)", except that text with
/// no valid multi-byte sequence at all is decoded as Windows-1252 ("not UTF-8: decoded as
/// Windows-1252"); binary data (magic numbers of PDF/ZIP/ELF/PNG/JPEG/GIF/..., NUL bytes, or more
/// than 10% C0 controls other than \t\n\r) and empty or blank text are refused. Leading and
/// trailing blank space is trimmed; `to_original` maps into the decoded bytes (BOM removed);
/// id = content_id(text); path = name. `name` is used in messages. Bytes are plain text: HTML
/// and JSON readers are applied by read_paths (or extract_html / document_from_json).
Result<Document> make_document(std::string name, std::string_view bytes, DocumentMeta meta,
                               const ReadOptions& options);

}  // namespace kabar::ingest
