#include "core/event_record.h"

namespace casus {
std::string EntryOf(const Document& doc, const EventActor& actor) {
  if (actor.mention >= 0 && static_cast<size_t>(actor.mention) < doc.mentions.size()) {
    return doc.mentions[static_cast<size_t>(actor.mention)].entry;
  }
  return actor.text.empty() ? std::string() : "speaker";
}

std::vector<EventRecord> MakeEventRecords(const Document& doc) {
  std::vector<EventRecord> records;
  records.reserve(doc.events.size());
  for (const Event& event : doc.events) {
    EventRecord& r = records.emplace_back();
    r.doc_id = doc.id;
    r.sentence_index = event.sentence;
    if (event.sentence < doc.sentences.size()) {
      const ByteSpan bytes = doc.sentences[event.sentence].bytes;
      r.sentence = doc.Slice(bytes);
      r.sentence_begin = bytes.begin;
      r.sentence_end = bytes.end;
    }
    r.source_code = event.source.code;
    r.source_text = doc.Slice(event.source.text);
    r.source_entry = EntryOf(doc, event.source);
    if (event.target) {
      r.has_target = true;
      r.target_code = event.target->code;
      r.target_text = doc.Slice(event.target->text);
      r.target_entry = EntryOf(doc, *event.target);
    }
    r.code = event.code;
    r.root = event.root;
    r.quad = event.quad;
    r.goldstein = event.goldstein;
    r.plover = event.plover;
    r.date = event.date.ToString();
    r.date_precision = PrecisionName(event.date.precision);
    r.date_basis = event.date_basis;
    r.trigger = doc.Slice(event.trigger);
    r.trigger_begin = event.trigger.begin;
    r.trigger_end = event.trigger.end;
    r.pattern = event.pattern;
    r.confidence = event.confidence;
    r.flags = event.flags;
    if (event.location) {
      const Place& p = *event.location;
      r.location = EventLocation{p.name, p.feature,    p.country,     p.admin1, p.lat,
                                 p.lon,  p.has_coords, p.geonames_id, p.basis};
    }
  }
  return records;
}

}  // namespace casus
