#include "cli/lang_command.h"

#include <iostream>

namespace casus {

void AddLangCommands(CLI::App* app, CLI::App* eval, LangCommand* c) {
  c->train = app->add_subcommand("train", "Train a language model from a treebank");
  c->train->require_subcommand(1);
  static constexpr const char* kModels[4] = {"tagger", "lemmatizer", "parser", "ner"};
  static constexpr const char* kHelp[4] = {
      "POS tagger (UPOS and XPOS) from CoNLL-U", "Lemmatizer from CoNLL-U",
      "Dependency parser from CoNLL-U (uses --tagger)",
      "Entity recognizer from IOB2 (uses --gazetteer; no tags)"};
  TrainOptions& t = c->train_options;
  for (int m = 0; m < 4; ++m) {
    CLI::App* cmd = c->train->add_subcommand(kModels[m], kHelp[m]);
    c->train_models[m] = cmd;
    cmd->add_option("--train", t.train_path, "Training file")->required();
    cmd->add_option("--dev", t.dev_path, "Development file (model selection)");
    cmd->add_option("--out", t.out_path, "Model file to write")->required();
    cmd->add_option("--seed", t.seed, "Random seed (training is deterministic for a seed)")
        ->capture_default_str();
    cmd->add_option("--epochs", t.epochs, "Training epochs (0: the model's default)")
        ->check(CLI::NonNegativeNumber);
    if (m == 2) {
      cmd->add_option("--tagger", t.tagger_path, "Tagger model (default: tagger.bin beside --out)");
    }
    if (m == 3) {
      cmd->add_option("--gazetteer", t.gazetteer_path,
                      "Word lists, TYPE<TAB>phrase (default: ner-gazetteer.tsv beside --out)");
    }
  }

  EvalParseOptions& p = c->eval_parse_options;
  c->eval_parse = eval->add_subcommand(
      "parse", "Score tagger, lemmatizer and parser on a CoNLL-U file (CoNLL 2018 metrics)");
  c->eval_parse->add_option("gold", p.gold_path, "Gold CoNLL-U")->required();
  c->eval_parse->add_flag("--raw", p.raw,
                          "Tokenize and split the '# text' with casus's own tokenizer");
  c->eval_parse->add_option("--models", p.models_dir, "Model directory (default: data/models)");
  c->eval_parse->add_option("--errors", p.errors_path,
                            "Write the wrong lemmas and UPOS tags to FILE (gold tokens)");

  EvalNerOptions& n = c->eval_ner_options;
  c->eval_ner = eval->add_subcommand("ner", "Score the entity recognizer (exact spans)");
  c->eval_ner->add_option("gold", n.gold_path, "Gold IOB2 (or CoNLL-U with Entity=)")->required();
  c->eval_ner->add_option("--models", n.models_dir, "Model directory (default: data/models)");

  AnnotateOptions& a = c->annotate_options;
  c->annotate = app->add_subcommand(
      "annotate", "Tokenize, tag, lemmatize, parse and find entities; write CoNLL-U or JSON");
  c->annotate->add_option("inputs", a.inputs, "Files, directories, or - for stdin")->required();
  c->annotate->add_option("--format", a.format, "conllu or json")->capture_default_str();
  c->annotate->add_option("--models", a.models_dir, "Model directory (default: data/models)");
  c->annotate->add_option("--threads", a.threads, "Worker threads (0: all cores)")
      ->check(CLI::NonNegativeNumber);
}

int RunLangCommands(LangCommand* c) {
  Status status;
  if (c->train->parsed()) {
    for (CLI::App* cmd : c->train_models) {
      if (cmd->parsed()) {
        c->train_options.model = cmd->get_name();
      }
    }
    status = RunTrain(c->train_options, &std::cerr);
  } else if (c->eval_parse->parsed()) {
    status = RunEvalParse(c->eval_parse_options, &std::cout);
  } else if (c->eval_ner->parsed()) {
    status = RunEvalNer(c->eval_ner_options, &std::cout);
  } else if (c->annotate->parsed()) {
    status = RunAnnotate(c->annotate_options, &std::cout, &std::cerr);
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
