#include "cli/places_command.h"

#include <iostream>

#include "app/app.h"

namespace casus {

void AddPlacesCommands(CLI::App* app, CLI::App* eval, PlacesCommand* c) {
  CLI::App* gazetteer = app->add_subcommand("gazetteer", "Build the offline gazetteer");
  gazetteer->require_subcommand(1);
  c->gazetteer_build = gazetteer->add_subcommand(
      "build", "Compile GeoNames sources, countries and the supplement into a gazetteer file");
  c->gazetteer_build
      ->add_option("--sources", c->sources_dir,
                   "Folder with cities500.txt, admin1.json, iso3166-2.json (scripts/install-deps)")
      ->required();
  c->gazetteer_build->add_option("--countries", c->country_info,
                                 "CountryInfo.txt: country names and adjectives (optional)");
  c->gazetteer_build
      ->add_option("--supplement", c->supplement, "Curated places (data/places/supplement.tsv)")
      ->required();
  c->gazetteer_build->add_option("--out", c->out, "The gazetteer file to write")->required();

  c->places = app->add_subcommand("places", "List stored place mentions and their resolution");
  c->places->add_option("--db", c->list.db_path, "SQLite database")->capture_default_str();
  c->places->add_option("--doc", c->list.doc_id, "Only this document");
  c->places->add_option("--format", c->list.format, "table or jsonl")->capture_default_str();

  c->eval_places = eval->add_subcommand(
      "places", "Score the places stage against a reference (places.jsonl format)");
  c->eval_places->add_option("gold", c->eval.gold_path, "Gold places (JSONL)")->required();
  c->eval_places->add_option("--docs", c->eval.docs_dir,
                             "Folder of the documents (DOC.txt); default: the gold's folder");
  c->eval_places->add_option("--meta", c->eval.meta_path, "Document metadata (JSONL)");
  c->eval_places->add_option("--data", c->eval.data_dir, "Data directory");
}

int RunPlacesCommands(const PlacesCommand& c) {
  Status status;
  if (c.gazetteer_build->parsed()) {
    GazetteerSources sources;
    sources.cities500 = c.sources_dir + "/cities500.txt";
    sources.admin1 = c.sources_dir + "/admin1.json";
    sources.iso3166 = c.sources_dir + "/iso3166-2.json";
    sources.country_info = c.country_info;
    sources.supplement = c.supplement;
    status = RunBuildGazetteer(sources, c.out, &std::cout);
  } else if (c.places->parsed()) {
    if (c.list.format != "table" && c.list.format != "jsonl") {
      std::cerr << "casus places: --format must be table or jsonl\n";
      return 2;
    }
    size_t count = 0;
    status = RunPlaces(c.list, &std::cout, &count);
  } else if (c.eval_places->parsed()) {
    status = RunEvalPlaces(c.eval, &std::cout, &std::cerr);
  } else {
    return -1;
  }
  if (!status.ok()) {
    std::cerr << "casus: " << status.message() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace casus
