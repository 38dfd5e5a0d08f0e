// Status: the outcome of an operation that can fail, as a value.
//
// A Status is either OK (the default, costing one null pointer) or an error of a named kind with
// a message that says where and what: "000.txt: invalid UTF-8 at byte 1832". Stages return a
// Status per document so that one bad document is reported and skipped while the rest are coded.
//
// Thread safety: a Status is a value; distinct objects may be used from distinct threads freely.
#ifndef CASUS_CORE_STATUS_H_
#define CASUS_CORE_STATUS_H_

#include <memory>
#include <string>
#include <string_view>

namespace casus {

class Status {
 public:
  // The kinds of failure. Values are printed, never stored, so they may be extended.
  enum class Code : unsigned char {
    kOk = 0,
    kInvalidInput,  // malformed user input: bad UTF-8, a truncated JSON line, an unknown flag value
    kNotFound,      // a file, document or dictionary entry that does not exist
    kCorruption,    // a shipped data or model file that does not parse
    kIOError,       // the operating system refused a read or a write
    kInternal,      // a broken invariant inside casus: a bug
  };

  Status() noexcept = default;
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  static Status OK() { return {}; }
  static Status InvalidInput(std::string_view msg) { return {Code::kInvalidInput, msg}; }
  static Status NotFound(std::string_view msg) { return {Code::kNotFound, msg}; }
  static Status Corruption(std::string_view msg) { return {Code::kCorruption, msg}; }
  static Status IOError(std::string_view msg) { return {Code::kIOError, msg}; }
  static Status Internal(std::string_view msg) { return {Code::kInternal, msg}; }

  [[nodiscard]] bool ok() const { return state_ == nullptr; }
  [[nodiscard]] Code code() const { return state_ ? state_->code : Code::kOk; }
  [[nodiscard]] bool IsInvalidInput() const { return code() == Code::kInvalidInput; }
  [[nodiscard]] bool IsNotFound() const { return code() == Code::kNotFound; }
  [[nodiscard]] bool IsCorruption() const { return code() == Code::kCorruption; }
  [[nodiscard]] bool IsIOError() const { return code() == Code::kIOError; }

  // The message alone, without the kind ("" when OK).
  [[nodiscard]] std::string_view message() const;
  // "OK", or the kind and the message: "InvalidInput: 000.txt: invalid UTF-8 at byte 1832".
  [[nodiscard]] std::string ToString() const;
  // The same error with "context: " put before its message (an OK status stays OK).
  [[nodiscard]] Status WithContext(std::string_view context) const;

 private:
  struct State {
    Code code;
    std::string message;
  };
  Status(Code code, std::string_view msg);

  std::unique_ptr<State> state_;
};

}  // namespace casus

// Returns early from the enclosing function when `expr` yields a non-OK Status.
#define CASUS_RETURN_IF_ERROR(expr)         \
  do {                                      \
    ::casus::Status casus_status_ = (expr); \
    if (!casus_status_.ok()) {              \
      return casus_status_;                 \
    }                                       \
  } while (false)

#endif  // CASUS_CORE_STATUS_H_
