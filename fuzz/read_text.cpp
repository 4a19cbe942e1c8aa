// Fuzz target: the plain-text reader on any bytes (encoding detection, UTF-16, UTF-8 repair,
// Windows-1252, binary refusal, NFC) through read_paths, as `kabar analyze FILE.txt` reads.
#include "fuzz_common.h"
#include "kabar/ingest/reader.h"
#include "reader_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string path = kabar::fuzz::scratch_file({reinterpret_cast<const char*>(data), size}, ".txt");
  kabar::fuzz::read_and_check(path);
  return 0;
}
