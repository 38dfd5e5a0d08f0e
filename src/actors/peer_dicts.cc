// Readers of the TABARI/PETRARCH actor, agent and discard dictionaries, converting into the
// entries of ActorDictionary::Impl that casus's own format (actors.cc) fills.
//
// Conversions (counted in DictionaryStats, described in docs/dictionaries.md):
//   * a block's undated code is its default; dated codes come first, latest start first, so that
//     the matcher (which takes the first entry valid on the document's date) prefers them and an
//     undated document gets the most recent role;
//   * a 3-letter code is a country, a longer one a named actor; the null code `---` and codes
//     that are a bare agent beside other codes (`[IGOUNO ...] [ELI]`: "an elite of whatever
//     country") are dropped; TABARI's <NOUN> and <ADJECTIVE> lists are skipped;
//   * TABARI stems (a name without a final `_`) are matched as whole words;
//   * agent codes `~GOV` append to the actor (as casus's agents do); prefix agents (`IGO~`) and
//     PETRARCH's `<Combine>` rules are dropped;
//   * a discard phrase, as in PETRARCH, leaves its whole sentence (with `+`, its whole document)
//     without actors, so nothing there is coded; matching is by whole words, not PETRARCH's
//     substrings.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "actors/actors.h"
#include "actors/actors_internal.h"
#include "core/date.h"
#include "core/files.h"
#include "core/strings.h"
#include "core/utf8.h"

namespace casus {
namespace {

constexpr size_t kMaxNotes = 20;

// Strips a comment: '#' anywhere (the peers allow "[ELI]# note"), ';' after a blank (KEDS).
std::string_view StripComment(std::string_view line) {
  size_t hash = line.find('#');
  if (hash != std::string_view::npos) {
    line = line.substr(0, hash);
  }
  size_t semi = line.find(" ;");
  if (semi == std::string_view::npos) {
    semi = line.find("\t;");
  }
  if (semi != std::string_view::npos) {
    line = line.substr(0, semi);
  }
  return line;
}

void Note(DictionaryStats* stats, const std::string& here, std::string_view what) {
  ++stats->dropped;
  if (stats->notes.size() < kMaxNotes) {
    stats->notes.push_back(here + ": " + std::string(what));
  }
}

bool IsUpperCode(std::string_view code) {
  return !code.empty() && std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

bool IsFunctionWord(std::string_view w) {
  return w == "the" || w == "of" || w == "and" || w == "for" || w == "a" || w == "an" ||
         w == "in" || w == "on" || w == "to" || w == "de" || w == "la" || w == "el";
}

// Splits a peer phrase ("BAN_KI-MOON", "ISLAMIC_ARMY_OF_ADEN_(IAA)_") into the tokens casus's
// tokenizer would give: '_' and blanks separate words; brackets, quotes and commas stand alone;
// a final "'s" is its own token.
std::vector<std::string> PeerWords(std::string_view phrase) {
  std::vector<std::string> words;
  std::string current;
  auto flush = [&] {
    if (current.empty()) {
      return;
    }
    if (current.size() > 2 && (current.ends_with("'S") || current.ends_with("'s"))) {
      words.push_back(current.substr(0, current.size() - 2));
      words.emplace_back("'s");
    } else {
      words.push_back(current);
    }
    current.clear();
  };
  for (char c : phrase) {
    if (c == '_' || c == ' ' || c == '\t') {
      flush();
    } else if (c == '(' || c == ')' || c == '"' || c == ',' || c == '[' || c == ']') {
      flush();
      words.emplace_back(1, c);
    } else {
      current.push_back(c);
    }
  }
  flush();
  return words;
}

// Adds a phrase to `entry`. Actor names need a capital on their first content word (the peer
// files are upper case, so case says nothing else); agents and discards match in any case.
bool AddPeerPhrase(ActorDictionary::Impl* impl, uint32_t entry, std::string_view text,
                   bool capitalized) {
  std::vector<std::string> words = PeerWords(text);
  if (words.empty()) {
    return false;
  }
  ActorPhrase phrase;
  phrase.entry = entry;
  bool need_capital = capitalized;
  for (const std::string& word : words) {
    std::string form = utf8::MatchForm(word);
    uint8_t rule = 0;
    if (need_capital && !IsFunctionWord(form)) {
      size_t pos = 0;
      char32_t c = utf8::Decode(form, &pos);
      if (utf8::IsLower(c)) {  // a letter: it must be capitalized in the text
        rule = 1;
      }
      need_capital = false;
    }
    phrase.words.push_back(impl->Intern(form));
    phrase.case_rule.push_back(rule);
    phrase.exact.emplace_back();
  }
  impl->phrases_by_first[phrase.words[0]].push_back(static_cast<uint32_t>(impl->phrases.size()));
  impl->phrases.push_back(std::move(phrase));
  return true;
}

// YYMMDD (00-30 → 20YY, else 19YY) or YYYYMMDD, as the peers read them.
bool ParsePeerDate(std::string_view text, Date* date) {
  if (text.size() != 6 && text.size() != 8) {
    return false;
  }
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  int year = 0;
  size_t month_at = 0;
  if (text.size() == 8) {
    year = std::stoi(std::string(text.substr(0, 4)));
    month_at = 4;
  } else {
    year = std::stoi(std::string(text.substr(0, 2)));
    year += year <= 30 ? 2000 : 1900;
    month_at = 2;
  }
  std::optional<Date> parsed =
      Date::Parse(std::to_string(year) + "-" + std::string(text.substr(month_at, 2)) + "-" +
                  std::string(text.substr(month_at + 2, 2)));
  if (!parsed || parsed->precision != DatePrecision::kDay) {
    return false;
  }
  *date = *parsed;
  return true;
}

// One `[CODE restriction]` of an actor block.
struct PeerCode {
  std::string code;
  Date from;
  Date to;
  std::string where;
};

// Parses the inside of one bracket: "USAGOV", "USAGOV >930120", "USAGOV 930120-010120".
bool ParsePeerCode(std::string_view inside, const std::string& here, PeerCode* out,
                   std::string* why) {
  inside = TrimBlanks(inside);
  size_t space = inside.find_first_of(" \t");
  out->code = std::string(inside.substr(0, space));
  out->where = here;
  std::string_view rest = space == std::string_view::npos ? "" : TrimBlanks(inside.substr(space));
  if (rest.empty()) {
    return true;
  }
  auto digits = [](std::string_view s) {
    std::string d;
    for (char c : s) {
      if (c >= '0' && c <= '9') {
        d.push_back(c);
      } else if (c != ' ' && c != '\t') {
        break;
      }
    }
    return d;
  };
  if (rest.front() == '<' || rest.front() == '>') {
    Date d;
    if (!ParsePeerDate(digits(rest.substr(1)), &d)) {
      *why = "bad date in '[" + std::string(inside) + "]'";
      return false;
    }
    (rest.front() == '<' ? out->to : out->from) = d;
    return true;
  }
  size_t dash = rest.find('-');
  if (dash == std::string_view::npos ||
      !ParsePeerDate(TrimBlanks(rest.substr(0, dash)), &out->from) ||
      !ParsePeerDate(TrimBlanks(rest.substr(dash + 1)), &out->to)) {
    *why = "bad date restriction in '[" + std::string(inside) + "]'";
    return false;
  }
  if (out->to.DaysSinceEpoch() < out->from.DaysSinceEpoch()) {
    *why = "date range ends before it begins in '[" + std::string(inside) + "]'";
    return false;
  }
  return true;
}

bool IsAgentCode(std::string_view code) {
  static constexpr std::string_view kAgents[] = {
      "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU",
      "BUS", "CRM", "CVL", "HLH", "HRI", "LAB", "LEG", "REF", "SEP", "ELI",
      "AGR", "ENV", "INS", "UAF", "MOD", "RAD", "DEV", "AMN", "IRC", "GRP",
      "UNO", "PKO", "UIS", "IGO", "IMG", "INT", "MNC", "NGM", "NGO", "SET"};
  return std::find(std::begin(kAgents), std::end(kAgents), code) != std::end(kAgents);
}

bool IsXmlComment(std::string_view trimmed) { return trimmed.starts_with("<"); }

}  // namespace

std::string_view DictionaryFormatName(DictionaryFormat format) {
  switch (format) {
    case DictionaryFormat::kAuto:
      return "auto";
    case DictionaryFormat::kCasus:
      return "casus";
    case DictionaryFormat::kPetrarchActors:
      return "petrarch-actors";
    case DictionaryFormat::kPetrarchAgents:
      return "petrarch-agents";
    case DictionaryFormat::kPetrarchDiscards:
      return "petrarch-discards";
  }
  return "auto";
}

DictionaryFormat DetectDictionaryFormat(std::string_view path, std::string_view contents) {
  // Content first for casus lines: a casus file may be named anything.
  bool casus_lines = false;
  bool other_lines = false;
  bool agent_lines = false;
  bool code_lines = false;
  size_t looked = 0;
  ForEachLine(contents, [&](size_t, std::string_view raw) {
    std::string_view line = TrimBlanks(StripComment(raw));
    if (line.empty() || IsXmlComment(line) || looked > 400) {
      return;
    }
    ++looked;
    size_t colon = line.find(':');
    std::string_view kind = line.substr(0, line.find(' '));
    if (colon != std::string_view::npos &&
        (kind == "country" || kind == "actor" || kind == "agent" || kind == "place" ||
         kind == "discard" || kind == "discard:")) {
      casus_lines = true;
    } else {
      other_lines = true;
    }
    if (line.find("[~") != std::string_view::npos || line.find("~]") != std::string_view::npos ||
        (line.front() == '!' && line.find('=') != std::string_view::npos)) {
      agent_lines = true;
    }
    if (line.find('[') != std::string_view::npos) {
      code_lines = true;
    }
  });
  if (casus_lines && !other_lines) {
    return DictionaryFormat::kCasus;
  }
  std::string name = std::filesystem::path(std::string(path)).filename().string();
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (name.find("agent") != std::string::npos || agent_lines) {
    return DictionaryFormat::kPetrarchAgents;
  }
  if (name.find("discard") != std::string::npos) {
    return DictionaryFormat::kPetrarchDiscards;
  }
  if (code_lines) {
    return DictionaryFormat::kPetrarchActors;
  }
  return casus_lines ? DictionaryFormat::kCasus : DictionaryFormat::kPetrarchDiscards;
}

std::string DictionaryStats::Summary(std::string_view name) const {
  using std::to_string;
  std::string line =
      std::string(name) + " (" + std::string(DictionaryFormatName(format)) +
      "): " + to_string(blocks) +
      (format == DictionaryFormat::kPetrarchActors ? " actor blocks, " : " lines, ") +
      to_string(names) + " names, " + to_string(entries) + " entries (" + to_string(dated) +
      " dated)";
  if (dropped > 0) {
    line += ", " + to_string(dropped) + " dropped";
  }
  return line;
}

Status ActorDictionary::AddPetrarchActors(std::string_view where, std::string_view contents,
                                          DictionaryStats* stats) {
  DictionaryStats local;
  DictionaryStats* st = stats != nullptr ? stats : &local;
  st->format = DictionaryFormat::kPetrarchActors;
  Impl& impl = *impl_;
  // The block being read: its names (with the line of each) and its codes.
  std::vector<std::string> names;
  std::vector<PeerCode> codes;
  std::string block_where;
  auto flush = [&] {
    if (names.empty()) {
      codes.clear();
      return;
    }
    if (codes.empty()) {
      return;  // the peers give such names the codes of the block that follows
    }
    ++st->blocks;
    std::vector<PeerCode> usable;
    for (PeerCode& c : codes) {
      if (c.code == "---" || c.code.empty()) {
        Note(st, c.where, "null code dropped");
      } else if (!IsUpperCode(c.code) || c.code.size() < 3) {
        Note(st, c.where, "bad code '" + c.code + "' dropped");
      } else if (c.code.size() == 3 && IsAgentCode(c.code) && codes.size() > 1) {
        Note(st, c.where, "agent-only code '" + c.code + "' dropped");
      } else {
        usable.push_back(std::move(c));
      }
    }
    // Dated codes first (latest start first), then the undated default(s).
    std::stable_sort(usable.begin(), usable.end(), [](const PeerCode& a, const PeerCode& b) {
      const bool ad = a.from.valid() || a.to.valid();
      const bool bd = b.from.valid() || b.to.valid();
      if (ad != bd) {
        return ad;
      }
      const int64_t af = a.from.valid() ? a.from.DaysSinceEpoch() : INT64_MIN;
      const int64_t bf = b.from.valid() ? b.from.DaysSinceEpoch() : INT64_MIN;
      return af > bf;
    });
    for (PeerCode& c : usable) {
      ActorEntry entry;
      entry.kind = c.code.size() == 3 ? ActorEntryKind::kCountry : ActorEntryKind::kActor;
      entry.code = c.code;
      entry.from = c.from;
      entry.to = c.to;
      entry.where = block_where;
      const bool dated = c.from.valid() || c.to.valid();
      auto index = static_cast<uint32_t>(impl.entries.size());
      impl.entries.push_back(std::move(entry));
      ++st->entries;
      st->dated += dated ? 1 : 0;
      for (const std::string& name : names) {
        if (AddPeerPhrase(&impl, index, name, true)) {
          ++st->names;
        }
      }
    }
    names.clear();
    codes.clear();
  };
  // Reads the [..] groups of `text` into `codes`; returns the text before the first one.
  auto take_codes = [&](std::string_view text, const std::string& here) -> std::string_view {
    size_t open = text.find('[');
    std::string_view before = text.substr(0, open);
    while (open != std::string_view::npos) {
      size_t close = text.find(']', open);
      if (close == std::string_view::npos) {
        Note(st, here, "unclosed '['");
        break;
      }
      PeerCode code;
      std::string why;
      if (ParsePeerCode(text.substr(open + 1, close - open - 1), here, &code, &why)) {
        codes.push_back(std::move(code));
      } else {
        Note(st, here, why);
      }
      open = text.find('[', close);
    }
    return TrimBlanks(before);
  };
  bool stopped = false;
  std::string skip_until;
  ForEachLine(contents, [&](size_t number, std::string_view raw) {
    if (stopped) {
      return;
    }
    std::string_view line = StripComment(raw);
    std::string_view trimmed = TrimBlanks(line);
    if (trimmed.empty() || (IsXmlComment(trimmed) && skip_until.empty() && trimmed != "<NOUN>" &&
                            trimmed != "<ADJECTIVE>")) {
      return;
    }
    // TABARI's <NOUN>...</NOUN> and <ADJECTIVE>...</ADJECTIVE> lists name no actors.
    if (!skip_until.empty()) {
      if (trimmed.starts_with(skip_until)) {
        skip_until.clear();
      }
      return;
    }
    if (trimmed == "<NOUN>" || trimmed == "<ADJECTIVE>") {
      skip_until = "</" + std::string(trimmed.substr(1));
      return;
    }
    if (trimmed.find("---STOP---") != std::string_view::npos) {
      stopped = true;
      return;
    }
    const std::string here = std::string(where) + ":" + std::to_string(number);
    const bool indented = line.front() == ' ' || line.front() == '\t';
    if (trimmed.front() == '[') {  // a code line (indented in the peers' files)
      take_codes(trimmed, here);
      return;
    }
    if (trimmed.front() == '+') {  // a synonym
      std::string_view name = take_codes(trimmed.substr(1), here);
      if (!name.empty()) {
        names.emplace_back(name);
      }
      return;
    }
    if (indented) {
      Note(st, here, "indented line that is neither a code nor a synonym");
      return;
    }
    // A primary name starts a block, unless the names before it still wait for their codes.
    if (!codes.empty()) {
      flush();
    }
    if (names.empty()) {
      block_where = here;
    }
    std::string_view name = take_codes(trimmed, here);
    if (!name.empty()) {
      names.emplace_back(name);
    }
  });
  flush();
  if (!names.empty()) {
    Note(st, block_where, "names without a code at the end of the file dropped");
  }
  return Status::OK();
}

Status ActorDictionary::AddPetrarchAgents(std::string_view where, std::string_view contents,
                                          DictionaryStats* stats) {
  DictionaryStats local;
  DictionaryStats* st = stats != nullptr ? stats : &local;
  st->format = DictionaryFormat::kPetrarchAgents;
  Impl& impl = *impl_;
  std::vector<std::pair<std::string, std::vector<std::string>>> markers;
  ForEachLine(contents, [&](size_t number, std::string_view raw) {
    std::string_view line = TrimBlanks(StripComment(raw));
    if (line.empty() || IsXmlComment(line)) {
      return;
    }
    const std::string here = std::string(where) + ":" + std::to_string(number);
    if (line.front() == '!' && line.find('=') != std::string_view::npos) {
      size_t close = line.find('!', 1);
      size_t eq = line.find('=');
      if (close == std::string_view::npos || close > eq) {
        Note(st, here, "bad substitution marker");
        return;
      }
      std::vector<std::string> values;
      std::string_view list = line.substr(eq + 1);
      while (!list.empty()) {
        size_t comma = list.find(',');
        std::string_view v = TrimBlanks(list.substr(0, comma));
        if (!v.empty()) {
          values.emplace_back(v);
        }
        list = comma == std::string_view::npos ? "" : list.substr(comma + 1);
      }
      markers.emplace_back(std::string(line.substr(1, close - 1)), std::move(values));
      return;
    }
    ++st->blocks;
    size_t open = line.find('[');
    size_t close = open == std::string_view::npos ? open : line.find_first_of("]}", open);
    if (open == std::string_view::npos || close == std::string_view::npos) {
      Note(st, here, "agent without a [code]");
      return;
    }
    std::string code(TrimBlanks(line.substr(open + 1, close - open - 1)));
    std::string_view phrase = TrimBlanks(line.substr(0, open));
    if (code.size() > 1 && code.back() == '~') {
      Note(st, here, "prefix agent '" + code + "' dropped");
      return;
    }
    if (!code.empty() && code.front() == '~') {
      code.erase(0, 1);
    }
    if (code.size() < 3 || code.size() % 3 != 0 || !IsUpperCode(code)) {
      Note(st, here, "bad agent code '" + code + "'");
      return;
    }
    std::vector<std::string> forms;
    size_t brace = phrase.find('{');
    if (brace != std::string_view::npos) {
      size_t brace_end = phrase.find('}', brace);
      if (brace_end == std::string_view::npos) {
        Note(st, here, "missing '}'");
        return;
      }
      forms.emplace_back(TrimBlanks(phrase.substr(0, brace)));
      std::string_view plural = TrimBlanks(phrase.substr(brace + 1, brace_end - brace - 1));
      if (!plural.empty()) {
        forms.emplace_back(plural);
      }
    } else if (phrase.find('!') != std::string_view::npos) {
      size_t a = phrase.find('!');
      size_t b = phrase.find('!', a + 1);
      std::string_view marker = b == std::string_view::npos ? "" : phrase.substr(a + 1, b - a - 1);
      auto it = std::find_if(markers.begin(), markers.end(),
                             [&](const auto& m) { return m.first == marker; });
      if (it == markers.end()) {
        Note(st, here, "unknown substitution marker");
        return;
      }
      for (const std::string& v : it->second) {
        forms.push_back(std::string(phrase.substr(0, a)) + v + std::string(phrase.substr(b + 1)));
      }
    } else {
      std::string single(phrase);
      forms.push_back(single);
      if (!single.empty()) {
        const char last = single.back();
        if (last == 'Y' || last == 'y') {
          forms.push_back(single.substr(0, single.size() - 1) + "IES");
        } else if (last == 'S' || last == 's') {
          forms.push_back(single + "ES");
        } else {
          forms.push_back(single + "S");
        }
      }
    }
    ActorEntry entry;
    entry.kind = ActorEntryKind::kAgent;
    entry.code = code;
    entry.where = here;
    auto index = static_cast<uint32_t>(impl.entries.size());
    impl.entries.push_back(std::move(entry));
    ++st->entries;
    for (const std::string& form : forms) {
      if (AddPeerPhrase(&impl, index, form, false)) {
        ++st->names;
      }
    }
  });
  return Status::OK();
}

Status ActorDictionary::AddPetrarchDiscards(std::string_view where, std::string_view contents,
                                            DictionaryStats* stats) {
  DictionaryStats local;
  DictionaryStats* st = stats != nullptr ? stats : &local;
  st->format = DictionaryFormat::kPetrarchDiscards;
  Impl& impl = *impl_;
  ForEachLine(contents, [&](size_t number, std::string_view raw) {
    std::string_view line = TrimBlanks(StripComment(raw));
    if (line.empty() || IsXmlComment(line)) {
      return;
    }
    ++st->blocks;
    ActorEntry entry;
    entry.kind = ActorEntryKind::kDiscard;
    entry.discard_scope = DiscardScope::kSentence;
    if (line.front() == '+') {
      line = TrimBlanks(line.substr(1));
      entry.discard_scope = DiscardScope::kDocument;
    }
    entry.where = std::string(where) + ":" + std::to_string(number);
    auto index = static_cast<uint32_t>(impl.entries.size());
    impl.entries.push_back(std::move(entry));
    ++st->entries;
    if (AddPeerPhrase(&impl, index, line, false)) {
      ++st->names;
    }
  });
  return Status::OK();
}

Status ActorDictionary::AddDictionaryFile(const std::string& path, DictionaryFormat format,
                                          DictionaryStats* stats) {
  std::string contents;
  CASUS_RETURN_IF_ERROR(ReadFileToString(path, &contents));
  const std::string name = std::filesystem::path(path).filename().string();
  const DictionaryFormat detected = DetectDictionaryFormat(path, contents);
  if (format == DictionaryFormat::kAuto || detected == DictionaryFormat::kCasus) {
    format = detected;  // a casus file is read as one whatever flag named it
  }
  switch (format) {
    case DictionaryFormat::kCasus: {
      const size_t before = size();
      const size_t phrases_before = impl_->phrases.size();
      CASUS_RETURN_IF_ERROR(AddFile(name, contents));
      if (stats != nullptr) {
        stats->format = format;
        stats->entries += size() - before;
        stats->blocks += size() - before;
        stats->names += impl_->phrases.size() - phrases_before;
        for (size_t e = before; e < size(); ++e) {
          const ActorEntry& entry = impl_->entries[e];
          stats->dated += entry.from.valid() || entry.to.valid() ? 1 : 0;
        }
      }
      return Status::OK();
    }
    case DictionaryFormat::kPetrarchActors:
      return AddPetrarchActors(name, contents, stats);
    case DictionaryFormat::kPetrarchAgents:
      return AddPetrarchAgents(name, contents, stats);
    case DictionaryFormat::kPetrarchDiscards:
      return AddPetrarchDiscards(name, contents, stats);
    case DictionaryFormat::kAuto:
      break;
  }
  return Status::Internal("unreachable dictionary format");
}

}  // namespace casus
