#include "kabar/lang/id/numerals.h"

namespace kabar::lang::id {

// TEMPORARY: replaced by the numerals owner.
Result<Numerals> Numerals::load(const std::filesystem::path&) { return Numerals{}; }
std::optional<NumberMatch> Numerals::match(std::string_view, const std::vector<text::Token>&,
                                           size_t) const {
  return std::nullopt;
}
std::optional<double> Numerals::parse_digits(std::string_view) { return std::nullopt; }

}  // namespace kabar::lang::id
