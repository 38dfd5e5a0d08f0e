// Internals of the named-entity recognizer, exposed for its tests: the per-sentence preparation
// and the feature templates. Nothing outside src/lang/ includes this header.
#ifndef CASUS_LANG_NER_INTERNAL_H_
#define CASUS_LANG_NER_INTERNAL_H_

#include <cstdint>
#include <vector>

#include "lang/lang.h"

namespace casus::lang::internal {

// Model flags (stored in the model file): which optional inputs the features use.
inline constexpr uint32_t kUsesTags = 1U << 0;
inline constexpr uint32_t kUsesGazetteer = 1U << 1;

// Fills the word hashes and flags of `a` (PrepareWords), its gazetteer marks (zeros without a
// gazetteer or kUsesGazetteer), with kUsesTags the UPOS hashes from a->upos into a->h_amb, and
// the runs of capitalized words (first and last word of the run around each word, -1 outside
// one) into a->scratch_i[0] and [1].
void PrepareNer(uint32_t flags, const Gazetteer* gazetteer, Analysis* a);
// The casing of a prepared sentence, a small class: 0 no letter word after the first, 1 all
// lower case, 2 mixed, 3 mostly capitalized (a title), 4 all caps.
uint64_t SentenceCasing(const Analysis& a);
// Features of word i of a prepared sentence given the labels of the two words before it (-1
// before the sentence); never 0. With `hide_word` (training only), the features naming the word
// itself are left out.
void NerFeatures(const Analysis& a, int i, int l1, int l2, uint64_t casing, uint32_t model_flags,
                 std::vector<uint64_t>* f, bool hide_word = false);

}  // namespace casus::lang::internal

#endif  // CASUS_LANG_NER_INTERNAL_H_
