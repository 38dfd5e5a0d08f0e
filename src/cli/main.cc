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

#include "app/app.h"
#include "cli/dict_command.h"
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
};

int RunEventsCommand(EventsFlags flags) {
  EventsOptions options;
  options.db_path = flags.db;
  options.filter = flags.filter;
  options.filter.from = ParseDateFlag(flags.from);
  options.filter.to = ParseDateFlag(flags.to);
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
  code_cmd->add_option("--db", code.db, "SQLite database to write")->capture_default_str();
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
  AddDictFlags(code_cmd, &code.dicts);

  EventsFlags events;
  CLI::App* events_cmd = app.add_subcommand("events", "List stored events");
  events_cmd->add_option("--db", events.db, "SQLite database")->capture_default_str();
  events_cmd->add_option("--source", events.filter.source_prefix,
                         "Source actor code prefix (SYR matches SYRGOV)");
  events_cmd->add_option("--target", events.filter.target_prefix, "Target actor code prefix");
  events_cmd->add_option("--code", events.filter.code_prefix,
                         "CAMEO code prefix (19 matches 190-196)");
  events_cmd->add_option("--from", events.from, "Events dated on or after DATE")
      ->check(kDateValidator);
  events_cmd->add_option("--to", events.to, "Events dated on or before DATE")
      ->check(kDateValidator);
  events_cmd->add_option("--doc", events.filter.doc_id, "Only this document id");
  events_cmd->add_option("--format", events.format, "table, jsonl or csv")->capture_default_str();
  events_cmd->add_option("--limit", events.filter.limit, "At most N events (-1: all)")
      ->capture_default_str();

  DictCommand dict;
  AddDictCommand(&app, &dict);

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
  if (version_cmd->parsed()) {
    std::cout << "casus " << Version() << '\n';
    return 0;
  }
  return kExitUsage;
}

}  // namespace
}  // namespace casus

int main(int argc, char** argv) { return casus::Main(argc, argv); }
