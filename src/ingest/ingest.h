// Ingest: turns input files into Documents (text plus metadata), one at a time, in input order.
//
// Inputs are paths or "-" (standard input). A directory is walked recursively in sorted path
// order. By extension: ".txt" is plain text; ".html"/".htm" is parsed with gumbo, keeping the
// article text (paragraphs, headings, list items) and dropping scripts, styles, navigation,
// headers, footers, asides, forms and buttons; ".jsonl" holds one document per line with the
// fields id, text, date, title, publisher, url (other fields kept as DocumentMeta::extra); a
// further ".zst" means zstd-compressed (e.g. "news.jsonl.zst"). Files of other extensions found
// while walking a directory are skipped; named explicitly they are read as plain text. Standard
// input is read as JSONL when its first non-blank byte is '{', else as one plain-text document
// with id "stdin".
//
// A document's id is its file's base name without extensions ("000.txt" → "000"); a JSONL line
// without an "id" gets "<base>:<line>". Text is checked to be UTF-8 (else an InvalidInput error
// naming the file and byte offset: "a.txt: invalid UTF-8 at byte 1832"), line ends are
// normalised to "\n", and it is put in Unicode NFC (ICU); typographic quotes and dashes stay as
// they are. An empty or whitespace-only document, a binary file (NUL bytes) and a malformed
// JSONL line are errors too. Each error skips only that document; the reader goes on.
//
// Thread safety: a DocumentReader is used from one thread.
#ifndef CASUS_INGEST_INGEST_H_
#define CASUS_INGEST_INGEST_H_

#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "core/document.h"
#include "core/status.h"

namespace casus {

// Metadata for documents that carry none, keyed by document id (casus code --meta FILE.jsonl).
// Each line: {"id": ..., "published"|"date": "YYYY-MM-DD", "title": ..., "publisher": ...,
// "url": ...}; other fields are ignored.
struct MetaRecord {
  std::optional<Date> published;
  std::string title;
  std::string publisher;
  std::string url;
};
using MetaTable = std::unordered_map<std::string, MetaRecord>;

// Reads a metadata file; malformed lines are errors naming the file and line.
Status LoadMetaTable(const std::string& path, MetaTable* table);

struct IngestOptions {
  // Publication date for documents whose input gives none (casus code --date).
  std::optional<Date> default_date;
  // Metadata by document id; it fills fields the input itself leaves empty.
  const MetaTable* meta = nullptr;
  // Largest document accepted, in bytes (a larger one is an error, not a crash).
  size_t max_document_bytes = size_t{64} << 20;
};

// Counts of what a reader has done so far.
struct IngestStats {
  size_t files = 0;
  size_t documents = 0;  // documents handed out
  size_t errors = 0;     // documents or files skipped with an error
  size_t bytes = 0;      // text bytes handed out
};

class DocumentReader {
 public:
  // Expands `inputs` (files, directories, "-") into the list of sources to read. Fails only when
  // an input does not exist or cannot be listed; `stdin_stream` replaces std::cin (for tests).
  static Status Open(const std::vector<std::string>& inputs, const IngestOptions& options,
                     std::unique_ptr<DocumentReader>* reader, std::istream* stdin_stream = nullptr);

  DocumentReader(const DocumentReader&) = delete;
  DocumentReader& operator=(const DocumentReader&) = delete;
  ~DocumentReader();

  // Fills `*doc` with the next document and returns true, or returns false at the end.
  // Every document or file skipped on the way is reported through `on_error` (the reader then
  // goes on to the next one).
  bool Next(Document* doc, const std::function<void(const Status&)>& on_error);

  [[nodiscard]] const IngestStats& stats() const { return stats_; }

 private:
  struct Source;
  DocumentReader();
  IngestStats stats_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Building blocks, exposed for tests and for other front ends.
namespace ingest {

// "a/b/000.txt" → "000"; "x.jsonl.zst" → "x".
std::string DocumentIdFromPath(std::string_view path);
// Checks UTF-8, folds CRLF/CR to LF, applies NFC. `where` names the input in error messages.
Status NormalizeText(std::string_view where, std::string_view raw, std::string* out);
// Extracts the article text of an HTML page (paragraphs separated by blank lines) and its
// <title>.
Status HtmlToText(std::string_view where, std::string_view html, std::string* text,
                  std::string* title);
// Decompresses a zstd frame (or several).
Status ZstdDecompress(std::string_view where, std::string_view compressed, std::string* out);

}  // namespace ingest
}  // namespace casus

#endif  // CASUS_INGEST_INGEST_H_
