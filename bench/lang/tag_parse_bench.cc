// Tag + parse throughput of the shipped language models (data/models/) over the project's
// example articles, tokenized by text.tokenize beforehand: items are words, so the report reads
// as words per second on one core. Before timing, each variant checks that every sentence got a
// tag per word and a tree (one root, heads in range); a broken model gets no number.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/document.h"
#include "lang/lang.h"
#include "text/text.h"

namespace casus {
namespace {

namespace fs = std::filesystem;

struct Corpus {
  std::vector<Document> docs;
  lang::Models models;
  bool ok = false;
  std::string error;
};

const Corpus& GetCorpus() {
  static const Corpus corpus = [] {
    Corpus c;
    const Status st = lang::Models::Load(std::string(CASUS_SOURCE_DIR) + "/data/models", &c.models);
    if (!st.ok() || !c.models.parser) {
      c.error = st.ok() ? "no parser model" : st.ToString();
      return c;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(fs::path(CASUS_SOURCE_DIR) / "examples/articles")) {
      if (e.path().extension() == ".txt") {
        files.push_back(e.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& path : files) {
      std::ifstream in(path);
      std::ostringstream text;
      text << in.rdbuf();
      Document doc;
      doc.text = text.str();
      text::Tokenize(&doc);
      c.docs.push_back(std::move(doc));
    }
    c.ok = !c.docs.empty();
    return c;
  }();
  return corpus;
}

// Runs `fn` over every sentence of the corpus; returns the words seen.
template <typename Fn>
size_t ForSentences(const Corpus& c, lang::Analysis* a, std::vector<std::string_view>* forms,
                    Fn fn) {
  size_t words = 0;
  for (const Document& doc : c.docs) {
    for (const Sentence& s : doc.sentences) {
      forms->clear();
      for (uint32_t i = s.tokens.begin; i < s.tokens.end; ++i) {
        forms->push_back(doc.TokenText(i));
      }
      a->Reset(*forms);
      fn(a);
      words += forms->size();
    }
  }
  return words;
}

bool IsTree(const lang::Analysis& a) {
  int roots = 0;
  for (int32_t h : a.heads) {
    roots += h < 0;
    if (h >= static_cast<int32_t>(a.heads.size())) {
      return false;
    }
  }
  return roots == 1 && !a.upos.empty() && !a.upos[0].empty();
}

void BM_Tag(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  if (!c.ok) {
    state.SkipWithError(c.error.c_str());
    return;
  }
  lang::Analysis a;
  std::vector<std::string_view> forms;
  size_t words = 0;
  for (auto _ : state) {
    words += ForSentences(c, &a, &forms, [&](lang::Analysis* x) { c.models.tagger->Tag(x); });
  }
  state.SetItemsProcessed(static_cast<int64_t>(words));
}
BENCHMARK(BM_Tag)->Unit(benchmark::kMillisecond);

void BM_TagParse(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  if (!c.ok) {
    state.SkipWithError(c.error.c_str());
    return;
  }
  lang::Analysis a;
  std::vector<std::string_view> forms;
  bool trees = true;
  ForSentences(c, &a, &forms, [&](lang::Analysis* x) {
    c.models.tagger->Tag(x);
    c.models.parser->Parse(x);
    trees &= IsTree(*x);
  });
  if (!trees) {
    state.SkipWithError("the parser gave a sentence without a well-formed tree");
    return;
  }
  size_t words = 0;
  for (auto _ : state) {
    words += ForSentences(c, &a, &forms, [&](lang::Analysis* x) {
      c.models.tagger->Tag(x);
      c.models.parser->Parse(x);
    });
  }
  state.SetItemsProcessed(static_cast<int64_t>(words));
}
BENCHMARK(BM_TagParse)->Unit(benchmark::kMillisecond);

void BM_AllModels(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  if (!c.ok) {
    state.SkipWithError(c.error.c_str());
    return;
  }
  lang::Analysis a;
  std::vector<std::string_view> forms;
  size_t words = 0;
  for (auto _ : state) {
    words += ForSentences(c, &a, &forms,
                          [&](lang::Analysis* x) { lang::AnnotateSentence(c.models, x); });
  }
  state.SetItemsProcessed(static_cast<int64_t>(words));
}
BENCHMARK(BM_AllModels)->Unit(benchmark::kMillisecond);

void BM_LoadModels(benchmark::State& state) {
  for (auto _ : state) {
    lang::Models models;
    const Status st = lang::Models::Load(std::string(CASUS_SOURCE_DIR) + "/data/models", &models);
    if (!st.ok()) {
      state.SkipWithError(st.ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(models.tagger.get());
  }
}
BENCHMARK(BM_LoadModels)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace casus

BENCHMARK_MAIN();
