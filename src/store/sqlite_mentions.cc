// SqliteStore::QueryInferredActors: the mentions the actors stage coded without a dictionary
// entry for the name (entry "inferred:…"), grouped so that a reviewer sees each name once.
#include <string>
#include <vector>

#include "store/sqlite_store.h"
#include "store/sqlite_util.h"

namespace casus::store_internal {
namespace {

// substr(entry, 10) drops the "inferred:" prefix; the entry shown is that of the group's first
// mention, since one name may be inferred through several equivalent titles.
constexpr const char* kSelectInferred =
    "SELECT text, code, min(substr(entry, 10)), count(*), count(DISTINCT doc_id), min(doc_id) "
    "FROM mentions WHERE substr(entry, 1, 9) = 'inferred:' "
    "GROUP BY text, code ORDER BY count(*) DESC, text, code";

}  // namespace

Status SqliteStore::QueryInferredActors(std::vector<InferredActor>* actors) {
  actors->clear();
  Statement st;
  CASUS_RETURN_IF_ERROR(st.Prepare(db_.get(), kSelectInferred).WithContext(path_));
  int rc = 0;
  while ((rc = st.Step()) == SQLITE_ROW) {
    InferredActor& a = actors->emplace_back();
    a.name = st.ColumnText(0);
    a.code = st.ColumnText(1);
    a.entry = st.ColumnText(2);
    a.mentions = st.ColumnInt64(3);
    a.documents = st.ColumnInt64(4);
    a.first_doc = st.ColumnText(5);
  }
  if (rc != SQLITE_DONE) {
    actors->clear();
    return SqliteError(db_.get(), rc, "cannot query inferred actors").WithContext(path_);
  }
  return Status::OK();
}

}  // namespace casus::store_internal
