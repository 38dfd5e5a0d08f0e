#include "core/quote_record.h"

namespace casus {

std::vector<QuoteRecord> MakeQuoteRecords(const Document& doc) {
  std::vector<QuoteRecord> records;
  records.reserve(doc.quotes.size());
  const std::string published = doc.meta.published.valid() ? doc.meta.published.ToString() : "";
  for (size_t i = 0; i < doc.quotes.size(); ++i) {
    const Quote& q = doc.quotes[i];
    QuoteRecord& r = records.emplace_back();
    r.doc_id = doc.id;
    r.index = static_cast<int64_t>(i);
    r.sentence = q.sentence;
    r.direct = q.direct;
    r.begin = q.text.begin;
    r.end = q.text.end;
    r.text = doc.Slice(q.text);
    r.cue = doc.Slice(q.cue);
    r.attribution = doc.Slice(q.attribution);
    r.speaker = doc.Slice(q.speaker);
    r.speaker_code = q.speaker_code;
    r.addressee = doc.Slice(q.addressee);
    r.addressee_code = q.addressee_code;
    r.published = published;
  }
  return records;
}

}  // namespace casus
