// Quotes: the "quotes.extract" stage, which finds who said what in a document.
//
// News is mostly people saying things. The stage records two kinds of Quote:
//   * direct quotes — the words between quotation marks, in any quote style (“…”, "…", „…“,
//     «…», and mismatched pairs such as "…”), one per pair of marks within a paragraph; a
//     quote left open at the end of a paragraph ends there, and the next paragraph's opening
//     quote continues the same speaker;
//   * indirect quotes — the clause a speech cue reports: "X said (that) CLAUSE",
//     "CLAUSE, X said", "CLAUSE, according to X", "X called for CLAUSE", and participial
//     continuations (", adding that …", "while stressing that …"), including cues inside a
//     direct quote ("what the United States has long said: …").
//
// Each quote gets its speaker. The attribution phrase next to the cue ("the official",
// "he", "Miller", "a State Department official") is resolved against the speakers and actor
// mentions seen earlier in the document: pronouns to the last person (or organisation) that
// spoke, definite descriptions to the last speaker with the same head noun, surnames to the
// full name. The speaker's actor code comes from the actors stage's mentions inside the naming
// phrase. The addressee comes from "told X", "speaking to X" and "in a phone call with X".
//
// Only body sentences are read (headlines, decks and page furniture restate the body).
//
// Thread safety: the stage has no state; Annotate() may run concurrently.
#ifndef CASUS_QUOTES_QUOTES_H_
#define CASUS_QUOTES_QUOTES_H_

#include <memory>

#include "core/document.h"
#include "core/pipeline.h"

namespace casus {

// "quotes.extract": requires sentences, tokens, layout and actor mentions; assigns quotes.
std::unique_ptr<Stage> MakeQuoteExtractor();

}  // namespace casus

#endif  // CASUS_QUOTES_QUOTES_H_
