#include "app/analysis.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace casus {
namespace {

StatsRow Week(const std::string& monday, const std::string& group, int64_t q4) {
  StatsRow r;
  r.period = monday;
  r.group = group;
  r.quad[3] = q4;
  r.events = q4;
  return r;
}

TEST(Escalation, FlagsAJumpAboveTheTrailingBaseline) {
  // Eight quiet weeks (1-2 material-conflict events), then 9: mean 1.5, sd 0.5, 9 > 3.
  std::vector<StatsRow> rows;
  const char* weeks[] = {"2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22", "2024-01-29",
                         "2024-02-05", "2024-02-12", "2024-02-19", "2024-02-26", "2024-03-04"};
  const int64_t counts[] = {1, 2, 1, 2, 1, 2, 1, 2, 9, 2};
  for (int i = 0; i < 10; ++i) {
    rows.push_back(Week(weeks[i], "SYR", counts[i]));
  }
  const auto series = EscalationSeries(rows, StatsPeriod::kWeek, EscalationRule{});
  ASSERT_EQ(series.size(), 10U);
  for (size_t i = 0; i < series.size(); ++i) {
    EXPECT_EQ(series[i].escalation, i == 8) << series[i].stats.period;
  }
  EXPECT_DOUBLE_EQ(series[8].baseline_mean, 1.5);
  EXPECT_DOUBLE_EQ(series[8].baseline_sd, 0.5);
}

TEST(Escalation, MissingPeriodsCountAsZeroAndShortHistoriesAreNotFlagged) {
  // Weeks with no events are filled in; a jump in the third week has too little history.
  std::vector<StatsRow> rows = {Week("2024-01-01", "SYR", 1), Week("2024-01-15", "SYR", 5),
                                Week("2024-01-01", "TUR", 0), Week("2024-02-19", "TUR", 4)};
  const auto series = EscalationSeries(rows, StatsPeriod::kWeek, EscalationRule{});
  // SYR: 01-01 … 02-19 (8 weeks); TUR the same.
  ASSERT_EQ(series.size(), 16U);
  EXPECT_EQ(series[1].stats.period, "2024-01-08");
  EXPECT_EQ(series[1].stats.quad[3], 0);
  EXPECT_FALSE(series[2].escalation);  // SYR 01-15: only two earlier weeks
  EXPECT_EQ(series[8].stats.group, "TUR");
  EXPECT_TRUE(series[15].escalation);  // TUR 02-19: 4 after seven zero weeks
  // Below the minimum count nothing is flagged, however flat the baseline.
  EscalationRule strict;
  strict.min_count = 5;
  EXPECT_FALSE(EscalationSeries(rows, StatsPeriod::kWeek, strict)[15].escalation);
}

TEST(Escalation, DaysAndMonthsAdvance) {
  const auto days = EscalationSeries({Week("2024-02-28", "X", 1), Week("2024-03-01", "X", 1)},
                                     StatsPeriod::kDay, EscalationRule{});
  ASSERT_EQ(days.size(), 3U);
  EXPECT_EQ(days[1].stats.period, "2024-02-29");
  const auto months = EscalationSeries({Week("2023-11", "X", 1), Week("2024-02", "X", 1)},
                                       StatsPeriod::kMonth, EscalationRule{});
  ASSERT_EQ(months.size(), 4U);
  EXPECT_EQ(months[2].stats.period, "2024-01");
}

TEST(Stats, ParsesNames) {
  StatsPeriod p = StatsPeriod::kNone;
  EXPECT_TRUE(ParseStatsPeriod("week", &p).ok());
  EXPECT_EQ(p, StatsPeriod::kWeek);
  EXPECT_TRUE(ParseStatsPeriod("fortnight", &p).IsInvalidInput());
  StatsGroup g = StatsGroup::kNone;
  EXPECT_TRUE(ParseStatsGroup("dyad", &g).ok());
  EXPECT_EQ(g, StatsGroup::kDyad);
  EXPECT_TRUE(ParseStatsGroup("dyad; DROP TABLE events", &g).IsInvalidInput());
  StatsFormat f = StatsFormat::kTable;
  EXPECT_TRUE(ParseStatsFormat("json", &f).ok());
  EXPECT_EQ(f, StatsFormat::kJson);
}

}  // namespace
}  // namespace casus
