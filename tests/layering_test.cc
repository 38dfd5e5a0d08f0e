// The dependency rules of docs/ARCHITECTURE.md, checked on the source tree: stages include only
// the core and themselves; only the store touches a database; only app composes stages; only
// the CLI parses flags.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace casus {
namespace {

namespace fs = std::filesystem;

// Folder → the project folders it may include (itself is always allowed).
const std::map<std::string, std::set<std::string>>& AllowedIncludes() {
  static const std::map<std::string, std::set<std::string>> kAllowed = {
      {"core", {}},
      {"ingest", {"core"}},
      {"text", {"core"}},
      {"actors", {"core"}},
      {"events", {"core"}},
      {"time", {"core"}},
      {"quotes", {"core"}},
      {"places", {"core"}},
      {"output", {"core"}},
      {"store", {"core"}},
      {"lang", {"core"}},
      {"app",
       {"core", "ingest", "text", "actors", "events", "time", "quotes", "places", "output", "store",
        "lang"}},
      {"cli", {"core", "app", "output"}},
  };
  return kAllowed;
}

struct Include {
  std::string file;
  int line;
  std::string target;
};

std::vector<Include> IncludesOf(const fs::path& file) {
  static const std::regex kInclude(R"re(^\s*#\s*include\s*[<"]([^>"]+)[>"])re");
  std::vector<Include> out;
  std::ifstream in(file);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::smatch m;
    if (std::regex_search(line, m, kInclude)) {
      out.push_back({file.string(), number, m[1]});
    }
  }
  return out;
}

TEST(Layering, StagesIncludeOnlyWhatTheyMay) {
  const fs::path src = fs::path(CASUS_SOURCE_DIR) / "src";
  const auto& allowed = AllowedIncludes();
  size_t checked = 0;
  for (const auto& dir : fs::directory_iterator(src)) {
    if (!dir.is_directory()) {
      continue;
    }
    const std::string folder = dir.path().filename();
    auto rule = allowed.find(folder);
    ASSERT_NE(rule, allowed.end()) << "src/" << folder << " has no layering rule";
    for (const auto& entry : fs::directory_iterator(dir.path())) {
      const std::string ext = entry.path().extension();
      if (ext != ".h" && ext != ".cc") {
        continue;
      }
      for (const Include& inc : IncludesOf(entry.path())) {
        const auto slash = inc.target.find('/');
        if (slash == std::string::npos) {
          continue;  // system or library header
        }
        const std::string target_folder = inc.target.substr(0, slash);
        if (allowed.count(target_folder) == 0) {
          continue;  // a library's own folder (nlohmann/, CLI/, fmt/ …)
        }
        ++checked;
        EXPECT_TRUE(target_folder == folder || rule->second.count(target_folder) > 0)
            << inc.file << ":" << inc.line << ": src/" << folder << " may not include "
            << inc.target;
      }
    }
  }
  EXPECT_GT(checked, 20U);
}

TEST(Layering, OnlyTheStoreTouchesADatabase) {
  const fs::path src = fs::path(CASUS_SOURCE_DIR) / "src";
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    if (!entry.is_regular_file()) {
      continue;
    }
    const std::string folder = entry.path().parent_path().filename();
    for (const Include& inc : IncludesOf(entry.path())) {
      if (inc.target == "sqlite3.h" || inc.target.rfind("pqxx", 0) == 0 ||
          inc.target == "libpq-fe.h") {
        EXPECT_EQ(folder, "store") << inc.file << ":" << inc.line;
      }
      if (inc.target.rfind("CLI/", 0) == 0) {
        EXPECT_EQ(folder, "cli") << inc.file << ":" << inc.line;
      }
    }
  }
}

}  // namespace
}  // namespace casus
