// Micro-benchmarks of the hot path, one per stage and one for the whole pipeline, over the
// project's own example articles (examples/articles/). Each reports bytes/s and sentences/s
// (items) so that the stages can be compared with the end-to-end run of scripts/bench.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "actors/actors.h"
#include "app/app.h"
#include "core/document.h"
#include "core/pipeline.h"
#include "events/events.h"
#include "store/pg_store.h"
#include "store/store.h"
#include "text/text.h"

namespace casus {
namespace {

namespace fs = std::filesystem;

std::vector<Document> LoadExamples() {
  std::vector<Document> docs;
  std::vector<fs::path> files;
  for (const auto& entry :
       fs::directory_iterator(fs::path(CASUS_SOURCE_DIR) / "examples/articles")) {
    if (entry.path().extension() == ".txt") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& path : files) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    Document doc;
    doc.id = path.stem();
    doc.text = text.str();
    doc.meta.published = Date::Day(2024, 12, 2);
    doc.layers = kLayerText;
    docs.push_back(std::move(doc));
  }
  return docs;
}

const Resources& SharedResources() {
  static const std::unique_ptr<Resources> kResources = [] {
    auto resources = std::make_unique<Resources>();
    const Status status = Resources::Load(std::string(CASUS_SOURCE_DIR) + "/data", resources.get());
    if (!status.ok()) {
      std::fprintf(stderr, "bench: %s\n", std::string(status.message()).c_str());
      std::exit(1);
    }
    return resources;
  }();
  return *kResources;
}

size_t TotalBytes(const std::vector<Document>& docs) {
  size_t n = 0;
  for (const Document& d : docs) {
    n += d.text.size();
  }
  return n;
}

// Runs the named stages over fresh copies of the examples (the copy is not timed).
void RunStages(benchmark::State& state, const std::vector<std::string>& stages) {
  const std::vector<Document> examples = LoadExamples();
  Pipeline pipeline;
  if (!BuildPipeline(stages, SharedResources(), &pipeline).ok()) {
    state.SkipWithError("cannot build the pipeline");
    return;
  }
  size_t sentences = 0;
  std::vector<Document> work = examples;
  for (Document& doc : work) {
    (void)pipeline.Run(doc);
    sentences += doc.sentences.size();
  }
  for (auto _ : state) {
    state.PauseTiming();
    work = examples;
    state.ResumeTiming();
    for (Document& doc : work) {
      const Status status = pipeline.Run(doc);
      benchmark::DoNotOptimize(status);
    }
    benchmark::DoNotOptimize(work.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * TotalBytes(examples)));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * sentences));
  state.counters["docs/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * examples.size()), benchmark::Counter::kIsRate);
}

void BM_Tokenize(benchmark::State& state) { RunStages(state, {"text.tokenize"}); }
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMicrosecond);

void BM_TokenizeAndMatchActors(benchmark::State& state) {
  RunStages(state, {"text.tokenize", "actors.match"});
}
BENCHMARK(BM_TokenizeAndMatchActors)->Unit(benchmark::kMicrosecond);

void BM_WholePipeline(benchmark::State& state) { RunStages(state, DefaultStageNames()); }
BENCHMARK(BM_WholePipeline)->Unit(benchmark::kMicrosecond);

// Writes the coded examples under new document ids on every iteration, so that each pass
// inserts fresh rows (rewriting the same ids would measure the unchanged-document skip). The
// store grows across iterations, as it does over a long `casus code` run.
void WriteFresh(benchmark::State& state, Store* store, const std::vector<Document>& docs,
                size_t copies) {
  size_t events = 0;
  for (const Document& doc : docs) {
    events += doc.events.size();
  }
  const size_t kCopies = copies;
  std::vector<Document> batch;
  for (size_t c = 0; c < kCopies; ++c) {
    batch.insert(batch.end(), docs.begin(), docs.end());
  }
  std::vector<std::string> base_ids;
  for (const Document& doc : batch) {
    base_ids.push_back(doc.id);
  }
  int64_t pass = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i].id = base_ids[i] + "#" + std::to_string(pass) + "." + std::to_string(i);
    }
    ++pass;
    state.ResumeTiming();
    WriteStats stats;
    const Status status = store->WriteDocuments(batch, &stats);
    if (!status.ok() || stats.unchanged != 0) {
      state.SkipWithError(status.ok() ? "documents were skipped, not written"
                                      : std::string(status.message()).c_str());
      return;
    }
  }
  state.counters["docs/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * batch.size()), benchmark::Counter::kIsRate);
  state.counters["events/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * events * kCopies), benchmark::Counter::kIsRate);
}

// The coded examples (news articles: about 15 events per 3 kB of text, with their sentences,
// mentions and quotes), 16 copies per batch: 128 documents, as a `casus code` batch.
void WriteFreshDocuments(benchmark::State& state, Store* store) {
  std::vector<Document> docs = LoadExamples();
  Pipeline pipeline;
  if (!BuildPipeline(DefaultStageNames(), SharedResources(), &pipeline).ok()) {
    state.SkipWithError("cannot build the pipeline");
    return;
  }
  for (Document& doc : docs) {
    (void)pipeline.Run(doc);
  }
  WriteFresh(state, store, docs, 16);
}

// Event rows alone: documents of one short sentence and 500 events each (as when loading an
// existing event dataset), 20 per batch: 10,000 events per transaction.
void WriteFreshEvents(benchmark::State& state, Store* store) {
  Document doc;
  doc.id = "events";
  doc.text = "Rebels shelled the town and the army answered.";
  doc.meta.published = Date::Day(2024, 12, 2);
  doc.meta.publisher = "Casus Wire";
  Sentence sentence;
  sentence.bytes = {0, static_cast<uint32_t>(doc.text.size())};
  doc.sentences.push_back(sentence);
  for (int i = 0; i < 500; ++i) {
    Event e;
    e.source.code = i % 2 == 0 ? "REB" : "SYRMIL";
    e.source.text = {0, 6};
    e.target = EventActor{};
    e.target->code = "SYRGOV";
    e.target->text = {19, 23};
    e.code = i % 3 == 0 ? "195" : "190";
    e.root = "19";
    e.quad = 4;
    e.goldstein = -10.0;
    e.plover = "ASSAULT";
    e.date = Date::Day(2024, 12, 1 + i % 28);
    e.date_basis = "publication date";
    e.trigger = {7, 14};
    e.pattern = "bench";
    e.confidence = 0.5;
    doc.events.push_back(e);
  }
  WriteFresh(state, store, {doc}, 20);
}

void BM_StoreWrite(benchmark::State& state) {
  const fs::path db = fs::temp_directory_path() / "casus_bench_store.db";
  auto remove_files = [&] {
    fs::remove(db);
    fs::remove(db.string() + "-wal");
    fs::remove(db.string() + "-shm");
  };
  remove_files();
  std::unique_ptr<Store> store;
  if (!Store::OpenSqlite(db.string(), &store).ok()) {
    state.SkipWithError("cannot open the store");
    return;
  }
  if (state.range(0) == 0) {
    WriteFreshDocuments(state, store.get());
  } else {
    WriteFreshEvents(state, store.get());
  }
  store.reset();
  remove_files();
}
// Arg 0: the coded examples; arg 1: event rows alone. Wall time: the writes wait on the disk
// (and PostgreSQL's on the server), which CPU time would leave out.
BENCHMARK(BM_StoreWrite)
    ->Arg(0)
    ->Arg(1)
    ->ArgName("events_only")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// The same into PostgreSQL, at the URL in CASUS_TEST_PG (scripts/bench starts a throwaway
// server through scripts/with-postgres); skipped without it. Works in a schema of its own.
void BM_StoreWritePostgres(benchmark::State& state) {
  const char* base = std::getenv("CASUS_TEST_PG");
  if (base == nullptr || *base == '\0') {
    state.SkipWithError("CASUS_TEST_PG is not set (run through scripts/with-postgres)");
    return;
  }
  const std::string url = std::string(base) + "?options=-csearch_path%3Dcasus_bench";
  std::unique_ptr<Store> store;
  if (!store_internal::PostgresExec(base,
                                    "DROP SCHEMA IF EXISTS casus_bench CASCADE; "
                                    "CREATE SCHEMA casus_bench")
           .ok() ||
      !Store::OpenPostgres(url, &store).ok()) {
    state.SkipWithError("cannot open the PostgreSQL store");
    return;
  }
  if (state.range(0) == 0) {
    WriteFreshDocuments(state, store.get());
  } else {
    WriteFreshEvents(state, store.get());
  }
  store.reset();
  (void)store_internal::PostgresExec(base, "DROP SCHEMA IF EXISTS casus_bench CASCADE");
}
BENCHMARK(BM_StoreWritePostgres)
    ->Arg(0)
    ->Arg(1)
    ->ArgName("events_only")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace casus

BENCHMARK_MAIN();
