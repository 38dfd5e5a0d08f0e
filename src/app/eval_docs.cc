// `casus eval docs DOCS.jsonl`: does the layout stage read each page as the reference does?
//
// The documents are coded from their text alone (the reference's own dates and titles are not
// given to casus), and four things are checked per document:
//  - published: the date casus reads from the page equals the reference date, or casus claims
//    none (most pages carry no date line; a wrong date is worse than none);
//  - headline lines: every headline, deck or crosshead line of the reference is left uncoded
//    (its sentences get a non-body role), and no other line is; the role itself is reported
//    apart, since a standfirst and a headline can look alike;
//  - furniture: the lines casus removed are exactly the reference's furniture lines;
//  - headline: casus's headline is the reference title, or casus gives none when the title is
//    not in the text.
// A document is right when its date, headline lines and furniture are. The last line is
// "docs=SHARE (RIGHT/TOTAL) published=… headline_lines=… roles=… furniture=… headline=…".
#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/quotes_app.h"
#include "core/strings.h"

namespace casus {
namespace {

using Json = nlohmann::json;

struct GoldLine {
  std::string text;
  std::string role;
  int occurrence = 1;
};

struct GoldPage {
  std::string id;
  std::string where;  // "file:line"
  std::string title;  // "" when the reference has none
  std::string published;
  std::vector<std::string> furniture;
  std::vector<GoldLine> lines;
};

std::string StringField(const Json& record, const char* name) {
  auto it = record.find(name);
  return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Status ReadGoldPages(const std::string& path, std::vector<GoldPage>* pages) {
  std::vector<Json> records;
  std::vector<size_t> lines;
  CASUS_RETURN_IF_ERROR(ReadGoldRecords(path, &records, &lines));
  for (size_t i = 0; i < records.size(); ++i) {
    const Json& r = records[i];
    GoldPage page;
    page.where = fmt::format("{}:{}", path, lines[i]);
    page.id = StringField(r, "id");
    if (page.id.empty()) {
      return Status::InvalidInput(page.where + ": record has no \"id\"");
    }
    page.title = StringField(r, "title");
    page.published = StringField(r, "published");
    if (auto it = r.find("furniture"); it != r.end() && it->is_array()) {
      for (const Json& line : *it) {
        if (line.is_string()) {
          page.furniture.push_back(line.get<std::string>());
        }
      }
    }
    if (auto it = r.find("headline_lines"); it != r.end() && it->is_array()) {
      for (const Json& line : *it) {
        if (!line.is_object()) {
          return Status::InvalidInput(page.where + ": headline_lines holds a non-object");
        }
        GoldLine gold;
        gold.text = StringField(line, "line");
        gold.role = StringField(line, "role");
        if (auto occ = line.find("occurrence"); occ != line.end() && occ->is_number_integer()) {
          gold.occurrence = std::max(1, occ->get<int>());
        }
        page.lines.push_back(std::move(gold));
      }
    }
    pages->push_back(std::move(page));
  }
  return Status::OK();
}

// The bytes of the `occurrence`-th appearance of `line` in `text`, or an empty span.
ByteSpan FindOccurrence(const std::string& text, const std::string& line, int occurrence) {
  size_t at = 0;
  for (int seen = 0; !line.empty(); ++seen, ++at) {
    at = text.find(line, at);
    if (at == std::string::npos) {
      return {};
    }
    if (seen + 1 == occurrence) {
      return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + line.size())};
    }
  }
  return {};
}

bool Overlaps(ByteSpan a, ByteSpan b) { return a.begin < b.end && b.begin < a.end; }

struct PageScore {
  bool published_right = true;
  bool published_found = false;
  int lines_right = 0;
  int roles_right = 0;
  int spurious = 0;  // casus non-body lines that the reference codes
  bool furniture_right = true;
  bool headline_right = true;
  std::vector<std::string> problems;
};

PageScore ScorePage(const GoldPage& gold, const Document& doc) {
  PageScore score;
  if (doc.meta.published.valid()) {
    score.published_found = true;
    const std::string found = doc.meta.published.ToString();
    if (found != gold.published) {
      score.published_right = false;
      score.problems.push_back(fmt::format("published: casus {} (from {}), reference {}", found,
                                           doc.meta.date_basis.empty() ? "?" : doc.meta.date_basis,
                                           gold.published));
    }
  }

  std::vector<ByteSpan> gold_spans;
  for (const GoldLine& line : gold.lines) {
    const ByteSpan span = FindOccurrence(doc.text, line.text, line.occurrence);
    gold_spans.push_back(span);
    if (span.end == 0) {
      score.problems.push_back(fmt::format("headline line not in the text: \"{}\"", line.text));
      continue;
    }
    bool uncoded = true;
    bool any = false;
    std::string role;
    for (const Sentence& s : doc.sentences) {
      if (!Overlaps(s.bytes, span)) {
        continue;
      }
      any = true;
      uncoded = uncoded && s.role != SentenceRole::kBody;
      if (role.empty()) {
        role = std::string(SentenceRoleName(s.role));
      }
    }
    if (any && uncoded) {
      ++score.lines_right;
      if (role == line.role) {
        ++score.roles_right;
      } else {
        score.problems.push_back(
            fmt::format("{} line read as {}: \"{}\"", line.role, role, line.text));
      }
    } else {
      score.problems.push_back(fmt::format("{} line coded as body: \"{}\"", line.role, line.text));
    }
  }
  for (const Sentence& s : doc.sentences) {
    if (s.role == SentenceRole::kBody || s.role == SentenceRole::kFurniture) {
      continue;
    }
    const bool expected = std::any_of(gold_spans.begin(), gold_spans.end(),
                                      [&](ByteSpan g) { return Overlaps(g, s.bytes); });
    if (!expected) {
      ++score.spurious;
      score.problems.push_back(
          fmt::format("body text read as {}: \"{}\"", SentenceRoleName(s.role),
                      doc.SentenceText(static_cast<uint32_t>(&s - doc.sentences.data()))));
    }
  }

  std::multiset<std::string> want;
  std::multiset<std::string> got;
  for (const std::string& line : gold.furniture) {
    want.emplace(TrimBlanks(line));
  }
  for (const std::string& line : doc.meta.removed) {
    got.emplace(TrimBlanks(line));
  }
  if (want != got) {
    score.furniture_right = false;
    score.problems.push_back(fmt::format("furniture: casus removed {} line(s), reference has {}",
                                         got.size(), want.size()));
  }

  const bool title_in_text = !gold.title.empty() && doc.text.find(gold.title) != std::string::npos;
  if (title_in_text ? doc.meta.headline != gold.title : !doc.meta.headline.empty()) {
    score.headline_right = false;
    score.problems.push_back(fmt::format("headline: casus \"{}\", reference \"{}\"{}",
                                         doc.meta.headline, gold.title,
                                         title_in_text ? "" : " (not in the text)"));
  }
  return score;
}

}  // namespace

Status RunEvalDocs(const EvalOptions& options, std::ostream* out, std::ostream* err) {
  std::vector<GoldPage> pages;
  CASUS_RETURN_IF_ERROR(ReadGoldPages(options.gold_path, &pages));
  std::vector<std::string> ids;
  ids.reserve(pages.size());
  for (const GoldPage& page : pages) {
    ids.push_back(page.id);
  }
  // No metadata on purpose: the page alone must give its date, headline and furniture.
  std::vector<Document> docs;
  CASUS_RETURN_IF_ERROR(
      CodeInMemory(GoldDocumentFiles(options, ids), "", options.data_dir, &docs, err));

  int right = 0, published = 0, found = 0, lines = 0, lines_right = 0, roles_right = 0;
  int furniture = 0, headline = 0, spurious = 0;
  for (const GoldPage& page : pages) {
    lines += static_cast<int>(page.lines.size());
    auto doc =
        std::find_if(docs.begin(), docs.end(), [&](const Document& d) { return d.id == page.id; });
    if (doc == docs.end()) {
      *out << page.where << ": document " << page.id << " was not coded\n";
      continue;
    }
    const PageScore s = ScorePage(page, *doc);
    published += s.published_right ? 1 : 0;
    found += s.published_found ? 1 : 0;
    lines_right += s.lines_right;
    roles_right += s.roles_right;
    spurious += s.spurious;
    furniture += s.furniture_right ? 1 : 0;
    headline += s.headline_right ? 1 : 0;
    const bool page_right = s.published_right && s.furniture_right && s.spurious == 0 &&
                            s.lines_right == static_cast<int>(page.lines.size());
    right += page_right ? 1 : 0;
    for (const std::string& problem : s.problems) {
      *out << page.id << ": " << problem << '\n';
    }
  }
  const int total = static_cast<int>(pages.size());
  const double share = total == 0 ? 0.0 : static_cast<double>(right) / total;
  *out << fmt::format(
      "docs={:.3f} ({}/{}) published={}/{} (read from the page: {}) headline_lines={}/{} "
      "(spurious {}) roles={}/{} furniture={}/{} headline={}/{}\n",
      share, right, total, published, total, found, lines_right, lines, spurious, roles_right,
      lines, furniture, total, headline, total);
  return Status::OK();
}

}  // namespace casus
