#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kabar/corpus/corpus.h"
#include "kabar/extract/analysis.h"

namespace kabar::corpus {

/// The JSON object of one document per ../shared/spec/output.md (the `documents[]` item).
/// `entity_of_mention` maps its entity mentions to corpus clusters (may be empty: no ids).
nlohmann::json document_json(const extract::Analysis& a, const EntityIndex* entities, int doc_index);

/// The whole corpus object per ../shared/spec/output.md: documents, entities, stories, claims.
nlohmann::json corpus_json(const std::vector<extract::Analysis>& docs, const CorpusAnalysis& corpus);

/// The corpus-level part of the corpus object (entities, stories, claims, duplicates; no
/// `documents`), with documents named by `ids` (content id per corpus document index).
nlohmann::json corpus_parts_json(const CorpusAnalysis& corpus, const std::vector<std::string>& ids);

/// Canonical speaker of quote `q` of document `doc_index`: the cluster name of its speaker
/// mention when resolved, else the speaker text as written; empty when the text does not say.
std::string canonical_speaker(const extract::Analysis& a, const EntityIndex* entities,
                              int doc_index, const extract::Quote& q, int* cluster = nullptr);
/// The same from the quote alone (its speaker and speaker_mention).
std::string canonical_speaker(const EntityIndex* entities, int doc_index, const extract::Quote& q,
                              int* cluster = nullptr);

}  // namespace kabar::corpus
