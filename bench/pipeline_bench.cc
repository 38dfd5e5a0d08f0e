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
void WriteFreshDocuments(benchmark::State& state, Store* store) {
  std::vector<Document> docs = LoadExamples();
  Pipeline pipeline;
  if (!BuildPipeline(DefaultStageNames(), SharedResources(), &pipeline).ok()) {
    state.SkipWithError("cannot build the pipeline");
    return;
  }
  size_t events = 0;
  for (Document& doc : docs) {
    (void)pipeline.Run(doc);
    events += doc.events.size();
  }
  // Enough copies per write that a batch is as large as a `casus code` batch (256 documents).
  constexpr size_t kCopies = 16;
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
  WriteFreshDocuments(state, store.get());
  store.reset();
  remove_files();
}
BENCHMARK(BM_StoreWrite)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace casus

BENCHMARK_MAIN();
