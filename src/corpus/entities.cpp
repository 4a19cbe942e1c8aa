#include "kabar/corpus/entities.h"

namespace kabar::corpus {

// TEMPORARY: no resolution until the entity-resolution owner lands it.
Result<EntityResolver> EntityResolver::load(const std::filesystem::path&) { return EntityResolver{}; }
EntityIndex EntityResolver::resolve(const std::vector<extract::Analysis>& docs) const {
  EntityIndex index;
  for (const auto& d : docs) index.of_mention.emplace_back(d.entities.size(), -1);
  return index;
}

}  // namespace kabar::corpus
