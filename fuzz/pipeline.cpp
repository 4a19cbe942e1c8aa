// Fuzz target: the whole per-document pipeline (text, provenance, dates, NER, quotes,
// quantities) on any bytes, with every layer's invariants checked.
#include "fuzz_common.h"
#include "kabar/extract/analysis.h"
#include "kabar/ingest/reader.h"
#include "layer_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kabar;
  static const auto pipeline = fuzz::must(extract::Pipeline::load(fuzz::data_dir()));
  auto doc = ingest::make_document("fuzz", {reinterpret_cast<const char*>(data), size}, {}, {});
  if (!doc) return 0;
  extract::Analysis a = pipeline->analyze(std::move(*doc));
  fuzz::check_analysis(a);
  return 0;
}
