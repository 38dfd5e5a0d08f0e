// casus command line: `casus train tagger|lemmatizer|parser|ner`, `casus eval parse`,
// `casus eval ner` and `casus annotate` (the language models; see app/lang_app.h).
#ifndef CASUS_CLI_LANG_COMMAND_H_
#define CASUS_CLI_LANG_COMMAND_H_

#include <string>

#include <CLI/CLI.hpp>

#include "app/lang_app.h"

namespace casus {

struct LangCommand {
  CLI::App* train = nullptr;
  CLI::App* train_models[4] = {};
  CLI::App* eval_parse = nullptr;
  CLI::App* eval_ner = nullptr;
  CLI::App* annotate = nullptr;
  TrainOptions train_options;
  EvalParseOptions eval_parse_options;
  EvalNerOptions eval_ner_options;
  AnnotateOptions annotate_options;
};

// Adds `train` and `annotate` to `app`, and `parse` and `ner` to the `eval` subcommand.
void AddLangCommands(CLI::App* app, CLI::App* eval, LangCommand* command);
// The exit status of whichever ran; -1 when none was parsed.
int RunLangCommands(LangCommand* command);

}  // namespace casus

#endif  // CASUS_CLI_LANG_COMMAND_H_
