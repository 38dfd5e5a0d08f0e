#include "app/lang_app.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "ingest/ingest.h"
#include "lang/lang.h"
#include "text/text.h"

namespace casus {
namespace {

Status ReadTreebank(const std::string& path, std::vector<lang::TreebankSentence>* sentences) {
  if (path.empty()) {
    return Status::OK();
  }
  if (path.ends_with(".iob2") || path.ends_with(".bio")) {
    return lang::ReadIob2(path, sentences);
  }
  return lang::ReadConllu(path, sentences);
}

std::string ModelsDir(const std::string& dir) { return dir.empty() ? DefaultLangModelsDir() : dir; }

}  // namespace

std::string DefaultLangModelsDir() { return DefaultDataDir() + "/models"; }

Status LoadLangModels(const std::string& dir, std::shared_ptr<const lang::Models>* models) {
  auto loaded = std::make_shared<lang::Models>();
  CASUS_RETURN_IF_ERROR(lang::Models::Load(ModelsDir(dir), loaded.get()));
  *models = std::move(loaded);
  return Status::OK();
}

Status RunTrain(const TrainOptions& options, std::ostream* log) {
  std::vector<lang::TreebankSentence> train, dev;
  CASUS_RETURN_IF_ERROR(ReadTreebank(options.train_path, &train));
  CASUS_RETURN_IF_ERROR(ReadTreebank(options.dev_path, &dev));
  if (train.empty()) {
    return Status::InvalidInput(options.train_path + ": no training sentences");
  }
  lang::TrainOptions train_options;
  train_options.seed = options.seed;
  train_options.epochs = options.epochs;
  train_options.log = log;
  const auto start = std::chrono::steady_clock::now();
  Status status;
  if (options.model == "tagger") {
    std::unique_ptr<lang::Tagger> tagger;
    CASUS_RETURN_IF_ERROR(lang::Tagger::Train(train, dev, train_options, &tagger));
    status = tagger->Save(options.out_path);
  } else if (options.model == "lemmatizer") {
    std::unique_ptr<lang::Lemmatizer> lemmatizer;
    CASUS_RETURN_IF_ERROR(lang::Lemmatizer::Train(train, dev, train_options, &lemmatizer));
    status = lemmatizer->Save(options.out_path);
  } else if (options.model == "ner") {
    // The recognizer reads no tags (UPOS features from a tagger trained on the same sentences
    // lowered dev F1); its gazetteer is the ner-gazetteer.tsv beside the output, when present.
    const std::string gazetteer_path =
        !options.gazetteer_path.empty()
            ? options.gazetteer_path
            : (std::filesystem::path(options.out_path).parent_path() / "ner-gazetteer.tsv")
                  .string();
    lang::WordListGazetteer gazetteer;
    const bool with_gazetteer = std::filesystem::exists(gazetteer_path);
    if (with_gazetteer) {
      CASUS_RETURN_IF_ERROR(gazetteer.LoadTypedFile(gazetteer_path));
    }
    std::unique_ptr<lang::Ner> ner;
    CASUS_RETURN_IF_ERROR(lang::Ner::Train(
        train, dev, nullptr, with_gazetteer ? &gazetteer : nullptr, train_options, &ner));
    status = ner->Save(options.out_path);
  } else if (options.model == "parser") {
    // The parser learns from the tags the shipped tagger gives, not from gold tags, so that
    // training sees the kind of input annotation gives them.
    const std::string tagger_path =
        !options.tagger_path.empty()
            ? options.tagger_path
            : (std::filesystem::path(options.out_path).parent_path() / "tagger.bin").string();
    std::unique_ptr<lang::Tagger> tagger;
    CASUS_RETURN_IF_ERROR(lang::Tagger::Load(tagger_path, &tagger));
    std::unique_ptr<lang::Parser> parser;
    CASUS_RETURN_IF_ERROR(lang::Parser::Train(train, dev, tagger.get(), train_options, &parser));
    status = parser->Save(options.out_path);
  } else {
    return Status::InvalidInput("unknown model '" + options.model +
                                "' (tagger, lemmatizer, parser or ner)");
  }
  CASUS_RETURN_IF_ERROR(status);
  if (log != nullptr) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    *log << fmt::format("{}: {} trained in {:.1f} s, {} bytes\n", options.out_path, options.model,
                        seconds, std::filesystem::file_size(options.out_path));
  }
  return Status::OK();
}

Status RunEvalParse(const EvalParseOptions& options, std::ostream* out) {
  std::shared_ptr<const lang::Models> models;
  CASUS_RETURN_IF_ERROR(LoadLangModels(options.models_dir, &models));
  std::vector<lang::TreebankSentence> gold;
  CASUS_RETURN_IF_ERROR(lang::ReadConllu(options.gold_path, &gold));
  lang::ParseScores scores;
  const auto start = std::chrono::steady_clock::now();
  if (options.raw) {
    const auto tokenizer = MakeTokenizer();
    CASUS_RETURN_IF_ERROR(lang::EvaluateRaw(*models, *tokenizer, gold, &scores));
  } else {
    std::unique_ptr<std::ofstream> errors;
    if (!options.errors_path.empty()) {
      errors = std::make_unique<std::ofstream>(options.errors_path);
    }
    lang::EvaluateGoldTokens(*models, gold, &scores, errors.get());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  *out << fmt::format("{}: {} sentences, {} gold words, {} system words ({}), {:.0f} words/s\n",
                      options.gold_path, scores.gold_sentences, scores.gold_words,
                      scores.system_words, options.raw ? "raw text" : "gold tokens",
                      seconds > 0 ? scores.system_words / seconds : 0.0);
  if (!models->parser) {
    *out << "no parser model: UAS and LAS are 0\n";
  }
  if (options.raw) {
    *out << fmt::format("sentences F1={:.1f} (gold {}, system {}, matched {})\n",
                        scores.SentenceF1(), scores.gold_sentences, scores.system_sentences,
                        scores.matched_sentences);
    *out << fmt::format("tokens F1={:.1f} (syntactic words by character span; aligned {})\n",
                        scores.TokenF1(), scores.aligned);
  }
  *out << scores.Summary() << '\n';
  return Status::OK();
}

Status RunEvalNer(const EvalNerOptions& options, std::ostream* out) {
  std::shared_ptr<const lang::Models> models;
  CASUS_RETURN_IF_ERROR(LoadLangModels(options.models_dir, &models));
  if (!models->ner) {
    return Status::NotFound(ModelsDir(options.models_dir) + "/ner.bin does not exist");
  }
  std::vector<lang::TreebankSentence> gold;
  CASUS_RETURN_IF_ERROR(ReadTreebank(options.gold_path, &gold));
  lang::NerScores scores;
  lang::EvaluateNer(*models, gold, &scores);
  *out << scores.Report();
  return Status::OK();
}

namespace {

nlohmann::json DocumentJson(const Document& doc) {
  nlohmann::json sentences = nlohmann::json::array();
  const TokenColumns& t = doc.tokens;
  for (const Sentence& s : doc.sentences) {
    nlohmann::json tokens = nlohmann::json::array();
    for (uint32_t i = s.tokens.begin; i < s.tokens.end; ++i) {
      nlohmann::json tok = {{"id", i - s.tokens.begin + 1},
                            {"form", doc.TokenText(i)},
                            {"start", t.begin[i]},
                            {"end", t.end[i]},
                            {"lemma", doc.strings.Get(t.lemma[i])},
                            {"upos", UposName(t.upos[i])},
                            {"xpos", doc.strings.Get(t.xpos[i])}};
      if (doc.Has(kLayerDeps)) {
        tok["head"] = t.head[i] < 0 ? 0 : t.head[i] - static_cast<int32_t>(s.tokens.begin) + 1;
        tok["deprel"] = doc.strings.Get(t.rel[i]);
      }
      if (doc.Has(kLayerEntities)) {
        tok["entity"] = t.entity[i] == 0 ? "O" : doc.strings.Get(t.entity[i]);
      }
      tokens.push_back(std::move(tok));
    }
    sentences.push_back(
        {{"text", doc.SentenceText(static_cast<uint32_t>(&s - doc.sentences.data()))},
         {"tokens", std::move(tokens)}});
  }
  return {{"id", doc.id}, {"sentences", std::move(sentences)}};
}

}  // namespace

Status RunAnnotate(const AnnotateOptions& options, std::ostream* out, std::ostream* err) {
  if (options.format != "conllu" && options.format != "json") {
    return Status::InvalidInput("--format must be conllu or json, not '" + options.format + "'");
  }
  std::shared_ptr<const lang::Models> models;
  CASUS_RETURN_IF_ERROR(LoadLangModels(options.models_dir, &models));
  Pipeline pipeline;
  pipeline.Add(MakeTokenizer());
  pipeline.Add(lang::MakeAnnotator(models));
  CASUS_RETURN_IF_ERROR(pipeline.Check());
  std::unique_ptr<DocumentReader> reader;
  CASUS_RETURN_IF_ERROR(DocumentReader::Open(options.inputs, IngestOptions(), &reader, nullptr));
  auto report = [&](const Status& status) { *err << "casus: " << status.message() << '\n'; };
  constexpr size_t kBatch = 64;
  std::vector<Document> batch;
  size_t done = 0;
  bool more = true;
  while (more) {
    batch.clear();
    Document doc;
    while (batch.size() < kBatch && (more = reader->Next(&doc, report))) {
      batch.push_back(std::move(doc));
      doc = Document();
    }
    std::vector<Status> statuses;
    pipeline.RunBatch(batch, options.threads, &statuses);
    std::string text;
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!statuses[i].ok()) {
        report(statuses[i].WithContext(batch[i].id));
        continue;
      }
      ++done;
      if (options.format == "conllu") {
        text += "# newdoc id = " + batch[i].id + "\n";
        lang::DocumentToConllu(batch[i], &text);
      } else {
        text += DocumentJson(batch[i]).dump() + "\n";
      }
    }
    *out << text;
  }
  if (done == 0 && reader->stats().errors > 0) {
    return Status::InvalidInput("no document could be annotated");
  }
  return Status::OK();
}

}  // namespace casus
