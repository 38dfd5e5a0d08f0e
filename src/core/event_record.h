// EventRecord: one event as casus exports and stores it, flattened to plain values.
//
// Document::events point into the document by spans; an EventRecord carries the text itself, so
// that the JSONL/CSV writers and the store need no Document. The JSONL field names (docs/schema.md)
// are part of casus's interface: later versions add fields, never rename these.
#ifndef CASUS_CORE_EVENT_RECORD_H_
#define CASUS_CORE_EVENT_RECORD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/document.h"

namespace casus {

// Where an event happened (the `location` object of the JSONL record).
struct EventLocation {
  std::string name;
  std::string feature;  // country, admin1, city, …
  std::string country;  // ISO 3166-1 alpha-2
  std::string admin1;
  double lat = 0.0;
  double lon = 0.0;
  bool has_coords = false;
  int64_t geonames_id = 0;  // 0 when none
  std::string basis;        // "clause: 'in Tafas'; …", "sentence: …", "document: …"
};

struct EventRecord {
  std::string doc_id;
  uint32_t sentence_index = 0;
  std::string sentence;
  uint32_t sentence_begin = 0;  // byte offsets of the sentence in the document text
  uint32_t sentence_end = 0;
  std::string source_code;
  std::string source_text;
  // The dictionary entries behind the actor's code ("actors.actors:633+agents.actors:61");
  // "inferred:…" when no dictionary knows the name and its title or apposition gave the code,
  // "speaker:…"/"coref:…" when it came through a quote's speaker or a pronoun.
  std::string source_entry;
  bool has_target = false;
  std::string target_code;
  std::string target_text;
  std::string target_entry;
  std::string code;
  std::string root;
  int quad = 0;
  double goldstein = 0.0;
  std::string plover;
  std::string date;            // "YYYY-MM-DD", "YYYY-MM", "YYYY" or "" when unknown
  std::string date_precision;  // "day", "month", "year" or ""
  std::string date_basis;
  std::string trigger;
  uint32_t trigger_begin = 0;
  uint32_t trigger_end = 0;
  std::string pattern;
  double confidence = 0.0;
  uint32_t flags = 0;  // EventFlag bits
  std::optional<EventLocation> location;
};

// The dictionary entries behind an event actor's code: its mention's entry, "speaker" for a
// quote's speaker without a mention of its own, "" when none.
std::string EntryOf(const Document& doc, const EventActor& actor);

// One record per event of `doc`, in the document's event order.
std::vector<EventRecord> MakeEventRecords(const Document& doc);

}  // namespace casus

#endif  // CASUS_CORE_EVENT_RECORD_H_
