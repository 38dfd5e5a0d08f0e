// Golden tests, DuckDB style: every tests/golden/**/*.test file holds cases of the form
//
//   # comments, and directives:
//   # fields: source.code target.code code        (columns of an `events` case)
//   events date=2024-12-02 name=appeal
//   <article text, any number of lines>
//   ----
//   <expected output, one line per event / sentence / mention>
//   <a blank line or the next case header ends the case>
//
// Case kinds: `events` (the whole pipeline; one line per event with the `fields` columns,
// "-" for an empty value), `sentences` (one line per sentence, its exact text), `tokens` (one
// line per sentence, tokens joined by " "), `actors` (one line per mention: "CODE text"),
// `quotes` (one line per quote: "KIND CODE SPEAKER ADDRESSEE | text"), `annotate` (the CoNLL-U
// of text.tokenize + lang.annotate with the shipped models, without its blank lines), `places`
// (one line per resolved mention: "place MENTION = NAME FEATURE COUNTRY", then one per event:
// "event CODE @ NAME COUNTRY by clause|sentence|document"; skipped without a gazetteer).
// The article ends at the "----" line; a case's expected block ends at a blank line, so
// articles may contain blank lines but expected output may not.
//
// Set CASUS_GOLDEN_UPDATE=1 to print the actual output of failing cases in a pasteable form.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/app.h"
#include "core/date.h"
#include "core/document.h"
#include "core/event_record.h"
#include "core/pipeline.h"
#include "lang/lang.h"

namespace casus {
namespace {

namespace fs = std::filesystem;

struct GoldenCase {
  std::string file;
  int line = 0;
  std::string kind;
  std::string name;
  std::string date;
  std::vector<std::string> fields;
  std::string text;
  std::vector<std::string> expected;
};

// gtest prints parameters in test listings; show where the case is, not its bytes.
void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.file << ":" << c.line; }

std::vector<std::string> SplitWords(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) {
    out.push_back(w);
  }
  return out;
}

bool IsCaseHeader(const std::string& line) {
  const std::string kind = line.substr(0, line.find(' '));
  return kind == "events" || kind == "sentences" || kind == "tokens" || kind == "actors" ||
         kind == "quotes" || kind == "annotate" || kind == "places";
}

std::vector<GoldenCase> ParseFile(const fs::path& path) {
  std::vector<GoldenCase> cases;
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> fields = {"source.code", "target.code", "code"};
  int number = 0;
  const std::string rel = fs::relative(path, fs::path(CASUS_SOURCE_DIR) / "tests/golden");
  while (std::getline(in, line)) {
    ++number;
    if (line.rfind("# fields:", 0) == 0) {
      fields = SplitWords(line.substr(9));
      continue;
    }
    if (line.empty() || line[0] == '#' || !IsCaseHeader(line)) {
      EXPECT_TRUE(line.empty() || line[0] == '#')
          << rel << ":" << number << ": expected a case header, got: " << line;
      continue;
    }
    GoldenCase c;
    c.file = rel;
    c.line = number;
    c.fields = fields;
    std::vector<std::string> words = SplitWords(line);
    c.kind = words[0];
    for (size_t i = 1; i < words.size(); ++i) {
      const auto eq = words[i].find('=');
      const std::string key = words[i].substr(0, eq);
      const std::string value = eq == std::string::npos ? "" : words[i].substr(eq + 1);
      if (key == "date") {
        c.date = value;
      } else if (key == "name") {
        c.name = value;
      } else {
        ADD_FAILURE() << rel << ":" << number << ": unknown option " << words[i];
      }
    }
    bool in_text = true;
    while (std::getline(in, line)) {
      ++number;
      if (in_text) {
        if (line == "----") {
          in_text = false;
          continue;
        }
        c.text += line;
        c.text += '\n';
      } else {
        if (line.empty()) {
          break;
        }
        c.expected.push_back(line);
      }
    }
    EXPECT_FALSE(in_text) << rel << ":" << c.line << ": case without a ---- line";
    if (c.name.empty()) {
      c.name = "line" + std::to_string(c.line);
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

std::vector<GoldenCase> AllCases() {
  std::vector<GoldenCase> all;
  const fs::path root = fs::path(CASUS_SOURCE_DIR) / "tests/golden";
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".test") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    for (GoldenCase& c : ParseFile(f)) {
      all.push_back(std::move(c));
    }
  }
  return all;
}

std::string Field(const EventRecord& e, const std::string& name) {
  static const std::map<std::string, std::string EventRecord::*> kStrings = {
      {"source.code", &EventRecord::source_code},
      {"source.text", &EventRecord::source_text},
      {"target.code", &EventRecord::target_code},
      {"target.text", &EventRecord::target_text},
      {"code", &EventRecord::code},
      {"root", &EventRecord::root},
      {"plover", &EventRecord::plover},
      {"date", &EventRecord::date},
      {"date_precision", &EventRecord::date_precision},
      {"date_basis", &EventRecord::date_basis},
      {"trigger", &EventRecord::trigger},
      {"pattern", &EventRecord::pattern},
  };
  std::string value;
  if (auto it = kStrings.find(name); it != kStrings.end()) {
    value = e.*(it->second);
  } else if (name == "quad") {
    value = std::to_string(e.quad);
  } else if (name == "sentence_index") {
    value = std::to_string(e.sentence_index);
  } else if (name == "source.entry" || name == "target.entry") {
    // The dictionary files behind the code, without line numbers (they move as files grow).
    const std::string& entry = name == "source.entry" ? e.source_entry : e.target_entry;
    for (size_t i = 0; i < entry.size(); ++i) {
      if (entry[i] == ':' && i + 1 < entry.size() &&
          std::isdigit(static_cast<unsigned char>(entry[i + 1]))) {
        while (i + 1 < entry.size() && std::isdigit(static_cast<unsigned char>(entry[i + 1]))) {
          ++i;
        }
        continue;
      }
      value.push_back(entry[i]);
    }
  } else if (name == "reported") {
    value = (e.flags & kEventReported) != 0 ? "reported" : "direct";
  } else {
    ADD_FAILURE() << "unknown field " << name;
  }
  if (value.empty()) {
    return "-";
  }
  std::replace(value.begin(), value.end(), ' ', '_');
  return value;
}

// Loaded once for all cases; immutable afterwards.
const Resources& SharedResources() {
  static const std::unique_ptr<Resources> kResources = [] {
    auto resources = std::make_unique<Resources>();
    const Status status = Resources::Load(std::string(CASUS_SOURCE_DIR) + "/data", resources.get());
    EXPECT_TRUE(status.ok()) << status.message();
    const Status lang = resources->LoadLang(std::string(CASUS_SOURCE_DIR) + "/data");
    EXPECT_TRUE(lang.ok()) << lang.message();
    return resources;
  }();
  return *kResources;
}

class Golden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, Matches) {
  const GoldenCase& c = GetParam();
  std::vector<std::string> stages = DefaultStageNames();
  if (c.kind == "sentences" || c.kind == "tokens") {
    stages = {"text.tokenize"};
  } else if (c.kind == "actors") {
    stages = {"text.tokenize", "actors.match"};
  } else if (c.kind == "annotate") {
    stages = {"text.tokenize", "lang.annotate"};
  }
  if (c.kind == "places" && !SharedResources().gazetteer) {
    GTEST_SKIP() << SharedResources().gazetteer_missing;
  }
  Pipeline pipeline;
  ASSERT_TRUE(BuildPipeline(stages, SharedResources(), &pipeline).ok());

  Document doc;
  doc.id = "golden";
  doc.text = c.text;
  doc.layers = kLayerText;
  if (!c.date.empty()) {
    auto date = Date::Parse(c.date);
    ASSERT_TRUE(date.has_value()) << c.date;
    doc.meta.published = *date;
    doc.meta.date_basis = "metadata";
  }
  const Status status = pipeline.Run(doc);
  ASSERT_TRUE(status.ok()) << status.message();

  std::vector<std::string> actual;
  if (c.kind == "sentences") {
    for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
      actual.emplace_back(doc.SentenceText(s));
    }
  } else if (c.kind == "tokens") {
    for (const Sentence& s : doc.sentences) {
      std::string line;
      for (uint32_t t = s.tokens.begin; t < s.tokens.end; ++t) {
        if (!line.empty()) {
          line += ' ';
        }
        line += doc.TokenText(t);
      }
      actual.push_back(line);
    }
  } else if (c.kind == "annotate") {
    // The CoNLL-U that `casus annotate` writes, without its blank lines.
    std::string conllu;
    lang::DocumentToConllu(doc, &conllu);
    std::istringstream lines(conllu);
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty()) {
        actual.push_back(line);
      }
    }
  } else if (c.kind == "quotes") {
    // "direct CODE speaker | text", spaces in the speaker written as '_', "-" when empty.
    for (const Quote& q : doc.quotes) {
      std::string speaker(doc.Slice(q.speaker));
      std::replace(speaker.begin(), speaker.end(), ' ', '_');
      std::string addressee(doc.Slice(q.addressee));
      std::replace(addressee.begin(), addressee.end(), ' ', '_');
      actual.push_back(std::string(q.direct ? "direct" : "indirect") + " " +
                       (q.speaker_code.empty() ? "-" : q.speaker_code) + " " +
                       (speaker.empty() ? "-" : speaker) + " " +
                       (addressee.empty() ? "-" : addressee) + " | " +
                       std::string(doc.Slice(q.text)));
    }
  } else if (c.kind == "places") {
    for (const Place& p : doc.places) {
      actual.push_back("place " + std::string(doc.Slice(p.mention)) + " = " + p.name + " " +
                       p.feature + " " + p.country);
    }
    for (const Event& e : doc.events) {
      if (!e.location) {
        actual.push_back("event " + e.code + " @ -");
        continue;
      }
      const std::string& basis = e.location->basis;
      actual.push_back("event " + e.code + " @ " + e.location->name + " " + e.location->country +
                       " by " + basis.substr(0, basis.find_first_of(":")));
    }
  } else if (c.kind == "actors") {
    for (const ActorMention& m : doc.mentions) {
      actual.push_back(m.code + " " + std::string(doc.Slice(doc.TokenBytes(m.tokens))));
    }
  } else {
    for (const EventRecord& e : MakeEventRecords(doc)) {
      std::string line;
      for (const std::string& f : c.fields) {
        if (!line.empty()) {
          line += ' ';
        }
        line += Field(e, f);
      }
      actual.push_back(line);
    }
  }
  std::ostringstream shown;
  for (const std::string& line : actual) {
    shown << line << '\n';
  }
  EXPECT_EQ(actual, c.expected) << c.file << ":" << c.line << " (" << c.kind << " " << c.name
                                << ")\nactual output:\n"
                                << shown.str();
}

std::string CaseName(const ::testing::TestParamInfo<GoldenCase>& info) {
  std::string name = info.param.file + "_" + info.param.name;
  for (char& ch : name) {
    if (std::isalnum(static_cast<unsigned char>(ch)) == 0) {
      ch = '_';
    }
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, ::testing::ValuesIn(AllCases()), CaseName);

TEST(GoldenFiles, Exist) { EXPECT_GE(AllCases().size(), 10U); }

}  // namespace
}  // namespace casus
