#include "time/time.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace casus {
namespace {

int WeekdayOf(std::string_view n) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (size_t i = 0; i < kDays.size(); ++i) {
    if (n == kDays[i]) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

int MonthOf(std::string_view n) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  static constexpr std::array<std::string_view, 12> kShort = {"jan.",  "feb.", "mar.", "apr.",
                                                              "may",   "jun.", "jul.", "aug.",
                                                              "sept.", "oct.", "nov.", "dec."};
  // Asked of nearly every token: reject on length and first letter before comparing.
  if (n.size() < 3 || n.size() > 9 ||
      std::string_view("jfmasond").find(n[0]) == std::string_view::npos) {
    return 0;
  }
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (n[0] != kMonths[i][0]) {
      continue;
    }
    if (n == kMonths[i] || n == kShort[i] || (i == 8 && n == "sep.")) {
      return static_cast<int>(i) + 1;
    }
  }
  return 0;
}

// A day of the month: "25", "25th", "1st".
int DayOf(std::string_view n) {
  size_t digits = 0;
  while (digits < n.size() && n[digits] >= '0' && n[digits] <= '9') {
    ++digits;
  }
  if (digits == 0 || digits > 2) {
    return 0;
  }
  std::string_view suffix = n.substr(digits);
  if (!suffix.empty() && suffix != "th" && suffix != "st" && suffix != "nd" && suffix != "rd") {
    return 0;
  }
  int day = std::atoi(std::string(n.substr(0, digits)).c_str());
  return day >= 1 && day <= 31 ? day : 0;
}

int YearOf(std::string_view n) {
  if (n.size() != 4 ||
      !std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return 0;
  }
  int year = std::atoi(std::string(n).c_str());
  return year >= 1900 && year <= 2100 ? year : 0;
}

int SmallNumber(std::string_view n) {
  static constexpr std::array<std::string_view, 13> kWords = {
      "zero",  "one",   "two",  "three", "four",   "five",  "six",
      "seven", "eight", "nine", "ten",   "eleven", "twelve"};
  for (size_t i = 0; i < kWords.size(); ++i) {
    if (n == kWords[i]) {
      return static_cast<int>(i);
    }
  }
  if (n == "a" || n == "an") {
    return 1;
  }
  if (!n.empty() && n.size() <= 3 &&
      std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::atoi(std::string(n).c_str());
  }
  return -1;
}

bool IsSpeechVerb(std::string_view n) {
  return n == "said" || n == "says" || n == "told" || n == "added" || n == "announced" ||
         n == "stated" || n == "stressed" || n == "noted" || n == "warned" || n == "explained";
}

bool IsTimePreposition(std::string_view n) {
  return n == "in" || n == "since" || n == "until" || n == "by" || n == "during" || n == "from" ||
         n == "of" || n == "early" || n == "late" || n == "mid" || n == "mid-" || n == "before" ||
         n == "after" || n == "through" || n == "throughout" || n == "till";
}

Date AddDays(const Date& d, int64_t days) {
  return Date::FromDaysSinceEpoch(d.DaysSinceEpoch() + days);
}

Date MonthShift(const Date& d, int months) {
  int total = d.year * 12 + (d.month - 1) + months;
  return Date::Month(total / 12, total % 12 + 1);
}

class Scanner {
 public:
  Scanner(const Document& doc, uint32_t s, const Date& published)
      : doc_(doc), span_(doc.sentences[s].tokens), published_(published) {}

  std::vector<TimeExpression> Run() {
    std::vector<TimeExpression> out;
    uint32_t i = span_.begin;
    while (i < span_.end) {
      TimeExpression e;
      uint32_t end = Match(i, &e.date);
      if (end > i && e.date.valid()) {
        e.tokens = {i, end};
        e.speech_time = AttachedToSpeech(i, end);
        out.push_back(e);
        i = end;
      } else {
        ++i;
      }
    }
    return out;
  }

 private:
  [[nodiscard]] std::string_view N(uint32_t t) const {
    return t < span_.end ? doc_.Norm(t) : std::string_view();
  }
  [[nodiscard]] bool Capitalized(uint32_t t) const {
    return (doc_.tokens.flags[t] & kTokenCapitalized) != 0;
  }
  // Whether the clause around the expression at `at` speaks of the future: a modal or
  // "next/upcoming" earlier in the clause ("will meet the prime minister on Friday"), or, for an
  // expression that opens the sentence ("On Friday, the minister will …"), just after it. The
  // backward scan stops at a speech verb, so "said on Friday" stays past whatever follows.
  [[nodiscard]] bool Future(uint32_t at) const {
    for (uint32_t t = at; t > span_.begin && t + 16 > at; --t) {
      const std::string_view n = doc_.Norm(t - 1);
      if (FutureMarker(t - 1)) {
        return true;
      }
      if (n == ";" || n == ":" || IsSpeechVerb(n)) {
        return false;
      }
    }
    uint32_t t = at;
    while (t > span_.begin && (N(t - 1) == "on" || N(t - 1) == "this" || N(t - 1) == "by")) {
      --t;
    }
    if (t != span_.begin) {
      return false;
    }
    for (uint32_t f = at + 1; f < span_.end && f < at + 10; ++f) {
      if (FutureMarker(f)) {
        return true;
      }
      if (IsSpeechVerb(N(f))) {
        return false;
      }
    }
    return false;
  }
  [[nodiscard]] bool FutureMarker(uint32_t t) const {
    const std::string_view n = N(t);
    if (n == "will" || n == "'ll" || n == "shall" || n == "next" || n == "upcoming") {
      return true;
    }
    // "is due to", "are expected to", "is scheduled to", "plans to", "is set to", "is to meet".
    if (N(t + 1) != "to") {
      return false;
    }
    return n == "due" || n == "expected" || n == "scheduled" || n == "plans" || n == "plan" ||
           n == "set" || n == "going" || n == "is" || n == "are";
  }

  [[nodiscard]] bool AttachedToSpeech(uint32_t begin, uint32_t end) const {
    for (uint32_t t = begin; t > span_.begin && t + 3 > begin; --t) {
      if (IsSpeechVerb(doc_.Norm(t - 1))) {
        return true;
      }
    }
    for (uint32_t t = end; t < span_.end && t < end + 2; ++t) {
      if (IsSpeechVerb(doc_.Norm(t))) {
        return true;
      }
    }
    return false;
  }

  // A day-month date at t ("25 June [2021]", "June 25[, 2021]"); returns its end or t.
  uint32_t DayMonth(uint32_t t, bool future, Date* date) const {
    int day = 0;
    int month = 0;
    uint32_t end = t;
    if ((day = DayOf(N(t))) > 0 && (month = MonthOf(N(t + 1))) > 0) {
      end = t + 2;
    } else if ((month = MonthOf(N(t))) > 0 && (day = DayOf(N(t + 1))) > 0 &&
               (month != 5 || Capitalized(t))) {
      end = t + 2;
    } else {
      return t;
    }
    int year = 0;
    if (N(end) == "," && YearOf(N(end + 1)) > 0) {
      year = YearOf(N(end + 1));
      end += 2;
    } else if (YearOf(N(end)) > 0) {
      year = YearOf(N(end));
      end += 1;
    }
    if (year == 0) {
      if (!published_.valid()) {
        return t;
      }
      year = published_.year;
      if (day > DaysInMonth(year, month)) {
        return t;
      }
      const int64_t candidate = Date::Day(year, month, day).DaysSinceEpoch();
      if (!future && candidate > published_.DaysSinceEpoch()) {
        --year;
      } else if (future && candidate < published_.DaysSinceEpoch()) {
        ++year;
      }
    }
    if (day > DaysInMonth(year, month)) {
      return t;
    }
    *date = Date::Day(year, month, day);
    return end;
  }

  uint32_t Match(uint32_t t, Date* date) const {
    std::string_view n = N(t);
    const bool have_pub = published_.valid() && published_.precision == DatePrecision::kDay;
    // today, yesterday, tomorrow
    if (have_pub && (n == "today" || n == "tonight")) {
      *date = published_;
      return t + 1;
    }
    if (have_pub && n == "yesterday") {
      *date = AddDays(published_, -1);
      return t + 1;
    }
    if (have_pub && n == "tomorrow") {
      *date = AddDays(published_, 1);
      return t + 1;
    }
    // Weekdays, alone or with the date beside them.
    if (int wd = WeekdayOf(n); wd >= 0) {
      uint32_t end = t + 1;
      uint32_t date_at = N(end) == "," ? end + 1 : end;
      Date explicit_date;
      uint32_t date_end = DayMonth(date_at, false, &explicit_date);
      if (date_end > date_at) {
        date_end = DayMonth(date_at, Future(t), &explicit_date);
      }
      if (date_end > date_at) {
        *date = explicit_date;
        if (explicit_date.Weekday() != wd) {
          *date = Date::Month(explicit_date.year, explicit_date.month);  // the text disagrees
        }
        return date_end;
      }
      if (!have_pub) {
        return t;
      }
      const int pub_wd = published_.Weekday();
      std::string_view before = t > span_.begin ? doc_.Norm(t - 1) : std::string_view();
      int64_t offset = 0;
      if (before == "next" || Future(t)) {
        offset = (wd - pub_wd + 7) % 7;
        if (offset == 0 && before == "next") {
          offset = 7;
        }
      } else {
        offset = -((pub_wd - wd + 7) % 7);
        if (offset == 0 && before == "last") {
          offset = -7;
        }
      }
      *date = AddDays(published_, offset);
      std::string_view after = N(end);
      if (after == "night" || after == "morning" || after == "evening" || after == "afternoon") {
        ++end;
      }
      return end;
    }
    // Explicit day-month dates.
    // (Future is asked only once the tokens read as a date: it scans the clause.)
    if (Date d; DayMonth(t, false, &d) > t) {
      return DayMonth(t, Future(t), date);
    }
    // this/last/past week, month, year
    if ((n == "this" || n == "last" || n == "past") && have_pub) {
      std::string_view unit = N(t + 1);
      const bool last = n == "last";
      if (unit == "week" || unit == "weekend") {
        Date base = last ? AddDays(published_, -7) : published_;
        *date = Date::Month(base.year, base.month);
        return t + 2;
      }
      if (unit == "month") {
        *date = last ? MonthShift(published_, -1) : Date::Month(published_.year, published_.month);
        return t + 2;
      }
      if (unit == "year") {
        *date = Date::Year(last ? published_.year - 1 : published_.year);
        return t + 2;
      }
    }
    // N days/weeks/months/years ago, a decade ago
    if (int count = SmallNumber(n); count >= 0 && have_pub && N(t + 2) == "ago") {
      std::string_view unit = N(t + 1);
      if (unit == "day" || unit == "days") {
        *date = AddDays(published_, -count);
      } else if (unit == "week" || unit == "weeks") {
        Date base = AddDays(published_, -7 * count);
        *date = Date::Month(base.year, base.month);
      } else if (unit == "month" || unit == "months") {
        *date = MonthShift(published_, -count);
      } else if (unit == "year" || unit == "years") {
        *date = Date::Year(published_.year - count);
      } else if (unit == "decade" || unit == "decades") {
        *date = Date::Year(published_.year - 10 * count);
      } else {
        return t;
      }
      return t + 3;
    }
    // Months: "in June", "since late July", "June 2021"
    if (int month = MonthOf(n); month > 0 && Capitalized(t)) {
      std::string_view before = t > span_.begin ? doc_.Norm(t - 1) : std::string_view();
      int year = YearOf(N(t + 1));
      if (year == 0 && !IsTimePreposition(before)) {
        return t;
      }
      uint32_t end = year > 0 ? t + 2 : t + 1;
      if (year == 0) {
        if (!published_.valid()) {
          return t;
        }
        year = published_.year;
        if (!Future(t) && month > published_.month) {
          --year;
        }
      }
      *date = Date::Month(year, month);
      return end;
    }
    // Years: "in 2018", "since 2011"
    if (int year = YearOf(n); year > 0 && t > span_.begin && IsTimePreposition(doc_.Norm(t - 1))) {
      *date = Date::Year(year);
      return t + 1;
    }
    return t;
  }

  const Document& doc_;
  TokenSpan span_;
  Date published_;
};

// When a quote's words were spoken: the speech-time expression at its cue ("said Monday"), or
// else that of the same speaker's latest earlier quote that had one.
struct SpeechTime {
  Date date;
  std::string basis;
};

uint32_t SentenceAtByte(const Document& doc, uint32_t byte) {
  auto it = std::upper_bound(doc.sentences.begin(), doc.sentences.end(), byte,
                             [](uint32_t b, const Sentence& s) { return b < s.bytes.begin; });
  return it == doc.sentences.begin() ? 0 : static_cast<uint32_t>(it - doc.sentences.begin() - 1);
}

std::vector<SpeechTime> SpeechTimes(const Document& doc) {
  std::vector<SpeechTime> times(doc.quotes.size());
  if (doc.quotes.empty() || doc.sentences.empty()) {
    return times;
  }
  std::vector<size_t> order(doc.quotes.size());
  for (size_t q = 0; q < order.size(); ++q) {
    order[q] = q;
  }
  auto cue_at = [&](size_t q) {
    const Quote& quote = doc.quotes[q];
    return quote.cue.end > quote.cue.begin ? quote.cue.begin : quote.text.begin;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return cue_at(a) < cue_at(b); });
  std::vector<std::pair<std::string, SpeechTime>> latest;  // by speaker; documents have few
  for (const size_t q : order) {
    const Quote& quote = doc.quotes[q];
    std::string speaker = quote.speaker_code;
    speaker += '|';
    speaker += doc.Slice(quote.speaker);
    if (speaker.size() == 1) {
      continue;  // no speaker: nothing to carry over
    }
    if (quote.cue.end > quote.cue.begin) {
      for (const TimeExpression& e : temporal::FindExpressions(
               doc, SentenceAtByte(doc, quote.cue.begin), doc.meta.published)) {
        if (e.speech_time && e.date.valid()) {
          times[q] = {e.date, std::string(doc.Slice(doc.TokenBytes(e.tokens)))};
          break;
        }
      }
    }
    auto it = std::find_if(latest.begin(), latest.end(),
                           [&](const auto& entry) { return entry.first == speaker; });
    if (times[q].date.valid()) {
      if (it == latest.end()) {
        latest.emplace_back(speaker, times[q]);
      } else {
        it->second = times[q];
      }
    } else if (it != latest.end()) {
      times[q] = it->second;
    }
  }
  return times;
}

class TimeResolver final : public Stage {
 public:
  [[nodiscard]] std::string_view Name() const override { return "time.resolve"; }
  [[nodiscard]] LayerSet Requires() const override {
    return kLayerSentences | kLayerTokens | kLayerEvents | kLayerQuotes;
  }
  [[nodiscard]] LayerSet Assigns() const override { return kLayerDates; }

  Status Annotate(Document& doc) const override {
    // Computed on first need: most events have a time of their own or stand outside quotes.
    std::optional<std::vector<SpeechTime>> quote_times;
    uint32_t cached_sentence = UINT32_MAX;
    std::vector<TimeExpression> expressions;
    for (Event& event : doc.events) {
      if (event.sentence != cached_sentence) {
        cached_sentence = event.sentence;
        expressions = temporal::FindExpressions(doc, event.sentence, doc.meta.published);
      }
      const TimeExpression* chosen = nullptr;
      const bool verbal = event.quad == 1 || event.quad == 3;
      if (verbal) {
        for (const TimeExpression& e : expressions) {
          if (e.speech_time) {
            chosen = &e;
            break;
          }
        }
      }
      if (chosen == nullptr) {
        int64_t best = INT64_MAX;
        for (const TimeExpression& e : expressions) {
          if (e.speech_time) {
            continue;
          }
          const ByteSpan bytes = doc.TokenBytes(e.tokens);
          const int64_t distance =
              bytes.end <= event.trigger.begin
                  ? static_cast<int64_t>(event.trigger.begin) - bytes.end
                  : static_cast<int64_t>(bytes.begin) - static_cast<int64_t>(event.trigger.end);
          if (std::llabs(distance) < best) {
            best = std::llabs(distance);
            chosen = &e;
          }
        }
      }
      if (chosen == nullptr && verbal) {
        // A statement in a quote whose own sentence gives no time was made when its speaker
        // last spoke on a dated occasion ("an official said Monday. … “…,” the official added").
        for (size_t q = 0; q < doc.quotes.size(); ++q) {
          const Quote& quote = doc.quotes[q];
          if (quote.text.begin > event.trigger.begin || event.trigger.end > quote.text.end) {
            continue;
          }
          if (!quote_times) {
            quote_times = SpeechTimes(doc);
          }
          if ((*quote_times)[q].date.valid()) {
            event.date = (*quote_times)[q].date;
            event.date_basis = (*quote_times)[q].basis;
            break;
          }
        }
      }
      if (chosen != nullptr) {
        event.date = chosen->date;
        event.date_basis = std::string(doc.Slice(doc.TokenBytes(chosen->tokens)));
        if (doc.meta.published.valid() &&
            chosen->date.DaysSinceEpoch() <
                Date::Month(doc.meta.published.year, doc.meta.published.month).DaysSinceEpoch()) {
          event.flags |= kEventPast;
        }
      }
    }
    return Status::OK();
  }
};

}  // namespace

namespace temporal {

std::vector<TimeExpression> FindExpressions(const Document& doc, uint32_t s,
                                            const Date& published) {
  return Scanner(doc, s, published).Run();
}

}  // namespace temporal

std::unique_ptr<Stage> MakeTimeResolver() { return std::make_unique<TimeResolver>(); }

}  // namespace casus
