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

std::vector<std::string> MentionsWith(std::shared_ptr<const ActorDictionary> dict,
                                      const std::string& text, const std::string& date = "") {
  auto stage = MakeActorMatcher(std::move(dict));
  Document doc = Tokenized(text, date);
  EXPECT_TRUE(stage->Annotate(doc).ok());
  std::vector<std::string> out;
  for (const ActorMention& m : doc.mentions) {
    out.push_back(m.code + " " + std::string(doc.Slice(doc.TokenBytes(m.tokens))));
  }
  return out;
}

std::vector<std::string> Mentions(const std::string& text, const std::string& date = "") {
  auto dict = std::make_shared<ActorDictionary>();
  Status st = dict->AddFile("test.actors", kDictionary);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return MentionsWith(dict, text, date);
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

namespace casus {
namespace {

// TABARI/PETRARCH formats: a block per actor, `+` synonyms, dated roles on indented lines or
// after the name, names that wait for the codes of the next block, comments.
constexpr std::string_view kPeerActors = R"(# Phoenix-style actors
UNITED_STATES_  [USA]
+AMERICAN_
+WASHINGTON  # the capital
BILL_CLINTON_  # CountryInfo.txt
+CLINTON
	[USAGOV 930120-010120]
	[USAELI]
U.N._
UN_ [IGOUNO]
KOFI_ANNAN_	[IGOUNO 970101-061231] [ELI]# IGOrulers.txt
HAMAS [PSEHMS]
NO_CODE_AT_ALL
)";

constexpr std::string_view kPeerAgents = R"(!PERSON! = MAN, MEN
CONGRESS!PERSON! [~LEG]
POLICE {} [~COP]
SOLDIER [~MIL]
ARMY [~MIL]
OFFICIAL [~GOV]
HUMAN_RIGHTS_BODY [NGO~]
NO_CODE
)";

constexpr std::string_view kPeerDiscards = R"(AMERICAN_FOOTBALL # sports
+WORLD CUP
)";

std::shared_ptr<ActorDictionary> PeerDictionary(DictionaryStats* actors = nullptr,
                                                DictionaryStats* agents = nullptr) {
  auto dict = std::make_shared<ActorDictionary>();
  EXPECT_TRUE(dict->AddPetrarchActors("peer.actors", kPeerActors, actors).ok());
  EXPECT_TRUE(dict->AddPetrarchAgents("peer.agents", kPeerAgents, agents).ok());
  EXPECT_TRUE(dict->AddPetrarchDiscards("peer.discards", kPeerDiscards, nullptr).ok());
  return dict;
}

TEST(PeerDictionaryTest, ActorBlocksSynonymsAndCounts) {
  DictionaryStats stats;
  auto dict = PeerDictionary(&stats);
  EXPECT_EQ(stats.format, DictionaryFormat::kPetrarchActors);
  EXPECT_EQ(stats.blocks, 5U);   // USA, Clinton, U.N./UN, Annan, Hamas
  EXPECT_EQ(stats.entries, 6U);  // Clinton has two codes; Annan's [ELI] is dropped
  EXPECT_EQ(stats.dated, 2U);
  EXPECT_EQ(stats.dropped, 2U);  // [ELI], and the trailing name without a code
  EXPECT_EQ(MentionsWith(dict, "Washington\nAmerican officials"),
            (Strings{"USA Washington", "USAGOV American officials"}));
  EXPECT_EQ(MentionsWith(dict, "U.N. and UN"), (Strings{"IGOUNO U.N.", "IGOUNO UN"}));
  EXPECT_EQ(MentionsWith(dict, "united states"), Strings{});  // names need a capital
}

TEST(PeerDictionaryTest, DatedRolesAndDefaults) {
  auto dict = PeerDictionary();
  EXPECT_EQ(MentionsWith(dict, "Clinton", "1995-06-01"), (Strings{"USAGOV Clinton"}));
  EXPECT_EQ(MentionsWith(dict, "Bill Clinton", "2005-06-01"), (Strings{"USAELI Bill Clinton"}));
  EXPECT_EQ(MentionsWith(dict, "Clinton"), (Strings{"USAGOV Clinton"}));  // undated: dated role
  EXPECT_EQ(MentionsWith(dict, "Kofi Annan", "2000-01-01"), (Strings{"IGOUNO Kofi Annan"}));
  EXPECT_EQ(MentionsWith(dict, "Kofi Annan", "2010-01-01"), Strings{});
}

TEST(PeerDictionaryTest, AgentsPluralsSubstitutionsAndDiscards) {
  DictionaryStats stats;
  auto dict = PeerDictionary(nullptr, &stats);
  EXPECT_EQ(stats.blocks, 7U);
  EXPECT_EQ(stats.entries, 5U);
  EXPECT_EQ(stats.dropped, 2U);  // the prefix agent NGO~, the line without a code
  EXPECT_EQ(MentionsWith(dict, "American soldiers"), (Strings{"USAMIL American soldiers"}));
  EXPECT_EQ(MentionsWith(dict, "American armies"), (Strings{"USAMIL American armies"}));
  EXPECT_EQ(MentionsWith(dict, "American congressmen"), (Strings{"USALEG American congressmen"}));
  EXPECT_EQ(MentionsWith(dict, "American police"), (Strings{"USACOP American police"}));
  EXPECT_EQ(MentionsWith(dict, "American polices"), (Strings{"USA American"}));  // {} no plural
  // As in PETRARCH, a discard leaves its sentence without actors, and a `+` one its document.
  EXPECT_EQ(MentionsWith(dict, "American football in Washington\nAmerican soldiers"),
            (Strings{"USAMIL American soldiers"}));
  EXPECT_EQ(MentionsWith(dict, "Washington\nthe World Cup"), Strings{});
}

TEST(PeerDictionaryTest, DetectsFormats) {
  EXPECT_EQ(DetectDictionaryFormat("x.actors", kDictionary), DictionaryFormat::kCasus);
  EXPECT_EQ(DetectDictionaryFormat("Phoenix.Countries.actors.txt", kPeerActors),
            DictionaryFormat::kPetrarchActors);
  EXPECT_EQ(DetectDictionaryFormat("my.txt", kPeerAgents), DictionaryFormat::kPetrarchAgents);
  EXPECT_EQ(DetectDictionaryFormat("Phoenix.discards.txt", kPeerDiscards),
            DictionaryFormat::kPetrarchDiscards);
}

TEST(DictionaryCheckTest, SyntaxErrorsAreCollectedWithFileAndLine) {
  ActorDictionary dict;
  std::vector<Status> errors;
  Status st = dict.AddFile("bad.actors",
                           "country SYR: Syria\nnation X: y\nagent MILITARY: army\n"
                           "actor SYRGOV [2024-13-01..]: x\ncountry TUR: Turkey\n",
                           &errors);
  EXPECT_TRUE(st.ok());
  ASSERT_EQ(errors.size(), 3U);
  EXPECT_TRUE(errors[0].message().starts_with("bad.actors:2: unknown entry kind"))
      << errors[0].ToString();
  EXPECT_TRUE(errors[1].message().starts_with("bad.actors:3: bad code")) << errors[1].ToString();
  EXPECT_TRUE(errors[2].message().starts_with("bad.actors:4: bad date")) << errors[2].ToString();
}

TEST(DictionaryCheckTest, DuplicatesConflictsAndOverlaps) {
  ActorDictionary dict;
  ASSERT_TRUE(dict.AddFile("a.actors",
                           "country SYR: Syria | Damascus\n"
                           "place SYR: Damascus\n"  // a country's namesake city: fine
                           "actor SYRGOV [2000-07-17..2024-12-08]: Assad\n"
                           "actor SYRGOV [2024-01-01..]: Assad\n"
                           "actor SYRREB [..2024-12-08]: HTS\n"
                           "actor SYRGOV [2024-12-08..]: HTS\n"  // a handover, not an overlap
                           "discard: Syria\n"
                           "country SYR: Syria\n")
                  .ok());
  std::vector<std::string> problems = dict.Check();
  ASSERT_EQ(problems.size(), 4U) << testing::PrintToString(problems);
  EXPECT_TRUE(problems[0].starts_with("a.actors:4: overlapping dates: 'assad'")) << problems[0];
  EXPECT_TRUE(
      problems[1].starts_with("a.actors:7: conflict: 'syria' is discard here and SYR at "
                              "a.actors:1"))
      << problems[1];
  EXPECT_TRUE(problems[2].starts_with("a.actors:8: duplicate: 'syria'")) << problems[2];
  EXPECT_TRUE(problems[3].starts_with("a.actors:8: conflict: 'syria' is SYR here and discard"))
      << problems[3];
}

TEST(DictionaryCheckTest, CanProduceComposedCodes) {
  auto dict = PeerDictionary();
  EXPECT_EQ(dict->CanProduce({"USA", "USAMIL", "IGOUNO", "IGOUNOMIL", "SYRMIL", "USAXYZ"}),
            (std::vector<bool>{true, true, true, true, false, false}));
}

// Regression: an IGO code was cut to its first three letters when an agent followed ("UN
// officials" → IGOGOV), and a weak agent replaced a named actor's code ("Hamas officials" →
// PSEGOV).
TEST(ActorsTest, TransnationalCodesAndWeakAgentsAfterNamedActors) {
  auto dict = std::make_shared<ActorDictionary>();
  ASSERT_TRUE(dict->AddFile("test.actors", std::string(kDictionary) +
                                               "actor IGOUNO: United Nations | =UN\n"
                                               "actor PSEREBHMS: Hamas\n")
                  .ok());
  EXPECT_EQ(MentionsWith(dict, "UN officials said"), (Strings{"IGOUNO UN officials"}));
  EXPECT_EQ(MentionsWith(dict, "Hamas officials said"), (Strings{"PSEREBHMS Hamas officials"}));
  EXPECT_EQ(MentionsWith(dict, "UN forces"), (Strings{"IGOUNOMIL UN forces"}));
  EXPECT_EQ(MentionsWith(dict, "Syrian officials said"), (Strings{"SYRGOV Syrian officials"}));
  EXPECT_EQ(MentionsWith(dict, "Hamas fighters"), (Strings{"PSEREB Hamas fighters"}));
}

TEST(ActorsTest, AgentOfActorComposes) {
  auto dict = std::make_shared<ActorDictionary>();
  ASSERT_TRUE(
      dict->AddFile("test.actors", std::string(kDictionary) + "actor PSEREBHMS: Hamas\n").ok());
  EXPECT_EQ(MentionsWith(dict, "the army of Syria attacked"), (Strings{"SYRMIL army of Syria"}));
  EXPECT_EQ(MentionsWith(dict, "officials of the United States said"),
            (Strings{"USAGOV officials of the United States"}));
  EXPECT_EQ(MentionsWith(dict, "officials of Hamas said"),
            (Strings{"PSEREBHMS officials of Hamas"}));
  EXPECT_EQ(MentionsWith(dict, "the fall of Syria"), (Strings{"SYR Syria"}));
}

TEST(ActorsTest, QualifiersBetweenActorAndAgent) {
  EXPECT_EQ(Mentions("Syria 's former army attacked"), (Strings{"SYRMIL Syria 's former army"}));
  EXPECT_EQ(Mentions("Turkish senior officials"), (Strings{"TURGOV Turkish senior officials"}));
  EXPECT_EQ(Mentions("Syria 's new rebels"), (Strings{"SYRREB Syria 's new rebels"}));
  EXPECT_EQ(Mentions("Syria 's very new army"), (Strings{"SYR Syria", "SYRMIL army"}));
}

// The document-level passes of references.cc, on a dictionary with a made-up spokesperson.
std::vector<std::string> Referred(const std::string& text, const std::string& date = "") {
  auto dict = std::make_shared<ActorDictionary>();
  EXPECT_TRUE(dict->AddFile("test.actors", std::string(kDictionary) +
                                               "actor USAGOV: Dana Whitfield\n"
                                               "actor UIS: every country\n"
                                               "agent REB: rebel groups | anti-regime groups | "
                                               "rebel-held\n")
                  .ok());
  return MentionsWith(dict, text, date);
}

TEST(ActorReferencesTest, OppositionIsArmedWhereTheDocumentSaysSo) {
  // The document calls the armed opposition "opposition fighters": "the opposition" is REB.
  EXPECT_EQ(Referred("clashes in Syria\nopposition fighters advanced\nthe opposition agreed"),
            (Strings{"SYR Syria", "SYRREB opposition fighters", "SYRREB opposition"}));
  // Nothing armed: the political opposition.
  EXPECT_EQ(Referred("protests in Syria\nthe opposition agreed"),
            (Strings{"SYR Syria", "SYROPP opposition"}));
  // Holding ground is what an armed opposition does.
  EXPECT_EQ(Referred("a deal in Syria\nthe opposition holding the town"),
            (Strings{"SYR Syria", "SYRREB opposition"}));
  // "opposition to" is a stance, whatever else the document says.
  EXPECT_EQ(Referred("opposition fighters in Syria\ntheir opposition to the plan"),
            (Strings{"SYRREB opposition fighters", "SYR Syria", "SYROPP opposition"}));
}

TEST(ActorReferencesTest, LocalArmedGroupsInARebelDocument) {
  EXPECT_EQ(Referred("rebels in Syria\nlocal groups refused\nlocal forces attacked"),
            (Strings{"SYRREB rebels", "SYR Syria", "SYRREB local groups", "SYRREB local forces"}));
  // No rebels named: "local forces" stay the focus country's forces.
  EXPECT_EQ(Referred("the army in Syria\nlocal forces attacked"),
            (Strings{"SYRMIL army", "SYR Syria", "SYRMIL forces"}));
}

TEST(ActorReferencesTest, DefiniteDescriptionsTakeTheMentionWithTheirHead) {
  EXPECT_EQ(Referred("Syria 's rebel-held Hama region was shelled\nthe region resisted"),
            (Strings{"SYRREB Syria 's rebel-held Hama region", "SYRREB the region"}));
  EXPECT_EQ(
      Referred("anti-regime groups advanced in Syria\nthe army fled\nthe groups took a town"),
      (Strings{"SYRREB anti-regime groups", "SYR Syria", "SYRMIL army", "SYRREB the groups"}));
  // A quantified phrase is nobody in particular.
  EXPECT_EQ(Referred("every country in Syria\nthe country burned"),
            (Strings{"UIS every country", "SYR Syria"}));
  // No mention with that head: nothing.
  EXPECT_EQ(Referred("rebels in Syria\nthe town fell"), (Strings{"SYRREB rebels", "SYR Syria"}));
}

TEST(ActorReferencesTest, PluralAndNeuterPronounsAgreeInNumber) {
  // "they" skips the singular army for the plural groups.
  EXPECT_EQ(Referred("Syrian rebel groups attacked the Syrian army\nthey took two towns"),
            (Strings{"SYRREB Syrian rebel groups", "SYRMIL Syrian army", "SYRREB they"}));
  // Two actors joined by "and" are "them", both.
  EXPECT_EQ(Referred("Turkey and Iran met\nwe have seen them meddle"),
            (Strings{"TUR Turkey", "IRN Iran", "TUR them", "IRN them"}));
  EXPECT_EQ(Referred("Dana Whitfield and Turkey said they will act"),
            (Strings{"USAGOV Dana Whitfield", "TUR Turkey", "USAGOV they", "TUR they"}));
  // "it" is an organization or country, not a plural head.
  EXPECT_EQ(Referred("Hayat Tahrir al-Sham attacked rebel groups\nit later withdrew", "2024-01-01"),
            (Strings{"SYRREB Hayat Tahrir al-Sham", "SYRREB rebel groups", "SYRREB it"}));
  EXPECT_EQ(Referred("Turkey protested\nit is believed that talks failed"),
            (Strings{"TUR Turkey"}));
  EXPECT_EQ(Referred("Turkey protested\nit would be helpful"), (Strings{"TUR Turkey"}));
  // A person is "he" or "she", never "it" or "they".
  EXPECT_EQ(Referred("Dana Whitfield spoke\nit rained"), (Strings{"USAGOV Dana Whitfield"}));
  // But a spokesperson's "they" is the institution she speaks for.
  EXPECT_EQ(Referred("Dana Whitfield said that they will act"),
            (Strings{"USAGOV Dana Whitfield", "USAGOV they"}));
}

TEST(ActorReferencesTest, SurnameAloneIsThePersonNamedBefore) {
  EXPECT_EQ(Referred("Dana Whitfield spoke\nlater Whitfield said more"),
            (Strings{"USAGOV Dana Whitfield", "USAGOV Whitfield"}));
  // Another first name: another person.
  EXPECT_EQ(Referred("Dana Whitfield spoke\nlater John Whitfield said more"),
            (Strings{"USAGOV Dana Whitfield"}));
  // Before the full name, the surname is nobody yet.
  EXPECT_EQ(Referred("Whitfield came\nDana Whitfield spoke"), (Strings{"USAGOV Dana Whitfield"}));
}

TEST(ActorReferencesTest, PartiesToTheConflictAreBothSides) {
  EXPECT_EQ(Referred("government forces fought rebels in Syria\nthe US urged the parties "
                     "engaged in the ongoing conflict to stop"),
            (Strings{"SYRMIL government forces", "SYRREB rebels", "SYR Syria", "USA US",
                     "SYRGOV the parties engaged in the ongoing conflict",
                     "SYRREB the parties engaged in the ongoing conflict"}));
  // A party to something else is no side.
  EXPECT_EQ(Referred("government forces fought rebels in Syria\nthe parties to the contract met"),
            (Strings{"SYRMIL government forces", "SYRREB rebels", "SYR Syria"}));
}

TEST(ActorsTest, CiviliansOfAPlaceAreItsCountrys) {
  auto dict = std::make_shared<ActorDictionary>();
  ASSERT_TRUE(dict->AddFile("test.actors", std::string(kDictionary) +
                                               "place SYR: Hama\n"
                                               "agent CVL: people | residents\n")
                  .ok());
  EXPECT_EQ(MentionsWith(dict, "residents of the besieged town of Hama fled"),
            (Strings{"SYRCVL residents of the besieged town of Hama"}));
  EXPECT_EQ(MentionsWith(dict, "the people of Hama"), (Strings{"SYRCVL people of Hama"}));
  // Not civilians: the place alone names no actor.
  EXPECT_EQ(MentionsWith(dict, "the fall of the town of Hama"), Strings{});
}

}  // namespace
}  // namespace casus
