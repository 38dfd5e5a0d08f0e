#include "text/text.h"

#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <string_view>

#include "core/utf8.h"

namespace casus {
namespace {

// Whitespace, including the no-break and thin spaces that web pages leave in text.
bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v' || c == 0x00A0 ||
         c == 0x2009 || c == 0x202F || c == 0x200B || c == 0x2002 || c == 0x2003 || c == 0x3000 ||
         c == 0xFEFF;
}

bool IsOpeningPunct(char32_t c) {
  return c == '"' || c == '\'' || c == 0x201C || c == 0x2018 || c == 0x00AB || c == 0x201E ||
         c == '(' || c == '[' || c == '{' || c == 0x2039;
}

bool IsClosingQuoteOrBracket(char32_t c) {
  return c == '"' || c == '\'' || c == 0x201D || c == 0x2019 || c == 0x00BB || c == ')' ||
         c == ']' || c == '}' || c == 0x203A;
}

bool IsTrailingPunct(char32_t c) {
  return IsClosingQuoteOrBracket(c) || c == '.' || c == ',' || c == ';' || c == ':' || c == '!' ||
         c == '?' || c == 0x2026;
}

bool IsDash(char32_t c) { return c == 0x2014 || c == 0x2013 || c == 0x2015 || c == 0x2012; }

bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }

using utf8::IsLower;
using utf8::IsUpper;

// Words whose final period belongs to them. Titles, months and weekdays never end a sentence;
// the rest ("Inc.", "etc.", "a.m.") end one when a capitalized word follows.
constexpr std::array<std::string_view, 44> kTitleAbbreviations = {
    "mr",  "mrs", "ms",  "dr",   "gen", "lt",  "col",  "maj",   "capt", "cmdr", "sgt",
    "adm", "gov", "sen", "rep",  "rev", "st",  "prof", "pres",  "amb",  "vs",   "v",
    "jan", "feb", "mar", "apr",  "jun", "jul", "aug",  "sep",   "sept", "oct",  "nov",
    "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",  "sat",  "sun"};
constexpr std::array<std::string_view, 14> kFinalAbbreviations = {
    "etc",  "inc",    "ltd",  "co",  "corp", "jr", "sr",
    "bros", "approx", "dept", "est", "fig",  "mt", "ft"};

bool InList(std::string_view lower, std::span<const std::string_view> list) {
  return std::find(list.begin(), list.end(), lower) != list.end();
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c + 32);
    }
  }
  return out;
}

// How a word that ends in a period keeps it.
enum class Abbrev : uint8_t { kNone, kTitle, kFinal, kDotted };

// `core` is the word without its final period.
Abbrev ClassifyAbbreviation(std::string_view core) {
  if (core.empty()) {
    return Abbrev::kNone;
  }
  std::string lower = AsciiLower(core);
  if (InList(lower, kTitleAbbreviations)) {
    return Abbrev::kTitle;
  }
  if (InList(lower, kFinalAbbreviations)) {
    return Abbrev::kFinal;
  }
  // An initial: one letter ("W."), upper case.
  size_t pos = 0;
  char32_t first = utf8::Decode(core, &pos);
  if (pos == core.size() && IsUpper(first)) {
    return Abbrev::kTitle;
  }
  // Dotted forms: "U.S", "a.m", "e.g" — letters separated by periods.
  if (core.find('.') != std::string_view::npos) {
    bool letters_and_dots = std::all_of(core.begin(), core.end(), [](char c) {
      return c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    });
    if (letters_and_dots) {
      return Abbrev::kDotted;
    }
  }
  return Abbrev::kNone;
}

struct Piece {
  uint32_t begin;
  uint32_t end;
};

// Splits one whitespace-free chunk of text into tokens, appending them to `out`.
class ChunkSplitter {
 public:
  ChunkSplitter(std::string_view text, bool split_hyphens)
      : text_(text), split_hyphens_(split_hyphens) {}

  void Split(uint32_t begin, uint32_t end, std::vector<Piece>* out) {
    // An emoticon is one token.
    if (IsEmoticon(text_.substr(begin, end - begin))) {
      out->push_back({begin, end});
      return;
    }
    // Opening quotes and brackets.
    while (begin < end) {
      size_t pos = begin;
      char32_t c = utf8::Decode(text_, &pos);
      if (!IsOpeningPunct(c) || pos >= end) {
        break;
      }
      out->push_back({begin, static_cast<uint32_t>(pos)});
      begin = static_cast<uint32_t>(pos);
    }
    // Closing punctuation, collected right to left.
    std::vector<Piece> trailing;
    while (begin < end) {
      uint32_t last = PreviousStart(end, begin);
      size_t pos = last;
      char32_t c = utf8::Decode(text_, &pos);
      if (!IsTrailingPunct(c) || last == begin) {
        break;
      }
      if (c == '!' || c == '?') {
        // "!!!", "?!", "??" and ".?" are one token, as in UD EWT.
        uint32_t run = last;
        while (run > begin &&
               (text_[run - 1] == '!' || text_[run - 1] == '?' || text_[run - 1] == '.')) {
          --run;
        }
        if (run == begin) {
          break;  // the chunk is only punctuation: one token
        }
        trailing.push_back({run, end});
        end = run;
        continue;
      }
      if (c == '.') {
        // An ellipsis "..." (or "..") is one token.
        uint32_t dots = last;
        while (dots > begin && text_[dots - 1] == '.') {
          --dots;
        }
        if (end - dots >= 2) {
          if (dots == begin) {
            break;
          }
          trailing.push_back({dots, end});
          end = dots;
          continue;
        }
        if (ClassifyAbbreviation(text_.substr(begin, last - begin)) != Abbrev::kNone) {
          break;  // the period belongs to the word
        }
      }
      if (c == '\'' || c == 0x2019) {
        // "rebels'" keeps the apostrophe as a possessive token; "'s" is handled below.
        trailing.push_back({last, end});
        end = last;
        continue;
      }
      trailing.push_back({last, end});
      end = last;
    }
    SplitCore(begin, end, out);
    for (auto it = trailing.rbegin(); it != trailing.rend(); ++it) {
      out->push_back(*it);
    }
  }

 private:
  uint32_t PreviousStart(uint32_t end, uint32_t floor) const {
    uint32_t p = end - 1;
    while (p > floor && (static_cast<unsigned char>(text_[p]) & 0xC0) == 0x80) {
      --p;
    }
    return p;
  }

  // The word between leading and trailing punctuation: dashes and commas inside it, clitics,
  // percent and currency signs.
  void SplitCore(uint32_t begin, uint32_t end, std::vector<Piece>* out) {
    uint32_t start = begin;
    size_t pos = begin;
    while (pos < end) {
      size_t here = pos;
      char32_t c = utf8::Decode(text_, &pos);
      bool split_here = IsDash(c) || c == 0x2026;
      bool double_hyphen = c == '-' && pos < end && text_[pos] == '-';
      size_t hyphen_run_end = pos;
      if (double_hyphen) {
        // "--" and "------" are one token each.
        while (hyphen_run_end < end && text_[hyphen_run_end] == '-') {
          ++hyphen_run_end;
        }
      }
      // UD EWT splits hyphenated words ("al - Qaeda", "ice - cream") but not bound prefixes
      // ("e-mail", "re-elect"); only on request, since casus's dictionaries match whole words.
      bool ud_hyphen = split_hyphens_ && c == '-' && !double_hyphen && here > start && pos < end &&
                       text_[pos] != '-' && text_[here - 1] != '-' &&
                       !IsBoundPrefix(text_.substr(start, here - start));
      bool comma = (c == ',' || c == ';') && !(here > begin && IsAsciiDigit(text_[here - 1]) &&
                                               pos < end && IsAsciiDigit(text_[pos]));
      bool slash_word = false;
      if (split_here || double_hyphen || comma || slash_word || ud_hyphen) {
        size_t stop = double_hyphen ? hyphen_run_end : pos;
        EmitWord(start, static_cast<uint32_t>(here), out);
        out->push_back({static_cast<uint32_t>(here), static_cast<uint32_t>(stop)});
        pos = stop;
        start = static_cast<uint32_t>(pos);
      }
    }
    EmitWord(start, end, out);
  }

  void EmitWord(uint32_t begin, uint32_t end, std::vector<Piece>* out) {
    if (begin >= end) {
      return;
    }
    // Currency signs before numbers: "$5" → "$ 5".
    if (end - begin > 1 &&
        (text_[begin] == '$' || StartsWith(begin, "\u20AC") || StartsWith(begin, "\u00A3"))) {
      uint32_t sign_end =
          begin +
          static_cast<uint32_t>(utf8::SequenceLength(static_cast<unsigned char>(text_[begin])));
      if (sign_end < end && IsAsciiDigit(text_[sign_end])) {
        out->push_back({begin, sign_end});
        begin = sign_end;
      }
    }
    // Percent sign after a number.
    if (end - begin > 1 && text_[end - 1] == '%') {
      EmitWithClitics(begin, end - 1, out);
      out->push_back({end - 1, end});
      return;
    }
    EmitWithClitics(begin, end, out);
  }

  bool StartsWith(uint32_t at, std::string_view s) const { return text_.substr(at, s.size()) == s; }

  // Apostrophe (straight or typographic) at `at`, returning its length, or 0.
  [[nodiscard]] uint32_t ApostropheAt(uint32_t at, uint32_t end) const {
    if (at < end && text_[at] == '\'') {
      return 1;
    }
    if (at + 3 <= end && text_.substr(at, 3) == "\u2019") {
      return 3;
    }
    return 0;
  }

  void EmitWithClitics(uint32_t begin, uint32_t end, std::vector<Piece>* out) {
    if (begin >= end) {
      return;
    }
    if (const uint32_t split = FusedSplit(begin, end); split != 0) {
      out->push_back({begin, split});
      out->push_back({split, end});
      return;
    }
    // n't: "don't" → "do n't", "can't" → "ca n't".
    if (end - begin >= 4) {
      for (uint32_t len : {1U, 3U}) {
        if (end - begin < len + 3) {
          continue;
        }
        uint32_t n = end - len - 2;
        char after = text_[end - 1];
        if ((text_[n] == 'n' || text_[n] == 'N') && ApostropheAt(n + 1, end) == len &&
            (after == 't' || after == 'T') && n > begin) {
          out->push_back({begin, n});
          out->push_back({n, end});
          return;
        }
      }
    }
    // 's 're 'm 've 'll 'd
    for (uint32_t a = begin + 1; a < end; ++a) {
      uint32_t len = ApostropheAt(a, end);
      if (len == 0) {
        continue;
      }
      std::string suffix = AsciiLower(text_.substr(a + len, end - a - len));
      if (suffix == "s" || suffix == "re" || suffix == "m" || suffix == "ve" || suffix == "ll" ||
          suffix == "d") {
        out->push_back({begin, a});
        out->push_back({a, end});
        return;
      }
      break;
    }
    out->push_back({begin, end});
  }

  static bool IsEmoticon(std::string_view chunk) {
    static constexpr std::array<std::string_view, 12> kEmoticons = {
        ":)", ":-)", ":(", ":-(", ";)", ";-)", ":D", ":-D", ":P", "=)", "(:", "^^"};
    return std::find(kEmoticons.begin(), kEmoticons.end(), chunk) != kEmoticons.end();
  }

  static bool IsBoundPrefix(std::string_view left) {
    static constexpr std::array<std::string_view, 16> kPrefixes = {
        "e",  "re",  "co",   "pre",   "non", "anti", "multi", "mid",
        "ex", "sub", "semi", "inter", "pro", "mis",  "bi",    "counter"};
    const std::string lower = AsciiLower(left);
    return std::find(kPrefixes.begin(), kPrefixes.end(), lower) != kPrefixes.end();
  }

  // Negations and fused forms written without an apostrophe ("dont", "cannot", "gonna"), split
  // as UD EWT splits them ("do nt", "can not", "gon na"); the split point, or 0.
  [[nodiscard]] uint32_t FusedSplit(uint32_t begin, uint32_t end) const {
    static constexpr std::array<std::string_view, 21> kFused = {
        "dont",  "doesnt", "didnt",   "isnt",    "wasnt",    "arent",  "werent",
        "cant",  "wont",   "couldnt", "wouldnt", "shouldnt", "havent", "hasnt",
        "hadnt", "aint",   "cannot",  "gonna",   "wanna",    "gotta",  "mustnt"};
    const std::string lower = AsciiLower(text_.substr(begin, end - begin));
    if (std::find(kFused.begin(), kFused.end(), lower) == kFused.end()) {
      return 0;
    }
    if (lower == "cannot") {
      return begin + 3;
    }
    return end - 2;  // "nt", "na", "ta"
  }

  std::string_view text_;
  bool split_hyphens_;
};

uint8_t FlagsOf(std::string_view token) {
  uint8_t flags = 0;
  size_t pos = 0;
  int letters = 0;
  int uppers = 0;
  bool first = true;
  while (pos < token.size()) {
    char32_t c = utf8::Decode(token, &pos);
    if (first && IsUpper(c)) {
      flags |= kTokenCapitalized;
    }
    first = false;
    if (IsUpper(c)) {
      ++letters;
      ++uppers;
    } else if (IsLower(c)) {
      ++letters;
    }
  }
  if (letters >= 2 && letters == uppers) {
    flags |= kTokenAllCaps;
  }
  return flags;
}

bool IsSentenceFinal(std::string_view token) {
  if (token == "\u2026") {
    return true;
  }
  // ".", "!", "?", "...", "?!", "!!!": a run of them (a lone "..": ellipsis too).
  return !token.empty() && std::all_of(token.begin(), token.end(),
                                       [](char c) { return c == '.' || c == '!' || c == '?'; });
}

bool IsClosingToken(std::string_view token) {
  if (token.empty()) {
    return false;
  }
  size_t pos = 0;
  char32_t c = utf8::Decode(token, &pos);
  return pos == token.size() && IsClosingQuoteOrBracket(c);
}

// Whether a sentence may start with `token`.
bool CanStartSentence(std::string_view token) {
  size_t pos = 0;
  char32_t c = utf8::Decode(token, &pos);
  return IsUpper(c) || IsAsciiDigit(c) || IsOpeningPunct(c) || IsDash(c);
}

bool StartsLowerCase(std::string_view token) {
  size_t pos = 0;
  return IsLower(utf8::Decode(token, &pos));
}

class Tokenizer final : public Stage {
 public:
  explicit Tokenizer(TokenizerOptions options) : options_(options) {}
  [[nodiscard]] std::string_view Name() const override { return "text.tokenize"; }
  [[nodiscard]] LayerSet Requires() const override { return kLayerText; }
  [[nodiscard]] LayerSet Assigns() const override { return kLayerSentences | kLayerTokens; }
  Status Annotate(Document& doc) const override {
    text::Tokenize(&doc, options_);
    return Status::OK();
  }

 private:
  TokenizerOptions options_;
};

void SplitParagraph(Document* doc, uint32_t first_token, uint32_t paragraph) {
  const TokenColumns& tokens = doc->tokens;
  auto n = static_cast<uint32_t>(tokens.size());
  uint32_t start = first_token;
  auto close = [&](uint32_t end) {
    if (end > start) {
      doc->sentences.push_back(
          {{tokens.begin[start], tokens.end[end - 1]}, {start, end}, paragraph});
    }
    start = end;
  };
  for (uint32_t i = first_token; i < n; ++i) {
    std::string_view tok = doc->TokenText(i);
    bool final = IsSentenceFinal(tok);
    if (!final && tok.size() > 1 && tok.back() == '.') {
      // A word that kept its period ends a sentence only when it is not a title or initial.
      Abbrev kind = ClassifyAbbreviation(tok.substr(0, tok.size() - 1));
      final = kind == Abbrev::kFinal || kind == Abbrev::kDotted;
      if (final && kind == Abbrev::kDotted && i + 1 < n) {
        // "U.S. officials" goes on; "in the U.S. The" needs a sentence-like next word.
        std::string_view next = doc->TokenText(i + 1);
        final = next == "The" || next == "He" || next == "She" || next == "It" || next == "They" ||
                next == "We" || next == "But" || next == "In";
      }
    }
    if (!final) {
      continue;
    }
    uint32_t end = i + 1;
    // Closing quotes and brackets that follow without a space belong to this sentence.
    while (end < n && IsClosingToken(doc->TokenText(end)) &&
           (tokens.flags[end - 1] & kTokenSpaceAfter) == 0) {
      ++end;
    }
    if (end >= n) {
      break;
    }
    // "No. 5" is a number, not a sentence end.
    bool numbered = tok == "." && i > first_token && doc->Norm(i - 1) == "no" &&
                    IsAsciiDigit(static_cast<unsigned char>(doc->TokenText(end)[0]));
    // A lone period, "!" or "?" ends a sentence before a lower-case word too (web text drops
    // capitals: "... to smuggle explosives. a rare form ..."); an ellipsis does not ("well...
    // maybe"), nor a quotation closed after it ("... ." he said").
    const bool lone_final =
        end == i + 1 &&
        (tok == "." || (tok.find('.') == std::string_view::npos && tok != "\u2026"));
    if (!numbered && (CanStartSentence(doc->TokenText(end)) ||
                      (lone_final && StartsLowerCase(doc->TokenText(end))))) {
      close(end);
    }
    i = end - 1;
  }
  close(n);
}

}  // namespace

std::unique_ptr<Stage> MakeTokenizer(TokenizerOptions options) {
  return std::make_unique<Tokenizer>(options);
}

namespace text {

std::string NormalizeToken(std::string_view token) { return utf8::MatchForm(token); }

void Tokenize(Document* doc, TokenizerOptions options) {
  doc->tokens.Clear();
  doc->sentences.clear();
  const std::string& text = doc->text;
  doc->tokens.Reserve(text.size() / 5 + 16);
  ChunkSplitter splitter(text, options.split_hyphens);
  std::vector<Piece> pieces;
  uint32_t paragraph = 0;
  uint32_t paragraph_first_token = 0;
  bool paragraph_has_tokens = false;
  size_t pos = 0;
  const size_t n = text.size();
  while (pos < n) {
    size_t here = pos;
    char32_t c = utf8::Decode(text, &pos);
    if (c == '\n') {
      if (paragraph_has_tokens) {
        SplitParagraph(doc, paragraph_first_token, paragraph);
        ++paragraph;
      }
      paragraph_first_token = static_cast<uint32_t>(doc->tokens.size());
      paragraph_has_tokens = false;
      continue;
    }
    if (IsSpace(c)) {
      if (doc->tokens.size() > paragraph_first_token) {
        doc->tokens.flags.back() |= kTokenSpaceAfter;
      }
      continue;
    }
    // A chunk runs to the next whitespace.
    size_t chunk_end = pos;
    while (chunk_end < n) {
      size_t next = chunk_end;
      char32_t d = utf8::Decode(text, &next);
      if (IsSpace(d)) {
        break;
      }
      chunk_end = next;
    }
    pieces.clear();
    splitter.Split(static_cast<uint32_t>(here), static_cast<uint32_t>(chunk_end), &pieces);
    for (const Piece& p : pieces) {
      std::string_view token = std::string_view(text).substr(p.begin, p.end - p.begin);
      uint32_t norm = doc->strings.Intern(NormalizeToken(token));
      doc->tokens.Add(p.begin, p.end, norm, FlagsOf(token));
    }
    paragraph_has_tokens = true;
    pos = chunk_end;
  }
  if (paragraph_has_tokens) {
    SplitParagraph(doc, paragraph_first_token, paragraph);
  }
}

}  // namespace text
}  // namespace casus
