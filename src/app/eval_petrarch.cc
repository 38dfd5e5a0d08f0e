// `casus eval petrarch`: the TABARI/PETRARCH validation suites read from their own files and
// coded with casus's pipeline (see eval_petrarch.h for the formats and the scoring rule).
#include "app/eval_petrarch.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "app/app.h"
#include "core/files.h"
#include "core/strings.h"

namespace casus {
namespace {

std::string UpperCode(std::string_view s) {
  std::string out(TrimBlanks(s));
  // PETRARCH writes an empty code as '""' inside single quotes.
  if (out == "\"\"") {
    out.clear();
  }
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 32);
    }
  }
  return out;
}

// The category a record reports under: the id's alphabetic prefix ("PASSIVE" of PASSIVE-03),
// which the suites use for their per-category figures, else the category attribute.
std::string CategoryOf(std::string_view id, std::string_view attribute) {
  const size_t dash = id.find('-');
  if (dash != std::string_view::npos && dash > 0) {
    std::string_view prefix = id.substr(0, dash);
    if (std::all_of(prefix.begin(), prefix.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      return std::string(prefix);
    }
  }
  return attribute.empty() ? std::string(id) : std::string(attribute);
}

// ---- XML --------------------------------------------------------------------------------

// A lenient scanner over the suites' XML: the files are not all well formed (PETR2_GSR has
// bare '#' text and self-closing <Sentence/> elements owning their siblings), so it reads tags
// one at a time and interprets only the elements the suites define.
class XmlRecordReader {
 public:
  XmlRecordReader(std::string_view where, std::string_view contents)
      : where_(where), s_(contents) {}

  Status Read(std::vector<ValidationRecord>* records) {
    std::vector<ValidationRecord> out;
    std::set<std::string> include;
    bool have_include = false;
    bool open = false;  // a record is being filled
    size_t text_start = std::string_view::npos;
    std::string include_text;
    size_t include_start = std::string_view::npos;
    while (pos_ < s_.size()) {
      const size_t lt = s_.find('<', pos_);
      if (lt == std::string_view::npos) {
        break;
      }
      pos_ = lt;
      if (Starts("<!--")) {
        const size_t end = s_.find("-->", pos_ + 4);
        if (end == std::string_view::npos) {
          return Error(lt, "comment '<!--' is never closed");
        }
        pos_ = end + 3;
        continue;
      }
      if (Starts("<?") || Starts("<!")) {
        const size_t end = s_.find('>', pos_);
        if (end == std::string_view::npos) {
          return Error(lt, "declaration is never closed");
        }
        pos_ = end + 1;
        continue;
      }
      Tag tag;
      CASUS_RETURN_IF_ERROR(ReadTag(&tag));
      if (tag.name == "Text" && !tag.closing) {
        if (!open) {
          return Error(lt, "<Text> outside a <Sentence>");
        }
        text_start = pos_;
        const size_t end = s_.find("</Text>", pos_);
        if (end == std::string_view::npos) {
          return Error(lt, "<Text> is never closed");
        }
        out.back().text = CollapseBlanks(s_.substr(text_start, end - text_start));
        pos_ = end + 7;
      } else if (tag.name == "Parse" && !tag.closing && !tag.self_closing) {
        const size_t end = s_.find("</Parse>", pos_);
        if (end == std::string_view::npos) {
          return Error(lt, "<Parse> is never closed");
        }
        pos_ = end + 8;
      } else if (tag.name == "Include" && !tag.closing) {
        include_start = pos_;
        const size_t end = s_.find("</Include>", pos_);
        if (end == std::string_view::npos) {
          return Error(lt, "<Include> is never closed");
        }
        include_text = std::string(s_.substr(include_start, end - include_start));
        std::istringstream words(include_text);
        std::string word;
        while (words >> word) {
          include.insert(word);
        }
        have_include = true;
        pos_ = end + 10;
      } else if (tag.name == "Sentence") {
        if (tag.closing) {
          open = false;
          continue;
        }
        ValidationRecord record;
        record.line = LineOf(lt);
        record.id = tag.Get("id");
        if (record.id.empty()) {
          return Error(lt, "<Sentence> without an id");
        }
        const std::string attribute = tag.Get("category");
        record.category = CategoryOf(record.id, attribute);
        record.date = tag.Get("date");
        if (tag.Get("evaluate") == "false" || tag.Get("sentence") == "false") {
          record.scored = false;
          record.skip_reason = "marked not to be evaluated";
        } else if (have_include && !include.contains(attribute)) {
          record.scored = false;
          record.skip_reason = "category " + attribute + " not in <Include>";
        }
        out.push_back(std::move(record));
        attributes_.push_back(attribute);
        open = true;
      } else if (tag.name == "Sentences" && tag.closing) {
        open = false;
      } else if (tag.name == "EventCoding" && !tag.closing) {
        if (!open) {
          return Error(lt, "<EventCoding> outside a <Sentence>");
        }
        ValidationRecord& record = out.back();
        if (tag.Has("error")) {
          if (record.scored) {
            record.scored = false;
            record.skip_reason = "expects a coder error";
          }
        } else if (tag.Has("eventcode")) {
          record.expected.push_back({UpperCode(tag.Get("sourcecode")),
                                     UpperCode(tag.Get("targetcode")),
                                     UpperCode(tag.Get("eventcode"))});
        } else if (!tag.Has("noevents")) {
          return Error(lt, "<EventCoding> needs eventcode=, noevents= or error=");
        }
      }
    }
    for (ValidationRecord& r : out) {
      if (r.text.empty() && r.scored) {
        r.scored = false;
        r.skip_reason = "no <Text>";
      }
    }
    if (out.empty()) {
      return Status::InvalidInput(std::string(where_) + ": no <Sentence> records");
    }
    *records = std::move(out);
    return Status::OK();
  }

 private:
  struct Tag {
    std::string name;
    bool closing = false;
    bool self_closing = false;
    std::vector<std::pair<std::string, std::string>> attributes;

    [[nodiscard]] bool Has(std::string_view key) const {
      return std::any_of(attributes.begin(), attributes.end(),
                         [&](const auto& a) { return a.first == key; });
    }
    [[nodiscard]] std::string Get(std::string_view key) const {
      for (const auto& [k, v] : attributes) {
        if (k == key) {
          return v;
        }
      }
      return {};
    }
  };

  [[nodiscard]] bool Starts(std::string_view prefix) const {
    return s_.substr(pos_).starts_with(prefix);
  }
  [[nodiscard]] size_t LineOf(size_t offset) const {
    return 1 + static_cast<size_t>(std::count(s_.begin(), s_.begin() + offset, '\n'));
  }
  [[nodiscard]] Status Error(size_t offset, std::string_view what) const {
    return Status::InvalidInput(fmt::format("{}:{}: {}", where_, LineOf(offset), what));
  }
  static bool NameChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == ':' || c == '-' || c == '.';
  }
  static bool Blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

  // Reads the tag at pos_ ('<'). Elements the suites do not define are skipped whole, so that a
  // '<' in bare prose ("<EventCoding...>") is harmless; a known element must be well formed.
  Status ReadTag(Tag* tag) {
    const size_t start = pos_;
    size_t i = pos_ + 1;
    if (i < s_.size() && s_[i] == '/') {
      tag->closing = true;
      ++i;
    }
    const size_t name_start = i;
    while (i < s_.size() && NameChar(s_[i])) {
      ++i;
    }
    tag->name = std::string(s_.substr(name_start, i - name_start));
    static const std::set<std::string, std::less<>> kKnown = {
        "Sentence", "EventCoding", "Text", "Parse", "Include", "Sentences"};
    if (!kKnown.contains(tag->name)) {
      tag->name.clear();
      pos_ = start + 1;
      return Status::OK();
    }
    while (true) {
      while (i < s_.size() && Blank(s_[i])) {
        ++i;
      }
      if (i >= s_.size()) {
        return Error(start, "<" + tag->name + " is never closed with '>'");
      }
      if (s_[i] == '>') {
        pos_ = i + 1;
        return Status::OK();
      }
      if (s_[i] == '/' && i + 1 < s_.size() && s_[i + 1] == '>') {
        tag->self_closing = true;
        pos_ = i + 2;
        return Status::OK();
      }
      const size_t key_start = i;
      while (i < s_.size() && NameChar(s_[i])) {
        ++i;
      }
      if (i == key_start) {
        return Error(i, fmt::format("unexpected '{}' in <{}>", s_[i], tag->name));
      }
      std::string key(s_.substr(key_start, i - key_start));
      while (i < s_.size() && Blank(s_[i])) {
        ++i;
      }
      if (i >= s_.size() || s_[i] != '=') {
        return Error(i, "attribute " + key + " of <" + tag->name + "> has no value");
      }
      ++i;
      while (i < s_.size() && Blank(s_[i])) {
        ++i;
      }
      if (i >= s_.size() || (s_[i] != '"' && s_[i] != '\'')) {
        return Error(i, "attribute " + key + " of <" + tag->name + "> needs a quoted value");
      }
      const char quote = s_[i];
      const size_t value_end = s_.find(quote, i + 1);
      if (value_end == std::string_view::npos) {
        return Error(i, "attribute " + key + " of <" + tag->name + "> is never closed");
      }
      tag->attributes.emplace_back(std::move(key),
                                   std::string(s_.substr(i + 1, value_end - i - 1)));
      i = value_end + 1;
    }
  }

  std::string_view where_;
  std::string_view s_;
  size_t pos_ = 0;
  std::vector<std::string> attributes_;
};

// ---- TABARI -----------------------------------------------------------------------------

bool IsTabariHeader(std::string_view line, std::string* date, std::string* id) {
  if (line.size() < 8) {
    return false;
  }
  for (size_t i = 0; i < 6; ++i) {
    if (line[i] < '0' || line[i] > '9') {
      return false;
    }
  }
  if (line[6] != ' ' && line[6] != '\t') {
    return false;
  }
  std::string_view rest = TrimBlanks(line.substr(6));
  if (rest.empty() || rest.find(' ') != std::string_view::npos) {
    return false;
  }
  *date = std::string(line.substr(0, 6));
  *id = std::string(rest);
  return true;
}

// The {...} blocks of a record's comment.
Status ParseTabariComment(std::string_view where, size_t line, std::string_view comment,
                          ValidationRecord* record) {
  bool option = false;
  bool null_coding = false;
  size_t pos = 0;
  while ((pos = comment.find('{', pos)) != std::string_view::npos) {
    const size_t end = comment.find('}', pos);
    if (end == std::string_view::npos) {
      break;  // a '{' in the comment's prose
    }
    const bool disabled = pos > 0 && comment[pos - 1] == '-';
    std::string_view body = TrimBlanks(comment.substr(pos + 1, end - pos - 1));
    pos = end + 1;
    if (disabled) {
      continue;
    }
    if (body.starts_with("OPTION")) {
      option = true;
      continue;
    }
    if (body.empty()) {
      continue;  // "{}" in the prose of a comment
    }
    if (body == "+++" || body == "---" || body == "###") {
      null_coding = true;
      continue;
    }
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
      const size_t slash = body.find('/', start);
      parts.push_back(UpperCode(body.substr(start, slash - start)));
      if (slash == std::string_view::npos) {
        break;
      }
      start = slash + 1;
    }
    if (parts.size() != 3) {
      return Status::InvalidInput(fmt::format("{}:{}: record {}: expected {{ SRC / TGT / CODE }}",
                                              where, line, record->id));
    }
    record->expected.push_back({parts[0], parts[1], parts[2]});
  }
  if (option && record->expected.empty() && !null_coding) {
    record->scored = false;
    record->skip_reason = "only changes options";
  }
  return Status::OK();
}

Status ReadTabariRecords(std::string_view where, std::string_view contents,
                         std::vector<ValidationRecord>* records) {
  std::vector<std::string_view> lines;
  ForEachLine(contents, [&](size_t, std::string_view l) { lines.push_back(l); });
  std::vector<ValidationRecord> out;
  bool after_final = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    ValidationRecord record;
    if (!IsTabariHeader(lines[i], &record.date, &record.id)) {
      continue;
    }
    record.line = i + 1;
    record.category = CategoryOf(record.id, "");
    std::string text;
    size_t j = i + 1;
    for (; j < lines.size() && lines[j].find("/*") == std::string_view::npos; ++j) {
      std::string d;
      std::string id;
      if (IsTabariHeader(lines[j], &d, &id)) {
        break;
      }
      text += std::string(lines[j]) + "\n";
    }
    if (j >= lines.size() || lines[j].find("/*") == std::string_view::npos) {
      // No expectations at all (FINAL-01's closing prose): kept, not scored.
      record.text = CollapseBlanks(text);
      record.scored = false;
      record.skip_reason = "no /* ... */ comment";
      after_final = after_final || record.id.starts_with("FINAL-");
      out.push_back(std::move(record));
      i = j - 1;
      continue;
    }
    // The comment may start at the end of the sentence's last line ("... said./*").
    text += std::string(lines[j].substr(0, lines[j].find("/*")));
    const size_t comment_line = j + 1;
    std::string comment;
    for (; j < lines.size(); ++j) {
      comment += std::string(lines[j]) + "\n";
      if (lines[j].find("*/") != std::string_view::npos) {
        break;
      }
    }
    if (j >= lines.size()) {
      return Status::InvalidInput(
          fmt::format("{}:{}: record {}: comment is never closed", where, comment_line, record.id));
    }
    record.text = CollapseBlanks(text);
    CASUS_RETURN_IF_ERROR(ParseTabariComment(where, comment_line, comment, &record));
    if (record.id.starts_with("START-") || record.id.starts_with("FINAL-")) {
      record.scored = false;
      record.skip_reason = "suite control record";
    } else if (after_final) {
      record.scored = false;
      record.skip_reason = "after FINAL-01 (needs other options)";
    }
    if (record.id.starts_with("FINAL-")) {
      after_final = true;
    }
    out.push_back(std::move(record));
    i = j;
  }
  if (out.empty()) {
    return Status::InvalidInput(std::string(where) + ": no TABARI records (\"YYMMDD ID\" lines)");
  }
  *records = std::move(out);
  return Status::OK();
}

// ---- dictionaries -----------------------------------------------------------------------

// The event codes a verb dictionary uses that the CAMEO codebook lacks (the suites' test codes
// 222, 345, 903 ...), as codebook rows, so that the suites' patterns load.
std::string SuiteCodebookRows(const std::vector<std::string>& verb_contents,
                              const Codebook& codebook) {
  std::set<std::string> codes;
  for (const std::string& contents : verb_contents) {
    size_t pos = 0;
    while ((pos = contents.find('[', pos)) != std::string::npos) {
      const size_t end = contents.find(']', pos);
      if (end == std::string::npos) {
        break;
      }
      std::string_view inside(contents.data() + pos + 1, end - pos - 1);
      pos = end;
      size_t start = 0;
      while (true) {
        const size_t colon = inside.find(':', start);
        std::string_view code = TrimBlanks(inside.substr(start, colon - start));
        if ((code.size() == 3 || code.size() == 4) &&
            std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
            codebook.Find(code) == nullptr && code.substr(0, 2) >= "01" &&
            code.substr(0, 2) <= "20") {
          codes.insert(std::string(code));
        }
        if (colon == std::string_view::npos) {
          break;
        }
        start = colon + 1;
      }
    }
  }
  std::string rows = "code\tname\tgoldstein\tplover\n";
  for (const std::string& code : codes) {
    rows += code + "\tsuite test code\t0\t\n";
  }
  return rows;
}

// Sorts --dict files given without a kind: verb dictionaries (TABARI .verbs, PETRARCH verb
// blocks) go to the verb files, the rest stay actor files (format detected when loaded).
Status SortDictionaryFiles(DictionaryOptions* options) {
  std::vector<std::pair<std::string, DictionaryFormat>> actors;
  for (auto& [path, format] : options->actor_files) {
    if (format == DictionaryFormat::kAuto) {
      std::string contents;
      CASUS_RETURN_IF_ERROR(ReadFileToString(path, &contents));
      if (LooksLikeVerbFile(path, contents)) {
        options->verb_files.push_back(path);
        continue;
      }
    }
    actors.emplace_back(path, format);
  }
  options->actor_files = std::move(actors);
  return Status::OK();
}

std::vector<ValidationEvent> WithoutNullActors(std::vector<ValidationEvent> events) {
  std::erase_if(events,
                [](const ValidationEvent& e) { return e.source == "---" || e.target == "---"; });
  std::sort(events.begin(), events.end());
  events.erase(std::unique(events.begin(), events.end()), events.end());
  return events;
}

std::string Describe(const std::vector<ValidationEvent>& events) {
  if (events.empty()) {
    return "(none)";
  }
  std::string out;
  for (const ValidationEvent& e : events) {
    out += fmt::format("{}{}/{}/{}", out.empty() ? "" : " ", e.source,
                       e.target.empty() ? "-" : e.target, e.code);
  }
  return out;
}

}  // namespace

Status ReadValidationRecords(std::string_view where, std::string_view contents,
                             std::vector<ValidationRecord>* records) {
  std::string_view head = contents;
  while (!head.empty() && (head.front() == ' ' || head.front() == '\n' || head.front() == '\r' ||
                           head.front() == '\t' || head.front() == '\xEF' ||
                           head.front() == '\xBB' || head.front() == '\xBF')) {
    head.remove_prefix(1);
  }
  if (head.starts_with("<")) {
    return XmlRecordReader(where, contents).Read(records);
  }
  return ReadTabariRecords(where, contents, records);
}

std::string ValidationDate(std::string_view written) {
  written = TrimBlanks(written);
  if (!std::all_of(written.begin(), written.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return {};
  }
  int year = 0;
  std::string_view rest;
  if (written.size() == 8) {
    year = std::stoi(std::string(written.substr(0, 4)));
    rest = written.substr(4);
  } else if (written.size() == 6) {
    const int yy = std::stoi(std::string(written.substr(0, 2)));
    year = yy < 40 ? 2000 + yy : 1900 + yy;
    rest = written.substr(2);
  } else {
    return {};
  }
  const std::string iso = fmt::format("{:04d}-{}-{}", year, rest.substr(0, 2), rest.substr(2, 2));
  return Date::Parse(iso) ? iso : std::string();
}

bool RecordCodedRight(std::vector<ValidationEvent> expected,
                      std::vector<ValidationEvent> produced) {
  return WithoutNullActors(std::move(expected)) == WithoutNullActors(std::move(produced));
}

Status RunEvalPetrarch(const EvalPetrarchOptions& options, std::ostream* out, std::ostream* err) {
  std::string contents;
  CASUS_RETURN_IF_ERROR(ReadFileToString(options.records_path, &contents));
  std::vector<ValidationRecord> records;
  CASUS_RETURN_IF_ERROR(ReadValidationRecords(options.records_path, contents, &records));

  DictionaryOptions dicts = options.dictionaries;
  dicts.replace_shipped = true;
  CASUS_RETURN_IF_ERROR(SortDictionaryFiles(&dicts));
  const std::string data_dir = options.data_dir.empty() ? DefaultDataDir() : options.data_dir;
  Resources resources;
  CASUS_RETURN_IF_ERROR(Resources::Load(data_dir, &resources));
  if (!dicts.verb_files.empty()) {
    std::vector<std::string> verb_contents;
    for (const std::string& path : dicts.verb_files) {
      CASUS_RETURN_IF_ERROR(ReadFileToString(path, &verb_contents.emplace_back()));
    }
    auto codebook = std::make_shared<Codebook>();
    CASUS_RETURN_IF_ERROR(Codebook::Load(data_dir + "/cameo/codebook.tsv", codebook.get()));
    CASUS_RETURN_IF_ERROR(
        codebook->AddFile("suite codes", SuiteCodebookRows(verb_contents, *codebook)));
    resources.codebook = std::move(codebook);
  }
  CASUS_RETURN_IF_ERROR(ApplyDictionaryOptions(dicts, data_dir, &resources, out));
  Pipeline pipeline;
  CASUS_RETURN_IF_ERROR(BuildPipeline(DefaultStageNames(), resources, &pipeline));

  std::vector<Document> docs;
  std::vector<const ValidationRecord*> scored;
  for (const ValidationRecord& r : records) {
    if (!r.scored) {
      continue;
    }
    Document& doc = docs.emplace_back();
    doc.id = r.id;
    doc.text = r.text;
    doc.layers = kLayerText;
    if (std::optional<Date> date = Date::Parse(ValidationDate(r.date))) {
      doc.meta.published = *date;
      doc.meta.date_basis = "metadata";
    }
    scored.push_back(&r);
  }
  std::vector<Status> statuses;
  pipeline.RunBatch(docs, 0, &statuses);

  struct Tally {
    size_t records = 0;
    size_t right = 0;
  };
  std::map<std::string, Tally> by_category;
  std::vector<std::string> order;
  Tally total;
  size_t expected_events = 0;
  size_t produced_events = 0;
  size_t matched_events = 0;
  for (size_t i = 0; i < docs.size(); ++i) {
    const ValidationRecord& r = *scored[i];
    std::vector<ValidationEvent> produced;
    if (!statuses[i].ok()) {
      *err << "casus: " << statuses[i].WithContext(r.id).message() << '\n';
    } else {
      for (const Event& e : docs[i].events) {
        produced.push_back({e.source.code, e.target ? e.target->code : "", e.code});
      }
    }
    const std::vector<ValidationEvent> want = WithoutNullActors(r.expected);
    const std::vector<ValidationEvent> got = WithoutNullActors(produced);
    std::vector<ValidationEvent> both;
    std::set_intersection(want.begin(), want.end(), got.begin(), got.end(),
                          std::back_inserter(both));
    expected_events += want.size();
    produced_events += got.size();
    matched_events += both.size();
    const bool right = want == got;
    if (!by_category.contains(r.category)) {
      order.push_back(r.category);
    }
    Tally& t = by_category[r.category];
    ++t.records;
    ++total.records;
    t.right += right ? 1 : 0;
    total.right += right ? 1 : 0;
    if (!right && options.show_failures) {
      *out << fmt::format("wrong {} ({}): expected {}; casus {} | {}\n", r.id, r.category,
                          Describe(want), Describe(got), r.text);
    }
  }
  size_t skipped = records.size() - scored.size();
  *out << fmt::format("{}: {} records read, {} scored, {} left out\n",
                      std::filesystem::path(options.records_path).filename().string(),
                      records.size(), scored.size(), skipped);
  std::map<std::string, size_t> reasons;
  for (const ValidationRecord& r : records) {
    if (!r.scored) {
      ++reasons[r.skip_reason];
    }
  }
  for (const auto& [reason, n] : reasons) {
    *out << fmt::format("  left out: {} {}\n", n, reason);
  }
  auto share = [](size_t n, size_t d) { return d == 0 ? 0.0 : 100.0 * static_cast<double>(n) / d; };
  *out << fmt::format("{:<12} {:>7} {:>6} {:>7}\n", "category", "records", "right", "share");
  for (const std::string& c : order) {
    const Tally& t = by_category[c];
    *out << fmt::format("{:<12} {:>7} {:>6} {:>6.1f}%\n", c, t.records, t.right,
                        share(t.right, t.records));
  }
  const double p =
      produced_events == 0 ? 0.0 : static_cast<double>(matched_events) / produced_events;
  const double r =
      expected_events == 0 ? 0.0 : static_cast<double>(matched_events) / expected_events;
  const double f = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  *out << fmt::format("records={:.1f}% ({}/{}) events P={:.3f} R={:.3f} F1={:.3f}\n",
                      share(total.right, total.records), total.right, total.records, p, r, f);
  return Status::OK();
}

}  // namespace casus
