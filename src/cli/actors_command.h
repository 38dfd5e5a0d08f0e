// casus command line: `casus actors --unknown`, the names casus coded without a dictionary
// entry, as dictionary lines to review. Kept apart from main.cc next to its help text.
#ifndef CASUS_CLI_ACTORS_COMMAND_H_
#define CASUS_CLI_ACTORS_COMMAND_H_

#include <CLI/CLI.hpp>

#include "app/actors_app.h"

namespace casus {

struct ActorsCommand {
  CLI::App* actors = nullptr;
  bool unknown = false;
  UnknownActorsOptions options;
};

void AddActorsCommand(CLI::App* app, ActorsCommand* command);
// The exit status once `actors` was parsed; -1 when it was not.
int RunActorsCommand(const ActorsCommand& command);

}  // namespace casus

#endif  // CASUS_CLI_ACTORS_COMMAND_H_
