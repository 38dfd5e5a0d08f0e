// Page layout: which lines are body text, and the metadata the page itself states.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/utf8.h"
#include "text/text.h"

namespace casus {
namespace {

std::string Lower(std::string_view s) { return utf8::MatchForm(s); }

int MonthNumber(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string w = Lower(word);
  while (!w.empty() && w.back() == '.') {
    w.pop_back();
  }
  if (w.size() < 3) {
    return 0;
  }
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (w.compare(0, 3, kMonths[i]) == 0) {
      // The word must be the month's name or its abbreviation, not merely start like it.
      static constexpr std::array<std::string_view, 12> kFull = {
          "january", "february", "march",     "april",   "may",      "june",
          "july",    "august",   "september", "october", "november", "december"};
      if (w == kMonths[i] || w == kFull[i] || (i == 8 && w == "sept")) {
        return static_cast<int>(i) + 1;
      }
    }
  }
  return 0;
}

// Words and numbers of a line: letters runs and digit runs, in order.
struct Piece {
  std::string text;
  bool number = false;
};

std::vector<Piece> Pieces(std::string_view line) {
  std::vector<Piece> out;
  size_t i = 0;
  while (i < line.size()) {
    auto c = static_cast<unsigned char>(line[i]);
    if (std::isdigit(c) != 0) {
      size_t j = i;
      while (j < line.size() && std::isdigit(static_cast<unsigned char>(line[j])) != 0) {
        ++j;
      }
      out.push_back({std::string(line.substr(i, j - i)), true});
      i = j;
    } else if (std::isalpha(c) != 0) {
      size_t j = i;
      while (j < line.size() && (std::isalpha(static_cast<unsigned char>(line[j])) != 0)) {
        ++j;
      }
      out.push_back({std::string(line.substr(i, j - i)), false});
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

bool EndsSentence(std::string_view line) {
  // Strip closing quotes and brackets, then look for final punctuation.
  std::string norm = Lower(line);
  while (!norm.empty() &&
         (norm.back() == '"' || norm.back() == '\'' || norm.back() == ')' || norm.back() == ' ')) {
    norm.pop_back();
  }
  return !norm.empty() &&
         (norm.back() == '.' || norm.back() == '!' || norm.back() == '?' || norm.back() == ':');
}

size_t WordCount(std::string_view line) {
  size_t words = 0;
  bool in_word = false;
  for (char c : line) {
    bool space = c == ' ' || c == '\t';
    if (!space && !in_word) {
      ++words;
    }
    in_word = !space;
  }
  return words;
}

// News outlets whose name on a line of its own, or in a dateline ("BEIRUT (Reuters) -"), names
// the document's publisher.
constexpr std::array<std::string_view, 40> kOutlets = {"Anadolu Agency",
                                                       "Reuters",
                                                       "Associated Press",
                                                       "AP",
                                                       "AFP",
                                                       "Agence France-Presse",
                                                       "Al Jazeera",
                                                       "Al Arabiya English",
                                                       "Al Arabiya",
                                                       "Rudaw",
                                                       "BBC News",
                                                       "BBC",
                                                       "CNN",
                                                       "The Guardian",
                                                       "The New York Times",
                                                       "The Washington Post",
                                                       "Bloomberg",
                                                       "Xinhua",
                                                       "TASS",
                                                       "RIA Novosti",
                                                       "Interfax",
                                                       "SANA",
                                                       "IRNA",
                                                       "Tasnim",
                                                       "Fars",
                                                       "Daily Sabah",
                                                       "Yeni Safak",
                                                       "Yeni Şafak English",
                                                       "TRT World",
                                                       "Hurriyet Daily News",
                                                       "The National",
                                                       "Asharq Al-Awsat",
                                                       "Middle East Eye",
                                                       "The New Arab",
                                                       "Kurdistan24",
                                                       "Enab Baladi",
                                                       "Syria Direct",
                                                       "North Press Agency",
                                                       "Hawar News",
                                                       "Arab News"};

// The outlet a short line names ("Anadolu Agency WORLD"), or "".
std::string_view OutletLine(std::string_view line) {
  if (WordCount(line) > 6 || EndsSentence(line)) {
    return {};
  }
  std::string_view best;
  for (std::string_view outlet : kOutlets) {
    if (line.starts_with(outlet) && outlet.size() > best.size() &&
        (line.size() == outlet.size() || line[outlet.size()] == ' ')) {
      best = outlet;
    }
  }
  return best;
}

// The outlet of a dateline ("BEIRUT (Reuters) -"), or "".
std::string_view DatelineOutlet(std::string_view line) {
  const size_t open = line.find('(');
  if (open == std::string_view::npos || open > 40) {
    return {};
  }
  const size_t close = line.find(')', open);
  if (close == std::string_view::npos || close + 2 >= line.size()) {
    return {};
  }
  std::string_view inside = line.substr(open + 1, close - open - 1);
  std::string_view after = line.substr(close + 1);
  if (!(after.starts_with(" -") || after.starts_with(" \xE2\x80\x94") ||
        after.starts_with(" \xE2\x80\x93"))) {
    return {};
  }
  for (std::string_view outlet : kOutlets) {
    if (inside == outlet) {
      return outlet;
    }
  }
  return {};
}

// Short boilerplate lines of news pages.
bool IsFurniture(std::string_view line, std::string_view publisher) {
  const size_t words = WordCount(line);
  if (words == 0 || words > 8) {
    return false;
  }
  std::string lower = Lower(line);
  static constexpr std::array<std::string_view, 30> kExact = {"contact us",
                                                              "subscribe",
                                                              "subscribe now",
                                                              "share",
                                                              "print",
                                                              "email",
                                                              "e-mail",
                                                              "tweet",
                                                              "facebook",
                                                              "twitter",
                                                              "whatsapp",
                                                              "linkedin",
                                                              "telegram",
                                                              "follow us",
                                                              "advertisement",
                                                              "read more",
                                                              "related",
                                                              "related news",
                                                              "related articles",
                                                              "sign up",
                                                              "log in",
                                                              "login",
                                                              "home",
                                                              "newsletter",
                                                              "comments",
                                                              "share this article",
                                                              "more",
                                                              "copy link",
                                                              "listen",
                                                              "menu"};
  for (std::string_view e : kExact) {
    if (lower == e) {
      return true;
    }
  }
  static constexpr std::array<std::string_view, 12> kPrefixes = {
      "published ", "updated ",   "posted ",   "last updated", "photo:", "photo credit",
      "image:",     "file photo", "copyright", "(c) ",         "© ",     "all rights reserved"};
  for (std::string_view p : kPrefixes) {
    if (lower.starts_with(p)) {
      return true;
    }
  }
  if (lower.ends_with("all rights reserved") || lower.ends_with("getty images")) {
    return true;
  }
  // "By Jane Doe" bylines: two or three capitalized words after "By".
  if (lower.starts_with("by ") && words <= 4 && !EndsSentence(line)) {
    return true;
  }
  // "<Publisher> WORLD": the outlet's name and an all-caps section label.
  if (!publisher.empty() && lower.starts_with(Lower(publisher)) && !EndsSentence(line)) {
    return true;
  }
  std::vector<Piece> pieces = Pieces(line);
  if (words <= 5 && !pieces.empty() && !pieces.back().number) {
    const std::string& last = pieces.back().text;
    bool all_caps = last.size() >= 4 && std::all_of(last.begin(), last.end(), [](char c) {
                      return std::isupper(static_cast<unsigned char>(c)) != 0;
                    });
    bool known_section = last == "WORLD" || last == "POLITICS" || last == "BUSINESS" ||
                         last == "OPINION" || last == "SPORTS" || last == "ECONOMY" ||
                         last == "NEWS" || last == "REGION" || last == "TURKIYE";
    if (all_caps && known_section && pieces.size() >= 2) {
      return true;
    }
  }
  return false;
}

}  // namespace

namespace text {

std::optional<Date> ParseWrittenDate(std::string_view line) {
  std::vector<Piece> p = Pieces(line);
  for (size_t i = 0; i < p.size(); ++i) {
    // 2024-12-02
    if (p[i].number && p[i].text.size() == 4 && i + 2 < p.size() && p[i + 1].number &&
        p[i + 2].number) {
      std::optional<Date> d =
          Date::Parse(p[i].text + "-" + (p[i + 1].text.size() == 1 ? "0" : "") + p[i + 1].text +
                      "-" + (p[i + 2].text.size() == 1 ? "0" : "") + p[i + 2].text);
      if (d) {
        return d;
      }
    }
    if (p[i].number) {
      continue;
    }
    int month = MonthNumber(p[i].text);
    if (month == 0) {
      continue;
    }
    int day = 0;
    int year = 0;
    // Month DD, YYYY
    if (i + 2 < p.size() && p[i + 1].number && p[i + 1].text.size() <= 2 && p[i + 2].number &&
        p[i + 2].text.size() == 4) {
      day = std::stoi(p[i + 1].text);
      year = std::stoi(p[i + 2].text);
    } else if (i >= 1 && i + 1 < p.size() && p[i - 1].number && p[i - 1].text.size() <= 2 &&
               p[i + 1].number && p[i + 1].text.size() == 4) {  // DD Month YYYY
      day = std::stoi(p[i - 1].text);
      year = std::stoi(p[i + 1].text);
    }
    if (day >= 1 && year >= 1900 && year <= 2100 && day <= DaysInMonth(year, month)) {
      return Date::Day(year, month, day);
    }
  }
  return std::nullopt;
}

void AnalyzeLayout(Document* doc) {
  std::vector<Sentence>& sentences = doc->sentences;
  if (sentences.empty()) {
    return;
  }
  // Lines (paragraphs): their first sentence and text.
  struct Line {
    size_t first = 0;
    size_t last = 0;  // inclusive
    std::string_view text;
  };
  std::vector<Line> lines;
  for (size_t s = 0; s < sentences.size(); ++s) {
    if (lines.empty() || sentences[lines.back().first].paragraph != sentences[s].paragraph) {
      lines.push_back({s, s, {}});
    }
    lines.back().last = s;
  }
  for (Line& line : lines) {
    line.text = doc->Slice({sentences[line.first].bytes.begin, sentences[line.last].bytes.end});
  }
  auto set_role = [&](const Line& line, SentenceRole role) {
    for (size_t s = line.first; s <= line.last; ++s) {
      sentences[s].role = role;
    }
  };
  std::unordered_map<std::string_view, size_t> last_occurrence;
  for (size_t l = 0; l < lines.size(); ++l) {
    last_occurrence[lines[l].text] = l;
  }
  bool headline_seen = false;
  bool body_seen = false;
  for (size_t l = 0; l < lines.size(); ++l) {
    const Line& line = lines[l];
    if (doc->meta.publisher.empty()) {
      if (std::string_view outlet = OutletLine(line.text); !outlet.empty()) {
        doc->meta.publisher = outlet;
      } else if (std::string_view from = DatelineOutlet(line.text); !from.empty()) {
        doc->meta.publisher = from;
      }
    }
    if (IsFurniture(line.text, doc->meta.publisher)) {
      set_role(line, SentenceRole::kFurniture);
      doc->meta.removed.emplace_back(line.text);
      std::string lower = Lower(line.text);
      if (!doc->meta.published.valid() &&
          (lower.starts_with("published") || lower.starts_with("updated") ||
           lower.starts_with("posted"))) {
        if (std::optional<Date> d = text::ParseWrittenDate(line.text)) {
          doc->meta.published = *d;
          doc->meta.date_basis = "text";
        }
      }
      continue;
    }
    const bool punctuated = EndsSentence(line.text);
    const size_t words = WordCount(line.text);
    if (last_occurrence[line.text] != l && words >= 8) {
      set_role(line, SentenceRole::kDeck);  // coded where it is repeated in the body
      continue;
    }
    if (!body_seen && !headline_seen && !punctuated && words >= 3 && words <= 30 &&
        l + 1 < lines.size()) {
      set_role(line, SentenceRole::kHeadline);
      headline_seen = true;
      if (doc->meta.headline.empty()) {
        doc->meta.headline = std::string(line.text);
      }
      continue;
    }
    if (body_seen && !punctuated && words >= 2 && words <= 12 && line.first == line.last &&
        l + 1 < lines.size()) {
      set_role(line, SentenceRole::kCrosshead);
      continue;
    }
    body_seen = true;
  }
}

}  // namespace text

namespace {

class LayoutAnalyzer final : public Stage {
 public:
  [[nodiscard]] std::string_view Name() const override { return "text.layout"; }
  [[nodiscard]] LayerSet Requires() const override { return kLayerSentences | kLayerTokens; }
  [[nodiscard]] LayerSet Assigns() const override { return kLayerLayout; }
  Status Annotate(Document& doc) const override {
    text::AnalyzeLayout(&doc);
    return Status::OK();
  }
};

}  // namespace

std::unique_ptr<Stage> MakeLayoutAnalyzer() { return std::make_unique<LayoutAnalyzer>(); }

}  // namespace casus
