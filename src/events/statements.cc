// Speaker statements: first-person pronouns, the quote around a token, the document's focus.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "events/statements_internal.h"

namespace casus {

bool IsFirstPersonPronoun(std::string_view n) {
  return n == "we" || n == "i" || n == "us" || n == "our" || n == "my" || n == "me";
}

const Quote* SpeakerQuoteAt(const Document& doc, uint32_t token) {
  if (!doc.Has(kLayerQuotes) || token >= doc.tokens.size()) {
    return nullptr;
  }
  const uint32_t at = doc.tokens.begin[token];
  const Quote* best = nullptr;
  for (const Quote& q : doc.quotes) {
    if (q.text.begin <= at && at < q.text.end && !q.speaker_code.empty() &&
        (best == nullptr || q.text.end - q.text.begin < best->text.end - best->text.begin)) {
      best = &q;  // the innermost
    }
  }
  return best;
}

bool IsFirstPersonMention(const Document& doc, const ActorMention& mention) {
  if (mention.tokens.end != mention.tokens.begin + 1) {
    return false;
  }
  const uint32_t t = mention.tokens.begin;
  std::string_view text = doc.TokenText(t);
  // "US" is the United States, "us" the speaker's side.
  return IsFirstPersonPronoun(doc.Norm(t)) && text != "US";
}

std::string_view EventCodeOfMention(const Document& doc, const ActorMention& mention) {
  if (IsFirstPersonMention(doc, mention)) {
    if (const Quote* q = SpeakerQuoteAt(doc, mention.tokens.begin); q != nullptr) {
      return q->speaker_code;
    }
  }
  return mention.code;
}

std::string FocusCountry(const Document& doc, std::string_view exclude) {
  // A one- or two-sentence record (a wire lead, a dev-set sentence) has no context to lean on.
  size_t body = 0;
  for (const Sentence& s : doc.sentences) {
    body += s.role == SentenceRole::kBody ? 1 : 0;
  }
  if (body < 3) {
    return "";
  }
  // The country named most, counting more where it is a place ("in Syria") or the home of
  // armed, governing or civilian actors, as the actors stage does for bare agents.
  std::unordered_map<std::string, int> weight;
  std::vector<std::string> order;
  for (const ActorMention& m : doc.mentions) {
    if (m.code.size() < 3 || m.code.starts_with("IGO") || m.code.starts_with("NGO") ||
        m.code.starts_with("IMG") || m.code.starts_with("---") || IsFirstPersonMention(doc, m)) {
      continue;
    }
    std::string country = m.code.substr(0, 3);
    if (country == exclude) {
      continue;
    }
    int w = 1;
    if (m.tokens.begin > 0) {
      std::string_view before = doc.Norm(m.tokens.begin - 1);
      if (before == "in" || before == "inside" || before == "across" || before == "into") {
        w += 2;
      }
    }
    std::string_view agent = std::string_view(m.code).substr(3);
    if (agent == "MIL" || agent == "REB" || agent == "OPP" || agent == "CVL" || agent == "GOV") {
      w += 1;
    }
    if (weight.find(country) == weight.end()) {
      order.push_back(country);
    }
    weight[country] += w;
  }
  std::string focus;
  int best = 0;
  for (const std::string& country : order) {  // ties go to the first named
    if (weight[country] > best) {
      best = weight[country];
      focus = country;
    }
  }
  return best >= 3 ? focus : "";
}

}  // namespace casus
