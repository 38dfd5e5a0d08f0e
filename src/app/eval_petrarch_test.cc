// The validation-record readers (PETRARCH XML, TABARI text) and the scoring rule of
// `casus eval petrarch`, on records written for the test.
#include "app/eval_petrarch.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace casus {
namespace {

constexpr std::string_view kXml = R"(<?xml version='1.0' encoding='utf-8'?>
<Validation>
<!-- a comment with <EventCoding sourcecode="X"> inside -->
<Environment>
    <Include>DEMO MODIFY</Include>
</Environment>
<Sentences>
<Sentence category="DEMO" date="19950101" id="DEMO-01" evaluate="true">
<EventCoding eventcode="050" sourcecode="ARN" targetcode="GON" />
<EventCoding sourcecode = "GON" targetcode='""' eventcode="051"></EventCoding>
<Text>
Arnor is about to restore
   ties with Gondor.
</Text>
<Parse>
1	Arnor	Arnor	PROPN	NNP	_	3	nsubj	_	_
</Parse></Sentence>
<Sentence category="MODIFY" date="19950102" id="PASSIVE-02" evaluate="true">
<EventCoding noevents="True"/>
<Text>Nothing happened.</Text>
</Sentence>
<Sentence category="ERROR" date="19950102" id="ERROR-01" evaluate="true">
<EventCoding error="bad"/>
<Text>Broken.</Text>
</Sentence>
<Sentence category="DEMO" date="19950102" id="DEMO-02" evaluate="false">
<Text>Skipped.</Text>
</Sentence>
<Sentence category="DEMO" date="20080804" id="AFP0808_4" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="USA" targetcode="CHN" />
<Text>The US leader visited China.</Text>
</Sentences>
</Validation>
)";

TEST(ValidationRecordsTest, ReadsPetrarchXml) {
  std::vector<ValidationRecord> records;
  Status st = ReadValidationRecords("suite.xml", kXml, &records);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(records.size(), 5U);
  const ValidationRecord& demo = records[0];
  EXPECT_EQ(demo.id, "DEMO-01");
  EXPECT_EQ(demo.category, "DEMO");
  EXPECT_EQ(demo.date, "19950101");
  EXPECT_EQ(demo.text, "Arnor is about to restore ties with Gondor.");
  ASSERT_EQ(demo.expected.size(), 2U);
  EXPECT_EQ(demo.expected[0], (ValidationEvent{"ARN", "GON", "050"}));
  EXPECT_EQ(demo.expected[1], (ValidationEvent{"GON", "", "051"}));  // '""' is empty
  EXPECT_TRUE(demo.scored);
  // The id prefix names the category; noevents expects nothing.
  EXPECT_EQ(records[1].category, "PASSIVE");
  EXPECT_TRUE(records[1].expected.empty());
  EXPECT_TRUE(records[1].scored);
  EXPECT_FALSE(records[2].scored);  // an expected coder error; ERROR is not in <Include> either
  EXPECT_FALSE(records[3].scored);  // evaluate="false"
  // A self-closing <Sentence/> owns the elements after it.
  EXPECT_EQ(records[4].category, "DEMO");
  ASSERT_EQ(records[4].expected.size(), 1U);
  EXPECT_EQ(records[4].expected[0].code, "042");
  EXPECT_EQ(records[4].text, "The US leader visited China.");
}

TEST(ValidationRecordsTest, BadXmlNamesTheLine) {
  std::vector<ValidationRecord> records;
  Status st = ReadValidationRecords(
      "bad.xml", "<Validation>\n<Sentences>\n\n<Sentence id=\"A-1\" date=19950101>\n", &records);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("bad.xml:4:"), std::string::npos) << st.message();
  st = ReadValidationRecords("bad.xml", "<Validation>\n<!-- never closed\n", &records);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("bad.xml:2:"), std::string::npos) << st.message();
  st = ReadValidationRecords("bad.xml", "<Validation>\n<EventCoding eventcode=\"1\"/>\n", &records);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("bad.xml:2: <EventCoding> outside"), std::string::npos);
  st = ReadValidationRecords("bad.xml", "<Sentence id=\"X-1\">\n<Text>never closed\n", &records);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("bad.xml:2:"), std::string::npos) << st.message();
}

constexpr std::string_view kTabari = R"(
#####
000101  START-00
Validation suite.
/*\n---
\n{+++}  */

950101  TIME-Modify
Changing an option.
/*\n---
\n{ OPTION: SET: TIME SHIFT = FALSE } */

950103  DEMO-04
Dagolath's minister left for
Minas Tirith on Wednesday.
/*\n---
\n[Paired events]
\n{ DAG / GON / 032 } 950103
\n{ GON / DAG / 033 } 950103   */

950101  DEMO-05
Arnor is about to restore fxll ties.
/*\n---
\n-{ARN / GON / 064  } */

020101  NULL-01
Nothing to code.
/*
{---} */

950101  FINAL-01
End of the standard validation records.
/* {+++} */

950101  AFTER-01
Needs other options.
/* { ARN / GON / 064 } */
)";

TEST(ValidationRecordsTest, ReadsTabariText) {
  std::vector<ValidationRecord> records;
  Status st = ReadValidationRecords("Validate.text", kTabari, &records);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(records.size(), 7U);
  EXPECT_FALSE(records[0].scored);  // START-00
  EXPECT_FALSE(records[1].scored);  // only changes options
  const ValidationRecord& demo = records[2];
  EXPECT_EQ(demo.id, "DEMO-04");
  EXPECT_EQ(demo.category, "DEMO");
  EXPECT_EQ(demo.text, "Dagolath's minister left for Minas Tirith on Wednesday.");
  ASSERT_EQ(demo.expected.size(), 2U);
  EXPECT_EQ(demo.expected[1], (ValidationEvent{"GON", "DAG", "033"}));
  EXPECT_TRUE(demo.scored);
  EXPECT_TRUE(records[3].expected.empty());  // -{...} is deactivated: nothing expected
  EXPECT_TRUE(records[3].scored);
  EXPECT_TRUE(records[4].expected.empty());  // {---}
  EXPECT_EQ(records[4].date, "020101");
  EXPECT_FALSE(records[5].scored);  // FINAL-01
  EXPECT_FALSE(records[6].scored);  // after FINAL-01
}

TEST(ValidationRecordsTest, BadTabariNamesTheLine) {
  std::vector<ValidationRecord> records;
  Status st =
      ReadValidationRecords("v.text", "\n950101  A-1\nText.\n/* { ARN / 064 } */\n", &records);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("v.text:4:"), std::string::npos) << st.message();
  st = ReadValidationRecords("v.text", "950101  A-1\nText without a comment.\n", &records);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(records.size(), 1U);
  EXPECT_FALSE(records[0].scored);  // nothing to check
}

TEST(ValidationDateTest, ReadsBothWidths) {
  EXPECT_EQ(ValidationDate("19950101"), "1995-01-01");
  EXPECT_EQ(ValidationDate("950101"), "1995-01-01");
  EXPECT_EQ(ValidationDate("020315"), "2002-03-15");
  EXPECT_EQ(ValidationDate("19951301"), "");
  EXPECT_EQ(ValidationDate(""), "");
}

TEST(RecordScoringTest, SetEqualityWithNullActorsLeftOut) {
  const ValidationEvent a{"ARN", "GON", "050"};
  const ValidationEvent b{"GON", "ARN", "051"};
  EXPECT_TRUE(RecordCodedRight({a, b}, {b, a}));
  EXPECT_TRUE(RecordCodedRight({a}, {a, a}));  // a set: duplicates count once
  EXPECT_FALSE(RecordCodedRight({a, b}, {a}));
  EXPECT_FALSE(RecordCodedRight({a}, {a, b}));
  EXPECT_TRUE(RecordCodedRight({}, {}));
  EXPECT_FALSE(RecordCodedRight({}, {a}));
  EXPECT_FALSE(RecordCodedRight({a}, {{"ARN", "GON", "051"}}));
  // An event with a bare "---" actor is ignored on either side.
  EXPECT_TRUE(RecordCodedRight({a}, {a, {"---", "GON", "110"}}));
  EXPECT_TRUE(RecordCodedRight({a, {"ARN", "---", "110"}}, {a}));
  // "---GOV" is a real (unknown-country) code, not a null one.
  EXPECT_FALSE(RecordCodedRight({a}, {a, {"---GOV", "GON", "110"}}));
}

}  // namespace
}  // namespace casus
