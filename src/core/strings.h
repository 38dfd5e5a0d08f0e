// Small string helpers shared by the dictionary readers. Stateless; safe from any thread.
#ifndef CASUS_CORE_STRINGS_H_
#define CASUS_CORE_STRINGS_H_

#include <string>
#include <string_view>

namespace casus {

// `s` without leading and trailing blanks (space, tab, carriage return).
inline std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// `s` with every run of whitespace (space, tab, newline, carriage return, form feed, vertical
// tab) made one space, and none at either end.
inline std::string CollapseBlanks(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      if (!out.empty() && out.back() != ' ') {
        out.push_back(' ');
      }
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

// Calls `f(line_number, line)` for every line of `contents` (1-based, without the '\n').
template <typename F>
void ForEachLine(std::string_view contents, F&& f) {
  size_t pos = 0;
  size_t number = 0;
  while (pos < contents.size()) {
    size_t eol = contents.find('\n', pos);
    if (eol == std::string_view::npos) {
      eol = contents.size();
    }
    ++number;
    f(number, contents.substr(pos, eol - pos));
    pos = eol + 1;
  }
}

}  // namespace casus

#endif  // CASUS_CORE_STRINGS_H_
