// `casus eval petrarch RECORDS --dict FILE...`: runs the TABARI and PETRARCH validation suites
// (their own record files, their own test dictionaries) through casus's pipeline and reports
// the share of records coded exactly as expected, per category and overall.
//
// Two record formats are read:
//   XML    PETRARCH / UniversalPetrarch validation files: <Sentence id= category= date=
//          evaluate=|sentence=> with <EventCoding sourcecode= targetcode= eventcode=/> (or
//          noevents= / error=) and <Text>; a self-closing <Sentence .../> (PETR2_GSR) owns what
//          follows it up to the next one. <Environment><Include> names the categories scored.
//   TABARI Validate.text: "YYMMDD  ID" header lines, the sentence, then a /* ... */ comment whose
//          { SRC / TGT / CODE } blocks are the expected events ({+++} null, {---} no code,
//          {###} discard: nothing expected; -{...} is a deactivated expectation; { OPTION: ... }
//          marks a record that only changes options). Records after FINAL-01 are not scored.
//
// A record is right when the set of (source, target, code) casus produces equals the expected
// set, "no events" being right when nothing is produced (../shared/data/petrarch/ANCHORS.md).
// Events whose source or target is exactly "---" are left out on both sides, as
// UniversalPetrarch's -en mode does.
//
// Thread safety: the functions are independent and keep no state.
#ifndef CASUS_APP_EVAL_PETRARCH_H_
#define CASUS_APP_EVAL_PETRARCH_H_

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "app/dicts.h"
#include "core/status.h"

namespace casus {

struct ValidationEvent {
  std::string source;
  std::string target;  // "" when the event has none
  std::string code;

  friend auto operator<=>(const ValidationEvent&, const ValidationEvent&) = default;
};

struct ValidationRecord {
  std::string id;
  std::string category;  // the id's prefix ("DEMO" of DEMO-01), else the category attribute
  std::string date;      // as written: "19950101" (XML) or "950101" (TABARI)
  std::string text;      // whitespace collapsed
  std::vector<ValidationEvent> expected;  // empty: no events expected
  bool scored = true;                     // false: left out of the figures, see `skip_reason`
  std::string skip_reason;
  size_t line = 0;  // where the record starts
};

// Reads a record file of either format (XML when its first non-blank byte is '<'). Malformed
// input is an error naming `where`:line.
Status ReadValidationRecords(std::string_view where, std::string_view contents,
                             std::vector<ValidationRecord>* records);

// The record's date as YYYY-MM-DD ("" when it has none or it is not a date); two-digit TABARI
// years below 40 are 20YY.
std::string ValidationDate(std::string_view written);

// The scoring rule: set equality of (source, target, code) after dropping "---" actors.
bool RecordCodedRight(std::vector<ValidationEvent> expected, std::vector<ValidationEvent> produced);

struct EvalPetrarchOptions {
  std::string records_path;
  DictionaryOptions dictionaries;  // the suite's own files; shipped dictionaries are replaced
  std::string data_dir;            // "" → DefaultDataDir()
  bool show_failures = false;      // one line per wrong record
};

// Prints the load lines, the per-category table, and last
// "records=SHARE (RIGHT/TOTAL) events P=… R=… F1=…".
Status RunEvalPetrarch(const EvalPetrarchOptions& options, std::ostream* out, std::ostream* err);

}  // namespace casus

#endif  // CASUS_APP_EVAL_PETRARCH_H_
