#include "quotes/quotes.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/status.h"

namespace casus {
namespace {

using WordSet = std::unordered_set<std::string_view>;

// Speech cues, by what follows them. Only lower-case tokens count, so "States" and "Says" in
// a headline never do.
const WordSet& SayCues() {
  static const WordSet words = {
      "said",         "says",        "say",         "saying",      "added",       "adds",
      "adding",       "stressed",    "stresses",    "stressing",   "noted",       "notes",
      "noting",       "stated",      "explained",   "explains",    "explaining",  "emphasized",
      "emphasised",   "emphasizes",  "emphasising", "emphasizing", "warned",      "warns",
      "warning",      "insisted",    "insists",     "insisting",   "wrote",       "writes",
      "tweeted",      "affirmed",    "affirms",     "affirming",   "reaffirmed",  "reaffirms",
      "reaffirming",  "vowed",       "vows",        "vowing",      "pledged",     "pledges",
      "announced",    "announces",   "declared",    "declares",    "argued",      "argues",
      "claimed",      "claims",      "confirmed",   "confirms",    "denied",      "denies",
      "acknowledged", "admitted",    "reiterated",  "reiterates",  "reiterating", "demanded",
      "demands",      "demanding",   "report",      "reports",     "reported",    "replied",
      "responded",    "commented",   "remarked",    "observed",    "suggested",   "predicted",
      "cautioned",    "complained",  "concluded",   "maintained",  "maintains",   "underlined",
      "underscored",  "highlighted", "alleged",     "alleges",     "estimated",   "believes"};
  return words;
}
const WordSet& TellCues() {
  static const WordSet words = {"told",     "tells",   "tell",   "telling",
                                "informed", "assured", "briefed"};
  return words;
}
const WordSet& CallCues() {
  static const WordSet words = {"call", "calls", "called", "calling"};
  return words;
}
const WordSet& UrgeCues() {
  static const WordSet words = {"urge", "urges", "urged", "urging"};
  return words;
}
const WordSet& BeForms() {
  static const WordSet words = {"is", "was", "were", "are", "been", "being", "be", "'s"};
  return words;
}
// Adverbs that may stand between a verb and what governs it ("was also reported").
const WordSet& VerbAdverbs() {
  static const WordSet words = {
      "also",  "widely", "reportedly", "further",    "previously", "initially", "not",
      "never", "long",   "already",    "repeatedly", "recently",   "earlier",   "later",
      "then",  "again",  "separately", "publicly",   "privately",  "once",      "has",
      "have",  "had",    "would",      "will",       "did",        "does",      "do",
      "could", "may",    "might",      "can",        "should",     "must",      "just",
      "only",  "firmly", "strongly",   "clearly",    "quickly"};
  return words;
}
const WordSet& TimeWords() {
  static const WordSet words = {
      "on",      "in",      "at",        "last",      "this",     "today",    "yesterday",
      "tonight", "monday",  "tuesday",   "wednesday", "thursday", "friday",   "saturday",
      "sunday",  "morning", "afternoon", "evening",   "night",    "week",     "month",
      "year",    "january", "february",  "march",     "april",    "may",      "june",
      "july",    "august",  "september", "october",   "november", "december", "jan.",
      "feb.",    "aug.",    "sept.",     "sep.",      "oct.",     "nov.",     "dec.",
      "late",    "early",   "the",       "of",        "earlier",  "later"};
  return words;
}
// Words that open a clause before its subject ("As the Council has long emphasized").
const WordSet& ClauseOpeners() {
  static const WordSet words = {"as",      "while",  "when",     "after",     "before",  "because",
                                "and",     "but",    "so",       "yet",       "what",    "how",
                                "where",   "though", "although", "meanwhile", "however", "if",
                                "whereas", "since",  "until"};
  return words;
}
const WordSet& Determiners() {
  static const WordSet words = {"the",   "a",       "an",      "his",   "her",   "its",
                                "their", "our",     "this",    "these", "those", "both",
                                "all",   "some",    "several", "many",  "two",   "three",
                                "other", "another", "each",    "one"};
  return words;
}
// Words that cannot be part of a speaker phrase.
const WordSet& FunctionWords() {
  static const WordSet words = {
      "is",      "are",   "was",   "were",   "be",    "been",    "being",   "has",    "have",
      "had",     "will",  "would", "can",    "could", "may",     "might",   "must",   "should",
      "shall",   "do",    "does",  "did",    "not",   "that",    "which",   "who",    "whom",
      "whose",   "what",  "when",  "where",  "why",   "how",     "if",      "as",     "of",
      "in",      "on",    "at",    "to",     "for",   "from",    "by",      "with",   "about",
      "into",    "over",  "after", "before", "under", "between", "against", "during", "without",
      "than",    "and",   "or",    "but",    "so",    "there",   "also",    "then",   "while",
      "because", "since", "it",    "you",    "me",    "him",     "them",    "us",     "very",
      "more",    "most",  "such",  "no",     "nor",   "too",     "here",    "now",    "just"};
  return words;
}
const WordSet& Pronouns() {
  static const WordSet words = {"he", "she", "they", "it", "we", "i"};
  return words;
}
// Nouns that head a phrase naming one person ("the official", "the spokesperson").
const WordSet& PersonNouns() {
  static const WordSet words = {
      "official",       "spokesperson", "spokesman", "spokeswoman", "minister",      "president",
      "envoy",          "ambassador",   "diplomat",  "secretary",   "analyst",       "expert",
      "director",       "commander",    "leader",    "chief",       "source",        "officer",
      "general",        "adviser",      "advisor",   "lawmaker",    "senator",       "premier",
      "king",           "prince",       "emir",      "fellow",      "researcher",    "professor",
      "representative", "negotiator",   "mediator",  "governor",    "mayor",         "cleric",
      "activist",       "witness",      "resident",  "journalist",  "correspondent", "head",
      "chairman",       "chairwoman",   "deputy",    "aide",        "monitor",       "coordinator"};
  return words;
}
// Titles and participles that open an appositive ("Charles Lister, director of …, said").
const WordSet& AppositiveOpeners() {
  static const WordSet words = {
      "a",      "an",        "who",         "which",        "whose",    "director",  "head",
      "chief",  "spokesman", "spokeswoman", "spokesperson", "minister", "secretary", "president",
      "leader", "member",    "author",      "professor",    "analyst",  "founder",   "commander",
      "former", "senior",    "deputy",      "fellow",       "chairman", "citing",    "according",
      "itself", "himself",   "herself"};
  return words;
}

bool In(const WordSet& set, std::string_view word) { return set.count(word) != 0; }
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool IsPunct(std::string_view norm) {
  return norm == "," || norm == "." || norm == ";" || norm == ":" || norm == "!" || norm == "?" ||
         norm == "-" || norm == "--" || norm == "—" || norm == "–";
}

enum class CueKind : uint8_t { kSay, kTell, kAppeal, kAccording, kNaming };

// Double marks (“ ” " « » „) and single ones (‘ ’ '): a quote opened by one kind is closed by
// the same kind, and the other kind inside it marks a quote within the quote.
enum class MarkKind : uint8_t { kNone, kOpen, kClose, kOpenSingle, kCloseSingle };

// A pair of quotation marks: the tokens of the marks; `close` is one past the paragraph's last
// token when the quote is left open.
struct QuoteMarks {
  uint32_t open = 0;
  uint32_t close = 0;
  uint32_t paragraph = 0;
};

// A speech cue with the phrase that names its speaker and the tokens it reports.
struct Attribution {
  CueKind kind = CueKind::kSay;
  TokenSpan cue;
  TokenSpan subject;          // empty when inherited or unknown
  TokenSpan addressee;        // empty when none
  TokenSpan content;          // the reported tokens; empty when the cue reports a direct quote
  int32_t region = -1;        // -1 outside quotes, else the quote it is inside
  int32_t direct_quote = -1;  // the quote the cue introduces or closes ("“…,” he said")
  int32_t entity = -1;
  uint32_t sentence = 0;
};

// Someone who speaks, with the phrase that names them best.
struct Entity {
  TokenSpan name;
  std::string code;
  bool person = false;
};

class Extractor {
 public:
  explicit Extractor(Document& doc) : doc_(doc), n_(static_cast<uint32_t>(doc.tokens.size())) {}

  void Run() {
    if (n_ == 0) {
      return;
    }
    IndexMentions();
    FindQuoteMarks();
    for (uint32_t s = 0; s < doc_.sentences.size(); ++s) {
      if (doc_.sentences[s].role == SentenceRole::kBody) {
        FindAttributions(s);
      }
    }
    ResolveSpeakers();
    AttributeNested();
    EmitQuotes();
  }

 private:
  [[nodiscard]] std::string_view Norm(uint32_t t) const { return doc_.Norm(t); }
  [[nodiscard]] bool Capitalized(uint32_t t) const {
    return (doc_.tokens.flags[t] & kTokenCapitalized) != 0;
  }
  [[nodiscard]] bool AllCaps(uint32_t t) const {
    return (doc_.tokens.flags[t] & kTokenAllCaps) != 0;
  }
  [[nodiscard]] bool IsMark(uint32_t t) const { return region_[t] == kMarkRegion; }

  void IndexMentions() {
    mention_at_.assign(n_, -1);
    for (size_t m = 0; m < doc_.mentions.size(); ++m) {
      const ActorMention& mention = doc_.mentions[m];
      if (mention.entry.rfind("speaker:", 0) == 0) {
        continue;  // a pronoun the actors stage gave its speaker's code; not a naming phrase
      }
      for (uint32_t t = mention.tokens.begin; t < mention.tokens.end && t < n_; ++t) {
        mention_at_[t] = static_cast<int32_t>(m);
      }
    }
  }

  [[nodiscard]] MarkKind Mark(uint32_t t) const {
    const std::string_view norm = Norm(t);
    if (norm == "'") {
      return SingleMark(t);
    }
    if (norm != "\"") {
      return MarkKind::kNone;
    }
    std::string_view raw = doc_.TokenText(t);
    if (raw == "\xE2\x80\x9C" || raw == "\xE2\x80\x9E" || raw == "\xC2\xAB") {  // “ „ «
      return MarkKind::kOpen;
    }
    if (raw == "\xE2\x80\x9D" || raw == "\xC2\xBB") {  // ” »
      return MarkKind::kClose;
    }
    return AfterSpace(t) ? MarkKind::kOpen : MarkKind::kClose;
  }

  // A straight mark opens when it follows a space or an opening bracket.
  [[nodiscard]] bool AfterSpace(uint32_t t) const {
    uint32_t begin = doc_.tokens.begin[t];
    if (begin == 0) {
      return true;
    }
    char before = doc_.text[begin - 1];
    return before == ' ' || before == '\n' || before == '\t' || before == '(' || before == '[' ||
           before == '\r';
  }

  // ‘ opens; ’ and ' close unless they are the apostrophe of a plural possessive ("the rebels’
  // positions": after an s, before a word). A straight ' opens only before a word.
  [[nodiscard]] MarkKind SingleMark(uint32_t t) const {
    std::string_view raw = doc_.TokenText(t);
    if (raw == "\xE2\x80\x98") {  // ‘
      return MarkKind::kOpenSingle;
    }
    const uint32_t end = doc_.tokens.end[t];
    const bool word_follows =
        end < doc_.text.size() && std::isalnum(static_cast<unsigned char>(doc_.text[end])) != 0;
    if (raw == "'" && AfterSpace(t)) {
      return word_follows ? MarkKind::kOpenSingle : MarkKind::kNone;
    }
    if (word_follows) {
      return MarkKind::kNone;  // an apostrophe inside a word ("rock ’n’ roll")
    }
    const std::string_view previous = t > 0 ? doc_.TokenText(t - 1) : std::string_view();
    if (!previous.empty() && (previous.back() == 's' || previous.back() == 'S') && t + 1 < n_ &&
        doc_.tokens.begin[t] + raw.size() < doc_.tokens.begin[t + 1] && !IsPunct(Norm(t + 1)) &&
        !In(FunctionWords(), Norm(t + 1)) && Norm(t + 1) != "'" && Norm(t + 1) != "\"") {
      return MarkKind::kNone;
    }
    return MarkKind::kCloseSingle;
  }

  // Pairs the quotation marks of each paragraph of body text; region_ says, per token, which
  // quote holds it. Marks of the other kind inside a quote pair into nested_, a quote within the
  // quote whose tokens stay in the outer one's region.
  void FindQuoteMarks() {
    region_.assign(n_, -1);
    std::optional<uint32_t> open;
    std::optional<uint32_t> nested_open;
    bool open_single = false;
    uint32_t paragraph = UINT32_MAX;
    uint32_t paragraph_end = 0;
    auto close_at = [&](uint32_t close) {
      QuoteMarks marks{*open, close, paragraph};
      int32_t q = static_cast<int32_t>(quotes_.size());
      for (uint32_t t = *open + 1; t < close && t < n_; ++t) {
        region_[t] = q;
      }
      region_[*open] = kMarkRegion;
      if (close < n_ && close < paragraph_end) {
        region_[close] = kMarkRegion;
      }
      quotes_.push_back(marks);
      open.reset();
      nested_open.reset();
    };
    for (uint32_t s = 0; s < doc_.sentences.size(); ++s) {
      const Sentence& sentence = doc_.sentences[s];
      if (sentence.paragraph != paragraph) {
        if (open) {
          close_at(paragraph_end);
        }
        paragraph = sentence.paragraph;
      }
      paragraph_end = sentence.tokens.end;
      if (sentence.role != SentenceRole::kBody) {
        continue;
      }
      for (uint32_t t = sentence.tokens.begin; t < sentence.tokens.end; ++t) {
        const MarkKind kind = Mark(t);
        if (kind == MarkKind::kNone) {
          continue;
        }
        const bool single = kind == MarkKind::kOpenSingle || kind == MarkKind::kCloseSingle;
        const bool opens = kind == MarkKind::kOpen || kind == MarkKind::kOpenSingle;
        if (!open) {
          if (opens) {
            open = t;
            open_single = single;
          }
          continue;
        }
        if (single != open_single) {
          if (opens && !nested_open) {
            nested_open = t;
          } else if (!opens && nested_open) {
            nested_.push_back({*nested_open, t, static_cast<uint32_t>(quotes_.size())});
            nested_open.reset();
          }
          continue;
        }
        // Inside a quote any mark of its kind closes it, so that mismatched pairs ("…”) still
        // pair up; a lone closing ’ is an apostrophe more often than not.
        if (single && opens) {
          continue;
        }
        close_at(t);
      }
    }
    if (open) {
      close_at(paragraph_end);
    }
  }

  // The first and one-past-last token of the stretch of sentence `s` at the level of `region`.
  [[nodiscard]] TokenSpan RegionBounds(uint32_t s, int32_t region) const {
    const Sentence& sentence = doc_.sentences[s];
    if (region < 0) {
      return sentence.tokens;
    }
    const QuoteMarks& q = quotes_[static_cast<size_t>(region)];
    return {std::max(sentence.tokens.begin, q.open + 1), std::min(sentence.tokens.end, q.close)};
  }

  [[nodiscard]] bool PassiveOrInfinitive(uint32_t t, uint32_t lo) const {
    uint32_t k = t;
    while (k > lo && In(VerbAdverbs(), Norm(k - 1)) && !In(BeForms(), Norm(k - 1))) {
      --k;
    }
    if (k == lo) {
      return false;
    }
    std::string_view before = Norm(k - 1);
    return In(BeForms(), before) || before == "to" || before == "get" || before == "got";
  }

  [[nodiscard]] std::optional<std::pair<CueKind, uint32_t>> Cue(uint32_t t,
                                                                TokenSpan bounds) const {
    if (Capitalized(t)) {
      return std::nullopt;
    }
    std::string_view norm = Norm(t);
    auto next = [&](uint32_t k) -> std::string_view {
      return k < bounds.end ? Norm(k) : std::string_view();
    };
    if (norm == "according" && next(t + 1) == "to") {
      return std::make_pair(CueKind::kAccording, t + 2);
    }
    if (PassiveOrInfinitive(t, bounds.begin)) {
      return std::nullopt;
    }
    if (In(SayCues(), norm)) {
      return std::make_pair(CueKind::kSay, t + 1);
    }
    if (In(TellCues(), norm)) {
      return std::make_pair(CueKind::kTell, t + 1);
    }
    if (In(UrgeCues(), norm)) {
      return std::make_pair(CueKind::kAppeal, t + 1);
    }
    if (In(CallCues(), norm)) {
      std::string_view after = next(t + 1);
      if (after == "for" || after == "on" || after == "upon") {
        return std::make_pair(CueKind::kAppeal, t + 2);
      }
      // "what Russia calls its “solution roadmap”": the speaker's own words for something.
      for (uint32_t k = t + 1; k < bounds.end && k < t + 4; ++k) {
        if (IsMark(k) && (Mark(k) == MarkKind::kOpen || Mark(k) == MarkKind::kOpenSingle)) {
          return std::make_pair(CueKind::kNaming, t + 1);
        }
      }
    }
    return std::nullopt;
  }

  [[nodiscard]] bool NounLike(uint32_t t) const {
    std::string_view norm = Norm(t);
    if (Capitalized(t)) {
      return !In(ClauseOpeners(), norm) || norm == "may";
    }
    if (IsPunct(norm) || IsMark(t) || In(FunctionWords(), norm)) {
      return false;
    }
    return true;
  }

  // The noun phrase that ends at `end` (exclusive) and starts no earlier than `lo`.
  [[nodiscard]] TokenSpan PhraseEndingAt(uint32_t lo, uint32_t end) const {
    if (end <= lo) {
      return {end, end};
    }
    if (In(Pronouns(), Norm(end - 1))) {
      return {end - 1, end};
    }
    uint32_t k = end;
    int depth = 0;
    while (k > lo) {
      uint32_t t = k - 1;
      std::string_view norm = Norm(t);
      if (norm == ")") {
        ++depth;
        --k;
        continue;
      }
      if (norm == "(") {
        if (depth == 0) {
          break;
        }
        --depth;
        --k;
        continue;
      }
      if (depth > 0) {
        --k;
        continue;
      }
      if (In(Determiners(), norm) && !Capitalized(t)) {
        --k;
        break;
      }
      if (norm == "'s") {
        --k;
        continue;
      }
      // "Secretary of State Antony Blinken", "Syrian Observatory for Human Rights".
      if ((norm == "of" || norm == "for" || norm == "and") && t > lo && Capitalized(t - 1) &&
          t + 1 < end && Capitalized(t + 1)) {
        --k;
        continue;
      }
      if (!NounLike(t)) {
        break;
      }
      --k;
    }
    // A phrase does not start with a possessive or a bracket.
    while (k < end && (Norm(k) == "'s" || Norm(k) == ")" || Norm(k) == "-")) {
      ++k;
    }
    return {k, end};
  }

  // The first noun phrase of [lo, hi): the subject of a clause whose verb is far away.
  [[nodiscard]] TokenSpan FirstPhrase(uint32_t lo, uint32_t hi) const {
    uint32_t a = lo;
    while (a < hi && (In(ClauseOpeners(), Norm(a)) || IsPunct(Norm(a)))) {
      ++a;
    }
    uint32_t b = a;
    while (b < hi && (In(Determiners(), Norm(b)) || NounLike(b) || Norm(b) == "'s")) {
      if (b > a && !Capitalized(b) && Capitalized(b - 1) && Norm(b) != "'s" &&
          !In(PersonNouns(), Norm(b))) {
        break;  // "Washington has": the phrase ends where the capitalised name does
      }
      ++b;
    }
    TokenSpan phrase{a, b};
    return Plausible(phrase) ? phrase : TokenSpan{hi, hi};
  }

  // A speaker phrase names someone: a capitalised word, an actor, a pronoun, or a noun such as
  // "official" or "groups" after a determiner.
  [[nodiscard]] bool Plausible(TokenSpan phrase) const {
    if (phrase.begin >= phrase.end) {
      return false;
    }
    for (uint32_t t = phrase.begin; t < phrase.end; ++t) {
      if (Capitalized(t) || mention_at_[t] >= 0 || In(Pronouns(), Norm(t)) ||
          In(PersonNouns(), Norm(t))) {
        return true;
      }
    }
    std::string_view head = Norm(phrase.end - 1);
    return EndsWith(head, "s") && phrase.end - phrase.begin >= 1 && !In(TimeWords(), head);
  }

  // The speaker phrase before a cue: the last comma-separated part of the clause that is not an
  // appositive or a parenthetical ("Charles Lister, director of …, said").
  [[nodiscard]] TokenSpan SubjectBefore(uint32_t seg_begin, uint32_t cue) const {
    std::vector<TokenSpan> parts;
    uint32_t start = seg_begin;
    int depth = 0;
    for (uint32_t t = seg_begin; t < cue; ++t) {
      std::string_view norm = Norm(t);
      depth += norm == "(" ? 1 : (norm == ")" ? -1 : 0);
      if ((norm == "," || norm == "—" || norm == "–") && depth <= 0) {
        parts.push_back({start, t});
        start = t + 1;
      }
    }
    parts.push_back({start, cue});
    // The part next to the cue is the subject when it has words; when it is empty (", said")
    // the parts before it are appositives until one that is not.
    for (size_t i = parts.size(); i-- > 0;) {
      uint32_t a = parts[i].begin;
      uint32_t b = parts[i].end;
      while (b > a &&
             (In(VerbAdverbs(), Norm(b - 1)) || In(TimeWords(), Norm(b - 1)) || IsDigit(b - 1))) {
        --b;
      }
      const bool last = i + 1 == parts.size();
      if (b == a) {
        if (last) {
          continue;  // ", said" or ", on Monday said"
        }
        return {cue, cue};
      }
      std::string_view first = Norm(a);
      if (!last && i > 0 && !Capitalized(a) &&
          (In(AppositiveOpeners(), first) || EndsWith(first, "ing") || EndsWith(first, "ed"))) {
        continue;
      }
      if (first == "which" || first == "who" || first == "that" || first == "whose") {
        return {cue, cue};
      }
      TokenSpan phrase = PhraseEndingAt(a, b);
      if (Plausible(phrase)) {
        return phrase;
      }
      return {cue, cue};
    }
    return {cue, cue};
  }

  [[nodiscard]] bool IsDigit(uint32_t t) const {
    std::string_view norm = Norm(t);
    return !norm.empty() && norm[0] >= '0' && norm[0] <= '9';
  }

  // The speaker named after the cue: "…,” said Miller.", "said the official".
  [[nodiscard]] TokenSpan SubjectAfter(uint32_t from, uint32_t hi) const {
    uint32_t a = from;
    while (a < hi && !Capitalized(a) && In(TimeWords(), Norm(a)) && !In(Determiners(), Norm(a))) {
      ++a;
    }
    while (a < hi && Capitalized(a) && IsWeekday(a)) {
      ++a;
    }
    uint32_t b = a;
    while (b < hi && (In(Determiners(), Norm(b)) || NounLike(b) || Norm(b) == "'s")) {
      ++b;
    }
    TokenSpan phrase{a, b};
    return Plausible(phrase) ? phrase : TokenSpan{from, from};
  }

  [[nodiscard]] bool IsWeekday(uint32_t t) const {
    std::string_view norm = Norm(t);
    return norm == "monday" || norm == "tuesday" || norm == "wednesday" || norm == "thursday" ||
           norm == "friday" || norm == "saturday" || norm == "sunday" || norm == "today" ||
           norm == "yesterday";
  }

  // "told Al Arabiya English in an email", "told reporters": the words after a telling cue.
  [[nodiscard]] TokenSpan AddresseeAfter(uint32_t from, uint32_t hi) const {
    uint32_t b = from;
    while (b < hi && b < from + 6) {
      std::string_view norm = Norm(b);
      if (IsPunct(norm) || IsMark(b) || norm == "that" || In(FunctionWords(), norm)) {
        break;
      }
      if (!Capitalized(b) && b > from && Capitalized(b - 1) && !In(PersonNouns(), norm)) {
        break;
      }
      ++b;
    }
    return {from, b};  // empty when nothing names an addressee
  }

  // The sentence's addressee from "speaking to X" or "in a phone call with X".
  [[nodiscard]] TokenSpan SentenceAddressee(uint32_t s) const {
    const Sentence& sentence = doc_.sentences[s];
    for (uint32_t t = sentence.tokens.begin; t + 1 < sentence.tokens.end; ++t) {
      if (region_[t] != -1) {
        continue;
      }
      std::string_view norm = Norm(t);
      uint32_t from = 0;
      if ((norm == "speaking" || norm == "talking") && Norm(t + 1) == "to") {
        from = t + 2;
      } else if ((norm == "call" || norm == "meeting" || norm == "conversation" ||
                  norm == "interview") &&
                 Norm(t + 1) == "with") {
        from = t + 2;
      } else {
        continue;
      }
      // The name is the last capitalised run before the next punctuation.
      uint32_t end = from;
      while (end < sentence.tokens.end && !IsPunct(Norm(end)) && !IsMark(end) && end < from + 8) {
        ++end;
      }
      uint32_t b = end;
      while (b > from && !Capitalized(b - 1)) {
        --b;
      }
      uint32_t a = b;
      while (a > from && Capitalized(a - 1)) {
        --a;
      }
      if (a < b) {
        return {a, b};
      }
    }
    return {0, 0};
  }

  // Where the reported clause after a cue ends: at the end of the sentence (or of the quote that
  // holds the cue), at a participial continuation (", adding that"), at ", while", at
  // ", according to", and at a trailing prepositional phrase (", in a phone call with").
  [[nodiscard]] uint32_t ContentEnd(uint32_t from, TokenSpan bounds, int32_t region) const {
    uint32_t t = from;
    for (; t < bounds.end; ++t) {
      if (region >= 0 && region_[t] != region) {
        break;
      }
      std::string_view norm = Norm(t);
      if (norm == ";" && region_[t] == region) {
        break;
      }
      if (t == from || region_[t] != region) {
        continue;
      }
      bool after_break = Norm(t - 1) == "," || IsMark(t - 1);
      if (!after_break) {
        continue;
      }
      if (norm == "while" || norm == "whereas") {
        break;
      }
      if (EndsWith(norm, "ing") && (In(SayCues(), norm) || In(TellCues(), norm) ||
                                    In(CallCues(), norm) || In(UrgeCues(), norm))) {
        break;
      }
      if (norm == "according" && t + 1 < bounds.end && Norm(t + 1) == "to") {
        break;
      }
      if ((norm == "in" || norm == "during") && t + 1 < bounds.end &&
          In(Determiners(), Norm(t + 1))) {
        break;
      }
    }
    // Trim the punctuation and the comma that end the clause.
    while (t > from && IsPunct(Norm(t - 1))) {
      --t;
    }
    return t;
  }

  // Whether [from, hi) holds nothing a reported clause could be: time words, an email, a
  // trailing prepositional phrase or appositive, or the end of the sentence.
  [[nodiscard]] bool NothingReported(uint32_t from, uint32_t hi) const {
    uint32_t t = from;
    while (t < hi && !IsTrailingPreposition(Norm(t)) &&
           (In(TimeWords(), Norm(t)) || IsWeekday(t) || IsDigit(t)) &&
           !In(Determiners(), Norm(t))) {
      ++t;
    }
    if (t >= hi) {
      return true;
    }
    std::string_view norm = Norm(t);
    if (IsTrailingPreposition(norm)) {
      return true;
    }
    if (norm == ":") {
      return t + 1 >= hi;  // "has long said: …"
    }
    if (norm == ",") {
      // "emphasized, ending the conflict will …" reports; ", adding that …" continues.
      if (t + 1 >= hi) {
        return true;
      }
      std::string_view next = Norm(t + 1);
      return IsMark(t + 1) || IsPunct(next) || In(SayCues(), next) || In(TellCues(), next) ||
             next == "referring" || next == "speaking" || next == "citing" || next == "while" ||
             next == "as" || next == "in" || next == "during" || next == "according" ||
             next == "when" || next == "after" || next == "before";
    }
    return IsPunct(norm) || norm == "in" || norm == "during" || norm == "at" || norm == "as" ||
           norm == "from" || norm == "via" || norm == "after" || norm == "before" || norm == "on" ||
           norm == "to" || norm == "while" || norm == "when";
  }

  static bool IsTrailingPreposition(std::string_view norm) {
    return norm == "in" || norm == "during" || norm == "at" || norm == "as" || norm == "from" ||
           norm == "via" || norm == "after" || norm == "before" || norm == "to" ||
           norm == "while" || norm == "when";
  }

  void FindAttributions(uint32_t s) {
    const Sentence& sentence = doc_.sentences[s];
    size_t first_in_sentence = attributions_.size();
    TokenSpan sentence_addressee = SentenceAddressee(s);
    for (uint32_t t = sentence.tokens.begin; t < sentence.tokens.end; ++t) {
      if (IsMark(t)) {
        continue;
      }
      int32_t region = region_[t];
      TokenSpan bounds = RegionBounds(s, region);
      std::optional<std::pair<CueKind, uint32_t>> cue = Cue(t, bounds);
      if (!cue) {
        continue;
      }
      Attribution a;
      a.kind = cue->first;
      a.cue = {t, cue->second};
      a.region = region;
      a.sentence = s;
      // The stretch of the clause before the cue, back to a quotation mark or ';'.
      uint32_t seg_begin = t;
      while (seg_begin > bounds.begin && region_[seg_begin - 1] == region &&
             Norm(seg_begin - 1) != ";") {
        --seg_begin;
      }
      bool after_mark = seg_begin > sentence.tokens.begin && IsMark(seg_begin - 1) && region == -1;
      std::string_view norm = Norm(t);
      bool participle = EndsWith(norm, "ing");
      std::string_view before = t > bounds.begin ? Norm(t - 1) : std::string_view();
      const Attribution* previous =
          attributions_.size() > first_in_sentence ? &attributions_.back() : nullptr;
      if (previous != nullptr && previous->region != region) {
        previous = nullptr;
      }

      if (a.kind == CueKind::kAccording) {
        if (region >= 0) {
          continue;  // "according to the interests of …" inside a quote is not a source
        }
        uint32_t end = a.cue.end;
        int depth = 0;
        while (end < bounds.end && (depth > 0 || (!IsPunct(Norm(end)) && !IsMark(end)))) {
          depth += Norm(end) == "(" ? 1 : (Norm(end) == ")" ? -1 : 0);
          ++end;
        }
        uint32_t from = a.cue.end;
        while (from < end && In(Determiners(), Norm(from))) {
          ++from;
        }
        a.subject = {from, end};
        if (!Plausible(a.subject)) {
          continue;
        }
        // The clause it qualifies: before it (", according to X."), else after it.
        uint32_t content_end = t;
        while (content_end > seg_begin && IsPunct(Norm(content_end - 1))) {
          --content_end;
        }
        if (content_end > bounds.begin) {
          a.content = {bounds.begin, content_end};
        } else {
          uint32_t from_after = end;
          while (from_after < bounds.end && IsPunct(Norm(from_after))) {
            ++from_after;
          }
          a.content = {from_after, ContentEnd(from_after, bounds, region)};
        }
        attributions_.push_back(a);
        continue;
      }

      // Who speaks.
      bool inherit = participle && previous != nullptr &&
                     (before == "," || before == "while" || before == "before" ||
                      before == "after" || (t > bounds.begin && IsMark(t - 1)));
      if (inherit) {
        a.subject = previous->subject;
        a.entity = -2 - static_cast<int32_t>(attributions_.size() - 1);  // same as previous
      } else if (participle && (before == "on" || before == "by" || before == "in" ||
                                before == "for" || before == "of" || before == "while")) {
        a.subject = FirstPhrase(seg_begin, t);
      } else if (participle && (before == "," || seg_begin == t)) {
        a.subject = {t, t};  // an opening participle ("Speaking to reporters, …") names no one
      } else {
        a.subject = SubjectBefore(seg_begin, t);
      }
      bool inverted = false;
      if (a.subject.begin == a.subject.end && a.entity == -1 && !participle &&
          (a.kind == CueKind::kSay || a.kind == CueKind::kTell)) {
        // "“…,” said Miller."
        bool only_commas = true;
        for (uint32_t k = seg_begin; k < t; ++k) {
          only_commas = only_commas && IsPunct(Norm(k));
        }
        if (only_commas) {
          a.subject = SubjectAfter(a.cue.end, bounds.end);
          inverted = a.subject.begin != a.subject.end;
        }
      }
      if (a.subject.begin == a.subject.end && a.entity == -1) {
        continue;
      }
      // Inside a quote, the speaker's own "we" and "I" are not new speakers.
      if (region >= 0 && a.subject.end - a.subject.begin == 1 &&
          In(Pronouns(), Norm(a.subject.begin))) {
        continue;
      }
      if (In(FunctionWords(), Norm(a.subject.begin)) && !In(Pronouns(), Norm(a.subject.begin)) &&
          !Capitalized(a.subject.begin)) {
        continue;
      }

      // To whom.
      uint32_t after = inverted ? a.subject.end : a.cue.end;
      if (a.kind == CueKind::kTell) {
        a.addressee = AddresseeAfter(after, bounds.end);
        after = a.addressee.end;
      }
      if (a.addressee.begin == a.addressee.end && sentence_addressee.end > 0) {
        a.addressee = sentence_addressee;
      }

      // What was said.
      if (a.kind == CueKind::kNaming) {
        for (uint32_t k = a.cue.end; k < bounds.end && k < a.cue.end + 4; ++k) {
          if (IsMark(k)) {
            a.direct_quote = QuoteOpenedAt(k);
            break;
          }
        }
        attributions_.push_back(a);
        continue;
      }
      uint32_t from = after;
      while (from < bounds.end &&
             (In(TimeWords(), Norm(from)) || IsWeekday(from) || IsDigit(from)) &&
             !In(Determiners(), Norm(from))) {
        ++from;
      }
      while (from < bounds.end &&
             (Norm(from) == "that" || Norm(from) == ":" || Norm(from) == ",")) {
        ++from;
      }
      if (!inverted && !NothingReported(after, bounds.end)) {
        a.content = {from, ContentEnd(from, bounds, region)};
        // "X said: “…”" — the clause is one direct quote.
        if (a.content.begin < a.content.end && IsMark(a.content.begin)) {
          int32_t q = QuoteOpenedAt(a.content.begin);
          if (q >= 0 && quotes_[static_cast<size_t>(q)].close + 1 >= a.content.end) {
            a.direct_quote = q;
            a.content = {};
          }
        }
      } else {
        // "CLAUSE, X said." or "“…,” X said."
        uint32_t subject_begin = inverted ? a.cue.begin : a.subject.begin;
        uint32_t clause_end = subject_begin;
        while (clause_end > bounds.begin && (IsPunct(Norm(clause_end - 1)))) {
          --clause_end;
        }
        if (after_mark && clause_end == seg_begin) {
          a.direct_quote = QuoteClosedAt(seg_begin - 1);
        } else if (clause_end > bounds.begin) {
          uint32_t clause_begin = bounds.begin;
          a.content = {clause_begin, clause_end};
          int32_t q = clause_begin < n_ && IsMark(clause_begin) ? QuoteOpenedAt(clause_begin) : -1;
          if (q >= 0 && quotes_[static_cast<size_t>(q)].close + 1 >= clause_end) {
            a.direct_quote = q;
            a.content = {};
          }
        }
        if (a.direct_quote < 0 && a.content.begin == a.content.end) {
          // An attribution sentence after a quote that spans sentences.
          if (sentence.tokens.begin > 0 && region_[sentence.tokens.begin] >= 0) {
            a.direct_quote = region_[sentence.tokens.begin];
          } else if (after_mark) {
            a.direct_quote = QuoteClosedAt(seg_begin - 1);
          }
        }
      }
      attributions_.push_back(a);
    }
  }

  // The quote whose opening (closing) mark is token t, or -1; the tokens inside a quote carry
  // its index in region_, so the neighbour of a mark says which quote it belongs to.
  [[nodiscard]] int32_t QuoteOpenedAt(uint32_t t) const {
    if (t + 1 >= n_ || region_[t + 1] < 0) {
      return -1;
    }
    const int32_t q = region_[t + 1];
    return quotes_[static_cast<size_t>(q)].open == t ? q : -1;
  }
  [[nodiscard]] int32_t QuoteClosedAt(uint32_t t) const {
    if (t == 0 || region_[t - 1] < 0) {
      return -1;
    }
    const int32_t q = region_[t - 1];
    return quotes_[static_cast<size_t>(q)].close == t ? q : -1;
  }

  [[nodiscard]] std::string CodeOf(TokenSpan phrase) const {
    if (phrase.begin >= phrase.end) {
      return {};
    }
    int32_t head = mention_at_[phrase.end - 1];
    if (head < 0) {
      for (uint32_t t = phrase.end; t-- > phrase.begin;) {
        if (mention_at_[t] >= 0) {
          head = mention_at_[t];
          break;
        }
      }
    }
    return head >= 0 ? doc_.mentions[static_cast<size_t>(head)].code : std::string();
  }

  [[nodiscard]] bool PersonLike(TokenSpan phrase, const std::string& code) const {
    uint32_t head = phrase.end - 1;
    std::string_view norm = Norm(head);
    if (In(PersonNouns(), norm)) {
      return true;
    }
    if (!Capitalized(head) || AllCaps(head)) {
      return false;
    }
    if (code.size() == 3) {
      return false;  // a country or its capital ("Russia", "Washington")
    }
    static const WordSet org_heads = {
        "department",   "ministry",     "council",  "forces",    "agency",     "observatory",
        "nations",      "states",       "rights",   "army",      "government", "office",
        "house",        "kremlin",      "pentagon", "committee", "commission", "union",
        "organization", "organisation", "front",    "party",     "movement",   "presidency",
        "coalition",    "command",      "group",    "institute", "resolution", "program",
        "programme",    "centre",       "center",   "network",   "news"};
    return !In(org_heads, norm);
  }

  [[nodiscard]] bool SameWord(uint32_t a, uint32_t b) const {
    return doc_.TokenText(a) == doc_.TokenText(b);
  }

  // The entity a speaker phrase refers to, creating one when the phrase names someone new.
  int32_t Resolve(TokenSpan phrase) {
    std::string_view first = Norm(phrase.begin);
    uint32_t length = phrase.end - phrase.begin;
    if (length == 1 && (first == "he" || first == "she")) {
      for (size_t i = recent_.size(); i-- > 0;) {
        if (entities_[static_cast<size_t>(recent_[i])].person) {
          return recent_[i];
        }
      }
      return recent_.empty() ? -1 : recent_.back();
    }
    if (length == 1 && (first == "they" || first == "it")) {
      for (size_t i = recent_.size(); i-- > 0;) {
        if (!entities_[static_cast<size_t>(recent_[i])].person) {
          return recent_[i];
        }
      }
      return -1;
    }
    uint32_t head = phrase.end - 1;
    // "the official", "the State Department official": the last speaker with that head noun.
    if ((first == "the" || first == "this") && !Capitalized(head)) {
      for (size_t i = recent_.size(); i-- > 0;) {
        const Entity& e = entities_[static_cast<size_t>(recent_[i])];
        for (uint32_t t = e.name.begin; t < e.name.end; ++t) {
          if (Norm(t) == Norm(head)) {
            return recent_[i];
          }
        }
      }
    }
    // "Miller", "President Assad": a surname seen before.
    if (Capitalized(head) && !AllCaps(head) && length <= 2) {
      for (size_t e = entities_.size(); e-- > 0;) {
        const Entity& entity = entities_[e];
        if (entity.name.end - entity.name.begin <= 1) {
          continue;
        }
        for (uint32_t t = entity.name.begin; t < entity.name.end; ++t) {
          if (SameWord(t, head)) {
            return static_cast<int32_t>(e);
          }
        }
      }
    }
    Entity entity;
    entity.name = phrase;
    while (entity.name.begin + 1 < entity.name.end && In(Determiners(), Norm(entity.name.begin))) {
      ++entity.name.begin;
    }
    entity.code = CodeOf(phrase);
    // A bare surname takes the fuller name of an earlier mention ("Assad" → "Bashar al-Assad").
    if (Capitalized(head) && length <= 2) {
      TokenSpan fuller = EarlierFullName(head);
      if (fuller.end > fuller.begin) {
        entity.name = fuller;
        if (entity.code.empty()) {
          entity.code = CodeOf(fuller);
        }
      }
    }
    entity.person = PersonLike(phrase, entity.code);
    entities_.push_back(entity);
    return static_cast<int32_t>(entities_.size() - 1);
  }

  // The longest run of capitalised words ending in the same word as `head`, earlier in the text.
  [[nodiscard]] TokenSpan EarlierFullName(uint32_t head) const {
    TokenSpan best{0, 0};
    for (uint32_t t = 0; t < head; ++t) {
      if (!SameWord(t, head) &&
          !(EndsWith(doc_.TokenText(t), doc_.TokenText(head)) &&
            doc_.TokenText(t).size() > doc_.TokenText(head).size() + 1 &&
            doc_.TokenText(t)[doc_.TokenText(t).size() - doc_.TokenText(head).size() - 1] == '-')) {
        continue;
      }
      uint32_t a = t;
      while (a > 0 && Capitalized(a - 1) && !IsMark(a - 1) && !In(PersonNouns(), Norm(a - 1)) &&
             Norm(a - 1) != "president" && !In(ClauseOpeners(), Norm(a - 1)) &&
             doc_.SentenceOf(a - 1) == doc_.SentenceOf(t) && t - a < 4) {
        --a;
      }
      // Titles are not part of the name.
      while (a < t && (Norm(a) == "president" || Norm(a) == "prime" || Norm(a) == "minister")) {
        ++a;
      }
      if (t + 1 - a > best.end - best.begin) {
        best = {a, t + 1};
      }
    }
    return best.end - best.begin >= 2 ? best : TokenSpan{0, 0};
  }

  void Touch(int32_t entity) {
    recent_.erase(std::remove(recent_.begin(), recent_.end(), entity), recent_.end());
    recent_.push_back(entity);
  }

  void ResolveSpeakers() {
    for (size_t i = 0; i < attributions_.size(); ++i) {
      Attribution& a = attributions_[i];
      if (a.entity <= -2) {
        a.entity = attributions_[static_cast<size_t>(-2 - a.entity)].entity;
      } else {
        a.entity = Resolve(a.subject);
      }
      if (a.entity >= 0) {
        Touch(a.entity);
        Entity& e = entities_[static_cast<size_t>(a.entity)];
        if (e.code.empty()) {
          e.code = CodeOf(a.subject);
        }
      }
    }
  }

  // A quote within a quote gives the words of someone the outer speaker cites, named by the cue
  // right before it ("the minister says ‘…’") or right after it ("‘…’, the minister said").
  // That cue reports the nested quote, not an indirect one; a nested quote without a cue is the
  // outer speaker's scare quote and is not a quote of its own.
  void AttributeNested() {
    nested_speaker_.assign(nested_.size(), -1);
    for (size_t q = 0; q < nested_.size(); ++q) {
      const QuoteMarks& marks = nested_[q];
      const auto outer = static_cast<int32_t>(marks.paragraph);
      for (size_t i = 0; i < attributions_.size(); ++i) {
        Attribution& a = attributions_[i];
        if (a.region != outer || a.kind == CueKind::kAccording || a.kind == CueKind::kNaming) {
          continue;
        }
        uint32_t k = std::max(a.cue.end, a.addressee.end);
        while (k < marks.open && (Norm(k) == "," || Norm(k) == ":" || Norm(k) == "that")) {
          ++k;
        }
        const bool before = k == marks.open;
        uint32_t b = marks.close + 1;
        while (b < n_ && Norm(b) == ",") {
          ++b;
        }
        const bool after = !before && (a.subject.begin == b || a.cue.begin == b);
        if (!before && !after) {
          continue;
        }
        a.content = {};
        nested_speaker_[q] = static_cast<int32_t>(i);
        break;
      }
    }
  }

  [[nodiscard]] ByteSpan Bytes(TokenSpan span) const {
    if (span.begin >= span.end) {
      return {};
    }
    return doc_.TokenBytes(span);
  }

  // The text of direct quote q: inside the marks, without the comma that ends it.
  [[nodiscard]] TokenSpan QuoteTokens(const QuoteMarks& q) const {
    TokenSpan span{q.open + 1, q.close};
    while (span.end > span.begin && (Norm(span.end - 1) == "," || Norm(span.end - 1) == ":")) {
      --span.end;
    }
    return span;
  }

  void Fill(Quote& quote, const Attribution& a) const {
    quote.cue = Bytes(a.cue);
    quote.attribution = Bytes(a.subject);
    if (a.entity >= 0) {
      const Entity& e = entities_[static_cast<size_t>(a.entity)];
      quote.speaker = Bytes(e.name);
      quote.speaker_code = e.code;
    }
    if (a.addressee.begin < a.addressee.end) {
      quote.addressee = Bytes(a.addressee);
      quote.addressee_code = CodeOf(a.addressee);
    }
  }

  void EmitQuotes() {
    // Direct quotes: the attribution that introduces or closes them, else the reported clause
    // that holds them, else one in the same sentences, else the quote before (a continued
    // quote paragraph).
    std::vector<int32_t> speaker_of(quotes_.size(), -1);
    for (size_t i = 0; i < attributions_.size(); ++i) {
      const Attribution& a = attributions_[i];
      if (a.direct_quote >= 0 && speaker_of[static_cast<size_t>(a.direct_quote)] < 0) {
        speaker_of[static_cast<size_t>(a.direct_quote)] = static_cast<int32_t>(i);
      }
    }
    for (size_t q = 0; q < quotes_.size(); ++q) {
      if (speaker_of[q] >= 0) {
        continue;
      }
      const QuoteMarks& marks = quotes_[q];
      const uint32_t first_sentence = doc_.SentenceOf(marks.open);
      const uint32_t last_sentence = doc_.SentenceOf(std::min(marks.close, n_ - 1));
      int32_t best = -1;
      uint32_t best_distance = UINT32_MAX;
      for (size_t i = 0; i < attributions_.size(); ++i) {
        const Attribution& a = attributions_[i];
        if (a.region == static_cast<int32_t>(q)) {
          continue;  // a cue inside the quote reports someone else
        }
        if (a.content.begin <= marks.open && marks.close <= a.content.end + 1 &&
            a.content.begin < a.content.end) {
          best = static_cast<int32_t>(i);
          best_distance = 0;
          break;
        }
        if (a.region != -1) {
          continue;
        }
        if (a.sentence < first_sentence || a.sentence > last_sentence) {
          continue;
        }
        uint32_t distance = a.cue.begin > marks.close
                                ? a.cue.begin - marks.close
                                : marks.open - std::min(marks.open, a.cue.end);
        if (distance < best_distance) {
          best_distance = distance;
          best = static_cast<int32_t>(i);
        }
      }
      if (best < 0 && q > 0 && speaker_of[q - 1] >= 0 &&
          quotes_[q - 1].paragraph + 1 >= marks.paragraph &&
          doc_.sentences[doc_.SentenceOf(marks.open)].tokens.begin == marks.open) {
        best = speaker_of[q - 1];
      }
      speaker_of[q] = best;
    }
    for (size_t q = 0; q < quotes_.size(); ++q) {
      TokenSpan tokens = QuoteTokens(quotes_[q]);
      if (tokens.begin >= tokens.end) {
        continue;
      }
      Quote quote;
      quote.direct = true;
      quote.text = Bytes(tokens);
      quote.sentence = doc_.SentenceOf(tokens.begin);
      if (speaker_of[q] >= 0) {
        Fill(quote, attributions_[static_cast<size_t>(speaker_of[q])]);
      }
      doc_.quotes.push_back(std::move(quote));
    }
    for (size_t q = 0; q < nested_.size(); ++q) {
      const TokenSpan tokens = QuoteTokens(nested_[q]);
      if (nested_speaker_[q] < 0 || tokens.begin >= tokens.end) {
        continue;
      }
      Quote quote;
      quote.direct = true;
      quote.text = Bytes(tokens);
      quote.sentence = doc_.SentenceOf(tokens.begin);
      Fill(quote, attributions_[static_cast<size_t>(nested_speaker_[q])]);
      doc_.quotes.push_back(std::move(quote));
    }
    for (const Attribution& a : attributions_) {
      if (a.content.begin >= a.content.end) {
        continue;
      }
      Quote quote;
      quote.direct = false;
      quote.text = Bytes(a.content);
      quote.sentence = doc_.SentenceOf(a.content.begin);
      Fill(quote, a);
      doc_.quotes.push_back(std::move(quote));
    }
    std::stable_sort(doc_.quotes.begin(), doc_.quotes.end(), [](const Quote& x, const Quote& y) {
      return x.text.begin != y.text.begin ? x.text.begin < y.text.begin : x.direct < y.direct;
    });
  }

  static constexpr int32_t kMarkRegion = -2;

  Document& doc_;
  uint32_t n_;
  std::vector<int32_t> mention_at_;
  std::vector<int32_t> region_;
  std::vector<QuoteMarks> quotes_;
  std::vector<QuoteMarks> nested_;       // quotes within quotes; `paragraph` holds the outer quote
  std::vector<int32_t> nested_speaker_;  // the attribution of each nested quote, or -1
  std::vector<Attribution> attributions_;
  std::vector<Entity> entities_;
  std::vector<int32_t> recent_;  // entities by how recently they spoke, most recent last
};

class QuoteExtractor final : public Stage {
 public:
  [[nodiscard]] std::string_view Name() const override { return "quotes.extract"; }
  [[nodiscard]] LayerSet Requires() const override {
    return kLayerSentences | kLayerTokens | kLayerLayout | kLayerActors;
  }
  [[nodiscard]] LayerSet Assigns() const override { return kLayerQuotes; }
  Status Annotate(Document& doc) const override {
    doc.quotes.clear();
    Extractor(doc).Run();
    return Status::OK();
  }
};

}  // namespace

std::unique_ptr<Stage> MakeQuoteExtractor() { return std::make_unique<QuoteExtractor>(); }

}  // namespace casus
