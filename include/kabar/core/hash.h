#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace kabar {

/// The FNV-1a state of hash64 before any byte (for `seed`).
constexpr uint64_t hash64_start(uint64_t seed = 0) { return 0xcbf29ce484222325ULL ^ seed; }

/// Runs the FNV-1a state on over `bytes`: hashing a key in pieces gives the same state as
/// hashing it whole.
inline uint64_t hash64_update(uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

/// The splitmix64 finaliser hash64 applies to the state (FNV alone mixes the high bits poorly).
constexpr uint64_t hash64_finish(uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

/// 64-bit FNV-1a-then-mix hash of bytes; deterministic across platforms and runs.
inline uint64_t hash64(std::string_view bytes, uint64_t seed = 0) {
  return hash64_finish(hash64_update(hash64_start(seed), bytes));
}

/// 16 lower-case hex digits of hash64(bytes): the document id.
std::string content_id(std::string_view bytes);

}  // namespace kabar
