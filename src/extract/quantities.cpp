#include "kabar/extract/quantities.h"

namespace kabar::extract {

// TEMPORARY: empty until the quantities annotator lands.
Result<QuantityAnnotator> QuantityAnnotator::load(const std::filesystem::path&) { return QuantityAnnotator{}; }
void QuantityAnnotator::annotate(const Analysis&, std::vector<Quantity>& out) const {}

}  // namespace kabar::extract
