#pragma once
#include <cstdint>
#include <string_view>

namespace kabar {

/// Half-open byte range [start, end) into a document's normalised `text`.
struct Span {
  uint32_t start = 0;
  uint32_t end = 0;

  uint32_t size() const { return end - start; }
  bool empty() const { return end <= start; }
  bool contains(const Span& o) const { return start <= o.start && o.end <= end; }
  bool overlaps(const Span& o) const { return start < o.end && o.start < end; }
  /// The bytes this span covers in `text`; the caller guarantees it lies inside.
  std::string_view in(std::string_view text) const { return text.substr(start, end - start); }
  friend bool operator==(const Span&, const Span&) = default;
};

}  // namespace kabar
