#include "kabar/text/langid.h"

#include <cld2/public/compact_lang_det.h>

#include <algorithm>
#include <array>
#include <map>

#include "kabar/core/data_dir.h"

namespace kabar::text {
namespace {

constexpr size_t kMaxBytes = 64 * 1024;  // enough for a reliable guess; keeps long inputs cheap

// Cuts `s` to at most `max` bytes on a UTF-8 boundary.
std::string_view utf8_prefix(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t e = max;
  while (e > 0 && (static_cast<unsigned char>(s[e]) & 0xC0) == 0x80) --e;
  return s.substr(0, e);
}

bool has_letter(std::string_view s) {
  for (unsigned char c : s)
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  for (unsigned char c : s)
    if (c >= 0xC0) return true;
  return false;
}

}  // namespace

Result<LanguageIdentifier> LanguageIdentifier::load(const std::filesystem::path& data_dir) {
  const auto path = data_dir / "text" / "id_ms_markers.tsv";
  auto lines = read_lines(path);
  if (!lines) return lines.error();
  std::map<std::string, bool, std::less<>> markers;  // word → is Malay; a later line wins
  for (const auto& line : *lines) {
    auto f = split(line, '\t');
    if (f.size() != 2 || (f[0] != "id" && f[0] != "ms") || f[1].empty())
      return Error{path.string() + ": expected 'id|ms<TAB>word', got '" + line + "'"};
    markers[f[1]] = f[0] == "ms";
  }
  LanguageIdentifier li;
  for (const auto& [word, malay] : markers) li.markers_.insert(word, malay ? 1 : 0);
  return li;
}

std::pair<int, int> LanguageIdentifier::id_ms_votes(std::string_view text) const {
  int id = 0, ms = 0;
  std::array<char, 32> buf;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    while (i < n && !((text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z')) ++i;
    size_t s = i;
    while (i < n && (((text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z') || text[i] == '-')) ++i;
    if (i - s == 0 || i - s > buf.size()) continue;
    if (i < n && static_cast<unsigned char>(text[i]) >= 0x80) continue;  // part of a longer word
    if (text[s] >= 'A' && text[s] <= 'Z')
      continue;  // names (Wang Yi) and headline case do not vote
    for (size_t k = s; k < i; ++k) buf[k - s] = static_cast<char>(text[k] | 0x20);
    const std::string_view word(buf.data(), i - s);
    const int malay = markers_.find(word);
    if (malay > 0)
      ++ms;
    else if (malay == 0)
      ++id;
  }
  return {id, ms};
}

LanguageGuess LanguageIdentifier::identify(std::string_view text) const {
  LanguageGuess g;
  text = utf8_prefix(text, kMaxBytes);
  if (!has_letter(text)) return g;
  CLD2::Language lang3[3];
  int percent3[3];
  double score3[3];
  int text_bytes = 0;
  bool reliable = false;
  // Best effort: short texts (titles) still get a guess, marked unreliable by CLD2.
  CLD2::Language top = CLD2::ExtDetectLanguageSummary(
      text.data(), static_cast<int>(text.size()), true, nullptr, CLD2::kCLDFlagBestEffort, lang3,
      percent3, score3, nullptr, &text_bytes, &reliable);
  std::string code = CLD2::LanguageCode(top);
  double conf = std::clamp(percent3[0] / 100.0, 0.0, 1.0);
  if (top == CLD2::UNKNOWN_LANGUAGE || code == "un") {
    code = "und";
    conf = 0.0;
    reliable = false;
  }
  // Indonesian and Malay: CLD2 confuses them; decide by marker words.
  int idms_percent = 0;
  for (int k = 0; k < 3; ++k) {
    if (lang3[k] == CLD2::INDONESIAN || lang3[k] == CLD2::MALAY) idms_percent += percent3[k];
  }
  if (code == "id" || code == "ms" || (code == "und" && has_markers())) {
    auto [id, ms] = id_ms_votes(text);
    // Without a single Malay marker, CLD2's "ms" is a coin flip between two near-identical
    // languages; in Indonesian news the prior favours Indonesian.
    if (code == "ms" && ms == 0 && has_markers()) {
      code = "id";
      conf = std::clamp(idms_percent / 100.0, 0.0, 1.0) * (id > 0 ? 0.8 : 0.5);
      reliable = reliable && id > 0;
    }
    if (id != ms && (code != "und" || id + ms >= 2)) {
      const std::string decided = id > ms ? "id" : "ms";
      if (decided != code) {
        const double margin = static_cast<double>(std::max(id, ms) - std::min(id, ms)) / (id + ms);
        conf = code == "und" ? 0.3 * margin : std::clamp(idms_percent / 100.0, 0.0, 1.0) * margin;
        if (code == "und") reliable = false;
        code = decided;
      } else if (idms_percent > percent3[0]) {
        conf = std::clamp(idms_percent / 100.0, 0.0, 1.0);
      }
    }
  }
  // Confidence grows with the evidence: a headline is not as sure as an article.
  conf *= std::min(1.0, 0.5 + text_bytes / 400.0);
  g.code = code;
  g.confidence = conf;
  g.reliable = reliable && code != "und";
  return g;
}

LanguageGuess identify_language(std::string_view text) {
  static const LanguageIdentifier li = [] {
    auto r = LanguageIdentifier::load(data_dir());
    return r ? std::move(*r) : LanguageIdentifier{};
  }();
  return li.identify(text);
}

}  // namespace kabar::text
