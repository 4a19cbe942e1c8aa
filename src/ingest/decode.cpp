// Byte decoding and Document construction: BOMs, UTF-16, binary detection, UTF-8 repair.
#include <unicode/ustring.h>

#include <cstdio>
#include <cstring>

#include "internal.h"
#include "kabar/core/hash.h"
#include "kabar/core/utf8.h"
#include "kabar/text/normalize.h"

namespace kabar::ingest {
namespace detail {
namespace {

std::string format_size(size_t n) {
  char buf[64];
  constexpr double kMb = 1024.0 * 1024.0;
  if (n >= 1024 * 1024) {
    double mb = double(n) / kMb;
    if (n % (1024 * 1024) == 0) {
      std::snprintf(buf, sizeof buf, "%zu MB", n / (1024 * 1024));
    } else {
      std::snprintf(buf, sizeof buf, "%.1f MB", mb);
    }
  } else if (n >= 1024) {
    if (n % 1024 == 0) {
      std::snprintf(buf, sizeof buf, "%zu KB", n / 1024);
    } else {
      std::snprintf(buf, sizeof buf, "%.1f KB", double(n) / 1024.0);
    }
  } else {
    std::snprintf(buf, sizeof buf, "%zu bytes", n);
  }
  return buf;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Windows-1252 bytes 0x80..0x9F; 0 marks the five undefined positions.
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

std::string decode_cp1252(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (unsigned char c : bytes) {
    if (c < 0x80) {
      out += char(c);
    } else if (c < 0xA0) {
      char16_t cp = kCp1252High[c - 0x80];
      utf8::append(out, cp ? char32_t(cp) : char32_t(0xFFFD));
    } else {
      utf8::append(out, c);
    }
  }
  return out;
}

enum class Utf16 { kNone, kLe, kBe };

// UTF-16 without a BOM: most code units of Latin text have a zero high byte.
Utf16 sniff_utf16(std::string_view b) {
  size_t n = std::min<size_t>(b.size(), 4096) & ~size_t(1);
  if (n < 8) return Utf16::kNone;
  size_t zero_even = 0, zero_odd = 0;
  for (size_t i = 0; i < n; i += 2) {
    zero_even += b[i] == 0;
    zero_odd += b[i + 1] == 0;
  }
  size_t pairs = n / 2;
  if (zero_odd * 10 >= pairs * 4 && zero_even * 20 < pairs) return Utf16::kLe;
  if (zero_even * 10 >= pairs * 4 && zero_odd * 20 < pairs) return Utf16::kBe;
  return Utf16::kNone;
}

// Decodes UTF-16 code units (after the BOM) with ICU; unpaired surrogates become U+FFFD.
Result<Decoded> decode_utf16(std::string_view name, std::string_view b, Utf16 order) {
  Decoded d;
  std::u16string units(b.size() / 2, u'\0');
  for (size_t i = 0; i + 1 < b.size(); i += 2) {
    auto lo = static_cast<unsigned char>(b[i]), hi = static_cast<unsigned char>(b[i + 1]);
    if (order == Utf16::kBe) std::swap(lo, hi);
    units[i / 2] = char16_t(lo | (hi << 8));
  }
  if (b.size() % 2)
    d.warnings.push_back("UTF-16 text has an odd number of bytes (last byte dropped)");
  if (units.find(u'\0') != std::u16string::npos) {
    return Error{std::string(name) +
                 ": binary file (NUL characters in UTF-16 text), not a text document"};
  }
  UErrorCode err = U_ZERO_ERROR;
  int32_t len = 0, subs = 0;
  u_strToUTF8WithSub(nullptr, 0, &len, units.data(), int32_t(units.size()), 0xFFFD, &subs, &err);
  if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) {
    return Error{std::string(name) + ": cannot decode UTF-16 (" + u_errorName(err) + ")"};
  }
  err = U_ZERO_ERROR;
  d.text.resize(size_t(len));
  u_strToUTF8WithSub(d.text.data(), len, &len, units.data(), int32_t(units.size()), 0xFFFD, &subs,
                     &err);
  if (U_FAILURE(err)) {
    return Error{std::string(name) + ": cannot decode UTF-16 (" + u_errorName(err) + ")"};
  }
  if (subs > 0) {
    d.warnings.push_back("invalid UTF-16 repaired (" + std::to_string(subs) + " code units)");
  }
  return d;
}

bool is_trim_space(std::string_view s, size_t i, size_t& len) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
    len = 1;
    return true;
  }
  if (c < 0x80) return false;
  size_t j = i;
  char32_t cp = utf8::next(s, j);
  bool space = cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 ||
               cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF || cp == 0x180E;
  len = j - i;
  return space;
}

// Position of the last code point start at or before i (i < s.size()).
size_t cp_start(std::string_view s, size_t i) {
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

}  // namespace

Error size_error(std::string_view name, size_t size, size_t max_bytes) {
  return Error{std::string(name) + ": document is " + format_size(size) + ", over the " +
               format_size(max_bytes) + " limit (--max-size)"};
}

std::optional<std::string> binary_reason(std::string_view b) {
  struct Magic {
    std::string_view bytes;
    const char* what;
  };
  static const Magic kMagic[] = {
      {"%PDF", "PDF document"},
      {std::string_view("PK\x03\x04", 4), "ZIP archive or office document"},
      {"\x7f"
       "ELF",
       "ELF executable"},
      {"\x89PNG\r\n\x1a\n", "PNG image"},
      {"\xFF\xD8\xFF", "JPEG image"},
      {"GIF87a", "GIF image"},
      {"GIF89a", "GIF image"},
      {"\x1f\x8b", "gzip data"},
      {"\xFD"
       "7zXZ",
       "xz data"},
      {"7z\xBC\xAF\x27\x1C", "7-Zip archive"},
      {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "OLE document (old Office file)"},
      {"%!PS", "PostScript document"},
      {"OggS", "Ogg media"},
      {"fLaC", "FLAC audio"},
      {"ID3\x03", "MP3 audio"},
      {"ID3\x04", "MP3 audio"},
      {"wOFF", "WOFF font"},
      {"SQLite format 3", "SQLite database"},
  };
  for (const auto& m : kMagic) {
    if (starts_with(b, m.bytes)) return std::string(m.what);
  }
  if (starts_with(b, "RIFF") && b.size() >= 12) {
    std::string_view kind = b.substr(8, 4);
    if (kind == "WEBP") return std::string("WebP image");
    if (kind == "WAVE") return std::string("WAV audio");
    return std::string("RIFF media");
  }
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp") return std::string("MP4/ISO media");
  size_t control = 0;
  for (unsigned char c : b) {
    if (c < 0x20) {
      if (c == 0) return std::string("NUL bytes");
      if (c != '\t' && c != '\n' && c != '\r') ++control;
    }
  }
  if (!b.empty() && control * 10 > b.size()) {
    return std::to_string(control * 100 / b.size()) + "% control characters";
  }
  return std::nullopt;
}

size_t repair_utf8(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size() + 8);
  size_t bad = 0, i = 0, run = 0;
  while (i < in.size()) {
    if (static_cast<unsigned char>(in[i]) < 0x80) {
      ++i;
      ++run;
      continue;
    }
    size_t len = utf8::valid_sequence_length(in, i);
    if (len) {
      i += len;
      run += len;
      continue;
    }
    out.append(in.substr(i - run, run));
    run = 0;
    out.append("\xEF\xBF\xBD");
    ++bad;
    ++i;
  }
  out.append(in.substr(i - run, run));
  return bad;
}

Result<Decoded> decode(std::string_view name, std::string_view b) {
  if (starts_with(b, "\xEF\xBB\xBF")) {
    b.remove_prefix(3);
  } else if (starts_with(b, "\xFF\xFE") && !starts_with(b, std::string_view("\xFF\xFE\0\0", 4))) {
    return decode_utf16(name, b.substr(2), Utf16::kLe);
  } else if (starts_with(b, "\xFE\xFF")) {
    return decode_utf16(name, b.substr(2), Utf16::kBe);
  } else if (Utf16 order = sniff_utf16(b); order != Utf16::kNone) {
    auto d = decode_utf16(name, b, order);
    if (d) {
      d->warnings.insert(d->warnings.begin(), order == Utf16::kLe ? "decoded as UTF-16LE (no BOM)"
                                                                  : "decoded as UTF-16BE (no BOM)");
    }
    return d;
  }
  if (auto why = binary_reason(b)) {
    return Error{std::string(name) + ": binary file (" + *why + "), not a text document"};
  }
  Decoded d;
  size_t bad = repair_utf8(b, d.text);
  if (bad > 0) {
    // No valid multi-byte sequence at all: an 8-bit legacy file, most likely Windows-1252.
    bool any_multibyte = false;
    for (size_t i = 0; i < b.size() && !any_multibyte;) {
      size_t len = utf8::valid_sequence_length(b, i);
      if (len > 1) any_multibyte = true;
      i += len ? len : 1;
    }
    if (!any_multibyte) {
      d.text = decode_cp1252(b);
      d.warnings.push_back("not UTF-8: decoded as Windows-1252");
    } else {
      d.warnings.push_back("invalid UTF-8 repaired (" + std::to_string(bad) +
                           (bad == 1 ? " byte)" : " bytes)"));
    }
  }
  return d;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = char(c + 32);
  }
  return out;
}

std::string clean_inline(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (size_t i = 0; i < s.size();) {
    size_t len = 1;
    if (is_trim_space(s, i, len)) {
      pending_space = !out.empty();
      i += len;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

Result<Document> document_from_utf8(std::string name, std::string_view text, DocumentMeta meta,
                                    std::vector<std::string> warnings) {
  text::Normalized n = text::normalize(text);
  std::string_view t = n.text;
  size_t begin = 0, end = t.size(), len = 0;
  while (begin < end && is_trim_space(t, begin, len)) begin += len;
  while (end > begin) {
    size_t s = cp_start(t, end - 1);
    if (!is_trim_space(t, s, len)) break;
    end = s;
  }
  if (begin == end) return Error{name + ": empty document"};
  Document doc;
  doc.text.assign(t.substr(begin, end - begin));
  if (n.to_original.size() == n.text.size() + 1) {
    doc.to_original.assign(n.to_original.begin() + long(begin),
                           n.to_original.begin() + long(end) + 1);
  } else {  // defensive: a normaliser without a map; identity into the normalised text
    doc.to_original.resize(doc.text.size() + 1);
    for (size_t i = 0; i <= doc.text.size(); ++i) doc.to_original[i] = uint32_t(begin + i);
  }
  doc.id = content_id(doc.text);
  doc.path = std::move(name);
  auto clean = [](std::optional<std::string>& v) {
    if (!v) return;
    std::string fixed;
    repair_utf8(*v, fixed);
    *v = clean_inline(fixed);
    if (v->empty()) v.reset();
  };
  clean(meta.title);
  clean(meta.url);
  clean(meta.outlet);
  clean(meta.author);
  clean(meta.published);
  doc.meta = std::move(meta);
  doc.ingest_warnings = std::move(warnings);
  return doc;
}

}  // namespace detail

Result<Document> make_document(std::string name, std::string_view bytes, DocumentMeta meta,
                               const ReadOptions& options) {
  if (bytes.size() > options.max_bytes)
    return detail::size_error(name, bytes.size(), options.max_bytes);
  auto d = detail::decode(name, bytes);
  if (!d) return d.error();
  return detail::document_from_utf8(std::move(name), d->text, std::move(meta),
                                    std::move(d->warnings));
}

}  // namespace kabar::ingest
