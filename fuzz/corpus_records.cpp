// Fuzz target: the compact per-document records of the cross-document layer on any bytes: a
// mentions record (corpus::decode_mentions) followed by a claim-candidates record
// (corpus::decode_candidates). Malformed input must be refused without consuming it; what
// decodes must re-encode to bytes that decode to the same values.
#include <string>
#include <vector>

#include "fuzz_common.h"
#include "kabar/corpus/claims.h"
#include "kabar/corpus/entities.h"

namespace {

bool same(const std::vector<kabar::extract::EntityMention>& a, const std::vector<kabar::extract::EntityMention>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!(a[i].span == b[i].span) || a[i].type != b[i].type || a[i].text != b[i].text || a[i].role != b[i].role ||
        a[i].linked_country != b[i].linked_country || a[i].role_span != b[i].role_span ||
        a[i].from_gazetteer != b[i].from_gazetteer)
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kabar;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string_view in = bytes;
  std::vector<extract::EntityMention> m;
  if (!corpus::decode_mentions(in, m)) {
    if (in.size() != size) fuzz::fail("decode_mentions consumed input it refused");
    return 0;
  }
  if (in.size() >= size || m.size() > size) fuzz::fail("decode_mentions read nothing or too many mentions");
  std::string again;
  corpus::encode_mentions(m, again);
  std::string_view back = again;
  std::vector<extract::EntityMention> m2;
  if (!corpus::decode_mentions(back, m2) || !back.empty() || !same(m, m2))
    fuzz::fail("mentions do not round-trip");

  const size_t rest = in.size();
  std::vector<corpus::ClaimCandidate> c;
  if (!corpus::decode_candidates(in, c)) {
    if (in.size() != rest) fuzz::fail("decode_candidates consumed input it refused");
    return 0;
  }
  if (c.size() > rest) fuzz::fail("decode_candidates read too many candidates");
  again.clear();
  corpus::encode_candidates(c, again);
  back = again;
  std::vector<corpus::ClaimCandidate> c2;
  if (!corpus::decode_candidates(back, c2) || !back.empty()) fuzz::fail("candidates do not decode again");
  // NaN values compare unequal to themselves: compare the re-encoded bytes instead.
  std::string third;
  corpus::encode_candidates(c2, third);
  if (third != again) fuzz::fail("candidates do not round-trip");
  return 0;
}
