// Lang: casus's own language models — POS tagger (UPOS and XPOS), lemmatizer, dependency parser
// and named-entity recognizer — with their training, their file format, the treebank readers
// (CoNLL-U, IOB2) and the pipeline stages that put their output into a Document.
//
// Every model is a linear model over hashed features (see lang_internal.h): an averaged
// perceptron while training, quantised to a compact sparse table when saved. The tagger is a
// greedy left-to-right classifier over joint UPOS/XPOS classes; the lemmatizer applies edit
// scripts (strip a suffix, append one, keep or lower the case) chosen by an exception table of
// training words, else by the longest known suffix for the word's tag; the parser is a greedy
// arc-eager transition parser (root at the end of the buffer) trained with a dynamic oracle,
// followed by a labeller that names each arc with a UD relation; the recognizer is a greedy BIO
// tagger for PER, ORG and LOC with optional gazetteer features.
//
// The stage knows nothing of actors or events; gazetteers come in through the Gazetteer
// interface.
//
// Thread safety: loaded models are immutable and may be shared by any number of threads; each
// call takes its scratch space in the Analysis the caller passes, which belongs to one thread.
#ifndef CASUS_LANG_LANG_H_
#define CASUS_LANG_LANG_H_

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/document.h"
#include "core/pipeline.h"
#include "core/status.h"

namespace casus::lang {

// ---------------------------------------------------------------------------------------------
// Treebanks

// One syntactic word of a CoNLL-U sentence (multiword tokens are split into their words).
struct Word {
  std::string form;
  std::string lemma;
  std::string upos;
  std::string xpos;
  std::string feats = "_";
  int head = -1;  // 0-based index of the head word in the sentence; -1 for the root
  std::string rel;
  std::string deps = "_";  // enhanced dependencies, kept as read
  std::string misc = "_";
  std::string entity = "O";  // BIO label from IOB2 or the MISC field (Entity=B-PER)
};

// An enhanced-UD empty node ("8.1"): not a word of the basic tree, kept verbatim so that a
// sentence written back is the sentence read.
struct EmptyNode {
  int after = 0;     // words before it (8 for "8.1")
  std::string line;  // the whole CoNLL-U row
};

// A multiword token ("don't" over the words "do" and "n't").
struct MultiwordToken {
  int first = 0;  // 0-based index of its first word
  int last = 0;   // and of its last word (inclusive)
  std::string form;
  std::string misc = "_";
};

struct TreebankSentence {
  std::vector<std::string> comments;  // comment lines as read, "# " included
  std::string sent_id;
  std::string text;      // the "# text" value, "" when absent
  bool new_doc = false;  // a "# newdoc" comment precedes it
  std::vector<Word> words;
  std::vector<MultiwordToken> multiword;
  std::vector<EmptyNode> empty_nodes;
};

// Reads a CoNLL-U file; empty nodes (8.1) and multiword tokens are kept on the side, so the
// words are the syntactic words of the basic tree. Errors name the file and line.
Status ReadConllu(const std::string& path, std::vector<TreebankSentence>* sentences);
Status ParseConllu(std::string_view text, std::string_view name,
                   std::vector<TreebankSentence>* sentences);
// Appends the sentence in CoNLL-U (comments, multiword ranges, words, blank line).
void WriteConllu(const TreebankSentence& sentence, std::string* out);
// Reads a Universal NER IOB2 file (index, form, tag, ...): forms and Word::entity only.
Status ReadIob2(const std::string& path, std::vector<TreebankSentence>* sentences);
Status ParseIob2(std::string_view text, std::string_view name,
                 std::vector<TreebankSentence>* sentences);

// ---------------------------------------------------------------------------------------------
// Annotation of one sentence

// The arc-eager transition system over a sentence of n words with the root at position n (the
// end of the buffer; Ballesteros & Nivre 2013). The root only takes left dependents, so that a
// finished parse may give it several children: Heads() keeps one and hangs the others under it.
// Exposed for tests and the parser; the parser keeps one in each Analysis as scratch.
class ArcEager {
 public:
  enum Move : uint8_t { kShift = 0, kReduce, kLeft, kRight, kMoves };

  void Start(int n);
  [[nodiscard]] bool Done() const { return stack_.empty() && buffer_ >= n_; }
  [[nodiscard]] bool Legal(Move m) const;
  // Applies a legal move; `label` names the arc that kLeft and kRight make.
  void Apply(Move m, int label = 0);
  // Cost of each move against a gold tree (heads: -1 = root), for the dynamic oracle (Goldberg &
  // Nivre 2012): how many gold arcs it makes unreachable. Exact for projective trees, where some
  // legal move always costs 0. Illegal moves cost kIllegal.
  static constexpr int kIllegal = 1 << 20;
  void Costs(std::span<const int32_t> gold, int costs[kMoves]) const;

  [[nodiscard]] int n() const { return n_; }
  [[nodiscard]] int S0() const { return stack_.empty() ? -1 : stack_.back(); }
  [[nodiscard]] int S1() const { return stack_.size() < 2 ? -1 : stack_[stack_.size() - 2]; }
  [[nodiscard]] int B(int k) const { return buffer_ + k <= n_ ? buffer_ + k : -1; }
  [[nodiscard]] int Head(int i) const { return head_[i]; }    // n = root, -1 = none yet
  [[nodiscard]] int Label(int i) const { return label_[i]; }  // -1 while headless
  // k = 0: the leftmost (rightmost) child, k = 1: the next one; -1 when absent.
  [[nodiscard]] int LeftChild(int i, int k) const { return k == 0 ? lc1_[i] : lc2_[i]; }
  [[nodiscard]] int RightChild(int i, int k) const { return k == 0 ? rc1_[i] : rc2_[i]; }
  [[nodiscard]] int LeftCount(int i) const { return nl_[i]; }
  [[nodiscard]] int RightCount(int i) const { return nr_[i]; }
  // Bit (label % 64) for each left (right) child's label.
  [[nodiscard]] uint64_t LeftLabels(int i) const { return ll_[i]; }
  [[nodiscard]] uint64_t RightLabels(int i) const { return rl_[i]; }
  // The heads (0-based, -1 for the root) once Done(); a sentence gets exactly one root (the
  // root's child with most children; its other children hang under it).
  void Heads(std::vector<int32_t>* heads) const;

 private:
  void Attach(int head, int dep, int label);
  int n_ = 0;
  int buffer_ = 0;
  std::vector<int> stack_;
  std::vector<int> head_, label_, lc1_, lc2_, rc1_, rc2_, nl_, nr_;
  std::vector<uint64_t> ll_, rl_;
  std::vector<uint8_t> on_stack_;
};

// The words of one sentence and what the models say about them. Views returned by the models
// point into the models' tables and stay valid as long as the model. The scratch vectors are
// reused from sentence to sentence, so that annotating allocates nothing per token once warm.
struct Analysis {
  std::vector<std::string_view> forms;  // input
  std::vector<uint16_t> tags;           // tagger class per word
  std::vector<std::string_view> upos;
  std::vector<std::string_view> xpos;
  std::vector<std::string> lemmas;
  std::vector<int32_t> heads;  // 0-based head word, -1 for the root
  std::vector<uint16_t> rels;  // parser label class
  std::vector<std::string_view> rel_names;
  std::vector<uint8_t> entities;  // NER class
  std::vector<std::string_view> entity_names;

  // Sets the forms (views into the caller's text) and clears the outputs.
  void Reset(std::span<const std::string_view> words);

  // Scratch (per word).
  std::vector<uint64_t> h_form, h_lower, h_shape, h_amb;
  std::vector<uint64_t> h_pre[3], h_suf[4];
  std::vector<uint8_t> word_flags;
  std::vector<uint8_t> gazetteer;
  std::vector<uint64_t> feats;
  std::string buf, buf2;
  std::vector<int32_t> scratch_i[8];
  // Parser scratch: the transition state and per-word hashes (the root last).
  ArcEager transitions;
  std::vector<uint64_t> p_form, p_upos, p_xpos;
};

// Training options shared by every model.
struct TrainOptions {
  uint64_t seed = 1;
  int epochs = 0;               // 0: the model's default
  std::ostream* log = nullptr;  // progress lines ("epoch 3 dev UPOS 95.1"), may be null
};

// A POS tagger: joint UPOS/XPOS classes.
class Tagger {
 public:
  Tagger();
  ~Tagger();
  Tagger(const Tagger&) = delete;
  Tagger& operator=(const Tagger&) = delete;

  static Status Load(const std::string& path, std::unique_ptr<Tagger>* out);
  Status Save(const std::string& path) const;
  // Learns from `train`, keeping the epoch that tags `dev` best.
  static Status Train(const std::vector<TreebankSentence>& train,
                      const std::vector<TreebankSentence>& dev, const TrainOptions& options,
                      std::unique_ptr<Tagger>* out);

  // Fills a->tags, upos, xpos (REQUIRES: a->Reset()).
  void Tag(Analysis* a) const;
  [[nodiscard]] size_t Classes() const;
  [[nodiscard]] std::string_view UposOf(uint16_t tag) const;
  [[nodiscard]] std::string_view XposOf(uint16_t tag) const;
  // The class of "UPOS/XPOS", or -1.
  [[nodiscard]] int ClassOf(std::string_view upos, std::string_view xpos) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Lemmas from forms and tags.
class Lemmatizer {
 public:
  Lemmatizer();
  ~Lemmatizer();
  Lemmatizer(const Lemmatizer&) = delete;
  Lemmatizer& operator=(const Lemmatizer&) = delete;

  static Status Load(const std::string& path, std::unique_ptr<Lemmatizer>* out);
  Status Save(const std::string& path) const;
  static Status Train(const std::vector<TreebankSentence>& train,
                      const std::vector<TreebankSentence>& dev, const TrainOptions& options,
                      std::unique_ptr<Lemmatizer>* out);

  // The lemma of `form` tagged upos/xpos, into *lemma.
  void Lemmatize(std::string_view form, std::string_view upos, std::string_view xpos,
                 std::string* lemma) const;
  // Fills a->lemmas from a->forms, upos and xpos.
  void Lemmatize(Analysis* a) const;

  // Edit scripts, exposed for tests: the script that turns `form` into `lemma`, and its
  // application ("kill" from "killed" and "0|2|").
  static std::string ScriptFor(std::string_view form, std::string_view lemma);
  static bool ApplyScript(std::string_view form, std::string_view script, std::string* lemma);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Makes a tree projective by lifting non-projective arcs to the head's head (labels kept).
// Returns the number of lifts; heads are 0-based with -1 for the root.
int Projectivize(std::vector<int32_t>* heads);
bool IsProjective(std::span<const int32_t> heads);

// A labelled dependency parser.
class Parser {
 public:
  Parser();
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  static Status Load(const std::string& path, std::unique_ptr<Parser>* out);
  Status Save(const std::string& path) const;
  // Trains on `train` and selects on `dev`. With a tagger, `train` is tagged by jackknifing
  // (JackknifeTags with two folds: taggers of the same kind trained on the other half) and `dev`
  // by `tagger`; without one, both keep their gold tags.
  static Status Train(const std::vector<TreebankSentence>& train,
                      const std::vector<TreebankSentence>& dev, const Tagger* tagger,
                      const TrainOptions& options, std::unique_ptr<Parser>* out);

  // Fills a->heads, rels, rel_names (REQUIRES: a->tags from the tagger the parser was trained
  // with, and a->lemmas may be empty).
  void Parse(Analysis* a) const;
  [[nodiscard]] size_t Labels() const;
  [[nodiscard]] std::string_view LabelName(uint16_t rel) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Replaces the UPOS and XPOS of `sentences` with those of taggers trained on the other folds
// (sentence i is in fold i % folds; `dev` selects each tagger's epoch), so that a parser trains on
// tags as noisy as the ones it meets at run time.
Status JackknifeTags(int folds, const std::vector<TreebankSentence>& dev,
                     const TrainOptions& options, std::vector<TreebankSentence>* sentences);

// Marks which words start or continue a phrase of a word list, for NER features.
// Bit (2 * type) = the word begins a listed phrase, bit (2 * type + 1) = it continues one, with
// type 0 PER, 1 ORG, 2 LOC.
class Gazetteer {
 public:
  virtual ~Gazetteer() = default;
  virtual void Mark(std::span<const std::string_view> forms, std::vector<uint8_t>* bits) const = 0;
};

// A Gazetteer over plain phrase lists (one phrase a line, matched case-insensitively on words).
class WordListGazetteer : public Gazetteer {
 public:
  // Adds a phrase of type 0 PER, 1 ORG, 2 LOC ("Bashar al-Assad" splits on spaces).
  void Add(std::string_view phrase, int type);
  Status LoadFile(const std::string& path, int type);
  // Reads "TYPE<TAB>phrase" lines (TYPE PER, ORG or LOC; '#' comments and blank lines skipped),
  // as scripts/build-ner-gazetteer writes data/models/ner-gazetteer.tsv. Errors name the line.
  Status LoadTypedFile(const std::string& path);
  [[nodiscard]] size_t size() const { return phrases_.size(); }
  void Mark(std::span<const std::string_view> forms, std::vector<uint8_t>* bits) const override;

 private:
  // Phrase hash (folded words, in order) → type bits (1 << type).
  std::unordered_map<uint64_t, uint8_t> phrases_;
  size_t max_words_ = 0;
};

// A named-entity recognizer (PER, ORG, LOC; BIO).
class Ner {
 public:
  Ner();
  ~Ner();
  Ner(const Ner&) = delete;
  Ner& operator=(const Ner&) = delete;

  static Status Load(const std::string& path, std::unique_ptr<Ner>* out);
  Status Save(const std::string& path) const;
  // Trains on IOB2 sentences (Word::entity; types other than PER, ORG, LOC read as O), keeping
  // the epoch with the best span F1 on `dev`. With a `tagger`, UPOS features are learned from
  // its tags (and Recognize then needs a->upos); with a `gazetteer`, its marks are features.
  // Deterministic for a fixed options.seed.
  static Status Train(const std::vector<TreebankSentence>& train,
                      const std::vector<TreebankSentence>& dev, const Tagger* tagger,
                      const Gazetteer* gazetteer, const TrainOptions& options,
                      std::unique_ptr<Ner>* out);

  // Fills a->entities and entity_names with BIO labels; an I- label always continues a B- or I-
  // of its type (REQUIRES: a->Reset(); a->upos filled when UsesTags()). `gazetteer` may be null.
  void Recognize(Analysis* a, const Gazetteer* gazetteer) const;
  [[nodiscard]] bool UsesTags() const;
  [[nodiscard]] bool UsesGazetteer() const;

  // Label classes: 0 = O, 1 + 2·type = B-type, 2 + 2·type = I-type (type 0 PER, 1 ORG, 2 LOC).
  static constexpr int kLabels = 7;
  static std::string_view LabelName(int label);
  // The class of "B-ORG" etc.; 0 for O and for any other type.
  static int LabelOf(std::string_view name);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------------------------------------
// Models on disk and pipeline stages

// The shipped models, loaded once and shared read-only. Missing members are null.
struct Models {
  std::shared_ptr<const Tagger> tagger;
  std::shared_ptr<const Lemmatizer> lemmatizer;
  std::shared_ptr<const Parser> parser;
  std::shared_ptr<const Ner> ner;
  std::shared_ptr<const Gazetteer> gazetteer;

  // Loads tagger.bin and lemmatizer.bin (required) and parser.bin, ner.bin and the
  // recognizer's word lists ner-gazetteer.tsv (when present) from `dir`.
  static Status Load(const std::string& dir, Models* models);
};

// Runs the models present over one sentence (tag, lemmatize, parse, recognize).
// REQUIRES: a->Reset() with the sentence's words.
void AnnotateSentence(const Models& models, Analysis* a);

// "lang.annotate": requires sentences and tokens; fills upos, xpos and lemma (kLayerPos |
// kLayerLemmas), head and rel when the parser is loaded (kLayerDeps), entity when the recognizer
// is (kLayerEntities). Each sentence is annotated on its own; the models are shared read-only
// and the scratch space lives in the call.
std::unique_ptr<Stage> MakeAnnotator(std::shared_ptr<const Models> models);

// The Upos value of a tag name ("NOUN"); kNone when unknown.
Upos UposFromName(std::string_view name);

// Writes the sentences of an annotated document as CoNLL-U (one "# sent_id = <doc>-<n>" and
// "# text" per sentence; SpaceAfter=No and Entity=B-PER in MISC).
void DocumentToConllu(const Document& doc, std::string* out);

// ---------------------------------------------------------------------------------------------
// Evaluation

struct ParseScores {
  size_t gold_words = 0;
  size_t system_words = 0;
  size_t upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0;  // correct, aligned words
  size_t aligned = 0;                                      // system words matching a gold word
  size_t gold_sentences = 0, system_sentences = 0, matched_sentences = 0;
  bool raw = false;
  bool parsed = false;  // a parser was loaded (UAS/LAS meaningful)
  // Percentages (F1 over words: 2·correct / (gold + system); accuracy with gold tokens).
  [[nodiscard]] double Pct(size_t correct) const;
  [[nodiscard]] double SentenceF1() const;
  [[nodiscard]] double TokenF1() const;       // over syntactic words, by character span
  [[nodiscard]] std::string Summary() const;  // "UPOS=… XPOS=… LEMMA=… UAS=… LAS=…"
};

// Scores the parser alone on gold-tokenized sentences, with tags from `tagger` (the gold tags when
// null): fills gold_words, aligned, uas, las (and upos, xpos when tagging).
void EvaluateParser(const Parser& parser, const Tagger* tagger,
                    const std::vector<TreebankSentence>& gold, ParseScores* scores);
// Scores the models on gold-tokenized sentences. LAS compares the universal part of the
// relation (as the CoNLL 2018 scorer does).
// With `errors`, writes one tab-separated line per wrong lemma or UPOS (for error analysis).
void EvaluateGoldTokens(const Models& models, const std::vector<TreebankSentence>& gold,
                        ParseScores* scores, std::ostream* errors = nullptr);
// Scores end to end from the "# text" of the sentences, joined per document ("# newdoc"), split
// and tokenized by `tokenizer` (a stage assigning sentences and tokens). Words are aligned with
// the gold words by their character offsets; sentences match when both ends match.
Status EvaluateRaw(const Models& models, const Stage& tokenizer,
                   const std::vector<TreebankSentence>& gold, ParseScores* scores);

// An entity mention: words first..last (inclusive), type 0 PER, 1 ORG, 2 LOC.
struct EntitySpan {
  int first = 0;
  int last = 0;
  int type = 0;
  bool operator==(const EntitySpan&) const = default;
};
// The spans of a BIO label sequence, read as conlleval does: an I- after O or after another
// type opens a span; labels of other types than PER, ORG, LOC are O.
void EntitySpans(std::span<const std::string_view> labels, std::vector<EntitySpan>* spans);

struct NerScores {
  size_t gold[4] = {}, system[4] = {}, correct[4] = {};  // PER ORG LOC, then all
  // Counts one sentence: a system span is correct when its first, last word and type match.
  void Add(std::span<const std::string_view> gold_labels,
           std::span<const std::string_view> system_labels);
  // Percentages for type t (3 = all types, micro-averaged); 0 when undefined.
  [[nodiscard]] double Precision(int t) const;
  [[nodiscard]] double Recall(int t) const;
  [[nodiscard]] double F1(int t) const;
  [[nodiscard]] std::string Report() const;  // one line per type, last line overall
};
// Scores `ner` (with `tagger` for its tags when it uses them, and `gazetteer`, both may be null)
// on gold-tokenized IOB2 sentences.
void ScoreNer(const Ner& ner, const Tagger* tagger, const Gazetteer* gazetteer,
              const std::vector<TreebankSentence>& gold, NerScores* scores);
void EvaluateNer(const Models& models, const std::vector<TreebankSentence>& gold,
                 NerScores* scores);

}  // namespace casus::lang

#endif  // CASUS_LANG_LANG_H_
