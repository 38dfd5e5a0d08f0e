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
// ("Iran-backed"), numbers with their decimals, percent sign apart, abbreviations with their
// periods. A token's norm is its lower-case form with typographic quotes and dashes folded to
// ASCII (’ → ', “ ” → ", – — → -), which is what dictionaries match.
//
// Thread safety: the stage holds only immutable tables; Annotate() may run concurrently.
#ifndef CASUS_TEXT_TEXT_H_
#define CASUS_TEXT_TEXT_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/pipeline.h"

namespace casus {

// "text.tokenize": requires kLayerText, assigns kLayerSentences | kLayerTokens.
std::unique_ptr<Stage> MakeTokenizer();

namespace text {

// Lower case (ASCII and Latin-1/Latin Extended-A letters) with quotes and dashes folded.
std::string NormalizeToken(std::string_view token);

// Tokenizes and splits `doc.text` into doc.tokens and doc.sentences (clearing both first).
void Tokenize(Document* doc);

}  // namespace text
}  // namespace casus

#endif  // CASUS_TEXT_TEXT_H_
