// Tests of the arc-eager transition system, its dynamic oracle, projectivization and the parser
// (training, parsing, save and load) on hand-written sentences.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lang/lang.h"

namespace casus::lang {
namespace {

// CoNLL-U rows with spaces for tabs (no form here contains a space).
std::string Tabbed(std::string text) {
  std::replace(text.begin(), text.end(), ' ', '\t');
  return text;
}

const char* const kProjective = R"(# text = The minister urged restraint .
1 The the DET DT _ 2 det _ _
2 minister minister NOUN NN _ 3 nsubj _ _
3 urged urge VERB VBD _ 0 root _ _
4 restraint restraint NOUN NN _ 3 obj _ _
5 . . PUNCT . _ 3 punct _ _

# text = Rebels attacked the town on Monday .
1 Rebels rebel NOUN NNS _ 2 nsubj _ _
2 attacked attack VERB VBD _ 0 root _ _
3 the the DET DT _ 4 det _ _
4 town town NOUN NN _ 2 obj _ _
5 on on ADP IN _ 6 case _ _
6 Monday Monday PROPN NNP _ 2 obl _ _
7 . . PUNCT . _ 2 punct _ _

# text = Police said they arrested two men .
1 Police police NOUN NNS _ 2 nsubj _ _
2 said say VERB VBD _ 0 root _ _
3 they they PRON PRP _ 4 nsubj _ _
4 arrested arrest VERB VBD _ 2 ccomp _ _
5 two two NUM CD _ 6 nummod _ _
6 men man NOUN NNS _ 4 obj _ _
7 . . PUNCT . _ 2 punct _ _

# text = The talks , which began in May , failed .
1 The the DET DT _ 2 det _ _
2 talks talk NOUN NNS _ 9 nsubj _ _
3 , , PUNCT , _ 5 punct _ _
4 which which PRON WDT _ 5 nsubj _ _
5 began begin VERB VBD _ 2 acl:relcl _ _
6 in in ADP IN _ 7 case _ _
7 May May PROPN NNP _ 5 obl _ _
8 , , PUNCT , _ 5 punct _ _
9 failed fail VERB VBD _ 0 root _ _
10 . . PUNCT . _ 9 punct _ _

)";

// "on the issue" modifies "hearing" across "is scheduled".
const char* const kNonProjective = R"(# text = A hearing is scheduled on the issue today .
1 A a DET DT _ 2 det _ _
2 hearing hearing NOUN NN _ 4 nsubj:pass _ _
3 is be AUX VBZ _ 4 aux:pass _ _
4 scheduled schedule VERB VBN _ 0 root _ _
5 on on ADP IN _ 7 case _ _
6 the the DET DT _ 7 det _ _
7 issue issue NOUN NN _ 2 nmod _ _
8 today today NOUN NN _ 4 obl:tmod _ _
9 . . PUNCT . _ 4 punct _ _

)";

std::vector<TreebankSentence> Read(const char* text) {
  std::vector<TreebankSentence> sentences;
  const Status status = ParseConllu(Tabbed(text), "test", &sentences);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return sentences;
}

std::vector<int32_t> GoldHeads(const TreebankSentence& s) {
  std::vector<int32_t> heads;
  for (const Word& w : s.words) {
    heads.push_back(w.head);
  }
  return heads;
}

// One root, every head a word or the root, and every word reaches the root.
void ExpectTree(const std::vector<int32_t>& heads, size_t n) {
  ASSERT_EQ(heads.size(), n);
  EXPECT_EQ(std::count(heads.begin(), heads.end(), -1), 1);
  for (size_t i = 0; i < n; ++i) {
    ASSERT_GE(heads[i], -1);
    ASSERT_LT(heads[i], static_cast<int32_t>(n));
    int d = static_cast<int>(i);
    size_t steps = 0;
    while (d >= 0 && steps <= n) {
      d = heads[d];
      ++steps;
    }
    EXPECT_EQ(d, -1) << "word " << i << " is on a cycle";
  }
}

int MinLegalCost(const ArcEager& st, std::span<const int32_t> gold, int* costs) {
  st.Costs(gold, costs);
  int best = ArcEager::kIllegal;
  for (int m = 0; m < ArcEager::kMoves; ++m) {
    EXPECT_EQ(costs[m] >= ArcEager::kIllegal, !st.Legal(static_cast<ArcEager::Move>(m)));
    best = std::min(best, costs[m]);
  }
  return best;
}

TEST(ArcEagerTest, ZeroCostMovesRebuildEveryProjectiveGoldTree) {
  for (const TreebankSentence& s : Read(kProjective)) {
    const std::vector<int32_t> gold = GoldHeads(s);
    ASSERT_TRUE(IsProjective(gold));
    ArcEager st;
    st.Start(static_cast<int>(gold.size()));
    int moves = 0;
    while (!st.Done()) {
      int costs[ArcEager::kMoves];
      ASSERT_EQ(MinLegalCost(st, gold, costs), 0);
      const int m = static_cast<int>(std::find(costs, costs + ArcEager::kMoves, 0) - costs);
      st.Apply(static_cast<ArcEager::Move>(m));
      ++moves;
    }
    EXPECT_EQ(moves, 2 * static_cast<int>(gold.size()));
    std::vector<int32_t> heads;
    st.Heads(&heads);
    EXPECT_EQ(heads, gold) << s.text;
  }
}

TEST(ArcEagerTest, ZeroCostMoveExistsFromEveryReachableState) {
  std::mt19937 rng(7);
  for (const TreebankSentence& s : Read(kProjective)) {
    const std::vector<int32_t> gold = GoldHeads(s);
    const int n = static_cast<int>(gold.size());
    for (int walk = 0; walk < 200; ++walk) {
      ArcEager st;
      st.Start(n);
      // Random legal moves; from every state reached the oracle must still find a free move,
      // and following free moves must lose no further arc.
      int lost = 0;
      while (!st.Done()) {
        int costs[ArcEager::kMoves];
        ASSERT_EQ(MinLegalCost(st, gold, costs), 0);
        std::vector<int> legal;
        for (int m = 0; m < ArcEager::kMoves; ++m) {
          if (costs[m] < ArcEager::kIllegal) {
            legal.push_back(m);
          }
        }
        const int m = legal[rng() % legal.size()];
        lost += costs[m];
        st.Apply(static_cast<ArcEager::Move>(m));
      }
      std::vector<int32_t> heads;
      st.Heads(&heads);
      ExpectTree(heads, gold.size());
      // The costs are exact: the arcs the walk paid for are the arcs it got wrong.
      int wrong = 0;
      for (int i = 0; i < n; ++i) {
        wrong += st.Head(i) != (gold[i] < 0 ? n : gold[i]) ? 1 : 0;
      }
      EXPECT_EQ(wrong, lost);
    }
  }
}

TEST(ArcEagerTest, RandomMovesOnANonProjectiveSentenceGiveATree) {
  const std::vector<TreebankSentence> sentences = Read(kNonProjective);
  ASSERT_EQ(sentences.size(), 1U);
  const std::vector<int32_t> gold = GoldHeads(sentences[0]);
  std::mt19937 rng(11);
  for (int walk = 0; walk < 100; ++walk) {
    ArcEager st;
    st.Start(static_cast<int>(gold.size()));
    while (!st.Done()) {
      int costs[ArcEager::kMoves];
      st.Costs(gold, costs);  // must not crash on a non-projective gold tree
      std::vector<int> legal;
      for (int m = 0; m < ArcEager::kMoves; ++m) {
        if (st.Legal(static_cast<ArcEager::Move>(m))) {
          legal.push_back(m);
        }
      }
      ASSERT_FALSE(legal.empty());
      st.Apply(static_cast<ArcEager::Move>(legal[rng() % legal.size()]));
    }
    std::vector<int32_t> heads;
    st.Heads(&heads);
    ExpectTree(heads, gold.size());
  }
}

TEST(ProjectivizeTest, LiftsTheCrossingArcToTheHeadsHead) {
  std::vector<int32_t> heads = GoldHeads(Read(kNonProjective)[0]);
  EXPECT_FALSE(IsProjective(heads));
  EXPECT_EQ(Projectivize(&heads), 1);
  EXPECT_TRUE(IsProjective(heads));
  EXPECT_EQ(heads[6], 3);  // "issue" now hangs from "scheduled"
  ExpectTree(heads, 9);
  std::vector<int32_t> projective = GoldHeads(Read(kProjective)[3]);
  const std::vector<int32_t> before = projective;
  EXPECT_EQ(Projectivize(&projective), 0);
  EXPECT_EQ(projective, before);
}

class ParserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    train_ = Read(kProjective);
    for (const TreebankSentence& s : Read(kNonProjective)) {
      train_.push_back(s);
    }
    TrainOptions options;
    options.epochs = 20;
    const Status status = Parser::Train(train_, train_, nullptr, options, &parser_);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  void Parse(const Parser& parser, const TreebankSentence& s, Analysis* a) {
    forms_.clear();
    for (const Word& w : s.words) {
      forms_.push_back(w.form);
    }
    a->Reset(forms_);
    for (size_t i = 0; i < s.words.size(); ++i) {
      a->upos[i] = s.words[i].upos;
      a->xpos[i] = s.words[i].xpos;
    }
    parser.Parse(a);
  }

  std::vector<TreebankSentence> train_;
  std::unique_ptr<Parser> parser_;
  std::vector<std::string_view> forms_;
};

TEST_F(ParserTest, TinyTrainingLearnsItsProjectiveSentences) {
  Analysis a;
  for (size_t s = 0; s + 1 < train_.size(); ++s) {
    Parse(*parser_, train_[s], &a);
    for (size_t i = 0; i < train_[s].words.size(); ++i) {
      EXPECT_EQ(a.heads[i], train_[s].words[i].head) << train_[s].text << " word " << i;
      EXPECT_EQ(a.rel_names[i], train_[s].words[i].rel) << train_[s].text << " word " << i;
    }
  }
}

TEST_F(ParserTest, NonProjectiveAndUnseenSentencesParseToTrees) {
  Analysis a;
  Parse(*parser_, train_.back(), &a);
  ExpectTree(a.heads, train_.back().words.size());
  // Projectivized in training, the crossing arc comes out lifted, the rest right.
  EXPECT_EQ(a.heads[1], 3);
  EXPECT_EQ(a.heads[6], 3);
  // Odd input: one word, punctuation only, a long run of one tag.
  TreebankSentence odd;
  Word comma;
  comma.form = ",";
  comma.upos = "PUNCT";
  comma.xpos = ",";
  for (int len : {1, 2, 3, 40}) {
    odd.words.assign(len, comma);
    Parse(*parser_, odd, &a);
    ExpectTree(a.heads, odd.words.size());
    for (size_t i = 0; i < odd.words.size(); ++i) {
      EXPECT_EQ(a.heads[i] < 0, a.rel_names[i] == "root");
    }
  }
  forms_.clear();
  a.Reset(forms_);
  parser_->Parse(&a);
  EXPECT_TRUE(a.heads.empty());
}

TEST_F(ParserTest, SaveAndLoadGiveIdenticalParses) {
  const std::string path = ::testing::TempDir() + "/parser_test.bin";
  ASSERT_TRUE(parser_->Save(path).ok());
  std::unique_ptr<Parser> loaded;
  const Status status = Parser::Load(path, &loaded);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(loaded->Labels(), parser_->Labels());
  Analysis a, b;
  for (const TreebankSentence& s : train_) {
    Parse(*parser_, s, &a);
    Parse(*loaded, s, &b);
    EXPECT_EQ(a.heads, b.heads);
    EXPECT_EQ(a.rels, b.rels);
  }
  std::unique_ptr<Parser> none;
  EXPECT_FALSE(Parser::Load(path + ".missing", &none).ok());
}

TEST_F(ParserTest, TrainingIsDeterministic) {
  std::unique_ptr<Parser> again;
  TrainOptions options;
  options.epochs = 20;
  ASSERT_TRUE(Parser::Train(train_, train_, nullptr, options, &again).ok());
  const std::string p1 = ::testing::TempDir() + "/parser_a.bin";
  const std::string p2 = ::testing::TempDir() + "/parser_b.bin";
  ASSERT_TRUE(parser_->Save(p1).ok());
  ASSERT_TRUE(again->Save(p2).ok());
  auto bytes = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  EXPECT_EQ(bytes(p1), bytes(p2));
  EXPECT_GT(bytes(p1).size(), 100U);
}

TEST_F(ParserTest, TrainsOnTaggerTagsToo) {
  TrainOptions options;
  options.epochs = 10;
  std::unique_ptr<Tagger> tagger;
  ASSERT_TRUE(Tagger::Train(train_, train_, options, &tagger).ok());
  std::unique_ptr<Parser> parser;
  const Status status = Parser::Train(train_, train_, tagger.get(), options, &parser);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ParseScores scores;
  EvaluateParser(*parser, tagger.get(), train_, &scores);
  EXPECT_EQ(scores.gold_words, 38U);
  EXPECT_GT(scores.uas, scores.gold_words / 2);
}

TEST(ParserLoadTest, RejectsAFileOfAnotherKind) {
  const std::string path = ::testing::TempDir() + "/not_a_parser.bin";
  {
    FILE* f = fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    fputs("CASUSLM1garbage", f);
    fclose(f);
  }
  std::unique_ptr<Parser> parser;
  const Status status = Parser::Load(path, &parser);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(parser, nullptr);
}

}  // namespace
}  // namespace casus::lang

namespace casus::lang {
namespace {

TEST(JackknifeTagsTest, RetagsEachFoldWithoutTouchingTheTrees) {
  // Five sentences twice over: each fold of two holds every sentence once, so each fold's
  // tagger has seen every word.
  std::vector<TreebankSentence> sentences;
  for (int copy = 0; copy < 2; ++copy) {
    for (const char* text : {kProjective, kNonProjective}) {
      for (const TreebankSentence& s : Read(text)) {
        sentences.push_back(s);
      }
    }
  }
  const std::vector<TreebankSentence> gold = sentences;
  std::vector<TreebankSentence> none = sentences;
  EXPECT_FALSE(JackknifeTags(1, {}, TrainOptions(), &none).ok());
  TrainOptions options;
  options.epochs = 10;
  ASSERT_TRUE(JackknifeTags(2, gold, options, &sentences).ok());
  ASSERT_EQ(sentences.size(), gold.size());
  size_t same = 0, words = 0;
  for (size_t s = 0; s < gold.size(); ++s) {
    ASSERT_EQ(sentences[s].words.size(), gold[s].words.size());
    for (size_t i = 0; i < gold[s].words.size(); ++i) {
      const Word& w = sentences[s].words[i];
      EXPECT_EQ(w.form, gold[s].words[i].form);
      EXPECT_EQ(w.head, gold[s].words[i].head);
      EXPECT_FALSE(w.upos.empty());
      same += w.upos == gold[s].words[i].upos && w.xpos == gold[s].words[i].xpos ? 1 : 0;
      ++words;
    }
  }
  EXPECT_GT(same, words * 9 / 10);
}

}  // namespace
}  // namespace casus::lang
