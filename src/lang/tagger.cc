// The POS tagger: greedy left-to-right averaged perceptron over joint UPOS/XPOS classes.
#include <algorithm>
#include <array>
#include <map>
#include <ostream>
#include <unordered_map>

#include <fmt/format.h>

#include "lang/lang.h"
#include "lang/lang_internal.h"

namespace casus::lang {

using internal::Feat;
using internal::HashBytes;

void Analysis::Reset(std::span<const std::string_view> words) {
  const size_t n = words.size();
  forms.assign(words.begin(), words.end());
  tags.assign(n, 0);
  upos.assign(n, {});
  xpos.assign(n, {});
  lemmas.resize(n);
  heads.assign(n, -1);
  rels.assign(n, 0);
  rel_names.assign(n, {});
  entities.assign(n, 0);
  entity_names.assign(n, {});
}

namespace internal {

void PrepareWords(Analysis* a) {
  const size_t n = a->forms.size();
  a->h_form.resize(n);
  a->h_lower.resize(n);
  a->h_shape.resize(n);
  for (auto& v : a->h_pre) {
    v.resize(n);
  }
  for (auto& v : a->h_suf) {
    v.resize(n);
  }
  a->word_flags.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const std::string_view form = a->forms[i];
    a->h_form[i] = HashBytes(form);
    FoldLower(form, &a->buf);
    const std::string_view low = a->buf;
    a->h_lower[i] = HashBytes(low);
    for (size_t k = 0; k < 3; ++k) {
      a->h_pre[k][i] = HashBytes(low.substr(0, k + 1));
    }
    for (size_t k = 0; k < 4; ++k) {
      a->h_suf[k][i] = low.size() > k + 1 ? HashBytes(low.substr(low.size() - k - 1)) : 0;
    }
    Shape(form, &a->buf2);
    a->h_shape[i] = HashBytes(a->buf2);
    uint8_t flags = i == 0 ? kFirst : 0;
    bool letter = false, lower = false;
    int upper = 0;
    for (unsigned char c : form) {
      if (c >= 'A' && c <= 'Z') {
        ++upper;
        letter = true;
      } else if (c >= 'a' && c <= 'z') {
        lower = true;
        letter = true;
      } else if (c >= '0' && c <= '9') {
        flags |= kHasDigit;
      } else if (c == '-') {
        flags |= kHasHyphen;
      } else if (c >= 0x80) {
        letter = true;
      }
    }
    if (!form.empty() && form[0] >= 'A' && form[0] <= 'Z') {
      flags |= kCapitalized;
    }
    if (upper >= 2 && !lower) {
      flags |= kAllCaps;
    }
    if (!letter) {
      flags |= kNoLetter;
    }
    a->word_flags[i] = flags;
  }
}

}  // namespace internal

struct Tagger::Impl {
  std::vector<std::string> upos, xpos;         // per class
  std::unordered_map<uint64_t, uint64_t> amb;  // folded word hash → hash of its class set
  internal::CompactModel model;
  // The ambiguity class of a word the table does not know.
  static constexpr uint64_t kUnknownWord = 7;

  void Ambiguity(Analysis* a) const {
    const size_t n = a->forms.size();
    a->h_amb.resize(n);
    for (size_t i = 0; i < n; ++i) {
      auto it = amb.find(a->h_lower[i]);
      a->h_amb[i] = it == amb.end() ? kUnknownWord : it->second;
    }
  }

  // Features of word i given the two previous tags (kNone = 0xFFFF at the start).
  static void Features(const Analysis& a, int i, uint64_t t1, uint64_t t2,
                       std::vector<uint64_t>* f) {
    const int n = static_cast<int>(a.forms.size());
    auto low = [&](int j) -> uint64_t { return j < 0 ? 1 : j >= n ? 2 : a.h_lower[j]; };
    auto amb = [&](int j) -> uint64_t { return j < 0 ? 1 : j >= n ? 2 : a.h_amb[j]; };
    auto suf = [&](int j, int k) -> uint64_t { return j < 0 ? 1 : j >= n ? 2 : a.h_suf[k][j]; };
    auto shape = [&](int j) -> uint64_t { return j < 0 ? 1 : j >= n ? 2 : a.h_shape[j]; };
    f->clear();
    f->push_back(Feat(0, 0));
    f->push_back(Feat(1, a.h_form[i]));
    f->push_back(Feat(2, a.h_lower[i]));
    for (int k = 0; k < 4; ++k) {
      if (a.h_suf[k][i] != 0) {
        f->push_back(Feat(3 + k, a.h_suf[k][i]));
      }
    }
    for (int k = 0; k < 3; ++k) {
      f->push_back(Feat(7 + k, a.h_pre[k][i]));
    }
    f->push_back(Feat(10, a.h_shape[i]));
    f->push_back(Feat(11, low(i - 1)));
    f->push_back(Feat(12, low(i - 2)));
    f->push_back(Feat(13, low(i + 1)));
    f->push_back(Feat(14, low(i + 2)));
    f->push_back(Feat(15, suf(i - 1, 2)));
    f->push_back(Feat(16, suf(i + 1, 2)));
    f->push_back(Feat(17, shape(i + 1)));
    f->push_back(Feat(18, t1));
    f->push_back(Feat(19, t1, t2));
    f->push_back(Feat(20, t1, a.h_lower[i]));
    f->push_back(Feat(21, low(i - 1), a.h_lower[i]));
    f->push_back(Feat(22, a.h_lower[i], low(i + 1)));
    f->push_back(Feat(23, t1, low(i + 1)));
    f->push_back(Feat(24, t1, suf(i, 2)));
    f->push_back(Feat(25, shape(i - 1)));
    f->push_back(Feat(26, low(i + 1), low(i + 2)));
    f->push_back(Feat(27, a.word_flags[i]));
    f->push_back(Feat(28, amb(i)));
    f->push_back(Feat(29, amb(i + 1)));
    f->push_back(Feat(30, amb(i + 2)));
    f->push_back(Feat(31, t1, amb(i)));
    f->push_back(Feat(32, amb(i), amb(i + 1)));
    f->push_back(Feat(33, t1, amb(i), amb(i + 1)));
    f->push_back(Feat(34, a.word_flags[i], a.h_shape[i], t1));
    f->push_back(Feat(35, low(i - 1), a.h_lower[i], low(i + 1)));
    f->push_back(Feat(36, amb(i - 1), amb(i)));
    f->push_back(Feat(37, suf(i, 2), amb(i + 1)));
  }

  void Tag(Analysis* a) const {
    internal::PrepareWords(a);
    Ambiguity(a);
    const int n = static_cast<int>(a->forms.size());
    const int classes = model.classes();
    std::array<int32_t, internal::kMaxClasses> scores;
    uint64_t t1 = 0xFFFF, t2 = 0xFFFF;
    for (int i = 0; i < n; ++i) {
      Features(*a, i, t1, t2, &a->feats);
      std::fill(scores.begin(), scores.begin() + classes, 0);
      model.Score(a->feats, scores.data());
      const int best = internal::ArgMax(scores.data(), classes);
      a->tags[i] = static_cast<uint16_t>(best);
      a->upos[i] = upos[best];
      a->xpos[i] = xpos[best];
      t2 = t1;
      t1 = static_cast<uint64_t>(best);
    }
  }
};

Tagger::Tagger() : impl_(std::make_unique<Impl>()) {}
Tagger::~Tagger() = default;

void Tagger::Tag(Analysis* a) const { impl_->Tag(a); }
size_t Tagger::Classes() const { return impl_->upos.size(); }
std::string_view Tagger::UposOf(uint16_t tag) const { return impl_->upos[tag]; }
std::string_view Tagger::XposOf(uint16_t tag) const { return impl_->xpos[tag]; }
int Tagger::ClassOf(std::string_view upos, std::string_view xpos) const {
  for (size_t c = 0; c < impl_->upos.size(); ++c) {
    if (impl_->upos[c] == upos && impl_->xpos[c] == xpos) {
      return static_cast<int>(c);
    }
  }
  return -1;
}

Status Tagger::Save(const std::string& path) const {
  internal::BinWriter out;
  out.Strings(impl_->upos);
  out.Strings(impl_->xpos);
  std::vector<std::pair<uint64_t, uint64_t>> amb(impl_->amb.begin(), impl_->amb.end());
  std::sort(amb.begin(), amb.end());
  out.Vec(amb);
  impl_->model.Save(&out);
  return out.WriteFile(path, "casus.tagger.perceptron.v1");
}

Status Tagger::Load(const std::string& path, std::unique_ptr<Tagger>* out) {
  internal::BinReader in;
  CASUS_RETURN_IF_ERROR(in.Open(path, "casus.tagger.perceptron.v1"));
  auto tagger = std::make_unique<Tagger>();
  Impl& impl = *tagger->impl_;
  in.Strings(&impl.upos);
  in.Strings(&impl.xpos);
  std::vector<std::pair<uint64_t, uint64_t>> amb;
  in.Vec(&amb);
  impl.amb.reserve(amb.size());
  for (const auto& [k, v] : amb) {
    impl.amb.emplace(k, v);
  }
  CASUS_RETURN_IF_ERROR(impl.model.Load(&in).WithContext(path));
  CASUS_RETURN_IF_ERROR(in.Finish());
  if (impl.upos.size() != impl.xpos.size() ||
      static_cast<int>(impl.upos.size()) != impl.model.classes() ||
      impl.model.classes() > internal::kMaxClasses) {
    return Status::Corruption(path + ": tag classes do not match the weights");
  }
  *out = std::move(tagger);
  return Status::OK();
}

namespace {

std::vector<std::string_view> Forms(const TreebankSentence& s) {
  std::vector<std::string_view> forms;
  forms.reserve(s.words.size());
  for (const Word& w : s.words) {
    forms.emplace_back(w.form);
  }
  return forms;
}

}  // namespace

Status Tagger::Train(const std::vector<TreebankSentence>& train,
                     const std::vector<TreebankSentence>& dev, const TrainOptions& options,
                     std::unique_ptr<Tagger>* out) {
  auto tagger = std::make_unique<Tagger>();
  Impl& impl = *tagger->impl_;
  // Classes in order of first appearance, made deterministic by sorting names.
  std::map<std::pair<std::string, std::string>, int> class_of;
  for (const auto& s : train) {
    for (const Word& w : s.words) {
      class_of.emplace(std::make_pair(w.upos, w.xpos), 0);
    }
  }
  if (class_of.empty() || class_of.size() > internal::kMaxClasses) {
    return Status::InvalidInput("tagger training data has no tags or too many tag classes");
  }
  for (auto& [key, id] : class_of) {
    id = static_cast<int>(impl.upos.size());
    impl.upos.push_back(key.first);
    impl.xpos.push_back(key.second);
  }
  // Ambiguity classes: the set of classes each folded word form was seen with. The shipped
  // table covers all of train; while training, a sentence sees the table of the other folds
  // only (jackknifing), so that the model also learns what to do with words the table does not
  // know, as it must on new text.
  constexpr size_t kFolds = 10;
  std::vector<Analysis> data(train.size());
  std::vector<std::vector<int>> gold(train.size());
  // word → (class, bit mask of the folds it was seen in)
  std::unordered_map<uint64_t, std::vector<std::pair<int, uint32_t>>> seen;
  for (size_t s = 0; s < train.size(); ++s) {
    const auto forms = Forms(train[s]);
    data[s].Reset(forms);
    internal::PrepareWords(&data[s]);
    for (size_t i = 0; i < forms.size(); ++i) {
      const Word& w = train[s].words[i];
      const int c = class_of[{w.upos, w.xpos}];
      gold[s].push_back(c);
      auto& v = seen[data[s].h_lower[i]];
      auto it = std::find_if(v.begin(), v.end(), [&](const auto& e) { return e.first == c; });
      if (it == v.end()) {
        v.emplace_back(c, 0);
        it = v.end() - 1;
      }
      it->second |= 1U << (s % kFolds);
    }
  }
  // The hash of the classes seen in the folds of `mask` (kUnknownWord when none).
  auto class_set = [](std::vector<std::pair<int, uint32_t>>& v, uint32_t mask) -> uint64_t {
    std::sort(v.begin(), v.end());
    uint64_t h = 11;
    bool any = false;
    for (const auto& [c, folds] : v) {
      if ((folds & mask) != 0) {
        h = internal::Mix(h ^ static_cast<uint64_t>(c + 1));
        any = true;
      }
    }
    return any ? h : Impl::kUnknownWord;
  };
  for (auto& [word, v] : seen) {
    impl.amb.emplace(word, class_set(v, ~0U));
  }
  for (size_t s = 0; s < train.size(); ++s) {
    Analysis& a = data[s];
    a.h_amb.resize(a.forms.size());
    const uint32_t others = ~(1U << (s % kFolds));
    for (size_t i = 0; i < a.forms.size(); ++i) {
      a.h_amb[i] = class_set(seen[a.h_lower[i]], others);
    }
  }

  const int classes = static_cast<int>(impl.upos.size());
  internal::TrainWeights weights(classes);
  internal::Rng rng(options.seed);
  std::vector<size_t> order(train.size());
  for (size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  const int epochs = options.epochs > 0 ? options.epochs : 10;
  double best_acc = -1;
  internal::CompactModel best;
  std::vector<uint64_t> feats;
  std::array<float, internal::kMaxClasses> scores;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    rng.Shuffle(&order);
    size_t correct = 0, total = 0;
    for (size_t s : order) {
      const Analysis& a = data[s];
      uint64_t t1 = 0xFFFF, t2 = 0xFFFF;
      for (size_t i = 0; i < a.forms.size(); ++i) {
        Impl::Features(a, static_cast<int>(i), t1, t2, &feats);
        std::fill(scores.begin(), scores.begin() + classes, 0.0F);
        weights.Score(feats, scores.data());
        const int guess = internal::ArgMax(scores.data(), classes);
        weights.Update(feats, gold[s][i], guess);
        weights.Tick();
        correct += guess == gold[s][i];
        ++total;
        t2 = t1;
        t1 = static_cast<uint64_t>(guess);
      }
    }
    impl.model = weights.Average(0.0F);
    // Dev accuracy (UPOS and XPOS both right).
    size_t dev_ok = 0, dev_total = 0;
    Analysis a;
    for (const auto& s : dev) {
      const auto forms = Forms(s);
      a.Reset(forms);
      impl.Tag(&a);
      for (size_t i = 0; i < forms.size(); ++i) {
        dev_ok += a.upos[i] == s.words[i].upos && a.xpos[i] == s.words[i].xpos;
        ++dev_total;
      }
    }
    const double acc = dev_total ? 100.0 * dev_ok / dev_total : 0.0;
    if (options.log != nullptr) {
      *options.log << fmt::format("tagger epoch {} train {:.2f} dev UPOS+XPOS {:.2f} rows {}\n",
                                  epoch, 100.0 * correct / std::max<size_t>(total, 1), acc,
                                  impl.model.rows())
                   << std::flush;
    }
    if (acc > best_acc) {
      best_acc = acc;
      best = impl.model;
    }
  }
  impl.model = std::move(best);
  *out = std::move(tagger);
  return Status::OK();
}

}  // namespace casus::lang
