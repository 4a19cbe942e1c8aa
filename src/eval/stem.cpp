#include "kabar/eval/stem.h"

#include <cstdio>
#include <string>

#include "kabar/core/data_dir.h"
#include "kabar/lang/id/stemmer.h"

namespace kabar::eval {

namespace {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

Result<Report> stem(const std::filesystem::path& pairs_file,
                    const std::optional<std::filesystem::path>& lexicon_file,
                    const std::filesystem::path& kabar_data_dir) {
  auto lines = read_lines(pairs_file);
  if (!lines) return lines.error();
  auto stemmer = lexicon_file ? lang::id::Stemmer::load_lexicon(*lexicon_file, kabar_data_dir)
                              : lang::id::Stemmer::load(kabar_data_dir);
  if (!stemmer) return stemmer.error();

  nlohmann::json failures = nlohmann::json::array();
  size_t n = 0, correct = 0;
  for (const std::string& line : *lines) {
    size_t tab = line.find('\t');
    if (tab == std::string::npos)
      return Error{pairs_file.string() + ": expected 'word<TAB>root' in line: " + line};
    std::string word = ascii_lower(trim(std::string_view(line).substr(0, tab)));
    std::string expected = ascii_lower(trim(std::string_view(line).substr(tab + 1)));
    std::string got;
    for (const std::string& w : split(word, ' ')) {
      if (w.empty()) continue;
      if (!got.empty()) got += ' ';
      got += stemmer->stem(w);
    }
    ++n;
    if (got == expected) {
      ++correct;
    } else {
      failures.push_back({{"word", word}, {"expected", expected}, {"got", got}});
    }
  }
  if (n == 0) return Error{pairs_file.string() + ": no word pairs"};

  Report r;
  const double accuracy = static_cast<double>(correct) / static_cast<double>(n);
  r.figures["accuracy"] = accuracy;
  r.figures["n"] = n;
  r.figures["correct"] = correct;
  r.figures["lexicon"] = lexicon_file ? lexicon_file->string() : std::string("shipped");
  r.figures["lexicon_size"] = stemmer->lexicon_size();
  r.figures["failures"] = failures;

  char buf[160];
  std::snprintf(buf, sizeof buf, "stem  %s\n  accuracy %.4f  (%zu/%zu)  lexicon %s (%zu roots)\n",
                pairs_file.filename().string().c_str(), accuracy, correct, n,
                lexicon_file ? lexicon_file->filename().string().c_str() : "shipped",
                stemmer->lexicon_size());
  r.table = buf;
  if (!failures.empty()) {
    r.table += "  failures (word → got, expected):\n";
    for (const auto& f : failures) {
      r.table += "    " + f["word"].get<std::string>() + " → " + f["got"].get<std::string>() +
                 " (expected " + f["expected"].get<std::string>() + ")\n";
    }
  }
  return r;
}

}  // namespace kabar::eval
