#include "output/output.h"

#include <cmath>
#include <cstdio>

#include "output/export.h"

namespace casus::output {

Status ParseEventFormat(std::string_view name, EventFormat* format) {
  if (name == "jsonl" || name == "json") {
    *format = EventFormat::kJsonl;
  } else if (name == "csv") {
    *format = EventFormat::kCsv;
  } else if (name == "table") {
    *format = EventFormat::kTable;
  } else {
    return Status::InvalidInput("unknown format '" + std::string(name) +
                                "' (expected jsonl, csv or table)");
  }
  return Status::OK();
}

void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

void AppendJsonNumber(double value, std::string* out) {
  if (!std::isfinite(value)) {
    out->append("null");
    return;
  }
  char buf[32];
  const double rounded = std::round(value * 10000.0) / 10000.0;
  std::snprintf(buf, sizeof buf, "%.4f", rounded == 0.0 ? 0.0 : rounded);
  // Trim trailing zeros but keep one digit after the point ("7.0", "0.85", "-9.5").
  std::string_view text(buf);
  size_t end = text.size();
  while (end > 0 && text[end - 1] == '0') {
    --end;
  }
  if (end > 0 && text[end - 1] == '.') {
    ++end;
  }
  out->append(text.substr(0, end));
}

void AppendCsvField(std::string_view field, std::string* out) {
  if (field.find_first_of(",\"\n\r") == std::string_view::npos) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') {
      out->push_back('"');
    }
    out->push_back(c);
  }
  out->push_back('"');
}

std::string CsvLine(std::span<const std::string_view> fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) {
      line.push_back(',');
    }
    AppendCsvField(fields[i], &line);
  }
  return line;
}

// Cuts `s` to at most `width` code points, marking the cut with "…".
std::string Fit(std::string_view s, size_t width) {
  std::string out;
  size_t points = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (points == width) {
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) {
          out.pop_back();
        }
        if (!out.empty()) {
          out.pop_back();
        }
        out.append("…");
        return out;
      }
      ++points;
    }
    out.push_back(static_cast<char>(c));
  }
  out.append(width - points, ' ');
  return out;
}

namespace {

void AppendKey(std::string_view key, std::string* out) {
  out->push_back(',');
  AppendJsonString(key, out);
  out->push_back(':');
}

// {"code","text","country","agents","entry","inferred"}: the code and what it is made of, so
// that a user can filter by country or role and audit which dictionary entry gave it.
void AppendActor(std::string_view code, std::string_view text, std::string_view entry,
                 std::string* out) {
  const ActorParts parts = SplitActorCode(code);
  out->append("{\"code\":");
  AppendJsonString(code, out);
  out->append(",\"text\":");
  AppendJsonString(text, out);
  out->append(",\"country\":");
  if (parts.country.empty()) {
    out->append("null");
  } else {
    AppendJsonString(parts.country, out);
  }
  out->append(",\"agents\":[");
  bool first = true;
  for (const std::string* agent : {&parts.type1, &parts.type2, &parts.type3}) {
    if (!agent->empty()) {
      if (!first) {
        out->push_back(',');
      }
      AppendJsonString(*agent, out);
      first = false;
    }
  }
  out->append("],\"entry\":");
  if (entry.empty()) {
    out->append("null");
  } else {
    AppendJsonString(entry, out);
  }
  out->append(",\"inferred\":");
  out->append(entry.starts_with("inferred:") ? "true" : "false");
  out->push_back('}');
}

void AppendSpan(uint32_t begin, uint32_t end, std::string* out) {
  out->push_back('[');
  out->append(std::to_string(begin));
  out->push_back(',');
  out->append(std::to_string(end));
  out->push_back(']');
}

std::string NumberText(double value) {
  std::string s;
  AppendJsonNumber(value, &s);
  return s;
}

}  // namespace

std::string EventToJson(const EventRecord& e) {
  std::string out;
  out.reserve(256 + e.sentence.size());
  out.append("{\"doc_id\":");
  AppendJsonString(e.doc_id, &out);
  AppendKey("sentence_index", &out);
  out.append(std::to_string(e.sentence_index));
  AppendKey("sentence", &out);
  AppendJsonString(e.sentence, &out);
  AppendKey("source", &out);
  AppendActor(e.source_code, e.source_text, e.source_entry, &out);
  AppendKey("target", &out);
  if (e.has_target) {
    AppendActor(e.target_code, e.target_text, e.target_entry, &out);
  } else {
    out.append("null");
  }
  AppendKey("code", &out);
  AppendJsonString(e.code, &out);
  AppendKey("root", &out);
  AppendJsonString(e.root, &out);
  AppendKey("quad", &out);
  out.append(std::to_string(e.quad));
  AppendKey("goldstein", &out);
  AppendJsonNumber(e.goldstein, &out);
  AppendKey("plover", &out);
  if (e.plover.empty()) {
    out.append("null");
  } else {
    AppendJsonString(e.plover, &out);
  }
  AppendKey("date", &out);
  if (e.date.empty()) {
    out.append("null");
  } else {
    AppendJsonString(e.date, &out);
  }
  AppendKey("date_precision", &out);
  if (e.date_precision.empty()) {
    out.append("null");
  } else {
    AppendJsonString(e.date_precision, &out);
  }
  AppendKey("date_basis", &out);
  AppendJsonString(e.date_basis, &out);
  AppendKey("trigger", &out);
  AppendJsonString(e.trigger, &out);
  AppendKey("pattern", &out);
  AppendJsonString(e.pattern, &out);
  AppendKey("confidence", &out);
  AppendJsonNumber(e.confidence, &out);
  AppendKey("sentence_span", &out);
  AppendSpan(e.sentence_begin, e.sentence_end, &out);
  AppendKey("trigger_span", &out);
  AppendSpan(e.trigger_begin, e.trigger_end, &out);
  AppendKey("reported", &out);
  out.append((e.flags & kEventReported) != 0 ? "true" : "false");
  AppendKey("location", &out);
  if (!e.location) {
    out.append("null");
  } else {
    const EventLocation& l = *e.location;
    out.push_back('{');
    out.append("\"name\":");
    AppendJsonString(l.name, &out);
    AppendKey("feature", &out);
    AppendJsonString(l.feature, &out);
    AppendKey("country", &out);
    AppendJsonString(l.country, &out);
    AppendKey("admin1", &out);
    if (l.admin1.empty()) {
      out.append("null");
    } else {
      AppendJsonString(l.admin1, &out);
    }
    AppendKey("lat", &out);
    if (l.has_coords) {
      AppendJsonNumber(l.lat, &out);
    } else {
      out.append("null");
    }
    AppendKey("lon", &out);
    if (l.has_coords) {
      AppendJsonNumber(l.lon, &out);
    } else {
      out.append("null");
    }
    AppendKey("geonames_id", &out);
    out.append(l.geonames_id != 0 ? std::to_string(l.geonames_id) : "null");
    AppendKey("basis", &out);
    AppendJsonString(l.basis, &out);
    out.push_back('}');
  }
  out.push_back('}');
  return out;
}

const std::vector<std::string_view>& CsvColumns() {
  static const std::vector<std::string_view> kColumns = {"doc_id",
                                                         "sentence_index",
                                                         "source_code",
                                                         "source_text",
                                                         "target_code",
                                                         "target_text",
                                                         "code",
                                                         "root",
                                                         "quad",
                                                         "goldstein",
                                                         "plover",
                                                         "date",
                                                         "date_precision",
                                                         "trigger",
                                                         "pattern",
                                                         "confidence",
                                                         "sentence",
                                                         "location_name",
                                                         "location_country",
                                                         "location_admin1",
                                                         "location_lat",
                                                         "location_lon",
                                                         "location_geonames_id"};
  return kColumns;
}

std::vector<std::string> CsvFields(const EventRecord& e) {
  return {e.doc_id,
          std::to_string(e.sentence_index),
          e.source_code,
          e.source_text,
          e.has_target ? e.target_code : std::string(),
          e.has_target ? e.target_text : std::string(),
          e.code,
          e.root,
          std::to_string(e.quad),
          NumberText(e.goldstein),
          e.plover,
          e.date,
          e.date_precision,
          e.trigger,
          e.pattern,
          NumberText(e.confidence),
          e.sentence,
          e.location ? e.location->name : std::string(),
          e.location ? e.location->country : std::string(),
          e.location ? e.location->admin1 : std::string(),
          e.location && e.location->has_coords ? NumberText(e.location->lat) : std::string(),
          e.location && e.location->has_coords ? NumberText(e.location->lon) : std::string(),
          e.location && e.location->geonames_id != 0 ? std::to_string(e.location->geonames_id)
                                                     : std::string()};
}

EventWriter::EventWriter(std::ostream* out, EventFormat format) : out_(out), format_(format) {}

void EventWriter::WriteHeaderIfNeeded() {
  if (header_written_) {
    return;
  }
  header_written_ = true;
  if (format_ == EventFormat::kCsv) {
    *out_ << CsvLine(CsvColumns()) << '\n';
  } else if (format_ == EventFormat::kTable) {
    *out_ << Fit("doc", 10) << ' ' << Fit("sent", 4) << ' ' << Fit("date", 10) << ' '
          << Fit("source", 12) << ' ' << Fit("target", 12) << ' ' << Fit("code", 5) << ' '
          << Fit("trigger", 24) << ' ' << "sentence\n";
  }
}

void EventWriter::Write(const EventRecord& e) {
  ++count_;
  switch (format_) {
    case EventFormat::kJsonl:
      *out_ << EventToJson(e) << '\n';
      return;
    case EventFormat::kCsv: {
      WriteHeaderIfNeeded();
      line_.clear();
      const std::vector<std::string> fields = CsvFields(e);
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
          line_.push_back(',');
        }
        AppendCsvField(fields[i], &line_);
      }
      *out_ << line_ << '\n';
      return;
    }
    case EventFormat::kTable:
      WriteHeaderIfNeeded();
      *out_ << Fit(e.doc_id, 10) << ' ' << Fit(std::to_string(e.sentence_index), 4) << ' '
            << Fit(e.date, 10) << ' ' << Fit(e.source_code, 12) << ' '
            << Fit(e.has_target ? e.target_code : "-", 12) << ' ' << Fit(e.code, 5) << ' '
            << Fit(e.trigger, 24) << ' ' << Fit(e.sentence, 60) << '\n';
      return;
  }
}

void EventWriter::Finish() {
  if (format_ == EventFormat::kCsv) {
    WriteHeaderIfNeeded();
  }
  out_->flush();
}

}  // namespace casus::output
