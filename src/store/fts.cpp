#include "kabar/store/fts.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <vector>

#include "kabar/core/data_dir.h"
#include "kabar/core/hash.h"
#include "kabar/core/utf8.h"
#include "kabar/lang/id/stemmer.h"
#include "kabar/text/tokenize.h"

namespace kabar::store {

namespace {

// Bump when the term rules below change: stored indexes are then rebuilt on open.
constexpr const char* kRulesVersion = "kabar-fts-1";

// The files whose contents decide the terms.
const char* const kTermFiles[] = {"text/abbreviations.txt", "text/clitic_exceptions.txt",
                                  "text/proclitic_stems.txt", "lang/id/roots.txt",
                                  "lang/id/informal.tsv"};

struct Scratch {
  std::vector<text::Token> tokens;
  std::vector<text::Token> split;  // a plain word's tokens
  std::string lower;
  char buf[64];
};

// A two-way set-associative memo in front of the tokeniser's word splitting and the stemmer:
// one hash, one cache line per set (two 32-byte slots), no allocation (the stemmer's own memo
// is a node-based map, several cache misses and a string copy per word). It holds two kinds of
// entries: a plain word (Tokenizer::PlainWord, lower-cased, with its name_like bit) → where its
// stem sits in it and the stem's root, and a term the tokeniser made otherwise → its root. A
// word found in the second slot moves to the first, a new one enters the first and pushes the
// first to the second, so frequent words stay. 32K sets (2 MB) hold the ~46,000 distinct words
// of the IndoSum dev folds; keys longer than kKeyBytes or roots longer than kRootBytes (about
// 1% of the tokens) bypass it. A memo serves one analyzer and is cleared when another uses it.
class TermMemo {
 public:
  static constexpr size_t kKeyBytes = 14, kRootBytes = 15;
  static constexpr size_t kSets = 1 << 15;
  // The low bits of a slot's tag: what its key is.
  static constexpr uint8_t kTerm = 0, kPlain = 1, kPlainNameLike = 3;

  struct Hit {
    std::string_view root;  // empty: not found
    uint8_t prefix = 0;     // plain words: bytes of proclitic before the stem (ku-, kau-)
    uint8_t suffix = 0;     // plain words: bytes of enclitics after it (-nya, -lah…)
  };

  void claim(uint64_t owner) {
    if (owner == owner_) return;
    std::fill(sets_.begin(), sets_.end(), Set{});
    owner_ = owner;
  }
  // After claim(). `kind` is one of the constants above.
  Hit find(std::string_view key, uint8_t kind, uint64_t h) {
    Slot* set = sets_[h & (kSets - 1)].slot;
    if (set[0].holds(key, kind)) return set[0].hit();
    if (set[1].holds(key, kind)) {
      std::swap(set[0], set[1]);
      return set[0].hit();
    }
    return {};
  }
  void put(std::string_view key, uint8_t kind, uint64_t h, std::string_view root,
           uint8_t prefix = 0, uint8_t suffix = 0) {
    if (key.size() > kKeyBytes || root.size() > kRootBytes || prefix > 3 || suffix > 7) return;
    Slot* set = sets_[h & (kSets - 1)].slot;
    set[1] = set[0];
    Slot& s = set[0];
    s.key_len = static_cast<uint8_t>(key.size());
    s.tag = static_cast<uint8_t>(kind | prefix << 2 | suffix << 4);
    s.root_len = static_cast<uint8_t>(root.size());
    std::memcpy(s.key, key.data(), key.size());
    std::memcpy(s.root, root.data(), root.size());
  }

 private:
  struct Slot {
    uint8_t key_len = 0, tag = 0, root_len = 0;  // key_len 0: empty (keys are never empty)
    char key[kKeyBytes];
    char root[kRootBytes];
    bool holds(std::string_view k, uint8_t kind) const {
      return key_len == k.size() && (tag & 3) == kind && std::memcmp(key, k.data(), k.size()) == 0;
    }
    Hit hit() const {
      return {{root, root_len}, static_cast<uint8_t>(tag >> 2 & 3), static_cast<uint8_t>(tag >> 4)};
    }
  };
  static_assert(sizeof(Slot) == 32);
  struct alignas(64) Set {
    Slot slot[2];
  };
  uint64_t owner_ = 0;
  std::vector<Set> sets_ = std::vector<Set>(kSets);
};

// The memo's hash of a key of up to 16 bytes held zero-padded in `k16`: two 8-byte words
// multiplied and folded (the byte-at-a-time FNV before was a chain of dependent multiplies).
uint64_t short_hash(const char* k16, size_t len) {
  uint64_t a, b;
  std::memcpy(&a, k16, 8);
  std::memcpy(&b, k16 + 8, 8);
  uint64_t h = (a ^ 0x9e3779b97f4a7c15ull) * 0xbf58476d1ce4e5b9ull;
  h ^= (b + len) * 0x94d049bb133111ebull;
  return h ^ (h >> 29) ^ (h >> 47);
}

std::atomic<uint64_t> g_next_analyzer{1};

}  // namespace

struct IndexAnalyzer::Impl {
  text::Tokenizer tokenizer;
  lang::id::Stemmer stemmer;
  std::string fingerprint;
  uint64_t id = g_next_analyzer++;  // tells the per-thread memos of two analyzers apart
};

IndexAnalyzer::IndexAnalyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexAnalyzer::~IndexAnalyzer() = default;

Result<std::shared_ptr<const IndexAnalyzer>> IndexAnalyzer::load(
    const std::filesystem::path& data_dir) {
  auto tokenizer = text::Tokenizer::load(data_dir);
  if (!tokenizer) return tokenizer.error();
  auto stemmer = lang::id::Stemmer::load(data_dir);
  if (!stemmer) return stemmer.error();
  std::string all = kRulesVersion;
  for (const char* rel : kTermFiles) {
    auto bytes = read_file(data_dir / rel);
    all += '\0';
    all += rel;
    all += '\0';
    if (bytes) all += *bytes;  // an optional file that is absent is part of the fingerprint too
  }
  auto impl =
      std::unique_ptr<Impl>(new Impl{std::move(*tokenizer), std::move(*stemmer), content_id(all)});
  return std::shared_ptr<const IndexAnalyzer>(new IndexAnalyzer(std::move(impl)));
}

Result<std::shared_ptr<const IndexAnalyzer>> IndexAnalyzer::shared(
    const std::filesystem::path& data_dir) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const IndexAnalyzer>> cache;
  std::lock_guard lock(mu);
  std::string key = data_dir.lexically_normal().string();
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  auto loaded = load(data_dir);
  if (!loaded) return loaded.error();
  cache.emplace(key, *loaded);
  return *loaded;
}

const std::string& IndexAnalyzer::fingerprint() const { return impl_->fingerprint; }

namespace {

// One for_each_term call: the text, where its terms go, and the thread's scratch and memo.
struct TermWalk {
  const IndexAnalyzer::Impl& impl;
  std::string_view text;
  bool stem;
  void* ctx;
  IndexAnalyzer::TermFn fn;
  Scratch& scratch;
  TermMemo& memo;
};

// The term of token `t` (none for punctuation, symbols and clitics), passed on.
int token_term(TermWalk& w, const text::Token& t) {
  if (t.kind != text::TokenKind::kWord && t.kind != text::TokenKind::kNumber) return 0;
  if (t.flags & (text::kCliticPrefix | text::kCliticSuffix)) return 0;
  std::string_view surface = t.in(w.text);
  while (!surface.empty() && surface.back() == '.') surface.remove_suffix(1);  // "Jl." → "jl"
  if (surface.empty()) return 0;
  // Lower-cased into a buffer in one pass (ASCII words), else through utf8::lower.
  char* buf = w.scratch.buf;
  std::string_view term;
  size_t k = 0;
  if (surface.size() <= sizeof(w.scratch.buf)) {
    for (; k < surface.size(); ++k) {
      const char c = surface[k];
      if (static_cast<unsigned char>(c) >= 0x80) break;
      buf[k] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
    }
  }
  if (k == surface.size()) {
    term = std::string_view(buf, k);
  } else {
    w.scratch.lower = utf8::lower(surface);
    term = w.scratch.lower;
  }
  if (!w.stem || t.kind != text::TokenKind::kWord) return w.fn(w.ctx, term, t.start, t.end);
  if (term.size() > TermMemo::kKeyBytes) {
    const std::string root = w.impl.stemmer.stem(term);
    return w.fn(w.ctx, root, t.start, t.end);
  }
  char k16[16] = {};
  std::memcpy(k16, term.data(), term.size());
  const uint64_t h = short_hash(k16, term.size());
  if (auto hit = w.memo.find(term, TermMemo::kTerm, h); !hit.root.empty())
    return w.fn(w.ctx, hit.root, t.start, t.end);
  const std::string root = w.impl.stemmer.stem(term);
  w.memo.put(term, TermMemo::kTerm, h, root);
  return w.fn(w.ctx, root, t.start, t.end);
}

// The terms of the tokens in `tokens`, which are then cleared.
int drain(TermWalk& w, std::vector<text::Token>& tokens) {
  for (const text::Token& t : tokens)
    if (int rc = token_term(w, t); rc != 0) return rc;
  tokens.clear();
  return 0;
}

// A plain word's term: its stem's root, remembered by the word's lower-cased letters (the
// tokeniser's split and the stemmer run once per distinct word, not once per occurrence).
int plain_word(void* p, const text::Tokenizer::PlainWord& pw, std::vector<text::Token>& before) {
  TermWalk& w = *static_cast<TermWalk*>(p);
  if (int rc = drain(w, before); rc != 0) return rc;
  const size_t len = pw.end - pw.start;
  std::vector<text::Token>& split = w.scratch.split;
  if (!w.stem || len > TermMemo::kKeyBytes) {
    split.clear();
    w.impl.tokenizer.split_plain(w.text, pw, split);
    return drain(w, split);
  }
  // The key: the letters lower-cased (ASCII letters: one bit), zero-padded to 16 bytes, built
  // in two 8-byte words when the text reaches 16 bytes on (byte stores read back as words
  // would stall the hash on store forwarding).
  alignas(8) char k16[16];
  const char* letters = w.text.data() + pw.start;
  if (pw.start + 16 <= w.text.size()) {
    uint64_t a, b;
    std::memcpy(&a, letters, 8);
    std::memcpy(&b, letters + 8, 8);
    const uint64_t ma = len >= 8 ? ~0ull : (1ull << (8 * len)) - 1;
    const uint64_t mb = len <= 8 ? 0 : (1ull << (8 * (len - 8))) - 1;  // len ≤ 14
    a = (a | 0x2020202020202020ull) & ma;
    b = (b | 0x2020202020202020ull) & mb;
    std::memcpy(k16, &a, 8);
    std::memcpy(k16 + 8, &b, 8);
  } else {
    std::memset(k16, 0, sizeof(k16));
    for (size_t k = 0; k < len; ++k) k16[k] = static_cast<char>(letters[k] | 0x20);
  }
  const std::string_view key(k16, len);
  const uint8_t kind = pw.name_like ? TermMemo::kPlainNameLike : TermMemo::kPlain;
  const uint64_t h = short_hash(k16, len) ^ kind;
  if (auto hit = w.memo.find(key, kind, h); !hit.root.empty())
    return w.fn(w.ctx, hit.root, pw.start + hit.prefix, pw.end - hit.suffix);
  split.clear();
  w.impl.tokenizer.split_plain(w.text, pw, split);
  for (const text::Token& t : split) {
    if (t.flags & (text::kCliticPrefix | text::kCliticSuffix)) continue;
    const std::string root = w.impl.stemmer.stem(key.substr(t.start - pw.start, t.end - t.start));
    w.memo.put(key, kind, h, root, static_cast<uint8_t>(t.start - pw.start),
               static_cast<uint8_t>(pw.end - t.end));
    return w.fn(w.ctx, root, t.start, t.end);  // a plain word has one stem
  }
  return 0;
}

}  // namespace

int IndexAnalyzer::for_each_term(std::string_view text, bool stem, void* ctx, TermFn fn) const {
  thread_local Scratch scratch;
  thread_local TermMemo memo;
  memo.claim(impl_->id);
  TermWalk walk{*impl_, text, stem, ctx, fn, scratch, memo};
  if (int rc = impl_->tokenizer.tokenize(text, scratch.tokens, &walk, plain_word); rc != 0)
    return rc;
  return drain(walk, scratch.tokens);
}

int IndexAnalyzer::for_each_span(std::string_view text, void* ctx, TermFn fn) const {
  thread_local std::vector<text::Token> tokens;
  impl_->tokenizer.tokenize(text, tokens);
  for (const text::Token& t : tokens) {
    // The same selection as for_each_term, so positions agree with the index.
    if (t.kind != text::TokenKind::kWord && t.kind != text::TokenKind::kNumber) continue;
    if (t.flags & (text::kCliticPrefix | text::kCliticSuffix)) continue;
    std::string_view surface = t.in(text);
    while (!surface.empty() && surface.back() == '.') surface.remove_suffix(1);
    if (surface.empty()) continue;
    if (int rc = fn(ctx, surface, t.start, t.end); rc != 0) return rc;
  }
  return 0;
}

std::string IndexAnalyzer::terms(std::string_view text, bool stem) const {
  std::string out;
  for_each_term(text, stem, &out, [](void* ctx, std::string_view term, uint32_t, uint32_t) {
    auto* o = static_cast<std::string*>(ctx);
    if (!o->empty()) *o += ' ';
    *o += term;
    return 0;
  });
  return out;
}

namespace {

struct SpanCollector {
  std::vector<std::pair<uint32_t, uint32_t>> spans;
  size_t want = 0;
};

}  // namespace

std::string IndexAnalyzer::snippet(std::string_view text, std::span<const TermRange> hits,
                                   int window) const {
  const int start = hits.empty() ? 0 : std::max(0, hits.front().first - 3);
  const size_t want = static_cast<size_t>(start + window);
  // Tokenise a prefix cut at white space, longer each time, until it holds the window.
  thread_local SpanCollector c;
  c.want = want;
  size_t cut = std::min(text.size(), want * 12 + 64);
  for (;;) {
    while (cut < text.size() && text[cut] != ' ' && text[cut] != '\n') ++cut;
    c.spans.clear();
    for_each_span(text.substr(0, cut), &c, [](void* p, std::string_view, uint32_t b, uint32_t e) {
      auto* col = static_cast<SpanCollector*>(p);
      col->spans.emplace_back(b, e);
      return col->spans.size() > col->want ? 1 : 0;
    });
    if (c.spans.size() > want || cut >= text.size()) break;
    cut = std::min(text.size(), cut * 2);
  }
  std::string out;
  if (static_cast<size_t>(start) >= c.spans.size()) {  // no terms at all
    out.assign(text.substr(0, std::min<size_t>(text.size(), 200)));
  } else {
    const size_t end_term = std::min(c.spans.size(), want);  // exclusive
    const uint32_t from = start == 0 ? 0 : c.spans[static_cast<size_t>(start)].first;
    const uint32_t to = end_term >= c.spans.size() && cut >= text.size()
                            ? static_cast<uint32_t>(text.size())
                            : c.spans[end_term - 1].second;
    if (from > 0) out += "…";
    uint32_t at = from;
    size_t h = 0;
    for (size_t t = static_cast<size_t>(start); t < end_term; ++t) {
      while (h < hits.size() && hits[h].second < static_cast<int>(t)) ++h;
      if (h < hits.size() && hits[h].first <= static_cast<int>(t)) {
        const size_t last = std::min(end_term - 1, static_cast<size_t>(hits[h].second));
        out.append(text.substr(at, c.spans[t].first - at));
        out += '[';
        out.append(text.substr(c.spans[t].first, c.spans[last].second - c.spans[t].first));
        out += ']';
        at = c.spans[last].second;
        t = last;
      }
    }
    out.append(text.substr(at, to - at));
    if (to < text.size()) out += "…";
  }
  return out;
}

std::string entity_key(std::string_view name) { return utf8::lower(name); }

// Read by hand because SQLite does not export its decoder.
uint64_t read_varint(const unsigned char*& p, const unsigned char* end) {
  uint64_t v = 0;
  for (int i = 0; i < 9 && p < end; ++i) {
    const unsigned char c = *p++;
    if (i == 8) return (v << 8) | c;
    v = (v << 7) | (c & 0x7f);
    if (!(c & 0x80)) return v;
  }
  return v;
}

Result<std::vector<int64_t>> index_segment_pages(sqlite3* db) {
  // The structure record (row 10 of %_data; fts5StructureDecode in SQLite's fts5_index.c): a
  // 4-byte cookie, since SQLite 3.45 optionally the marker FF 00 00 01 (five more varints per
  // segment), then the varints nLevel, nSegment, nWriteCounter, and per level nMerge, nSeg and
  // per segment iSegid, pgnoFirst, pgnoLast.
  sqlite3_stmt* st = nullptr;
  const char* sql = "SELECT block FROM documents_fts_data WHERE id = 10";
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
    std::string msg = sqlite3_errmsg(db);
    return Error{"cannot read the full-text index's structure (" + msg + ")"};
  }
  std::vector<unsigned char> block;
  if (sqlite3_step(st) == SQLITE_ROW) {
    const auto* b = static_cast<const unsigned char*>(sqlite3_column_blob(st, 0));
    block.assign(b, b + sqlite3_column_bytes(st, 0));
  }
  sqlite3_finalize(st);
  std::vector<int64_t> pages;
  if (block.empty()) return pages;  // an index never written to
  const unsigned char* p = block.data() + std::min<size_t>(4, block.size());
  const unsigned char* end = block.data() + block.size();
  const bool v2 = end - p >= 4 && p[0] == 0xff && p[1] == 0 && p[2] == 0 && p[3] == 1;
  if (v2) p += 4;
  const uint64_t levels = read_varint(p, end);
  const uint64_t segments = read_varint(p, end);
  read_varint(p, end);  // the write counter
  for (uint64_t l = 0; l < levels && p < end; ++l) {
    read_varint(p, end);  // segments being merged
    const uint64_t n = read_varint(p, end);
    for (uint64_t k = 0; k < n && p < end; ++k) {
      read_varint(p, end);  // segment id
      const auto first = static_cast<int64_t>(read_varint(p, end));
      const auto last = static_cast<int64_t>(read_varint(p, end));
      for (int extra = 0; v2 && extra < 5; ++extra) read_varint(p, end);
      pages.push_back(last - first + 1);
    }
  }
  if (pages.size() != segments)
    return Error{"cannot read the full-text index's structure (" + std::to_string(segments) +
                 " segments announced, " + std::to_string(pages.size()) + " found)"};
  return pages;
}

Result<bool> tidy_index(sqlite3* db) {
  auto pages = index_segment_pages(db);
  if (!pages) return pages.error();
  if (pages->size() <= 1) return false;
  const int64_t largest = *std::max_element(pages->begin(), pages->end());
  int64_t total = 0;
  for (int64_t n : *pages) total += n;
  constexpr size_t kMaxSegments = 4;
  if (pages->size() <= kMaxSegments && (total - largest) * 10 < total) return false;
  char* err = nullptr;
  if (sqlite3_exec(db, "INSERT INTO documents_fts(documents_fts) VALUES ('optimize')", nullptr,
                   nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    return Error{"cannot merge the full-text index (" + msg + ")"};
  }
  return true;
}

Status index_documents(sqlite3* db, int64_t first_seq, int64_t last_seq) {
  // "+f.fts_key": sort the batch's rows rather than walk the whole fts_key index.
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(db,
                              "INSERT INTO documents_fts(rowid, title, text) "
                              "SELECT f.fts_key, d.title, d.text FROM document_facts f "
                              "JOIN documents d ON d.seq = f.seq WHERE f.seq BETWEEN ?1 AND ?2 "
                              "ORDER BY +f.fts_key",
                              -1, &st, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, first_seq);
    sqlite3_bind_int64(st, 2, last_seq);
    rc = sqlite3_step(st);
  }
  std::string msg = rc == SQLITE_DONE ? std::string() : sqlite3_errmsg(db);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return Error{"cannot index the documents (" + msg + ")"};
  return Ok{};
}

// ---- FTS5 glue ----

namespace {

struct TokenizeCtx {
  void* fts_ctx;
  int (*x_token)(void*, int, const char*, int, int, int);
};

int fts_create(void* user, const char** /*args*/, int /*nargs*/, Fts5Tokenizer** out) {
  const IndexAnalyzer* analyzer = static_cast<std::shared_ptr<const IndexAnalyzer>*>(user)->get();
  *out = reinterpret_cast<Fts5Tokenizer*>(const_cast<IndexAnalyzer*>(analyzer));
  return SQLITE_OK;
}

void fts_delete(Fts5Tokenizer*) {}

int fts_tokenize(Fts5Tokenizer* tok, void* fts_ctx, int flags, const char* text, int n,
                 int (*x_token)(void*, int, const char*, int, int, int)) {
  const auto* analyzer = reinterpret_cast<const IndexAnalyzer*>(tok);
  if (text == nullptr || n <= 0) return SQLITE_OK;
  // A prefix query ("beli*") matches the roots that start with the typed letters.
  bool stem = (flags & FTS5_TOKENIZE_PREFIX) == 0;
  TokenizeCtx ctx{fts_ctx, x_token};
  auto emit = [](void* c, std::string_view term, uint32_t start, uint32_t end) {
    auto* t = static_cast<TokenizeCtx*>(c);
    return t->x_token(t->fts_ctx, 0, term.data(), static_cast<int>(term.size()),
                      static_cast<int>(start), static_cast<int>(end));
  };
  const std::string_view body(text, static_cast<size_t>(n));
  try {
    // Snippets and highlights (AUX) use only the positions and offsets of the terms; their text
    // comes from the index, so lower-casing and stemming are skipped there.
    if (flags & FTS5_TOKENIZE_AUX) return analyzer->for_each_span(body, &ctx, emit);
    return analyzer->for_each_term(body, stem, &ctx, emit);
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;
  }
}

void destroy_analyzer(void* p) { delete static_cast<std::shared_ptr<const IndexAnalyzer>*>(p); }

// kabar_snippet(fts_table [, column [, tokens]]): a window of `tokens` terms (default 24) of
// `column` (default 1, the body) starting just before the first hit, hits wrapped in [ ], "…"
// where text was cut. Unlike FTS5's snippet(), the hits come from the index (xInst) and only
// the start of the text, up to the window, is tokenised.

void kabar_snippet(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
                   sqlite3_value** argv) {
  const auto* analyzer =
      static_cast<std::shared_ptr<const IndexAnalyzer>*>(api->xUserData(fts))->get();
  const int column = argc > 0 ? sqlite3_value_int(argv[0]) : 1;
  const int window = argc > 1 ? std::max(1, std::min(200, sqlite3_value_int(argv[1]))) : 24;
  const char* z = nullptr;
  int nz = 0;
  if (api->xColumnText(fts, column, &z, &nz) != SQLITE_OK || z == nullptr) {
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    return;
  }
  const std::string_view text(z, static_cast<size_t>(nz));
  // Hit positions (term indexes) in this column, from the index.
  thread_local std::vector<IndexAnalyzer::TermRange> hits;
  hits.clear();
  int n_inst = 0;
  if (api->xInstCount(fts, &n_inst) == SQLITE_OK) {
    for (int i = 0; i < n_inst; ++i) {
      int phrase = 0, col = 0, off = 0;
      if (api->xInst(fts, i, &phrase, &col, &off) != SQLITE_OK || col != column) continue;
      hits.emplace_back(off, off + std::max(1, api->xPhraseSize(fts, phrase)) - 1);
    }
  }
  std::sort(hits.begin(), hits.end());
  const std::string out = analyzer->snippet(text, hits, window);
  sqlite3_result_text(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

// kabar_bm25(fts_table, weight_title, weight_body [, counts [, lengths]]): FTS5's bm25() (k1 =
// 1.2, b = 0.75, the same formula, so the same scores), negated like it (lower is better).
// `counts`, when given, holds the number of documents matching each phrase of the query, in
// phrase order and separated by spaces: bm25() walks every phrase's whole doclist once per query
// to count them (whatever the rowid range), which the caller can cache. Missing or wrong counts
// fall back to that walk. `lengths`, a bound DocLengths, gives the documents' lengths (a
// document it does not know is read from FTS5's %_docsize as before).
struct Bm25Data {
  double avgdl = 0;
  std::vector<double> idf;
  std::vector<double> freq;
};

int count_hits(const Fts5ExtensionApi*, Fts5Context*, void* user) {
  ++*static_cast<int64_t*>(user);
  return SQLITE_OK;
}

void kabar_bm25(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
                sqlite3_value** argv) {
  constexpr double k1 = 1.2, b = 0.75;
  auto* data = static_cast<Bm25Data*>(api->xGetAuxdata(fts, 0));
  int rc = SQLITE_OK;
  const int n_weights = argc >= 3 ? 2 : argc;
  if (data == nullptr) {
    auto fresh = std::make_unique<Bm25Data>();
    const int n_phrase = api->xPhraseCount(fts);
    sqlite3_int64 n_row = 0, n_token = 0;
    rc = api->xRowCount(fts, &n_row);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &n_token);
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
    fresh->avgdl = n_row > 0 ? static_cast<double>(n_token) / static_cast<double>(n_row) : 1.0;
    std::vector<int64_t> hits;
    if (argc >= 3 && sqlite3_value_type(argv[2]) == SQLITE_TEXT) {
      const char* t = reinterpret_cast<const char*>(sqlite3_value_text(argv[2]));
      while (t && *t) {
        char* end = nullptr;
        long long v = std::strtoll(t, &end, 10);
        if (end == t) break;
        hits.push_back(v);
        t = end;
      }
    }
    if (static_cast<int>(hits.size()) != n_phrase) {
      hits.assign(static_cast<size_t>(n_phrase), 0);
      for (int i = 0; rc == SQLITE_OK && i < n_phrase; ++i)
        rc = api->xQueryPhrase(fts, i, &hits[static_cast<size_t>(i)], count_hits);
      if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
      }
    }
    for (int64_t n_hit : hits) {
      double idf = std::log((static_cast<double>(n_row - n_hit) + 0.5) /
                            (static_cast<double>(n_hit) + 0.5));
      fresh->idf.push_back(idf <= 0.0 ? 1e-6 : idf);
    }
    fresh->freq.resize(hits.size());
    data = fresh.get();
    rc = api->xSetAuxdata(fts, fresh.release(), [](void* p) { delete static_cast<Bm25Data*>(p); });
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
  }
  std::fill(data->freq.begin(), data->freq.end(), 0.0);
  auto* snippet_hits =
      argc >= 5 ? static_cast<SnippetHits*>(sqlite3_value_pointer(argv[4], kSnippetHitsType))
                : nullptr;
  thread_local std::vector<IndexAnalyzer::TermRange> hits;
  hits.clear();
  int n_inst = 0;
  rc = api->xInstCount(fts, &n_inst);
  for (int i = 0; rc == SQLITE_OK && i < n_inst; ++i) {
    int phrase = 0, col = 0, off = 0;
    rc = api->xInst(fts, i, &phrase, &col, &off);
    if (rc == SQLITE_OK && phrase >= 0 && static_cast<size_t>(phrase) < data->freq.size())
      data->freq[static_cast<size_t>(phrase)] +=
          n_weights > col ? sqlite3_value_double(argv[col]) : 1.0;
    if (rc == SQLITE_OK && snippet_hits && col == snippet_hits->column)
      hits.emplace_back(off, off + std::max(1, api->xPhraseSize(fts, phrase)) - 1);
  }
  if (rc == SQLITE_OK && snippet_hits) {
    // What kabar_snippet would mark: the hits starting inside the window.
    std::sort(hits.begin(), hits.end());
    const int end = hits.empty() ? 0 : std::max(0, hits.front().first - 3) + snippet_hits->window;
    for (const auto& h : hits) {
      if (h.first >= end) break;
      snippet_hits->hits.push_back(h);
    }
    snippet_hits->keys.push_back(api->xRowid(fts));
    snippet_hits->first.push_back(static_cast<uint32_t>(snippet_hits->hits.size()));
  }
  int n_tok = 0;
  if (rc == SQLITE_OK && argc >= 4) {
    if (const auto* lengths =
            static_cast<const DocLengths*>(sqlite3_value_pointer(argv[3], kDocLengthsType))) {
      const auto seq = static_cast<uint64_t>(api->xRowid(fts)) & 0xffffffffu;
      if (seq < lengths->size) n_tok = static_cast<int>(lengths->by_seq[seq]);
    }
  }
  if (rc == SQLITE_OK && n_tok == 0) rc = api->xColumnSize(fts, -1, &n_tok);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  const double d = static_cast<double>(n_tok);
  double score = 0;
  for (size_t i = 0; i < data->idf.size(); ++i) {
    const double f = data->freq[i];
    score += data->idf[i] * (f * (k1 + 1.0)) / (f + k1 * (1 - b + b * d / data->avgdl));
  }
  sqlite3_result_double(ctx, -1.0 * score);
}

void sql_kabar_lower(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc != 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  const unsigned char* t = sqlite3_value_text(argv[0]);
  int n = sqlite3_value_bytes(argv[0]);
  std::string out =
      utf8::lower(std::string_view(reinterpret_cast<const char*>(t), static_cast<size_t>(n)));
  sqlite3_result_text(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

}  // namespace

Status register_fts(sqlite3* db, std::shared_ptr<const IndexAnalyzer> analyzer) {
  const char* file = sqlite3_db_filename(db, "main");
  std::string name = file && *file ? file : "database";
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) != SQLITE_OK) {
    return Error{name + ": SQLite was built without FTS5 (" + sqlite3_errmsg(db) + ")"};
  }
  sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(st);
  sqlite3_finalize(st);
  if (api == nullptr || api->iVersion < 2)
    return Error{name + ": SQLite's FTS5 API is unavailable"};

  fts5_tokenizer tokenizer{fts_create, fts_delete, fts_tokenize};
  // The connection owns `keep` once registered: FTS5 calls destroy_analyzer when it closes.
  auto* keep = new std::shared_ptr<const IndexAnalyzer>(std::move(analyzer));
  int rc = api->xCreateTokenizer(api, "kabar", keep, &tokenizer, destroy_analyzer);
  if (rc != SQLITE_OK) {
    delete keep;  // not called back on failure
    return Error{name + ": cannot register the kabar tokenizer"};
  }
  auto* keep_fn = new std::shared_ptr<const IndexAnalyzer>(*keep);
  rc = api->xCreateFunction(api, "kabar_snippet", keep_fn, kabar_snippet, destroy_analyzer);
  if (rc != SQLITE_OK) {
    delete keep_fn;
    return Error{name + ": cannot register kabar_snippet"};
  }
  auto* keep_bm25 = new std::shared_ptr<const IndexAnalyzer>(*keep);
  rc = api->xCreateFunction(api, "kabar_bm25", keep_bm25, kabar_bm25, destroy_analyzer);
  if (rc != SQLITE_OK) {
    delete keep_bm25;
    return Error{name + ": cannot register kabar_bm25"};
  }
  rc = sqlite3_create_function_v2(db, "kabar_lower", 1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                  sql_kabar_lower, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return Error{name + ": cannot register kabar_lower (" + sqlite3_errmsg(db) + ")"};
  return Ok{};
}

}  // namespace kabar::store
