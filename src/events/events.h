// Events: the "events.code" stage, which finds the events each sentence reports — source,
// target and CAMEO code — and appends them to Document::events.
//
// A Codebook holds every CAMEO 1.1b3 event code with its name, root, QuadClass, Goldstein score
// and PLOVER type (data/cameo/codebook.tsv). A PatternSet maps trigger words and phrases
// (matched over token norms, with simple inflection) to codes (data/events/*.patterns). The
// coder looks for a trigger between actor mentions of one sentence: the source is the actor
// mention before the trigger (the subject side) and the target the first actor mention after it
// (the object side); a passive trigger ("was attacked by X") swaps them; a negated trigger ("did
// not attack") gives no event. Each event carries its trigger span, the pattern id and a
// confidence. The event date is the publication date until the time stage refines it.
//
// Thread safety: Codebook and PatternSet are immutable once loaded and may be shared.
#ifndef CASUS_EVENTS_EVENTS_H_
#define CASUS_EVENTS_EVENTS_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/pipeline.h"
#include "core/status.h"

namespace casus {

struct CameoCode {
  std::string code;  // "0256"
  std::string name;  // "Appeal for de-escalation of military engagement"
  std::string root;  // "02"
  int quad = 0;      // 1 verbal cooperation … 4 material conflict
  double goldstein = 0.0;
  std::string plover;  // PLOVER event type, "" when the 2021 table gives none
};

class Codebook {
 public:
  // Reads the tab-separated codebook (code, name, goldstein, plover).
  static Status Load(const std::string& path, Codebook* codebook);
  Status AddFile(std::string_view where, std::string_view contents);

  // nullptr when `code` is not a CAMEO event code.
  [[nodiscard]] const CameoCode* Find(std::string_view code) const;
  [[nodiscard]] size_t size() const { return codes_.size(); }
  [[nodiscard]] const std::vector<CameoCode>& codes() const { return codes_; }

 private:
  std::vector<CameoCode> codes_;  // sorted by code
};

// What reading a PETRARCH verb dictionary made and what it had to leave out (see
// PatternSet::AddPetrarchVerbs and docs/dictionaries.md).
struct VerbDictStats {
  size_t blocks = 0;                    // `--- NAME [CODE] ---` verb blocks
  size_t verbs = 0;                     // verbs listed in them
  size_t patterns_read = 0;             // `- ... [CODE]` pattern lines
  size_t patterns_made = 0;             // casus patterns written (patterns and verb-only triggers)
  size_t phrases = 0;                   // their phrases (verbs × set expansions × gap variants)
  size_t dropped_compound = 0;          // `%` compound actors
  size_t dropped_source_after = 0;      // `$` after the verb
  size_t dropped_target_before = 0;     // `+` before the verb
  size_t dropped_null_code = 0;         // `[---]`, `[:B]`, no code
  size_t dropped_unknown_code = 0;      // code not in the casus codebook
  size_t dropped_no_right_words = 0;    // nothing after the verb but markers
  size_t dropped_expansion = 0;         // unknown `&SET`, or too many variants
  size_t reverse_codes_dropped = 0;     // the B of `[A:B]` (kept: A)
  size_t left_words_dropped = 0;        // subject-side words (the pattern is kept)
  size_t verb_codes_from_patterns = 0;  // "- * + [CODE]" giving [---] verbs their code

  [[nodiscard]] std::string Summary(std::string_view name) const;
};

class PatternSet {
 public:
  PatternSet();
  PatternSet(const PatternSet&) = delete;
  PatternSet& operator=(const PatternSet&) = delete;
  PatternSet(PatternSet&&) noexcept;
  PatternSet& operator=(PatternSet&&) noexcept;
  ~PatternSet();

  // Loads every "*.patterns" file of `dir` (sorted by name); codes are checked against
  // `codebook`. Syntax errors and unknown codes name file:line.
  static Status LoadDirectory(const std::string& dir, const Codebook& codebook,
                              PatternSet* patterns);
  Status AddFile(std::string_view where, std::string_view contents, const Codebook& codebook);
  // Reads PETRARCH's CAMEO verb dictionary (CAMEO.2.0.txt format) into casus patterns with ids
  // "petr-LINE"; what casus cannot express is dropped and counted in `stats` (may be null).
  Status AddPetrarchVerbs(std::string_view where, std::string_view contents,
                          const Codebook& codebook, VerbDictStats* stats);
  // Reads a TABARI .verbs dictionary (TABARI.Demo.verbs format: a verb line `VERB [CODE]`
  // followed by its `- ... * ... [CODE]` patterns, <SYNSETS>, `{A | B}` alternatives) by
  // rewriting it in PETRARCH's format for AddPetrarchVerbs (events/tabari_verbs.cc).
  Status AddTabariVerbs(std::string_view where, std::string_view contents, const Codebook& codebook,
                        VerbDictStats* stats);

  [[nodiscard]] size_t size() const;
  // How many patterns (dictionary entries) and phrase variants (each phrase with its gap and
  // inflection variants) give each CAMEO code; codes without patterns are absent.
  struct CodeCount {
    size_t patterns = 0;
    size_t phrases = 0;
  };
  [[nodiscard]] std::map<std::string, CodeCount> CountByCode() const;

  struct Impl;
  [[nodiscard]] const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// "events.code": requires kLayerSentences | kLayerTokens | kLayerActors, assigns kLayerEvents.
std::unique_ptr<Stage> MakeEventCoder(std::shared_ptr<const Codebook> codebook,
                                      std::shared_ptr<const PatternSet> patterns);

}  // namespace casus

#endif  // CASUS_EVENTS_EVENTS_H_
