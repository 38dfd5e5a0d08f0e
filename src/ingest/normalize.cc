// Text normalisation (UTF-8 check, line ends, NFC) and document ids.
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <cstring>

#include "core/utf8.h"
#include "ingest/ingest.h"
#include "ingest/ingest_internal.h"

namespace casus::ingest {
namespace {

bool IsAscii(std::string_view s) {
  // Eight bytes at a time: news text is mostly ASCII, so this is the common exit.
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word = 0;
    std::memcpy(&word, s.data() + i, 8);
    if ((word & 0x8080808080808080ULL) != 0) {
      return false;
    }
  }
  for (; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) >= 0x80) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool IsNfcFastRange(char32_t c) {
  return c < 0x300 || (c >= 0x2010 && c < 0x2028) || (c >= 0x2030 && c < 0x205F) ||
         (c >= 0x20A0 && c < 0x20C1);
}

namespace {

// True when every code point of `text` (valid UTF-8) is in a range where NFC is the identity
// and nothing composes with what precedes it: then the text is NFC without asking ICU. This is
// the common case for English news, whose non-ASCII is mostly typographic punctuation.
bool IsTriviallyNfc(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char b = *p;
    if (b < 0x80) {
      ++p;
    } else if (b < 0xCC) {  // two-byte sequences below U+0300
      p += 2;
    } else if (b == 0xE2 && end - p >= 3) {
      const char32_t c = (char32_t{0x02} << 12) | (char32_t{p[1] & 0x3FU} << 6) | (p[2] & 0x3FU);
      if (!IsNfcFastRange(c)) {
        return false;
      }
      p += 3;
    } else {
      return false;
    }
  }
  return true;
}

// Folds "\r\n" and a lone "\r" to "\n", in place.
void FoldLineEnds(std::string* text) {
  char* data = text->data();
  const size_t n = text->size();
  const void* first = std::memchr(data, '\r', n);
  if (first == nullptr) {
    return;
  }
  size_t out = static_cast<size_t>(static_cast<const char*>(first) - data);
  for (size_t in = out; in < n; ++in) {
    const char c = data[in];
    if (c == '\r') {
      data[out++] = '\n';
      if (in + 1 < n && data[in + 1] == '\n') {
        ++in;
      }
    } else {
      data[out++] = c;
    }
  }
  text->resize(out);
}

bool IsSpaceCodePoint(char32_t c) {
  switch (c) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case '\f':
    case '\v':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      // En quad … zero width space.
      return c >= 0x2000 && c <= 0x200B;
  }
}

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) {
    return false;
  }
  return std::equal(suffix.begin(), suffix.end(), s.end() - static_cast<ptrdiff_t>(suffix.size()),
                    [](char a, char b) {
                      return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
                    });
}

}  // namespace

size_t BomLength(std::string_view text) {
  return text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
}

bool IsBlank(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    const auto b = static_cast<unsigned char>(text[pos]);
    if (b < 0x80) {
      if (!IsSpaceCodePoint(b)) {
        return false;
      }
      ++pos;
      continue;
    }
    if (!IsSpaceCodePoint(utf8::Decode(text, &pos))) {
      return false;
    }
  }
  return true;
}

Status NormalizeInPlace(std::string_view where, size_t base_offset, std::string* text) {
  if (const size_t bom = BomLength(*text); bom > 0) {
    text->erase(0, bom);
    base_offset += bom;
  }
  if (IsAscii(*text)) {
    FoldLineEnds(text);
    return Status::OK();
  }
  if (const auto bad = utf8::FindInvalid(*text); bad.has_value()) {
    return Status::InvalidInput(std::string(where) + ": invalid UTF-8 at byte " +
                                std::to_string(base_offset + *bad));
  }
  FoldLineEnds(text);
  if (IsTriviallyNfc(*text)) {
    return Status::OK();
  }
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error) || nfc == nullptr) {
    return Status::Internal(std::string(where) + ": ICU NFC unavailable: " + u_errorName(error));
  }
  if (text->size() > static_cast<size_t>(INT32_MAX)) {
    return Status::InvalidInput(std::string(where) + ": text too large to normalise");
  }
  const icu::StringPiece piece(text->data(), static_cast<int32_t>(text->size()));
  if (nfc->isNormalizedUTF8(piece, error) && U_SUCCESS(error)) {
    return Status::OK();
  }
  error = U_ZERO_ERROR;
  std::string normalized;
  normalized.reserve(text->size());
  icu::StringByteSink<std::string> sink(&normalized);
  nfc->normalizeUTF8(0, piece, sink, nullptr, error);
  if (U_FAILURE(error)) {
    return Status::Internal(std::string(where) + ": NFC failed: " + u_errorName(error));
  }
  *text = std::move(normalized);
  return Status::OK();
}

Status NormalizeText(std::string_view where, std::string_view raw, std::string* out) {
  out->assign(raw);
  return NormalizeInPlace(where, 0, out);
}

std::string DocumentIdFromPath(std::string_view path) {
  if (path == "-") {
    return "stdin";
  }
  while (!path.empty() && path.back() == '/') {
    path.remove_suffix(1);
  }
  std::string_view base = BaseName(path);
  if (EndsWithIgnoreCase(base, ".zst") && base.size() > 4) {
    base.remove_suffix(4);
  }
  // One more extension (the format); a leading dot names a hidden file, not an extension.
  const size_t dot = base.find_last_of('.');
  if (dot != std::string_view::npos && dot > 0) {
    base = base.substr(0, dot);
  }
  return std::string(base);
}

}  // namespace casus::ingest
