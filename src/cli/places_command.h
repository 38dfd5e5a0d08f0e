// casus command line: `casus gazetteer build` (compile the gazetteer), `casus places` (stored
// place mentions) and `casus eval places` (the places stage scored against a reference).
#ifndef CASUS_CLI_PLACES_COMMAND_H_
#define CASUS_CLI_PLACES_COMMAND_H_

#include <string>

#include <CLI/CLI.hpp>

#include "app/places_app.h"

namespace casus {

struct PlacesCommand {
  CLI::App* gazetteer_build = nullptr;
  CLI::App* places = nullptr;
  CLI::App* eval_places = nullptr;
  std::string sources_dir;
  std::string country_info;
  std::string supplement;
  std::string out;
  PlacesOptions list;
  EvalOptions eval;
};

// Adds `gazetteer build` and `places` to `app` and `places` to the `eval` subcommand.
void AddPlacesCommands(CLI::App* app, CLI::App* eval, PlacesCommand* command);
// The exit status of whichever ran; -1 when none was parsed.
int RunPlacesCommands(const PlacesCommand& command);

}  // namespace casus

#endif  // CASUS_CLI_PLACES_COMMAND_H_
