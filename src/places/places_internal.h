// Helpers the places stage shares between its files; not part of the public surface.
#ifndef CASUS_PLACES_PLACES_INTERNAL_H_
#define CASUS_PLACES_PLACES_INTERNAL_H_

#include <string>
#include <string_view>

namespace casus {

// FoldPlaceName writing into `folded` (cleared first), with `scratch` as working space, so that
// the recognizer folds candidate n-grams without allocating.
void FoldPlaceNameInto(std::string_view name, std::string* scratch, std::string* folded);

}  // namespace casus

#endif  // CASUS_PLACES_PLACES_INTERNAL_H_
