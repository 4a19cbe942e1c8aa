#include "kabar/extract/annotations.h"

namespace kabar::extract {

const char* to_string(EntityType t) {
  switch (t) {
    case EntityType::kPer: return "PER";
    case EntityType::kOrg: return "ORG";
    case EntityType::kLoc: return "LOC";
    case EntityType::kMisc: return "MISC";
  }
  return "MISC";
}

const char* to_string(Qualifier q) {
  switch (q) {
    case Qualifier::kExact: return "exact";
    case Qualifier::kApprox: return "approx";
    case Qualifier::kAtLeast: return "at_least";
    case Qualifier::kAtMost: return "at_most";
    case Qualifier::kMoreThan: return "more_than";
    case Qualifier::kLessThan: return "less_than";
    case Qualifier::kRange: return "range";
  }
  return "exact";
}

const char* to_string(QuantityKind k) {
  switch (k) {
    case QuantityKind::kCount: return "count";
    case QuantityKind::kMoney: return "money";
    case QuantityKind::kPercent: return "percent";
    case QuantityKind::kOrdinal: return "ordinal";
    case QuantityKind::kMeasure: return "measure";
  }
  return "count";
}

const char* to_string(Grain g) {
  switch (g) {
    case Grain::kTime: return "time";
    case Grain::kDay: return "day";
    case Grain::kWeek: return "week";
    case Grain::kMonth: return "month";
    case Grain::kSeason: return "season";
    case Grain::kQuarter: return "quarter";
    case Grain::kYear: return "year";
    case Grain::kDecade: return "decade";
    case Grain::kCentury: return "century";
    case Grain::kDuration: return "duration";
    case Grain::kSet: return "set";
  }
  return "day";
}

}  // namespace kabar::extract
