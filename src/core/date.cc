#include "core/date.h"

#include <charconv>
#include <cstdio>

namespace casus {

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) {
    return 0;
  }
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

Date Date::Day(int year, int month, int day) {
  return {static_cast<int16_t>(year), static_cast<uint8_t>(month), static_cast<uint8_t>(day),
          DatePrecision::kDay};
}

Date Date::Month(int year, int month) {
  return {static_cast<int16_t>(year), static_cast<uint8_t>(month), 0, DatePrecision::kMonth};
}

Date Date::Year(int year) { return {static_cast<int16_t>(year), 0, 0, DatePrecision::kYear}; }

std::string Date::ToString() const {
  char buf[16];
  switch (precision) {
    case DatePrecision::kDay:
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
      return buf;
    case DatePrecision::kMonth:
      std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
      return buf;
    case DatePrecision::kYear:
      std::snprintf(buf, sizeof buf, "%04d", year);
      return buf;
    case DatePrecision::kNone:
      break;
  }
  return {};
}

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
int64_t Date::DaysSinceEpoch() const {
  int y = year;
  const int m = month == 0 ? 1 : month;
  const int d = day == 0 ? 1 : day;
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int64_t>(era) * 146097 + doe - 719468;
}

Date Date::FromDaysSinceEpoch(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<int>(days - era * 146097);
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  const auto y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return Day(y, m, d);
}

int Date::Weekday() const {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  const int64_t w = (DaysSinceEpoch() + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

namespace {

bool ParseFixed(std::string_view text, size_t pos, size_t len, int* out) {
  if (pos + len > text.size()) {
    return false;
  }
  const char* first = text.data() + pos;
  const char* last = first + len;
  for (const char* p = first; p != last; ++p) {
    if (*p < '0' || *p > '9') {
      return false;
    }
  }
  return std::from_chars(first, last, *out).ec == std::errc();
}

}  // namespace

std::optional<Date> Date::Parse(std::string_view text) {
  int y = 0;
  int m = 0;
  int d = 0;
  if (!ParseFixed(text, 0, 4, &y)) {
    return std::nullopt;
  }
  if (text.size() == 4) {
    return Year(y);
  }
  if (text[4] != '-' || !ParseFixed(text, 5, 2, &m) || m < 1 || m > 12) {
    return std::nullopt;
  }
  if (text.size() == 7) {
    return Month(y, m);
  }
  if (text.size() < 10 || text[7] != '-' || !ParseFixed(text, 8, 2, &d) || d < 1 ||
      d > DaysInMonth(y, m)) {
    return std::nullopt;
  }
  if (text.size() > 10 && text[10] != 'T' && text[10] != ' ') {
    return std::nullopt;
  }
  return Day(y, m, d);
}

std::string_view PrecisionName(DatePrecision precision) {
  switch (precision) {
    case DatePrecision::kDay:
      return "day";
    case DatePrecision::kMonth:
      return "month";
    case DatePrecision::kYear:
      return "year";
    case DatePrecision::kNone:
      break;
  }
  return "";
}

}  // namespace casus
