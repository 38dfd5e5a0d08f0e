#include "cli/quotes_command.h"

#include <iostream>

namespace casus {

void AddQuotesCommands(CLI::App* app, CLI::App* eval, QuotesCommand* c) {
  c->quotes = app->add_subcommand("quotes", "List stored quotes with their speakers");
  c->quotes->add_option("--db", c->db, "SQLite file or postgresql:// URL")->capture_default_str();
  c->quotes->add_option("--speaker", c->filter.speaker_text,
                        "Speaker name contains TEXT (case-insensitive)");
  c->quotes->add_option("--actor", c->filter.actor_prefix, "Speaker actor code prefix (USA)");
  c->quotes->add_option("--doc", c->filter.doc_id, "Only this document");
  c->quotes->add_option("--limit", c->filter.limit, "At most N quotes (-1: all)");
  c->quotes->add_option("--format", c->format, "table, jsonl or csv")->capture_default_str();

  c->eval_quotes = eval->add_subcommand(
      "quotes", "Score the quotes stage against a reference (quotes.jsonl format)");
  c->eval_quotes->add_option("gold", c->eval.gold_path, "Gold quotes (JSONL)")->required();
  c->eval_quotes->add_option("--docs", c->eval.docs_dir,
                             "Folder of the documents (DOC.txt); default: the gold's folder");
  c->eval_quotes->add_option("--meta", c->eval.meta_path, "Document metadata (JSONL)");
  c->eval_quotes->add_option("--data", c->eval.data_dir, "Data directory");

  EvalOptions& e = c->eval_events_options;
  c->eval_events = eval->add_subcommand(
      "events", "Score the events against a gold file (seeds gold.jsonl or data/eval format)");
  c->eval_events->add_option("gold", e.gold_path, "Gold events (JSONL)")->required();
  c->eval_events->add_option("--docs", e.docs_dir,
                             "Folder of the documents (DOC.txt); default: the gold's folder");
  c->eval_events->add_option("--meta", e.meta_path, "Document metadata (JSONL)");
  c->eval_events->add_option("--data", e.data_dir, "Data directory");

  EvalOptions& a = c->eval_actors_options;
  c->eval_actors = eval->add_subcommand(
      "actors", "Check the actor code of every gold mention (seeds gold.jsonl, quotes.jsonl)");
  c->eval_actors->add_option("gold", c->eval_actors_gold, "Gold events and/or quotes (JSONL)")
      ->required();
  c->eval_actors->add_option("--docs", a.docs_dir,
                             "Folder of the documents (DOC.txt); default: the first gold's folder");
  c->eval_actors->add_option("--meta", a.meta_path, "Document metadata (JSONL)");
  c->eval_actors->add_option("--data", a.data_dir, "Data directory");

  EvalOptions& d = c->eval_docs_options;
  c->eval_docs = eval->add_subcommand(
      "docs", "Check publication dates, headline lines and furniture read from the pages");
  c->eval_docs->add_option("gold", d.gold_path, "Reference documents (docs.jsonl format)")
      ->required();
  c->eval_docs->add_option("--docs", d.docs_dir,
                           "Folder of the documents (DOC.txt); default: the gold's folder");
  c->eval_docs->add_option("--data", d.data_dir, "Data directory");
}

int RunQuotesCommands(const QuotesCommand& c) {
  Status status;
  if (c.quotes->parsed()) {
    QuotesOptions options;
    options.db_path = c.db;
    options.filter = c.filter;
    if (!output::ParseEventFormat(c.format, &options.format).ok()) {
      std::cerr << "casus quotes: --format must be table, jsonl or csv\n";
      return 2;
    }
    size_t count = 0;
    status = RunQuotes(options, &std::cout, &count);
  } else if (c.eval_quotes->parsed()) {
    status = RunEvalQuotes(c.eval, &std::cout, &std::cerr);
  } else if (c.eval_events->parsed()) {
    status = RunEvalEvents(c.eval_events_options, &std::cout, &std::cerr);
  } else if (c.eval_actors->parsed()) {
    status = RunEvalActors(c.eval_actors_options, c.eval_actors_gold, &std::cout, &std::cerr);
  } else if (c.eval_docs->parsed()) {
    status = RunEvalDocs(c.eval_docs_options, &std::cout, &std::cerr);
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
