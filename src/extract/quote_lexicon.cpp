#include "quote_lexicon.h"

#include <algorithm>

#include "kabar/core/data_dir.h"

namespace kabar::extract {

namespace fs = std::filesystem;

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  }
  return out;
}

static std::string normalise_phrase(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c);
  }
  return out;
}

void PhraseTable::add(std::string phrase, std::string value) {
  phrase = normalise_phrase(phrase);
  if (phrase.empty()) return;
  size_t words = 1 + size_t(std::count(phrase.begin(), phrase.end(), ' '));
  max_words = std::max(max_words, words);
  first_words.insert(phrase.substr(0, phrase.find(' ')));
  phrases.emplace(std::move(phrase), normalise_phrase(value));
}

static Status load_set(const fs::path& file, WordSet& out) {
  auto lines = read_lines(file);
  if (!lines) return lines.error();
  for (auto& l : *lines) out.insert(normalise_phrase(l));
  return Ok{};
}

Result<QuoteExtractor::Lexicon> load_quote_lexicon(const fs::path& data_dir) {
  QuoteExtractor::Lexicon lex;
  const fs::path dir = data_dir / "quotes";
  {
    auto lines = read_lines(dir / "speech_verbs.tsv");
    if (!lines) return lines.error();
    for (const auto& l : *lines) {
      auto f = split(l, '\t');
      if (f.size() < 2) return Error{(dir / "speech_verbs.tsv").string() + ": expected form<TAB>class in '" + l + "'"};
      CueClass c;
      if (f[1] == "inv") c = CueClass::kInv;
      else if (f[1] == "inv_pron") c = CueClass::kInvPron;
      else if (f[1] == "svo") c = CueClass::kSvo;
      else if (f[1] == "svo_obj") c = CueClass::kSvoObj;
      else if (f[1] == "svo_bahwa") c = CueClass::kSvoBahwa;
      else if (f[1] == "rel") c = CueClass::kRel;
      else if (f[1] == "menurut") c = CueClass::kMenurut;
      else if (f[1] == "menurut_pron") c = CueClass::kMenurutPron;
      else if (f[1] == "wire") c = CueClass::kWire;
      else return Error{(dir / "speech_verbs.tsv").string() + ": unknown class '" + f[1] + "'"};
      std::string form = normalise_phrase(f[0]);
      if (f.size() >= 3 && !f[2].empty()) {
        // Optional third column: how many words an object needs to be a statement.
        const std::string& n = f[2];
        if (n.size() != 1 || n[0] < '1' || n[0] > '9')
          return Error{(dir / "speech_verbs.tsv").string() + ": object word count must be 1-9 in '" + l + "'"};
        lex.object_min.emplace(form, static_cast<uint8_t>(n[0] - '0'));
      }
      lex.cues.emplace(std::move(form), c);
    }
  }
  struct SetFile {
    const char* name;
    WordSet* set;
  };
  for (const SetFile& s : {SetFile{"pronouns.txt", &lex.pronouns}, {"collective_heads.txt", &lex.collective_heads},
                           {"speaker_stops.txt", &lex.speaker_stops}, {"time_words.txt", &lex.time_words},
                           {"np_heads.txt", &lex.np_heads}, {"clause_markers.txt", &lex.clause_markers},
                           {"object_ends.txt", &lex.object_ends}, {"subordinators.txt", &lex.subordinators},
                           {"adverbs.txt", &lex.adverbs}, {"skip_determiners.txt", &lex.skip_determiners},
                           {"non_cue_compounds.txt", &lex.non_cue_compounds},
                           {"subject_stops.txt", &lex.subject_stops}, {"subject_skip.txt", &lex.subject_skip},
                           {"clause_breaks.txt", &lex.clause_breaks}, {"coordinators.txt", &lex.coordinators},
                           {"abbreviations.txt", &lex.abbreviations},
                           {"inverted_leadins.txt", &lex.inverted_leadins}, {"body_nouns.txt", &lex.body_nouns},
                           {"thing_objects.txt", &lex.thing_objects},
                           {"statement_objects.txt", &lex.statement_objects},
                           {"subject_clitics.txt", &lex.subject_clitics}, {"partial_cues.txt", &lex.partial_cues},
                           {"partial_links.txt", &lex.partial_links}, {"verb_prefixes.txt", &lex.verb_prefixes},
                           {"ranks.txt", &lex.ranks},
                           {"org_heads.txt", &lex.org_heads}, {"prepositions.txt", &lex.prepositions},
                           {"verb_blockers.txt", &lex.verb_blockers}, {"subject_blockers.txt", &lex.subject_blockers}}) {
    if (auto st = load_set(dir / s.name, *s.set); !st) return st.error();
  }
  {
    auto lines = read_lines(dir / "role_nouns.tsv");
    if (!lines) return lines.error();
    for (const auto& l : *lines) {
      auto f = split(l, '\t');
      if (f.size() < 2) return Error{(dir / "role_nouns.tsv").string() + ": expected noun<TAB>titles in '" + l + "'"};
      auto& v = lex.role_nouns[normalise_phrase(f[0])];
      for (auto& t : split(f[1], '|')) {
        if (!t.empty()) v.push_back(normalise_phrase(t));
      }
    }
  }
  {
    auto lines = read_lines(dir / "descriptors.tsv");
    if (!lines) return lines.error();
    for (const auto& l : *lines) {
      auto f = split(l, '\t');
      if (f.size() < 2 || f[0].empty() || f[1].size() != 1 || (f[1] != "m" && f[1] != "f" && f[1] != "-"))
        return Error{(dir / "descriptors.tsv").string() + ": expected noun<TAB>m|f|- in '" + l + "'"};
      lex.descriptors.emplace(normalise_phrase(f[0]), f[1][0] == '-' ? '\0' : f[1][0]);
    }
  }
  auto load_titles = [&](const fs::path& file, bool required) -> Status {
    std::error_code ec;
    if (!required && !fs::exists(file, ec)) return Ok{};
    auto lines = read_lines(file);
    if (!lines) return lines.error();
    for (const auto& l : *lines) {
      auto f = split(l, '\t');
      if (f.empty() || f[0].empty()) continue;
      lex.titles.add(f[0], f.size() > 1 && !f[1].empty() ? f[1] : f[0]);
    }
    return Ok{};
  };
  if (auto st = load_titles(dir / "titles.tsv", true); !st) return st.error();
  if (auto st = load_titles(data_dir / "gazetteer" / "roles.tsv", false); !st) return st.error();
  {
    auto lines = read_lines(dir / "source_heads.txt");
    if (!lines) return lines.error();
    for (const auto& l : *lines) lex.source_heads.add(l, l);
  }
  {
    auto lines = read_lines(dir / "wire_leadins.txt");
    if (!lines) return lines.error();
    for (const auto& l : *lines) lex.wire_leadins.add(l, l);
  }
  {
    auto lines = read_lines(dir / "qualifiers.txt");
    if (!lines) return lines.error();
    for (const auto& l : *lines) lex.qualifiers.add(l, l);
  }
  // Place and organisation names of the shared gazetteer, when present, are qualifiers too.
  const fs::path ents = data_dir / "gazetteer" / "entities.tsv";
  std::error_code ec;
  if (fs::exists(ents, ec)) {
    auto lines = read_lines(ents);
    if (lines) {
      for (const auto& l : *lines) {
        auto f = split(l, '\t');
        if (f.size() < 2 || (f[0] != "LOC" && f[0] != "ORG")) continue;
        lex.qualifiers.add(f[1], f[1]);
        if (f.size() > 2) {
          for (auto& v : split(f[2], '|')) {
            if (!v.empty()) lex.qualifiers.add(v, f[1]);
          }
        }
      }
    }
  }
  return lex;
}

}  // namespace kabar::extract
