#include "app/analysis.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>

#include <fmt/format.h>

#include "app/app.h"
#include "core/date.h"
#include "output/output.h"

namespace casus {
namespace {

Status OpenExisting(const std::string& path, std::unique_ptr<Store>* store) {
  return Store::OpenExisting(path, store);
}

// The period after `label` ("YYYY-MM-DD" for days and weeks, "YYYY-MM" for months).
std::string NextPeriod(const std::string& label, StatsPeriod by) {
  const std::optional<Date> d = Date::Parse(label);
  if (!d) {
    return {};
  }
  switch (by) {
    case StatsPeriod::kDay:
      return Date::FromDaysSinceEpoch(d->DaysSinceEpoch() + 1).ToString();
    case StatsPeriod::kWeek:
      return Date::FromDaysSinceEpoch(d->DaysSinceEpoch() + 7).ToString();
    case StatsPeriod::kMonth:
      return d->month == 12 ? Date::Month(d->year + 1, 1).ToString()
                            : Date::Month(d->year, d->month + 1).ToString();
    case StatsPeriod::kNone:
      break;
  }
  return {};
}

std::string Number(double value) {
  std::string s;
  output::AppendJsonNumber(value, &s);
  return s;
}

double Mean(const StatsRow& r) {
  return r.events == 0 ? 0.0 : r.goldstein / static_cast<double>(r.events);
}

std::string_view PeriodName(StatsPeriod by) {
  switch (by) {
    case StatsPeriod::kDay:
      return "day";
    case StatsPeriod::kWeek:
      return "week";
    case StatsPeriod::kMonth:
      return "month";
    case StatsPeriod::kNone:
      break;
  }
  return "";
}

std::string_view GroupName(StatsGroup group) {
  switch (group) {
    case StatsGroup::kDyad:
      return "dyad";
    case StatsGroup::kSource:
      return "source";
    case StatsGroup::kTarget:
      return "target";
    case StatsGroup::kRoot:
      return "root";
    case StatsGroup::kQuad:
      return "quad";
    case StatsGroup::kCountry:
      return "country";
    case StatsGroup::kNone:
      break;
  }
  return "";
}

}  // namespace

Status RunExport(const ExportOptions& options, std::ostream* stdout_stream, size_t* count) {
  std::unique_ptr<Store> store;
  CASUS_RETURN_IF_ERROR(OpenExisting(options.db_path, &store));
  std::ostream* out = stdout_stream;
  std::unique_ptr<std::ofstream> file;
  if (options.out_path != "-" && !options.out_path.empty()) {
    file = std::make_unique<std::ofstream>(options.out_path, std::ios::binary | std::ios::trunc);
    if (!*file) {
      return Status::IOError("cannot write " + options.out_path);
    }
    out = file.get();
  }
  output::ExportWriter writer(out, options.format, "casus " + std::string(Version()));
  CASUS_RETURN_IF_ERROR(
      store->ExportEvents(options.filter, options.clusters, [&writer](const StoredEvent& e) {
        writer.Write(e);
        return Status::OK();
      }));
  writer.Finish();
  if (file && !*file) {
    return Status::IOError("writing " + options.out_path + " failed");
  }
  *count = writer.count();
  return Status::OK();
}

Status ParseStatsFormat(std::string_view name, StatsFormat* format) {
  if (name == "table") {
    *format = StatsFormat::kTable;
  } else if (name == "csv") {
    *format = StatsFormat::kCsv;
  } else if (name == "json") {
    *format = StatsFormat::kJson;
  } else {
    return Status::InvalidInput("unknown stats format '" + std::string(name) +
                                "' (expected table, csv or json)");
  }
  return Status::OK();
}

Status ParseStatsPeriod(std::string_view name, StatsPeriod* period) {
  for (StatsPeriod p :
       {StatsPeriod::kNone, StatsPeriod::kDay, StatsPeriod::kWeek, StatsPeriod::kMonth}) {
    if (name == PeriodName(p)) {
      *period = p;
      return Status::OK();
    }
  }
  return Status::InvalidInput("unknown period '" + std::string(name) +
                              "' (expected day, week or month)");
}

Status ParseStatsGroup(std::string_view name, StatsGroup* group) {
  for (StatsGroup g :
       {StatsGroup::kNone, StatsGroup::kDyad, StatsGroup::kSource, StatsGroup::kTarget,
        StatsGroup::kRoot, StatsGroup::kQuad, StatsGroup::kCountry}) {
    if (name == GroupName(g)) {
      *group = g;
      return Status::OK();
    }
  }
  return Status::InvalidInput("unknown group '" + std::string(name) +
                              "' (expected dyad, source, target, root, quad or country)");
}

std::vector<SeriesRow> EscalationSeries(const std::vector<StatsRow>& rows, StatsPeriod by,
                                        const EscalationRule& rule) {
  std::map<std::string, std::map<std::string, StatsRow>> by_group;
  std::string last;
  for (const StatsRow& r : rows) {
    by_group[r.group][r.period] = r;
    last = std::max(last, r.period);
  }
  std::vector<SeriesRow> out;
  for (const auto& [group, periods] : by_group) {
    std::vector<int64_t> history;
    for (std::string p = periods.begin()->first; !p.empty() && p <= last; p = NextPeriod(p, by)) {
      SeriesRow row;
      auto it = periods.find(p);
      if (it != periods.end()) {
        row.stats = it->second;
      } else {
        row.stats.period = p;
        row.stats.group = group;
      }
      const int64_t q4 = row.stats.quad[3];
      const size_t n = std::min<size_t>(history.size(), static_cast<size_t>(rule.window));
      if (n > 0) {
        double sum = 0.0;
        for (size_t i = history.size() - n; i < history.size(); ++i) {
          sum += static_cast<double>(history[i]);
        }
        const double mean = sum / static_cast<double>(n);
        double var = 0.0;
        for (size_t i = history.size() - n; i < history.size(); ++i) {
          var +=
              (static_cast<double>(history[i]) - mean) * (static_cast<double>(history[i]) - mean);
        }
        row.baseline_mean = mean;
        row.baseline_sd = std::sqrt(var / static_cast<double>(n));
        row.escalation = static_cast<int>(n) >= rule.min_history && q4 >= rule.min_count &&
                         static_cast<double>(q4) > mean + rule.k * row.baseline_sd;
      }
      history.push_back(q4);
      out.push_back(std::move(row));
    }
  }
  return out;
}

Status RunStats(const StatsOptions& options, std::ostream* out) {
  StatsQuery query = options.query;
  if (options.escalation) {
    if (query.by == StatsPeriod::kNone) {
      query.by = StatsPeriod::kWeek;
    }
    if (query.group == StatsGroup::kNone) {
      query.group = StatsGroup::kCountry;
    }
  }
  std::unique_ptr<Store> store;
  CASUS_RETURN_IF_ERROR(OpenExisting(options.db_path, &store));
  std::vector<StatsRow> rows;
  CASUS_RETURN_IF_ERROR(store->QueryStats(query, &rows));
  std::vector<SeriesRow> series;
  if (options.escalation) {
    series = EscalationSeries(rows, query.by, options.rule);
  } else {
    for (const StatsRow& r : rows) {
      series.push_back({r, false, 0.0, 0.0});
    }
  }
  std::vector<StatsRow> top;
  if (options.format != StatsFormat::kCsv && options.top > 0) {
    StatsQuery actors;
    actors.filter = query.filter;
    actors.group = StatsGroup::kSource;
    CASUS_RETURN_IF_ERROR(store->QueryStats(actors, &top));
    std::stable_sort(top.begin(), top.end(),
                     [](const StatsRow& a, const StatsRow& b) { return a.events > b.events; });
    top.resize(std::min(top.size(), options.top));
  }

  const std::string_view period_name = PeriodName(query.by);
  const std::string_view group_name = GroupName(query.group);
  switch (options.format) {
    case StatsFormat::kCsv: {
      *out << "period,group,events,goldstein,goldstein_mean,quad1,quad2,quad3,quad4";
      *out << (options.escalation ? ",baseline_mean,baseline_sd,escalation\n" : "\n");
      for (const SeriesRow& s : series) {
        std::string line;
        output::AppendCsvField(s.stats.period, &line);
        line += ',';
        output::AppendCsvField(s.stats.group, &line);
        line += fmt::format(",{},{},{},{},{},{},{}", s.stats.events, Number(s.stats.goldstein),
                            Number(Mean(s.stats)), s.stats.quad[0], s.stats.quad[1],
                            s.stats.quad[2], s.stats.quad[3]);
        if (options.escalation) {
          line += fmt::format(",{},{},{}", Number(s.baseline_mean), Number(s.baseline_sd),
                              s.escalation ? 1 : 0);
        }
        *out << line << '\n';
      }
      break;
    }
    case StatsFormat::kJson: {
      std::string json = "{\"by\":";
      output::AppendJsonString(period_name, &json);
      json += ",\"group\":";
      output::AppendJsonString(group_name, &json);
      json += ",\"series\":[";
      for (size_t i = 0; i < series.size(); ++i) {
        const SeriesRow& s = series[i];
        json += i == 0 ? "{\"period\":" : ",{\"period\":";
        output::AppendJsonString(s.stats.period, &json);
        json += ",\"group\":";
        output::AppendJsonString(s.stats.group, &json);
        json += fmt::format(
            ",\"events\":{},\"goldstein\":{},\"goldstein_mean\":{},\"quad\":[{},{},{},{}]",
            s.stats.events, Number(s.stats.goldstein), Number(Mean(s.stats)), s.stats.quad[0],
            s.stats.quad[1], s.stats.quad[2], s.stats.quad[3]);
        if (options.escalation) {
          json += fmt::format(",\"baseline_mean\":{},\"baseline_sd\":{},\"escalation\":{}",
                              Number(s.baseline_mean), Number(s.baseline_sd),
                              s.escalation ? "true" : "false");
        }
        json += '}';
      }
      json += "],\"top_actors\":[";
      for (size_t i = 0; i < top.size(); ++i) {
        json += i == 0 ? "{\"code\":" : ",{\"code\":";
        output::AppendJsonString(top[i].group, &json);
        json += fmt::format(",\"events\":{},\"goldstein\":{}}}", top[i].events,
                            Number(top[i].goldstein));
      }
      json += "]}";
      *out << json << '\n';
      break;
    }
    case StatsFormat::kTable: {
      *out << fmt::format("{:<10} {:<24} {:>7} {:>9} {:>6} {:>5} {:>5} {:>5} {:>5}{}\n",
                          period_name.empty() ? "period" : period_name,
                          group_name.empty() ? "group" : group_name, "events", "goldstein", "mean",
                          "q1", "q2", "q3", "q4", options.escalation ? "  escalation" : "");
      for (const SeriesRow& s : series) {
        *out << fmt::format(
            "{:<10} {:<24} {:>7} {:>9} {:>6} {:>5} {:>5} {:>5} {:>5}{}\n",
            s.stats.period.empty() ? "all" : s.stats.period,
            s.stats.group.empty() ? "-" : s.stats.group, s.stats.events, Number(s.stats.goldstein),
            Number(Mean(s.stats)), s.stats.quad[0], s.stats.quad[1], s.stats.quad[2],
            s.stats.quad[3],
            s.escalation
                ? fmt::format("  ! q4 {} > {} + {}·{}", s.stats.quad[3], Number(s.baseline_mean),
                              Number(options.rule.k), Number(s.baseline_sd))
                : "");
      }
      if (!top.empty()) {
        *out << "\ntop actors (source)\n";
        for (const StatsRow& t : top) {
          *out << fmt::format("{:<24} {:>7} {:>9}\n", t.group, t.events, Number(t.goldstein));
        }
      }
      break;
    }
  }
  out->flush();
  return Status::OK();
}

}  // namespace casus
