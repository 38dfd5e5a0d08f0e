// UTF-8 helpers shared by the stages: validation with the offending byte offset, and decoding
// one code point at a time. Pure functions over byte strings; thread-safe.
#ifndef CASUS_CORE_UTF8_H_
#define CASUS_CORE_UTF8_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace casus::utf8 {

// The byte offset of the first byte that does not begin a well-formed UTF-8 sequence
// (overlong forms, surrogates and code points above U+10FFFF are ill-formed), or nullopt.
std::optional<size_t> FindInvalid(std::string_view bytes);

// Decodes the code point at `*pos` and advances `*pos` past it. An ill-formed byte decodes as
// U+FFFD and advances by one. REQUIRES: *pos < bytes.size().
char32_t Decode(std::string_view bytes, size_t* pos);

// Appends the UTF-8 encoding of `cp` to `out`.
void Append(char32_t cp, std::string* out);

// Upper/lower case for ASCII, Latin-1, Latin Extended-A and basic Greek, which is what
// actor names in English news use; other scripts are neither.
bool IsUpper(char32_t c);
bool IsLower(char32_t c);
char32_t ToLower(char32_t c);

// The form dictionaries match: lower case, with typographic quotes folded to ASCII
// (’ ‘ → ', “ ” « » → "), dashes to '-', and '…' to "...".
std::string MatchForm(std::string_view token);

// Number of bytes in the sequence that starts with `lead` (1 for ASCII and stray bytes).
inline size_t SequenceLength(unsigned char lead) {
  if (lead < 0xC0) {
    return 1;
  }
  if (lead < 0xE0) {
    return 2;
  }
  if (lead < 0xF0) {
    return 3;
  }
  return 4;
}

}  // namespace casus::utf8

#endif  // CASUS_CORE_UTF8_H_
