// casus command line: the dictionary flags of `casus code` and the `casus dict` subcommands
// (check, coverage). Kept apart from main.cc so that the flags live next to their help text.
#ifndef CASUS_CLI_DICT_COMMAND_H_
#define CASUS_CLI_DICT_COMMAND_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/dicts.h"

namespace casus {

// The user-dictionary flags as given on the command line.
struct DictFlags {
  std::vector<std::string> any;       // --dict (format detected)
  std::vector<std::string> actors;    // --actors-dict
  std::vector<std::string> agents;    // --agents-dict
  std::vector<std::string> discards;  // --discard-dict
  std::vector<std::string> verbs;     // --verbs-dict
  bool only = false;                  // --only-dicts

  [[nodiscard]] DictionaryOptions ToOptions() const;
};

// Adds --dict, --actors-dict, --agents-dict, --discard-dict, --verbs-dict and --only-dicts.
void AddDictFlags(CLI::App* command, DictFlags* flags);

// The `casus dict` subcommand; RunDict returns the exit status once it was parsed.
struct DictCommand {
  CLI::App* dict = nullptr;
  CLI::App* check = nullptr;
  CLI::App* coverage = nullptr;
  CLI::App* patterns = nullptr;
  bool list_codes = false;
  std::vector<std::string> paths;
  size_t max_shown = 50;
  std::string data;
  DictFlags flags;
};
void AddDictCommand(CLI::App* app, DictCommand* command);
int RunDict(const DictCommand& command);

}  // namespace casus

#endif  // CASUS_CLI_DICT_COMMAND_H_
