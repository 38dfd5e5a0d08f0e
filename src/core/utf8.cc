#include "core/utf8.h"

namespace casus::utf8 {

namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed sequence at `i`, or 0 (Unicode 15, table 3-7).
size_t WellFormedLength(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    return 1;
  }
  const size_t n = s.size() - i;
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    return n >= 2 && IsContinuation(at(1)) ? 2 : 0;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (n < 3) {
      return 0;
    }
    const unsigned char b1 = at(1);
    const unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = b0 == 0xED ? 0x9F : 0xBF;
    return b1 >= lo && b1 <= hi && IsContinuation(at(2)) ? 3 : 0;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (n < 4) {
      return 0;
    }
    const unsigned char b1 = at(1);
    const unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = b0 == 0xF4 ? 0x8F : 0xBF;
    return b1 >= lo && b1 <= hi && IsContinuation(at(2)) && IsContinuation(at(3)) ? 4 : 0;
  }
  return 0;
}

}  // namespace

std::optional<size_t> FindInvalid(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t len = WellFormedLength(bytes, i);
    if (len == 0) {
      return i;
    }
    i += len;
  }
  return std::nullopt;
}

char32_t Decode(std::string_view bytes, size_t* pos) {
  const size_t i = *pos;
  const size_t len = WellFormedLength(bytes, i);
  const auto b0 = static_cast<unsigned char>(bytes[i]);
  if (len == 0) {
    *pos = i + 1;
    return 0xFFFD;
  }
  *pos = i + len;
  if (len == 1) {
    return b0;
  }
  auto cont = [&](size_t k) { return static_cast<char32_t>(bytes[i + k]) & 0x3F; };
  if (len == 2) {
    return (static_cast<char32_t>(b0 & 0x1F) << 6) | cont(1);
  }
  if (len == 3) {
    return (static_cast<char32_t>(b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2);
  }
  return (static_cast<char32_t>(b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
}

void Append(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsUpper(char32_t c) {
  if (c >= 'A' && c <= 'Z') {
    return true;
  }
  if (c >= 0x00C0 && c <= 0x00DE && c != 0x00D7) {
    return true;
  }
  if (c >= 0x0100 && c <= 0x017F) {
    return c % 2 == 0 && c != 0x0138;
  }
  return c >= 0x0391 && c <= 0x03A9;  // Greek capitals
}

bool IsLower(char32_t c) {
  if (c >= 'a' && c <= 'z') {
    return true;
  }
  if (c >= 0x00DF && c <= 0x00FF && c != 0x00F7) {
    return true;
  }
  if (c >= 0x0100 && c <= 0x017F) {
    return c % 2 == 1;
  }
  return c >= 0x03B1 && c <= 0x03C9;
}

char32_t ToLower(char32_t c) {
  if (c >= 'A' && c <= 'Z') {
    return c + 32;
  }
  if (c >= 0x00C0 && c <= 0x00DE && c != 0x00D7) {
    return c + 32;
  }
  if (c >= 0x0100 && c <= 0x017F && c % 2 == 0 && c != 0x0138) {
    return c + 1;
  }
  if (c >= 0x0391 && c <= 0x03A9) {
    return c + 32;
  }
  return c;
}

std::string MatchForm(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  size_t pos = 0;
  while (pos < token.size()) {
    unsigned char b = static_cast<unsigned char>(token[pos]);
    if (b < 0x80) {
      out.push_back(b >= 'A' && b <= 'Z' ? static_cast<char>(b + 32) : static_cast<char>(b));
      ++pos;
      continue;
    }
    char32_t c = utf8::Decode(token, &pos);
    switch (c) {
      case 0x2018:
      case 0x2019:
      case 0x201B:
      case 0x2032:
      case 0x02BC:
        out.push_back('\'');
        break;
      case 0x201C:
      case 0x201D:
      case 0x201E:
      case 0x2033:
      case 0x00AB:
      case 0x00BB:
        out.push_back('"');
        break;
      case 0x2012:
      case 0x2013:
      case 0x2014:
      case 0x2015:
      case 0x2212:
        out.push_back('-');
        break;
      case 0x2026:
        out.append("...");
        break;
      default:
        utf8::Append(ToLower(c), &out);
    }
  }
  return out;
}

}  // namespace casus::utf8
