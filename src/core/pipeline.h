// Stage and Pipeline: the stages that annotate a Document, run in order.
//
// A Stage is a named Document → Document step that declares the layers it requires and the
// layers it assigns (see Layer in document.h). A Pipeline holds stages in order; Check() refuses
// a pipeline in which a stage requires a layer that nothing before it assigns (ingest assigns
// kLayerText). Run() annotates one document and stops at the first stage that fails, returning
// its Status with the stage's name in front; RunBatch() spreads a batch over threads and keeps
// the results in input order.
//
// Thread safety: Annotate() is const and must be safe to call from many threads at once on
// different documents; stages load their models and dictionaries when they are made and share
// them read-only. A Pipeline is immutable once built, so RunBatch() may use it from any thread.
#ifndef CASUS_CORE_PIPELINE_H_
#define CASUS_CORE_PIPELINE_H_

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/status.h"

namespace casus {

class Stage {
 public:
  Stage() = default;
  Stage(const Stage&) = delete;
  Stage& operator=(const Stage&) = delete;
  virtual ~Stage() = default;

  // The registered name, "<folder>.<step>" (e.g. "text.tokenize", "events.code").
  [[nodiscard]] virtual std::string_view Name() const = 0;
  [[nodiscard]] virtual LayerSet Requires() const = 0;
  [[nodiscard]] virtual LayerSet Assigns() const = 0;
  // Annotates `doc`; on success the pipeline adds Assigns() to doc.layers.
  virtual Status Annotate(Document& doc) const = 0;
};

class Pipeline {
 public:
  void Add(std::unique_ptr<Stage> stage);

  // OK when every stage's requirements are assigned by an earlier stage (or by ingest).
  [[nodiscard]] Status Check() const;
  // Runs every stage over `doc` in order.
  Status Run(Document& doc) const;
  // Runs over every document of `docs` on up to `threads` threads (0: all cores);
  // (*statuses)[i] is the outcome for docs[i].
  void RunBatch(std::span<Document> docs, int threads, std::vector<Status>* statuses) const;

  [[nodiscard]] std::vector<std::string_view> StageNames() const;
  [[nodiscard]] bool empty() const { return stages_.empty(); }

 private:
  std::vector<std::unique_ptr<Stage>> stages_;
};

}  // namespace casus

#endif  // CASUS_CORE_PIPELINE_H_
