// Private helpers for the compact per-document encodings of src/corpus (entity mentions, claim
// candidates): LEB128 varints, length-prefixed strings and a per-record string table. Readers
// never trust a length: every count and size is checked against the bytes that remain.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "codec.h"  // put_varint, put_string (shared with the corpus state)

namespace kabar::corpus::codec {

/// Reads one varint (at most 10 bytes); false on truncated or over-long input.
inline bool get_varint(std::string_view& in, uint64_t& v) {
  v = 0;
  for (int shift = 0, i = 0; i < 10; ++i, shift += 7) {
    if (in.empty()) return false;
    const auto b = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    if (i == 9 && b > 1) return false;
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

/// A varint that must be ≤ `max`.
inline bool get_bounded(std::string_view& in, uint64_t max, uint64_t& v) { return get_varint(in, v) && v <= max; }

/// A count of items that take at least `min_bytes` each (≥ 1): it must fit in what remains after
/// the count itself, so no reader allocates more than the input can justify.
inline bool get_count(std::string_view& in, size_t min_bytes, uint64_t& n) {
  return get_varint(in, n) && n <= in.size() / min_bytes;
}

/// Zigzag for signed deltas.
inline uint64_t zigzag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
inline int64_t unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

inline bool get_string(std::string_view& in, std::string& s) {
  uint64_t n;
  if (!get_count(in, 1, n)) return false;
  s.assign(in.substr(0, n));
  in.remove_prefix(n);
  return true;
}

/// A double: a varint when it is a whole number in [0, 2^53) (`whole` set), else its 8 bytes.
inline bool is_whole(double v) { return v >= 0 && v < 9007199254740992.0 && v == static_cast<double>(static_cast<uint64_t>(v)); }
inline void put_double(std::string& out, double v) {
  if (is_whole(v)) {
    put_varint(out, static_cast<uint64_t>(v));
    return;
  }
  char b[8];
  std::memcpy(b, &v, 8);
  out.append(b, 8);
}
inline bool get_double(std::string_view& in, bool whole, double& v) {
  if (whole) {
    uint64_t n;
    if (!get_bounded(in, (uint64_t{1} << 53) - 1, n)) return false;
    v = static_cast<double>(n);
    return true;
  }
  if (in.size() < 8) return false;
  std::memcpy(&v, in.data(), 8);
  in.remove_prefix(8);
  return true;
}

/// Distinct strings of one record, written once and referred to by index.
class StringTable {
 public:
  /// Index of `s`, adding it when new.
  uint64_t id(const std::string& s) {
    auto [it, fresh] = index_.emplace(s, strings_.size());
    if (fresh) strings_.push_back(&it->first);
    return it->second;
  }
  void write(std::string& out) const {
    put_varint(out, strings_.size());
    for (const std::string* s : strings_) put_string(out, *s);
  }

 private:
  std::unordered_map<std::string, uint64_t> index_;
  std::vector<const std::string*> strings_;  // pointers into index_ keys (stable)
};

/// Reads a string table: each entry takes at least one byte, so the count is bounded by the input.
inline bool get_table(std::string_view& in, std::vector<std::string>& table) {
  uint64_t n;
  if (!get_count(in, 1, n)) return false;
  table.assign(n, {});
  for (auto& s : table) {
    if (!get_string(in, s)) return false;
  }
  return true;
}

inline bool get_ref(std::string_view& in, const std::vector<std::string>& table, std::string& s) {
  uint64_t i;
  if (!get_varint(in, i) || i >= table.size()) return false;
  s = table[i];
  return true;
}

}  // namespace kabar::corpus::codec
