#include "core/pipeline.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <string>
#include <thread>

namespace casus {

void Pipeline::Add(std::unique_ptr<Stage> stage) { stages_.push_back(std::move(stage)); }

Status Pipeline::Check() const {
  LayerSet available = kLayerText;
  for (const auto& stage : stages_) {
    const LayerSet missing = stage->Requires() & ~available;
    if (missing != 0) {
      return Status::InvalidInput("pipeline: stage '" + std::string(stage->Name()) +
                                  "' requires layers (mask " + std::to_string(missing) +
                                  ") that no earlier stage assigns");
    }
    available |= stage->Assigns();
  }
  return Status::OK();
}

Status Pipeline::Run(Document& doc) const {
  doc.layers |= kLayerText;
  for (const auto& stage : stages_) {
    Status status;
    // A stage bug or an exhausted allocation on one document must not end the whole run: the
    // document is reported and skipped like any other bad input.
    try {
      status = stage->Annotate(doc);
    } catch (const std::exception& e) {
      status = Status::Internal(std::string("unexpected failure: ") + e.what());
    }
    if (!status.ok()) {
      return status.WithContext(stage->Name());
    }
    doc.layers |= stage->Assigns();
  }
  return Status::OK();
}

void Pipeline::RunBatch(std::span<Document> docs, int threads,
                        std::vector<Status>* statuses) const {
  statuses->assign(docs.size(), Status::OK());
  if (threads <= 0) {
    threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  }
  const auto workers =
      static_cast<size_t>(std::min<size_t>(static_cast<size_t>(threads), docs.size()));
  if (workers <= 1) {
    for (size_t i = 0; i < docs.size(); ++i) {
      (*statuses)[i] = Run(docs[i]);
    }
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next.fetch_add(1); i < docs.size(); i = next.fetch_add(1)) {
      (*statuses)[i] = Run(docs[i]);
    }
  };
  std::vector<std::jthread> pool;
  pool.reserve(workers - 1);
  for (size_t w = 1; w < workers; ++w) {
    pool.emplace_back(work);
  }
  work();
}

std::vector<std::string_view> Pipeline::StageNames() const {
  std::vector<std::string_view> names;
  names.reserve(stages_.size());
  for (const auto& stage : stages_) {
    names.push_back(stage->Name());
  }
  return names;
}

}  // namespace casus
