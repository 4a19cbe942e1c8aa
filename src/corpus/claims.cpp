#include "kabar/corpus/claims.h"

namespace kabar::corpus {

// TEMPORARY: no claims until the claims owner lands them.
Result<ClaimBuilder> ClaimBuilder::load(const std::filesystem::path&) { return ClaimBuilder{}; }
std::vector<Claim> ClaimBuilder::build(const std::vector<extract::Analysis>&,
                                       const EntityIndex&) const {
  return {};
}

}  // namespace kabar::corpus
