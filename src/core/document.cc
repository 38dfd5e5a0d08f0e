#include "core/document.h"

#include <algorithm>
#include <array>

namespace casus {

std::string_view UposName(Upos tag) {
  static constexpr std::array<std::string_view, 18> kNames = {
      "",    "ADJ",  "ADP",  "ADV",   "AUX",   "CCONJ", "DET", "INTJ", "NOUN",
      "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"};
  const auto i = static_cast<size_t>(tag);
  return i < kNames.size() ? kNames[i] : std::string_view();
}

uint32_t TokenColumns::Add(uint32_t begin_byte, uint32_t end_byte, uint32_t norm_id,
                           uint8_t token_flags) {
  const auto index = static_cast<uint32_t>(begin.size());
  begin.push_back(begin_byte);
  end.push_back(end_byte);
  norm.push_back(norm_id);
  lemma.push_back(0);
  upos.push_back(Upos::kNone);
  xpos.push_back(0);
  head.push_back(-1);
  rel.push_back(0);
  entity.push_back(0);
  flags.push_back(token_flags);
  return index;
}

void TokenColumns::Reserve(size_t n) {
  begin.reserve(n);
  end.reserve(n);
  norm.reserve(n);
  lemma.reserve(n);
  upos.reserve(n);
  xpos.reserve(n);
  head.reserve(n);
  rel.reserve(n);
  entity.reserve(n);
  flags.reserve(n);
}

void TokenColumns::Clear() {
  begin.clear();
  end.clear();
  norm.clear();
  lemma.clear();
  upos.clear();
  xpos.clear();
  head.clear();
  rel.clear();
  entity.clear();
  flags.clear();
}

ByteSpan Document::TokenBytes(TokenSpan span) const {
  if (span.empty()) {
    return {};
  }
  return {tokens.begin[span.begin], tokens.end[span.end - 1]};
}

uint32_t Document::SentenceOf(uint32_t token) const {
  auto it = std::upper_bound(sentences.begin(), sentences.end(), token,
                             [](uint32_t t, const Sentence& s) { return t < s.tokens.begin; });
  return it == sentences.begin() ? 0 : static_cast<uint32_t>(it - sentences.begin() - 1);
}

void Document::ClearAnnotations() {
  sentences.clear();
  tokens.Clear();
  mentions.clear();
  events.clear();
  quotes.clear();
  places.clear();
  strings.Clear();
  layers &= kLayerText;
}

std::string_view SentenceRoleName(SentenceRole role) {
  switch (role) {
    case SentenceRole::kBody:
      return "body";
    case SentenceRole::kHeadline:
      return "headline";
    case SentenceRole::kDeck:
      return "deck";
    case SentenceRole::kCrosshead:
      return "crosshead";
    case SentenceRole::kFurniture:
      return "furniture";
  }
  return "body";
}

}  // namespace casus
