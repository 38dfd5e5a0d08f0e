// PatternSet::AddPetrarchVerbs: reads PETRARCH's CAMEO verb dictionary (CAMEO.2.0.txt) into
// casus patterns, as far as casus's pattern model (a phrase of words and one-to-six-token gaps
// around a trigger) can express it. The conversion writes casus pattern lines and loads them
// with AddFile, so the result obeys exactly the rules of data/events/*.patterns.
//
//   verb block   `--- NAME [CODE] ---`, then verbs `VERB {IRREGULAR FORMS} [CODE]`
//   pattern      `- LEFT * RIGHT [CODE]`: `*` is the verb; `$` source, `+` target, `^` skip,
//                `(...)` a prepositional phrase, `{A B}` a noun phrase, `&SET` a synonym set
//   synonym set  `&NAME` followed by `+word` lines
//
// Mapping: the verb becomes the trigger's first word; words after `*` follow it, adjacent
// within a group and with a gap (`*`) where a marker or a group boundary stands; the phrase is
// also given with a gap right after the verb ("revised the deal"). Synonym sets expand into
// alternatives. A `[A:A]` code is reciprocal. Dropped, and counted: compound `%` patterns,
// patterns with the source after the verb or the target before it, the reverse code of
// `[A:B]`, `[:B]` and null `---` codes, codes outside the codebook, words before the verb (the
// subject side: the pattern is kept when words after the verb remain), undefined sets and
// patterns that expand to more than kMaxVariants phrases. A pattern with nothing after the verb
// but markers ("- * + [042]") cannot require its target; it is dropped, except that the first
// one in a block whose verbs code nothing becomes those verbs' code.
#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/strings.h"
#include "core/utf8.h"
#include "events/events.h"
#include "events/patterns_internal.h"

namespace casus {
namespace {

constexpr size_t kMaxVariants = 256;

std::string Lower(std::string_view s) {
  std::string out = utf8::MatchForm(s);
  std::replace(out.begin(), out.end(), '_', ' ');
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

struct Verb {
  std::string phrase;              // "clear up"
  std::vector<std::string> forms;  // irregular forms given in {...}
  std::string code;                // own code, "" → the block's
};

// One pattern element after tokenizing: a word, a set, a marker or a group boundary.
struct Element {
  enum Kind { kWord, kSet, kVerb, kSource, kTarget, kSkip, kCompound, kBoundary } kind;
  std::string text;
};

std::vector<Element> Tokenize(std::string_view body) {
  std::vector<Element> out;
  std::string word;
  auto flush = [&] {
    if (word.empty()) {
      return;
    }
    if (word.front() == '&') {
      out.push_back({Element::kSet, word.substr(1)});
    } else {
      out.push_back({Element::kWord, Lower(word)});
    }
    word.clear();
  };
  for (char c : body) {
    switch (c) {
      case ' ':
      case '\t':
        flush();
        break;
      case '(':
      case ')':
      case '{':
      case '}':
        flush();
        out.push_back({Element::kBoundary, ""});
        break;
      case '*':
        flush();
        out.push_back({Element::kVerb, ""});
        break;
      case '$':
        flush();
        out.push_back({Element::kSource, ""});
        break;
      case '+':
        flush();
        out.push_back({Element::kTarget, ""});
        break;
      case '^':
        flush();
        out.push_back({Element::kSkip, ""});
        break;
      case '%':
        flush();
        out.push_back({Element::kCompound, ""});
        break;
      default:
        word.push_back(c);
    }
  }
  flush();
  return out;
}

bool Clean(std::string_view word) {
  return !word.empty() && word.find_first_of(":|[]") == std::string_view::npos;
}

}  // namespace

std::string VerbDictStats::Summary(std::string_view name) const {
  using std::to_string;
  return std::string(name) + ": " + to_string(blocks) + " verb blocks, " + to_string(verbs) +
         " verbs, " + to_string(patterns_read) + " patterns read; " + to_string(patterns_made) +
         " casus patterns (" + to_string(phrases) +
         " phrases); dropped: " + to_string(dropped_compound) + " compound, " +
         to_string(dropped_source_after) + " source after verb, " +
         to_string(dropped_target_before) + " target before verb, " + to_string(dropped_null_code) +
         " null or reverse-only code, " + to_string(dropped_unknown_code) +
         " code not in codebook, " + to_string(dropped_no_right_words) +
         " nothing after the verb, " + to_string(dropped_expansion) +
         " too many variants or unknown set; " + to_string(reverse_codes_dropped) +
         " reverse codes and " + to_string(left_words_dropped) +
         " subject-side word groups left out; " + to_string(verb_codes_from_patterns) +
         " verb-with-target patterns gave their verbs a code";
}

Status PatternSet::AddPetrarchVerbs(std::string_view where, std::string_view contents,
                                    const Codebook& codebook, VerbDictStats* stats) {
  VerbDictStats local;
  VerbDictStats* st = stats != nullptr ? stats : &local;
  std::unordered_map<std::string, std::vector<std::string>> sets;
  std::string current_set;
  std::string block_code;
  std::vector<Verb> verbs;
  bool in_block = false;
  bool block_has_patterns = false;
  std::string out;                                                          // casus pattern lines
  std::vector<std::pair<std::string, std::vector<std::string>>> irregular;  // base → forms

  auto emit = [&](const std::string& code, const std::string& id, bool reciprocal,
                  const std::vector<std::string>& phrases) {
    if (phrases.empty()) {
      return;
    }
    out += code + " " + id + (reciprocal ? " [reciprocal]" : "") + ": ";
    for (size_t i = 0; i < phrases.size(); ++i) {
      out += (i == 0 ? "" : " | ") + phrases[i];
    }
    out += '\n';
    ++st->patterns_made;
    st->phrases += phrases.size();
  };
  auto real_code = [&](const std::string& code) {
    return !code.empty() && code != "---" && codebook.Find(code) != nullptr;
  };
  // The verbs' own patterns: each verb with a usable code is a trigger on its own.
  std::string fallback_code;  // the code of the block's first "- * + [CODE]" pattern
  bool fallback_reciprocal = false;
  auto finish_block = [&](size_t line) {
    if (!in_block) {
      return;
    }
    std::unordered_map<std::string, std::vector<std::string>> by_code;
    for (const Verb& v : verbs) {
      const std::string& code = v.code.empty() ? block_code : v.code;
      if (real_code(code) && Clean(v.phrase)) {
        by_code[code].push_back(v.phrase);
      }
    }
    if (!fallback_code.empty()) {
      std::vector<std::string> silent;
      for (const Verb& v : verbs) {
        if (!real_code(v.code.empty() ? block_code : v.code) && Clean(v.phrase)) {
          silent.push_back(v.phrase);
        }
      }
      emit(fallback_code, "petr-verb-" + std::to_string(line) + "-" + fallback_code + "-target",
           fallback_reciprocal, silent);
    }
    std::vector<std::string> codes;
    for (const auto& [code, list] : by_code) {
      codes.push_back(code);
    }
    std::sort(codes.begin(), codes.end());
    for (const std::string& code : codes) {
      emit(code, "petr-verb-" + std::to_string(line) + "-" + code, false, by_code[code]);
    }
    fallback_code.clear();
    fallback_reciprocal = false;
    verbs.clear();
    in_block = false;
    block_has_patterns = false;
  };

  size_t block_line = 0;
  ForEachLine(contents, [&](size_t number, std::string_view raw) {
    size_t hash = raw.find('#');
    std::string_view line = TrimBlanks(hash == std::string_view::npos ? raw : raw.substr(0, hash));
    if (line.empty() || line.starts_with("<")) {
      return;
    }
    if (line.starts_with("---")) {  // a verb block
      finish_block(block_line);
      current_set.clear();
      in_block = true;
      block_line = number;
      ++st->blocks;
      size_t open = line.find('[');
      size_t close = line.find(']', open);
      block_code = open == std::string_view::npos || close == std::string_view::npos
                       ? "---"
                       : std::string(TrimBlanks(line.substr(open + 1, close - open - 1)));
      return;
    }
    if (line.front() == '&') {
      finish_block(block_line);
      current_set = std::string(TrimBlanks(line.substr(1)));
      while (!current_set.empty() && current_set.back() == '_') {
        current_set.pop_back();
      }
      sets[current_set];
      return;
    }
    if (line.front() == '+' && !current_set.empty()) {
      std::string member = Lower(TrimBlanks(line.substr(1)));
      if (Clean(member)) {
        sets[current_set].push_back(member);
      }
      return;
    }
    if (!in_block) {
      return;
    }
    if (line.front() == '-' || line.front() == '*') {  // a pattern ("* ..." lacks its '-')
      block_has_patterns = true;
      ++st->patterns_read;
      std::string_view body = TrimBlanks(line.front() == '-' ? line.substr(1) : line);
      size_t open = body.rfind('[');
      size_t close = body.find(']', open == std::string_view::npos ? 0 : open);
      if (open == std::string_view::npos || close == std::string_view::npos) {
        ++st->dropped_null_code;
        return;
      }
      std::string codes(TrimBlanks(body.substr(open + 1, close - open - 1)));
      body = body.substr(0, open);
      std::string code = codes;
      bool reciprocal = false;
      if (size_t colon = codes.find(':'); colon != std::string::npos) {
        code = codes.substr(0, colon);
        std::string reverse = codes.substr(colon + 1);
        reciprocal = !reverse.empty() && reverse == code;
        if (!reverse.empty() && !reciprocal) {
          ++st->reverse_codes_dropped;
        }
      }
      if (code.empty() || code == "---") {
        ++st->dropped_null_code;
        return;
      }
      if (codebook.Find(code) == nullptr) {
        ++st->dropped_unknown_code;
        return;
      }
      std::vector<Element> elements = Tokenize(body);
      auto verb_at = std::find_if(elements.begin(), elements.end(),
                                  [](const Element& e) { return e.kind == Element::kVerb; });
      if (std::any_of(elements.begin(), elements.end(),
                      [](const Element& e) { return e.kind == Element::kCompound; })) {
        ++st->dropped_compound;
        return;
      }
      if (std::any_of(verb_at, elements.end(),
                      [](const Element& e) { return e.kind == Element::kSource; })) {
        ++st->dropped_source_after;
        return;
      }
      if (std::any_of(elements.begin(), verb_at,
                      [](const Element& e) { return e.kind == Element::kTarget; })) {
        ++st->dropped_target_before;
        return;
      }
      if (std::any_of(elements.begin(), verb_at, [](const Element& e) {
            return e.kind == Element::kWord || e.kind == Element::kSet;
          })) {
        ++st->left_words_dropped;
      }
      // The words after the verb, as alternatives, with gaps at markers and group boundaries.
      std::vector<std::string> tails = {""};
      bool gap = false;
      bool ok = true;
      bool any_word = false;
      for (auto it = verb_at == elements.end() ? elements.end() : verb_at + 1;
           it != elements.end() && ok; ++it) {
        if (it->kind != Element::kWord && it->kind != Element::kSet) {
          gap = gap || !tails.front().empty() || it->kind != Element::kBoundary;
          continue;
        }
        std::vector<std::string> choices;
        if (it->kind == Element::kWord) {
          choices.push_back(it->text);
        } else {
          std::string name = it->text;
          while (!name.empty() && name.back() == '_') {
            name.pop_back();
          }
          auto set = sets.find(name);
          if (set == sets.end() || set->second.empty()) {
            ok = false;
            break;
          }
          choices = set->second;
        }
        std::vector<std::string> next;
        for (const std::string& t : tails) {
          for (const std::string& c : choices) {
            if (!Clean(c)) {
              continue;
            }
            std::string joined = t;
            if (!joined.empty()) {
              joined += gap ? " * " : " ";
            }
            joined += c;
            next.push_back(std::move(joined));
          }
        }
        tails = std::move(next);
        if (tails.size() > kMaxVariants || tails.empty()) {
          ok = false;
        }
        gap = false;
        any_word = true;
      }
      if (!ok) {
        ++st->dropped_expansion;
        return;
      }
      if (!any_word) {
        // "- * + [042]": the verb with a target. casus cannot require the target, but where the
        // verbs themselves code nothing ([---]), the first such pattern becomes their code.
        const bool verbs_silent = std::none_of(verbs.begin(), verbs.end(), [&](const Verb& v) {
          return real_code(v.code.empty() ? block_code : v.code);
        });
        if (verbs_silent && fallback_code.empty()) {
          fallback_code = code;
          fallback_reciprocal = reciprocal;
          ++st->verb_codes_from_patterns;
        } else {
          ++st->dropped_no_right_words;
        }
        return;
      }
      std::vector<std::string> phrases;
      for (const Verb& v : verbs) {
        if (!Clean(v.phrase)) {
          continue;
        }
        for (const std::string& t : tails) {
          phrases.push_back(v.phrase + " " + t);
          phrases.push_back(v.phrase + " * " + t);
        }
      }
      if (phrases.size() > kMaxVariants * 16) {
        ++st->dropped_expansion;
        return;
      }
      emit(code, "petr-" + std::to_string(number), reciprocal, phrases);
      return;
    }
    // A verb of the block: VERB {FORMS} [CODE]
    if (block_has_patterns) {
      return;  // stray text after the patterns
    }
    Verb verb;
    std::string_view rest = line;
    size_t open = rest.find('[');
    if (open != std::string_view::npos) {
      size_t close = rest.find(']', open);
      verb.code = std::string(TrimBlanks(rest.substr(open + 1, close - open - 1)));
      rest = rest.substr(0, open);
    }
    size_t brace = rest.find('{');
    if (brace != std::string_view::npos) {
      size_t brace_end = rest.find('}', brace);
      std::string_view forms =
          rest.substr(brace + 1, brace_end == std::string_view::npos ? std::string_view::npos
                                                                     : brace_end - brace - 1);
      while (!forms.empty()) {
        forms = TrimBlanks(forms);
        size_t sp = forms.find(' ');
        std::string form = Lower(forms.substr(0, sp));
        if (!form.empty()) {
          verb.forms.push_back(form);
        }
        forms = sp == std::string_view::npos ? "" : forms.substr(sp + 1);
      }
      rest = rest.substr(0, brace);
    }
    verb.phrase = Lower(TrimBlanks(rest));
    if (verb.phrase.empty() || verb.phrase.find_first_of("*$+%^&") != std::string::npos) {
      return;
    }
    ++st->verbs;
    if (!verb.forms.empty() && verb.phrase.find(' ') == std::string::npos) {
      irregular.emplace_back(verb.phrase, verb.forms);
    }
    verbs.push_back(std::move(verb));
  });
  finish_block(block_line);
  CASUS_RETURN_IF_ERROR(AddFile(where, out, codebook));
  // Irregular forms the dictionary spells out ("SPEED {SPED}") match their base word.
  Impl& impl = *impl_;
  for (const auto& [base, forms] : irregular) {
    int64_t base_id = impl.Find(base);
    if (base_id < 0) {
      continue;
    }
    for (const std::string& form : forms) {
      uint32_t id = impl.Intern(form);
      auto& bases = impl.bases_of[id];
      if (std::find(bases.begin(), bases.end(), static_cast<uint32_t>(base_id)) == bases.end()) {
        bases.push_back(static_cast<uint32_t>(base_id));
      }
    }
  }
  return Status::OK();
}

}  // namespace casus
