#include "actors/actors.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/utf8.h"

namespace casus {
namespace {

// The actor stage is tested on its own: tokens come from splitting on spaces (the tokenizer
// lives in another stage), one sentence per line.
Document Tokenized(const std::string& text, const std::string& date = "") {
  Document doc;
  doc.text = text;
  if (!date.empty()) {
    doc.meta.published = *Date::Parse(date);
  }
  uint32_t sentence_start = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == ' ' || text[pos] == '\n') {
      if (text[pos] == '\n' && doc.tokens.size() > sentence_start) {
        auto n = static_cast<uint32_t>(doc.tokens.size());
        doc.sentences.push_back(
            {{doc.tokens.begin[sentence_start], doc.tokens.end[n - 1]}, {sentence_start, n}, 0});
        sentence_start = n;
      }
      ++pos;
      continue;
    }
    size_t end = text.find_first_of(" \n", pos);
    if (end == std::string::npos) {
      end = text.size();
    }
    std::string_view word = std::string_view(text).substr(pos, end - pos);
    uint8_t flags = (word[0] >= 'A' && word[0] <= 'Z') ? kTokenCapitalized : 0;
    doc.tokens.Add(static_cast<uint32_t>(pos), static_cast<uint32_t>(end),
                   doc.strings.Intern(utf8::MatchForm(word)), flags);
    pos = end;
  }
  auto n = static_cast<uint32_t>(doc.tokens.size());
  if (n > sentence_start) {
    doc.sentences.push_back(
        {{doc.tokens.begin[sentence_start], doc.tokens.end[n - 1]}, {sentence_start, n}, 0});
  }
  doc.layers = kLayerText | kLayerSentences | kLayerTokens;
  return doc;
}

constexpr std::string_view kDictionary = R"(# test dictionary
country SYR: Syria | Syrian | Syrians | Damascus
country USA: United States | =US | American | Washington
country TUR: Turkey | Turkish
country IRN: Iran | Iranian
actor USAGOV: State Department
actor SYRGOV [2000-07-17..2024-12-08]: Assad
actor SYRREB [..2024-12-08]: Hayat Tahrir al-Sham | HTS
actor SYRGOV [2024-12-09..]: Hayat Tahrir al-Sham | HTS
agent MIL: army | forces | troops
agent REB: rebels | fighters
agent OPP: opposition
agent GOV: regime | government | official | officials
discard: Turkish delight
)";

std::vector<std::string> Mentions(const std::string& text, const std::string& date = "") {
  auto dict = std::make_shared<ActorDictionary>();
  Status st = dict->AddFile("test.actors", kDictionary);
  EXPECT_TRUE(st.ok()) << st.ToString();
  auto stage = MakeActorMatcher(dict);
  Document doc = Tokenized(text, date);
  EXPECT_TRUE(stage->Annotate(doc).ok());
  std::vector<std::string> out;
  for (const ActorMention& m : doc.mentions) {
    out.push_back(m.code + " " + std::string(doc.Slice(doc.TokenBytes(m.tokens))));
  }
  return out;
}

using Strings = std::vector<std::string>;

TEST(ActorsTest, CountriesAndNamedActors) {
  EXPECT_EQ(Mentions("Washington and the State Department spoke"),
            (Strings{"USA Washington", "USAGOV State Department"}));
}

TEST(ActorsTest, ComposesCountryAndAgent) {
  EXPECT_EQ(Mentions("the Syrian army and Turkish forces"),
            (Strings{"SYRMIL Syrian army", "TURMIL Turkish forces"}));
  EXPECT_EQ(Mentions("Assad regime forces attacked"), (Strings{"SYRMIL Assad regime forces"}));
  EXPECT_EQ(Mentions("Syria 's army"), (Strings{"SYRMIL Syria 's army"}));
}

TEST(ActorsTest, WeakAgentDoesNotOverrideAndAloneNamesNoOne) {
  EXPECT_EQ(Mentions("a State Department official said"),
            (Strings{"USAGOV State Department official"}));
  EXPECT_EQ(Mentions("officials said"), Strings{});
}

TEST(ActorsTest, BareAgentTakesFocusCountry) {
  EXPECT_EQ(Mentions("fighting in Syria\nopposition fighters advanced"),
            (Strings{"SYR Syria", "SYRREB opposition fighters"}));
  EXPECT_EQ(Mentions("rebels advanced"), Strings{});
}

TEST(ActorsTest, CaseRules) {
  EXPECT_EQ(Mentions("let us go to the US"), (Strings{"USA US"}));
  EXPECT_EQ(Mentions("syria"), Strings{});     // capitalized names need a capital
  EXPECT_EQ(Mentions("The ARMY"), Strings{});  // no focus country: dropped
}

TEST(ActorsTest, HyphenatedModifiers) {
  EXPECT_EQ(Mentions("Turkish-led forces"), (Strings{"TURMIL Turkish-led forces"}));
  EXPECT_EQ(Mentions("Iran-backed fighters in Syria"), (Strings{"SYRREB fighters", "SYR Syria"}));
}

TEST(ActorsTest, DateBoundedRoles) {
  EXPECT_EQ(Mentions("HTS", "2024-11-30"), (Strings{"SYRREB HTS"}));
  EXPECT_EQ(Mentions("HTS", "2025-01-15"), (Strings{"SYRGOV HTS"}));
  EXPECT_EQ(Mentions("Assad", "2025-01-15"), Strings{});
}

TEST(ActorsTest, DiscardAndLongestMatch) {
  EXPECT_EQ(Mentions("Turkish delight"), Strings{});
  EXPECT_EQ(Mentions("Hayat Tahrir al-Sham fighters", "2024-01-01"),
            (Strings{"SYRREB Hayat Tahrir al-Sham fighters"}));
}

TEST(ActorsTest, SyntaxErrorsNameFileAndLine) {
  ActorDictionary dict;
  Status st = dict.AddFile("bad.actors", "country SYR: Syria\nnation X: y\n");
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("bad.actors:2"), std::string::npos) << st.ToString();
  ActorDictionary dict2;
  st = dict2.AddFile("bad.actors", "agent MILITARY: army\n");
  EXPECT_NE(st.message().find("bad.actors:1"), std::string::npos) << st.ToString();
  ActorDictionary dict3;
  st = dict3.AddFile("bad.actors", "actor SYRGOV [2024-13-01..]: x\n");
  EXPECT_FALSE(st.ok());
  ActorDictionary dict4;
  st = dict4.AddFile("bad.actors", "country SYR Syria\n");
  EXPECT_FALSE(st.ok());
}

}  // namespace
}  // namespace casus
