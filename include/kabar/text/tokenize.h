#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/core/span.h"
#include "kabar/text/string_set.h"

namespace kabar::text {

enum class TokenKind : uint8_t {
  kWord,    ///< letters, possibly with digits/hyphens inside (Hwasong-11, kawan-kawan, 122mm)
  kNumber,  ///< digits with . , / : separators inside (10.000, 3,5, 2/8/2024, 14.30)
  kPunct,   ///< punctuation, one code point per token (quotes, brackets, dashes, . , ; :)
  kSymbol,  ///< anything else (%, $, emoji)
};

/// Bit flags on a Token.
enum TokenFlag : uint16_t {
  kCapitalized = 1 << 0,     ///< first letter upper-case
  kAllCaps = 1 << 1,         ///< two or more letters, all upper-case (AS, PBB, KOMPAS)
  kNoSpaceBefore = 1 << 2,   ///< directly attached to the previous token
  kCliticPrefix = 1 << 3,    ///< this token is a proclitic split off the next (ku-, kau-)
  kCliticSuffix = 1 << 4,    ///< this token is an enclitic split off the previous (-nya, -lah…)
  kReduplication = 1 << 5,   ///< full or partial reduplication (kawan-kawan, menakut-nakuti)
  kParagraphStart = 1 << 6,  ///< first token of a paragraph
  kHasDigit = 1 << 7,
  kAbbreviation = 1 << 8,    ///< word token that includes its trailing period (Jl., dr., S.H.)
  kMayEndSentence = 1 << 9,  ///< abbreviation that often ends a sentence (dll., Tbk.)
};

/// A token: a byte span of the normalised text, with a kind and flags. Plain data.
struct Token {
  uint32_t start = 0;
  uint32_t end = 0;
  TokenKind kind = TokenKind::kWord;
  uint16_t flags = 0;

  Span span() const { return {start, end}; }
  std::string_view in(std::string_view text) const { return text.substr(start, end - start); }
  bool has(TokenFlag f) const { return (flags & f) != 0; }
};

/// Indonesian-aware tokeniser. Immutable after load; safe to share between threads.
class Tokenizer {
 public:
  /// Loads the word lists under `data_dir`/text (abbreviations, clitic exceptions).
  static Result<Tokenizer> load(const std::filesystem::path& data_dir);

  /// Appends the tokens of `text` to `out` (cleared first), in order, non-overlapping.
  void tokenize(std::string_view text, std::vector<Token>& out) const;

  /// A plain word of a text: ASCII letters only, with no digit, connector, abbreviation period,
  /// URL, e-mail or currency sign around it, which tokenize() splits by its letters alone.
  struct PlainWord {
    uint32_t start = 0, end = 0;  ///< its bytes in the text
    uint16_t flags = 0;           ///< the flags tokenize() gives it (kCapitalized, …)
    bool sentence_start = false;  ///< it opens a paragraph or follows punctuation
    /// A capitalised word inside a sentence, a name (Saifullah): only -nya splits off. The spans
    /// and kinds of the tokens split_plain() makes depend on the word's lower-cased letters and
    /// this bit alone, so a caller may remember them by those.
    bool name_like = false;
  };

  /// Receives a plain word; `out` holds the tokens before it that the callee has not taken out
  /// yet (it may clear `out`). A non-zero return stops tokenize() and is returned by it.
  using PlainWordFn = int (*)(void* ctx, const PlainWord& word, std::vector<Token>& out);

  /// As tokenize(), but hands each plain word to `fn` instead of splitting it into tokens, so a
  /// caller can remember what a word becomes (the index analyser: most words are plain). Every
  /// other token is appended to `out` (cleared first), in order. Returns 0 or the first non-zero
  /// `fn` result.
  int tokenize(std::string_view text, std::vector<Token>& out, void* ctx, PlainWordFn fn) const;

  /// Appends the tokens tokenize() makes of plain word `w` of `text` (its stem and clitics).
  void split_plain(std::string_view text, const PlainWord& w, std::vector<Token>& out) const;

  /// True when the lower-cased `word` (with its period, e.g. "jl.") is a known abbreviation.
  bool is_abbreviation(std::string_view lower_word) const;

  /// True when lower-case `word` merely ends like an enclitic and stays whole ("adalah", "punya").
  bool is_clitic_exception(std::string_view lower_word) const;

 private:
  // Splits word [s, e) into clitics/stem and appends the tokens. `sentence_start`: the word
  // opens a paragraph or follows punctuation.
  void emit_word(std::string_view text, uint32_t s, uint32_t e, uint16_t flags, bool sentence_start,
                 std::vector<Token>& out) const;

  // The loop of both tokenize()s: `plain(const PlainWord&)` receives the plain words.
  template <class Plain>
  int scan(std::string_view text, std::vector<Token>& out, Plain&& plain) const;

  StringSet abbreviations_;        // lower-case, with trailing '.'
  StringSet final_abbreviations_;  // those that may end a sentence ("dll.", "tbk.")
  StringSet clitic_exceptions_;    // words that merely end like a clitic ("adalah", "punya")
  StringSet proclitic_stems_;      // verb roots that take ku-/kau- ("ambil", "lihat")
};

}  // namespace kabar::text
