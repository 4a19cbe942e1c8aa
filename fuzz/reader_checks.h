#pragma once
// Reader invariants checked on every fuzz input: each outcome is a Document with valid,
// non-blank UTF-8 text and a complete offset map, or a one-line error naming the file.
#include <string>

#include "fuzz_common.h"
#include "kabar/core/utf8.h"
#include "kabar/ingest/reader.h"

namespace kabar::fuzz {

inline void read_and_check(const std::string& path) {
  ingest::ReadOptions options;
  options.max_bytes = 1 << 20;
  ingest::read_paths({path}, options, [&](ingest::ReadResult r) {
    if (!r) {
      const std::string& m = r.error().message;
      if (m.empty() || m.find('\n') != std::string::npos) fail("error message empty or not one line");
      if (m.find(path) == std::string::npos) fail("error message does not name the file");
      return;
    }
    const Document& d = *r;
    if (d.text.empty()) fail("empty document accepted");
    if (!utf8::is_valid(d.text)) fail("document text is not valid UTF-8");
    if (d.to_original.size() != d.text.size() + 1) fail("offset map of the wrong size");
  });
}

}  // namespace kabar::fuzz
