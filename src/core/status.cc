#include "core/status.h"

namespace casus {

Status::Status(Code code, std::string_view msg)
    : state_(std::make_unique<State>(State{code, std::string(msg)})) {}

Status::Status(const Status& other)
    : state_(other.state_ ? std::make_unique<State>(*other.state_) : nullptr) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) {
    state_ = other.state_ ? std::make_unique<State>(*other.state_) : nullptr;
  }
  return *this;
}

std::string_view Status::message() const {
  return state_ ? std::string_view(state_->message) : std::string_view();
}

std::string Status::ToString() const {
  if (!state_) {
    return "OK";
  }
  const char* kind = "Unknown";
  switch (state_->code) {
    case Code::kOk:
      kind = "OK";
      break;
    case Code::kInvalidInput:
      kind = "InvalidInput";
      break;
    case Code::kNotFound:
      kind = "NotFound";
      break;
    case Code::kCorruption:
      kind = "Corruption";
      break;
    case Code::kIOError:
      kind = "IOError";
      break;
    case Code::kInternal:
      kind = "Internal";
      break;
  }
  return std::string(kind) + ": " + state_->message;
}

Status Status::WithContext(std::string_view context) const {
  if (!state_) {
    return {};
  }
  std::string msg(context);
  msg += ": ";
  msg += state_->message;
  return {state_->code, msg};
}

}  // namespace casus
