#include "kabar/text/normalize.h"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>

#include <numeric>

#include "kabar/core/utf8.h"

namespace kabar::text {
namespace {

enum class CpAction : uint8_t { kKeep, kDrop, kSpace, kNewline };

CpAction classify(char32_t c) {
  if (c < 0x80) {
    if (c == '\n' || c == '\t') return CpAction::kKeep;
    if (c == '\r' || c == '\v' || c == '\f') return CpAction::kNewline;
    if (c < 0x20 || c == 0x7F) return CpAction::kDrop;
    return CpAction::kKeep;
  }
  if (c < 0xA0) return c == 0x85 ? CpAction::kNewline : CpAction::kDrop;  // C1 controls, NEL
  switch (c) {
    case 0xA0:
    case 0x1680:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return CpAction::kSpace;
    case 0xAD:
    case 0x200B:
    case 0x200C:
    case 0x200E:
    case 0x200F:
    case 0x2060:
    case 0xFEFF:
      return CpAction::kDrop;
    case 0x2028:
    case 0x2029:
      return CpAction::kNewline;
    default:
      break;
  }
  if (c >= 0x2000 && c <= 0x200A) return CpAction::kSpace;
  return CpAction::kKeep;
}

const icu::Normalizer2* nfc() {
  static const icu::Normalizer2* n = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* p = icu::Normalizer2::getNFCInstance(status);
    return U_SUCCESS(status) ? p : nullptr;
  }();
  return n;
}

// Cleans line breaks, spaces, controls and zero-width characters; fills `map` (output byte →
// input byte). Invalid bytes are replaced by U+FFFD so the result is always valid UTF-8.
void clean(std::string_view in, std::string& out, std::vector<uint32_t>& map) {
  out.clear();
  map.clear();
  out.reserve(in.size());
  map.reserve(in.size() + 1);
  size_t i = 0;
  while (i < in.size()) {
    const size_t start = i;
    unsigned char b = static_cast<unsigned char>(in[i]);
    char32_t c;
    if (b < 0x80) {
      c = b;
      ++i;
    } else {
      c = utf8::next(in, i);
    }
    if (c == '\r') {
      out += '\n';
      map.push_back(static_cast<uint32_t>(start));
      if (i < in.size() && in[i] == '\n') ++i;  // "\r\n" → one "\n"
      continue;
    }
    switch (classify(c)) {
      case CpAction::kDrop:
        break;
      case CpAction::kSpace:
        out += ' ';
        map.push_back(static_cast<uint32_t>(start));
        break;
      case CpAction::kNewline:
        out += '\n';
        map.push_back(static_cast<uint32_t>(start));
        break;
      case CpAction::kKeep: {
        const size_t before = out.size();
        if (c == 0xFFFD && i - start == 1) {
          utf8::append(out, c);
        } else {
          out.append(in.data() + start, i - start);
        }
        for (size_t k = before; k < out.size(); ++k) map.push_back(static_cast<uint32_t>(start));
        break;
      }
    }
  }
  map.push_back(static_cast<uint32_t>(in.size()));
}

// True when `in` needs no cleaning (then only NFC may change it).
bool needs_cleaning(std::string_view in) {
  size_t i = 0;
  const size_t n = in.size();
  while (i < n) {
    unsigned char b = static_cast<unsigned char>(in[i]);
    if (b < 0x80) {
      if (b < 0x20 ? (b != '\n' && b != '\t') : b == 0x7F) return true;
      ++i;
      continue;
    }
    if (utf8::valid_sequence_length(in, i) == 0) return true;
    if (classify(utf8::next(in, i)) != CpAction::kKeep) return true;
  }
  return false;
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

class StringSink : public icu::ByteSink {
 public:
  explicit StringSink(std::string& s) : s_(s) {}
  void Append(const char* bytes, int32_t n) override { s_.append(bytes, static_cast<size_t>(n)); }

 private:
  std::string& s_;
};

}  // namespace

Normalized normalize(std::string_view utf8) {
  Normalized n;
  const bool dirty = needs_cleaning(utf8);
  std::string cleaned;
  std::vector<uint32_t> map;
  if (dirty) {
    clean(utf8, cleaned, map);
  }
  const std::string_view src = dirty ? std::string_view(cleaned) : utf8;

  const icu::Normalizer2* norm = nfc();
  bool is_nfc = true;
  if (norm != nullptr && !is_ascii(src)) {
    UErrorCode status = U_ZERO_ERROR;
    is_nfc = norm->isNormalizedUTF8(icu::StringPiece(src.data(), static_cast<int32_t>(src.size())),
                                    status) ||
             U_FAILURE(status);
  }
  if (is_nfc) {
    if (dirty) {
      n.text = std::move(cleaned);
      n.to_original = std::move(map);
    } else {
      n.text.assign(utf8);
      n.to_original.resize(utf8.size() + 1);
      std::iota(n.to_original.begin(), n.to_original.end(), 0u);
    }
    return n;
  }

  // NFC with edits: unchanged runs map byte for byte, changed runs map to their source start.
  icu::Edits edits;
  UErrorCode status = U_ZERO_ERROR;
  std::string out;
  out.reserve(src.size());
  StringSink sink(out);
  norm->normalizeUTF8(0, icu::StringPiece(src.data(), static_cast<int32_t>(src.size())), sink,
                      &edits, status);
  const auto src_map = [&](size_t k) -> uint32_t {
    return dirty ? map[k] : static_cast<uint32_t>(k);
  };
  if (U_FAILURE(status)) {
    n.text.assign(src);
    n.to_original.resize(src.size() + 1);
    for (size_t k = 0; k <= src.size(); ++k) n.to_original[k] = src_map(k);
    return n;
  }
  n.to_original.reserve(out.size() + 1);
  icu::Edits::Iterator it = edits.getFineIterator();
  while (it.next(status) && U_SUCCESS(status)) {
    const size_t s = static_cast<size_t>(it.sourceIndex());
    const size_t d_len = static_cast<size_t>(it.newLength());
    if (it.hasChange()) {
      for (size_t k = 0; k < d_len; ++k) n.to_original.push_back(src_map(s));
    } else {
      for (size_t k = 0; k < d_len; ++k) n.to_original.push_back(src_map(s + k));
    }
  }
  n.to_original.resize(out.size(), n.to_original.empty() ? 0 : n.to_original.back());
  n.to_original.push_back(static_cast<uint32_t>(utf8.size()));
  n.text = std::move(out);
  return n;
}

std::string fold_punctuation(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out += static_cast<char>(b);
      ++i;
      continue;
    }
    const size_t start = i;
    char32_t c = utf8::next(s, i);
    switch (c) {
      case 0x201C:
      case 0x201D:
      case 0x201E:
      case 0x201F:
      case 0xAB:
      case 0xBB:
      case 0x2033:
      case 0x301D:
      case 0x301E:
      case 0xFF02:
        out += '"';
        break;
      case 0x2018:
      case 0x2019:
      case 0x201A:
      case 0x201B:
      case 0x2039:
      case 0x203A:
      case 0x2032:
      case 0xB4:
        out += '\'';
        break;
      case 0x2010:
      case 0x2011:
      case 0x2012:
      case 0x2013:
      case 0x2014:
      case 0x2015:
      case 0x2212:
      case 0xFE58:
      case 0xFE63:
      case 0xFF0D:
        out += '-';
        break;
      case 0x2026:
        out += "...";
        break;
      default:
        out.append(s.data() + start, i - start);
    }
  }
  return out;
}

}  // namespace kabar::text
