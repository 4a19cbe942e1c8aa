#include "kabar/extract/provenance.h"

namespace kabar::extract {

// TEMPORARY: empty until the provenance annotator lands.
Result<ProvenanceReader> ProvenanceReader::load(const std::filesystem::path&) { return ProvenanceReader{}; }
void ProvenanceReader::annotate(const Analysis&, Provenance& out) const {}

}  // namespace kabar::extract
