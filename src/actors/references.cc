// Document-level passes of the actor matcher that run after composition (declared in
// actors_internal.h): the armed opposition told from the political one, the places a "rebel-held"
// phrase qualifies, surnames, definite descriptions ("the groups") and plural and neuter pronouns
// ("they", "them", "it"). Each pass is one walk over the document's tokens and mentions.
#include <algorithm>
#include <array>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "actors/actors_internal.h"
#include "core/document.h"

namespace casus {

namespace {

bool EndsWith(std::string_view text, std::string_view suffix) { return text.ends_with(suffix); }

bool Capitalized(const Document& doc, uint32_t t) {
  return (doc.tokens.flags[t] & kTokenCapitalized) != 0;
}

// token → index of the mention covering it, -1 for none (the first one when several overlap).
std::vector<int32_t> MentionAt(const Document& doc) {
  std::vector<int32_t> at(doc.tokens.size(), -1);
  for (size_t m = doc.mentions.size(); m-- > 0;) {
    const TokenSpan span = doc.mentions[m].tokens;
    std::fill(at.begin() + span.begin, at.begin() + span.end, static_cast<int32_t>(m));
  }
  return at;
}

void SortMentions(Document& doc) {
  std::stable_sort(
      doc.mentions.begin(), doc.mentions.end(),
      [](const ActorMention& a, const ActorMention& b) { return a.tokens.begin < b.tokens.begin; });
}

void AddSorted(Document& doc, std::vector<ActorMention> added) {
  if (added.empty()) {
    return;
  }
  doc.mentions.insert(doc.mentions.end(), std::make_move_iterator(added.begin()),
                      std::make_move_iterator(added.end()));
  SortMentions(doc);
}

bool HasAgent(std::string_view code, std::string_view agent) {
  return code.size() == 6 && code.substr(3) == agent;
}

// Nouns a "rebel-held" or "regime-controlled" modifier qualifies: the held place.
bool IsHeldPlaceNoun(std::string_view norm) {
  static constexpr std::array<std::string_view, 24> kNouns = {
      "region",   "regions",      "area",          "areas",       "city",     "cities",
      "town",     "towns",        "village",       "villages",    "province", "provinces",
      "district", "districts",    "territory",     "territories", "enclave",  "enclaves",
      "pocket",   "neighborhood", "neighbourhood", "countryside", "zone",     "zones"};
  return std::find(kNouns.begin(), kNouns.end(), norm) != kNouns.end();
}

bool IsSpeechVerb(std::string_view n) {
  return n == "said" || n == "says" || n == "told" || n == "added" || n == "stressed" ||
         n == "noted" || n == "stated" || n == "explained" || n == "insisted" || n == "warned" ||
         n == "emphasized" || n == "emphasised" || n == "announced";
}

bool IsBeForm(std::string_view n) {
  return n == "is" || n == "was" || n == "'s" || n == "be" || n == "been" || n == "seems" ||
         n == "seemed" || n == "appears" || n == "appeared" || n == "remains";
}

bool IsModal(std::string_view n) {
  return n == "would" || n == "will" || n == "could" || n == "may" || n == "might" ||
         n == "should" || n == "can" || n == "must";
}

// "it" that stands for nothing: "it is believed that", "it was possible", "it would be
// helpful", "it's a band aid". "it is working" (a progressive) still names its actor.
bool IsExpletiveIt(const Document& doc, uint32_t t, uint32_t end) {
  uint32_t next = t + 1;
  if (next < end && IsModal(doc.Norm(next))) {
    ++next;
  }
  if (next >= end || !IsBeForm(doc.Norm(next))) {
    return false;
  }
  return next + 1 >= end || !EndsWith(doc.Norm(next + 1), "ing");
}

// Whether a mention can be what a pronoun or description points back to: an actor named in the
// text, not a person (he/she cover those), not a quote's "we" and not still unresolved.
bool Referable(const ActorMention& m) {
  return (m.flags & kMentionPerson) == 0 && !m.entry.starts_with("speaker:") &&
         m.code.size() >= 3 && !m.code.starts_with("---");
}

// Whether a mention can be one of two actors joined by "and" that "they" points back to: persons
// too ("Obama and Putin said they…").
bool Conjoinable(const ActorMention& m) {
  return (m.flags & kMentionCoreferent) == 0 && !m.entry.starts_with("speaker:") &&
         m.code.size() >= 3 && !m.code.starts_with("---");
}

// A plural head ("rebel groups", "opposition forces", "Syrian Democratic Forces").
bool PluralHead(const Document& doc, const ActorMention& m) {
  const uint32_t last = m.tokens.end - 1;
  const std::string_view norm = doc.Norm(last);
  if ((doc.tokens.flags[last] & kTokenAllCaps) != 0 || norm.size() < 4) {
    return false;
  }
  return EndsWith(norm, "s") && !EndsWith(norm, "ss") && !EndsWith(norm, "'s");
}

}  // namespace

void ResolveArmedOpposition(Document& doc, std::string_view focus) {
  // Countries whose armed opposition the document names with the word "opposition" itself
  // ("opposition fighters", "the armed opposition", "opposition-held"): there, "the opposition"
  // is that armed opposition (CAMEO: REB), not a political one (OPP).
  std::vector<std::string_view> armed;
  for (const ActorMention& m : doc.mentions) {
    if (!HasAgent(m.code, "REB")) {
      continue;
    }
    for (uint32_t t = m.tokens.begin; t < m.tokens.end; ++t) {
      if (doc.Norm(t).starts_with("opposition")) {
        armed.push_back(std::string_view(m.code).substr(0, 3));
        break;
      }
    }
  }
  const auto n = static_cast<uint32_t>(doc.tokens.size());
  for (ActorMention& m : doc.mentions) {
    if (!HasAgent(m.code, "OPP") || doc.Norm(m.tokens.end - 1) != "opposition") {
      continue;
    }
    const uint32_t after = m.tokens.end;
    const std::string_view next = after < n ? doc.Norm(after) : std::string_view();
    if (next == "to") {
      continue;  // "opposition to the regime": a stance
    }
    // The opposition that holds ground is armed: "the opposition holding the province".
    const bool holds = next == "holding" || next == "controlling" ||
                       (next == "in" && after + 1 < n && doc.Norm(after + 1) == "control");
    const std::string_view country = std::string_view(m.code).substr(0, 3);
    if (holds || std::find(armed.begin(), armed.end(), country) != armed.end()) {
      m.code.replace(3, 3, "REB");
      m.entry += holds ? "+holds-ground" : "+armed-opposition";
    }
  }
  // "local forces", "local groups", "local militias" in a document about a country's rebels
  // are its local armed groups, not its army.
  if (focus.size() != 3) {
    return;
  }
  bool rebels = false;
  for (const ActorMention& m : doc.mentions) {
    rebels = rebels || (HasAgent(m.code, "REB") && m.code.starts_with(focus));
  }
  if (!rebels) {
    return;
  }
  std::vector<int32_t> mention_at = MentionAt(doc);
  std::vector<ActorMention> added;
  for (const Sentence& sentence : doc.sentences) {
    for (uint32_t t = sentence.tokens.begin; t + 1 < sentence.tokens.end; ++t) {
      if (doc.Norm(t) != "local" || mention_at[t] >= 0) {
        continue;
      }
      const std::string_view noun = doc.Norm(t + 1);
      if (noun != "forces" && noun != "groups" && noun != "factions" && noun != "militias" &&
          noun != "militiamen" && noun != "gunmen" && noun != "fighters") {
        continue;
      }
      const int32_t at = mention_at[t + 1];
      if (at >= 0) {
        ActorMention& m = doc.mentions[static_cast<size_t>(at)];
        if (m.tokens.begin == t + 1 && m.tokens.end == t + 2) {
          m.tokens.begin = t;
          m.code = std::string(focus) + "REB";
          m.entry += "+local-armed-group";
        }
        continue;
      }
      ActorMention m;
      m.tokens = {t, t + 2};
      m.sentence = static_cast<uint32_t>(&sentence - doc.sentences.data());
      m.code = std::string(focus) + "REB";
      m.entry = "local-armed-group+focus:" + std::string(focus);
      added.push_back(std::move(m));
    }
  }
  AddSorted(doc, std::move(added));
}

void ExtendHeldPlaces(Document& doc) {
  const auto n = static_cast<uint32_t>(doc.tokens.size());
  for (size_t k = 0; k < doc.mentions.size(); ++k) {
    ActorMention& m = doc.mentions[k];
    const std::string_view last = doc.Norm(m.tokens.end - 1);
    if (!EndsWith(last, "-held") && !EndsWith(last, "-controlled")) {
      continue;
    }
    const uint32_t limit = std::min(
        {n, doc.sentences[m.sentence].tokens.end,
         k + 1 < doc.mentions.size() ? doc.mentions[k + 1].tokens.begin : n, m.tokens.end + 5});
    uint32_t t = m.tokens.end;
    while (t < limit && Capitalized(doc, t)) {
      ++t;  // the place's name: "rebel-held Daraa Al-Balad region"
    }
    if (t < limit && IsHeldPlaceNoun(doc.Norm(t))) {
      m.tokens.end = t + 1;
      m.entry += "+held-place";
    }
  }
}

void ResolveSurnames(Document& doc) {
  const auto n = static_cast<uint32_t>(doc.tokens.size());
  if (n == 0 || doc.mentions.empty()) {
    return;
  }
  std::vector<int32_t> mention_at = MentionAt(doc);
  std::vector<int32_t> person_by_surname(doc.strings.size(), -1);  // norm id → mention
  std::vector<ActorMention> added;
  for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
    const TokenSpan span = doc.sentences[s].tokens;
    for (uint32_t t = span.begin; t < span.end; ++t) {
      if (mention_at[t] >= 0) {
        const auto index = static_cast<size_t>(mention_at[t]);
        const ActorMention& m = doc.mentions[index];
        const uint32_t last = m.tokens.end - 1;
        // A full name ("Matthew Miller", "President Donald Trump"): its last word will do.
        if ((m.flags & kMentionPerson) != 0 && (m.flags & kMentionCoreferent) == 0 &&
            m.tokens.size() >= 2 && Capitalized(doc, last) &&
            (doc.tokens.flags[last] & kTokenAllCaps) == 0 && !m.entry.starts_with("speaker:") &&
            !IsPersonNoun(doc.Norm(last))) {
          person_by_surname[doc.tokens.norm[last]] = static_cast<int32_t>(index);
        }
        t = std::max(t, m.tokens.end - 1);
        continue;
      }
      const int32_t named = person_by_surname[doc.tokens.norm[t]];
      if (named < 0 || !Capitalized(doc, t)) {
        continue;
      }
      // Another person of that name ("John Miller") or a longer name ("Miller Street").
      const bool name_before =
          t > span.begin && mention_at[t - 1] < 0 && Capitalized(doc, t - 1) && t - 1 != span.begin;
      const bool name_after = t + 1 < span.end && mention_at[t + 1] < 0 && Capitalized(doc, t + 1);
      if (name_before || name_after) {
        continue;
      }
      const ActorMention& full = doc.mentions[static_cast<size_t>(named)];
      ActorMention m;
      m.tokens = {t, t + 1};
      m.sentence = s;
      m.code = full.code;
      m.entry = "surname:" + full.entry;
      m.flags = kMentionPerson | kMentionCoreferent;
      added.push_back(std::move(m));
    }
  }
  AddSorted(doc, std::move(added));
}

void ResolveGroupReferences(Document& doc) {
  const auto n = static_cast<uint32_t>(doc.tokens.size());
  if (n == 0 || doc.mentions.empty()) {
    return;
  }
  constexpr uint32_t kDescriptionWindow = 10;  // sentences back for "the groups"
  constexpr uint32_t kPronounWindow = 2;       // sentences back for "they", "it"
  std::vector<int32_t> mention_at = MentionAt(doc);
  // Mentions of sentence s: [first_of[s], first_of[s + 1]).
  std::vector<uint32_t> first_of(doc.sentences.size() + 1, 0);
  {
    size_t m = 0;
    for (uint32_t s = 0; s <= doc.sentences.size(); ++s) {
      while (m < doc.mentions.size() && doc.mentions[m].sentence < s) {
        ++m;
      }
      first_of[s] = static_cast<uint32_t>(m);
    }
  }
  std::vector<int32_t> last_by_head(doc.strings.size(), -1);  // lowercase head norm → mention
  std::vector<ActorMention> added;
  auto refer = [&](uint32_t s, uint32_t begin, uint32_t end, const ActorMention& antecedent) {
    ActorMention m;
    m.tokens = {begin, end};
    m.sentence = s;
    m.code = antecedent.code;
    m.entry = "coref:" + antecedent.entry;
    m.flags = kMentionCoreferent;
    added.push_back(std::move(m));
  };
  // The mention right after `m` when the two are joined by "and" ("Russia and Iran").
  auto conjunct = [&](size_t m) -> const ActorMention* {
    const ActorMention& left = doc.mentions[m];
    if (m + 1 >= doc.mentions.size() || left.tokens.end + 1 >= n ||
        doc.Norm(left.tokens.end) != "and") {
      return nullptr;
    }
    const ActorMention& right = doc.mentions[m + 1];
    return right.tokens.begin == left.tokens.end + 1 && Conjoinable(left) && Conjoinable(right)
               ? &right
               : nullptr;
  };
  for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
    const TokenSpan span = doc.sentences[s].tokens;
    for (uint32_t t = span.begin; t < span.end; ++t) {
      if (mention_at[t] >= 0) {
        const auto index = static_cast<size_t>(mention_at[t]);
        const ActorMention& m = doc.mentions[index];
        const uint32_t last = m.tokens.end - 1;
        // "every country", "all parties" name no one in particular for "the country" to take.
        const std::string_view first = doc.Norm(m.tokens.begin);
        const bool quantified =
            first == "every" || first == "all" || first == "each" || first == "any";
        if (Referable(m) && !Capitalized(doc, last) && !quantified) {
          last_by_head[doc.tokens.norm[last]] = static_cast<int32_t>(index);
        }
        t = std::max(t, m.tokens.end - 1);
        continue;
      }
      const std::string_view norm = doc.Norm(t);
      // "the groups" after "anti-regime groups", "the region" after "the rebel-held region".
      if (norm == "the" && t + 1 < span.end && mention_at[t + 1] < 0 && !Capitalized(doc, t + 1)) {
        const int32_t head = last_by_head[doc.tokens.norm[t + 1]];
        if (head >= 0) {
          const ActorMention& antecedent = doc.mentions[static_cast<size_t>(head)];
          if (antecedent.sentence + kDescriptionWindow >= s) {
            refer(s, t, t + 2, antecedent);
            ++t;
          }
        }
        continue;
      }
      const bool plural = norm == "they" || norm == "them";
      if (!plural && norm != "it") {
        continue;
      }
      if (!plural && IsExpletiveIt(doc, t, span.end)) {
        continue;
      }
      // "Miller said that they…": a spokesperson's "they" is the institution they speak for.
      uint32_t verb = t > span.begin && doc.Norm(t - 1) == "that" ? t - 1 : t;
      if (plural && verb > span.begin + 1 && IsSpeechVerb(doc.Norm(verb - 1)) &&
          mention_at[verb - 2] >= 0) {
        const auto index = static_cast<size_t>(mention_at[verb - 2]);
        const ActorMention& speaker = doc.mentions[index];
        if (index > 0 && conjunct(index - 1) == &speaker) {
          refer(s, t, t + 1, doc.mentions[index - 1]);  // "Obama and Putin said they…"
          refer(s, t, t + 1, speaker);
          continue;
        }
        if ((speaker.flags & kMentionPerson) != 0 && speaker.code.size() >= 6) {
          refer(s, t, t + 1, speaker);
          continue;
        }
      }
      // The antecedent: in this sentence before the pronoun, then in the sentences before, the
      // first compatible actor of each (a subject comes first). "they" wants a plural head or
      // two actors joined by "and"; "it" a country, a name or a singular head.
      bool found = false;
      for (uint32_t back = 0; back <= kPronounWindow && back <= s && !found; ++back) {
        const uint32_t in = s - back;
        for (uint32_t k = first_of[in]; k < first_of[in + 1] && !found; ++k) {
          const ActorMention& m = doc.mentions[k];
          if (m.tokens.begin >= t) {
            break;
          }
          if (plural) {
            if (const ActorMention* other = conjunct(k)) {
              refer(s, t, t + 1, m);
              refer(s, t, t + 1, *other);
              found = true;
              continue;
            }
          }
          if (!Referable(m) || (m.flags & kMentionCoreferent) != 0) {
            continue;
          }
          if (plural) {
            if (PluralHead(doc, m) && !Capitalized(doc, m.tokens.end - 1)) {
              refer(s, t, t + 1, m);
              found = true;
            }
          } else if (!(PluralHead(doc, m) && !Capitalized(doc, m.tokens.end - 1)) &&
                     conjunct(k) == nullptr) {
            refer(s, t, t + 1, m);
            found = true;
          }
        }
      }
    }
  }
  AddSorted(doc, std::move(added));
}

}  // namespace casus
