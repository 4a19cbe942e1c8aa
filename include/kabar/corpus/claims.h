#pragma once
#include <filesystem>
#include <memory>
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
  std::optional<std::string> source;  ///< who claims it (claimant, else the document's outlet)
  std::optional<std::string> date;    ///< ISO date it refers to
  std::string text;                   ///< the sentence or phrase stating it
  std::string phrase;                 ///< the quantity as written ("sekitar 10.000 tentara")
  int part_of = -1;  ///< index into Claim::values of the figure this one is a part of
                     ///< ("sekitar 8.000 [of them] … ke wilayah Kursk"), else -1
};

/// Quantities from one or more documents that measure the same thing.
struct Claim {
  std::string id;     ///< "C1", "C2"… in order of first document
  std::string topic;  ///< short label ("tentara Korea Utara")
  std::string unit;   ///< canonical counted noun after synonyms ("tentara")
  /// True when two values (neither a part of another) cannot both hold given their qualifiers:
  /// intervals exact ±2 %, approx ±15 %, at_least [v,∞), more_than (v,∞), at_most [0,v],
  /// less_than [0,v), range [v,max] (vague ones included) do not overlap.
  bool conflict = false;
  /// True when the claim conflicts only across time: every incompatible pair is dated ≥ 30 days
  /// apart, so the figures read as a change over time (a rise from 10.000 in 2024 to 14.000 in
  /// 2025) rather than a contradiction at one moment. Implies `conflict`.
  bool evolution = false;
  std::vector<ClaimValue> values;  ///< ordered by date (undated last), then document, then quantity
};

/// Groups comparable quantities across documents into claims and flags contradictions.
/// Immutable after load(); thread-safe.
class ClaimBuilder {
 public:
  /// Loads `data_dir`/quantities/synonyms.tsv; the Error names the file.
  static Result<ClaimBuilder> load(const std::filesystem::path& data_dir);

  /// Groups the count quantities of `docs` that measure the same thing: the same counted noun
  /// after synonyms (tentara = pasukan = prajurit = personel = serdadu) and a shared place or
  /// entity in the unit phrase or, failing that, the sentence ("Korea Utara"). A claim needs at
  /// least two values from two documents, or a conflict inside one document. Uses the entity
  /// layer and `entities` when present, capitalised words otherwise. Figures of documents in
  /// different stories (`story_of`: story index per document, -1 or empty when unknown) or with
  /// different predicates nearby (meninggal / mengungsi / hilang…) are never grouped.
  std::vector<Claim> build(const std::vector<extract::Analysis>& docs, const EntityIndex& entities,
                           const std::vector<int>& story_of = {}) const;

  struct Lexicon;  // defined in src/corpus/claims.cpp

 private:
  std::shared_ptr<const Lexicon> lex_;
};

/// One value as a person reads it: "≈10.000", "≥8.000", "≤30.000", ">5", "<7", "3.000–5.000",
/// "10.000" (Indonesian digit grouping).
std::string format_claim_value(const ClaimValue& v);

/// The recommended text table for `kabar claims`: one header line per claim
/// (`C1  tentara Korea Utara  [conflict, evolution]  3 documents`), then one line per value:
/// date, value, source, document (its `doc_labels` entry, e.g. the path), the phrase.
std::string format_claims_table(const std::vector<Claim>& claims,
                                const std::vector<std::string>& doc_labels);

}  // namespace kabar::corpus
