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
// often named in it.
//
// Thread safety: a loaded dictionary is immutable and may be shared by any number of stages
// and threads.
#ifndef CASUS_ACTORS_ACTORS_H_
#define CASUS_ACTORS_ACTORS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/pipeline.h"
#include "core/status.h"

namespace casus {

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
  // Parses one file's contents; `where` names it in error messages.
  Status AddFile(std::string_view where, std::string_view contents);

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
