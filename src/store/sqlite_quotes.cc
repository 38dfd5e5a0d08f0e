// SqliteStore::QueryQuotes: the quotes table read back with every filter bound as a parameter
// (a filter that is empty matches everything through the "?N = ''" arm, so one statement
// serves every combination).
#include <string>
#include <vector>

#include "store/sqlite_store.h"
#include "store/sqlite_util.h"

namespace casus::store_internal {
namespace {

constexpr const char* kSelectQuotes =
    "SELECT q.doc_id, q.idx, COALESCE(q.sentence, 0), q.direct, q.\"begin\", q.\"end\", q.text, "
    "q.speaker_text, q.speaker_code, q.attribution, q.cue, q.addressee, q.addressee_code, "
    "d.published "
    "FROM quotes q JOIN documents d ON d.id = q.doc_id "
    "WHERE (?1 = '' OR instr(lower(COALESCE(q.speaker_text, '') || ' ' || "
    "COALESCE(q.attribution, '')), lower(?1)) > 0) "
    "AND (?2 = '' OR substr(COALESCE(q.speaker_code, ''), 1, length(?2)) = ?2) "
    "AND (?3 = '' OR q.doc_id = ?3) "
    "ORDER BY q.doc_id, q.idx LIMIT ?4";

}  // namespace

Status SqliteStore::QueryQuotes(const QuoteFilter& filter, std::vector<QuoteRecord>* quotes) {
  quotes->clear();
  Statement st;
  CASUS_RETURN_IF_ERROR(st.Prepare(db_.get(), kSelectQuotes).WithContext(path_));
  st.BindText(1, filter.speaker_text);
  st.BindText(2, filter.actor_prefix);
  st.BindText(3, filter.doc_id);
  st.BindInt64(4, filter.limit < 0 ? -1 : filter.limit);
  int rc = 0;
  while ((rc = st.Step()) == SQLITE_ROW) {
    QuoteRecord& r = quotes->emplace_back();
    r.doc_id = st.ColumnText(0);
    r.index = st.ColumnInt64(1);
    r.sentence = st.ColumnInt64(2);
    r.direct = st.ColumnInt64(3) != 0;
    r.begin = st.ColumnInt64(4);
    r.end = st.ColumnInt64(5);
    r.text = st.ColumnText(6);
    r.speaker = st.ColumnText(7);
    r.speaker_code = st.ColumnText(8);
    r.attribution = st.ColumnText(9);
    r.cue = st.ColumnText(10);
    r.addressee = st.ColumnText(11);
    r.addressee_code = st.ColumnText(12);
    r.published = st.ColumnText(13);
  }
  if (rc != SQLITE_DONE) {
    quotes->clear();
    return SqliteError(db_.get(), rc, "cannot query quotes").WithContext(path_);
  }
  return Status::OK();
}

}  // namespace casus::store_internal
