#pragma once
// Compact binary encoding for the corpus state (private to src/corpus): little-endian fixed
// widths, LEB128 varints, length-prefixed strings. The reader never reads past its input: every
// get returns false on truncated or malformed bytes and the caller turns that into an Error.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "kabar/core/span.h"

namespace kabar::corpus::codec {

inline void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

template <class T>
void put_fixed(std::string& out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out.append(b, sizeof(T));
}

inline void put_string(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

inline void put_optional(std::string& out, const std::optional<std::string>& s) {
  out += s ? '\1' : '\0';
  if (s) put_string(out, *s);
}

inline void put_span(std::string& out, Span s) {
  put_varint(out, s.start);
  put_varint(out, s.end - std::min(s.start, s.end));
}

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool done() const { return pos_ == in_.size(); }
  /// The bytes not read yet.
  std::string_view rest() const { return in_.substr(pos_); }
  size_t left() const { return in_.size() - pos_; }

  bool varint(uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return false;
      const auto b = static_cast<unsigned char>(in_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }
  bool u32(uint32_t& v) {
    uint64_t x = 0;
    if (!varint(x) || x > UINT32_MAX) return false;
    v = static_cast<uint32_t>(x);
    return true;
  }
  bool i32(int& v) {
    uint32_t x = 0;
    if (!u32(x) || x > INT32_MAX) return false;
    v = static_cast<int>(x);
    return true;
  }
  /// A count of items of at least `min_bytes` each: fails when the input cannot hold them.
  bool count(size_t& n, size_t min_bytes = 1) {
    uint64_t x = 0;
    if (!varint(x) || x > left() / std::max<size_t>(min_bytes, 1)) return false;
    n = static_cast<size_t>(x);
    return true;
  }
  template <class T>
  bool fixed(T& v) {
    if (left() < sizeof(T)) return false;
    std::memcpy(&v, in_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool byte(uint8_t& v) { return fixed(v); }
  bool flag(bool& v) {
    uint8_t b = 0;
    if (!byte(b) || b > 1) return false;
    v = b != 0;
    return true;
  }
  bool string(std::string& s) {
    size_t n = 0;
    if (!count(n)) return false;
    s.assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool optional(std::optional<std::string>& s) {
    bool has = false;
    if (!flag(has)) return false;
    if (!has) {
      s.reset();
      return true;
    }
    s.emplace();
    return string(*s);
  }
  bool span(Span& s) {
    uint32_t start = 0, size = 0;
    if (!u32(start) || !u32(size) || uint64_t{start} + size > UINT32_MAX) return false;
    s = {start, start + size};
    return true;
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace kabar::corpus::codec
