#pragma once
#include <optional>
#include <string>
#include <vector>

namespace kabar {

/// Metadata a reader found next to the text (HTML meta tags, JSON fields). All optional.
struct DocumentMeta {
  std::optional<std::string> title;
  std::optional<std::string> url;
  std::optional<std::string> outlet;     ///< og:site_name, "source"/"outlet" field
  std::optional<std::string> author;     ///< author meta / field
  std::optional<std::string> published;  ///< raw published string as found (ISO 8601 or other)
};

/// One article after ingest: decoded to valid UTF-8 and NFC-normalised. Owns its bytes.
/// `text` is what every offset refers to; `to_original` maps each byte of `text` (plus one past
/// the end) to a byte offset in the decoded original, so spans can be shown against the source.
struct Document {
  std::string id;    ///< stable id: hex of a 64-bit hash of `text` (content hash)
  std::string path;  ///< as given on the command line or found in a directory; "file:N" for JSON lines
  std::string text;  ///< normalised body text
  std::vector<uint32_t> to_original;
  DocumentMeta meta;
  std::vector<std::string> ingest_warnings;  ///< e.g. "invalid UTF-8 repaired (3 bytes)"
};

}  // namespace kabar
