// Pattern dictionary loading: data/events/*.patterns.
//
// One pattern per line: `CODE ID [FLAGS]: phrase | phrase`. PatternPhrase words are base forms;
// each content word also matches its inflections (generated here, with a table of irregular verbs),
// so that "condemn" matches "condemned" and "airstrike" matches "airstrikes". '*' is a gap of
// one to kMaxGap tokens, where the target usually stands ("call on * to de-escalate").
#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unordered_set>

#include "core/files.h"
#include "core/utf8.h"
#include "events/patterns_internal.h"

namespace casus {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Irregular verb forms: base, then past and participle forms (space-separated).
constexpr std::array<std::pair<std::string_view, std::string_view>, 72> kIrregular = {{
    {"arise", "arose arisen"},
    {"be", "was were been is are am being"},
    {"bear", "bore borne born"},
    {"beat", "beaten"},
    {"become", "became"},
    {"begin", "began begun"},
    {"bind", "bound"},
    {"bite", "bit bitten"},
    {"blow", "blew blown"},
    {"break", "broke broken"},
    {"bring", "brought"},
    {"build", "built"},
    {"burn", "burnt"},
    {"buy", "bought"},
    {"catch", "caught"},
    {"choose", "chose chosen"},
    {"come", "came"},
    {"cut", "cut"},
    {"deal", "dealt"},
    {"do", "did done does"},
    {"draw", "drew drawn"},
    {"drive", "drove driven"},
    {"fall", "fell fallen"},
    {"feel", "felt"},
    {"fight", "fought"},
    {"find", "found"},
    {"flee", "fled"},
    {"fly", "flew flown flies"},
    {"forbid", "forbade forbidden"},
    {"forgive", "forgave forgiven"},
    {"freeze", "froze frozen"},
    {"get", "got gotten"},
    {"give", "gave given"},
    {"go", "went gone goes"},
    {"grant", "granted"},
    {"have", "had has"},
    {"hear", "heard"},
    {"hide", "hid hidden"},
    {"hit", "hit"},
    {"hold", "held"},
    {"keep", "kept"},
    {"lay", "laid"},
    {"lead", "led"},
    {"leave", "left"},
    {"lend", "lent"},
    {"let", "let"},
    {"lose", "lost"},
    {"make", "made"},
    {"mean", "meant"},
    {"meet", "met"},
    {"overthrow", "overthrew overthrown"},
    {"pay", "paid"},
    {"put", "put"},
    {"quit", "quit"},
    {"rebuild", "rebuilt"},
    {"ride", "rode ridden"},
    {"rise", "rose risen"},
    {"run", "ran"},
    {"say", "said"},
    {"see", "saw seen"},
    {"seek", "sought"},
    {"sell", "sold"},
    {"send", "sent"},
    {"set", "set"},
    {"shoot", "shot"},
    {"speak", "spoke spoken"},
    {"spend", "spent"},
    {"spread", "spread"},
    {"steal", "stole stolen"},
    {"strike", "struck stricken"},
    {"take", "took taken"},
    {"tell", "told"},
}};
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kIrregularMore = {{
    {"think", "thought"},
    {"throw", "threw thrown"},
    {"undertake", "undertook undertaken"},
    {"uphold", "upheld"},
    {"wage", "waged"},
    {"win", "won"},
    {"withdraw", "withdrew withdrawn"},
    {"withhold", "withheld"},
    {"write", "wrote written"},
    {"forsake", "forsook forsaken"},
    {"shake", "shook shaken"},
    {"split", "split"},
    {"shut", "shut"},
    {"foresee", "foresaw foreseen"},
}};

// Words that are never inflected: they carry the phrase's grammar, not its content.
bool IsFunctionWord(std::string_view w) {
  static constexpr std::array<std::string_view, 44> kWords = {
      "a",      "an",      "the",    "to",      "of",      "on",    "in",     "at",      "by",
      "for",    "with",    "from",   "into",    "onto",    "over",  "under",  "up",      "down",
      "out",    "off",     "and",    "or",      "not",     "no",    "its",    "their",   "his",
      "her",    "as",      "than",   "that",    "against", "about", "upon",   "between", "among",
      "toward", "towards", "across", "through", "behind",  "after", "before", "around"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

void AddInflections(const std::string& w, std::vector<std::string>* out) {
  out->push_back(w);
  if (w.size() < 2 || IsFunctionWord(w) ||
      !std::all_of(w.begin(), w.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; })) {
    return;
  }
  auto add_forms = [&](std::string_view forms) {
    while (!forms.empty()) {
      size_t space = forms.find(' ');
      out->emplace_back(forms.substr(0, space));
      forms = space == std::string_view::npos ? "" : forms.substr(space + 1);
    }
  };
  for (const auto& [base, forms] : kIrregular) {
    if (base == w) {
      add_forms(forms);
    }
  }
  for (const auto& [base, forms] : kIrregularMore) {
    if (base == w) {
      add_forms(forms);
    }
  }
  const char last = w.back();
  const char before = w[w.size() - 2];
  // -s
  if (last == 's' || last == 'x' || last == 'z' || w.ends_with("ch") || w.ends_with("sh")) {
    out->push_back(w + "es");
  } else if (last == 'y' && !IsVowel(before)) {
    out->push_back(w.substr(0, w.size() - 1) + "ies");
  } else {
    out->push_back(w + "s");
  }
  // -ed, -ing
  if (last == 'e') {
    out->push_back(w + "d");
    if (before == 'i') {
      out->push_back(w.substr(0, w.size() - 2) + "ying");
    } else if (before == 'e' || before == 'o' || before == 'y') {
      out->push_back(w + "ing");
    } else {
      out->push_back(w.substr(0, w.size() - 1) + "ing");
    }
    return;
  }
  if (last == 'y' && !IsVowel(before)) {
    out->push_back(w.substr(0, w.size() - 1) + "ied");
    out->push_back(w + "ing");
    return;
  }
  out->push_back(w + "ed");
  out->push_back(w + "ing");
  // Consonant-vowel-consonant endings double in short words ("ban" → "banned", "plan" →
  // "planning"); both spellings are added, the wrong one never occurs in text.
  if (w.size() >= 3 && !IsVowel(last) && last != 'w' && last != 'x' && last != 'y' &&
      IsVowel(before) && !IsVowel(w[w.size() - 3])) {
    out->push_back(w + last + "ed");
    out->push_back(w + last + "ing");
  }
}

}  // namespace

uint32_t PatternSet::Impl::Intern(const std::string& word) {
  auto [it, inserted] = vocabulary.emplace(word, static_cast<uint32_t>(vocabulary.size()));
  if (inserted) {
    bases_of.emplace_back();
    filter.Add(TransparentStringHash{}(word));
  }
  return it->second;
}

int64_t PatternSet::Impl::Find(std::string_view word) const {
  auto it = vocabulary.find(word);
  return it == vocabulary.end() ? -1 : static_cast<int64_t>(it->second);
}

PatternSet::PatternSet() : impl_(std::make_unique<Impl>()) {}
PatternSet::PatternSet(PatternSet&&) noexcept = default;
PatternSet& PatternSet::operator=(PatternSet&&) noexcept = default;
PatternSet::~PatternSet() = default;

size_t PatternSet::size() const { return impl_->patterns.size(); }

std::map<std::string, PatternSet::CodeCount> PatternSet::CountByCode() const {
  std::map<std::string, CodeCount> counts;
  for (const Pattern& p : impl_->patterns) {
    ++counts[p.code].patterns;
  }
  for (const PatternPhrase& phrase : impl_->phrases) {
    ++counts[impl_->patterns[phrase.pattern].code].phrases;
  }
  return counts;
}

Status PatternSet::LoadDirectory(const std::string& dir, const Codebook& codebook,
                                 PatternSet* patterns) {
  return ForEachFileIn(dir, ".patterns", "pattern",
                       [&](const std::string& name, const std::string& contents) {
                         return patterns->AddFile(name, contents, codebook);
                       });
}

Status PatternSet::AddFile(std::string_view where, std::string_view contents,
                           const Codebook& codebook) {
  Impl& impl = *impl_;
  size_t line_number = 0;
  size_t pos = 0;
  std::vector<std::string> forms;
  while (pos < contents.size()) {
    size_t eol = contents.find('\n', pos);
    if (eol == std::string_view::npos) {
      eol = contents.size();
    }
    std::string_view line = Trim(contents.substr(pos, eol - pos));
    pos = eol + 1;
    ++line_number;
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const std::string here = std::string(where) + ":" + std::to_string(line_number);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      return Status::InvalidInput(here + ": expected 'CODE ID [FLAGS]: phrase | phrase'");
    }
    std::string_view head = Trim(line.substr(0, colon));
    std::string_view body = Trim(line.substr(colon + 1));
    Pattern pattern;
    pattern.where = here;
    size_t bracket = head.find('[');
    std::string_view flags;
    if (bracket != std::string_view::npos) {
      size_t close = head.find(']', bracket);
      if (close == std::string_view::npos) {
        return Status::InvalidInput(here + ": unclosed '[' in flags");
      }
      flags = head.substr(bracket + 1, close - bracket - 1);
      head = Trim(head.substr(0, bracket));
    }
    size_t space = head.find(' ');
    if (space == std::string_view::npos) {
      return Status::InvalidInput(here + ": expected a code and an id before ':'");
    }
    pattern.code = std::string(head.substr(0, space));
    pattern.id = std::string(Trim(head.substr(space)));
    if (codebook.Find(pattern.code) == nullptr) {
      return Status::InvalidInput(here + ": '" + pattern.code + "' is not a CAMEO event code");
    }
    if (pattern.id.empty() || pattern.id.find(' ') != std::string::npos) {
      return Status::InvalidInput(here + ": the pattern id must be one word");
    }
    if (!impl.ids.insert(pattern.id).second) {
      return Status::InvalidInput(here + ": duplicate pattern id '" + pattern.id + "'");
    }
    while (!flags.empty()) {
      size_t sp = flags.find(' ');
      std::string_view flag = Trim(flags.substr(0, sp));
      flags = sp == std::string_view::npos ? "" : flags.substr(sp + 1);
      if (flag.empty()) {
        continue;
      }
      if (flag == "nominal") {
        pattern.flags |= kPatternNominal;
      } else if (flag == "reciprocal") {
        pattern.flags |= kPatternReciprocal;
      } else if (flag == "passive") {
        pattern.flags |= kPatternPassive;
      } else if (flag == "speaker") {
        pattern.flags |= kPatternSpeaker;
      } else {
        return Status::InvalidInput(here + ": unknown flag '" + std::string(flag) +
                                    "' (nominal, reciprocal, passive, speaker)");
      }
    }
    auto pattern_index = static_cast<uint32_t>(impl.patterns.size());
    impl.patterns.push_back(std::move(pattern));
    size_t start = 0;
    while (start <= body.size()) {
      size_t bar = body.find('|', start);
      if (bar == std::string_view::npos) {
        bar = body.size();
      }
      std::string_view phrase_text = Trim(body.substr(start, bar - start));
      start = bar + 1;
      if (phrase_text.empty()) {
        return Status::InvalidInput(here + ": empty phrase");
      }
      PatternPhrase phrase;
      phrase.pattern = pattern_index;
      std::string_view rest = phrase_text;
      while (!rest.empty()) {
        size_t sp = rest.find(' ');
        std::string word = utf8::MatchForm(Trim(rest.substr(0, sp)));
        rest = sp == std::string_view::npos ? "" : Trim(rest.substr(sp + 1));
        if (word.empty()) {
          continue;
        }
        if (word == "*") {
          if (phrase.elements.empty() || phrase.elements.back() == kGap) {
            return Status::InvalidInput(here + ": '*' must follow a word");
          }
          phrase.elements.push_back(kGap);
          continue;
        }
        uint32_t base = impl.Intern(word);
        forms.clear();
        AddInflections(word, &forms);
        for (const std::string& form : forms) {
          uint32_t id = impl.Intern(form);
          auto& bases = impl.bases_of[id];
          if (std::find(bases.begin(), bases.end(), base) == bases.end()) {
            bases.push_back(base);
          }
        }
        phrase.elements.push_back(static_cast<int32_t>(base));
      }
      if (phrase.elements.empty() || phrase.elements.back() == kGap) {
        return Status::InvalidInput(here + ": a phrase needs words and cannot end in '*'");
      }
      auto first = static_cast<uint32_t>(phrase.elements.front());
      const auto index = static_cast<uint32_t>(impl.phrases.size());
      if (phrase.elements.size() == 1) {
        if (impl.single_by_word.size() <= first) {
          impl.single_by_word.resize(first + 1);
        }
        impl.single_by_word[first].push_back(index);
      } else {
        if (impl.by_first_last.size() <= first) {
          impl.by_first_last.resize(first + 1);
        }
        auto& list = impl.by_first_last[first];
        const std::pair<uint32_t, uint32_t> entry{static_cast<uint32_t>(phrase.elements.back()),
                                                  index};
        list.insert(std::upper_bound(list.begin(), list.end(), entry), entry);
      }
      impl.phrases.push_back(std::move(phrase));
      if (bar == body.size()) {
        break;
      }
    }
  }
  return Status::OK();
}

}  // namespace casus
