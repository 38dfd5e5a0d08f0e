// App: the dictionary jobs behind `casus code --dict/--actors-dict/--verbs-dict`, `casus dict
// check` and `casus dict coverage`: loading user dictionaries in casus's or the TABARI/PETRARCH
// formats on top of (or instead of) the shipped ones, validating them, and measuring how many
// gold actor codes they can give.
//
// Thread safety: the functions are independent; the Resources they fill are immutable after.
#ifndef CASUS_APP_DICTS_H_
#define CASUS_APP_DICTS_H_

#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actors/actors.h"
#include "core/status.h"

namespace casus {

struct Resources;

struct DictionaryOptions {
  // Actor, agent and discard files, each with its format (kAuto: detected).
  std::vector<std::pair<std::string, DictionaryFormat>> actor_files;
  // Verb dictionaries: PETRARCH (CAMEO.2.0.txt format) or TABARI (.verbs), detected.
  std::vector<std::string> verb_files;
  // Replace the shipped actor dictionaries (when actor files are given) and the shipped
  // patterns (when verb files are given) instead of adding to them.
  bool replace_shipped = false;

  [[nodiscard]] bool empty() const { return actor_files.empty() && verb_files.empty(); }
};

// Whether `contents` (read from `path`) is a verb dictionary: PETRARCH verb blocks
// ("--- NAME [CODE] ---") or TABARI .verbs (LooksLikeTabariVerbs).
bool LooksLikeVerbFile(std::string_view path, std::string_view contents);
// A TABARI .verbs file: named *.verbs, or `- ... * ... [CODE]` pattern lines without PETRARCH's
// verb blocks.
bool LooksLikeTabariVerbs(std::string_view path, std::string_view contents);

// Loads the files of `options` into `resources` (already loaded from `data_dir`), and writes one
// summary line per file to `log` ("Phoenix.Countries.actors.txt (petrarch-actors): ...").
Status ApplyDictionaryOptions(const DictionaryOptions& options, const std::string& data_dir,
                              Resources* resources, std::ostream* log);

struct DictCheckSummary {
  size_t files = 0;
  size_t entries = 0;
  size_t syntax_errors = 0;
  size_t duplicates = 0;
  size_t conflicts = 0;
  size_t overlaps = 0;

  [[nodiscard]] size_t problems() const {
    return syntax_errors + duplicates + conflicts + overlaps;
  }
};

// `casus dict check PATH...`: each path is a dictionary file (any actor format, or a PETRARCH
// verb dictionary, read against `data_dir`'s codebook and reported with what it drops) or a
// directory of *.actors files; the actor files are checked together. Problems go to `out` one
// per line (at most `max_shown` of each kind, 0: all), then a counts line. Fails only when a
// path cannot be read.
Status RunDictCheck(const std::vector<std::string>& paths, const std::string& data_dir,
                    size_t max_shown, std::ostream* out, DictCheckSummary* summary);

// `casus dict coverage GOLD.jsonl...`: for the gold source and target codes of sentence-level
// gold files (../shared/data/eval format), the share the actor dictionaries can give at all
// (CanProduce) and the share the matcher finds in the record's own text (exact code, and
// country: the first three letters). Records marked `"dict": "suite"` are counted apart.
// `casus dict patterns`: per CAMEO code of the codebook, the patterns and phrase variants that
// give it, per root the share of its codes that have any; last line
// "patterns=N phrases=M codes=COVERED/TOTAL (SHARE)".
Status RunPatternCoverage(const std::string& data_dir, const DictionaryOptions& options,
                          bool list_all, std::ostream* out);

Status RunDictCoverage(const std::vector<std::string>& gold_paths, const std::string& data_dir,
                       const DictionaryOptions& options, std::ostream* out);

}  // namespace casus

#endif  // CASUS_APP_DICTS_H_
