// App: casus's composition root. It loads the shipped data once (Resources), builds Pipelines
// from registered stage names, and runs the jobs behind the command line (coding a corpus into
// the store and an output stream; querying events back).
//
// This is the only library that knows every stage and the store; the `casus` binary
// (src/cli/) parses flags and calls into it, and the integration tests drive it directly.
//
// Thread safety: Resources are immutable once loaded and shared by the stages of any number of
// pipelines; RunCode() uses its own threads (CodeOptions::threads) and must not be called
// concurrently on the same database file.
#ifndef CASUS_APP_APP_H_
#define CASUS_APP_APP_H_

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/actors.h"
#include "app/dicts.h"
#include "core/date.h"
#include "core/pipeline.h"
#include "core/status.h"
#include "events/events.h"
#include "output/output.h"
#include "places/places.h"
#include "store/store.h"

namespace casus {

namespace lang {
struct Models;
}

// The data directory: $CASUS_DATA when set, else the source tree's data/ (compiled in).
std::string DefaultDataDir();
// The compiled gazetteer: $CASUS_GAZETTEER when set, else the build tree's gazetteer.bin.
std::string DefaultGazetteerPath();
std::string_view Version();

// Dictionaries and tables the stages share, loaded once.
struct Resources {
  std::shared_ptr<const ActorDictionary> actors;
  std::shared_ptr<const Codebook> codebook;
  std::shared_ptr<const PatternSet> patterns;
  // The language models (data/models/), loaded only by LoadLang: most runs do not use them.
  std::shared_ptr<const lang::Models> lang;
  // Null when the gazetteer file does not exist (not built yet): places.resolve is then left
  // out of pipelines and `gazetteer_missing` says why. A corrupt file is a load error.
  std::shared_ptr<const Gazetteer> gazetteer;
  std::string gazetteer_missing;

  static Status Load(const std::string& data_dir, Resources* resources);
  // Loads <data_dir>/models into `lang`.
  Status LoadLang(const std::string& data_dir);
};

// Every stage name the registry knows, in pipeline order.
const std::vector<std::string>& RegisteredStageNames();
// The stages `casus code` runs by default. "lang.annotate" is not among them: tagging and
// parsing run at about a tenth of the speed of the rest of the pipeline (docs/RESULTS.md), and
// no later stage reads their layers yet; `casus code --with-lang` adds it (LangStageNames()).
const std::vector<std::string>& DefaultStageNames();
// The default stages with "lang.annotate" before "actors.match".
const std::vector<std::string>& LangStageNames();
// Builds a pipeline of the named stages and checks it (Pipeline::Check).
Status BuildPipeline(const std::vector<std::string>& names, const Resources& resources,
                     Pipeline* pipeline);

struct CodeOptions {
  std::vector<std::string> inputs;
  std::string db_path = "casus.db";  // "" stores nothing
  std::string out_path;              // "" writes no events, "-" standard output
  output::EventFormat format = output::EventFormat::kJsonl;
  std::optional<Date> default_date;  // publication date for inputs that carry none
  std::string meta_path;             // JSONL metadata keyed by document id
  std::string data_dir;              // "" → DefaultDataDir()
  int threads = 0;                   // 0: all cores
  size_t batch_documents = 64;       // documents per pipeline batch and store transaction
  bool progress = false;             // live progress line on the error stream
  DictionaryOptions dictionaries;    // user dictionaries (--dict, --verbs-dict, ...)
  bool with_lang = false;            // run "lang.annotate" (tags, lemmas, dependencies, entities)
  // Test hook: fail the run, as a crash would, after this many store transactions (-1: never).
  int fail_after_batches = -1;
};

struct CodeSummary {
  size_t documents = 0;  // documents coded and stored
  size_t sentences = 0;
  size_t events = 0;
  size_t errors = 0;  // documents or files skipped
  size_t bytes = 0;
  double seconds = 0.0;
};

// Reads the inputs, codes them, stores them and writes the events. Skipped documents are
// reported on `err` one line each ("casus: <where>: <what>") and counted. The returned Status is
// an error only when the run as a whole failed: unreadable metadata or data, a store failure, or
// no document coded at all.
Status RunCode(const CodeOptions& options, std::istream* in, std::ostream* out, std::ostream* err,
               CodeSummary* summary);

// One line: "coded 5 documents, 120 sentences, 34 events in 0.05 s (98.1 docs/s); 1 error".
std::string FormatSummary(const CodeSummary& summary);

struct EventsOptions {
  std::string db_path = "casus.db";
  EventFilter filter;
  output::EventFormat format = output::EventFormat::kTable;
  bool clusters = false;  // one event per cluster (its first member); jsonl/csv add the counts
};

// `casus gazetteer build`: compiles the sources into the gazetteer file at `out_path` and prints
// what it holds (entries, bytes, seconds) to `out`.
Status RunBuildGazetteer(const GazetteerSources& sources, const std::string& out_path,
                         std::ostream* out);

// Writes the stored events that match the filter to `out`.
Status RunEvents(const EventsOptions& options, std::ostream* out, size_t* count);

}  // namespace casus

#endif  // CASUS_APP_APP_H_
