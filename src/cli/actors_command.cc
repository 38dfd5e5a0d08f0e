#include "cli/actors_command.h"

#include <iostream>

namespace casus {

void AddActorsCommand(CLI::App* app, ActorsCommand* c) {
  c->actors = app->add_subcommand("actors", "Actors in a database: --unknown lists inferred names");
  c->actors->add_flag("--unknown", c->unknown,
                      "Names no dictionary knows, coded from their title or apposition, as "
                      "dictionary lines to review");
  c->actors->add_option("--db", c->options.db_path, "SQLite file or postgresql:// URL")
      ->capture_default_str();
  c->actors->add_option("--limit", c->options.limit, "At most N names (-1: all)");
}

int RunActorsCommand(const ActorsCommand& c) {
  if (!c.actors->parsed()) {
    return -1;
  }
  if (!c.unknown) {
    std::cerr << "casus actors: say what to list (--unknown)\n";
    return 2;
  }
  size_t count = 0;
  const Status status = RunUnknownActors(c.options, &std::cout, &count);
  if (!status.ok()) {
    std::cerr << "casus: " << status.message() << '\n';
    return 1;
  }
  std::cerr << "casus actors: " << count << " inferred name" << (count == 1 ? "" : "s") << '\n';
  return 0;
}

}  // namespace casus
