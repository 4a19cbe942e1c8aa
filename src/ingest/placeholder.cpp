// TEMPORARY: replaced by the ingest module's real readers.
#include "kabar/ingest/reader.h"

namespace kabar::ingest {
void read_paths(const std::vector<std::string>&, const ReadOptions&,
                const std::function<void(ReadResult)>&) {}
Result<Document> make_document(std::string, std::string_view, DocumentMeta, const ReadOptions&) {
  return Error{"not implemented"};
}
}  // namespace kabar::ingest
