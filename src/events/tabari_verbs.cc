// PatternSet::AddTabariVerbs: reads a TABARI .verbs dictionary (TABARI.Demo.verbs,
// CAMEO.091003.master.verbs) by rewriting it as a PETRARCH verb dictionary and loading that
// with AddPetrarchVerbs, so both formats obey the same pattern rules.
//
//   <SYNSETS> ... </SYNSETS>   `&NAME` then `+MEMBER` lines (the same as PETRARCH's sets)
//   <TIME> ... </TIME>         time-shift phrases: not events, skipped (as any other <SECTION>)
//   VERB [CODE]                a verb opens its own block; `WORD_` is the word exactly
//   { FORM FORM }              the verb's irregular forms, on the line after it
//   - LEFT * RIGHT [CODE]      a pattern of the verb above (`*` the verb, `$` source,
//                              `+` target, `%` compound, `^` skip)
//   { A | B }                  alternatives inside a pattern: expanded into one pattern each
//   ; ...                      a comment to the end of the line
#include <string>
#include <string_view>
#include <vector>

#include "core/strings.h"
#include "events/events.h"

namespace casus {
namespace {

constexpr size_t kMaxAlternatives = 64;

std::string_view StripComment(std::string_view line) {
  const size_t semi = line.find(';');
  return TrimBlanks(semi == std::string_view::npos ? line : line.substr(0, semi));
}

// "- A { B | C }_D * [X]" → "- A B D * [X]", "- A C D * [X]". Braces without '|' are kept:
// they are PETRARCH noun-phrase groups.
std::vector<std::string> ExpandAlternatives(std::string_view pattern) {
  std::vector<std::string> out = {""};
  size_t pos = 0;
  while (pos < pattern.size()) {
    const size_t open = pattern.find('{', pos);
    const size_t close =
        open == std::string_view::npos ? std::string_view::npos : pattern.find('}', open);
    std::string_view group = close == std::string_view::npos
                                 ? std::string_view()
                                 : pattern.substr(open + 1, close - open - 1);
    if (close == std::string_view::npos || group.find('|') == std::string_view::npos) {
      const size_t stop = close == std::string_view::npos ? pattern.size() : close + 1;
      for (std::string& o : out) {
        o += pattern.substr(pos, stop - pos);
      }
      pos = stop;
      continue;
    }
    std::vector<std::string> choices;
    size_t start = 0;
    while (true) {
      const size_t bar = group.find('|', start);
      std::string choice(TrimBlanks(group.substr(start, bar - start)));
      while (!choice.empty() && choice.back() == '_') {
        choice.pop_back();
      }
      choices.push_back(" " + choice + " ");
      if (bar == std::string_view::npos) {
        break;
      }
      start = bar + 1;
    }
    std::vector<std::string> next;
    for (const std::string& o : out) {
      for (const std::string& c : choices) {
        next.push_back(o + std::string(pattern.substr(pos, open - pos)) + c);
      }
    }
    if (next.size() > kMaxAlternatives) {
      return {};
    }
    out = std::move(next);
    pos = close + 1;
    // "}_WORD": the underscore only joins; the blank added above already separates.
    while (pos < pattern.size() && pattern[pos] == '_') {
      ++pos;
    }
  }
  return out;
}

}  // namespace

Status PatternSet::AddTabariVerbs(std::string_view where, std::string_view contents,
                                  const Codebook& codebook, VerbDictStats* stats) {
  std::string petrarch;  // the dictionary rewritten in PETRARCH's verb format
  std::string section;   // the <SECTION> being read, "" outside one
  struct Block {
    std::string verb;
    std::string code;
    std::string forms;
    std::vector<std::string> patterns;
  } block;
  bool have_block = false;
  auto flush = [&] {
    if (!have_block) {
      return;
    }
    petrarch += "--- " + block.verb + " [" + (block.code.empty() ? "---" : block.code) + "] ---\n";
    petrarch += block.verb;
    if (!block.forms.empty()) {
      petrarch += " {" + block.forms + "}";
    }
    petrarch += '\n';
    for (const std::string& p : block.patterns) {
      petrarch += p + '\n';
    }
    block = Block{};
    have_block = false;
  };
  ForEachLine(contents, [&](size_t, std::string_view raw) {
    std::string_view line = StripComment(raw);
    if (line.empty()) {
      return;
    }
    if (line.front() == '<') {
      const size_t end = line.find('>');
      std::string name(line.substr(1, end == std::string_view::npos ? line.size() - 1 : end - 1));
      if (!name.empty() && name.front() == '/') {
        section.clear();
      } else {
        flush();
        section = name;
      }
      return;
    }
    if (section == "SYNSETS") {
      petrarch += std::string(line) + '\n';
      return;
    }
    if (!section.empty()) {
      return;  // <TIME>, <NOUN>, ...: not verbs
    }
    if (line.front() == '&' || (line.front() == '+' && !have_block)) {
      flush();
      petrarch += std::string(line) + '\n';  // a synonym set outside <SYNSETS>
      return;
    }
    if (line.front() == '-') {
      if (have_block) {
        for (std::string& p : ExpandAlternatives(line)) {
          block.patterns.push_back(std::move(p));
        }
      }
      return;
    }
    if (line.front() == '{') {
      if (have_block) {
        const size_t end = line.find('}');
        block.forms = std::string(TrimBlanks(
            line.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1)));
      }
      return;
    }
    // A verb line: VERB [CODE], the forms possibly on the same line.
    flush();
    have_block = true;
    std::string_view rest = line;
    if (const size_t open = rest.find('['); open != std::string_view::npos) {
      const size_t close = rest.find(']', open);
      block.code = std::string(TrimBlanks(rest.substr(open + 1, close - open - 1)));
      rest = rest.substr(0, open);
    }
    if (const size_t brace = rest.find('{'); brace != std::string_view::npos) {
      const size_t end = rest.find('}', brace);
      block.forms = std::string(TrimBlanks(rest.substr(
          brace + 1, end == std::string_view::npos ? std::string_view::npos : end - brace - 1)));
      rest = rest.substr(0, brace);
    }
    block.verb = std::string(TrimBlanks(rest));
    if (block.verb.empty()) {
      have_block = false;
    }
  });
  flush();
  return AddPetrarchVerbs(where, petrarch, codebook, stats);
}

}  // namespace casus
