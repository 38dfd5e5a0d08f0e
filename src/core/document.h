// Document: one news article and every annotation the pipeline adds to it.
//
// Ingest fills `id`, `text` and `meta`; each stage then annotates the same Document in turn
// (sentences and tokens, tags, lemmas, dependencies, entities, actor mentions, events, quotes,
// places) and records what it assigned in `layers`. Token annotation is a struct of arrays
// (TokenColumns): one vector per layer, indexed by token number within the document, so a stage
// that needs only offsets and lemmas touches only those. Annotations refer to the text by byte
// spans and token spans; they never copy it. Strings that repeat (lemmas, tags, relations,
// entity labels) are ids in the document's own StringPool.
//
// Thread safety: a Document is owned by one thread at a time; the pipeline hands each document
// of a batch to one worker.
#ifndef CASUS_CORE_DOCUMENT_H_
#define CASUS_CORE_DOCUMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/string_pool.h"

namespace casus {

// Half-open byte range [begin, end) into Document::text.
struct ByteSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  [[nodiscard]] bool empty() const { return begin >= end; }
  friend bool operator==(const ByteSpan&, const ByteSpan&) = default;
};

// Half-open range [begin, end) of token indices into Document::tokens.
struct TokenSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  [[nodiscard]] uint32_t size() const { return end - begin; }
  [[nodiscard]] bool empty() const { return begin >= end; }
  friend bool operator==(const TokenSpan&, const TokenSpan&) = default;
};

// The annotation layers a stage may require or assign (bit flags).
enum Layer : uint32_t {
  kLayerText = 1U << 0,       // text and metadata (ingest)
  kLayerSentences = 1U << 1,  // Document::sentences
  kLayerTokens = 1U << 2,     // token offsets and norm forms
  kLayerPos = 1U << 3,        // upos, xpos
  kLayerLemmas = 1U << 4,     // lemma
  kLayerDeps = 1U << 5,       // head, rel
  kLayerEntities = 1U << 6,   // entity
  kLayerActors = 1U << 7,     // Document::mentions
  kLayerEvents = 1U << 8,     // Document::events
  kLayerQuotes = 1U << 9,     // Document::quotes
  kLayerDates = 1U << 10,     // Event::date resolved from the text
  kLayerPlaces = 1U << 11,    // Document::places
  kLayerLayout = 1U << 12,    // Sentence::role, headline and furniture in DocumentMeta
};
using LayerSet = uint32_t;

// Universal POS tags. The numeric values are internal; the store writes the tag names.
enum class Upos : uint8_t {
  kNone = 0,
  kAdj,
  kAdp,
  kAdv,
  kAux,
  kCconj,
  kDet,
  kIntj,
  kNoun,
  kNum,
  kPart,
  kPron,
  kPropn,
  kPunct,
  kSconj,
  kSym,
  kVerb,
  kX,
};
std::string_view UposName(Upos tag);  // "NOUN", "" for kNone

// Per-token bit flags.
enum TokenFlag : uint8_t {
  kTokenSpaceAfter = 1U << 0,   // whitespace follows the token in the text
  kTokenCapitalized = 1U << 1,  // first letter is upper case
  kTokenAllCaps = 1U << 2,      // two or more letters, all upper case ("UN", "HTS")
};

// Token annotation, one column per layer. All columns have the same length; Add() keeps it so.
struct TokenColumns {
  std::vector<uint32_t> begin;  // byte offset of the first byte
  std::vector<uint32_t> end;    // byte offset past the last byte
  std::vector<uint32_t> norm;   // string id: lower case, typographic quotes folded to ASCII
  std::vector<uint32_t> lemma;  // string id, 0 until a lemmatizer runs
  std::vector<Upos> upos;
  std::vector<uint32_t> xpos;    // string id
  std::vector<int32_t> head;     // document token index of the head; -1 for the root or unparsed
  std::vector<uint32_t> rel;     // string id of the dependency relation
  std::vector<uint32_t> entity;  // string id of the BIO entity label ("B-PER"), 0 = outside
  std::vector<uint8_t> flags;    // TokenFlag bits

  [[nodiscard]] size_t size() const { return begin.size(); }
  // Appends a token with every other column unset; returns its index.
  uint32_t Add(uint32_t begin_byte, uint32_t end_byte, uint32_t norm_id, uint8_t token_flags);
  void Reserve(size_t n);
  void Clear();
};

// What a line of the page is. Only body text is coded for events: headlines and decks restate
// the body, crossheads label it, and page furniture ("Subscribe", "Published …") is not news.
enum class SentenceRole : uint8_t { kBody = 0, kHeadline, kDeck, kCrosshead, kFurniture };
std::string_view SentenceRoleName(SentenceRole role);  // "body", "headline", …

struct Sentence {
  ByteSpan bytes;
  TokenSpan tokens;
  uint32_t paragraph = 0;  // index of the paragraph (blank-line or line-separated block)
  SentenceRole role = SentenceRole::kBody;
};

// What an actor mention is, beyond its code (bits).
enum MentionFlag : uint8_t {
  kMentionPerson = 1U << 0,      // names one person ("Matthew Miller", "the official")
  kMentionCoreferent = 1U << 1,  // a pronoun or description that takes an earlier mention's code
};

// A stretch of tokens that a dictionary maps to an actor code.
struct ActorMention {
  TokenSpan tokens;
  uint32_t sentence = 0;
  std::string code;   // CAMEO actor code, e.g. "SYRMIL"
  std::string entry;  // the dictionary entry (or entries, "+"-joined) that produced the code
  uint8_t flags = 0;  // MentionFlag bits
};

// A place mention resolved to a gazetteer entry (Document::places), or an event's location.
struct Place {
  ByteSpan mention;  // the words in the text; empty for a location taken from the document
  TokenSpan tokens;  // the same, as tokens
  uint32_t sentence = 0;
  std::string name;     // gazetteer name
  std::string feature;  // city, admin1, country, …
  std::string country;  // ISO 3166-1 alpha-2
  std::string admin1;
  double lat = 0.0;
  double lon = 0.0;
  bool has_coords = false;  // line features (roads, rivers) have none
  int64_t geonames_id = 0;  // 0 when none
  std::string basis;        // why this entry was chosen (and, for an event, why this place)
};

// The source or target of an event.
struct EventActor {
  std::string code;      // CAMEO actor code
  ByteSpan text;         // the mention in the text; empty when the actor is implicit
  int32_t mention = -1;  // index into Document::mentions, -1 when none
};

// Event flags (bits).
enum EventFlag : uint32_t {
  kEventReported = 1U << 0,  // reported by a speaker ("the official said X attacked Y")
  kEventPast = 1U << 1,      // the sentence places it before the publication ("in 2018")
};

struct Event {
  uint32_t sentence = 0;
  EventActor source;
  std::optional<EventActor> target;
  std::string code;               // CAMEO event code, e.g. "0256"
  std::string root;               // two-digit root, e.g. "02"
  uint8_t quad = 0;               // QuadClass 1-4
  double goldstein = 0.0;         // Goldstein score of the exact code
  std::string plover;             // PLOVER event type, "" when the CAMEO→PLOVER table gives none
  Date date;                      // event date, or the publication date
  std::string date_basis;         // the expression the date came from, or "publication date"
  ByteSpan trigger;               // the words that express the event
  std::string pattern;            // id of the rule that fired
  double confidence = 0.0;        // 0-1
  uint32_t flags = 0;             // EventFlag bits
  std::optional<Place> location;  // where it happened (places.resolve), nullopt when unknown
};

// A quotation (direct: the words inside quotation marks) or a reported statement (indirect:
// the clause after "said that", before ", X said", or beside "according to X"), with who said
// it. `attribution` is the phrase at the cue ("he", "the official"); `speaker` is the mention
// that names the speaker in the document, found by resolving the attribution ("Matthew Miller").
struct Quote {
  ByteSpan text;  // inside the quotation marks (direct) or the reported clause
  bool direct = true;
  uint32_t sentence = 0;     // the sentence that holds the quote's first byte
  ByteSpan cue;              // the speech verb ("said", "told", "according to"), empty if none
  ByteSpan attribution;      // the speaker phrase at the cue, empty when unattributed
  ByteSpan speaker;          // the naming mention of the speaker, empty when unknown
  std::string speaker_code;  // actor code of the speaker, "" when unknown
  ByteSpan addressee;        // "told Al Arabiya English", empty when none
  std::string addressee_code;
};

struct DocumentMeta {
  std::string headline;
  std::string publisher;
  std::string url;
  std::string path;        // the file it came from ("-" for stdin), with ":LINE" for JSONL
  Date published;          // publication date; !valid() when unknown
  std::string date_basis;  // where `published` came from: "metadata", "--date", "text", …
  std::vector<std::string> removed;  // page-furniture lines found in the text, in text order
  // JSONL fields casus does not interpret, kept as (name, JSON text) in input order.
  std::vector<std::pair<std::string, std::string>> extra;
};

class Document {
 public:
  std::string id;
  std::string text;  // UTF-8, NFC
  DocumentMeta meta;

  std::vector<Sentence> sentences;
  TokenColumns tokens;
  std::vector<ActorMention> mentions;
  std::vector<Event> events;
  std::vector<Quote> quotes;
  std::vector<Place> places;
  StringPool strings;
  LayerSet layers = 0;

  [[nodiscard]] std::string_view Slice(ByteSpan span) const {
    return std::string_view(text).substr(span.begin, span.end - span.begin);
  }
  [[nodiscard]] std::string_view TokenText(uint32_t i) const {
    return Slice({tokens.begin[i], tokens.end[i]});
  }
  [[nodiscard]] std::string_view Norm(uint32_t i) const { return strings.Get(tokens.norm[i]); }
  [[nodiscard]] std::string_view SentenceText(uint32_t s) const {
    return Slice(sentences[s].bytes);
  }
  // Bytes from the first token's start to the last token's end.
  [[nodiscard]] ByteSpan TokenBytes(TokenSpan span) const;
  // The index of the sentence holding token `i` (REQUIRES: sentences cover the token).
  [[nodiscard]] uint32_t SentenceOf(uint32_t token) const;
  [[nodiscard]] bool Has(LayerSet wanted) const { return (layers & wanted) == wanted; }

  // Drops every annotation, keeping id, text and metadata.
  void ClearAnnotations();
};

}  // namespace casus

#endif  // CASUS_CORE_DOCUMENT_H_
