// Fuzz target: the HTML reader (gumbo main-text extraction, meta, JSON-LD, deep nesting guard)
// on any bytes, through read_paths.
#include "fuzz_common.h"
#include "kabar/ingest/reader.h"
#include "reader_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string path = kabar::fuzz::scratch_file({reinterpret_cast<const char*>(data), size}, ".html");
  kabar::fuzz::read_and_check(path);
  return 0;
}
