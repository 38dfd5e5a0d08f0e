// Analysis jobs behind `casus export` and `casus stats`: they read the store and write files
// other tools load (see output/export.h) or series people plot.
//
// Statistics are counts of events per period and group with the sum and mean of their Goldstein
// scores and the counts per QuadClass, plus the top source actors. The escalation rule flags a
// (group, period) whose material-conflict count (QuadClass 4) rises far above its own recent
// baseline:
//
//   flagged(t)  ⇔  q4(t) ≥ min_count  and  q4(t) > mean + k·sd,
//
// where mean and sd (population standard deviation) are taken over the `window` periods before
// t (missing periods count as 0; at least `min_history` of them must exist, so the first
// periods of a series are never flagged). Defaults: window 8, k 3, min_count 3, min_history 4.
//
// Thread safety: each job opens its own store.
#ifndef CASUS_APP_ANALYSIS_H_
#define CASUS_APP_ANALYSIS_H_

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "output/export.h"
#include "store/store.h"

namespace casus {

struct ExportOptions {
  std::string db_path = "casus.db";
  EventFilter filter;
  bool clusters = false;
  output::ExportFormat format = output::ExportFormat::kJsonl;
  std::string out_path = "-";  // "-": standard output
};

// Writes the matching events (or clusters) to options.out_path; *count gets their number.
Status RunExport(const ExportOptions& options, std::ostream* stdout_stream, size_t* count);

enum class StatsFormat { kTable, kCsv, kJson };
Status ParseStatsFormat(std::string_view name, StatsFormat* format);
Status ParseStatsPeriod(std::string_view name, StatsPeriod* period);  // "", day, week, month
Status ParseStatsGroup(std::string_view name, StatsGroup* group);     // "", dyad, source, …

struct EscalationRule {
  int window = 8;
  double k = 3.0;
  int64_t min_count = 3;
  int min_history = 4;
};

struct StatsOptions {
  std::string db_path = "casus.db";
  StatsQuery query;
  StatsFormat format = StatsFormat::kTable;
  bool escalation = false;  // flag escalations; implies --by week and --group country when unset
  EscalationRule rule;
  size_t top = 10;  // top source actors listed (table and json)
};

// One row of a series, with the escalation verdict when asked for.
struct SeriesRow {
  StatsRow stats;
  bool escalation = false;
  double baseline_mean = 0.0;
  double baseline_sd = 0.0;
};

// The rows of `rows` (ordered by period then group) as complete series: per group, every period
// from the group's first to the overall last (empty ones with zero counts), ordered by group
// then period, with the escalation rule applied. REQUIRES: by != kNone.
std::vector<SeriesRow> EscalationSeries(const std::vector<StatsRow>& rows, StatsPeriod by,
                                        const EscalationRule& rule);

Status RunStats(const StatsOptions& options, std::ostream* out);

}  // namespace casus

#endif  // CASUS_APP_ANALYSIS_H_
