// LangApp: the jobs behind `casus train`, `casus eval parse`, `casus eval ner` and
// `casus annotate` — training the language models from treebanks, scoring them, and writing
// annotated documents as CoNLL-U or JSON.
//
// Models live in one directory (tagger.bin, lemmatizer.bin, parser.bin, ner.bin); the default is
// <data dir>/models (DefaultLangModelsDir()).
//
// Thread safety: each Run* call is independent; the loaded models are shared read-only.
#ifndef CASUS_APP_LANG_APP_H_
#define CASUS_APP_LANG_APP_H_

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"

namespace casus {

namespace lang {
struct Models;
}

std::string DefaultLangModelsDir();

// Loads the models of `dir` ("" = the default), with the recognizer's word lists.
Status LoadLangModels(const std::string& dir, std::shared_ptr<const lang::Models>* models);

struct TrainOptions {
  std::string model;  // tagger, lemmatizer, parser or ner
  std::string train_path;
  std::string dev_path;
  std::string out_path;
  uint64_t seed = 1;
  int epochs = 0;           // 0: the model's default
  std::string tagger_path;  // parser: the tagger whose tags it learns from
  // ner: its word lists (scripts/build-ner-gazetteer); "" = ner-gazetteer.tsv beside out_path,
  // used when it exists.
  std::string gazetteer_path;
};
// Trains one model and saves it; progress lines go to `log`.
Status RunTrain(const TrainOptions& options, std::ostream* log);

struct EvalParseOptions {
  std::string gold_path;
  bool raw = false;         // tokenize and split the "# text" with casus's own tokenizer
  std::string models_dir;   // "" = default
  std::string errors_path;  // gold tokens: write the wrong lemmas and tags here (analysis)
};
// Prints word counts, then (raw) "sentences F1=…" and "tokens F1=…", and as the last line
// "UPOS=… XPOS=… LEMMA=… UAS=… LAS=…".
Status RunEvalParse(const EvalParseOptions& options, std::ostream* out);

struct EvalNerOptions {
  std::string gold_path;  // IOB2, or CoNLL-U with Entity= in MISC
  std::string models_dir;
};
// Prints one line per type (PER, ORG, LOC) and a last "overall" line with P, R and span F1.
Status RunEvalNer(const EvalNerOptions& options, std::ostream* out);

struct AnnotateOptions {
  std::vector<std::string> inputs;
  std::string format = "conllu";  // conllu or json
  std::string models_dir;
  int threads = 0;
};
// Tokenizes, tags, lemmatizes, parses and recognizes entities in the inputs; documents that
// fail are reported on `err` and skipped.
Status RunAnnotate(const AnnotateOptions& options, std::ostream* out, std::ostream* err);

}  // namespace casus

#endif  // CASUS_APP_LANG_APP_H_
