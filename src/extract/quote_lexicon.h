#pragma once
// Private: the word lists of the quotes annotator (data/quotes/*), and small string helpers.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/extract/quotes.h"

namespace kabar::extract {

struct SvHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using WordSet = std::unordered_set<std::string, SvHash, std::equal_to<>>;
template <class V>
using WordMap = std::unordered_map<std::string, V, SvHash, std::equal_to<>>;

/// How a cue word introduces speech (data/quotes/speech_verbs.tsv, column 2).
enum class CueClass : uint8_t { kInv, kInvPron, kSvo, kSvoObj, kSvoBahwa, kMenurut, kMenurutPron, kWire, kRel };

/// Multi-word phrases (lower-case, single spaces) matched on token sequences.
struct PhraseTable {
  WordMap<std::string> phrases;  ///< phrase → value (canonical role for titles)
  WordSet first_words;
  size_t max_words = 1;
  void add(std::string phrase, std::string value);
};

struct QuoteExtractor::Lexicon {
  WordMap<CueClass> cues;
  WordMap<uint8_t> object_min;  ///< svo_obj verbs: words an object needs to be a statement (default 4)
  WordSet pronouns;
  WordSet collective_heads;
  PhraseTable source_heads;  ///< "laporan", "kantor berita": dropped before the speaker
  PhraseTable wire_leadins;  ///< "dikutip dari", "seperti dilaporkan": "<lead-in> X, CLAUSE" cites X
  WordSet speaker_stops;
  WordSet subject_stops;
  WordSet subject_skip;
  WordSet clause_breaks;
  WordSet coordinators;
  WordSet abbreviations;
  WordSet verb_blockers;
  WordSet subject_blockers;
  WordSet time_words;        ///< trailing adverbials skipped before a relative "yang"
  WordSet np_heads;          ///< lower-case words that may extend a speaker noun phrase leftwards
  WordSet clause_markers;    ///< words showing that an object is a clause ("akan", "sudah")
  WordSet object_ends;       ///< place/time adjuncts that end an object noun phrase ("di", "kemarin")
  WordSet subordinators;     ///< "saat", "ketika": a subordinate clause before a speech verb
  WordSet adverbs;           ///< "pernah", "juga": may stand between a negation and the verb
  WordSet skip_determiners;  ///< "itu", "ini" after a connective ("Selain itu") or a source noun
  WordSet non_cue_compounds; ///< "kata sandi": a cue word followed by these words is no cue
  WordSet inverted_leadins;  ///< "demikian": may stand between the comma and an inverted cue
  WordSet body_nouns;        ///< "lembaga", "badan": generic nouns for a body (anaphora, descriptions)
  WordSet thing_objects;     ///< "wilayah", "pulau": an object headed by these is a thing, not a statement
  WordSet statement_objects; ///< "potensi", "ancaman": an object headed by these is a statement
  WordSet subject_clitics;   ///< "nya": a possessed noun opening an object is a clause's subject
                             ///< ("timnya kalah …")
  WordSet partial_cues;      ///< "disebutnya": a passive report verb right before a partial quote
  WordSet partial_links;     ///< "sebagai": may stand between a partial cue and the quote mark
  WordSet verb_prefixes;     ///< "me", "ber": a one-word partial quote with these is a verb
  WordSet ranks;             ///< "akp", "letkol": police and military ranks right before a name
  WordSet prepositions;      ///< "kepada", "dengan": cannot open a predicate after a determiner
  WordSet org_heads;  ///< "bank", "universitas": a capitalised run they open is a body, then a name
  WordMap<char> descriptors;  ///< "pria" → 'm', "perempuan" → 'f', "warga" → '-' (descriptors.tsv)
  WordMap<std::vector<std::string>> role_nouns;  ///< head noun → compatible titles (lower)
  PhraseTable titles;      ///< title phrase → canonical role (lower)
  PhraseTable qualifiers;  ///< places / bodies between a title and a name
};

/// Loads the lexicon from `data_dir`; Error names the failing file.
Result<QuoteExtractor::Lexicon> load_quote_lexicon(const std::filesystem::path& data_dir);

/// ASCII lower-case copy (same length, so offsets are shared).
std::string ascii_lower(std::string_view s);

}  // namespace kabar::extract
