// Placeholder until the ner branch lands (replaced wholesale by its ner.cc).
#include "lang/lang.h"

namespace casus::lang {

struct Ner::Impl {};
Ner::Ner() : impl_(std::make_unique<Impl>()) {}
Ner::~Ner() = default;
Status Ner::Load(const std::string& path, std::unique_ptr<Ner>*) {
  return Status::InvalidInput(path + ": this build has no entity recognizer yet");
}
Status Ner::Save(const std::string&) const {
  return Status::InvalidInput("this build has no entity recognizer yet");
}
Status Ner::Train(const std::vector<TreebankSentence>&, const std::vector<TreebankSentence>&,
                  const Tagger&, const Gazetteer*, const TrainOptions&, std::unique_ptr<Ner>*) {
  return Status::InvalidInput("this build has no entity recognizer yet");
}
void Ner::Recognize(Analysis*, const Gazetteer*) const {}

}  // namespace casus::lang
