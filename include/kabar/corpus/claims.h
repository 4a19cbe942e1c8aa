#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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

/// What claims need of one count quantity of one document, computed from that document alone
/// (ClaimBuilder::candidates), so claims can be rebuilt from stored per-document records.
struct ClaimCandidate {
  int quantity = -1;  ///< index into the document's quantities
  double value = 0;
  std::optional<double> value_max;
  extract::Qualifier qualifier = extract::Qualifier::kExact;
  int antecedent = -1;     ///< Quantity::antecedent: the quantity whose noun it borrows, else -1
  std::string head;        ///< canonical counted noun after synonyms and classifiers ("tentara")
  std::string unit;        ///< the counted noun phrase as written ("tentara Korea Utara")
  std::string predicate;   ///< canonical predicate nearby (meninggal, mengungsi…), else empty
  std::optional<std::string> source;  ///< claimant, else the document's outlet
  std::optional<std::string> date;    ///< ISO date the figure refers to
  std::string text;                   ///< its sentence, trimmed
  std::string phrase;                 ///< the quantity as written, trimmed
  /// What it is about, lower-case, sorted and unique: names and linked countries of the entity
  /// mentions in the unit phrase / elsewhere in the sentence (or capitalised words when the
  /// document has no entity layer).
  std::vector<std::string> unit_names, sentence_names;
  /// Indexes into the document's entity mentions, in the unit phrase / elsewhere in the
  /// sentence: grouping adds their corpus clusters' names and countries (EntityIndex::of_mention).
  std::vector<int> unit_mentions, sentence_mentions;
  friend bool operator==(const ClaimCandidate&, const ClaimCandidate&) = default;
};

/// The grouping state of a corpus that grows a batch at a time, kept between ClaimBuilder::group()
/// calls: per counted noun (figures of different nouns are never grouped together) the input of
/// the last call — its figures by (document, candidate), their stories (compared only for
/// equality, so renumbered stories read the same) and their names as ids — and the claims it
/// gave, so a call groups again only the nouns whose figures, stories or entity names changed.
/// Holds for a corpus whose documents keep their index and candidates between calls (documents
/// are only appended, as in CorpusState). Valid for the builder it was used with (another
/// builder starts it afresh). Not thread-safe.
class ClaimGroups {
 public:
  ClaimGroups();
  ~ClaimGroups();
  ClaimGroups(ClaimGroups&&) noexcept;
  ClaimGroups& operator=(ClaimGroups&&) noexcept;
  /// Nouns the last group() call grouped again (the others reused their claims).
  size_t regrouped() const;

  struct Impl;

 private:
  friend class ClaimBuilder;
  std::unique_ptr<Impl> impl_;
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
  /// Exactly group() over candidates() of each document.
  std::vector<Claim> build(const std::vector<extract::Analysis>& docs, const EntityIndex& entities,
                           const std::vector<int>& story_of = {}) const;

  /// The claim candidates of one document: its count quantities with a counted noun and a value
  /// above zero, in quantity order. Needs nothing from the rest of the corpus.
  std::vector<ClaimCandidate> candidates(const extract::Analysis& doc) const;

  /// Groups the candidates of the corpus documents (`per_document[d]`, null = none; document d is
  /// row d of `entities.of_mention` and of `story_of`, and ClaimValue::document) into claims, as
  /// build() does: the batch step of an incremental corpus, run from stored candidates. Cost:
  /// one visit per pair of candidates with the same counted noun and the same (or an unknown)
  /// story, so unknown stories make it quadratic in the candidates of a noun; the names of a pair
  /// are compared only when the two are not in one group yet.
  std::vector<Claim> group(const std::vector<const std::vector<ClaimCandidate>*>& per_document,
                           const EntityIndex& entities, const std::vector<int>& story_of = {}) const;

  /// The same, reading and updating `groups` (identical output, see ClaimGroups for the
  /// condition): only the nouns whose input differs from the last call's are grouped again.
  /// Cost: building the input (a look-up per name of every candidate) plus grouping the changed
  /// nouns; pairs already in one group are not compared again.
  std::vector<Claim> group(const std::vector<const std::vector<ClaimCandidate>*>& per_document,
                           const EntityIndex& entities, const std::vector<int>& story_of,
                           ClaimGroups& groups) const;

  struct Lexicon;  // defined in src/corpus/claims.cpp

 private:
  std::shared_ptr<const Lexicon> lex_;
};

/// Compact binary encoding of one document's candidates, appended to `out` (a string table, then
/// varints). Versionless: the record that holds it carries the version.
void encode_candidates(const std::vector<ClaimCandidate>& c, std::string& out);

/// Decodes what encode_candidates wrote at the front of `in`, replacing `c` and consuming the
/// bytes read. False on truncated or malformed input (then `in` is unchanged and `c`
/// unspecified); never allocates more than the input's size can justify.
bool decode_candidates(std::string_view& in, std::vector<ClaimCandidate>& c);

/// One value as a person reads it: "≈10.000", "≥8.000", "≤30.000", ">5", "<7", "3.000–5.000",
/// "10.000" (Indonesian digit grouping).
std::string format_claim_value(const ClaimValue& v);

/// The recommended text table for `kabar claims`: one header line per claim
/// (`C1  tentara Korea Utara  [conflict, evolution]  3 documents`), then one line per value:
/// date, value, source, document (its `doc_labels` entry, e.g. the path), the phrase.
std::string format_claims_table(const std::vector<Claim>& claims,
                                const std::vector<std::string>& doc_labels);

}  // namespace kabar::corpus
