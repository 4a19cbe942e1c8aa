#pragma once
#include <filesystem>
#include <memory>
#include <vector>

#include "kabar/core/result.h"
#include "kabar/extract/analysis.h"

namespace kabar::extract {

/// Outlet, byline, dateline, initials and cited wire agencies of a document, from metadata
/// (outlet, author) first and else the text's own signatures: "JAKARTA, KOMPAS.com -",
/// "TEMPO.CO, Jakarta -", "MOSKOW (AFP) -", "Penulis:/Reporter:/Pewarta:" lines, a trailing
/// "(Nama)" or "(Kompas.com/Nama)", sign-offs "(bbn)"/"[SB]" (initials, not bylines), and agencies
/// cited as sources ("Dilansir AFP", "seperti dikutip oleh kantor berita Rusia TASS").
/// Names are normalised with data/provenance/outlets.tsv and wires.tsv. Immutable; thread-safe.
class ProvenanceReader {
 public:
  /// Loads data/provenance/*; the Error names the file that failed.
  static Result<ProvenanceReader> load(const std::filesystem::path& data_dir);

  /// Reads in.doc (text and metadata) and fills `out` (reset first), with evidence spans.
  void annotate(const Analysis& in, Provenance& out) const;

  struct Lexicon;  // defined in src/extract/provenance.cpp

 private:
  std::shared_ptr<const Lexicon> lex_;
};

}  // namespace kabar::extract
