#include "kabar/core/hash.h"

namespace kabar {

std::string content_id(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t h = hash64(bytes);
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[i] = kHex[h & 0xF];
  return out;
}

}  // namespace kabar
