// Unit tests of the language stage's readers, features, model files and lemmatizer. Everything
// here is self-contained: the treebank snippets are written inline.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "lang/lang.h"
#include "lang/lang_internal.h"

namespace casus::lang {
namespace {

constexpr std::string_view kConllu =
    "# newdoc id = d1\n"
    "# sent_id = d1-1\n"
    "# text = We don't know.\n"
    "1\tWe\twe\tPRON\tPRP\tCase=Nom\t3\tnsubj\t3:nsubj\t_\n"
    "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t4:aux\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n"
    "4\tknow\tknow\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n"
    "4.1\tknow\tknow\tVERB\tVB\t_\t_\t_\t4:conj\tCopyOf=4\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n"
    "\n"
    "# sent_id = d1-2\n"
    "# text = Assad left\n"
    "1\tAssad\tAssad\tPROPN\tNNP\t_\t2\tnsubj\t_\tEntity=B-PER\n"
    "2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "\n";

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("casus_lang_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

TEST(Conllu, ReadsWordsMultiwordTokensAndEmptyNodes) {
  std::vector<TreebankSentence> s;
  ASSERT_TRUE(ParseConllu(kConllu, "t.conllu", &s).ok());
  ASSERT_EQ(s.size(), 2U);
  EXPECT_TRUE(s[0].new_doc);
  EXPECT_FALSE(s[1].new_doc);
  EXPECT_EQ(s[0].sent_id, "d1-1");
  EXPECT_EQ(s[0].text, "We don't know.");
  ASSERT_EQ(s[0].words.size(), 5U);  // the empty node is not a word
  EXPECT_EQ(s[0].words[2].form, "n't");
  EXPECT_EQ(s[0].words[2].lemma, "not");
  EXPECT_EQ(s[0].words[0].head, 2);
  EXPECT_EQ(s[0].words[3].head, -1);
  ASSERT_EQ(s[0].multiword.size(), 1U);
  EXPECT_EQ(s[0].multiword[0].first, 1);
  EXPECT_EQ(s[0].multiword[0].last, 2);
  EXPECT_EQ(s[0].multiword[0].form, "don't");
  ASSERT_EQ(s[0].empty_nodes.size(), 1U);
  EXPECT_EQ(s[0].empty_nodes[0].after, 4);
  EXPECT_EQ(s[1].words[0].entity, "B-PER");
  EXPECT_EQ(s[1].words[1].entity, "O");
}

TEST(Conllu, WritesBackWhatItRead) {
  std::vector<TreebankSentence> s;
  ASSERT_TRUE(ParseConllu(kConllu, "t.conllu", &s).ok());
  std::string out;
  for (const auto& sentence : s) {
    WriteConllu(sentence, &out);
  }
  EXPECT_EQ(out, kConllu);
}

TEST(Conllu, ReportsFileAndLineOfBadInput) {
  std::vector<TreebankSentence> s;
  const Status st = ParseConllu("# text = a\n1\ta\ta\tX\tX\t_\t0\troot\n", "bad.conllu", &s);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("bad.conllu:2"), std::string_view::npos) << st.ToString();
  const Status skip = ParseConllu(
      "1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n3\tb\tb\tX\tX\t_\t1\tdep\t_\t_\n", "gap.conllu", &s);
  EXPECT_NE(skip.message().find("gap.conllu:2"), std::string_view::npos) << skip.ToString();
  const Status head = ParseConllu("1\ta\ta\tX\tX\t_\t7\troot\t_\t_\n", "head.conllu", &s);
  EXPECT_FALSE(head.ok());
}

TEST(Iob2, ReadsEntityLabels) {
  std::vector<TreebankSentence> s;
  ASSERT_TRUE(ParseIob2("# sent_id = x\n1\tBarack\tB-PER\t-\t-\n2\tObama\tI-PER\t-\t-\n"
                        "3\tin\tO\t-\t-\n4\tParis\tB-LOC\t-\t-\n\n5\tbad\tB-OTH\t-\t-\n",
                        "t.iob2", &s)
                  .ok());
  ASSERT_EQ(s.size(), 2U);
  EXPECT_EQ(s[0].sent_id, "x");
  EXPECT_EQ(s[0].words[1].entity, "I-PER");
  EXPECT_EQ(s[0].words[3].entity, "B-LOC");
  EXPECT_EQ(s[1].words[0].entity, "B-OTH");  // kept as read; scoring ignores unknown types
}

TEST(Features, WordHashesFoldCaseAndQuotes) {
  Analysis a, b;
  const std::vector<std::string_view> x = {"Don\xE2\x80\x99t", "Iran-backed", "1990"};
  const std::vector<std::string_view> y = {"don't", "iran-backed", "1990"};
  a.Reset(x);
  b.Reset(y);
  internal::PrepareWords(&a);
  internal::PrepareWords(&b);
  EXPECT_NE(a.h_form[0], b.h_form[0]);    // the form keeps case and the typographic quote
  EXPECT_EQ(a.h_lower[0], b.h_lower[0]);  // the folded form does not
  EXPECT_EQ(a.h_suf[2][1], b.h_suf[2][1]);
  EXPECT_TRUE(a.word_flags[0] & internal::kCapitalized);
  EXPECT_TRUE(a.word_flags[0] & internal::kFirst);
  EXPECT_FALSE(b.word_flags[1] & internal::kFirst);
  EXPECT_TRUE(a.word_flags[1] & internal::kHasHyphen);
  EXPECT_TRUE(a.word_flags[2] & internal::kHasDigit);
  EXPECT_TRUE(a.word_flags[2] & internal::kNoLetter);
  std::string shape;
  internal::Shape("McDonald's", &shape);
  EXPECT_EQ(shape, "XxXxx'x");
  internal::Shape("1990", &shape);
  EXPECT_EQ(shape, "dd");
}

// A tiny corpus in which the tag of "run" depends on the word before it.
std::vector<TreebankSentence> ToyTreebank() {
  std::string text;
  const char* rows[][3] = {{"they", "PRON", "PRP"}, {"run", "VERB", "VBP"}, {"fast", "ADV", "RB"}};
  const char* rows2[][3] = {{"a", "DET", "DT"}, {"run", "NOUN", "NN"}, {"ended", "VERB", "VBD"}};
  for (int copy = 0; copy < 20; ++copy) {
    for (auto* sentence : {rows, rows2}) {
      for (int i = 0; i < 3; ++i) {
        text += std::to_string(i + 1) + "\t" + sentence[i][0] + "\t" + sentence[i][0] + "\t" +
                sentence[i][1] + "\t" + sentence[i][2] + "\t_\t" + (i == 1 ? "0" : "2") + "\t" +
                (i == 1 ? "root" : "dep") + "\t_\t_\n";
      }
      text += "\n";
    }
  }
  std::vector<TreebankSentence> s;
  EXPECT_TRUE(ParseConllu(text, "toy", &s).ok());
  return s;
}

TEST(Tagger, LearnsContextAndSavesLoadsToIdenticalScores) {
  const auto train = ToyTreebank();
  std::unique_ptr<Tagger> tagger;
  TrainOptions options;
  options.epochs = 3;
  ASSERT_TRUE(Tagger::Train(train, train, options, &tagger).ok());
  Analysis a;
  const std::vector<std::string_view> s1 = {"they", "run", "fast"};
  a.Reset(s1);
  tagger->Tag(&a);
  EXPECT_EQ(a.upos[1], "VERB");
  const std::vector<std::string_view> s2 = {"a", "run", "ended"};
  a.Reset(s2);
  tagger->Tag(&a);
  EXPECT_EQ(a.upos[1], "NOUN");
  EXPECT_EQ(a.xpos[1], "NN");

  const std::string path = TempPath("tagger.bin");
  ASSERT_TRUE(tagger->Save(path).ok());
  std::unique_ptr<Tagger> loaded;
  ASSERT_TRUE(Tagger::Load(path, &loaded).ok());
  EXPECT_EQ(loaded->Classes(), tagger->Classes());
  Analysis b;
  for (const auto& s : {s1, s2}) {
    a.Reset(s);
    b.Reset(s);
    tagger->Tag(&a);
    loaded->Tag(&b);
    EXPECT_EQ(a.tags, b.tags);
  }
  // Saved twice, the bytes are the same (the format has no hash-order dependence).
  const std::string again = TempPath("tagger2.bin");
  ASSERT_TRUE(loaded->Save(again).ok());
  EXPECT_EQ(std::filesystem::file_size(path), std::filesystem::file_size(again));
  std::remove(path.c_str());
  std::remove(again.c_str());
}

TEST(Tagger, TrainingIsDeterministicForASeed) {
  const auto train = ToyTreebank();
  TrainOptions options;
  options.epochs = 2;
  options.seed = 7;
  std::unique_ptr<Tagger> t1, t2;
  ASSERT_TRUE(Tagger::Train(train, train, options, &t1).ok());
  ASSERT_TRUE(Tagger::Train(train, train, options, &t2).ok());
  const std::string p1 = TempPath("d1.bin"), p2 = TempPath("d2.bin");
  ASSERT_TRUE(t1->Save(p1).ok());
  ASSERT_TRUE(t2->Save(p2).ok());
  std::string b1, b2;
  for (auto [p, b] : {std::pair{&p1, &b1}, std::pair{&p2, &b2}}) {
    FILE* f = std::fopen(p->c_str(), "rb");
    ASSERT_NE(f, nullptr);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
      b->append(buf, n);
    }
    std::fclose(f);
  }
  EXPECT_EQ(b1, b2);
  std::remove(p1.c_str());
  std::remove(p2.c_str());
}

TEST(ModelFile, RejectsCorruptAndWrongKind) {
  const std::string path = TempPath("junk.bin");
  {
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fputs("not a model", f);
    std::fclose(f);
  }
  std::unique_ptr<Tagger> tagger;
  Status st = Tagger::Load(path, &tagger);
  EXPECT_TRUE(st.IsCorruption()) << st.ToString();
  std::unique_ptr<Lemmatizer> lem;
  ASSERT_TRUE(Lemmatizer::Train(ToyTreebank(), {}, {}, &lem).ok());
  ASSERT_TRUE(lem->Save(path).ok());
  st = Tagger::Load(path, &tagger);
  EXPECT_TRUE(st.IsCorruption()) << st.ToString();
  EXPECT_NE(st.message().find("lemmatizer"), std::string_view::npos);
  EXPECT_TRUE(Tagger::Load(path + ".missing", &tagger).IsNotFound());
  std::remove(path.c_str());
}

TEST(CompactModel, QuantisedScoresKeepTheRanking) {
  internal::TrainWeights w(3);
  const std::vector<uint64_t> f1 = {internal::Feat(1, 5), internal::Feat(2, 9)};
  const std::vector<uint64_t> f2 = {internal::Feat(1, 6)};
  for (int i = 0; i < 5; ++i) {
    w.Update(f1, 2, 0);
    w.Tick();
    w.Update(f2, 1, 2);
    w.Tick();
  }
  const internal::CompactModel m = w.Average(0.0F);
  int32_t s[3] = {0, 0, 0};
  m.Score(f1, s);
  EXPECT_GT(s[2], s[0]);
  EXPECT_GT(s[2], s[1]);
  int32_t t[3] = {0, 0, 0};
  m.Score(f2, t);
  EXPECT_GT(t[1], t[2]);
  int32_t none[3] = {0, 0, 0};
  const std::vector<uint64_t> unseen = {internal::Feat(9, 9)};
  m.Score(unseen, none);
  EXPECT_EQ(none[0] | none[1] | none[2], 0);
}

TEST(Lemmatizer, EditScriptsRoundTrip) {
  struct Case {
    const char* form;
    const char* lemma;
  };
  for (const Case& c :
       {Case{"killed", "kill"}, Case{"The", "the"}, Case{"Assad", "Assad"}, Case{"went", "go"},
        Case{"n't", "not"}, Case{"children", "child"}, Case{"USED", "use"}, Case{"'s", "'s"}}) {
    const std::string script = Lemmatizer::ScriptFor(c.form, c.lemma);
    std::string lemma;
    ASSERT_TRUE(Lemmatizer::ApplyScript(c.form, script, &lemma)) << script;
    EXPECT_EQ(lemma, c.lemma) << c.form << " " << script;
  }
  EXPECT_EQ(Lemmatizer::ScriptFor("killed", "kill"), "1|2|");
  EXPECT_EQ(Lemmatizer::ScriptFor("Assad", "Assad"), "0|0|");
  std::string lemma;
  EXPECT_FALSE(Lemmatizer::ApplyScript("a", "1|5|", &lemma));
  EXPECT_FALSE(Lemmatizer::ApplyScript("a", "garbage", &lemma));
}

TEST(Lemmatizer, GeneralisesSuffixesAndSavesLoads) {
  std::string text;
  const char* rows[][3] = {{"walked", "walk", "VBD"}, {"jumped", "jump", "VBD"},
                           {"went", "go", "VBD"},     {"dogs", "dog", "NNS"},
                           {"cats", "cat", "NNS"},    {"Bus", "bus", "NN"}};
  int id = 1;
  for (auto& r : rows) {
    text +=
        std::to_string(id++) + "\t" + r[0] + "\t" + r[1] + "\tX\t" + r[2] + "\t_\t0\troot\t_\t_\n";
  }
  text += "\n";
  std::vector<TreebankSentence> train;
  ASSERT_TRUE(ParseConllu(text, "lem", &train).ok());
  std::unique_ptr<Lemmatizer> lem;
  ASSERT_TRUE(Lemmatizer::Train(train, {}, {}, &lem).ok());
  std::string out;
  lem->Lemmatize("talked", "VERB", "VBD", &out);
  EXPECT_EQ(out, "talk");
  lem->Lemmatize("went", "VERB", "VBD", &out);
  EXPECT_EQ(out, "go");
  lem->Lemmatize("Horses", "NOUN", "NNS", &out);
  EXPECT_EQ(out, "horse");
  const std::string path = TempPath("lem.bin");
  ASSERT_TRUE(lem->Save(path).ok());
  std::unique_ptr<Lemmatizer> loaded;
  ASSERT_TRUE(Lemmatizer::Load(path, &loaded).ok());
  for (const char* w : {"talked", "went", "Horses", "cats", "unknown"}) {
    std::string x, y;
    lem->Lemmatize(w, "NOUN", "NNS", &x);
    loaded->Lemmatize(w, "NOUN", "NNS", &y);
    EXPECT_EQ(x, y) << w;
  }
  std::remove(path.c_str());
}

TEST(Evaluation, SummaryFormatsPercentages) {
  ParseScores s;
  s.gold_words = s.system_words = 4;
  s.upos = 3;
  s.xpos = 2;
  s.lemma = 4;
  s.uas = 1;
  s.las = 0;
  EXPECT_EQ(s.Summary(), "UPOS=75.0 XPOS=50.0 LEMMA=100.0 UAS=25.0 LAS=0.0");
}

}  // namespace
}  // namespace casus::lang
