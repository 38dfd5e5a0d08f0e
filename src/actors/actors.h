// Actors: the "actors.match" stage, which finds the phrases of a Document that name political
// actors and gives each its CAMEO actor code (Document::mentions).
//
// An ActorDictionary holds three kinds of entries, loaded from text files in data/actors/:
// countries (names, adjectives, demonyms, capitals and other metonyms → "SYR", "USA"), named
// actors (persons, organizations, offices → full codes such as "USAGOV", "IGOUNO", "SYRGOV"),
// and agents (nouns such as "government", "army", "rebels" → the three-letter role "GOV", "MIL",
// "REB"). Matching is longest-first over token norms. A country or named actor followed by an
// agent composes ("Syrian army" → SYRMIL, "Assad regime forces" → SYRMIL); a hyphenated modifier
// composes the same way ("Turkish-led" → TUR), but "-backed" modifiers
// are skipped: "Iran-backed forces" are the forces of whoever they are, not IRNMIL). A bare agent
// ("regime forces", "opposition fighters") takes the document's focus country: the country most
// often named in it. Document-level passes then resolve what points back to an actor named
// before (references.cc): "he", "the official", a surname alone, "the groups", "they", "them",
// "it"; and they tell the armed opposition (REB) from the political one (OPP).
//
// Besides casus's own format (docs/dictionaries.md), the dictionary reads the TABARI/PETRARCH
// actor, agent and discard files (AddPetrarchActors and friends, or AddDictionaryFile, which
// detects the format) into the same entries, and Check() lists the collisions `casus dict
// check` reports.
//
// Thread safety: a loaded dictionary is immutable and may be shared by any number of stages
// and threads.
#ifndef CASUS_ACTORS_ACTORS_H_
#define CASUS_ACTORS_ACTORS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/pipeline.h"
#include "core/status.h"

namespace casus {

// The formats an actor dictionary file can be in.
enum class DictionaryFormat : uint8_t {
  kAuto,              // detect from the file name and contents
  kCasus,             // data/actors/*.actors (docs/dictionaries.md)
  kPetrarchActors,    // TABARI/PETRARCH .actors (Phoenix.Countries.actors.txt)
  kPetrarchAgents,    // PETRARCH agents (Phoenix.agents.txt)
  kPetrarchDiscards,  // PETRARCH discard list (Phoenix.discards.txt)
};

// "casus", "petrarch-actors", "petrarch-agents", "petrarch-discards".
std::string_view DictionaryFormatName(DictionaryFormat format);
// By name first ("agents", "discard" in the file name, ".actors" with casus lines), then by
// contents (casus `KIND CODE:` lines; `!X! =` or `[~` lines; `[CODE]` lines; else a list).
DictionaryFormat DetectDictionaryFormat(std::string_view path, std::string_view contents);

// What loading one file added, for the report `casus code` and `casus dict check` print.
struct DictionaryStats {
  DictionaryFormat format = DictionaryFormat::kAuto;
  size_t blocks = 0;               // actor blocks, agent lines, discard lines read
  size_t names = 0;                // phrases added (synonyms, generated plurals, substitutions)
  size_t entries = 0;              // entries made: one per code (and date range) of a block
  size_t dated = 0;                // of which date-bounded
  size_t dropped = 0;              // codes or lines that could not be converted (see notes)
  std::vector<std::string> notes;  // "file:line: why" for the first dropped items

  // "Phoenix.Countries.actors.txt (petrarch-actors): 254 blocks, 2,114 names, ..."
  [[nodiscard]] std::string Summary(std::string_view name) const;
};

class ActorDictionary {
 public:
  ActorDictionary();
  ActorDictionary(const ActorDictionary&) = delete;
  ActorDictionary& operator=(const ActorDictionary&) = delete;
  ActorDictionary(ActorDictionary&&) noexcept;
  ActorDictionary& operator=(ActorDictionary&&) noexcept;
  ~ActorDictionary();

  // Loads every "*.actors" file of `dir` (sorted by name). Syntax errors name file:line.
  static Status LoadDirectory(const std::string& dir, ActorDictionary* dict);
  // Parses one file's contents; `where` names it in error messages. With `errors`, a bad line
  // is recorded there and parsing goes on (the validator); without, the first one is returned.
  Status AddFile(std::string_view where, std::string_view contents,
                 std::vector<Status>* errors = nullptr);

  // Readers of the TABARI/PETRARCH formats (peer_dicts.cc), converting into the same entries
  // casus's own format gives. Actors: blocks of a primary name, `+` synonyms and `[CODE]` or
  // date-bounded `[CODE >YYMMDD]`, `[CODE <YYMMDD]`, `[CODE YYMMDD-YYMMDD]` codes (own line or
  // after the name); `_` joins words; `#` starts a comment. Agents: `NAME {PLURAL} [~AGT]` with
  // `!MARKER! = A, B` substitution sets; regular plurals are generated. Discards: one phrase a
  // line; it leaves its sentence (with a leading `+`, its document) without actors. What cannot be
  // expressed is counted in `stats`, not an error; unreadable structure (an agent line without a
  // code) is a note, too, so that the peers' own files load.
  Status AddPetrarchActors(std::string_view where, std::string_view contents,
                           DictionaryStats* stats);
  Status AddPetrarchAgents(std::string_view where, std::string_view contents,
                           DictionaryStats* stats);
  Status AddPetrarchDiscards(std::string_view where, std::string_view contents,
                             DictionaryStats* stats);
  // Reads `path` in `format`; kAuto detects it (DetectDictionaryFormat), and a file detected as
  // casus's format is read as such whatever `format` says. `stats` may be null.
  Status AddDictionaryFile(const std::string& path, DictionaryFormat format,
                           DictionaryStats* stats);

  // The validator's checks over everything loaded: a phrase given twice for the same code with
  // overlapping dates (duplicate), or for different codes with overlapping dates (conflict;
  // the matcher silently takes the first). One "file:line: ..." line per problem.
  [[nodiscard]] std::vector<std::string> Check() const;

  // For each code, whether some entry or composition can give it: a country or actor code itself,
  // or an actor base (a country code, the first three letters of an actor code, or a whole
  // IGO/NGO/IMG code) followed by an agent code ("SYRMIL", "IGOUNOGOV").
  [[nodiscard]] std::vector<bool> CanProduce(const std::vector<std::string>& codes) const;

  [[nodiscard]] size_t size() const;

  struct Impl;
  [[nodiscard]] const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// "actors.match": requires kLayerTokens, assigns kLayerActors.
std::unique_ptr<Stage> MakeActorMatcher(std::shared_ptr<const ActorDictionary> dictionary);

}  // namespace casus

#endif  // CASUS_ACTORS_ACTORS_H_
