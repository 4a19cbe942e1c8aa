#include "kabar/extract/quotes.h"

namespace kabar::extract {

// TEMPORARY: empty until the quotes annotator lands.
Result<QuoteExtractor> QuoteExtractor::load(const std::filesystem::path&) { return QuoteExtractor{}; }
void QuoteExtractor::annotate(const Analysis&, std::vector<Quote>& out) const {}

}  // namespace kabar::extract
