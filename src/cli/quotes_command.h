// casus command line: `casus quotes` (stored quotes) and `casus eval quotes` (the quotes stage
// scored against a reference). Kept apart from main.cc next to their help text.
#ifndef CASUS_CLI_QUOTES_COMMAND_H_
#define CASUS_CLI_QUOTES_COMMAND_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/quotes_app.h"

namespace casus {

struct QuotesCommand {
  CLI::App* quotes = nullptr;
  CLI::App* eval_quotes = nullptr;
  CLI::App* eval_events = nullptr;
  CLI::App* eval_actors = nullptr;
  CLI::App* eval_docs = nullptr;
  std::string db = "casus.db";
  std::string format = "table";
  QuoteFilter filter;
  EvalOptions eval;
  EvalOptions eval_events_options;
  EvalOptions eval_actors_options;
  EvalOptions eval_docs_options;
  std::vector<std::string> eval_actors_gold;
};

// Adds `quotes` to `app` and `quotes` to the `eval` subcommand.
void AddQuotesCommands(CLI::App* app, CLI::App* eval, QuotesCommand* command);
// The exit status of whichever of the two ran; -1 when neither was parsed.
int RunQuotesCommands(const QuotesCommand& command);

}  // namespace casus

#endif  // CASUS_CLI_QUOTES_COMMAND_H_
