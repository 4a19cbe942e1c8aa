// Fuzz target: the JSON lines reader (per-line errors, text fields, IndoSum token arrays,
// published dates from ids) and the single-document .json reader, on any bytes.
#include "fuzz_common.h"
#include "kabar/ingest/reader.h"
#include "reader_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The first byte picks the extension, so one corpus covers both readers.
  const char* ext = !bytes.empty() && (bytes[0] & 1) ? ".json" : ".jsonl";
  kabar::fuzz::read_and_check(kabar::fuzz::scratch_file(bytes, ext));
  return 0;
}
