// Name folding and skeleton keys (see FoldPlaceName in places.h).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "places/places.h"
#include "places/places_internal.h"

namespace casus {
namespace {

// Base letters of U+00C0..U+024F and U+1E00..U+1EFF ('?' = not a letter), derived from the
// Unicode canonical decompositions.
constexpr std::string_view kLatin1AndExtended =
    "aaaaaaaceeeeiiiidnooooo?ouuuuytsaaaaaaaceeeeiiiidnooooo?ouuuuyty"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkk?lllllll"
    "lllnnnnnnn??oooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"
    "????????????????????????????????oo?????????????uu???????????????"
    "????dddlllnnnaaiioouuuuuuuuuu?aaaa????ggkkoooo??jdddgg??nnaa????"
    "aaaaeeeeiiiioooorrrruuuusstt??hh??????aaeeooooooooyy????????????"
    "????????????????";
constexpr std::string_view kLatinExtendedAdditional =
    "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm"
    "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv"
    "wwwwwwwwwwxxxxyyzzzzzzhtwyas????aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
    "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy??????";

// What a code point contributes to a folded name.
enum class Fold : uint8_t { kSkip, kSpace, kLetter, kForeign };

Fold FoldCodePoint(uint32_t cp, char* letter) {
  if (cp < 0x80) {
    const char c = static_cast<char>(cp);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      *letter = c;
      return Fold::kLetter;
    }
    if (c >= 'A' && c <= 'Z') {
      *letter = static_cast<char>(c - 'A' + 'a');
      return Fold::kLetter;
    }
    return c == '\'' || c == '`' || c == '.' ? Fold::kSkip : Fold::kSpace;
  }
  if (cp >= 0xC0 && cp < 0x250) {
    const char c = kLatin1AndExtended[cp - 0xC0];
    *letter = c;
    return c == '?' ? Fold::kSpace : Fold::kLetter;
  }
  if (cp >= 0x1E00 && cp < 0x1F00) {
    const char c = kLatinExtendedAdditional[cp - 0x1E00];
    *letter = c;
    return c == '?' ? Fold::kSpace : Fold::kLetter;
  }
  if (cp < 0xC0) {
    return Fold::kSpace;  // Latin-1 punctuation, no-break space
  }
  if (cp == 0x2018 || cp == 0x2019 || cp == 0x2032 || (cp >= 0x2B0 && cp < 0x370)) {
    return Fold::kSkip;  // apostrophes, ayn and hamza marks, combining accents
  }
  if (cp < 0x1E00) {
    return Fold::kForeign;  // Greek, Cyrillic, Hebrew, Arabic, Indic … letters
  }
  return cp < 0x2C00 ? Fold::kSpace : Fold::kForeign;  // punctuation and symbols; CJK
}

bool IsArticle(std::string_view word) {
  static constexpr std::array<std::string_view, 13> kArticles = {
      "al", "el", "ad", "ar", "as", "ash", "at", "az", "ed", "er", "es", "et", "ul"};
  for (std::string_view a : kArticles) {
    if (word == a) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string FoldPlaceName(std::string_view name) {
  std::string letters;
  std::string out;
  FoldPlaceNameInto(name, &letters, &out);
  return out;
}

void FoldPlaceNameInto(std::string_view name, std::string* scratch, std::string* folded) {
  // Pass 1: letters and single spaces, doubled letters collapsed.
  std::string& letters = *scratch;
  letters.clear();
  folded->clear();
  size_t pos = 0;
  while (pos < name.size()) {
    const uint32_t cp = static_cast<uint32_t>(utf8::Decode(name, &pos));
    char letter = 0;
    switch (FoldCodePoint(cp, &letter)) {
      case Fold::kSkip:
        break;
      case Fold::kSpace:
        if (!letters.empty() && letters.back() != ' ') {
          letters.push_back(' ');
        }
        break;
      case Fold::kLetter:
        if (letters.empty() || letters.back() != letter) {
          letters.push_back(letter);
        }
        break;
      case Fold::kForeign:
        return;
    }
  }
  while (!letters.empty() && letters.back() == ' ') {
    letters.pop_back();
  }
  // Pass 2: words; articles before another word dropped, Tell/Tall/Tel → tal.
  std::string& out = *folded;
  size_t start = 0;
  while (start < letters.size()) {
    size_t end = letters.find(' ', start);
    const bool last = end == std::string::npos;
    if (last) {
      end = letters.size();
    }
    std::string_view word(letters.data() + start, end - start);
    if (!(IsArticle(word) && !last)) {
      if (word == "tel") {
        word = "tal";
      }
      if (!out.empty()) {
        out.push_back(' ');
      }
      out.append(word);
    }
    start = end + 1;
  }
}

std::string PlaceSkeleton(std::string_view folded) {
  std::string out;
  out.reserve(folded.size());
  for (char c : folded) {
    if (c == ' ') {
      continue;
    }
    const bool vowel =
        c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || c == 'w';
    if (!out.empty() && (vowel || out.back() == c)) {
      continue;
    }
    out.push_back(c);
  }
  return out.size() >= 3 ? out : std::string();
}

}  // namespace casus
