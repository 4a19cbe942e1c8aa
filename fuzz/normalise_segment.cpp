// Fuzz target: decoding + NFC normalisation with its offset map, tokenisation, sentence and
// paragraph segmentation and language identification, on any bytes.
#include "fuzz_common.h"
#include "kabar/ingest/reader.h"
#include "kabar/text/analyzer.h"
#include "kabar/text/normalize.h"
#include "layer_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kabar;
  static const text::TextAnalyzer analyzer = fuzz::must(text::TextAnalyzer::load(fuzz::data_dir()));
  auto doc = ingest::make_document("fuzz", {reinterpret_cast<const char*>(data), size}, {}, {});
  if (!doc) return 0;
  text::Normalized n = text::normalize(doc->text);  // normalising twice must be safe
  if (n.to_original.size() != n.text.size() + 1) fuzz::fail("normalize: offset map size");
  for (uint32_t o : n.to_original)
    if (o > doc->text.size()) fuzz::fail("normalize: offset past the input");
  text::TextLayers layers = analyzer.analyze(doc->text);
  fuzz::check_text_layers(doc->text, layers);
  return 0;
}
