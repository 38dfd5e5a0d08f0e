// Date: a calendar date with the precision the text supports (day, month or year).
//
// News gives dates at different precisions: "on 25 June" is a day, "in June" a month, "in 2018" a
// year. A Date keeps the precision so that a month-precision event is never shown as the 1st.
// Days are proleptic Gregorian; no time zone is implied.
#ifndef CASUS_CORE_DATE_H_
#define CASUS_CORE_DATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace casus {

// Stored in the database as text ("day", "month", "year"); the enum values never reach disk.
enum class DatePrecision : uint8_t { kNone = 0, kYear, kMonth, kDay };

struct Date {
  int16_t year = 0;
  uint8_t month = 0;  // 1-12, 0 when the precision is year
  uint8_t day = 0;    // 1-31, 0 when the precision is month or year
  DatePrecision precision = DatePrecision::kNone;

  [[nodiscard]] bool valid() const { return precision != DatePrecision::kNone; }
  // "2024-12-02", "2024-12" or "2024" by precision; "" when not valid.
  [[nodiscard]] std::string ToString() const;
  // Days since 1970-01-01 of the first day the date covers (REQUIRES: valid()).
  [[nodiscard]] int64_t DaysSinceEpoch() const;
  // 0 = Monday … 6 = Sunday (REQUIRES: precision == kDay).
  [[nodiscard]] int Weekday() const;

  static Date Day(int year, int month, int day);
  static Date Month(int year, int month);
  static Date Year(int year);
  static Date FromDaysSinceEpoch(int64_t days);

  // Parses "YYYY-MM-DD", "YYYY-MM" or "YYYY" (also a leading ISO timestamp "2024-12-02T10:00Z",
  // whose time is ignored). Returns nullopt for anything else or an impossible day.
  static std::optional<Date> Parse(std::string_view text);

  friend bool operator==(const Date&, const Date&) = default;
};

std::string_view PrecisionName(DatePrecision precision);  // "day", "month", "year" or ""
bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

}  // namespace casus

#endif  // CASUS_CORE_DATE_H_
