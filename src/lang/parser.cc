// The dependency parser: greedy labelled arc-eager transitions scored by a linear model over the
// rich non-local features of Zhang & Nivre (2011), trained as an averaged perceptron with the
// dynamic oracle and exploration of Goldberg & Nivre (2012).
//
// Classes: 0 Shift, 1 Reduce, 2 + l Left-arc labelled l, 2 + L + l Right-arc labelled l. Only
// the root label may join a word to the root, and only the root may take it, so that the output
// is always a tree with one word labelled root.
#include <algorithm>
#include <array>
#include <numeric>
#include <ostream>
#include <unordered_map>

#include <fmt/format.h>

#include "lang/lang.h"
#include "lang/lang_internal.h"

namespace casus::lang {

using internal::Feat;
using internal::HashBytes;
using internal::Mix;

namespace {

constexpr std::string_view kKind = "parser";
constexpr uint64_t kAbsent = 0x5eed0001;  // the value of a missing position
constexpr int kDefaultEpochs = 15;
// Taggers trained for the training sentences' tags: with 2 each saw half of train and tagged
// worse than the shipped tagger does new text; 4 see three quarters (10 gave no better dev LAS).
constexpr int kJackknifeFolds = 4;
constexpr int kPatience = 3;      // epochs without a better dev LAS before stopping
constexpr double kExplore = 0.9;  // how often training follows its own wrong move
// Averaged weights below a threshold are not shipped: training tries these and keeps the most
// pruned model whose dev LAS is within kPruneLoss of the least pruned one (in EWT that is 11 MB
// instead of 25), and never one over kMaxModelBytes when a more pruned one fits (the shipped
// models must stay under 30 MB together).
constexpr float kPrunes[] = {0.05F, 0.5F, 1.0F, 2.0F, 4.0F, 8.0F};
constexpr double kPruneLoss = 0.3;
constexpr size_t kMaxModelBytes = 18'000'000;

inline uint64_t Join(uint64_t a, uint64_t b) { return Mix(a ^ Mix(b)); }

int DistanceBucket(int d) {
  if (d <= 5) {
    return d;
  }
  return d <= 10 ? 6 : 7;
}

// The universal part of a relation ("nmod" of "nmod:poss").
std::string_view Universal(std::string_view rel) { return rel.substr(0, rel.find(':')); }

// Per-word hashes of one sentence, the root appended at position n.
struct WordHashes {
  const uint64_t* form;
  const uint64_t* upos;
  const uint64_t* xpos;
};

void HashWords(std::span<const std::string_view> forms, std::span<const std::string_view> upos,
               std::span<const std::string_view> xpos, std::string* buf,
               std::vector<uint64_t>* form_h, std::vector<uint64_t>* upos_h,
               std::vector<uint64_t>* xpos_h) {
  const size_t n = forms.size();
  form_h->resize(n + 1);
  upos_h->resize(n + 1);
  xpos_h->resize(n + 1);
  for (size_t i = 0; i < n; ++i) {
    internal::FoldLower(forms[i], buf);
    (*form_h)[i] = HashBytes(*buf);
    (*upos_h)[i] = i < upos.size() ? HashBytes(upos[i]) : 3;
    (*xpos_h)[i] = i < xpos.size() ? HashBytes(xpos[i]) : 3;
  }
  (*form_h)[n] = 0x700700;
  (*upos_h)[n] = 0x700701;
  (*xpos_h)[n] = 0x700702;
}

// Appends the features of a parser state to *f.
void Features(const ArcEager& st, const WordHashes& h, std::vector<uint64_t>* f) {
  f->clear();
  const int s0 = st.S0(), s1 = st.S1(), n0 = st.B(0), n1 = st.B(1), n2 = st.B(2);
  const int n = st.n();
  auto W = [&](int i) { return i < 0 ? kAbsent : h.form[i]; };
  auto P = [&](int i) { return i < 0 ? kAbsent : h.xpos[i]; };
  auto U = [&](int i) { return i < 0 ? kAbsent : h.upos[i]; };
  auto L = [&](int i) { return i < 0 ? kAbsent : static_cast<uint64_t>(st.Label(i) + 1); };
  const int s0h = s0 >= 0 ? st.Head(s0) : -1;
  const int s0h2 = s0h >= 0 && s0h < n ? st.Head(s0h) : -1;
  const int s0l = s0 >= 0 ? st.LeftChild(s0, 0) : -1;
  const int s0l2 = s0 >= 0 ? st.LeftChild(s0, 1) : -1;
  const int s0r = s0 >= 0 ? st.RightChild(s0, 0) : -1;
  const int s0r2 = s0 >= 0 ? st.RightChild(s0, 1) : -1;
  const int n0l = st.LeftChild(n0, 0);
  const int n0l2 = st.LeftChild(n0, 1);
  const uint64_t d = s0 < 0 ? 0 : n0 == n ? 9 : DistanceBucket(n0 - s0);
  const uint64_t s0vl = s0 < 0 ? kAbsent : st.LeftCount(s0);
  const uint64_t s0vr = s0 < 0 ? kAbsent : st.RightCount(s0);
  const uint64_t n0vl = st.LeftCount(n0);
  const uint64_t s0sl = s0 < 0 ? kAbsent : st.LeftLabels(s0);
  const uint64_t s0sr = s0 < 0 ? kAbsent : st.RightLabels(s0);
  const uint64_t n0sl = st.LeftLabels(n0);

  const uint64_t s0w = W(s0), s0p = P(s0), n0w = W(n0), n0p = P(n0);
  const uint64_t s0wp = Join(s0w, s0p), n0wp = Join(n0w, n0p);
  uint32_t t = 0;
  auto add = [&](auto... v) { f->push_back(Feat(t++, v...)); };
  add(uint64_t{1});  // bias
  // Single words.
  add(s0wp);
  add(s0w);
  add(s0p);
  add(n0wp);
  add(n0w);
  add(n0p);
  add(W(n1), P(n1));
  add(W(n1));
  add(P(n1));
  add(W(n2), P(n2));
  add(W(n2));
  add(P(n2));
  // Word pairs.
  add(s0wp, n0wp);
  add(s0wp, n0w);
  add(s0w, n0wp);
  add(s0wp, n0p);
  add(s0p, n0wp);
  add(s0w, n0w);
  add(s0p, n0p);
  add(n0p, P(n1));
  // Three words.
  add(n0p, P(n1), P(n2));
  add(s0p, n0p, P(n1));
  add(P(s0h), s0p, n0p);
  add(s0p, P(s0l), n0p);
  add(s0p, P(s0r), n0p);
  add(s0p, n0p, P(n0l));
  // Distance.
  add(s0w, d);
  add(s0p, d);
  add(n0w, d);
  add(n0p, d);
  add(s0w, n0w, d);
  add(s0p, n0p, d);
  // Valency.
  add(s0w, s0vr);
  add(s0p, s0vr);
  add(s0w, s0vl);
  add(s0p, s0vl);
  add(n0w, n0vl);
  add(n0p, n0vl);
  // Heads and children.
  add(W(s0h));
  add(P(s0h));
  add(L(s0));
  add(W(s0l));
  add(P(s0l));
  add(L(s0l));
  add(W(s0r));
  add(P(s0r));
  add(L(s0r));
  add(W(n0l));
  add(P(n0l));
  add(L(n0l));
  // Third order.
  add(W(s0h2));
  add(P(s0h2));
  add(L(s0h));
  add(W(s0l2));
  add(P(s0l2));
  add(L(s0l2));
  add(W(s0r2));
  add(P(s0r2));
  add(L(s0r2));
  add(W(n0l2));
  add(P(n0l2));
  add(L(n0l2));
  add(s0p, P(s0l), P(s0l2));
  add(s0p, P(s0r), P(s0r2));
  add(s0p, P(s0h), P(s0h2));
  add(n0p, P(n0l), P(n0l2));
  // Label sets.
  add(s0w, s0sr);
  add(s0p, s0sr);
  add(s0w, s0sl);
  add(s0p, s0sl);
  add(n0w, n0sl);
  add(n0p, n0sl);
  // The second stack word, and universal tags.
  add(W(s1));
  add(P(s1));
  add(P(s1), s0p, n0p);
  add(P(s1), s0p);
  add(L(s1), s0p, n0p);
  add(U(s0), U(n0));
  add(U(s0), U(n0), U(n1));
  add(U(s1), U(s0), U(n0));
  add(U(s0), U(n0), d);
  add(s0w, L(s0), n0p);
}

}  // namespace

struct Parser::Impl {
  std::vector<std::string> labels;
  uint16_t root_label = 0;
  uint16_t fallback_label = 0;  // for extra children of the root
  internal::CompactModel model;

  [[nodiscard]] int L() const { return static_cast<int>(labels.size()); }
  [[nodiscard]] int Classes() const { return 2 + 2 * L(); }
  [[nodiscard]] ArcEager::Move MoveOf(int c) const {
    return c == 0        ? ArcEager::kShift
           : c == 1      ? ArcEager::kReduce
           : c < 2 + L() ? ArcEager::kLeft
                         : ArcEager::kRight;
  }
  [[nodiscard]] int LabelOf(int c) const { return c < 2 ? 0 : (c - 2) % L(); }

  // Which classes are legal in `st`.
  void Allowed(const ArcEager& st, bool* allowed) const {
    const bool to_root = st.B(0) == st.n();
    allowed[0] = st.Legal(ArcEager::kShift);
    allowed[1] = st.Legal(ArcEager::kReduce);
    const bool left = st.Legal(ArcEager::kLeft);
    const bool right = st.Legal(ArcEager::kRight);
    for (int l = 0; l < L(); ++l) {
      const bool is_root = l == root_label;
      allowed[2 + l] = left && is_root == to_root;
      allowed[2 + L() + l] = right && !is_root;
    }
  }

  // Parses with hashes already in a->p_*; leaves the state in a->transitions.
  template <typename ScoreFn>
  void Run(Analysis* a, int n, ScoreFn score) const {
    ArcEager& st = a->transitions;
    st.Start(n);
    const WordHashes h{a->p_form.data(), a->p_upos.data(), a->p_xpos.data()};
    const int classes = Classes();
    std::array<bool, internal::kMaxClasses> allowed{};
    while (!st.Done()) {
      Features(st, h, &a->feats);
      Allowed(st, allowed.data());
      const int c = score(a->feats, allowed.data(), classes);
      st.Apply(MoveOf(c), LabelOf(c));
    }
  }

  // Reads the finished state into a->heads and a->rels.
  void Finish(Analysis* a) const {
    const ArcEager& st = a->transitions;
    st.Heads(&a->heads);
    const int n = st.n();
    a->rels.resize(n);
    a->rel_names.resize(n);
    for (int i = 0; i < n; ++i) {
      uint16_t rel = static_cast<uint16_t>(std::max(st.Label(i), 0));
      if (a->heads[i] < 0) {
        rel = root_label;
      } else if (rel == root_label) {
        rel = fallback_label;
      }
      a->rels[i] = rel;
      a->rel_names[i] = labels[rel];
    }
  }
};

Parser::Parser() : impl_(std::make_unique<Impl>()) {}
Parser::~Parser() = default;

size_t Parser::Labels() const { return impl_->labels.size(); }
std::string_view Parser::LabelName(uint16_t rel) const { return impl_->labels[rel]; }

void Parser::Parse(Analysis* a) const {
  const int n = static_cast<int>(a->forms.size());
  a->heads.assign(n, -1);
  if (n == 0) {
    a->rels.clear();
    a->rel_names.clear();
    return;
  }
  HashWords(a->forms, a->upos, a->xpos, &a->buf, &a->p_form, &a->p_upos, &a->p_xpos);
  const Impl& m = *impl_;
  m.Run(a, n, [&](const std::vector<uint64_t>& feats, const bool* allowed, int classes) {
    std::array<int32_t, internal::kMaxClasses> scores{};
    m.model.Score(feats, scores.data());
    return internal::ArgMax(scores.data(), classes, allowed);
  });
  m.Finish(a);
}

Status Parser::Save(const std::string& path) const {
  internal::BinWriter out;
  out.Strings(impl_->labels);
  out.U32(impl_->root_label);
  out.U32(impl_->fallback_label);
  impl_->model.Save(&out);
  return out.WriteFile(path, kKind);
}

Status Parser::Load(const std::string& path, std::unique_ptr<Parser>* out) {
  internal::BinReader in;
  CASUS_RETURN_IF_ERROR(in.Open(path, kKind));
  auto parser = std::make_unique<Parser>();
  Impl& m = *parser->impl_;
  in.Strings(&m.labels);
  m.root_label = static_cast<uint16_t>(in.U32());
  m.fallback_label = static_cast<uint16_t>(in.U32());
  const Status loaded = m.model.Load(&in);
  if (!loaded.ok()) {
    return Status::Corruption(path + ": " + loaded.ToString());
  }
  CASUS_RETURN_IF_ERROR(in.Finish());
  if (m.labels.empty() || m.Classes() > internal::kMaxClasses || m.model.classes() != m.Classes() ||
      m.root_label >= m.labels.size() || m.fallback_label >= m.labels.size()) {
    return Status::Corruption(path + ": parser labels do not match its model");
  }
  *out = std::move(parser);
  return Status::OK();
}

namespace {

// A training or evaluation sentence with its tags fixed (gold, or from the tagger).
struct Prepared {
  std::vector<std::string_view> forms, upos, xpos;
  std::vector<int32_t> heads;    // gold, projectivized for training
  std::vector<uint16_t> labels;  // gold label classes
};

void Prepare(const TreebankSentence& s, const Tagger* tagger, Analysis* a, Prepared* p) {
  p->forms.clear();
  for (const Word& w : s.words) {
    p->forms.push_back(w.form);
  }
  if (tagger != nullptr) {
    a->Reset(p->forms);
    tagger->Tag(a);
    p->upos = a->upos;
    p->xpos = a->xpos;
  } else {
    p->upos.clear();
    p->xpos.clear();
    for (const Word& w : s.words) {
      p->upos.push_back(w.upos);
      p->xpos.push_back(w.xpos);
    }
  }
}

// Parses `p` with `parser` into a (gold tokens).
void ParsePrepared(const Parser& parser, const Prepared& p, Analysis* a) {
  a->Reset(p.forms);
  a->upos = p.upos;
  a->xpos = p.xpos;
  parser.Parse(a);
}

void Score(const Prepared& p, const TreebankSentence& gold, const Analysis& a,
           ParseScores* scores) {
  for (size_t i = 0; i < gold.words.size(); ++i) {
    const Word& w = gold.words[i];
    ++scores->gold_words;
    ++scores->system_words;
    ++scores->aligned;
    scores->upos += p.upos[i] == w.upos ? 1 : 0;
    scores->xpos += p.xpos[i] == w.xpos ? 1 : 0;
    if (a.heads[i] == w.head) {
      ++scores->uas;
      if (Universal(a.rel_names[i]) == Universal(w.rel)) {
        ++scores->las;
      }
    }
  }
}

}  // namespace

void EvaluateParser(const Parser& parser, const Tagger* tagger,
                    const std::vector<TreebankSentence>& gold, ParseScores* scores) {
  Analysis a;
  Prepared p;
  for (const TreebankSentence& s : gold) {
    Prepare(s, tagger, &a, &p);
    ParsePrepared(parser, p, &a);
    Score(p, s, a, scores);
    ++scores->gold_sentences;
    ++scores->system_sentences;
    ++scores->matched_sentences;
  }
}

Status JackknifeTags(int folds, const std::vector<TreebankSentence>& dev,
                     const TrainOptions& options, std::vector<TreebankSentence>* sentences) {
  if (folds < 2) {
    return Status::InvalidInput("jackknifing needs at least two folds");
  }
  std::vector<TreebankSentence>& all = *sentences;
  std::vector<std::vector<std::string>> upos(all.size()), xpos(all.size());
  Analysis a;
  std::vector<std::string_view> forms;
  for (int fold = 0; fold < folds; ++fold) {
    std::vector<TreebankSentence> rest;
    for (size_t i = 0; i < all.size(); ++i) {
      if (static_cast<int>(i % folds) != fold) {
        rest.push_back(all[i]);
      }
    }
    std::unique_ptr<Tagger> tagger;
    CASUS_RETURN_IF_ERROR(Tagger::Train(rest, dev, options, &tagger));
    for (size_t i = fold; i < all.size(); i += folds) {
      forms.clear();
      for (const Word& w : all[i].words) {
        forms.push_back(w.form);
      }
      a.Reset(forms);
      tagger->Tag(&a);
      upos[i].assign(a.upos.begin(), a.upos.end());
      xpos[i].assign(a.xpos.begin(), a.xpos.end());
    }
  }
  for (size_t i = 0; i < all.size(); ++i) {
    for (size_t w = 0; w < all[i].words.size(); ++w) {
      all[i].words[w].upos = upos[i][w];
      all[i].words[w].xpos = xpos[i][w];
    }
  }
  return Status::OK();
}

Status Parser::Train(const std::vector<TreebankSentence>& train,
                     const std::vector<TreebankSentence>& dev, const Tagger* tagger,
                     const TrainOptions& options, std::unique_ptr<Parser>* out) {
  auto parser = std::make_unique<Parser>();
  Impl& m = *parser->impl_;
  // Labels in order of first appearance, so that the class numbering is deterministic.
  std::unordered_map<std::string, uint16_t> label_of;
  auto intern = [&](const std::string& rel) {
    auto [it, added] = label_of.try_emplace(rel, static_cast<uint16_t>(m.labels.size()));
    if (added) {
      m.labels.push_back(rel);
    }
    return it->second;
  };
  m.root_label = intern("root");
  for (const TreebankSentence& s : train) {
    for (const Word& w : s.words) {
      intern(w.rel.empty() ? "dep" : w.rel);
    }
  }
  m.fallback_label = label_of.count("parataxis") != 0 ? label_of["parataxis"]
                     : label_of.count("dep") != 0     ? label_of["dep"]
                                                      : intern("dep");
  if (m.Classes() > internal::kMaxClasses) {
    return Status::InvalidInput(fmt::format("{} dependency labels: the parser takes at most {}",
                                            m.labels.size(), (internal::kMaxClasses - 2) / 2));
  }

  // Fix the tags and gold trees once. With a tagger, the training sentences get jackknifed tags
  // (a tagger that saw them would tag them almost perfectly, unlike new text) and dev the
  // tagger's own.
  std::vector<TreebankSentence> retagged;
  if (tagger != nullptr) {
    retagged = train;
    TrainOptions tagger_options;
    tagger_options.seed = options.seed;
    tagger_options.log = options.log;
    CASUS_RETURN_IF_ERROR(JackknifeTags(kJackknifeFolds, dev, tagger_options, &retagged));
  }
  const std::vector<TreebankSentence>& tagged = tagger != nullptr ? retagged : train;
  Analysis a;
  std::vector<Prepared> data(train.size());
  size_t lifted = 0, words = 0;
  for (size_t s = 0; s < train.size(); ++s) {
    Prepare(tagged[s], nullptr, &a, &data[s]);
    Prepared& p = data[s];
    for (const Word& w : train[s].words) {
      p.heads.push_back(w.head);
      p.labels.push_back(label_of[w.rel.empty() ? "dep" : w.rel]);
    }
    int roots = 0;
    for (int32_t h : p.heads) {
      roots += h < 0 ? 1 : 0;
    }
    if (roots != 1) {
      return Status::InvalidInput(
          fmt::format("training sentence {} ({}) has {} roots", s + 1, train[s].sent_id, roots));
    }
    lifted += Projectivize(&p.heads) > 0 ? 1 : 0;
    words += p.forms.size();
  }
  std::vector<Prepared> dev_data(dev.size());
  for (size_t s = 0; s < dev.size(); ++s) {
    Prepare(dev[s], tagger, &a, &dev_data[s]);
  }
  if (options.log != nullptr) {
    *options.log << fmt::format("parser: {} sentences, {} words, {} labels, {} projectivized\n",
                                train.size(), words, m.labels.size(), lifted);
  }

  const int classes = m.Classes();
  internal::TrainWeights weights(classes);
  internal::Rng rng(options.seed);
  std::vector<size_t> order(data.size());
  std::iota(order.begin(), order.end(), 0);
  const int epochs = options.epochs > 0 ? options.epochs : kDefaultEpochs;
  double best_las = -1;
  int best_epoch = 0;
  std::vector<internal::CompactModel> best_models;
  std::vector<double> best_las_at;
  std::vector<size_t> best_bytes_at;
  std::array<float, internal::kMaxClasses> scores{};
  std::array<int, internal::kMaxClasses> cost{};
  for (int epoch = 0; epoch < epochs; ++epoch) {
    rng.Shuffle(&order);
    size_t moves = 0, errors = 0;
    for (size_t s : order) {
      const Prepared& p = data[s];
      const int n = static_cast<int>(p.forms.size());
      if (n == 0) {
        continue;
      }
      HashWords(p.forms, p.upos, p.xpos, &a.buf, &a.p_form, &a.p_upos, &a.p_xpos);
      m.Run(&a, n, [&](const std::vector<uint64_t>& feats, const bool* allowed, int k) {
        const ArcEager& st = a.transitions;
        std::fill(scores.begin(), scores.begin() + k, 0.0F);
        weights.Score(feats, scores.data());
        int move_cost[ArcEager::kMoves];
        st.Costs(p.heads, move_cost);
        const int s0 = st.S0(), b0 = st.B(0);
        int min_cost = ArcEager::kIllegal;
        for (int c = 0; c < k; ++c) {
          if (!allowed[c]) {
            cost[c] = ArcEager::kIllegal;
            continue;
          }
          const ArcEager::Move mv = m.MoveOf(c);
          cost[c] = move_cost[mv];
          const int l = m.LabelOf(c);
          if (mv == ArcEager::kLeft && (p.heads[s0] < 0 ? n : p.heads[s0]) == b0 &&
              p.labels[s0] != l) {
            ++cost[c];
          } else if (mv == ArcEager::kRight && p.heads[b0] == s0 && p.labels[b0] != l) {
            ++cost[c];
          }
          min_cost = std::min(min_cost, cost[c]);
        }
        const int predicted = internal::ArgMax(scores.data(), k, allowed);
        int gold = -1;
        for (int c = 0; c < k; ++c) {
          if (cost[c] == min_cost && (gold < 0 || scores[c] > scores[gold])) {
            gold = c;
          }
        }
        ++moves;
        if (cost[predicted] > min_cost) {
          ++errors;
          weights.Update(feats, gold, predicted);
          weights.Tick();
          return epoch > 0 && rng.Unit() < kExplore ? predicted : gold;
        }
        weights.Tick();
        return predicted;
      });
    }
    // Dev scores at each pruning level; the least pruned decides the epoch.
    std::vector<internal::CompactModel> models;
    std::vector<double> las_at;
    std::vector<size_t> bytes_at;
    std::string sizes;
    double uas = 0;
    const internal::CompactModel averaged = weights.Average(kPrunes[0]);
    for (float prune : kPrunes) {
      m.model = averaged.Pruned(prune);
      ParseScores dev_scores;
      for (size_t s = 0; s < dev.size(); ++s) {
        ParsePrepared(*parser, dev_data[s], &a);
        Score(dev_data[s], dev[s], a, &dev_scores);
      }
      const double total = static_cast<double>(std::max<size_t>(dev_scores.gold_words, 1));
      if (models.empty()) {
        uas = 100.0 * static_cast<double>(dev_scores.uas) / total;
      }
      las_at.push_back(100.0 * static_cast<double>(dev_scores.las) / total);
      internal::BinWriter size;
      m.model.Save(&size);
      bytes_at.push_back(size.data().size());
      sizes += fmt::format(" [prune {}: LAS {:.2f}, {:.1f} MB]", prune, las_at.back(),
                           static_cast<double>(size.data().size()) / 1e6);
      models.push_back(std::move(m.model));
    }
    if (options.log != nullptr) {
      *options.log << fmt::format(
          "parser epoch {}: train move errors {:.2f}%, dev UAS {:.2f} LAS {:.2f},{}\n", epoch + 1,
          100.0 * static_cast<double>(errors) / static_cast<double>(std::max<size_t>(moves, 1)),
          uas, las_at[0], sizes);
      options.log->flush();
    }
    if (las_at[0] > best_las || dev.empty()) {
      best_las = las_at[0];
      best_epoch = epoch;
      best_models = std::move(models);
      best_las_at = las_at;
      best_bytes_at = bytes_at;
    } else if (epoch - best_epoch >= kPatience) {
      break;
    }
  }
  size_t chosen = 0;
  for (size_t i = 0; i < best_las_at.size(); ++i) {
    if (best_las_at[i] >= best_las_at[0] - kPruneLoss) {
      chosen = i;
    }
  }
  while (best_bytes_at[chosen] > kMaxModelBytes && chosen + 1 < best_bytes_at.size()) {
    ++chosen;
  }
  if (options.log != nullptr) {
    *options.log << fmt::format("parser: keeping epoch {} pruned at {} (dev LAS {:.2f})\n",
                                best_epoch + 1, kPrunes[chosen], best_las_at[chosen]);
  }
  m.model = std::move(best_models[chosen]);
  *out = std::move(parser);
  return Status::OK();
}

}  // namespace casus::lang
