#pragma once
// Shared helpers of the fuzz targets (private to fuzz/).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kabar/core/result.h"

namespace kabar::fuzz {

/// The data directory the targets load their models from (the source tree's data/).
inline const char* data_dir() { return KABAR_SOURCE_DATA_DIR; }

/// Stops the run when an invariant is broken: libFuzzer records the input as a crash.
[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

/// Loading models is configuration, not input: failure ends the process with the message.
template <class T>
T must(Result<T> r) {
  if (!r) {
    std::fprintf(stderr, "fuzz: cannot load: %s\n", r.error().message.c_str());
    std::exit(2);
  }
  return std::move(*r);
}

/// Writes `bytes` to a per-process file with `extension` (readers dispatch on it) and returns
/// its path; the file is rewritten for every input.
inline std::string scratch_file(std::string_view bytes, const char* extension) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/kabar-fuzz-" +
                     std::to_string(getpid()) + extension;
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) fail("cannot write the scratch file");
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) fail("short write");
  std::fclose(f);
  return path;
}

}  // namespace kabar::fuzz
