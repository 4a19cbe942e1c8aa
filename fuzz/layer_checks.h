#pragma once
// Annotation-layer invariants checked on every fuzz input: every span lies inside the text and
// starts on a UTF-8 boundary; tokens are ordered and disjoint; sentences and paragraphs are
// ordered and index valid token/sentence ranges.
#include <string_view>

#include "fuzz_common.h"
#include "kabar/core/span.h"
#include "kabar/extract/analysis.h"

namespace kabar::fuzz {

inline bool boundary(std::string_view text, uint32_t at) {
  return at >= text.size() || (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
}

inline void check_span(std::string_view text, Span s, const char* layer) {
  if (s.start > s.end || s.end > text.size()) fail(layer);
  if (!boundary(text, s.start) || !boundary(text, s.end)) fail(layer);
}

inline void check_text_layers(std::string_view text, const text::TextLayers& l) {
  uint32_t last_end = 0;
  for (const auto& t : l.tokens) {
    check_span(text, t.span(), "token span outside the text or inside a code point");
    if (t.start >= t.end) fail("empty token");
    if (t.start < last_end) fail("tokens overlap or are out of order");
    last_end = t.end;
  }
  uint32_t next_token = 0;
  for (const auto& s : l.sentences) {
    check_span(text, s.span, "sentence span outside the text");
    if (s.first_token > s.end_token || s.end_token > l.tokens.size()) fail("sentence token range");
    if (s.first_token < next_token) fail("sentences overlap");
    next_token = s.end_token;
    if (s.paragraph >= l.paragraphs.size()) fail("sentence in no paragraph");
  }
  for (const auto& p : l.paragraphs) {
    check_span(text, p.span, "paragraph span outside the text");
    if (p.first_sentence > p.end_sentence || p.end_sentence > l.sentences.size()) fail("paragraph sentence range");
  }
}

inline void check_analysis(const extract::Analysis& a) {
  const std::string_view text = a.doc.text;
  check_text_layers(text, a.text);
  for (const auto& e : a.entities) check_span(text, e.span, "entity span");
  for (const auto& d : a.dates) check_span(text, d.span, "date span");
  for (const auto& q : a.quantities) check_span(text, q.span, "quantity span");
  for (const auto& q : a.quotes) {
    check_span(text, q.span, "quote span");
    if (q.speaker_mention >= static_cast<int>(a.entities.size())) fail("quote speaker index");
  }
}

}  // namespace kabar::fuzz
