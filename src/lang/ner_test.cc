// Tests of the named-entity recognizer: labels and spans, scoring, gazetteer marking, features,
// decoding constraints, training on hand-written sentences and model files.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lang/lang.h"
#include "lang/lang_internal.h"
#include "lang/ner_internal.h"

namespace casus::lang {
namespace {

std::vector<std::string_view> Split(std::string_view text) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t space = std::min(text.find(' ', pos), text.size());
    if (space > pos) {
      out.push_back(text.substr(pos, space - pos));
    }
    pos = space + 1;
  }
  return out;
}

// "John/B-PER Smith/I-PER visited Paris/B-LOC ." → a sentence (unmarked words are O).
TreebankSentence Sentence(std::string_view annotated) {
  TreebankSentence s;
  for (std::string_view token : Split(annotated)) {
    Word w;
    const size_t slash = token.rfind('/');
    if (slash != std::string_view::npos && slash > 0) {
      w.form = std::string(token.substr(0, slash));
      w.entity = std::string(token.substr(slash + 1));
    } else {
      w.form = std::string(token);
    }
    s.words.push_back(std::move(w));
  }
  return s;
}

std::vector<std::string_view> Labels(const TreebankSentence& s) {
  std::vector<std::string_view> out;
  for (const Word& w : s.words) {
    out.emplace_back(w.entity);
  }
  return out;
}

std::vector<std::string_view> Forms(const TreebankSentence& s) {
  std::vector<std::string_view> out;
  for (const Word& w : s.words) {
    out.emplace_back(w.form);
  }
  return out;
}

TEST(NerLabels, NamesAndClassesRoundTrip) {
  for (int c = 0; c < Ner::kLabels; ++c) {
    EXPECT_EQ(Ner::LabelOf(Ner::LabelName(c)), c) << Ner::LabelName(c);
  }
  EXPECT_EQ(Ner::LabelName(0), "O");
  EXPECT_EQ(Ner::LabelName(Ner::LabelOf("I-LOC")), "I-LOC");
  EXPECT_EQ(Ner::LabelOf("B-MISC"), 0);
  EXPECT_EQ(Ner::LabelOf("X-PER"), 0);
  EXPECT_EQ(Ner::LabelOf(""), 0);
}

TEST(EntitySpans, ReadsBioAsConllevalDoes) {
  const std::vector<std::string_view> labels = {"B-PER", "I-PER", "O",     "I-LOC", "I-LOC",
                                                "B-ORG", "I-PER", "B-LOC", "B-LOC", "B-OTH"};
  std::vector<EntitySpan> spans;
  EntitySpans(labels, &spans);
  const std::vector<EntitySpan> expected = {{0, 1, 0}, {3, 4, 2}, {5, 5, 1},
                                            {6, 6, 0}, {7, 7, 2}, {8, 8, 2}};
  EXPECT_EQ(spans, expected);
}

TEST(NerScores, CountsExactSpanMatches) {
  NerScores scores;
  // Gold: John Smith (PER), Acme Corp (ORG), Paris (LOC).
  const std::vector<std::string_view> gold = {"B-PER", "I-PER", "O",    "B-ORG",
                                              "I-ORG", "O",     "B-LOC"};
  // System: John Smith right, Acme alone (wrong boundary), Paris as ORG (wrong type).
  const std::vector<std::string_view> system = {"B-PER", "I-PER", "O", "B-ORG", "O", "O", "B-ORG"};
  scores.Add(gold, system);
  EXPECT_EQ(scores.gold[3], 3U);
  EXPECT_EQ(scores.system[3], 3U);
  EXPECT_EQ(scores.correct[3], 1U);
  EXPECT_EQ(scores.correct[0], 1U);
  EXPECT_EQ(scores.system[1], 2U);
  EXPECT_EQ(scores.gold[2], 1U);
  EXPECT_EQ(scores.system[2], 0U);
  EXPECT_NEAR(scores.Precision(3), 100.0 / 3, 1e-9);
  EXPECT_NEAR(scores.Recall(3), 100.0 / 3, 1e-9);
  EXPECT_NEAR(scores.F1(0), 100.0, 1e-9);
  EXPECT_NEAR(scores.F1(1), 0.0, 1e-9);
  EXPECT_NEAR(scores.Precision(2), 0.0, 1e-9);  // no system LOC: undefined, reported as 0

  // A second sentence: one gold PER found, one spurious LOC.
  scores.Add(std::vector<std::string_view>{"B-PER", "O"},
             std::vector<std::string_view>{"B-PER", "B-LOC"});
  EXPECT_EQ(scores.correct[3], 2U);
  EXPECT_NEAR(scores.Precision(3), 200.0 / 5, 1e-9);  // 2 of 5 system spans
  EXPECT_NEAR(scores.Recall(3), 200.0 / 4, 1e-9);     // 2 of 4 gold spans
  EXPECT_NEAR(scores.F1(3), 2 * 40.0 * 50.0 / 90.0, 1e-9);
  const std::string report = scores.Report();
  const size_t overall = report.rfind("overall");
  ASSERT_NE(overall, std::string::npos) << report;
  EXPECT_NE(report.find("gold=4", overall), std::string::npos) << report;
  EXPECT_NE(report.find("F1=44.4", overall), std::string::npos) << report;
}

TEST(WordListGazetteer, MarksLongestMatchPerType) {
  WordListGazetteer gazetteer;
  gazetteer.Add("New York", 2);
  gazetteer.Add("York", 2);
  gazetteer.Add("New York Times", 1);
  gazetteer.Add("Bashar al-Assad", 0);
  const auto forms = Split("the New York Times says new york and York , Bashar al-Assad");
  std::vector<uint8_t> bits;
  gazetteer.Mark(forms, &bits);
  ASSERT_EQ(bits.size(), forms.size());
  constexpr uint8_t kBPer = 1, kIPer = 2, kBOrg = 4, kIOrg = 8, kBLoc = 16, kILoc = 32;
  const std::vector<uint8_t> expected = {
      0, kBOrg | kBLoc, kIOrg | kILoc, kIOrg, 0, kBLoc, kILoc, 0, kBLoc, 0, kBPer, kIPer};
  EXPECT_EQ(bits, expected);
}

TEST(WordListGazetteer, LoadsFilesAndRejectsBadInput) {
  const std::string path = testing::TempDir() + "/ner_gazetteer_test.txt";
  {
    std::ofstream out(path);
    out << "# places\nDamascus\n\nDeir ez-Zor\r\n";
  }
  WordListGazetteer gazetteer;
  ASSERT_TRUE(gazetteer.LoadFile(path, 2).ok());
  std::vector<uint8_t> bits;
  gazetteer.Mark(Split("to deir ez-zor from Damascus #"), &bits);
  EXPECT_EQ(bits, (std::vector<uint8_t>{0, 16, 32, 0, 16, 0}));
  EXPECT_TRUE(gazetteer.LoadFile(path + ".missing", 2).IsNotFound());
  EXPECT_TRUE(gazetteer.LoadFile(path, 3).IsInvalidInput());
}

TEST(WordListGazetteer, LoadsTypedFiles) {
  const std::string path = testing::TempDir() + "/ner_gazetteer_typed.tsv";
  {
    std::ofstream out(path);
    out << "# generated\nPER\tBashar al-Assad\nORG\tUnited Nations\nLOC\tAleppo\n";
  }
  WordListGazetteer gazetteer;
  ASSERT_TRUE(gazetteer.LoadTypedFile(path).ok());
  EXPECT_EQ(gazetteer.size(), 3U);
  std::vector<uint8_t> bits;
  gazetteer.Mark(Split("Bashar al-Assad left Aleppo for the United Nations"), &bits);
  EXPECT_EQ(bits, (std::vector<uint8_t>{1, 2, 0, 16, 0, 0, 4, 8}));
  {
    std::ofstream out(path);
    out << "LOC\tAleppo\nMISC\tEuro\n";
  }
  const Status bad = WordListGazetteer().LoadTypedFile(path);
  EXPECT_TRUE(bad.IsInvalidInput());
  EXPECT_NE(bad.message().find(":2:"), std::string_view::npos) << bad.ToString();
}

// Prepared analysis of `text` for feature tests.
void Prepare(std::string_view text, uint32_t flags, const Gazetteer* gazetteer, Analysis* a,
             std::vector<std::string_view>* forms) {
  *forms = Split(text);
  a->Reset(*forms);
  internal::PrepareNer(flags, gazetteer, a);
}

std::set<uint64_t> FeatureSet(const Analysis& a, int i, int l1, int l2, uint32_t flags) {
  std::vector<uint64_t> f;
  internal::NerFeatures(a, i, l1, l2, internal::SentenceCasing(a), flags, &f);
  return {f.begin(), f.end()};
}

size_t Shared(const std::set<uint64_t>& x, const std::set<uint64_t>& y) {
  std::vector<uint64_t> both;
  std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(both));
  return both.size();
}

TEST(NerFeatures, DependOnTheWordItsContextAndTheHistory) {
  Analysis a, b;
  std::vector<std::string_view> fa, fb;
  Prepare("we met Smith in Paris today", 0, nullptr, &a, &fa);
  Prepare("they saw Smith in Paris today", 0, nullptr, &b, &fb);
  const auto paris_a = FeatureSet(a, 4, 0, 0, 0);
  const auto paris_b = FeatureSet(b, 4, 0, 0, 0);
  EXPECT_FALSE(paris_a.contains(0));
  // Same word, same two words either side: the same features.
  EXPECT_EQ(paris_a, paris_b);
  // "Smith" sees different words before it, so some features differ, the lexical ones do not.
  const auto smith_a = FeatureSet(a, 2, 0, 0, 0);
  const auto smith_b = FeatureSet(b, 2, 0, 0, 0);
  EXPECT_NE(smith_a, smith_b);
  EXPECT_GT(Shared(smith_a, smith_b), smith_a.size() / 2);
  // The previous label is a feature.
  EXPECT_NE(FeatureSet(a, 4, Ner::LabelOf("B-PER"), 0, 0), paris_a);
  // Case matters to the form and shape features, not to the lower-case ones.
  Analysis c;
  std::vector<std::string_view> fc;
  Prepare("we met Smith in paris today", 0, nullptr, &c, &fc);
  const auto paris_c = FeatureSet(c, 4, 0, 0, 0);
  EXPECT_NE(paris_a, paris_c);
  EXPECT_GT(Shared(paris_a, paris_c), 0U);
}

TEST(NerFeatures, GazetteerAndTagFeaturesOnlyWhenTheModelUsesThem) {
  WordListGazetteer gazetteer;
  gazetteer.Add("Paris", 2);
  Analysis plain, marked;
  std::vector<std::string_view> fp, fm;
  Prepare("we met Smith in Paris today", 0, &gazetteer, &plain, &fp);
  Prepare("we met Smith in Paris today", internal::kUsesGazetteer, &gazetteer, &marked, &fm);
  EXPECT_EQ(plain.gazetteer[4], 0);
  EXPECT_EQ(marked.gazetteer[4], 16);
  const auto without = FeatureSet(marked, 4, 0, 0, 0);
  const auto with = FeatureSet(marked, 4, 0, 0, internal::kUsesGazetteer);
  EXPECT_GT(with.size(), without.size());
  EXPECT_EQ(Shared(with, without), without.size());
  // Its neighbours see the mark too; a word far from it does not.
  EXPECT_GT(FeatureSet(marked, 5, 0, 0, internal::kUsesGazetteer).size(),
            FeatureSet(marked, 5, 0, 0, 0).size());
  EXPECT_EQ(FeatureSet(marked, 1, 0, 0, internal::kUsesGazetteer), FeatureSet(marked, 1, 0, 0, 0));

  Analysis tagged;
  std::vector<std::string_view> ft = Split("we met Smith");
  tagged.Reset(ft);
  tagged.upos = {"PRON", "VERB", "PROPN"};
  internal::PrepareNer(internal::kUsesTags, nullptr, &tagged);
  Analysis retagged;
  retagged.Reset(ft);
  retagged.upos = {"PRON", "VERB", "NOUN"};
  internal::PrepareNer(internal::kUsesTags, nullptr, &retagged);
  EXPECT_NE(FeatureSet(tagged, 2, 0, 0, internal::kUsesTags),
            FeatureSet(retagged, 2, 0, 0, internal::kUsesTags));
  EXPECT_EQ(FeatureSet(tagged, 2, 0, 0, 0), FeatureSet(retagged, 2, 0, 0, 0));
}

TEST(NerFeatures, SentenceCasing) {
  Analysis a;
  std::vector<std::string_view> f;
  Prepare("I LOVE THIS PLACE !", 0, nullptr, &a, &f);
  EXPECT_EQ(internal::SentenceCasing(a), 4U);
  Prepare("i love this place !", 0, nullptr, &a, &f);
  EXPECT_EQ(internal::SentenceCasing(a), 1U);
  Prepare("Best Pizza In Town", 0, nullptr, &a, &f);
  EXPECT_EQ(internal::SentenceCasing(a), 3U);
  Prepare("I love Paris", 0, nullptr, &a, &f);
  EXPECT_EQ(internal::SentenceCasing(a), 2U);
  Prepare("! ?", 0, nullptr, &a, &f);
  EXPECT_EQ(internal::SentenceCasing(a), 0U);
}

// Hand-written training data: names in a few frames.
std::vector<TreebankSentence> TinyCorpus() {
  const char* people[] = {"John/B-PER Smith/I-PER", "Mary/B-PER Jones/I-PER",
                          "Ali/B-PER Hassan/I-PER", "Anna/B-PER Berg/I-PER"};
  const char* places[] = {"Paris/B-LOC", "Damascus/B-LOC", "New/B-LOC York/I-LOC", "Cairo/B-LOC"};
  const char* orgs[] = {"Acme/B-ORG Corp/I-ORG", "the United/B-ORG Nations/I-ORG", "Reuters/B-ORG",
                        "Hamas/B-ORG"};
  std::vector<TreebankSentence> out;
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      out.push_back(Sentence(std::string(people[i]) + " flew to " + places[j] + " today ."));
      out.push_back(Sentence(std::string(people[j]) + " works for " + orgs[i] + " ."));
      out.push_back(
          Sentence(std::string("officials of ") + orgs[j] + " met in " + places[i] + " ."));
      out.push_back(Sentence("the weather was fine and we stayed home ."));
    }
  }
  return out;
}

std::unique_ptr<Ner> TrainTiny(const Gazetteer* gazetteer = nullptr, uint64_t seed = 1) {
  const auto corpus = TinyCorpus();
  TrainOptions options;
  options.seed = seed;
  options.epochs = 8;
  std::unique_ptr<Ner> ner;
  EXPECT_TRUE(Ner::Train(corpus, corpus, nullptr, gazetteer, options, &ner).ok());
  return ner;
}

TEST(Ner, LearnsHandWrittenSentences) {
  const auto ner = TrainTiny();
  ASSERT_NE(ner, nullptr);
  NerScores scores;
  ScoreNer(*ner, nullptr, nullptr, TinyCorpus(), &scores);
  EXPECT_EQ(scores.correct[3], scores.gold[3]) << scores.Report();
  EXPECT_EQ(scores.system[3], scores.gold[3]) << scores.Report();

  // A new sentence: known names, a known frame, one place more.
  const TreebankSentence unseen =
      Sentence("Ali/B-PER Hassan/I-PER flew to New/B-LOC York/I-LOC and Cairo/B-LOC today .");
  Analysis a;
  const auto forms = Forms(unseen);
  a.Reset(forms);
  ner->Recognize(&a, nullptr);
  EXPECT_EQ(a.entity_names, Labels(unseen));
}

TEST(Ner, NeverEmitsAnInsideLabelWithoutItsSpanBefore) {
  const auto ner = TrainTiny();
  ASSERT_NE(ner, nullptr);
  // Words the model learned as I- labels, at sentence starts and after other types.
  const char* texts[] = {"Smith flew to Paris .",   "York Corp Nations Jones",
                         "Paris Jones Smith Corp",  "Nations York Berg Hassan Corp .",
                         "Acme Smith York Nations", "Corp"};
  Analysis a;
  for (const char* text : texts) {
    const auto forms = Split(text);
    a.Reset(forms);
    ner->Recognize(&a, nullptr);
    int prev = 0;
    for (size_t i = 0; i < forms.size(); ++i) {
      const int label = a.entities[i];
      EXPECT_EQ(a.entity_names[i], Ner::LabelName(label));
      if (label != 0 && label % 2 == 0) {
        EXPECT_TRUE(prev == label || prev == label - 1)
            << text << ": " << a.entity_names[i] << " at " << i << " after "
            << Ner::LabelName(prev);
      }
      prev = label;
    }
  }
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

TEST(Ner, SaveLoadRoundTripAndDeterminism) {
  WordListGazetteer gazetteer;
  gazetteer.Add("Cairo", 2);
  gazetteer.Add("Berlin", 2);
  const auto ner = TrainTiny(&gazetteer);
  ASSERT_NE(ner, nullptr);
  EXPECT_TRUE(ner->UsesGazetteer());
  EXPECT_FALSE(ner->UsesTags());
  const std::string path = testing::TempDir() + "/ner_test_model.bin";
  ASSERT_TRUE(ner->Save(path).ok());
  std::unique_ptr<Ner> loaded;
  ASSERT_TRUE(Ner::Load(path, &loaded).ok());
  EXPECT_TRUE(loaded->UsesGazetteer());

  const char* texts[] = {"Anna Berg flew to Berlin today .", "officials of Reuters met in Cairo",
                         "we stayed home", "Mary Smith works for Acme Corp ."};
  Analysis a, b;
  for (const char* text : texts) {
    const auto forms = Split(text);
    a.Reset(forms);
    b.Reset(forms);
    ner->Recognize(&a, &gazetteer);
    loaded->Recognize(&b, &gazetteer);
    EXPECT_EQ(a.entities, b.entities) << text;
  }

  // The same seed gives the same file.
  const std::string again = testing::TempDir() + "/ner_test_model_again.bin";
  ASSERT_TRUE(TrainTiny(&gazetteer)->Save(again).ok());
  EXPECT_EQ(ReadBytes(path), ReadBytes(again));
}

TEST(Ner, LoadRejectsMissingAndDamagedFiles) {
  std::unique_ptr<Ner> ner;
  EXPECT_TRUE(Ner::Load(testing::TempDir() + "/no_such_ner.bin", &ner).IsNotFound());
  const std::string path = testing::TempDir() + "/ner_test_damaged.bin";
  ASSERT_TRUE(TrainTiny()->Save(path).ok());
  std::string bytes = ReadBytes(path);
  bytes.resize(bytes.size() - 3);
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  EXPECT_TRUE(Ner::Load(path, &ner).IsCorruption());
}

TEST(Ner, TrainRejectsEmptyData) {
  std::unique_ptr<Ner> ner;
  EXPECT_TRUE(Ner::Train({}, {}, nullptr, nullptr, TrainOptions(), &ner).IsInvalidInput());
}

}  // namespace
}  // namespace casus::lang
