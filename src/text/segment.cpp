#include "kabar/text/segment.h"

#include <algorithm>
#include <array>

namespace kabar::text {
namespace {

bool is_terminal(std::string_view t) {
  return t == "." || t == "!" || t == "?" || t == "\xE2\x80\xA6";  // …
}

bool is_closing(std::string_view t) {
  return t == "\xE2\x80\x9D" || t == "\xE2\x80\x99" || t == "\xC2\xBB" || t == ")" || t == "]" ||
         t == "}" || t == "\xE2\x80\xBA";  // ” ’ » ) ] } ›
}

bool starts_lower(std::string_view t) {
  if (t.empty()) return false;
  unsigned char c = static_cast<unsigned char>(t[0]);
  if (c >= 'a' && c <= 'z') return true;
  // Latin-1 lower-case letters (à..ÿ) as UTF-8: C3 A0..C3 BF except ÷.
  return c == 0xC3 && t.size() > 1 && static_cast<unsigned char>(t[1]) >= 0xA0 &&
         static_cast<unsigned char>(t[1]) != 0xB7;
}

}  // namespace

void segment(std::string_view text, const std::vector<Token>& tokens,
             std::vector<Sentence>& sentences, std::vector<Paragraph>& paragraphs) {
  sentences.clear();
  paragraphs.clear();
  const size_t n = tokens.size();
  const auto tok = [&](size_t k) { return tokens[k].in(text); };
  const auto u32 = [](size_t v) { return static_cast<uint32_t>(v); };
  size_t t = 0;
  while (t < n) {
    size_t pe = t + 1;
    while (pe < n && !tokens[pe].has(kParagraphStart)) ++pe;
    Paragraph p;
    p.span = {tokens[t].start, tokens[pe - 1].end};
    p.first_sentence = u32(sentences.size());
    const uint32_t pi = u32(paragraphs.size());
    const auto push = [&](size_t a, size_t b) {
      sentences.push_back({{tokens[a].start, tokens[b - 1].end}, u32(a), u32(b), pi});
    };

    size_t s = t;
    // Brackets opened in the current sentence and not yet closed (kept incrementally: linear time).
    int depth = 0;
    const auto bracket = [&](size_t j) -> int {
      if (tokens[j].kind != TokenKind::kPunct) return 0;
      const char c = text[tokens[j].start];
      return (c == '(' || c == '[') ? 1 : (c == ')' || c == ']') ? -1 : 0;
    };
    // True when a closing bracket follows within a short window from token j.
    const auto closes_soon = [&](size_t j) {
      constexpr size_t kWindow = 40;
      for (size_t m = j; m < pe && m < j + kWindow; ++m)
        if (bracket(m) < 0) return true;
      return false;
    };
    for (size_t k = t; k < pe; ++k) {
      const Token& tk = tokens[k];
      const std::string_view w = tok(k);
      depth = std::max(0, depth + bracket(k));
      bool boundary = false;
      if (tk.kind == TokenKind::kPunct) {
        boundary = is_terminal(w);
      } else if (tk.has(kMayEndSentence) && k + 1 < pe && tokens[k + 1].has(kCapitalized)) {
        boundary = true;
      }
      if (!boundary) continue;
      // A list marker at the start of a line is no sentence: "1. Surat keterangan…", "a. …".
      if (k == s + 1 && w == "." &&
          (tokens[s].kind == TokenKind::kNumber ||
           (tokens[s].end - tokens[s].start == 1 && tokens[s].kind == TokenKind::kWord)))
        continue;
      // Absorb further terminals and closing quotes/brackets: `siap.”`, `?!`, `...`, `).`
      size_t end = k + 1;
      while (end < pe) {
        const Token& c = tokens[end];
        if (c.kind != TokenKind::kPunct) break;
        const std::string_view cw = tok(end);
        if (is_terminal(cw) || is_closing(cw)) {
          ++end;
        } else if ((cw == "\"" || cw == "'") && c.has(kNoSpaceBefore) &&
                   (end + 1 >= pe || !tokens[end + 1].has(kNoSpaceBefore) ||
                    is_terminal(tok(end + 1)))) {
          ++end;  // ASCII quote attached to the sentence end closes it
        } else {
          break;
        }
      }
      int depth_after = depth;
      for (size_t j = k + 1; j < end; ++j) depth_after = std::max(0, depth_after + bracket(j));
      // Inside brackets that close soon ("(Foto: dok. Cetaphil)"), keep going.
      if (depth_after > 0 && closes_soon(end)) {
        depth = depth_after;
        k = end - 1;
        continue;
      }
      if (end < pe) {
        const Token& next = tokens[end];
        const std::string_view nw = tok(end);
        // `…siap,” kata dia.` / `“Siapa?” tanya dia.`: a lower-case word or a comma continues.
        const bool continues =
            (next.kind == TokenKind::kWord && starts_lower(nw) && !next.has(kCapitalized)) ||
            (next.kind == TokenKind::kPunct && (nw == "," || nw == ";"));
        if (continues) {
          depth = depth_after;
          k = end - 1;
          continue;
        }
      }
      push(s, end);
      s = end;
      depth = 0;
      k = end - 1;
    }
    if (s < pe) push(s, pe);
    p.end_sentence = u32(sentences.size());
    paragraphs.push_back(p);
    t = pe;
  }
}

}  // namespace kabar::text
