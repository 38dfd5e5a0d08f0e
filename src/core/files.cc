#include "core/files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace casus {

Status ForEachFileIn(const std::string& dir, std::string_view extension, std::string_view what,
                     const std::function<Status(const std::string&, const std::string&)>& add) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::NotFound(std::string(what) + " directory " + dir + " does not exist");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == extension) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    return Status::NotFound("no *" + std::string(extension) + " files in " + dir);
  }
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return Status::IOError(path.string() + ": cannot read");
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    CASUS_RETURN_IF_ERROR(add(path.filename().string(), buffer.str()));
  }
  return Status::OK();
}

Status ReadFileToString(const std::string& path, std::string* contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound(path + ": cannot read");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  *contents = buffer.str();
  return Status::OK();
}

}  // namespace casus
