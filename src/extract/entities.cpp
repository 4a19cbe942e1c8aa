// Entity annotator: the trained NER model per sentence, gazetteer acronyms, roles, capitals.
#include "kabar/extract/entities.h"

#include <algorithm>

#include "kabar/core/hash.h"
#include "kabar/core/utf8.h"

namespace kabar::extract {

namespace {

// Longest role phrase that ends right before token `p`, possibly followed by one ORG/LOC
// complement ("Menteri Luar Negeri Rusia", "Juru bicara Kremlin"). Returns the first token of
// the role, or -1.
struct Chunk {
  size_t start, end;
  EntityType type;
};

constexpr size_t kMaxRoleReach = 10;

bool complement_at(const NerLexicon& lex, std::span<const std::string_view> lower,
                   const std::vector<Chunk>& chunks, size_t from, size_t to) {
  for (const Chunk& c : chunks) {
    if (c.start == from && c.end == to && c.type != EntityType::kPer) return true;
  }
  const std::vector<NerLexicon::Entry>* entries = nullptr;
  if (lex.match_entity(lower, from, &entries) == to - from) {
    for (const auto& e : *entries) {
      if (e.type == EntityType::kOrg || e.type == EntityType::kLoc) return true;
    }
  }
  return false;
}

long role_start(const NerLexicon& lex, std::span<const std::string_view> lower,
                const std::vector<Chunk>& chunks, size_t p) {
  const size_t lo = p > kMaxRoleReach ? p - kMaxRoleReach : 0;
  for (size_t j = lo; j < p; ++j) {
    const size_t len = lex.match_role(lower, j, nullptr);
    if (!len) continue;
    const size_t e = j + len;
    if (e == p) return long(j);
    if (e < p && complement_at(lex, lower, chunks, e, p)) return long(j);
  }
  return -1;
}

bool role_ends_at(const NerLexicon& lex, std::span<const std::string_view> lower, size_t p) {
  for (size_t j = p > kMaxRoleReach ? p - kMaxRoleReach : 0; j < p; ++j)
    if (lex.match_role(lower, j, nullptr) == p - j) return true;
  return false;
}

// Capitalisation bucket of a word learnt from raw news (0: almost never capitalised inside a
// sentence … 4: almost always; 5: seen only sentence-initially), -1 when unknown.
int cap_bucket(const NerLexicon& lex, std::string_view lower) {
  const uint8_t c = lex.word_class(hash64(lower));
  return c ? (c - 1) / 8 : -1;
}

// A word that can be part of a person's name: capitalised (not an acronym), usually capitalised
// in news, not a role and not the start of a known place or body.
bool name_word(const NerLexicon& lex, std::span<const std::string_view> words,
               std::span<const std::string_view> lower, size_t i) {
  const std::string_view w = words[i];
  if (w.empty() || !utf8::starts_upper(w)) return false;
  size_t upper = 0;
  for (char ch : w) upper += ch >= 'A' && ch <= 'Z';
  if (upper == w.size() && w.size() > 1) return false;
  const int b = cap_bucket(lex, lower[i]);
  if (b >= 0 && (b < 3 || b > 4)) return false;
  if (lex.match_role(lower, i, nullptr)) return false;
  const std::vector<NerLexicon::Entry>* entries = nullptr;
  if (lex.match_entity(lower, i, &entries)) {
    for (const auto& e : *entries)
      if (e.type != EntityType::kPer) return false;
  }
  return true;
}

// "Jabatan Organisasi Nama": a role followed by an organisation or place chunk that swallowed
// the name after it ("Direktur Utama [Perumda Tirta Parahyangan Dadang Suherman]"). The body
// ends where a known entity ends (tail of 2-3 name words), or, for an unknown body of 5+ words,
// before its last two name words. Nothing changes when a person chunk follows.
void split_role_body_person(const NerLexicon& lex, std::span<const std::string_view> words,
                            std::span<const std::string_view> lower, std::vector<Chunk>& chunks) {
  for (size_t k = 0; k < chunks.size(); ++k) {
    const Chunk c = chunks[k];
    if (c.type != EntityType::kOrg && c.type != EntityType::kLoc) continue;
    const size_t n = c.end - c.start;
    if (n < 2 || !role_ends_at(lex, lower, c.start)) continue;
    if (k + 1 < chunks.size() && chunks[k + 1].start == c.end &&
        chunks[k + 1].type == EntityType::kPer)
      continue;
    const std::vector<NerLexicon::Entry>* entries = nullptr;
    const size_t known = lex.match_entity(lower, c.start, &entries);
    size_t cut = 0;
    if (known > 0 && known + 2 <= n && n - known <= 3)
      cut = c.start + known;
    else if (known == 0 && n >= 5)
      cut = c.end - 2;
    if (!cut) continue;
    bool names = true;
    for (size_t i = cut; i < c.end && names; ++i) names = name_word(lex, words, lower, i);
    if (!names) continue;
    chunks[k].end = cut;
    chunks.insert(chunks.begin() + long(k) + 1, Chunk{cut, c.end, EntityType::kPer});
    ++k;
  }
}

// "Ketua [Kelompok] [Tani Sri Rejeki]": a person chunk that opens with a capitalised common
// word, right after another capitalised common word that itself follows a role, is the name of
// a body headed by that word (not "Direktur Jenderal Pajak [Bimo Wijayanto]").
void merge_body_head_person(const NerLexicon& lex, std::span<const std::string_view> words,
                            std::span<const std::string_view> lower, std::vector<Chunk>& chunks) {
  for (size_t k = 0; k < chunks.size(); ++k) {
    Chunk& c = chunks[k];
    if (c.type != EntityType::kPer || c.start < 2) continue;
    const size_t p = c.start - 1;
    if (k > 0 && chunks[k - 1].end > p) continue;
    if (words[p].empty() || !utf8::starts_upper(words[p])) continue;
    const int b = cap_bucket(lex, lower[p]);
    if (b < 0 || b > 2 || lex.match_role(lower, p, nullptr) || !role_ends_at(lex, lower, p))
      continue;
    if (name_word(lex, words, lower, c.start)) continue;
    c.start = p;
    c.type = EntityType::kOrg;
  }
}

}  // namespace

Result<EntityRecognizer> EntityRecognizer::load(const std::filesystem::path& data_dir) {
  auto lexicon = NerLexicon::load(data_dir);
  if (!lexicon) return lexicon.error();
  auto model = NerModel::load(data_dir / "models" / "ner.bin");
  if (!model) return model.error();
  EntityRecognizer r;
  r.model_ = std::make_shared<const NerModel>(std::move(*model));
  r.lexicon_ = std::make_shared<const NerLexicon>(std::move(*lexicon));
  return r;
}

namespace {
NerScratch& scratch() {
  thread_local NerScratch s;
  return s;
}
}  // namespace

void EntityRecognizer::tag(std::span<const std::string_view> words, std::vector<uint8_t>& tags,
                           std::vector<float>* confidence) const {
  tags.clear();
  if (!model_) return;
  NerScratch& s = scratch();
  model_->tag(words, *lexicon_, s, tags, confidence, NerDomain::kGeneral);
  ner_split_merges(words, *lexicon_, s, tags);
  ner_gazetteer_extend(words, *lexicon_, s, tags);
  ner_gazetteer_fill(words, *lexicon_, s, tags);
}

void EntityRecognizer::annotate(const Analysis& in, std::vector<EntityMention>& out) const {
  out.clear();
  if (!model_) return;
  const std::string_view text = in.doc.text;
  const auto& toks = in.text.tokens;
  std::vector<text::Sentence> whole;
  const std::vector<text::Sentence>* sentences = &in.text.sentences;
  if (sentences->empty() && !toks.empty()) {
    whole.push_back({{toks.front().start, toks.back().end}, 0, uint32_t(toks.size()), 0});
    sentences = &whole;
  }
  thread_local std::vector<std::string_view> words;
  thread_local std::vector<uint8_t> tags;
  thread_local std::vector<float> conf;
  thread_local std::vector<Chunk> chunks;
  thread_local std::vector<uint8_t> model_tags;
  thread_local std::vector<bool> from_gaz;
  NerScratch& s = scratch();
  for (const text::Sentence& sen : *sentences) {
    const size_t first = std::min<size_t>(sen.first_token, toks.size());
    const size_t end = std::min<size_t>(sen.end_token, toks.size());
    if (first >= end) continue;
    words.clear();
    for (size_t i = first; i < end; ++i) {
      const auto& t = toks[i];
      words.push_back(t.end <= text.size() && t.start <= t.end ? t.in(text) : std::string_view());
    }
    model_->tag(words, *lexicon_, s, tags, &conf, NerDomain::kGeneral);
    ner_split_merges(words, *lexicon_, s, tags);
    model_tags = tags;
    ner_gazetteer_extend(words, *lexicon_, s, tags);
    ner_gazetteer_fill(words, *lexicon_, s, tags);
    from_gaz.assign(tags.size(), false);
    for (size_t i = 0; i < tags.size(); ++i) from_gaz[i] = tags[i] != model_tags[i];
    const std::span<const std::string_view> lower(s.lower.data(), words.size());
    // Chunks (conlleval: a stray I- starts a chunk).
    chunks.clear();
    for (size_t i = 0; i < tags.size();) {
      if (tags[i] == kTagO) {
        ++i;
        continue;
      }
      const EntityType type = ner_type(tags[i]);
      size_t j = i + 1;
      while (j < tags.size() && tags[j] == ner_inside(type)) ++j;
      chunks.push_back({i, j, type});
      i = j;
    }
    split_role_body_person(*lexicon_, words, lower, chunks);
    merge_body_head_person(*lexicon_, words, lower, chunks);
    for (Chunk c : chunks) {
      std::optional<std::string> role;
      std::optional<Span> role_span;
      if (c.type == EntityType::kPer) {
        // A role phrase tagged inside the person ("Presiden Joko Widodo"): split it off.
        const size_t rl = lexicon_->match_role(lower, c.start, nullptr);
        if (rl && c.start + rl < c.end) {
          role_span = Span{toks[first + c.start].start, toks[first + c.start + rl - 1].end};
          c.start += rl;
        } else {
          const long r = role_start(*lexicon_, lower, chunks, c.start);
          if (r >= 0) {
            role_span = Span{toks[first + size_t(r)].start, toks[first + c.start - 1].end};
          }
        }
        if (role_span) role = std::string(role_span->in(text));
      }
      EntityMention m;
      m.span = {toks[first + c.start].start, toks[first + c.end - 1].end};
      m.type = c.type;
      m.text = std::string(text.substr(m.span.start, m.span.end - m.span.start));
      m.role = std::move(role);
      m.role_span = role_span;
      m.from_gazetteer = from_gaz[c.start];
      float score = 1.0f;
      for (size_t k = c.start; k < c.end && k < conf.size(); ++k) score = std::min(score, conf[k]);
      m.score = score;
      if (c.type == EntityType::kLoc) {
        const std::vector<NerLexicon::Entry>* entries = nullptr;
        if (lexicon_->match_entity(lower, c.start, &entries) == c.end - c.start) {
          for (const auto& e : *entries) {
            if (e.kind == "capital" && !e.country.empty()) {
              m.linked_country = e.country;
              break;
            }
          }
        }
      }
      // A sign-off of initials at the end ("[SB]", "(bbn)") is provenance, not an organisation.
      if (in.provenance.initials && in.provenance.initials->find(m.text) != std::string::npos &&
          m.span.start + in.provenance.initials->size() + 8 >= text.size()) {
        continue;
      }
      out.push_back(std::move(m));
    }
  }
}

}  // namespace kabar::extract
