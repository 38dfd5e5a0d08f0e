// QuoteRecord: one quote as casus stores and exports it, flattened to plain values (the text of
// each span rather than the span), like EventRecord for events.
#ifndef CASUS_CORE_QUOTE_RECORD_H_
#define CASUS_CORE_QUOTE_RECORD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/document.h"

namespace casus {

struct QuoteRecord {
  std::string doc_id;
  int64_t index = 0;  // position among the document's quotes
  int64_t sentence = 0;
  bool direct = true;
  int64_t begin = 0;  // bytes of the quoted text in the document
  int64_t end = 0;
  std::string text;
  std::string cue;          // "said", "told", "according to"
  std::string attribution;  // the phrase at the cue ("he", "the official")
  std::string speaker;      // the naming mention ("Matthew Miller")
  std::string speaker_code;
  std::string addressee;
  std::string addressee_code;
  std::string published;  // the document's publication date, "" when unknown
};

std::vector<QuoteRecord> MakeQuoteRecords(const Document& doc);

}  // namespace casus

#endif  // CASUS_CORE_QUOTE_RECORD_H_
