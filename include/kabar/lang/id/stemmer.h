#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kabar/core/result.h"

namespace kabar::lang::id {

/// Options of the Indonesian stemmer.
struct StemmerOptions {
  /// After the standard (formal) analysis fails, try informal Jakarta-style affixes and
  /// spellings: nasal prefixes ny-/ng-/nge-/n-/m- (nyoba → coba), the suffix -in
  /// (betulin → betul), final-syllable e for a (temen → teman), a dropped h (adep → hadap),
  /// a dropped schwa (crita → cerita) and the informal-root list.
  bool informal = true;
};

/// Indonesian stemmer of the Nazief–Adriani / enhanced confix-stripping family (Asian et al.
/// 2005, Arifin et al. 2009) with a root lexicon: particles (-lah -kah -tah -pun), possessives
/// (-ku -mu -nya), derivational suffixes (-i -kan -an), prefixes di- ke- se- ku- kau- ber- ter-
/// me- pe- per- with their recoding rules (meny→s/ny, mem→p/m, men→t/n, meng→k/ø, peny→s…),
/// up to three prefixes, the ECS suffix-restoration loop, prefix-before-suffix precedence for
/// be-lah/be-an/me-i/di-i/pe-i/te-i, loan affixes (-isme -isasi -is -wan -wati, pentranskripsi),
/// infixes (-el- -em- -er- -in-), first-syllable reduplication (lelembut), hyphenated
/// reduplication (kawan-kawan, bermain-main, meniru-nirukan) and, optionally, informal forms.
/// A word whose root is not in the lexicon is returned unchanged. Immutable after construction
/// and thread-safe; copies share the lexicon. stem() memoises results in a per-thread cache.
class Stemmer {
 public:
  /// Loads `data_dir`/lang/id/roots.txt (one root per line) and, when present,
  /// `data_dir`/lang/id/informal.tsv (informal root TAB standard root). The Error names the file.
  static Result<Stemmer> load(const std::filesystem::path& data_dir, StemmerOptions options = {});

  /// Uses the roots listed in `lexicon_file` (one per line, '#' comments) instead of the
  /// shipped lexicon; the informal list still comes from `data_dir` when present.
  static Result<Stemmer> load_lexicon(const std::filesystem::path& lexicon_file,
                                      const std::filesystem::path& data_dir,
                                      StemmerOptions options = {});

  /// A stemmer over the given roots (lower-case) and informal pairs; for tests.
  static Stemmer from_lexicon(std::vector<std::string> roots,
                              std::vector<std::pair<std::string, std::string>> informal = {},
                              StemmerOptions options = {});

  /// The root of one lower-case word ("mempertanyakan" → "tanya"); the word itself when no
  /// root is found, when it has 3 bytes or fewer, or when it holds anything but a-z and '-'.
  /// Deterministic. Cached per thread (warm calls cost one hash lookup).
  std::string stem(std::string_view lower_word) const;

  /// As stem() without the cache (for measuring and tests).
  std::string stem_uncached(std::string_view lower_word) const;

  /// True when `lower_word` is a root of the lexicon.
  bool is_root(std::string_view lower_word) const;

  /// Number of roots in the lexicon.
  size_t lexicon_size() const;

  struct Impl;  // defined in src/lang/id/stemmer.cpp

 private:
  explicit Stemmer(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace kabar::lang::id
