// Fuzz target: the date and number parsers on any text: the published-date parser and the digit
// parser on the raw bytes, the numeral reader at every token, and the date and quantity
// annotators on the document's text layers.
#include "fuzz_common.h"
#include "kabar/extract/analysis.h"
#include "kabar/extract/dates.h"
#include "kabar/extract/quantities.h"
#include "kabar/ingest/reader.h"
#include "kabar/lang/id/numerals.h"
#include "kabar/text/analyzer.h"
#include "layer_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kabar;
  static const auto analyzer = fuzz::must(text::TextAnalyzer::load(fuzz::data_dir()));
  static const auto dates = fuzz::must(extract::DateAnnotator::load(fuzz::data_dir()));
  static const auto quantities = fuzz::must(extract::QuantityAnnotator::load(fuzz::data_dir()));
  static const auto numerals = fuzz::must(lang::id::Numerals::load(fuzz::data_dir()));
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (size < 256) {
    (void)dates.parse_published(bytes);
    (void)lang::id::Numerals::parse_digits(bytes);
  }
  auto doc = ingest::make_document("fuzz", bytes, {}, {});
  if (!doc) return 0;
  extract::Analysis a;
  a.doc = std::move(*doc);
  a.text = analyzer.analyze(a.doc.text);
  for (size_t i = 0; i < a.text.tokens.size(); ++i) {
    auto m = numerals.match(a.doc.text, a.text.tokens, i);
    if (m && (m->start > m->end || m->end > a.doc.text.size())) fuzz::fail("numeral span");
  }
  dates.annotate(a, a.published, a.dates, a.timeline, a.warnings);
  quantities.annotate(a, a.quantities);
  fuzz::check_analysis(a);
  return 0;
}
