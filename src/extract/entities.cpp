#include "kabar/extract/entities.h"

namespace kabar::extract {

// TEMPORARY: empty until the entities annotator lands.
Result<EntityRecognizer> EntityRecognizer::load(const std::filesystem::path&) { return EntityRecognizer{}; }
void EntityRecognizer::annotate(const Analysis&, std::vector<EntityMention>& out) const {}

}  // namespace kabar::extract
