// StoredEvent: an event as the store gives it back for export and analysis — the EventRecord
// plus what only the database knows: a stable numeric id, the document's publication metadata,
// and the GDELT-style counts of the event cluster it belongs to.
//
// An export of single events has one StoredEvent per event (counts of its own cluster); an
// export of clusters has one per cluster, whose `event` is the cluster's first member (in
// document id, event order) and whose counts cover every member.
//
// Thread safety: plain values.
#ifndef CASUS_CORE_STORED_EVENT_H_
#define CASUS_CORE_STORED_EVENT_H_

#include <cstdint>
#include <string>

#include "core/event_record.h"

namespace casus {

struct StoredEvent {
  EventRecord event;
  // A positive id below 2^53 (exact in JSON and doubles), derived from the document id and the
  // event's index (or, for a cluster, from the cluster key), so the same input always gets the
  // same id, whichever order or run it was stored in.
  int64_t id = 0;
  int64_t cluster_id = 0;  // 0 when the clusters have not been computed
  // The event's sentence is in its document's lead: the first paragraph that has an event.
  bool is_root = false;
  std::string url;  // the document's URL, "" when unknown
  std::string publisher;
  std::string published;  // the document's publication date, "" when unknown
  std::string coded_at;   // when the document was stored, "YYYY-MM-DDTHH:MM:SSZ"
  std::string location;   // the cluster's location key, "" when unknown
  // GDELT-style counts over the cluster: mentions (events), sources (distinct publishers;
  // a document without one counts as its own source) and articles (distinct documents).
  int64_t num_mentions = 1;
  int64_t num_sources = 1;
  int64_t num_articles = 1;
};

}  // namespace casus

#endif  // CASUS_CORE_STORED_EVENT_H_
