// Speaker statements: helpers for coding what a quoted or reported speaker's own words do.
//
// CAMEO codes the speaker of a statement as the source of the criticism, appeal, praise or
// accusation the statement makes ("Assad is a brutal dictator," the spokesman said → 111 from
// the spokesman's actor to Assad's). Patterns flagged [speaker] fire only inside a quote (direct,
// or the reported clause of "X said that …") whose speaker has an actor code; their source is
// that speaker. When the clause names no actor, an appeal or comment is addressed to the
// country the document is about (its focus), which FocusCountry estimates from the mentions.
// First-person pronouns inside a quote ("we call on…") stand for the quote's speaker.
#ifndef CASUS_EVENTS_STATEMENTS_INTERNAL_H_
#define CASUS_EVENTS_STATEMENTS_INTERNAL_H_

#include <string>
#include <string_view>

#include "core/document.h"

namespace casus {

// "we", "i", "us", "our", "my", "me".
bool IsFirstPersonPronoun(std::string_view norm);

// A mention that is a first-person pronoun ("we"; not "US", the United States).
bool IsFirstPersonMention(const Document& doc, const ActorMention& mention);

// The innermost quote whose words hold token `token` and whose speaker has a code; nullptr when
// there is none (or the quotes stage did not run).
const Quote* SpeakerQuoteAt(const Document& doc, uint32_t token);

// The actor code a mention stands for in an event: a first-person pronoun inside a quote is the
// quote's speaker; every other mention keeps its own code.
std::string_view EventCodeOfMention(const Document& doc, const ActorMention& mention);

// The country (three-letter code) the document is mostly about, leaving out `exclude` (the
// speaker's own country); "" when the document is too short to have a focus or names none.
std::string FocusCountry(const Document& doc, std::string_view exclude);

}  // namespace casus

#endif  // CASUS_EVENTS_STATEMENTS_INTERNAL_H_
