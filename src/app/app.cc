#include "app/app.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <utility>

#include <fmt/format.h>

#include "ingest/ingest.h"
#include "lang/lang.h"
#include "output/export.h"
#include "quotes/quotes.h"
#include "text/text.h"
#include "time/time.h"

namespace casus {

std::string DefaultDataDir() {
  if (const char* env = std::getenv("CASUS_DATA"); env != nullptr && *env != '\0') {
    return env;
  }
  return CASUS_SOURCE_DATA_DIR;
}

std::string_view Version() { return CASUS_VERSION; }

std::string DefaultGazetteerPath() {
  if (const char* env = std::getenv("CASUS_GAZETTEER"); env != nullptr && *env != '\0') {
    return env;
  }
  return CASUS_DEFAULT_GAZETTEER;
}

Status Resources::Load(const std::string& data_dir, Resources* resources) {
  if (!std::filesystem::is_directory(data_dir)) {
    return Status::NotFound("data directory " + data_dir +
                            " does not exist (set CASUS_DATA or --data)");
  }
  auto actors = std::make_shared<ActorDictionary>();
  CASUS_RETURN_IF_ERROR(ActorDictionary::LoadDirectory(data_dir + "/actors", actors.get()));
  auto codebook = std::make_shared<Codebook>();
  CASUS_RETURN_IF_ERROR(Codebook::Load(data_dir + "/cameo/codebook.tsv", codebook.get()));
  auto patterns = std::make_shared<PatternSet>();
  CASUS_RETURN_IF_ERROR(PatternSet::LoadDirectory(data_dir + "/events", *codebook, patterns.get()));
  resources->actors = std::move(actors);
  resources->codebook = std::move(codebook);
  resources->patterns = std::move(patterns);
  const std::string gazetteer_path = DefaultGazetteerPath();
  if (std::filesystem::exists(gazetteer_path)) {
    CASUS_RETURN_IF_ERROR(Gazetteer::Open(gazetteer_path, &resources->gazetteer));
  } else {
    resources->gazetteer_missing = "gazetteer " + gazetteer_path +
                                   " not found (make builds it after scripts/install-deps; "
                                   "or set CASUS_GAZETTEER); places are not resolved";
  }
  return Status::OK();
}

Status Resources::LoadLang(const std::string& data_dir) {
  auto models = std::make_shared<lang::Models>();
  CASUS_RETURN_IF_ERROR(lang::Models::Load(data_dir + "/models", models.get()));
  lang = std::move(models);
  return Status::OK();
}

const std::vector<std::string>& RegisteredStageNames() { return LangStageNames(); }

const std::vector<std::string>& DefaultStageNames() {
  // Quotes before events: the coder gives a speaker's own appeals and accusations the speaker
  // as their source.
  static const std::vector<std::string> kNames = {"text.tokenize",  "text.layout", "actors.match",
                                                  "quotes.extract", "events.code", "time.resolve",
                                                  "places.resolve"};
  return kNames;
}

const std::vector<std::string>& LangStageNames() {
  static const std::vector<std::string> kNames = {
      "text.tokenize",  "text.layout", "lang.annotate", "actors.match",
      "quotes.extract", "events.code", "time.resolve",  "places.resolve"};
  return kNames;
}

Status BuildPipeline(const std::vector<std::string>& names, const Resources& resources,
                     Pipeline* pipeline) {
  for (const std::string& name : names) {
    if (name == "text.tokenize") {
      pipeline->Add(MakeTokenizer());
    } else if (name == "text.layout") {
      pipeline->Add(MakeLayoutAnalyzer());
    } else if (name == "lang.annotate") {
      if (!resources.lang) {
        return Status::InvalidInput("stage lang.annotate needs the language models");
      }
      pipeline->Add(lang::MakeAnnotator(resources.lang));
    } else if (name == "actors.match") {
      if (!resources.actors) {
        return Status::InvalidInput("stage actors.match needs the actor dictionaries");
      }
      pipeline->Add(MakeActorMatcher(resources.actors));
    } else if (name == "events.code") {
      if (!resources.codebook || !resources.patterns) {
        return Status::InvalidInput("stage events.code needs the codebook and patterns");
      }
      pipeline->Add(MakeEventCoder(resources.codebook, resources.patterns));
    } else if (name == "time.resolve") {
      pipeline->Add(MakeTimeResolver());
    } else if (name == "places.resolve") {
      if (resources.gazetteer) {  // without one, no places (RunCode warns)
        pipeline->Add(MakePlaceResolver(resources.gazetteer));
      }
    } else if (name == "quotes.extract") {
      pipeline->Add(MakeQuoteExtractor());
    } else {
      return Status::InvalidInput("unknown stage '" + name + "'");
    }
  }
  return pipeline->Check();
}

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Where events go: nowhere, standard output or a file.
class EventSink {
 public:
  Status Open(const std::string& path, output::EventFormat format, std::ostream* stdout_stream) {
    if (path.empty()) {
      return Status::OK();
    }
    std::ostream* stream = stdout_stream;
    if (path != "-") {
      file_ = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
      if (!*file_) {
        return Status::IOError("cannot write " + path);
      }
      stream = file_.get();
    }
    writer_ = std::make_unique<output::EventWriter>(stream, format);
    return Status::OK();
  }
  void Write(const Document& doc) {
    if (!writer_) {
      return;
    }
    for (const EventRecord& record : MakeEventRecords(doc)) {
      writer_->Write(record);
    }
  }
  Status Finish(const std::string& path) {
    if (!writer_) {
      return Status::OK();
    }
    writer_->Finish();
    if (file_ && !*file_) {
      return Status::IOError("writing " + path + " failed");
    }
    return Status::OK();
  }

 private:
  std::unique_ptr<std::ofstream> file_;
  std::unique_ptr<output::EventWriter> writer_;
};

}  // namespace

std::string FormatSummary(const CodeSummary& s) {
  const double rate = s.seconds > 0 ? static_cast<double>(s.documents) / s.seconds : 0.0;
  std::string line = fmt::format(
      "coded {} document{}, {} sentences, {} events in {:.2f} s "
      "({:.1f} docs/s)",
      s.documents, s.documents == 1 ? "" : "s", s.sentences, s.events, s.seconds, rate);
  if (s.errors > 0) {
    line += fmt::format("; {} error{} (documents skipped)", s.errors, s.errors == 1 ? "" : "s");
  }
  return line;
}

Status RunCode(const CodeOptions& options, std::istream* in, std::ostream* out, std::ostream* err,
               CodeSummary* summary) {
  const auto start = Clock::now();
  *summary = CodeSummary{};

  Resources resources;
  const std::string data_dir = options.data_dir.empty() ? DefaultDataDir() : options.data_dir;
  CASUS_RETURN_IF_ERROR(Resources::Load(data_dir, &resources));
  CASUS_RETURN_IF_ERROR(ApplyDictionaryOptions(options.dictionaries, data_dir, &resources, err));
  if (options.with_lang) {
    CASUS_RETURN_IF_ERROR(resources.LoadLang(data_dir));
  }
  Pipeline pipeline;
  CASUS_RETURN_IF_ERROR(BuildPipeline(options.with_lang ? LangStageNames() : DefaultStageNames(),
                                      resources, &pipeline));
  if (!resources.gazetteer) {
    *err << "casus: warning: " << resources.gazetteer_missing << '\n';
  }

  MetaTable meta;
  IngestOptions ingest_options;
  ingest_options.default_date = options.default_date;
  if (!options.meta_path.empty()) {
    CASUS_RETURN_IF_ERROR(LoadMetaTable(options.meta_path, &meta));
    ingest_options.meta = &meta;
  }
  std::unique_ptr<DocumentReader> reader;
  CASUS_RETURN_IF_ERROR(DocumentReader::Open(options.inputs, ingest_options, &reader, in));

  std::unique_ptr<Store> store;
  if (!options.db_path.empty()) {
    CASUS_RETURN_IF_ERROR(Store::Open(options.db_path, &store));
  }
  EventSink sink;
  CASUS_RETURN_IF_ERROR(sink.Open(options.out_path, options.format, out));

  auto report = [&](const Status& status) {
    ++summary->errors;
    *err << "casus: " << status.message() << '\n';
  };
  auto show_progress = [&] {
    if (!options.progress) {
      return;
    }
    const double elapsed = SecondsSince(start);
    *err << fmt::format("\r{} documents, {} sentences, {} events, {:.1f} docs/s",
                        summary->documents, summary->sentences, summary->events,
                        elapsed > 0 ? static_cast<double>(summary->documents) / elapsed : 0.0)
         << std::flush;
  };

  const size_t batch_size = std::max<size_t>(1, options.batch_documents);
  std::vector<Document> batch;
  std::vector<Document> coded;
  std::vector<Status> statuses;
  batch.reserve(batch_size);
  int batches = 0;
  // The store writes one batch on its own thread while the pipeline codes the next, so that a
  // run with a database is bounded by the slower of the two rather than by their sum. Only that
  // thread touches the store while a write is pending; `written` outlives `pending`, whose
  // destructor waits for the write on every return path.
  std::vector<Document> written;
  std::future<Status> pending;
  auto finish_write = [&]() -> Status {
    if (pending.valid()) {
      CASUS_RETURN_IF_ERROR(pending.get());
    }
    for (const Document& doc : written) {
      sink.Write(doc);
      ++summary->documents;
      summary->sentences += doc.sentences.size();
      summary->events += doc.events.size();
      summary->bytes += doc.text.size();
    }
    written.clear();
    show_progress();
    return Status::OK();
  };
  bool more = true;
  while (more) {
    batch.clear();
    while (batch.size() < batch_size) {
      Document doc;
      if (!reader->Next(&doc, report)) {
        more = false;
        break;
      }
      batch.push_back(std::move(doc));
    }
    if (batch.empty()) {
      break;
    }
    pipeline.RunBatch(batch, options.threads, &statuses);
    coded.clear();
    for (size_t i = 0; i < batch.size(); ++i) {
      if (statuses[i].ok()) {
        coded.push_back(std::move(batch[i]));
      } else {
        report(
            statuses[i].WithContext(batch[i].meta.path.empty() ? batch[i].id : batch[i].meta.path));
      }
    }
    CASUS_RETURN_IF_ERROR(finish_write());
    written.swap(coded);
    if (store) {
      if (options.fail_after_batches >= 0 && batches == options.fail_after_batches) {
        return Status::Internal("simulated failure after " + std::to_string(batches) + " batches");
      }
      pending = std::async(std::launch::async, [&store, &written] {
        WriteStats stats;
        return store->WriteDocuments(written, &stats);
      });
      ++batches;
    }
  }
  CASUS_RETURN_IF_ERROR(finish_write());
  if (options.progress) {
    *err << '\n';
  }
  CASUS_RETURN_IF_ERROR(sink.Finish(options.out_path));
  if (store) {
    // Near-duplicate links and event clusters span documents: recomputed once per run.
    CASUS_RETURN_IF_ERROR(store->RefreshDerived());
  }
  summary->seconds = SecondsSince(start);
  if (summary->documents == 0) {
    return Status::InvalidInput(summary->errors > 0 ? "no document could be coded"
                                                    : "no documents in the input");
  }
  return Status::OK();
}

Status RunBuildGazetteer(const GazetteerSources& sources, const std::string& out_path,
                         std::ostream* out) {
  const auto start = Clock::now();
  GazetteerBuilder builder;
  GazetteerBuildStats stats;
  CASUS_RETURN_IF_ERROR(BuildGazetteerFromSources(sources, &builder, &stats));
  const std::string bytes = builder.Finish();
  std::shared_ptr<const Gazetteer> check;
  CASUS_RETURN_IF_ERROR(Gazetteer::FromBytes(bytes, &check));
  const std::string tmp = out_path + ".tmp";
  {
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!file) {
      return Status::IOError("cannot write " + tmp);
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, out_path, ec);
  if (ec) {
    return Status::IOError("cannot rename " + tmp + " to " + out_path + ": " + ec.message());
  }
  *out << fmt::format(
      "gazetteer {}: {} entries ({} countries, {} admin1, {} places, {} supplement rows), "
      "{:.1f} MB, {:.1f} s\n",
      out_path, check->size(), stats.countries, stats.admin1, stats.places, stats.supplement,
      static_cast<double>(bytes.size()) / 1e6, SecondsSince(start));
  return Status::OK();
}

Status RunEvents(const EventsOptions& options, std::ostream* out, size_t* count) {
  std::unique_ptr<Store> store;
  CASUS_RETURN_IF_ERROR(Store::OpenExisting(options.db_path, &store));
  if (options.clusters && options.format != output::EventFormat::kTable) {
    output::ExportWriter writer(out,
                                options.format == output::EventFormat::kCsv
                                    ? output::ExportFormat::kCsv
                                    : output::ExportFormat::kJsonl,
                                "casus " + std::string(Version()));
    CASUS_RETURN_IF_ERROR(store->ExportEvents(options.filter, true, [&](const StoredEvent& e) {
      writer.Write(e);
      return Status::OK();
    }));
    writer.Finish();
    *count = writer.count();
    return Status::OK();
  }
  std::vector<EventRecord> events;
  if (options.clusters) {
    CASUS_RETURN_IF_ERROR(store->ExportEvents(options.filter, true, [&](const StoredEvent& e) {
      events.push_back(e.event);
      return Status::OK();
    }));
  } else {
    CASUS_RETURN_IF_ERROR(store->QueryEvents(options.filter, &events));
  }
  output::EventWriter writer(out, options.format);
  for (const EventRecord& event : events) {
    writer.Write(event);
  }
  writer.Finish();
  *count = events.size();
  return Status::OK();
}

}  // namespace casus
