// The jobs behind `casus quotes` (stored quotes, filtered) and `casus eval quotes` (the quotes
// stage scored against a reference such as ../shared/data/seeds/quotes.jsonl).
#ifndef CASUS_APP_QUOTES_APP_H_
#define CASUS_APP_QUOTES_APP_H_

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/document.h"
#include "core/status.h"
#include "output/output.h"
#include "store/store.h"

namespace casus {

struct QuotesOptions {
  std::string db_path = "casus.db";
  QuoteFilter filter;
  output::EventFormat format = output::EventFormat::kTable;
};
Status RunQuotes(const QuotesOptions& options, std::ostream* out, size_t* count);

// Reads `inputs` (with optional metadata) without coding them; bad documents are reported on
// `err` and left out.
Status ReadDocuments(const std::vector<std::string>& inputs, const std::string& meta_path,
                     std::vector<Document>* docs, std::ostream* err);
// Runs the default pipeline over `docs`; documents that fail are reported and removed.
Status CodeDocuments(const std::string& data_dir, std::vector<Document>* docs, std::ostream* err);

// Reads `inputs` (with optional metadata) and runs the default pipeline over them in memory.
// Documents that fail are reported on `err` and left out.
Status CodeInMemory(const std::vector<std::string>& inputs, const std::string& meta_path,
                    const std::string& data_dir, std::vector<Document>* docs, std::ostream* err);

// What `casus eval quotes|events` reads: the gold file, the folder of the documents it refers
// to, their metadata, and the data directory.
struct EvalOptions {
  std::string gold_path;
  std::string docs_dir;  // "" → the gold file's folder; documents are DIR/<doc>.txt
  std::string meta_path;
  std::string data_dir;
};

// A gold quote counts as found when a quote of the same kind overlaps its span (code-point
// offsets) and its speaker matches: the same actor code, or names that contain one another.
// Lists the misses, then prints "direct=SHARE indirect=SHARE" as the last line.
Status RunEvalQuotes(const EvalOptions& options, std::ostream* out, std::ostream* err);

// The code-point offset of every byte offset of `text` (gold files count characters, casus
// bytes); size text.size() + 1.
std::vector<uint32_t> CodePointOffsets(const std::string& text);

// `casus eval actors GOLD...`: for every actor mention of the gold files — source.text and
// target.text of seeds-style events, speaker and speaker_code of quotes — the code casus gives
// that mention in context, and the wrong ones; last line "actors=SHARE (RIGHT/TOTAL)". Implicit
// mentions ("(implicit) the regime", "(Syria)") are coded as a phrase appended to their document.
Status RunEvalActors(const EvalOptions& options, const std::vector<std::string>& gold_paths,
                     std::ostream* out, std::ostream* err);

// The gold file's records, one JSON object per non-blank line, with the line each came from; a
// bad line is an error naming it.
Status ReadGoldRecords(const std::string& path, std::vector<nlohmann::json>* records,
                       std::vector<size_t>* lines);
// The document files of `doc_ids` (DIR/<id>.txt, DIR = options.docs_dir or the gold's folder),
// each once, in first-mention order.
std::vector<std::string> GoldDocumentFiles(const EvalOptions& options,
                                           const std::vector<std::string>& doc_ids);

// `casus eval events GOLD`: codes what the gold refers to (DIR/<doc>.txt for document-level
// gold, the records' own text for sentence-level gold) and prints precision, recall and F1 per
// level as the reviewers' scorer computes them; last line "exact_f1=… root_f1=… quad_f1=…".
// Event-date accuracy is left to the scorer.
Status RunEvalEvents(const EvalOptions& options, std::ostream* out, std::ostream* err);

// `casus eval docs DOCS.jsonl` (the seeds' docs.jsonl format): codes each document from its text
// alone and checks its publication date, headline lines, furniture and headline against the
// reference; lists the differences, last line "docs=SHARE (RIGHT/TOTAL) …".
Status RunEvalDocs(const EvalOptions& options, std::ostream* out, std::ostream* err);

}  // namespace casus

#endif  // CASUS_APP_QUOTES_APP_H_
