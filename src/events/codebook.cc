// Codebook loading: data/cameo/codebook.tsv (written by scripts/build-codebook).
//
// The file is tab-separated with '#' comment lines and one header row naming the columns, so
// that columns may be added or reordered without breaking the loader. Required: code, name,
// goldstein, plover. Optional: root and quad (derived from the code when absent, checked
// against it when present), plover_mode and plover_context (not kept).
#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "events/events.h"

namespace casus {
namespace {

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return fields;
    }
    fields.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

bool IsEventCode(std::string_view code) {
  if (code.size() != 3 && code.size() != 4) {
    return false;
  }
  return std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int QuadOfRoot(int root) {
  if (root >= 1 && root <= 5) {
    return 1;
  }
  if (root >= 6 && root <= 9) {
    return 2;
  }
  if (root >= 10 && root <= 14) {
    return 3;
  }
  if (root >= 15 && root <= 20) {
    return 4;
  }
  return 0;
}

std::string Where(std::string_view where, size_t line) {
  return std::string(where) + ":" + std::to_string(line);
}

}  // namespace

Status Codebook::Load(const std::string& path, Codebook* codebook) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound(path + ": cannot open the CAMEO codebook");
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) {
    return Status::IOError(path + ": read failed");
  }
  return codebook->AddFile(path, contents.str());
}

Status Codebook::AddFile(std::string_view where, std::string_view contents) {
  enum Column { kCode, kName, kGoldstein, kPlover, kRoot, kQuad, kColumns };
  static constexpr std::string_view kColumnNames[kColumns] = {"code",   "name", "goldstein",
                                                              "plover", "root", "quad"};
  int column[kColumns];
  std::fill(std::begin(column), std::end(column), -1);
  bool have_header = false;
  std::vector<CameoCode> added;

  size_t line_number = 0;
  size_t pos = 0;
  while (pos < contents.size()) {
    size_t end = contents.find('\n', pos);
    if (end == std::string_view::npos) {
      end = contents.size();
    }
    std::string_view line = contents.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const std::vector<std::string_view> fields = SplitTabs(line);
    if (!have_header) {
      for (size_t i = 0; i < fields.size(); ++i) {
        for (int c = 0; c < kColumns; ++c) {
          if (fields[i] == kColumnNames[c]) {
            column[c] = static_cast<int>(i);
          }
        }
      }
      for (int c = 0; c < kPlover + 1; ++c) {
        if (column[c] < 0) {
          return Status::Corruption(Where(where, line_number) + ": header lacks column '" +
                                    std::string(kColumnNames[c]) + "'");
        }
      }
      have_header = true;
      continue;
    }
    auto field = [&](Column c) -> std::string_view {
      const int i = column[c];
      return i >= 0 && static_cast<size_t>(i) < fields.size() ? fields[static_cast<size_t>(i)]
                                                              : std::string_view();
    };
    const int needed = *std::max_element(std::begin(column), std::end(column));
    if (fields.size() <= static_cast<size_t>(needed)) {
      return Status::Corruption(Where(where, line_number) + ": expected at least " +
                                std::to_string(needed + 1) + " columns, found " +
                                std::to_string(fields.size()));
    }
    CameoCode code;
    code.code = std::string(field(kCode));
    if (!IsEventCode(code.code)) {
      return Status::Corruption(Where(where, line_number) + ": '" + code.code +
                                "' is not a 3- or 4-digit CAMEO event code");
    }
    code.root = code.code.substr(0, 2);
    const int root = (code.root[0] - '0') * 10 + (code.root[1] - '0');
    code.quad = QuadOfRoot(root);
    if (code.quad == 0) {
      return Status::Corruption(Where(where, line_number) + ": root " + code.root +
                                " is outside 01-20");
    }
    if (column[kRoot] >= 0 && field(kRoot) != code.root) {
      return Status::Corruption(Where(where, line_number) + ": root '" + std::string(field(kRoot)) +
                                "' does not match code " + code.code);
    }
    if (column[kQuad] >= 0 && field(kQuad) != std::to_string(code.quad)) {
      return Status::Corruption(Where(where, line_number) + ": quad '" + std::string(field(kQuad)) +
                                "' does not match root " + code.root);
    }
    const std::string_view score = field(kGoldstein);
    const auto [ptr, ec] =
        std::from_chars(score.data(), score.data() + score.size(), code.goldstein);
    if (ec != std::errc() || ptr != score.data() + score.size() || code.goldstein < -10.0 ||
        code.goldstein > 10.0) {
      return Status::Corruption(Where(where, line_number) + ": bad Goldstein score '" +
                                std::string(score) + "'");
    }
    code.plover = std::string(field(kPlover));
    code.name = std::string(field(kName));
    added.push_back(std::move(code));
  }
  if (!have_header) {
    return Status::Corruption(std::string(where) + ": no header row");
  }

  std::vector<CameoCode> merged = codes_;
  merged.insert(merged.end(), std::make_move_iterator(added.begin()),
                std::make_move_iterator(added.end()));
  std::stable_sort(merged.begin(), merged.end(),
                   [](const CameoCode& a, const CameoCode& b) { return a.code < b.code; });
  for (size_t i = 1; i < merged.size(); ++i) {
    if (merged[i].code == merged[i - 1].code) {
      return Status::Corruption(std::string(where) + ": code " + merged[i].code +
                                " is defined twice");
    }
  }
  codes_ = std::move(merged);
  return Status::OK();
}

const CameoCode* Codebook::Find(std::string_view code) const {
  auto it = std::lower_bound(codes_.begin(), codes_.end(), code,
                             [](const CameoCode& c, std::string_view key) { return c.code < key; });
  return it != codes_.end() && it->code == code ? &*it : nullptr;
}

}  // namespace casus
