// Time: the "time.resolve" stage, which dates each event by the temporal expressions of its
// sentence, relative to the document's publication date.
//
// FindExpressions() recognises weekdays ("Tuesday", "on Monday night", "last Friday"),
// "today"/"yesterday"/"tomorrow", "this week"/"last week"/"the past week", "this/last month",
// "this/last year", day-month dates ("25 June", "June 25, 2021", "Wednesday, 19 August"),
// months ("in June", "since late July", "in June 2021"), years ("in 2018"), and "N days/weeks/
// months/years ago", "a decade ago". Each resolves to a Date whose precision is what the text
// supports: a weekday is the most recent such day on or before publication (the next one after
// "will" or "next"); "this week" is the publication month; a weekday that contradicts the
// date beside it ("Wednesday, 19 August" when 19 August was a Thursday) keeps only the month.
//
// The stage then gives each event the expression that governs it: an expression attached to a
// speech verb ("said Friday", "told reporters on Monday") dates the speaker's verbal events
// (CAMEO QuadClass 1 and 3); the event's own clause gives the others, the nearest expression
// to the trigger winning. Events with no expression keep the publication date.
//
// Thread safety: the stage has no state; Annotate() may run concurrently.
#ifndef CASUS_TIME_TIME_H_
#define CASUS_TIME_TIME_H_

#include <memory>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/document.h"
#include "core/pipeline.h"

namespace casus {

struct TimeExpression {
  TokenSpan tokens;
  Date date;                 // resolved, with the precision the text supports
  bool speech_time = false;  // attached to a speech verb ("said Friday")
};

namespace temporal {

// The temporal expressions of sentence `s`, resolved against `published` (which may be
// invalid: then only expressions with an explicit year resolve).
std::vector<TimeExpression> FindExpressions(const Document& doc, uint32_t s, const Date& published);

}  // namespace temporal

// "time.resolve": requires kLayerSentences | kLayerTokens | kLayerEvents, assigns kLayerDates.
std::unique_ptr<Stage> MakeTimeResolver();

}  // namespace casus

#endif  // CASUS_TIME_TIME_H_
