// casus command line: parses flags (CLI11) and calls the jobs in src/app/. Nothing here knows
// how documents are coded or stored; see app/app.h.
//
// Exit status: 0 when the run did its work (documents skipped with an error are reported on
// stderr but do not fail the run), 1 when it failed as a whole (nothing coded, unreadable
// metadata or database), 2 for a usage error.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "app/analysis.h"
#include "app/app.h"
#include "app/eval_petrarch.h"
#include "cli/actors_command.h"
#include "cli/dict_command.h"
#include "cli/lang_command.h"
#include "cli/places_command.h"
#include "cli/quotes_command.h"
#include "core/date.h"
#include "output/output.h"

namespace casus {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// A CLI11 validator for YYYY-MM-DD (also YYYY-MM and YYYY).
const CLI::Validator kDateValidator(
    [](const std::string& value) -> std::string {
      if (!Date::Parse(value)) {
        return "expected a date YYYY-MM-DD, got '" + value + "'";
      }
      return "";
    },
    "DATE");

std::optional<Date> ParseDateFlag(const std::string& value) {
  if (value.empty()) {
    return std::nullopt;
  }
  return Date::Parse(value);
}

int Fail(const Status& status) {
  std::cerr << "casus: " << status.message() << '\n';
  return kExitFailure;
}

struct CodeFlags {
  std::vector<std::string> inputs;
  std::string db = "casus.db";
  bool no_db = false;
  std::string out;
  std::string format = "jsonl";
  std::string date;
  std::string meta;
  std::string data;
  int threads = 0;
  bool quiet = false;
  bool with_lang = false;
  DictFlags dicts;
};

int RunCodeCommand(const CodeFlags& flags) {
  CodeOptions options;
  options.inputs = flags.inputs;
  options.db_path = flags.no_db ? "" : flags.db;
  options.out_path = flags.out;
  if (!output::ParseEventFormat(flags.format, &options.format).ok() ||
      options.format == output::EventFormat::kTable) {
    std::cerr << "casus code: --format must be jsonl or csv\n";
    return kExitUsage;
  }
  options.default_date = ParseDateFlag(flags.date);
  options.meta_path = flags.meta;
  options.data_dir = flags.data;
  options.threads = flags.threads;
  options.progress = !flags.quiet && isatty(fileno(stderr)) != 0;
  options.dictionaries = flags.dicts.ToOptions();
  options.with_lang = flags.with_lang;
  CodeSummary summary;
  const Status status = RunCode(options, &std::cin, &std::cout, &std::cerr, &summary);
  if (!flags.quiet) {
    std::cerr << "casus: " << FormatSummary(summary) << '\n';
  }
  return status.ok() ? 0 : Fail(status);
}

struct EventsFlags {
  std::string db = "casus.db";
  EventFilter filter;
  std::string from;
  std::string to;
  std::string format = "table";
  bool clusters = false;
};

// The event filters shared by events, export and stats.
void AddFilterOptions(CLI::App* cmd, EventsFlags* flags) {
  cmd->add_option("--db", flags->db, "SQLite file or postgresql:// URL")->capture_default_str();
  cmd->add_option("--source", flags->filter.source_prefix,
                  "Source actor code prefix (SYR matches SYRGOV)");
  cmd->add_option("--target", flags->filter.target_prefix, "Target actor code prefix");
  cmd->add_option("--code", flags->filter.code_prefix, "CAMEO code prefix (19 matches 190-196)");
  cmd->add_option("--from", flags->from, "Events dated on or after DATE")->check(kDateValidator);
  cmd->add_option("--to", flags->to, "Events dated on or before DATE")->check(kDateValidator);
  cmd->add_option("--doc", flags->filter.doc_id, "Only this document id");
}

EventFilter FilterOf(const EventsFlags& flags) {
  EventFilter filter = flags.filter;
  filter.from = ParseDateFlag(flags.from);
  filter.to = ParseDateFlag(flags.to);
  return filter;
}

struct ExportFlags {
  EventsFlags events;
  std::string format = "jsonl";
  std::string out;
};

int RunExportCommand(const ExportFlags& flags) {
  ExportOptions options;
  options.db_path = flags.events.db;
  options.filter = FilterOf(flags.events);
  options.clusters = flags.events.clusters;
  options.out_path = flags.out;
  if (!output::ParseExportFormat(flags.format, &options.format).ok()) {
    std::cerr << "casus export: --format must be jsonl, csv, gdelt or plover\n";
    return kExitUsage;
  }
  size_t count = 0;
  const Status status = RunExport(options, &std::cout, &count);
  return status.ok() ? 0 : Fail(status);
}

struct StatsFlags {
  EventsFlags events;
  std::string by;
  std::string group;
  std::string format = "table";
  bool escalation = false;
};

int RunStatsCommand(const StatsFlags& flags) {
  StatsOptions options;
  options.db_path = flags.events.db;
  options.query.filter = FilterOf(flags.events);
  options.escalation = flags.escalation;
  if (!ParseStatsPeriod(flags.by, &options.query.by).ok() ||
      !ParseStatsGroup(flags.group, &options.query.group).ok() ||
      !ParseStatsFormat(flags.format, &options.format).ok()) {
    std::cerr << "casus stats: --by day|week|month, --group dyad|source|target|root|quad|country, "
                 "--format table|csv|json\n";
    return kExitUsage;
  }
  const Status status = RunStats(options, &std::cout);
  return status.ok() ? 0 : Fail(status);
}

int RunEventsCommand(EventsFlags flags) {
  EventsOptions options;
  options.db_path = flags.db;
  options.filter = FilterOf(flags);
  options.clusters = flags.clusters;
  if (!output::ParseEventFormat(flags.format, &options.format).ok()) {
    std::cerr << "casus events: --format must be table, jsonl or csv\n";
    return kExitUsage;
  }
  size_t count = 0;
  const Status status = RunEvents(options, &std::cout, &count);
  return status.ok() ? 0 : Fail(status);
}

int Main(int argc, char** argv) {
  CLI::App app{"casus: political event data (CAMEO, PLOVER) from news text"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(Version()));

  CodeFlags code;
  CLI::App* code_cmd = app.add_subcommand(
      "code", "Code articles into events, stored in SQLite and optionally written out");
  code_cmd
      ->add_option("inputs", code.inputs,
                   "Files (.txt .html .jsonl, optionally .zst), directories, or - for stdin")
      ->required();
  code_cmd->add_option("--db", code.db, "SQLite file or postgresql:// URL to write")
      ->capture_default_str();
  code_cmd->add_flag("--no-db", code.no_db, "Store nothing (only --out)");
  code_cmd->add_option("--out", code.out, "Write the events to FILE, or - for standard output");
  code_cmd->add_option("--format", code.format, "Format of --out: jsonl or csv")
      ->capture_default_str();
  code_cmd
      ->add_option("--date", code.date, "Publication date for inputs that carry none (YYYY-MM-DD)")
      ->check(kDateValidator);
  code_cmd->add_option("--meta", code.meta,
                       "JSONL metadata by document id (id, published, title, publisher, url)");
  code_cmd->add_option("--threads", code.threads, "Worker threads (0: all cores)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  code_cmd->add_option("--data", code.data, "Data directory (default: $CASUS_DATA or shipped)");
  code_cmd->add_flag("-q,--quiet", code.quiet, "No progress and no summary line");
  code_cmd->add_flag("--with-lang", code.with_lang,
                     "Also tag, lemmatize, parse and find entities (lang.annotate; slower)");
  AddDictFlags(code_cmd, &code.dicts);

  EventsFlags events;
  CLI::App* events_cmd = app.add_subcommand("events", "List stored events");
  AddFilterOptions(events_cmd, &events);
  events_cmd->add_flag("--clusters", events.clusters, "One event per event cluster");
  events_cmd->add_option("--format", events.format, "table, jsonl or csv")->capture_default_str();
  events_cmd->add_option("--limit", events.filter.limit, "At most N events (-1: all)")
      ->capture_default_str();

  DictCommand dict;
  AddDictCommand(&app, &dict);
  ExportFlags export_flags;
  CLI::App* export_cmd = app.add_subcommand("export", "Export stored events or event clusters");
  AddFilterOptions(export_cmd, &export_flags.events);
  export_cmd->add_flag("--clusters", export_flags.events.clusters, "One record per event cluster");
  export_cmd->add_option("--format", export_flags.format, "jsonl, csv, gdelt or plover")
      ->capture_default_str();
  export_cmd->add_option("--out", export_flags.out, "Output file, or - for standard output")
      ->required();

  StatsFlags stats;
  CLI::App* stats_cmd =
      app.add_subcommand("stats", "Event counts and Goldstein series per period and group");
  AddFilterOptions(stats_cmd, &stats.events);
  stats_cmd->add_option("--by", stats.by, "Period: day, week or month");
  stats_cmd->add_option("--group", stats.group, "dyad, source, target, root, quad or country");
  stats_cmd->add_option("--format", stats.format, "table, csv or json")->capture_default_str();
  stats_cmd->add_flag("--escalation", stats.escalation,
                      "Flag periods whose material conflict rises far above the baseline");

  CLI::App* eval_cmd = app.add_subcommand("eval", "Score casus against reference annotations");
  eval_cmd->require_subcommand(1);
  QuotesCommand quotes;
  AddQuotesCommands(&app, eval_cmd, &quotes);
  LangCommand lang;
  AddLangCommands(&app, eval_cmd, &lang);

  ActorsCommand actors;
  AddActorsCommand(&app, &actors);

  PlacesCommand places;
  AddPlacesCommands(&app, eval_cmd, &places);

  // `casus eval petrarch`: the TABARI/PETRARCH validation suites with their own dictionaries.
  EvalPetrarchOptions petrarch;
  DictFlags petrarch_dicts;
  CLI::App* petrarch_cmd = eval_cmd->add_subcommand(
      "petrarch", "Share of TABARI/PETRARCH validation records coded exactly as expected");
  petrarch_cmd
      ->add_option("records", petrarch.records_path, "Validation records (.xml or TABARI .text)")
      ->required();
  petrarch_cmd->add_option("--data", petrarch.data_dir, "Data directory");
  petrarch_cmd->add_flag("--failures", petrarch.show_failures, "List the records coded wrong");
  AddDictFlags(petrarch_cmd, &petrarch_dicts);

  CLI::App* version_cmd = app.add_subcommand("version", "Print the casus version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : kExitUsage;
  }

  if (code_cmd->parsed()) {
    return RunCodeCommand(code);
  }
  if (events_cmd->parsed()) {
    return RunEventsCommand(events);
  }
  if (dict.dict->parsed()) {
    return RunDict(dict);
  }
  if (export_cmd->parsed()) {
    return RunExportCommand(export_flags);
  }
  if (stats_cmd->parsed()) {
    return RunStatsCommand(stats);
  }
  if (const int rc = RunQuotesCommands(quotes); rc >= 0) {
    return rc;
  }
  if (const int rc = RunActorsCommand(actors); rc >= 0) {
    return rc;
  }
  if (const int rc = RunLangCommands(&lang); rc >= 0) {
    return rc;
  }
  if (const int rc = RunPlacesCommands(places); rc >= 0) {
    return rc;
  }
  if (petrarch_cmd->parsed()) {
    petrarch.dictionaries = petrarch_dicts.ToOptions();
    const Status status = RunEvalPetrarch(petrarch, &std::cout, &std::cerr);
    return status.ok() ? 0 : Fail(status);
  }
  if (version_cmd->parsed()) {
    std::cout << "casus " << Version() << '\n';
    return 0;
  }
  return kExitUsage;
}

}  // namespace
}  // namespace casus

int main(int argc, char** argv) { return casus::Main(argc, argv); }
