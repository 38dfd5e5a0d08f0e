// Placeholder until the parser branch lands (replaced wholesale by its parser.cc).
#include "lang/lang.h"

namespace casus::lang {

struct Parser::Impl {};
Parser::Parser() : impl_(std::make_unique<Impl>()) {}
Parser::~Parser() = default;
Status Parser::Load(const std::string& path, std::unique_ptr<Parser>*) {
  return Status::InvalidInput(path + ": this build has no dependency parser yet");
}
Status Parser::Save(const std::string&) const {
  return Status::InvalidInput("this build has no dependency parser yet");
}
Status Parser::Train(const std::vector<TreebankSentence>&, const std::vector<TreebankSentence>&,
                     const Tagger*, const TrainOptions&, std::unique_ptr<Parser>*) {
  return Status::InvalidInput("this build has no dependency parser yet");
}
void Parser::Parse(Analysis*) const {}

}  // namespace casus::lang
