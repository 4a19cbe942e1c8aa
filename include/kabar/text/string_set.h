#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "kabar/core/hash.h"

namespace kabar::text {

/// A set of short byte strings (each with an optional 16-bit value) in one open-addressing array (linear probing, load ≤ 1/2) with the
/// bytes in one arena: a look-up hashes the key once (hash64) and compares at most a few slots,
/// without allocating. For the word lists read at start-up and looked up per token. Insert-only;
/// immutable after loading, so safe to share between threads. Keys up to 64 KiB − 1 bytes.
class StringSet {
 public:
  /// Adds `key` with a small `value` (keeps the first value when present).
  void insert(std::string_view key, uint16_t value = 0) {
    if (key.size() > 0xFFFF) return;
    if ((size_ + 1) * 2 > slots_.size()) grow();
    const uint64_t h = hash64(key);
    if (place(key, h)) return;
    Slot& s = slots_[probe_end_];
    s.hash = static_cast<uint32_t>(h >> 32) | 1u;
    s.offset = static_cast<uint32_t>(arena_.size());
    s.len = static_cast<uint16_t>(key.size());
    s.value = value;
    arena_.append(key);
    ++size_;
  }

  /// True when `key` is in the set.
  bool contains(std::string_view key) const { return find(key) >= 0; }

  /// The value stored with `key`, or -1 when `key` is not in the set.
  int find(std::string_view key) const {
    if (slots_.empty()) return -1;
    const uint64_t h = hash64(key);
    const uint32_t tag = static_cast<uint32_t>(h >> 32) | 1u;
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.hash == 0) return -1;
      if (s.hash == tag && s.len == key.size() &&
          std::memcmp(arena_.data() + s.offset, key.data(), key.size()) == 0)
        return s.value;
    }
  }

  size_t size() const { return size_; }

 private:
  struct Slot {
    uint32_t hash = 0;  // high half of hash64 with the low bit set; 0 = empty
    uint32_t offset = 0;
    uint16_t len = 0;
    uint16_t value = 0;
  };

  // True when `key` is present; otherwise leaves the free slot for it in probe_end_.
  bool place(std::string_view key, uint64_t h) {
    const uint32_t tag = static_cast<uint32_t>(h >> 32) | 1u;
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.hash == 0) {
        probe_end_ = i;
        return false;
      }
      if (s.hash == tag && s.len == key.size() &&
          std::memcmp(arena_.data() + s.offset, key.data(), key.size()) == 0)
        return true;
    }
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    const size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.hash == 0) continue;
      const uint64_t h = hash64(std::string_view(arena_.data() + s.offset, s.len));
      size_t i = h & mask;
      while (slots_[i].hash != 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  std::string arena_;
  size_t size_ = 0;
  size_t probe_end_ = 0;
};

}  // namespace kabar::text
