#pragma once
// The per-document annotation layers. Each annotator adds one layer and never rewrites an
// earlier one. Plain structs of spans (byte offsets into Document::text), types and values.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kabar/core/span.h"

namespace kabar::extract {

enum class EntityType : uint8_t { kPer, kOrg, kLoc, kMisc };
const char* to_string(EntityType t);  ///< "PER", "ORG", "LOC", "MISC"

/// A named-entity mention found by the recogniser or the gazetteers.
struct EntityMention {
  Span span;
  EntityType type = EntityType::kMisc;
  std::string text;                 ///< surface form (span text)
  std::optional<std::string> role;  ///< role the text gives it ("Menteri Luar Negeri Rusia")
  std::optional<std::string> linked_country;  ///< capital-for-country metonymy (Moskow → Rusia)
  float score = 1.0f;               ///< model confidence in [0,1]
  std::optional<Span> role_span;    ///< where `role` stands in the text
  bool from_gazetteer = false;      ///< added by the gazetteer (acronym), not the model
};

/// A direct or reported quotation and who said it.
struct Quote {
  Span span;                           ///< the quoted or reported words
  Span cue;                            ///< the speech verb or "menurut" that introduces it
  bool direct = true;                  ///< in quote marks
  std::optional<std::string> speaker;  ///< surface or resolved name/body; nullopt if not said
  std::optional<Span> speaker_span;    ///< where the speaker is named, if in the text
  int speaker_mention = -1;            ///< index into the entities layer, or -1
};

enum class Qualifier : uint8_t { kExact, kApprox, kAtLeast, kAtMost, kMoreThan, kLessThan, kRange };
const char* to_string(Qualifier q);  ///< "exact", "approx", "at_least", …

enum class QuantityKind : uint8_t { kCount, kMoney, kPercent, kOrdinal, kMeasure };
const char* to_string(QuantityKind k);  ///< "count", "money", "percent", "ordinal", "measure"

/// A number with what it counts and who claims it.
struct Quantity {
  Span span;                        ///< the whole phrase ("sekitar 10.000 tentara")
  double value = 0;
  std::optional<double> value_max;  ///< upper bound of a range
  std::string unit;                 ///< counted noun phrase ("tentara Korea Utara"), currency, "%"
  std::string unit_head;            ///< the counted noun alone, lower-case ("tentara")
  QuantityKind kind = QuantityKind::kCount;
  Qualifier qualifier = Qualifier::kExact;
  std::optional<std::string> claimant;  ///< speaker or attributed body, else outlet (filled later)
  std::optional<std::string> date;      ///< ISO date the figure refers to, if known
  int quote = -1;                       ///< index into the quotes layer when inside one
  Span number;                          ///< the numeral itself ("10.000", "8 juta")
  int antecedent = -1;  ///< elliptical "sekitar 8.000" / "8.000 dari 10.000": index of the
                        ///< quantity whose noun it borrows (a sub-count of it), else -1
  uint32_t sentence = 0;                ///< index of its sentence in the text layers
};

enum class Grain : uint8_t { kTime, kDay, kWeek, kMonth, kSeason, kQuarter, kYear, kDecade, kCentury, kDuration, kSet };
const char* to_string(Grain g);  ///< "time", "day", "week", "month", …

/// A date or time expression normalised against the reference date.
struct DateMention {
  Span span;
  std::string value;         ///< ISO 8601 at its grain (2024-10-31, 2024-W44, 2024-SU, P3Y…)
  Grain grain = Grain::kDay;
  std::string timex_type;    ///< TimeML type: DATE, TIME, DURATION, SET
  bool relative = false;     ///< resolved against the reference or a previous date
  Span timex;                ///< TimeML extent: `span` without leading signal words (pada, sejak)
  std::string mod;           ///< TimeML mod: START, MID, END, APPROX, MORE_THAN, LESS_THAN or empty
  bool anchored = false;     ///< resolved against the previous date in the text (kemudian, hari itu)
};

/// A sanity warning about the document.
struct Warning {
  std::string kind;    ///< weekday_mismatch, ambiguous_date, future_date, invalid_utf8, …
  std::string text;    ///< the text it is about
  std::string detail;  ///< one sentence for a person
  std::optional<Span> span;
};

/// Publication date of the document.
struct Published {
  std::optional<std::string> date;  ///< ISO date, nullopt when unknown
  bool inferred = false;            ///< true when read from the text, not from metadata
  std::string evidence;             ///< the text or metadata field it came from
};

/// Where a text comes from.
struct Provenance {
  std::optional<std::string> outlet;
  std::optional<std::string> byline;
  std::optional<std::string> dateline;
  std::vector<std::string> wires;         ///< canonical agency names, in order of first citation
  std::optional<std::string> initials;    ///< short sign-offs such as "(bbn)" or "[SB]"
  std::vector<Span> evidence;             ///< spans the fields were read from
};

/// A dated sentence, ready for a story timeline.
struct TimelineEntry {
  std::string date;  ///< ISO value of the date mention
  Grain grain = Grain::kDay;
  Span sentence;
  int date_mention = -1;
};

}  // namespace kabar::extract
