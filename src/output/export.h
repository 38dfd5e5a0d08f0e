// Export: writes StoredEvents (events or event clusters read back from the store) in the
// formats other tools load: JSON Lines, CSV, the GDELT event table and PLOVER JSON.
//
//   jsonl   the event record of docs/schema.md plus "id", "cluster_id", "url", "publisher",
//           "published", "num_mentions", "num_sources", "num_articles".
//   csv     the same fields, flattened, with a header row; RFC 4180 quoting (a field holding a
//           comma, quote, CR or LF is quoted and its quotes doubled).
//   gdelt   the GDELT event table: tab-separated, no header, exactly GdeltColumns() (the 58
//           columns of the GDELT codebook: 57 of the backfile plus SOURCEURL). casus fills the
//           ids, dates, actor codes and their parts, the event codes, QuadClass, Goldstein and
//           the counts; AvgTone and the geography are left empty until casus knows them.
//   plover  one PLOVER/POLECAT-style JSON object per line: id, date, actor, recipient, event,
//           quad_code, event_scale, event_text, text, cite_info, coder, coded_date, link.
//
// Thread safety: an ExportWriter writes to one stream from one thread.
#ifndef CASUS_OUTPUT_EXPORT_H_
#define CASUS_OUTPUT_EXPORT_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/stored_event.h"

namespace casus::output {

enum class ExportFormat { kJsonl, kCsv, kGdelt, kPlover };

// "jsonl", "csv", "gdelt" or "plover"; anything else is InvalidInput naming the allowed values.
Status ParseExportFormat(std::string_view name, ExportFormat* format);

// The GDELT codebook's column names, in file order (58).
const std::vector<std::string_view>& GdeltColumns();

// The CSV export's column names, in order.
const std::vector<std::string_view>& ExportCsvColumns();

// The parts of a CAMEO actor code as GDELT splits them: the code is read as 3-letter chunks;
// a type or sector chunk (GOV, MIL, IGO, …) fills Type1-3, a religion chunk (MOS, CHR, …)
// Religion1-2, and any other chunk is the country (or region) when it comes first and the known
// group otherwise (UNO in IGOUNO). "" fields are unknown.
struct ActorParts {
  std::string country;
  std::string known_group;
  std::string religion1;
  std::string religion2;
  std::string type1;
  std::string type2;
  std::string type3;
};
ActorParts SplitActorCode(std::string_view code);

// One GDELT row (without the newline): GdeltColumns().size() tab-separated fields.
std::string EventToGdelt(const StoredEvent& event);
// One PLOVER JSON object (without the newline).
std::string EventToPlover(const StoredEvent& event, std::string_view coder);
// One export JSONL object (without the newline).
std::string EventToExportJson(const StoredEvent& event);

class ExportWriter {
 public:
  // `coder` names the program in PLOVER records ("casus 0.1.0").
  ExportWriter(std::ostream* out, ExportFormat format, std::string coder);
  ExportWriter(const ExportWriter&) = delete;
  ExportWriter& operator=(const ExportWriter&) = delete;
  ~ExportWriter() = default;

  void Write(const StoredEvent& event);
  // Writes the header of an empty CSV and flushes. Call once at the end.
  void Finish();
  [[nodiscard]] size_t count() const { return count_; }

 private:
  void WriteHeaderIfNeeded();

  std::ostream* out_;
  ExportFormat format_;
  std::string coder_;
  size_t count_ = 0;
  bool header_written_ = false;
  std::string line_;
};

}  // namespace casus::output

#endif  // CASUS_OUTPUT_EXPORT_H_
