// The named-entity recognizer: a greedy left-to-right BIO tagger (averaged perceptron over hashed
// lexical, shape, window, label-history, gazetteer and optional UPOS features) whose decoding
// never lets an I- label follow anything but a B- or I- of its own type; the word-list gazetteer;
// and conlleval-style span scoring.
#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <ostream>

#include <fmt/format.h>

#include "lang/lang.h"
#include "lang/lang_internal.h"
#include "lang/ner_internal.h"

namespace casus::lang {

using internal::Feat;
using internal::HashBytes;
using internal::kUsesGazetteer;
using internal::kUsesTags;

namespace {

constexpr int kTypes = 3;
constexpr std::array<std::string_view, kTypes> kTypeNames = {"PER", "ORG", "LOC"};
constexpr std::array<std::string_view, Ner::kLabels> kLabelNames = {
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"};

constexpr bool IsInside(int label) { return label != 0 && label % 2 == 0; }
constexpr int TypeOf(int label) { return (label - 1) / 2; }

// Whether `label` may follow `prev` (-1 at the start of the sentence).
constexpr bool MayFollow(int prev, int label) {
  return !IsInside(label) || (prev > 0 && TypeOf(prev) == TypeOf(label));
}

int TypeFromName(std::string_view name) {
  for (int t = 0; t < kTypes; ++t) {
    if (name == kTypeNames[t]) {
      return t;
    }
  }
  return -1;
}

constexpr std::string_view kKind = "casus.ner.perceptron.v1";
constexpr double kWordDropout = 0.1;

// Hash of a gazetteer phrase: its folded words in order.
uint64_t PhraseStep(uint64_t h, std::string_view folded_word) {
  return internal::Mix(h ^ HashBytes(folded_word));
}
constexpr uint64_t kPhraseSeed = 0x5D2B7E1F3A9C4861ULL;

}  // namespace

// ---------------------------------------------------------------------------------------------
// Gazetteer

void WordListGazetteer::Add(std::string_view phrase, int type) {
  if (type < 0 || type >= kTypes) {
    return;
  }
  std::string folded;
  uint64_t h = kPhraseSeed;
  size_t words = 0;
  size_t pos = 0;
  while (pos < phrase.size()) {
    const size_t space = std::min(phrase.find(' ', pos), phrase.size());
    if (space > pos) {
      internal::FoldLower(phrase.substr(pos, space - pos), &folded);
      h = PhraseStep(h, folded);
      ++words;
    }
    pos = space + 1;
  }
  if (words == 0) {
    return;
  }
  phrases_[h] |= static_cast<uint8_t>(1U << type);
  max_words_ = std::max(max_words_, words);
}

Status WordListGazetteer::LoadFile(const std::string& path, int type) {
  if (type < 0 || type >= kTypes) {
    return Status::InvalidInput(path + ": gazetteer type must be 0 (PER), 1 (ORG) or 2 (LOC)");
  }
  std::ifstream in(path);
  if (!in) {
    return Status::NotFound("cannot read gazetteer " + path);
  }
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.empty() || line[0] == '#') {
      continue;
    }
    Add(line, type);
  }
  return Status::OK();
}

Status WordListGazetteer::LoadTypedFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return Status::NotFound("cannot read gazetteer " + path);
  }
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.empty() || line[0] == '#') {
      continue;
    }
    const size_t tab = line.find('\t');
    const int type =
        tab == std::string::npos ? -1 : TypeFromName(std::string_view(line).substr(0, tab));
    if (type < 0) {
      return Status::InvalidInput(path + ":" + std::to_string(line_no) +
                                  ": expected PER, ORG or LOC, a tab and a phrase");
    }
    Add(std::string_view(line).substr(tab + 1), type);
  }
  return Status::OK();
}

void WordListGazetteer::Mark(std::span<const std::string_view> forms,
                             std::vector<uint8_t>* bits) const {
  const size_t n = forms.size();
  bits->assign(n, 0);
  if (phrases_.empty()) {
    return;
  }
  std::string folded;
  size_t covered[kTypes] = {};  // per type, the first word not yet inside a marked match
  for (size_t i = 0; i < n; ++i) {
    size_t longest[kTypes] = {};
    uint64_t h = kPhraseSeed;
    for (size_t len = 1; len <= max_words_ && i + len <= n; ++len) {
      internal::FoldLower(forms[i + len - 1], &folded);
      h = PhraseStep(h, folded);
      const auto it = phrases_.find(h);
      if (it == phrases_.end()) {
        continue;
      }
      for (int t = 0; t < kTypes; ++t) {
        if ((it->second >> t) & 1U) {
          longest[t] = len;
        }
      }
    }
    for (int t = 0; t < kTypes; ++t) {
      if (longest[t] == 0 || i < covered[t]) {
        continue;
      }
      (*bits)[i] |= static_cast<uint8_t>(1U << (2 * t));
      for (size_t j = i + 1; j < i + longest[t]; ++j) {
        (*bits)[j] |= static_cast<uint8_t>(1U << (2 * t + 1));
      }
      covered[t] = i + longest[t];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The recognizer

namespace internal {

// Per-sentence inputs beyond PrepareWords: gazetteer marks, and UPOS hashes into a->h_amb
// (the tagger's scratch, which it no longer needs once a->upos is filled).
void PrepareNer(uint32_t flags, const Gazetteer* gazetteer, Analysis* a) {
  PrepareWords(a);
  const size_t n = a->forms.size();
  if ((flags & kUsesGazetteer) != 0 && gazetteer != nullptr) {
    gazetteer->Mark(a->forms, &a->gazetteer);
  } else {
    a->gazetteer.assign(n, 0);
  }
  a->h_amb.resize(n);
  for (size_t i = 0; i < n; ++i) {
    a->h_amb[i] = (flags & kUsesTags) != 0 && i < a->upos.size() ? HashBytes(a->upos[i]) : 3;
  }
  // Runs of capitalized words: "Del Frisco 's", "Pari Chowk", "Carr Futures" are named by
  // their first and last words, whatever the words between.
  std::vector<int32_t>& run_first = a->scratch_i[0];
  std::vector<int32_t>& run_last = a->scratch_i[1];
  run_first.assign(n, -1);
  run_last.assign(n, -1);
  for (size_t i = 0; i < n;) {
    if ((a->word_flags[i] & (kCapitalized | kAllCaps)) == 0) {
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (end < n && (a->word_flags[end] & (kCapitalized | kAllCaps)) != 0) {
      ++end;
    }
    for (size_t j = i; j < end; ++j) {
      run_first[j] = static_cast<int32_t>(i);
      run_last[j] = static_cast<int32_t>(end - 1);
    }
    i = end;
  }
}

// 0: no letter word after the first; 1 mostly lower case; 2 mixed; 3 mostly capitalized
// (headlines, titles); 4 all caps.
uint64_t SentenceCasing(const Analysis& a) {
  int letters = 0, caps = 0, all_caps = 0;
  for (size_t i = 1; i < a.forms.size(); ++i) {
    const uint8_t f = a.word_flags[i];
    if ((f & kNoLetter) != 0) {
      continue;
    }
    ++letters;
    caps += (f & kCapitalized) != 0;
    all_caps += (f & kAllCaps) != 0;
  }
  if (letters == 0) {
    return 0;
  }
  if (all_caps * 10 >= letters * 8) {
    return 4;
  }
  if (caps * 10 >= letters * 7) {
    return 3;
  }
  return caps == 0 ? 1 : 2;
}

// Features of word i given the previous two labels (-1 before the sentence).
void NerFeatures(const Analysis& a, int i, int l1, int l2, uint64_t casing, uint32_t model_flags,
                 std::vector<uint64_t>* f, bool hide_word) {
  const int n = static_cast<int>(a.forms.size());
  auto pick = [&](const std::vector<uint64_t>& v, int j) -> uint64_t {
    return j < 0 ? 1 : j >= n ? 2 : v[j];
  };
  auto flags_at = [&](int j) -> uint64_t {
    return j < 0 ? 0x100 : j >= n ? 0x200 : a.word_flags[j];
  };
  auto gaz = [&](int j) -> uint64_t { return j < 0 ? 0x100 : j >= n ? 0x200 : a.gazetteer[j]; };
  const uint64_t p1 = static_cast<uint64_t>(l1 + 1);
  const uint64_t p2 = static_cast<uint64_t>(l2 + 1);
  const uint64_t form = a.h_form[i], low = a.h_lower[i], shape = a.h_shape[i];
  const uint64_t flags = a.word_flags[i];
  f->clear();
  f->push_back(Feat(0, 0));
  if (!hide_word) {
    f->push_back(Feat(1, form));
  }
  if (!hide_word) {
    f->push_back(Feat(2, low));
  }
  for (int k = 0; k < 4; ++k) {
    if (a.h_suf[k][i] != 0) {
      f->push_back(Feat(3 + k, a.h_suf[k][i]));
    }
  }
  for (int k = 0; k < 3; ++k) {
    f->push_back(Feat(7 + k, a.h_pre[k][i]));
  }
  f->push_back(Feat(10, shape));
  f->push_back(Feat(11, flags));
  f->push_back(Feat(12, pick(a.h_lower, i - 1)));
  f->push_back(Feat(13, pick(a.h_lower, i + 1)));
  f->push_back(Feat(14, pick(a.h_lower, i - 2)));
  f->push_back(Feat(15, pick(a.h_lower, i + 2)));
  f->push_back(Feat(16, pick(a.h_form, i - 1)));
  f->push_back(Feat(17, pick(a.h_form, i + 1)));
  f->push_back(Feat(18, pick(a.h_shape, i - 1), shape, pick(a.h_shape, i + 1)));
  f->push_back(Feat(19, pick(a.h_shape, i - 1), shape));
  f->push_back(Feat(20, shape, pick(a.h_shape, i + 1)));
  if (!hide_word) {
    f->push_back(Feat(21, pick(a.h_lower, i - 1), low));
  }
  if (!hide_word) {
    f->push_back(Feat(22, low, pick(a.h_lower, i + 1)));
  }
  f->push_back(Feat(23, flags_at(i - 1), flags, flags_at(i + 1)));
  f->push_back(Feat(24, casing, flags));
  if (!hide_word) {
    f->push_back(Feat(25, casing, low));
  }
  f->push_back(Feat(26, p1));
  f->push_back(Feat(27, p1, p2));
  if (!hide_word) {
    f->push_back(Feat(28, p1, low));
  }
  f->push_back(Feat(29, p1, shape));
  f->push_back(Feat(30, p1, flags));
  f->push_back(Feat(31, pick(a.h_lower, i - 1), shape));
  f->push_back(Feat(32, shape, pick(a.h_lower, i + 1)));
  f->push_back(Feat(33, p1, pick(a.h_lower, i - 1)));
  f->push_back(Feat(34, pick(a.h_suf[2], i - 1)));
  f->push_back(Feat(35, pick(a.h_suf[2], i + 1)));
  f->push_back(Feat(36, pick(a.h_lower, i - 2), pick(a.h_lower, i - 1)));
  f->push_back(Feat(37, pick(a.h_lower, i + 1), pick(a.h_lower, i + 2)));
  if (const int first = a.scratch_i[0][i]; first >= 0) {
    const int last = a.scratch_i[1][i];
    const uint64_t length = static_cast<uint64_t>(std::min(last - first + 1, 4));
    const uint64_t place = i == first ? 0 : i == last ? 1 : 2;
    f->push_back(Feat(38, length, place));
    f->push_back(Feat(39, a.h_lower[last], i == last));
    f->push_back(Feat(46, a.h_lower[first], i == first));
    f->push_back(Feat(47, a.h_suf[2][last], place));
  }
  if ((model_flags & kUsesGazetteer) != 0) {
    const uint64_t g = gaz(i);
    if (g != 0) {
      f->push_back(Feat(40, g));
      f->push_back(Feat(41, g, flags));
      f->push_back(Feat(42, g, p1));
      f->push_back(Feat(43, g, casing));
    }
    if (gaz(i - 1) != 0) {
      f->push_back(Feat(44, gaz(i - 1)));
    }
    if (gaz(i + 1) != 0) {
      f->push_back(Feat(45, gaz(i + 1)));
    }
  }
  if ((model_flags & kUsesTags) != 0) {
    const uint64_t t = a.h_amb[i];
    f->push_back(Feat(50, t));
    f->push_back(Feat(51, pick(a.h_amb, i - 1)));
    f->push_back(Feat(52, pick(a.h_amb, i + 1)));
    f->push_back(Feat(53, pick(a.h_amb, i - 1), t));
    f->push_back(Feat(54, t, pick(a.h_amb, i + 1)));
    f->push_back(Feat(55, t, flags));
    f->push_back(Feat(56, t, p1));
  }
}

}  // namespace internal

std::string_view Ner::LabelName(int label) {
  return label >= 0 && label < kLabels ? kLabelNames[label] : kLabelNames[0];
}

int Ner::LabelOf(std::string_view name) {
  if (name.size() < 3 || name[1] != '-' || (name[0] != 'B' && name[0] != 'I')) {
    return 0;
  }
  const int type = TypeFromName(name.substr(2));
  return type < 0 ? 0 : 1 + 2 * type + (name[0] == 'I' ? 1 : 0);
}

struct Ner::Impl {
  uint32_t flags = 0;
  // Subtracted from the score of O, in the model's integer units: the perceptron learns to be
  // cautious (precision well above recall), and a margin tuned on dev trades some back.
  int32_t o_margin = 0;
  internal::CompactModel model;

  // The allowed labels after `prev`.
  static void Allowed(int prev, bool* allowed) {
    for (int c = 0; c < kLabels; ++c) {
      allowed[c] = MayFollow(prev, c);
    }
  }

  void Recognize(Analysis* a, const Gazetteer* gazetteer) const {
    internal::PrepareNer(flags, gazetteer, a);
    const int n = static_cast<int>(a->forms.size());
    a->entities.resize(n);
    a->entity_names.resize(n);
    const uint64_t casing = internal::SentenceCasing(*a);
    std::array<int32_t, kLabels> scores;
    bool allowed[kLabels];
    int l1 = -1, l2 = -1;
    for (int i = 0; i < n; ++i) {
      internal::NerFeatures(*a, i, l1, l2, casing, flags, &a->feats);
      scores.fill(0);
      model.Score(a->feats, scores.data());
      scores[0] -= o_margin;
      Allowed(l1, allowed);
      const int best = internal::ArgMax(scores.data(), kLabels, allowed);
      a->entities[i] = static_cast<uint8_t>(best);
      a->entity_names[i] = kLabelNames[best];
      l2 = l1;
      l1 = best;
    }
  }
};

Ner::Ner() : impl_(std::make_unique<Impl>()) {}
Ner::~Ner() = default;

void Ner::Recognize(Analysis* a, const Gazetteer* gazetteer) const {
  impl_->Recognize(a, gazetteer);
}
bool Ner::UsesTags() const { return (impl_->flags & kUsesTags) != 0; }
bool Ner::UsesGazetteer() const { return (impl_->flags & kUsesGazetteer) != 0; }

Status Ner::Save(const std::string& path) const {
  internal::BinWriter out;
  out.U32(impl_->flags);
  out.U32(static_cast<uint32_t>(impl_->o_margin));
  impl_->model.Save(&out);
  return out.WriteFile(path, kKind);
}

Status Ner::Load(const std::string& path, std::unique_ptr<Ner>* out) {
  internal::BinReader in;
  CASUS_RETURN_IF_ERROR(in.Open(path, kKind));
  auto ner = std::make_unique<Ner>();
  ner->impl_->flags = in.U32();
  ner->impl_->o_margin = static_cast<int32_t>(in.U32());
  CASUS_RETURN_IF_ERROR(ner->impl_->model.Load(&in).WithContext(path));
  CASUS_RETURN_IF_ERROR(in.Finish());
  if (ner->impl_->model.classes() != kLabels ||
      (ner->impl_->flags & ~(kUsesTags | kUsesGazetteer)) != 0) {
    return Status::Corruption(path + ": not a PER/ORG/LOC BIO model");
  }
  *out = std::move(ner);
  return Status::OK();
}

namespace {

std::vector<std::string_view> FormsOf(const TreebankSentence& s) {
  std::vector<std::string_view> forms;
  forms.reserve(s.words.size());
  for (const Word& w : s.words) {
    forms.emplace_back(w.form);
  }
  return forms;
}

// Tags `a` with `tagger` when the model wants tags.
void TagIfNeeded(const Ner& ner, const Tagger* tagger, Analysis* a) {
  if (ner.UsesTags() && tagger != nullptr) {
    tagger->Tag(a);
  }
}

}  // namespace

void ScoreNer(const Ner& ner, const Tagger* tagger, const Gazetteer* gazetteer,
              const std::vector<TreebankSentence>& gold, NerScores* scores) {
  Analysis a;
  std::vector<std::string_view> gold_labels;
  for (const TreebankSentence& s : gold) {
    const auto forms = FormsOf(s);
    a.Reset(forms);
    TagIfNeeded(ner, tagger, &a);
    ner.Recognize(&a, gazetteer);
    gold_labels.clear();
    for (const Word& w : s.words) {
      gold_labels.emplace_back(w.entity);
    }
    scores->Add(gold_labels, a.entity_names);
  }
}

Status Ner::Train(const std::vector<TreebankSentence>& train,
                  const std::vector<TreebankSentence>& dev, const Tagger* tagger,
                  const Gazetteer* gazetteer, const TrainOptions& options,
                  std::unique_ptr<Ner>* out) {
  if (train.empty()) {
    return Status::InvalidInput("NER training data is empty");
  }
  auto ner = std::make_unique<Ner>();
  Impl& impl = *ner->impl_;
  impl.flags = (tagger != nullptr ? kUsesTags : 0) | (gazetteer != nullptr ? kUsesGazetteer : 0);

  // Everything that does not depend on the weights is computed once.
  std::vector<Analysis> data(train.size());
  std::vector<std::vector<uint8_t>> gold(train.size());
  std::vector<uint64_t> casing(train.size());
  for (size_t s = 0; s < train.size(); ++s) {
    const auto forms = FormsOf(train[s]);
    data[s].Reset(forms);
    if (tagger != nullptr) {
      tagger->Tag(&data[s]);
    }
    internal::PrepareNer(impl.flags, gazetteer, &data[s]);
    casing[s] = internal::SentenceCasing(data[s]);
    int prev = -1;
    for (const Word& w : train[s].words) {
      int label = LabelOf(w.entity);
      if (!MayFollow(prev, label)) {
        label -= 1;  // a stray I- opens its span, as conlleval reads it
      }
      gold[s].push_back(static_cast<uint8_t>(label));
      prev = label;
    }
    // Views into train[s] must outlive `data`: they do, `train` is the caller's.
  }

  internal::TrainWeights weights(kLabels);
  internal::Rng rng(options.seed);
  std::vector<size_t> order(train.size());
  for (size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  const int epochs = options.epochs > 0 ? options.epochs : 12;
  double best_f1 = -1;
  internal::CompactModel best;
  std::vector<uint64_t> feats;
  std::array<float, kLabels> scores;
  bool allowed[kLabels];
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    rng.Shuffle(&order);
    size_t errors = 0, total = 0;
    for (size_t s : order) {
      const Analysis& a = data[s];
      int l1 = -1, l2 = -1;
      for (size_t i = 0; i < a.forms.size(); ++i) {
        // Word dropout: now and then the word itself is hidden, so that the weights learn to
        // read shape, affixes and context as they must for names never seen in training.
        const bool hide = rng.Unit() < kWordDropout;
        internal::NerFeatures(a, static_cast<int>(i), l1, l2, casing[s], impl.flags, &feats, hide);
        scores.fill(0.0F);
        weights.Score(feats, scores.data());
        Impl::Allowed(l1, allowed);
        const int guess = internal::ArgMax(scores.data(), kLabels, allowed);
        const int truth = gold[s][i];
        weights.Update(feats, truth, guess);
        weights.Tick();
        errors += guess != truth;
        ++total;
        l2 = l1;
        l1 = guess;
      }
    }
    impl.model = weights.Average(0.0F);
    NerScores dev_scores;
    ScoreNer(*ner, tagger, gazetteer, dev, &dev_scores);
    const double f1 = dev.empty() ? static_cast<double>(epoch) : dev_scores.F1(kTypes);
    if (options.log != nullptr) {
      *options.log << fmt::format("ner epoch {} train errors {:.2f}% dev F1 {:.2f} rows {}\n",
                                  epoch, 100.0 * errors / std::max<size_t>(total, 1), f1,
                                  impl.model.rows())
                   << std::flush;
    }
    if (f1 > best_f1) {
      best_f1 = f1;
      best = impl.model;
    }
  }
  impl.model = std::move(best);
  // The margin for O: the best dev F1 over a few values (in averaged-weight units).
  if (!dev.empty()) {
    double best_margin_f1 = -1;
    int32_t best_margin = 0;
    for (float margin : {0.0F, 0.5F, 1.0F, 2.0F, 3.0F, 4.0F, 6.0F, 8.0F}) {
      impl.o_margin = static_cast<int32_t>(std::lround(margin / impl.model.scale()));
      NerScores dev_scores;
      ScoreNer(*ner, tagger, gazetteer, dev, &dev_scores);
      if (options.log != nullptr) {
        *options.log << fmt::format("ner O margin {} dev F1 {:.2f}\n", margin,
                                    dev_scores.F1(kTypes));
      }
      if (dev_scores.F1(kTypes) > best_margin_f1) {
        best_margin_f1 = dev_scores.F1(kTypes);
        best_margin = impl.o_margin;
      }
    }
    impl.o_margin = best_margin;
  }
  *out = std::move(ner);
  return Status::OK();
}

// ---------------------------------------------------------------------------------------------
// Scoring

void EntitySpans(std::span<const std::string_view> labels, std::vector<EntitySpan>* spans) {
  spans->clear();
  int open_type = -1;
  for (size_t i = 0; i < labels.size(); ++i) {
    const std::string_view l = labels[i];
    const bool tagged = l.size() >= 3 && l[1] == '-' && (l[0] == 'B' || l[0] == 'I');
    const int type = tagged ? TypeFromName(l.substr(2)) : -1;
    if (type < 0) {
      open_type = -1;
      continue;
    }
    if (l[0] == 'I' && type == open_type) {
      spans->back().last = static_cast<int>(i);
      continue;
    }
    spans->push_back({static_cast<int>(i), static_cast<int>(i), type});
    open_type = type;
  }
}

void NerScores::Add(std::span<const std::string_view> gold_labels,
                    std::span<const std::string_view> system_labels) {
  std::vector<EntitySpan> g, s;
  EntitySpans(gold_labels, &g);
  EntitySpans(system_labels, &s);
  for (const EntitySpan& e : g) {
    ++gold[e.type];
    ++gold[kTypes];
  }
  for (const EntitySpan& e : s) {
    ++system[e.type];
    ++system[kTypes];
    // Spans of one sequence are disjoint and ordered, so a linear search is exact.
    if (std::find(g.begin(), g.end(), e) != g.end()) {
      ++correct[e.type];
      ++correct[kTypes];
    }
  }
}

double NerScores::Precision(int t) const {
  return system[t] == 0 ? 0.0 : 100.0 * static_cast<double>(correct[t]) / system[t];
}
double NerScores::Recall(int t) const {
  return gold[t] == 0 ? 0.0 : 100.0 * static_cast<double>(correct[t]) / gold[t];
}
double NerScores::F1(int t) const {
  return gold[t] + system[t] == 0
             ? 0.0
             : 200.0 * static_cast<double>(correct[t]) / static_cast<double>(gold[t] + system[t]);
}

}  // namespace casus::lang
