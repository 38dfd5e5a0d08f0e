// The event coder: trigger phrases between actor mentions, one sentence at a time.
//
// For each sentence the coder finds the pattern phrases it contains (longest first, left to
// right), then for each trigger picks its actors from the mentions around it:
//   verbal   source = the subject side (nearest mention before, preferring one that is not the
//            object of a preposition), target = the first mention from the trigger on;
//            passive ("were attacked by X") takes the source after "by"; a verb coordinated
//            with an earlier trigger ("condemned X and called on Y") keeps that trigger's source.
//   nominal  source = an actor right before the noun ("Russian airstrikes", "Israel's
//            offensive") or after "by"; "clashes between X and Y" takes both from after it; a
//            noun in the object slot of an earlier verb never borrows that verb's subject.
// Conjoined actors ("Russia and Iran") give one event each; reciprocal patterns give both
// directions. Negated ("did not attack", "refused to meet") and hypothetical ("would attack",
// "if they attack") triggers give no event.
#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "events/events.h"
#include "events/patterns_internal.h"
#include "events/statements_internal.h"

namespace casus {
namespace {

bool IsClauseBoundary(std::string_view norm) {
  return norm == ";" || norm == "." || norm == "!" || norm == "?" || norm == ":";
}

bool IsPreposition(std::string_view n) {
  static constexpr std::array<std::string_view, 22> kPrepositions = {
      "in",      "at",     "near",    "of",     "from",  "across",  "for",  "with",
      "to",      "on",     "against", "over",   "about", "between", "into", "toward",
      "towards", "inside", "outside", "around", "by",    "among"};
  return std::find(kPrepositions.begin(), kPrepositions.end(), n) != kPrepositions.end();
}

bool IsNegation(std::string_view n) {
  return n == "not" || n == "n't" || n == "never" || n == "neither" || n == "nor" ||
         n == "refused" || n == "refuses" || n == "refuse" || n == "refusing" || n == "failed" ||
         n == "fails" || n == "fail" || n == "declined" || n == "declines" || n == "cannot";
}

bool IsHypothetical(std::string_view n) {
  return n == "would" || n == "could" || n == "might" || n == "may" || n == "should" ||
         n == "must" || n == "if" || n == "unless" || n == "whether";
}

bool IsPassiveAux(std::string_view n) {
  return n == "was" || n == "were" || n == "been" || n == "being" || n == "is" || n == "are" ||
         n == "be" || n == "got" || n == "get" || n == "gets" || n == "getting";
}

bool IsAdverbish(std::string_view n) {
  return n.ends_with("ly") || n == "also" || n == "reportedly" || n == "allegedly" ||
         n == "again" || n == "then" || n == "already" || n == "still" || n == "just" ||
         n == "once" || n == "repeatedly";
}

bool IsConnector(std::string_view n) { return n == "and" || n == "," || n == "&"; }

bool IsSpeechWord(std::string_view n) {
  return n == "said" || n == "says" || n == "told" || n == "according" || n == "stated" ||
         n == "added" || n == "announced" || n == "reported" || n == "claimed";
}

struct Trigger {
  uint32_t pattern = 0;
  uint32_t begin = 0;
  uint32_t end = 0;        // past the last token
  uint32_t gap_begin = 0;  // the first gap, when the phrase has one
  uint32_t gap_end = 0;
};

class EventCoder final : public Stage {
 public:
  EventCoder(std::shared_ptr<const Codebook> codebook, std::shared_ptr<const PatternSet> patterns)
      : codebook_(std::move(codebook)), patterns_(std::move(patterns)) {}

  [[nodiscard]] std::string_view Name() const override { return "events.code"; }
  [[nodiscard]] LayerSet Requires() const override {
    return kLayerSentences | kLayerTokens | kLayerActors;
  }
  [[nodiscard]] LayerSet Assigns() const override { return kLayerEvents; }

  Status Annotate(Document& doc) const override;

 private:
  struct SentenceContext {
    const Document* doc;
    TokenSpan span;
    std::vector<uint32_t> mentions;  // indices into doc.mentions, in text order
    const std::vector<const std::vector<uint32_t>*>* bases;
  };

  [[nodiscard]] bool TokenIs(const SentenceContext& c, uint32_t t, uint32_t base) const {
    const auto* b = (*c.bases)[c.doc->tokens.norm[t]];
    return b != nullptr && std::find(b->begin(), b->end(), base) != b->end();
  }

  // Matches `phrase` from token `at`; on success fills the trigger's end and gap.
  bool MatchPhrase(const SentenceContext& c, const PatternPhrase& phrase, uint32_t at,
                   Trigger* trigger) const {
    uint32_t t = at;
    bool gap_seen = false;
    for (size_t e = 0; e < phrase.elements.size(); ++e) {
      int32_t element = phrase.elements[e];
      if (element == kGap) {
        // The shortest gap after which the next word matches.
        auto next = static_cast<uint32_t>(phrase.elements[e + 1]);
        bool found = false;
        for (uint32_t len = 1; len <= kMaxGap && t + len < c.span.end; ++len) {
          if (IsClauseBoundary(c.doc->Norm(t + len - 1))) {
            break;
          }
          if (TokenIs(c, t + len, next)) {
            if (!gap_seen) {
              trigger->gap_begin = t;
              trigger->gap_end = t + len;
              gap_seen = true;
            }
            t += len;
            found = true;
            break;
          }
        }
        if (!found) {
          return false;
        }
        continue;
      }
      if (t >= c.span.end || !TokenIs(c, t, static_cast<uint32_t>(element))) {
        return false;
      }
      ++t;
    }
    trigger->begin = at;
    trigger->end = t;
    if (!gap_seen) {
      trigger->gap_begin = trigger->gap_end = t;
    }
    return true;
  }

  [[nodiscard]] std::vector<Trigger> FindTriggers(const SentenceContext& c) const {
    const PatternSet::Impl& p = patterns_->impl();
    std::vector<Trigger> triggers;
    // The base words of the sentence: the possible last words of its phrases.
    std::vector<uint32_t> present;
    for (uint32_t t = c.span.begin; t < c.span.end; ++t) {
      if (const auto* bases = (*c.bases)[c.doc->tokens.norm[t]]; bases != nullptr) {
        present.insert(present.end(), bases->begin(), bases->end());
      }
    }
    std::sort(present.begin(), present.end());
    present.erase(std::unique(present.begin(), present.end()), present.end());
    uint32_t t = c.span.begin;
    while (t < c.span.end) {
      const auto* bases = (*c.bases)[c.doc->tokens.norm[t]];
      Trigger best;
      uint32_t best_index = 0;
      bool have = false;
      // Longest match; between equally long ones, the phrase loaded first.
      auto consider = [&](uint32_t index) {
        Trigger candidate;
        candidate.pattern = p.phrases[index].pattern;
        if (MatchPhrase(c, p.phrases[index], t, &candidate) &&
            (!have || candidate.end > best.end ||
             (candidate.end == best.end && index < best_index))) {
          best = candidate;
          best_index = index;
          have = true;
        }
      };
      if (bases != nullptr) {
        for (uint32_t base : *bases) {
          if (base < p.single_by_word.size()) {
            for (uint32_t index : p.single_by_word[base]) {
              consider(index);
            }
          }
          if (base >= p.by_first_last.size()) {
            continue;
          }
          // Merge the phrases' last words with the sentence's words (both sorted).
          const auto& list = p.by_first_last[base];
          size_t a = 0;
          size_t b = 0;
          while (a < list.size() && b < present.size()) {
            if (list[a].first < present[b]) {
              ++a;
            } else if (present[b] < list[a].first) {
              ++b;
            } else {
              consider(list[a].second);
              ++a;
            }
          }
        }
      }
      if (have && !InsideMention(c, t) && !ProperNounUse(c, t) && !CountedNoun(c, t, best)) {
        triggers.push_back(best);
        t = best.end;
      } else {
        ++t;
      }
    }
    return triggers;
  }

  // "March" in "on 3 March", "Strike" in a name: a capitalized trigger inside a sentence that
  // is not itself in title case is a proper noun.
  [[nodiscard]] bool ProperNounUse(const SentenceContext& c, uint32_t t) const {
    const TokenColumns& tokens = c.doc->tokens;
    if (t == c.span.begin || (tokens.flags[t] & kTokenCapitalized) == 0) {
      return false;
    }
    std::string_view before = c.doc->Norm(t - 1);
    if (before == "\"" || before == "'" || before == "(" || before == "-" || before == ":") {
      return false;  // a quotation or clause may start with a capital
    }
    uint32_t words = 0;
    uint32_t capitalized = 0;
    for (uint32_t i = c.span.begin; i < c.span.end; ++i) {
      std::string_view n = c.doc->Norm(i);
      if (n.size() > 3) {
        ++words;
        capitalized += (tokens.flags[i] & kTokenCapitalized) != 0 ? 1 : 0;
      }
    }
    return capitalized * 2 < words;  // not a headline
  }

  // "30 million pounds", "420 strikes": a one-word trigger after a number is a counted noun.
  [[nodiscard]] bool CountedNoun(const SentenceContext& c, uint32_t t, const Trigger& tr) const {
    if (t == c.span.begin || tr.end - tr.begin > 1) {
      return false;
    }
    std::string_view before = c.doc->Norm(t - 1);
    return (!before.empty() && before[0] >= '0' && before[0] <= '9') || before == "million" ||
           before == "billion" || before == "thousand" || before == "hundreds" ||
           before == "thousands" || before == "dozens";
  }

  [[nodiscard]] bool InsideMention(const SentenceContext& c, uint32_t t) const {
    for (uint32_t m : c.mentions) {
      const TokenSpan& s = c.doc->mentions[m].tokens;
      if (t >= s.begin && t < s.end) {
        return true;
      }
    }
    return false;
  }

  // The conjoined run of mentions ("Russia, Iran and Turkey") that contains mention k (an
  // index into c.mentions).
  [[nodiscard]] std::vector<size_t> Conjuncts(const SentenceContext& c, size_t k) const {
    const Document& doc = *c.doc;
    auto joined = [&](size_t a, size_t b) {  // mention a directly before mention b
      // The same words read as two actors ("all sides": the government and the rebels).
      if (doc.mentions[c.mentions[a]].tokens == doc.mentions[c.mentions[b]].tokens) {
        return true;
      }
      uint32_t from = doc.mentions[c.mentions[a]].tokens.end;
      uint32_t to = doc.mentions[c.mentions[b]].tokens.begin;
      if (to <= from || to - from > 2) {
        return false;
      }
      bool connector = false;
      for (uint32_t t = from; t < to; ++t) {
        std::string_view n = doc.Norm(t);
        if (IsConnector(n)) {
          connector = true;
        } else if (n != "the") {
          return false;
        }
      }
      return connector;
    };
    size_t first = k;
    while (first > 0 && joined(first - 1, first)) {
      --first;
    }
    size_t last = k;
    while (last + 1 < c.mentions.size() && joined(last, last + 1)) {
      ++last;
    }
    std::vector<size_t> run;
    for (size_t i = first; i <= last; ++i) {
      run.push_back(i);
    }
    return run;
  }

  [[nodiscard]] bool PrecededByPreposition(const SentenceContext& c, size_t k) const {
    uint32_t b = c.doc->mentions[c.mentions[k]].tokens.begin;
    for (uint32_t t = b; t > c.span.begin && t + 3 > b; --t) {
      std::string_view n = c.doc->Norm(t - 1);
      if (IsPreposition(n)) {
        return true;
      }
      if (n != "the" && n != "'s" && !n.ends_with("ern") && n != "a" && n != "an") {
        return false;
      }
    }
    return false;
  }

  // The subject-side mention for a verb at token `begin`: index into c.mentions or -1.
  [[nodiscard]] int SubjectBefore(const SentenceContext& c, uint32_t begin) const {
    for (size_t k = c.mentions.size(); k-- > 0;) {
      const TokenSpan& s = c.doc->mentions[c.mentions[k]].tokens;
      if (s.end > begin) {
        continue;
      }
      bool blocked = false;
      for (uint32_t t = s.end; t < begin; ++t) {
        if (IsClauseBoundary(c.doc->Norm(t))) {
          blocked = true;
          break;
        }
      }
      if (blocked) {
        break;
      }
      // The preposition that governs a conjoined run stands before its first member.
      const bool prepositional = PrecededByPreposition(c, Conjuncts(c, k).front());
      if (!prepositional) {
        // An earlier subject wins over a prepositional object ("rebels in Idlib attacked").
        return static_cast<int>(k);
      }
    }
    // Only prepositional objects before the verb ("clashes between X and Y killed ten"): the
    // subject is not an actor.
    return -1;
  }

  // Whether mention k is a pronoun or description that takes the code of one of `sources`.
  [[nodiscard]] static bool RefersToSource(const Document& doc, const SentenceContext& c, size_t k,
                                           const std::vector<size_t>& sources) {
    const ActorMention& m = doc.mentions[c.mentions[k]];
    if ((m.flags & kMentionCoreferent) == 0) {
      return false;
    }
    const std::string_view code = EventCodeOfMention(doc, m);
    return std::any_of(sources.begin(), sources.end(), [&](size_t s) {
      return EventCodeOfMention(doc, doc.mentions[c.mentions[s]]) == code;
    });
  }

  // The first mention from token `from` on, within `reach` tokens of `limit`: index or -1.
  [[nodiscard]] int MentionAfter(const SentenceContext& c, uint32_t from, uint32_t limit,
                                 int exclude, uint32_t checked_from = 0) const {
    for (size_t k = 0; k < c.mentions.size(); ++k) {
      if (static_cast<int>(k) == exclude) {
        continue;
      }
      const TokenSpan& s = c.doc->mentions[c.mentions[k]].tokens;
      if (s.begin < from) {
        continue;
      }
      if (s.begin > limit) {
        return -1;
      }
      // Words of the trigger itself ("claimed responsibility for") never end the search.
      for (uint32_t t = std::max(from, checked_from); t < s.begin; ++t) {
        std::string_view n = c.doc->Norm(t);
        if (IsClauseBoundary(n) || IsSpeechWord(n)) {
          return -1;
        }
      }
      return static_cast<int>(k);
    }
    return -1;
  }

  [[nodiscard]] bool Negated(const SentenceContext& c, const Trigger& tr, int subject) const {
    uint32_t floor = c.span.begin;
    if (subject >= 0) {
      floor = std::max(floor, c.doc->mentions[c.mentions[static_cast<size_t>(subject)]].tokens.end);
    }
    uint32_t from = tr.begin > floor + 4 ? tr.begin - 4 : floor;
    for (uint32_t t = from; t < tr.begin; ++t) {
      std::string_view n = c.doc->Norm(t);
      if (IsNegation(n) || IsHypothetical(n)) {
        return true;
      }
      if (n == "no" && t + 1 == tr.begin) {
        return true;
      }
    }
    // "if", "unless" earlier in the clause.
    for (uint32_t t = c.span.begin; t < from; ++t) {
      std::string_view n = c.doc->Norm(t);
      if (n == "if" || n == "unless") {
        return true;
      }
    }
    return false;
  }

  // The quote (direct or reported) whose words hold the trigger and whose speaker has a code.
  static const Quote* QuoteAround(const Document& doc, const Trigger& tr) {
    if (!doc.Has(kLayerQuotes)) {
      return nullptr;
    }
    const uint32_t at = doc.tokens.begin[tr.begin];
    const Quote* best = nullptr;
    for (const Quote& q : doc.quotes) {
      if (q.text.begin <= at && at < q.text.end && !q.speaker_code.empty() &&
          (best == nullptr || q.text.end - q.text.begin < best->text.end - best->text.begin)) {
        best = &q;  // the innermost
      }
    }
    return best;
  }

  // Roots of the events that a statement itself performs: statements, appeals, intentions,
  // demands, disapproval, rejection, threats (CAMEO 01-03, 10-13).
  static bool IsVerbalRoot(std::string_view root) {
    return root == "01" || root == "02" || root == "03" || root == "10" || root == "11" ||
           root == "12" || root == "13";
  }

  [[nodiscard]] bool Passive(const SentenceContext& c, const Trigger& tr) const {
    std::string_view verb = c.doc->Norm(tr.begin);
    bool participle = verb.ends_with("ed") || verb.ends_with("en") || verb == "hit" ||
                      verb == "shot" || verb == "struck" || verb == "held" || verb == "met" ||
                      verb == "fought" || verb == "led" || verb == "sent" || verb == "put" ||
                      verb == "cut" || verb == "seen" || verb == "left" || verb == "told";
    if (!participle) {
      return false;
    }
    for (uint32_t t = tr.begin; t > c.span.begin && t + 3 > tr.begin; --t) {
      std::string_view n = c.doc->Norm(t - 1);
      if (IsPassiveAux(n)) {
        return true;
      }
      if (!IsAdverbish(n) && n != "not") {
        return false;
      }
    }
    return false;
  }

  void Emit(Document& doc, const SentenceContext& c, uint32_t sentence, const Trigger& tr,
            int source, int target, double confidence, uint32_t flags,
            const EventActor* implicit_target = nullptr) const {
    const auto mention = c.mentions[static_cast<size_t>(source)];
    const ActorMention& s = doc.mentions[mention];
    EventActor actor{std::string(EventCodeOfMention(doc, s)), doc.TokenBytes(s.tokens),
                     static_cast<int32_t>(mention)};
    if (s.entry.find("+focus:") != std::string::npos) {
      confidence *= 0.85;
    }
    EmitFrom(doc, c, sentence, tr, actor, target, confidence, flags, implicit_target);
  }

  // Emit with a source that need not be a mention of the sentence (a quote's speaker).
  // `implicit_target`, when given and `target` < 0, is an actor the sentence does not name.
  void EmitFrom(Document& doc, const SentenceContext& c, uint32_t sentence, const Trigger& tr,
                const EventActor& source, int target, double confidence, uint32_t flags,
                const EventActor* implicit_target = nullptr) const {
    const Pattern& pattern = patterns_->impl().patterns[tr.pattern];
    const CameoCode* code = codebook_->Find(pattern.code);
    Event event;
    event.sentence = sentence;
    event.source = source;
    const EventActor& s = source;
    if (target >= 0) {
      const ActorMention& t = doc.mentions[c.mentions[static_cast<size_t>(target)]];
      std::string_view target_code = EventCodeOfMention(doc, t);
      if (target_code == s.code) {
        return;  // an actor acting on itself is not an event
      }
      EventActor actor;
      actor.code = std::string(target_code);
      actor.text = doc.TokenBytes(t.tokens);
      actor.mention = static_cast<int32_t>(c.mentions[static_cast<size_t>(target)]);
      event.target = actor;
      if (t.entry.find("+focus:") != std::string::npos) {
        confidence *= 0.85;
      }
    } else if (implicit_target != nullptr && implicit_target->code != s.code) {
      event.target = *implicit_target;
      confidence *= 0.7;
    } else {
      confidence *= 0.8;
    }
    event.code = code->code;
    event.root = code->root;
    event.quad = static_cast<uint8_t>(code->quad);
    event.goldstein = code->goldstein;
    event.plover = code->plover;
    event.date = doc.meta.published;
    event.date_basis = doc.meta.published.valid() ? "publication date" : "";
    event.trigger = doc.TokenBytes({tr.begin, tr.end});
    event.pattern = pattern.id;
    event.confidence = std::clamp(confidence, 0.05, 0.99);
    event.flags = flags;
    for (const Event& e : doc.events) {
      if (e.sentence == sentence && e.code == event.code && e.source.code == event.source.code &&
          e.target.has_value() == event.target.has_value() &&
          (!e.target || e.target->code == event.target->code)) {
        return;
      }
    }
    doc.events.push_back(std::move(event));
  }

  void CodeSentence(Document& doc, SentenceContext& c, uint32_t sentence) const;
  void EmitWithImplicitTarget(Document& doc, const SentenceContext& c, uint32_t sentence,
                              const Trigger& tr, int source, double confidence,
                              uint32_t flags) const;
  void CodeSpeakerTrigger(Document& doc, const SentenceContext& c, uint32_t sentence,
                          const Trigger& tr, uint32_t flags) const;

  std::shared_ptr<const Codebook> codebook_;
  std::shared_ptr<const PatternSet> patterns_;
};

void EventCoder::CodeSentence(Document& doc, SentenceContext& c, uint32_t sentence) const {
  std::vector<Trigger> triggers = FindTriggers(c);
  if (c.mentions.empty()) {
    // A speaker's words need no actor in the sentence ("We hope de-escalation holds").
    for (const Trigger& tr : triggers) {
      if ((patterns_->impl().patterns[tr.pattern].flags & kPatternSpeaker) != 0) {
        CodeSpeakerTrigger(doc, c, sentence, tr, kEventReported);
      }
    }
    return;
  }
  if (triggers.empty()) {
    return;
  }
  uint32_t flags = 0;
  for (uint32_t t = c.span.begin; t < c.span.end; ++t) {
    std::string_view n = doc.Norm(t);
    if (IsSpeechWord(n)) {
      flags |= kEventReported;
    }
    if (n.size() == 4 && n[0] >= '1' && n[0] <= '2' &&
        std::all_of(n.begin(), n.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) &&
        doc.meta.published.valid() && std::stoi(std::string(n)) < doc.meta.published.year) {
      flags |= kEventPast;
    }
  }
  const PatternSet::Impl& p = patterns_->impl();
  std::vector<size_t> previous_sources;  // of the last verbal trigger
  uint32_t previous_end = 0;
  bool have_previous = false;
  for (const Trigger& tr : triggers) {
    const Pattern& pattern = p.patterns[tr.pattern];
    if ((pattern.flags & kPatternSpeaker) != 0) {
      CodeSpeakerTrigger(doc, c, sentence, tr, flags);
      continue;
    }
    // A verb after a determiner or possessive is used as a noun ("the fighting", "this week's
    // attack") and takes its actors as a noun does.
    bool noun_use = false;
    if (tr.begin > c.span.begin) {
      std::string_view before = doc.Norm(tr.begin - 1);
      noun_use = before == "the" || before == "a" || before == "an" || before == "this" ||
                 before == "that" || before == "these" || before == "those" || before == "its" ||
                 before == "their" || before == "his" || before == "her" || before == "our" ||
                 before == "'s" || before == "recent" || before == "further" || before == "new" ||
                 // "after attacks", "over raids": a plural after a preposition is a noun.
                 ((before == "after" || before == "over" || before == "during" ||
                   before == "amid" || before == "following" || before == "despite" ||
                   before == "of" || before == "against" || before == "since") &&
                  doc.Norm(tr.begin).ends_with("s"));
    }
    const bool nominal = (pattern.flags & kPatternNominal) != 0 || noun_use;
    const bool reciprocal = (pattern.flags & kPatternReciprocal) != 0;
    double confidence = 0.9;
    std::vector<size_t> sources;
    std::vector<size_t> targets;
    int subject = -1;
    if (nominal) {
      confidence *= 0.85;
      // An actor right before the noun ("Russian airstrikes", "Israel's offensive").
      for (size_t k = 0; k < c.mentions.size(); ++k) {
        const TokenSpan& s = doc.mentions[c.mentions[k]].tokens;
        uint32_t end = s.end;
        while (end < tr.begin &&
               (doc.Norm(end) == "'s" || doc.Norm(end) == "'" || IsAdverbish(doc.Norm(end)))) {
          ++end;
        }
        if (end == tr.begin) {
          subject = static_cast<int>(k);
        }
      }
      bool in_object_slot = have_previous && MentionAfter(c, previous_end, tr.begin, -1) < 0;
      if (subject < 0 && !in_object_slot && !reciprocal) {
        // "X launched an offensive": a subject close before the noun.
        int before = SubjectBefore(c, tr.begin);
        if (before >= 0 &&
            doc.mentions[c.mentions[static_cast<size_t>(before)]].tokens.end + 4 >= tr.begin) {
          subject = before;
        }
      }
      int by = -1;
      for (uint32_t t = tr.end; t < std::min(c.span.end, tr.end + 3); ++t) {
        if (doc.Norm(t) == "by") {
          by = MentionAfter(c, t + 1, t + 3, -1);
        }
      }
      if (subject >= 0) {
        sources.push_back(static_cast<size_t>(subject));
      } else if (by >= 0) {
        sources.push_back(static_cast<size_t>(by));
      }
      if (sources.empty() && reciprocal) {
        int first = MentionAfter(c, tr.begin, tr.end + 4, -1);
        if (first >= 0) {
          std::vector<size_t> run = Conjuncts(c, static_cast<size_t>(first));
          if (run.size() >= 2) {
            sources = run;
          }
        }
      }
      if (sources.empty()) {
        continue;
      }
      if (sources.size() == 1) {
        int t = MentionAfter(c, tr.begin, tr.end + 8, static_cast<int>(sources[0]), tr.end);
        if (t == by && by >= 0) {
          t = MentionAfter(c, doc.mentions[c.mentions[static_cast<size_t>(by)]].tokens.end,
                           tr.end + 10, by);
        }
        if (t >= 0) {
          targets = Conjuncts(c, static_cast<size_t>(t));
        }
      }
    } else {
      subject = SubjectBefore(c, tr.begin);
      // A verb joined to the previous trigger by "and", "but" or a comma keeps its subject
      // ("Turkey condemned Israel and called on Russia to …"): no new subject stands between.
      bool coordinated = false;
      if (have_previous && tr.begin > c.span.begin) {
        std::string_view before = doc.Norm(tr.begin - 1);
        bool joined = before == "and" || before == "but" || before == "then" || before == ",";
        coordinated = joined;
      }
      if (Negated(c, tr, subject)) {
        continue;
      }
      if (Passive(c, tr) || (pattern.flags & kPatternPassive) != 0) {
        confidence *= 0.9;
        int by = -1;
        for (uint32_t t = tr.end; t < std::min(c.span.end, tr.end + 4); ++t) {
          std::string_view n = doc.Norm(t);
          if (n == "by" || ((pattern.flags & kPatternPassive) != 0 && n == "from")) {
            by = MentionAfter(c, t + 1, t + 3, -1);
            break;
          }
        }
        if (by < 0 || subject < 0) {
          continue;
        }
        sources = Conjuncts(c, static_cast<size_t>(by));
        targets = Conjuncts(c, static_cast<size_t>(subject));
      } else {
        if (coordinated && !previous_sources.empty()) {
          sources = previous_sources;
          confidence *= 0.85;
        } else if (subject >= 0) {
          sources = Conjuncts(c, static_cast<size_t>(subject));
          // Only the conjuncts before the verb are its subjects.
          std::erase_if(
              sources, [&](size_t k) { return doc.mentions[c.mentions[k]].tokens.end > tr.begin; });
          if (doc.mentions[c.mentions[static_cast<size_t>(subject)]].tokens.end + 12 < tr.begin) {
            confidence *= 0.85;
          }
        }
        if (sources.empty()) {
          // A speaker's own appeal, accusation or rejection with no subject in the quote ("call
          // on all sides to…", “…,” the official said) is the speaker's.
          const Quote* quote = subject < 0 ? QuoteAround(doc, tr) : nullptr;
          if (quote != nullptr && IsVerbalRoot(codebook_->Find(pattern.code)->root)) {
            EventActor speaker{quote->speaker_code,
                               quote->speaker.empty() ? quote->attribution : quote->speaker, -1};
            int t = MentionAfter(c, tr.begin, tr.end + 10, -1, tr.end);
            confidence *= 0.8;
            if (t < 0) {
              EmitFrom(doc, c, sentence, tr, speaker, -1, confidence, flags | kEventReported);
            } else {
              for (size_t k : Conjuncts(c, static_cast<size_t>(t))) {
                EmitFrom(doc, c, sentence, tr, speaker, static_cast<int>(k), confidence,
                         flags | kEventReported);
              }
            }
          }
          continue;
        }
        int t = MentionAfter(c, tr.begin, tr.end + 10, -1, tr.end);
        // "X rejected accusations by Y that it …": a pronoun that refers back to the source is
        // not the target; the next actor may be. With none, the event stays self-directed and
        // is dropped, as before.
        for (int next = t;
             next >= 0 && RefersToSource(doc, c, static_cast<size_t>(next), sources);) {
          next = MentionAfter(c, doc.mentions[c.mentions[static_cast<size_t>(next)]].tokens.end,
                              tr.end + 10, -1, tr.end);
          if (next >= 0 && !RefersToSource(doc, c, static_cast<size_t>(next), sources)) {
            t = next;
          }
        }
        if (t >= 0) {
          targets = Conjuncts(c, static_cast<size_t>(t));
          std::erase_if(targets, [&](size_t k) {
            return doc.mentions[c.mentions[k]].tokens.begin < tr.begin;
          });
        }
      }
      previous_sources = sources;
      previous_end = tr.end;
      have_previous = true;
    }
    if ((flags & kEventReported) != 0) {
      confidence *= 0.95;
    }
    if (targets.empty() && reciprocal && sources.size() >= 2) {
      for (size_t a : sources) {
        for (size_t b : sources) {
          if (a != b) {
            Emit(doc, c, sentence, tr, static_cast<int>(a), static_cast<int>(b), confidence, flags);
          }
        }
      }
      continue;
    }
    for (size_t s : sources) {
      if (targets.empty()) {
        EmitWithImplicitTarget(doc, c, sentence, tr, static_cast<int>(s), confidence, flags);
      }
      for (size_t t : targets) {
        if (t == s) {
          continue;
        }
        Emit(doc, c, sentence, tr, static_cast<int>(s), static_cast<int>(t), confidence, flags);
        if (reciprocal) {
          Emit(doc, c, sentence, tr, static_cast<int>(t), static_cast<int>(s), confidence, flags);
        }
      }
    }
  }
}

// --- Speaker statements (see statements_internal.h) -------------------------------------------

// Whether a sentence overlaps a quote whose speaker has a code.
bool InSpeakerQuote(const Document& doc, const Sentence& sentence) {
  if (!doc.Has(kLayerQuotes)) {
    return false;
  }
  return std::any_of(doc.quotes.begin(), doc.quotes.end(), [&](const Quote& q) {
    return !q.speaker_code.empty() && q.text.begin < sentence.bytes.end &&
           sentence.bytes.begin < q.text.end;
  });
}

// An event with no target in its sentence. A speaker's comment, appeal, demand, criticism,
// rejection or threat inside a quote is addressed to someone: when the clause names nobody, the
// country the document is about ("We are very concerned about the situation", said of Syria).
void EventCoder::EmitWithImplicitTarget(Document& doc, const SentenceContext& c, uint32_t sentence,
                                        const Trigger& tr, int source, double confidence,
                                        uint32_t flags) const {
  const std::string& root = codebook_->Find(patterns_->impl().patterns[tr.pattern].code)->root;
  const bool addressed =
      root == "01" || root == "02" || root == "10" || root == "11" || root == "12" || root == "13";
  if (addressed && SpeakerQuoteAt(doc, tr.begin) != nullptr) {
    const ActorMention& s = doc.mentions[c.mentions[static_cast<size_t>(source)]];
    std::string focus = FocusCountry(doc, EventCodeOfMention(doc, s).substr(0, 3));
    if (!focus.empty()) {
      EventActor implicit{focus, {}, -1};
      Emit(doc, c, sentence, tr, source, -1, confidence, flags, &implicit);
      return;
    }
  }
  Emit(doc, c, sentence, tr, source, -1, confidence, flags);
}

// A [speaker] trigger: the quote's speaker says it about the actor of its clause — for
// criticism (root 11) the actor it describes, before the trigger ("Assad is a brutal
// dictator"), else the first one after it ("it would be helpful if Russia stopped…") — or,
// when the clause names none, about the document's focus country.
void EventCoder::CodeSpeakerTrigger(Document& doc, const SentenceContext& c, uint32_t sentence,
                                    const Trigger& tr, uint32_t flags) const {
  const Quote* quote = SpeakerQuoteAt(doc, tr.begin);
  if (quote == nullptr || Negated(c, tr, -1)) {
    return;
  }
  const Pattern& pattern = patterns_->impl().patterns[tr.pattern];
  const CameoCode* code = codebook_->Find(pattern.code);
  EventActor speaker{quote->speaker_code,
                     quote->speaker.empty() ? quote->attribution : quote->speaker, -1};
  // A mention the speaker's words can be about: inside the quote, not the speaker itself.
  auto about = [&](int k) {
    if (k < 0) {
      return false;
    }
    const ActorMention& m = doc.mentions[c.mentions[static_cast<size_t>(k)]];
    return doc.tokens.begin[m.tokens.begin] >= quote->text.begin &&
           doc.tokens.end[m.tokens.end - 1] <= quote->text.end &&
           !EventCodeOfMention(doc, m).starts_with(std::string_view(speaker.code).substr(0, 3));
  };
  int target = -1;
  const bool criticism = code->root == "11";
  if (criticism) {
    int before = SubjectBefore(c, tr.begin);
    target = about(before) ? before : -1;
  }
  if (target < 0) {
    int after = MentionAfter(c, tr.begin, tr.end + 10, -1, tr.end);
    target = about(after) ? after : -1;
  }
  if (target < 0 && !criticism) {
    int before = SubjectBefore(c, tr.begin);
    target = about(before) ? before : -1;
  }
  const double confidence = 0.9 * 0.8;
  flags |= kEventReported;
  if (target >= 0) {
    for (size_t k : Conjuncts(c, static_cast<size_t>(target))) {
      if (about(static_cast<int>(k))) {
        EmitFrom(doc, c, sentence, tr, speaker, static_cast<int>(k), confidence, flags);
      }
    }
    return;
  }
  std::string focus = FocusCountry(doc, std::string_view(speaker.code).substr(0, 3));
  if (focus.empty()) {
    return;  // whom the words are about is unknown
  }
  EventActor implicit{focus, {}, -1};
  EmitFrom(doc, c, sentence, tr, speaker, -1, confidence, flags, &implicit);
}

Status EventCoder::Annotate(Document& doc) const {
  doc.events.clear();
  const PatternSet::Impl& p = patterns_->impl();
  // Each distinct token form is looked up once per document.
  std::vector<const std::vector<uint32_t>*> bases(doc.strings.size(), nullptr);
  for (uint32_t id = 1; id < doc.strings.size(); ++id) {
    if (!p.filter.MayContain(doc.strings.Hash(id))) {
      continue;
    }
    int64_t form = p.Find(doc.strings.Get(id));
    if (form >= 0 && !p.bases_of[static_cast<size_t>(form)].empty()) {
      bases[id] = &p.bases_of[static_cast<size_t>(form)];
    }
  }
  SentenceContext c;
  c.doc = &doc;
  c.bases = &bases;
  size_t next_mention = 0;
  for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
    c.span = doc.sentences[s].tokens;
    c.mentions.clear();
    while (next_mention < doc.mentions.size() && doc.mentions[next_mention].sentence < s) {
      ++next_mention;
    }
    for (size_t m = next_mention; m < doc.mentions.size() && doc.mentions[m].sentence == s; ++m) {
      c.mentions.push_back(static_cast<uint32_t>(m));
    }
    // Headlines, decks, crossheads and page furniture restate or label the body: not coded.
    if ((!c.mentions.empty() || InSpeakerQuote(doc, doc.sentences[s])) &&
        doc.sentences[s].role == SentenceRole::kBody) {
      CodeSentence(doc, c, s);
    }
  }
  return Status::OK();
}

}  // namespace

std::unique_ptr<Stage> MakeEventCoder(std::shared_ptr<const Codebook> codebook,
                                      std::shared_ptr<const PatternSet> patterns) {
  return std::make_unique<EventCoder>(std::move(codebook), std::move(patterns));
}

}  // namespace casus
