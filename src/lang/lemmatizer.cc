// The lemmatizer: edit scripts "C|K|S" — C 1 to lower-case (fold) the form first, 0 to keep it;
// K bytes stripped from the end; S appended. A word of the training data seen with a tag uses
// its most frequent script (the exception table); another word uses the most frequent script of
// the longest suffix known for its tag.
#include <algorithm>
#include <map>
#include <ostream>
#include <unordered_map>

#include <fmt/format.h>

#include "lang/lang.h"
#include "lang/lang_internal.h"

namespace casus::lang {

using internal::HashBytes;
using internal::Mix;

namespace {

constexpr size_t kMaxSuffix = 7;

uint64_t Key(std::string_view xpos, std::string_view s, uint64_t kind) {
  return Mix(Mix(HashBytes(xpos) ^ kind) ^ HashBytes(s));
}

size_t CommonPrefix(std::string_view a, std::string_view b) {
  size_t p = 0;
  while (p < a.size() && p < b.size() && a[p] == b[p]) {
    ++p;
  }
  return p;
}

}  // namespace

std::string Lemmatizer::ScriptFor(std::string_view form, std::string_view lemma) {
  std::string low;
  internal::FoldLower(form, &low);
  const size_t p0 = CommonPrefix(form, lemma);
  const size_t p1 = CommonPrefix(low, lemma);
  const bool lower = p1 >= p0;
  const std::string_view base = lower ? std::string_view(low) : form;
  const size_t p = lower ? p1 : p0;
  return fmt::format("{}|{}|{}", lower ? 1 : 0, base.size() - p, lemma.substr(p));
}

bool Lemmatizer::ApplyScript(std::string_view form, std::string_view script, std::string* lemma) {
  if (script.size() < 4 || script[1] != '|') {
    return false;
  }
  const size_t bar = script.find('|', 2);
  if (bar == std::string_view::npos) {
    return false;
  }
  size_t strip = 0;
  for (size_t i = 2; i < bar; ++i) {
    strip = strip * 10 + static_cast<size_t>(script[i] - '0');
  }
  if (script[0] == '1') {
    internal::FoldLower(form, lemma);
  } else {
    lemma->assign(form);
  }
  if (strip > lemma->size()) {
    return false;
  }
  lemma->resize(lemma->size() - strip);
  lemma->append(script.substr(bar + 1));
  return true;
}

struct Lemmatizer::Impl {
  std::vector<std::string> scripts;
  // Key(xpos, form, 4) and Key(xpos, folded form, 1).
  std::unordered_map<uint64_t, uint32_t> exceptions;
  std::unordered_map<uint64_t, uint32_t> suffixes;  // Key(xpos, folded suffix, 2)

  void Lemmatize(std::string_view form, std::string_view xpos, std::string* lemma) const {
    internal::FoldLower(form, lemma);
    const std::string_view low = *lemma;
    uint32_t script = UINT32_MAX;
    // The exact form first ("i" has the lemma "I", "I" keeps it), then the folded one.
    if (auto exact = exceptions.find(Key(xpos, form, 4)); exact != exceptions.end()) {
      script = exact->second;
    } else if (auto it = exceptions.find(Key(xpos, low, 1)); it != exceptions.end()) {
      script = it->second;
    } else {
      for (size_t len = std::min(kMaxSuffix, low.size());; --len) {
        if (auto s = suffixes.find(Key(xpos, low.substr(low.size() - len), 2));
            s != suffixes.end()) {
          script = s->second;
          break;
        }
        if (len == 0) {
          break;
        }
      }
    }
    if (script == UINT32_MAX || !ApplyScript(form, scripts[script], lemma) || lemma->empty()) {
      lemma->assign(form);
    }
  }
};

Lemmatizer::Lemmatizer() : impl_(std::make_unique<Impl>()) {}
Lemmatizer::~Lemmatizer() = default;

void Lemmatizer::Lemmatize(std::string_view form, std::string_view /*upos*/, std::string_view xpos,
                           std::string* lemma) const {
  impl_->Lemmatize(form, xpos, lemma);
}

void Lemmatizer::Lemmatize(Analysis* a) const {
  a->lemmas.resize(a->forms.size());
  for (size_t i = 0; i < a->forms.size(); ++i) {
    impl_->Lemmatize(a->forms[i], a->xpos[i], &a->lemmas[i]);
  }
}

namespace {

template <typename Map>
std::vector<std::pair<uint64_t, uint64_t>> Sorted(const Map& m) {
  std::vector<std::pair<uint64_t, uint64_t>> v(m.begin(), m.end());
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

Status Lemmatizer::Save(const std::string& path) const {
  internal::BinWriter out;
  out.Strings(impl_->scripts);
  out.Vec(Sorted(impl_->exceptions));
  out.Vec(Sorted(impl_->suffixes));
  return out.WriteFile(path, "casus.lemmatizer.edit_scripts.v1");
}

Status Lemmatizer::Load(const std::string& path, std::unique_ptr<Lemmatizer>* out) {
  internal::BinReader in;
  CASUS_RETURN_IF_ERROR(in.Open(path, "casus.lemmatizer.edit_scripts.v1"));
  auto lem = std::make_unique<Lemmatizer>();
  Impl& impl = *lem->impl_;
  in.Strings(&impl.scripts);
  std::vector<std::pair<uint64_t, uint64_t>> exc, suf;
  in.Vec(&exc);
  in.Vec(&suf);
  CASUS_RETURN_IF_ERROR(in.Finish());
  for (const auto* table : {&exc, &suf}) {
    for (const auto& [k, v] : *table) {
      if (v >= impl.scripts.size()) {
        return Status::Corruption(path + ": script index out of range");
      }
    }
  }
  for (const auto& [k, v] : exc) {
    impl.exceptions.emplace(k, static_cast<uint32_t>(v));
  }
  for (const auto& [k, v] : suf) {
    impl.suffixes.emplace(k, static_cast<uint32_t>(v));
  }
  *out = std::move(lem);
  return Status::OK();
}

Status Lemmatizer::Train(const std::vector<TreebankSentence>& train,
                         const std::vector<TreebankSentence>& dev, const TrainOptions& options,
                         std::unique_ptr<Lemmatizer>* out) {
  auto lem = std::make_unique<Lemmatizer>();
  Impl& impl = *lem->impl_;
  std::map<std::string, uint32_t> script_id;
  auto id_of = [&](const std::string& script) {
    auto [it, added] = script_id.emplace(script, static_cast<uint32_t>(impl.scripts.size()));
    if (added) {
      impl.scripts.push_back(script);
    }
    return it->second;
  };
  // (xpos, folded form) → script counts; also word types for the suffix statistics.
  std::map<std::pair<std::string, std::string>, std::map<uint32_t, int>> words, exact_words;
  std::string low;
  for (const auto& s : train) {
    for (const Word& w : s.words) {
      if (w.lemma.empty() || w.lemma == "_") {
        continue;
      }
      internal::FoldLower(w.form, &low);
      const uint32_t script = id_of(ScriptFor(w.form, w.lemma));
      words[{w.xpos, low}][script]++;
      exact_words[{w.xpos, w.form}][script]++;
    }
  }
  auto best_of = [](const std::map<uint32_t, int>& counts) {
    uint32_t best = 0;
    int best_n = -1;
    for (const auto& [script, n] : counts) {
      if (n > best_n) {
        best = script;
        best_n = n;
      }
    }
    return best;
  };
  // An exact form gets its own entry only where its best script differs from its folded form's.
  for (const auto& [key, counts] : exact_words) {
    internal::FoldLower(key.second, &low);
    const uint32_t script = best_of(counts);
    if (script != best_of(words[{key.first, low}])) {
      impl.exceptions[Key(key.first, key.second, 4)] = script;
    }
  }
  std::map<std::pair<std::string, std::string>, std::map<uint32_t, int>> suffix_counts;
  for (const auto& [key, counts] : words) {
    const uint32_t script = best_of(counts);
    impl.exceptions[Key(key.first, key.second, 1)] = script;
    const std::string& form = key.second;
    for (size_t len = 0; len <= std::min(kMaxSuffix, form.size()); ++len) {
      suffix_counts[{key.first, form.substr(form.size() - len)}][script]++;
    }
  }
  for (const auto& [key, counts] : suffix_counts) {
    impl.suffixes[Key(key.first, key.second, 2)] = best_of(counts);
  }
  // Dev accuracy with gold tags, for the log.
  size_t ok = 0, total = 0;
  std::string lemma;
  for (const auto& s : dev) {
    for (const Word& w : s.words) {
      impl.Lemmatize(w.form, w.xpos, &lemma);
      ok += lemma == w.lemma;
      ++total;
    }
  }
  if (options.log != nullptr) {
    *options.log << fmt::format(
        "lemmatizer: {} scripts, {} words, {} suffixes; dev (gold tags) "
        "{:.2f}\n",
        impl.scripts.size(), impl.exceptions.size(), impl.suffixes.size(),
        total ? 100.0 * ok / total : 0.0);
  }
  *out = std::move(lem);
  return Status::OK();
}

}  // namespace casus::lang
