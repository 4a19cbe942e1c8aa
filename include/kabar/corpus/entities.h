#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/extract/analysis.h"

namespace kabar::corpus {

/// One real-world referent with every surface variant the corpus uses for it.
struct EntityCluster {
  std::string id;    ///< "E1", "E2"… in order of first appearance in the corpus
  std::string name;  ///< canonical name (longest well-formed full name)
  extract::EntityType type = extract::EntityType::kMisc;
  std::vector<std::string> variants;   ///< other surface forms, sorted, without `name`
  std::vector<std::string> documents;  ///< document ids, in corpus order
  int mentions = 0;
  std::optional<std::string> role;     ///< role the texts give a person
  std::optional<std::string> country;  ///< country a capital stands for (metonymy)
};

/// Entities of the corpus and, for every document and mention, its cluster index (or -1).
struct EntityIndex {
  std::vector<EntityCluster> clusters;
  std::vector<std::vector<int>> of_mention;  ///< [document][entity mention] → cluster or -1
};

/// Cross-document entity resolution (surnames, transliterations, abbreviations, roles).
class EntityResolver {
 public:
  static Result<EntityResolver> load(const std::filesystem::path& data_dir);
  EntityIndex resolve(const std::vector<extract::Analysis>& docs) const;
};

}  // namespace kabar::corpus
