#include "core/string_pool.h"

namespace casus {

StringPool::StringPool() {
  strings_.emplace_back();
  hashes_.push_back(TransparentStringHash{}(std::string_view()));
}

StringPool::StringPool(const StringPool& other) : strings_(other.strings_) { Rebuild(); }

StringPool& StringPool::operator=(const StringPool& other) {
  if (this != &other) {
    strings_ = other.strings_;
    Rebuild();
  }
  return *this;
}

void StringPool::Rebuild() {
  ids_.clear();
  ids_.reserve(strings_.size());
  hashes_.clear();
  hashes_.reserve(strings_.size());
  for (size_t i = 0; i < strings_.size(); ++i) {
    hashes_.push_back(TransparentStringHash{}(strings_[i]));
    if (i > 0) {
      ids_.emplace(strings_[i], static_cast<uint32_t>(i));
    }
  }
}

uint32_t StringPool::Intern(std::string_view s) {
  if (s.empty()) {
    return 0;
  }
  if (auto it = ids_.find(s); it != ids_.end()) {
    return it->second;
  }
  const auto id = static_cast<uint32_t>(strings_.size());
  const std::string& stored = strings_.emplace_back(s);
  hashes_.push_back(TransparentStringHash{}(stored));
  ids_.emplace(stored, id);
  return id;
}

uint32_t StringPool::Find(std::string_view s) const {
  auto it = ids_.find(s);
  return it == ids_.end() ? 0 : it->second;
}

void StringPool::Clear() {
  ids_.clear();
  strings_.clear();
  strings_.emplace_back();
  hashes_.assign(1, TransparentStringHash{}(std::string_view()));
}

}  // namespace casus
