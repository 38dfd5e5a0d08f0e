#include "cli/dict_command.h"

#include <iostream>

#include "app/app.h"

namespace casus {

DictionaryOptions DictFlags::ToOptions() const {
  DictionaryOptions options;
  for (const std::string& p : any) {
    options.actor_files.emplace_back(p, DictionaryFormat::kAuto);
  }
  for (const std::string& p : actors) {
    options.actor_files.emplace_back(p, DictionaryFormat::kPetrarchActors);
  }
  for (const std::string& p : agents) {
    options.actor_files.emplace_back(p, DictionaryFormat::kPetrarchAgents);
  }
  for (const std::string& p : discards) {
    options.actor_files.emplace_back(p, DictionaryFormat::kPetrarchDiscards);
  }
  options.verb_files = verbs;
  options.replace_shipped = only;
  return options;
}

void AddDictFlags(CLI::App* command, DictFlags* flags) {
  command->add_option("--dict", flags->any,
                      "Actor dictionary to add, casus or TABARI/PETRARCH format (detected)");
  command->add_option("--actors-dict", flags->actors,
                      "TABARI/PETRARCH actor dictionary (Phoenix.Countries.actors.txt)");
  command->add_option("--agents-dict", flags->agents, "PETRARCH agent dictionary");
  command->add_option("--discard-dict", flags->discards, "PETRARCH discard list");
  command->add_option("--verbs-dict", flags->verbs, "PETRARCH CAMEO verb dictionary");
  command->add_flag("--only-dicts", flags->only,
                    "Use the given dictionaries instead of the shipped ones (per kind)");
}

void AddDictCommand(CLI::App* app, DictCommand* command) {
  command->dict = app->add_subcommand("dict", "Check actor dictionaries and measure coverage");
  command->dict->require_subcommand(1);
  command->check = command->dict->add_subcommand(
      "check", "Validate dictionaries: syntax (file:line), duplicates, conflicts, date overlaps");
  command->check->add_option("paths", command->paths, "Dictionary files or directories")
      ->required();
  command->check->add_option("--max", command->max_shown, "Show at most N problems of each kind")
      ->capture_default_str();
  command->check->add_option("--data", command->data, "Data directory (codebook for verbs)");
  command->coverage = command->dict->add_subcommand(
      "coverage", "Share of gold actor codes (eval JSONL) the dictionaries can give");
  command->coverage->add_option("gold", command->paths, "Sentence-level gold JSONL files")
      ->required();
  command->coverage->add_option("--data", command->data, "Data directory");
  AddDictFlags(command->coverage, &command->flags);
  command->patterns = command->dict->add_subcommand(
      "patterns", "Event patterns per CAMEO code and root, and the codes no pattern gives");
  command->patterns->add_option("--data", command->data, "Data directory");
  command->patterns->add_flag("--codes", command->list_codes, "List every code with its counts");
  AddDictFlags(command->patterns, &command->flags);
}

int RunDict(const DictCommand& command) {
  if (command.check->parsed()) {
    DictCheckSummary summary;
    const std::string data = command.data.empty() ? DefaultDataDir() : command.data;
    Status st = RunDictCheck(command.paths, data, command.max_shown, &std::cout, &summary);
    if (!st.ok()) {
      std::cerr << "casus: " << st.message() << '\n';
      return 1;
    }
    return summary.problems() == 0 ? 0 : 1;
  }
  const std::string data = command.data.empty() ? DefaultDataDir() : command.data;
  if (command.patterns->parsed()) {
    Status st = RunPatternCoverage(data, command.flags.ToOptions(), command.list_codes, &std::cout);
    if (!st.ok()) {
      std::cerr << "casus: " << st.message() << '\n';
      return 1;
    }
    return 0;
  }
  Status st = RunDictCoverage(command.paths, data, command.flags.ToOptions(), &std::cout);
  if (!st.ok()) {
    std::cerr << "casus: " << st.message() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace casus
