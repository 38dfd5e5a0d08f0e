// The jobs behind `casus places` (stored place mentions) and `casus eval places` (the places
// stage scored against a reference such as ../shared/data/seeds/places.jsonl).
#ifndef CASUS_APP_PLACES_APP_H_
#define CASUS_APP_PLACES_APP_H_

#include <ostream>
#include <string>

#include "app/quotes_app.h"
#include "core/status.h"

namespace casus {

struct PlacesOptions {
  std::string db_path = "casus.db";
  std::string doc_id;            // "" = every document
  std::string format = "table";  // table or jsonl
};
// Writes the stored place mentions (document order) to `out`.
Status RunPlaces(const PlacesOptions& options, std::ostream* out, size_t* count);

// A gold mention is right when a resolved place overlaps it (code-point offsets) in the gold's
// country and lies within 25 km of the gold coordinates or has the gold GeoNames id (a gold
// place without either — a road, a river — needs the country only). A gold mention marked
// metonymic is right when no place is resolved over it. Lists the misses, then prints
// "places=SHARE (RIGHT/TOTAL)" as the last line.
Status RunEvalPlaces(const EvalOptions& options, std::ostream* out, std::ostream* err);

// Great-circle distance in kilometres.
double DistanceKm(double lat1, double lon1, double lat2, double lon2);

}  // namespace casus

#endif  // CASUS_APP_PLACES_APP_H_
