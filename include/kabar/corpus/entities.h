#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/extract/analysis.h"

namespace kabar::corpus {

/// One real-world referent with every surface variant the corpus uses for it.
struct EntityCluster {
  std::string id;    ///< "E1", "E2"… in order of first appearance in the corpus
  std::string name;  ///< canonical name: the gazetteer's when it matches, else the most
                     ///< frequent of the longest (most words) surface forms
  extract::EntityType type = extract::EntityType::kMisc;
  std::vector<std::string> variants;   ///< other surface forms, sorted, without `name`
  std::vector<std::string> documents;  ///< document ids, in corpus order
  int mentions = 0;
  std::optional<std::string> role;     ///< role the texts give a person (most frequent)
  std::optional<std::string> country;  ///< country a capital or seat of power stands for
                                       ///< (Pyongyang, Kremlin → Korea Utara, Rusia)
  std::optional<std::string> kind;     ///< gazetteer kind when matched (country, capital, media…)
};

/// Entities of the corpus and, for every document and mention, its cluster index (or -1).
struct EntityIndex {
  std::vector<EntityCluster> clusters;
  std::vector<std::vector<int>> of_mention;  ///< [document][entity mention] → cluster or -1
};

/// One document's input to entity resolution: its content id and entity mentions (not owned;
/// must outlive the resolve() call; null reads as no mentions).
struct DocMentions {
  std::string id;
  const std::vector<extract::EntityMention>* mentions = nullptr;
};

/// What resolution reads of each distinct mention text and type (its cleaned surface, fold key,
/// gazetteer entry, acronyms), kept across EntityResolver::resolve() calls: a corpus that grows a
/// batch at a time keeps one, so each distinct name is normalised once, not at every batch.
/// Valid for the resolver it was used with (another resolver starts it afresh). Not thread-safe.
class MentionForms {
 public:
  MentionForms();
  ~MentionForms();
  MentionForms(MentionForms&&) noexcept;
  MentionForms& operator=(MentionForms&&) noexcept;
  /// Distinct forms held.
  size_t size() const;

  struct Form;  // defined in src/corpus/entities.cpp
  struct Impl;

 private:
  friend class EntityResolver;
  std::unique_ptr<Impl> impl_;
};

/// Cross-document entity resolution. Mentions are merged when they are
///  1. variants of one gazetteer entry (data/gazetteer/entities.tsv: AS = Amerika Serikat,
///     Moskow = Moskwa, PBB = Perserikatan Bangsa-Bangsa, Korut = Korea Utara),
///  2. equal after transliteration folding (data/gazetteer/fold.tsv: Sergei/Sergey Lavrov,
///     Kim Jong-un/Kim Jong Un, Zelensky/Zelenskyy) with leading titles (roles.tsv) and
///     honorifics (honorifics.txt) dropped,
///  3. an all-capitals acronym and the one multi-word ORG/LOC/MISC name of the corpus whose
///     initials spell it,
///  4. a one-word person name and the one full name (2+ words) of the corpus whose first or
///     last word it is ("Lavrov" → Sergei Lavrov). When several full names qualify ("Kim" with
///     Kim Jong Un and Kim Yo Jong) only those named in the same document count; among them
///     the one named most recently before the mention wins, else the most frequent in the
///     document, else the first named; with none in the document the mention stays apart.
/// PER never merges with ORG/LOC/MISC; ORG, LOC and MISC forms of one name merge (Kremlin as
/// ORG or LOC). Deterministic; thread-safe after load().
class EntityResolver {
 public:
  /// Loads `data_dir`/gazetteer/entities.tsv, fold.tsv, roles.tsv and honorifics.txt (the last
  /// three optional). The Error names the file and the bad line.
  static Result<EntityResolver> load(const std::filesystem::path& data_dir);

  /// Clusters the entity mentions of `docs`; of_mention has one row per document and one
  /// entry per mention (-1 only for mentions with no letters or digits).
  /// Runs from each document's mentions alone, so a corpus can be resolved from stored
  /// per-document records without re-analysing it.
  EntityIndex resolve(const std::vector<DocMentions>& docs) const;

  /// The same, reading and growing `forms` (identical output; the cost of a call is then a look-up
  /// per mention for names seen before, plus the corpus-wide rules over integer ids).
  EntityIndex resolve(const std::vector<DocMentions>& docs, MentionForms& forms) const;

  /// The same over analysed documents (their doc.id and entities); identical output.
  EntityIndex resolve(const std::vector<extract::Analysis>& docs) const;

  /// The comparison key of a name: lower-case, titles and honorifics dropped, transliteration
  /// folded ("Menlu Sergey Lavrov" → "sergei lavrov").
  std::string fold(std::string_view name) const;

  struct Model;  // defined in src/corpus/entities.cpp

 private:
  std::shared_ptr<const Model> model_;
};

/// Compact binary encoding of one document's mentions, appended to `out`: a string table, then
/// per mention its span (start as a delta from the previous mention), type, text, role,
/// linked_country, role_span and from_gazetteer. Not kept: `score` (decodes as 1.0), which no
/// cross-document step reads. Versionless: the record that holds it carries the version.
void encode_mentions(const std::vector<extract::EntityMention>& m, std::string& out);

/// Decodes what encode_mentions wrote at the front of `in`, replacing `m` and consuming the bytes
/// read. False on truncated or malformed input (then `in` is unchanged and `m` unspecified);
/// never allocates more than the input's size can justify.
bool decode_mentions(std::string_view& in, std::vector<extract::EntityMention>& m);

}  // namespace kabar::corpus
