// Text: rule-based sentence splitting and tokenization for English news.
//
// The "text.tokenize" stage fills Document::sentences and the token offset, norm and flag
// columns. Paragraphs are blocks separated by line breaks; a sentence never crosses a paragraph.
// Inside a paragraph a sentence ends at '.', '!' or '?' (with any closing quotes and brackets
// that follow) when the next word starts a sentence, except after abbreviations (U.S., Gen.,
// Cmdr., Jan., Mr., Dr., St., No., a.m.), initials ("George W. Bush") and inside numbers
// (95.19%, 3.5). A closing quotation mark followed by an attribution ("…,” he said.") stays in
// the sentence. Tokens follow UD English conventions where the rules can: punctuation and quotes
// apart, clitics split ("do n't", "Assad 's", "they 're"), hyphenated words kept whole
// ("Iran-backed"; UD's split on request, TokenizerOptions), runs of "!?." and of hyphens as one
// token ("!!!", "--"), negations without apostrophe split ("do nt", "can not", "gon na"),
// emoticons whole, numbers with their decimals, percent sign apart, abbreviations with their
// periods. A token's norm is its lower-case form with typographic quotes and dashes folded to
// ASCII (’ → ', “ ” → ", – — → -), which is what dictionaries match.
//
// Thread safety: the stage holds only immutable tables; Annotate() may run concurrently.
#ifndef CASUS_TEXT_TEXT_H_
#define CASUS_TEXT_TEXT_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/pipeline.h"

namespace casus {

struct TokenizerOptions {
  // Split hyphenated words as UD English EWT does ("al - Qaeda"), keeping bound prefixes
  // ("e-mail"). Off by default: the actor dictionaries match hyphenated names whole.
  bool split_hyphens = false;
};

// "text.tokenize": requires kLayerText, assigns kLayerSentences | kLayerTokens.
std::unique_ptr<Stage> MakeTokenizer(TokenizerOptions options = {});

// "text.layout": requires kLayerSentences | kLayerTokens, assigns kLayerLayout. Gives each line
// its role (see SentenceRole): page furniture (short boilerplate such as "Subscribe", "Contact
// Us", share and print buttons, bylines, photo credits, "Published <date>", "<Publisher>
// SECTION"), the headline (the first line that reads as a title: no final punctuation), decks
// (a line repeated verbatim later in the body: the later copy is coded) and crossheads (short
// unpunctuated lines inside the body). Fills meta.headline when the input gave none and
// meta.published from a "Published/Updated <date>" line when it gave no date, and lists the
// furniture in meta.removed. The text itself is never changed: offsets stay valid.
std::unique_ptr<Stage> MakeLayoutAnalyzer();

namespace text {

// Lower case (ASCII and Latin-1/Latin Extended-A letters) with quotes and dashes folded.
std::string NormalizeToken(std::string_view token);

// Tokenizes and splits `doc.text` into doc.tokens and doc.sentences (clearing both first).
void Tokenize(Document* doc, TokenizerOptions options = {});

// Reads a date such as "December 02,2024", "Dec. 2, 2024", "2 December 2024" or "2024-12-02"
// from `text`; nullopt when there is none.
std::optional<Date> ParseWrittenDate(std::string_view text);

// Assigns Sentence::role and the layout metadata (what MakeLayoutAnalyzer's stage does).
void AnalyzeLayout(Document* doc);

}  // namespace text
}  // namespace casus

#endif  // CASUS_TEXT_TEXT_H_
