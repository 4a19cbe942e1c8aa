#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/corpus/entities.h"
#include "kabar/extract/analysis.h"

namespace kabar::corpus {

/// One value of a claim, as one document states it.
struct ClaimValue {
  double value = 0;
  std::optional<double> value_max;
  extract::Qualifier qualifier = extract::Qualifier::kExact;
  int document = -1;  ///< index into the corpus documents
  int quantity = -1;  ///< index into that document's quantities
  std::optional<std::string> source;  ///< who claims it
  std::optional<std::string> date;    ///< ISO date it refers to
  std::string text;                   ///< the sentence or phrase stating it
};

/// Quantities from one or more documents that measure the same thing.
struct Claim {
  std::string id;     ///< "C1", "C2"…
  std::string topic;  ///< short label ("tentara Korea Utara di Rusia")
  bool conflict = false;
  std::vector<ClaimValue> values;  ///< ordered by date, then document
};

/// Groups comparable quantities across documents into claims and flags contradictions.
class ClaimBuilder {
 public:
  static Result<ClaimBuilder> load(const std::filesystem::path& data_dir);
  std::vector<Claim> build(const std::vector<extract::Analysis>& docs,
                           const EntityIndex& entities) const;
};

}  // namespace kabar::corpus
