#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace kabar {

/// 64-bit FNV-1a-then-mix hash of bytes; deterministic across platforms and runs.
uint64_t hash64(std::string_view bytes, uint64_t seed = 0);

/// 16 lower-case hex digits of hash64(bytes): the document id.
std::string content_id(std::string_view bytes);

}  // namespace kabar
