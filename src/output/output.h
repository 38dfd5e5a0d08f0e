// Output: writes EventRecords as JSON Lines, CSV or an aligned text table.
//
// The JSONL record is casus's event interface (docs/schema.md): one object per line with the
// keys in a fixed order, so that output diffs cleanly and golden tests can compare text. CSV has
// a header row and RFC 4180 quoting. The table is for people reading a terminal.
//
// Thread safety: an EventWriter writes to one stream from one thread.
#ifndef CASUS_OUTPUT_OUTPUT_H_
#define CASUS_OUTPUT_OUTPUT_H_

#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/event_record.h"
#include "core/status.h"

namespace casus::output {

enum class EventFormat { kJsonl, kCsv, kTable };

// "jsonl", "csv" or "table"; anything else is InvalidInput naming the allowed values.
Status ParseEventFormat(std::string_view name, EventFormat* format);

// Appends `s` as a JSON string literal (with quotes); invalid UTF-8 is not expected here.
void AppendJsonString(std::string_view s, std::string* out);
// Appends a number the way casus writes them: shortest form, at most 4 decimals.
void AppendJsonNumber(double value, std::string* out);

// Appends one CSV field, quoted per RFC 4180 when it holds a comma, quote or line break.
void AppendCsvField(std::string_view field, std::string* out);
// The fields joined by commas, each quoted as AppendCsvField does.
std::string CsvLine(std::span<const std::string_view> fields);
// `s` cut to at most `width` code points (the cut marked with "…") and padded to `width`.
std::string Fit(std::string_view s, size_t width);

// The JSONL form of one event, without the trailing newline.
std::string EventToJson(const EventRecord& event);

// The CSV column names, in order, and one event's fields in that order (unquoted).
const std::vector<std::string_view>& CsvColumns();
std::vector<std::string> CsvFields(const EventRecord& event);

class EventWriter {
 public:
  EventWriter(std::ostream* out, EventFormat format);
  EventWriter(const EventWriter&) = delete;
  EventWriter& operator=(const EventWriter&) = delete;
  ~EventWriter() = default;

  void Write(const EventRecord& event);
  // Flushes; writes the header of an empty CSV. Call once at the end.
  void Finish();
  [[nodiscard]] size_t count() const { return count_; }

 private:
  void WriteHeaderIfNeeded();

  std::ostream* out_;
  EventFormat format_;
  size_t count_ = 0;
  bool header_written_ = false;
  std::string line_;
};

}  // namespace casus::output

#endif  // CASUS_OUTPUT_OUTPUT_H_
