// SqliteStore::QueryPlaces: the places table read back, optionally for one document.
#include <string>
#include <vector>

#include "store/sqlite_store.h"
#include "store/sqlite_util.h"

namespace casus::store_internal {
namespace {

constexpr const char* kSelectPlaces =
    "SELECT doc_id, idx, \"begin\", \"end\", mention, name, feature, country, admin1, lat, lon, "
    "geonames_id, COALESCE(sentence, 0), basis FROM places "
    "WHERE (?1 = '' OR doc_id = ?1) ORDER BY doc_id, idx";

}  // namespace

Status SqliteStore::QueryPlaces(const std::string& doc_id, std::vector<StoredPlace>* places) {
  places->clear();
  Statement st;
  CASUS_RETURN_IF_ERROR(st.Prepare(db_.get(), kSelectPlaces).WithContext(path_));
  st.BindText(1, doc_id);
  int rc = 0;
  while ((rc = st.Step()) == SQLITE_ROW) {
    StoredPlace& r = places->emplace_back();
    r.doc_id = st.ColumnText(0);
    r.index = static_cast<uint32_t>(st.ColumnInt64(1));
    r.place.mention = {static_cast<uint32_t>(st.ColumnInt64(2)),
                       static_cast<uint32_t>(st.ColumnInt64(3))};
    r.mention = st.ColumnText(4);
    r.place.name = st.ColumnText(5);
    r.place.feature = st.ColumnText(6);
    r.place.country = st.ColumnText(7);
    r.place.admin1 = st.ColumnText(8);
    r.place.has_coords = !st.IsNull(9);
    r.place.lat = st.ColumnDouble(9);
    r.place.lon = st.ColumnDouble(10);
    r.place.geonames_id = st.ColumnInt64(11);
    r.place.sentence = static_cast<uint32_t>(st.ColumnInt64(12));
    r.place.basis = st.ColumnText(13);
  }
  if (rc != SQLITE_DONE) {
    places->clear();
    return SqliteError(db_.get(), rc, "cannot query places").WithContext(path_);
  }
  return Status::OK();
}

}  // namespace casus::store_internal
