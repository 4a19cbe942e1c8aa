#include "kabar/extract/dates.h"

namespace kabar::extract {

// TEMPORARY: empty until the dates annotator lands.
Result<DateAnnotator> DateAnnotator::load(const std::filesystem::path&) { return DateAnnotator{}; }
void DateAnnotator::annotate(const Analysis&, Published&, std::vector<DateMention>&,
                             std::vector<TimelineEntry>&, std::vector<Warning>&) const {}

}  // namespace kabar::extract
