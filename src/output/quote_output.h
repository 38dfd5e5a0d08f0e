// QuoteWriter: writes QuoteRecords as JSON Lines, CSV (with a header) or a text table, in the
// same three formats as the event writer. The JSONL keys are casus's quote interface
// (docs/schema.md): later versions add keys, never rename these.
//
// Thread safety: a QuoteWriter writes to one stream from one thread.
#ifndef CASUS_OUTPUT_QUOTE_OUTPUT_H_
#define CASUS_OUTPUT_QUOTE_OUTPUT_H_

#include <ostream>
#include <string>
#include <vector>

#include "core/quote_record.h"
#include "output/output.h"

namespace casus::output {

// The JSONL form of one quote, without the trailing newline.
std::string QuoteToJson(const QuoteRecord& quote);
const std::vector<std::string_view>& QuoteCsvColumns();

class QuoteWriter {
 public:
  QuoteWriter(std::ostream* out, EventFormat format) : out_(out), format_(format) {}
  QuoteWriter(const QuoteWriter&) = delete;
  QuoteWriter& operator=(const QuoteWriter&) = delete;
  ~QuoteWriter() = default;

  void Write(const QuoteRecord& quote);
  // Flushes; writes the header of an empty CSV or table. Call once at the end.
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

#endif  // CASUS_OUTPUT_QUOTE_OUTPUT_H_
