#include "timeml.h"

#include <algorithm>

#include "kabar/core/data_dir.h"

namespace kabar::eval {

namespace fs = std::filesystem;

namespace {

std::string attribute(std::string_view tag, std::string_view name) {
  std::string key = std::string(name) + "=\"";
  size_t p = tag.find(key);
  if (p == std::string_view::npos) return {};
  p += key.size();
  size_t e = tag.find('"', p);
  return e == std::string_view::npos ? std::string() : std::string(tag.substr(p, e - p));
}

// Appends `s` with the XML entities of TimeML files decoded.
void append_unescaped(std::string_view s, std::string& out) {
  static const std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};
  for (size_t i = 0; i < s.size();) {
    bool done = false;
    if (s[i] == '&') {
      for (auto [from, to] : kEntities) {
        if (s.substr(i, from.size()) == from) {
          out += to;
          i += from.size();
          done = true;
          break;
        }
      }
    }
    if (!done) out += s[i++];
  }
}

// The text of an element with its tags stripped; gold TIMEX3 spans recorded when `gold` is set.
std::string strip(std::string_view body, std::vector<GoldTimex>* gold) {
  std::string out;
  GoldTimex open;
  bool in_timex = false;
  for (size_t i = 0; i < body.size();) {
    if (body[i] != '<') {
      size_t next = body.find('<', i);
      append_unescaped(body.substr(i, next == std::string_view::npos ? std::string_view::npos : next - i), out);
      i = next == std::string_view::npos ? body.size() : next;
      continue;
    }
    size_t close = body.find('>', i);
    if (close == std::string_view::npos) break;
    std::string_view tag = body.substr(i, close - i + 1);
    if (gold && tag.rfind("<TIMEX3", 0) == 0) {
      open = {static_cast<uint32_t>(out.size()), 0, attribute(tag, "type"), attribute(tag, "value")};
      in_timex = true;
    } else if (gold && tag.rfind("</TIMEX3", 0) == 0 && in_timex) {
      open.end = static_cast<uint32_t>(out.size());
      gold->push_back(open);
      in_timex = false;
    }
    i = close + 1;
  }
  return out;
}

std::string_view element(std::string_view xml, std::string_view name) {
  std::string open = "<" + std::string(name) + ">", close = "</" + std::string(name) + ">";
  size_t b = xml.find(open);
  if (b == std::string_view::npos) return {};
  b += open.size();
  size_t e = xml.find(close, b);
  return e == std::string_view::npos ? std::string_view{} : xml.substr(b, e - b);
}

}  // namespace

Result<TimeMlDocument> read_timeml(const fs::path& path) {
  auto xml = read_file(path);
  if (!xml) return xml.error();
  TimeMlDocument d;
  d.id = path.stem().string();
  std::string_view dct = element(*xml, "DCT");
  size_t t = dct.find("<TIMEX3");
  if (t == std::string_view::npos) return Error{path.string() + ": no DCT TIMEX3"};
  d.dct = attribute(dct.substr(t, dct.find('>', t) - t), "value").substr(0, 10);
  d.title = strip(element(*xml, "TITLE"), nullptr);
  std::string_view text = element(*xml, "TEXT");
  if (text.empty()) return Error{path.string() + ": no TEXT element"};
  d.text = strip(text, &d.gold);
  return d;
}

std::vector<fs::path> timeml_files(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".tml") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace kabar::eval
