#include "output/export.h"

#include <array>
#include <cstdio>
#include <iterator>
#include <string>

#include "output/output.h"

namespace casus::output {
namespace {

// CAMEO 1.1b3 agent (type) codes, the sector codes casus's dictionaries use, and the
// organisation classes that open a known-group code (IGOUNO).
constexpr std::array<std::string_view, 40> kTypeCodes = {
    "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV",
    "HLH", "HRI", "IGO", "IMG", "INS", "JUD", "LAB", "LEG", "MED", "MIL",
    "MNC", "MOD", "NGM", "NGO", "OPP", "PKO", "PTY", "RAD", "REB", "REF",
    "SEP", "SET", "SPY", "UAF", "UNK", "USM", "YTH", "WAR", "PRE", "RES"};
// CAMEO 1.1b3 religion codes (first and second level).
constexpr std::array<std::string_view, 30> kReligionCodes = {
    "ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT", "CTH", "DOX",
    "DRZ", "HIN", "HSD", "ITR", "JAN", "JEW", "JHW", "LDS", "MOS", "MRN",
    "NRM", "ORT", "PAG", "PRO", "SFI", "SHI", "SHN", "SIK", "SUN", "ZRO"};

template <size_t N>
bool Contains(const std::array<std::string_view, N>& set, std::string_view chunk) {
  for (std::string_view s : set) {
    if (s == chunk) {
      return true;
    }
  }
  return false;
}

// A field of a tab-separated row: tabs and line breaks become spaces.
void AppendTsvField(std::string_view field, std::string* out) {
  for (char c : field) {
    out->push_back(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
  }
}

std::string NumberText(double value) {
  std::string s;
  AppendJsonNumber(value, &s);
  return s;
}

// "YYYY-MM-DD…" → "YYYYMMDD"; a month or year is read as its first day. "" when not a date.
std::string CompactDay(std::string_view date) {
  if (date.size() < 4) {
    return {};
  }
  std::string out(date.substr(0, 4));
  out += date.size() >= 7 ? date.substr(5, 2) : std::string_view("01");
  out += date.size() >= 10 ? date.substr(8, 2) : std::string_view("01");
  return out;
}

// The event's date, falling back to the document's publication date.
std::string_view EventDate(const StoredEvent& e) {
  return e.event.date.empty() ? std::string_view(e.published) : std::string_view(e.event.date);
}

void AppendActorJson(std::string_view code, std::string_view text, std::string* out) {
  const ActorParts parts = SplitActorCode(code);
  out->append("[{\"code\":");
  AppendJsonString(parts.country.empty() ? (parts.known_group.empty() ? code : parts.known_group)
                                         : parts.country,
                   out);
  out->append(",\"sector\":");
  if (parts.type1.empty()) {
    out->append("null");
  } else {
    AppendJsonString(parts.type1, out);
  }
  out->append(",\"cameo_code\":");
  AppendJsonString(code, out);
  out->append(",\"entity_text\":");
  AppendJsonString(text, out);
  out->append("}]");
}

void AppendKey(std::string_view key, std::string* out) {
  out->push_back(',');
  AppendJsonString(key, out);
  out->push_back(':');
}

void AppendStringOrNull(std::string_view s, std::string* out) {
  if (s.empty()) {
    out->append("null");
  } else {
    AppendJsonString(s, out);
  }
}

void AppendCounts(const StoredEvent& s, std::string* out) {
  AppendKey("num_mentions", out);
  out->append(std::to_string(s.num_mentions));
  AppendKey("num_sources", out);
  out->append(std::to_string(s.num_sources));
  AppendKey("num_articles", out);
  out->append(std::to_string(s.num_articles));
}

}  // namespace

Status ParseExportFormat(std::string_view name, ExportFormat* format) {
  if (name == "jsonl" || name == "json") {
    *format = ExportFormat::kJsonl;
  } else if (name == "csv") {
    *format = ExportFormat::kCsv;
  } else if (name == "gdelt") {
    *format = ExportFormat::kGdelt;
  } else if (name == "plover") {
    *format = ExportFormat::kPlover;
  } else {
    return Status::InvalidInput("unknown export format '" + std::string(name) +
                                "' (expected jsonl, csv, gdelt or plover)");
  }
  return Status::OK();
}

const std::vector<std::string_view>& GdeltColumns() {
  static const std::vector<std::string_view> kColumns = {"GlobalEventID",
                                                         "Day",
                                                         "MonthYear",
                                                         "Year",
                                                         "FractionDate",
                                                         "Actor1Code",
                                                         "Actor1Name",
                                                         "Actor1CountryCode",
                                                         "Actor1KnownGroupCode",
                                                         "Actor1EthnicCode",
                                                         "Actor1Religion1Code",
                                                         "Actor1Religion2Code",
                                                         "Actor1Type1Code",
                                                         "Actor1Type2Code",
                                                         "Actor1Type3Code",
                                                         "Actor2Code",
                                                         "Actor2Name",
                                                         "Actor2CountryCode",
                                                         "Actor2KnownGroupCode",
                                                         "Actor2EthnicCode",
                                                         "Actor2Religion1Code",
                                                         "Actor2Religion2Code",
                                                         "Actor2Type1Code",
                                                         "Actor2Type2Code",
                                                         "Actor2Type3Code",
                                                         "IsRootEvent",
                                                         "EventCode",
                                                         "EventBaseCode",
                                                         "EventRootCode",
                                                         "QuadClass",
                                                         "GoldsteinScale",
                                                         "NumMentions",
                                                         "NumSources",
                                                         "NumArticles",
                                                         "AvgTone",
                                                         "Actor1Geo_Type",
                                                         "Actor1Geo_FullName",
                                                         "Actor1Geo_CountryCode",
                                                         "Actor1Geo_ADM1Code",
                                                         "Actor1Geo_Lat",
                                                         "Actor1Geo_Long",
                                                         "Actor1Geo_FeatureID",
                                                         "Actor2Geo_Type",
                                                         "Actor2Geo_FullName",
                                                         "Actor2Geo_CountryCode",
                                                         "Actor2Geo_ADM1Code",
                                                         "Actor2Geo_Lat",
                                                         "Actor2Geo_Long",
                                                         "Actor2Geo_FeatureID",
                                                         "ActionGeo_Type",
                                                         "ActionGeo_FullName",
                                                         "ActionGeo_CountryCode",
                                                         "ActionGeo_ADM1Code",
                                                         "ActionGeo_Lat",
                                                         "ActionGeo_Long",
                                                         "ActionGeo_FeatureID",
                                                         "DATEADDED",
                                                         "SOURCEURL"};
  return kColumns;
}

const std::vector<std::string_view>& ExportCsvColumns() {
  static const std::vector<std::string_view> kColumns = [] {
    std::vector<std::string_view> columns = {"id", "cluster_id"};
    const std::vector<std::string_view>& base = CsvColumns();
    columns.insert(columns.end(), base.begin(), base.end());
    for (std::string_view c :
         {"url", "publisher", "published", "num_mentions", "num_sources", "num_articles"}) {
      columns.push_back(c);
    }
    return columns;
  }();
  return kColumns;
}

ActorParts SplitActorCode(std::string_view code) {
  ActorParts parts;
  for (size_t i = 0; i + 3 <= code.size(); i += 3) {
    const std::string_view chunk = code.substr(i, 3);
    if (Contains(kTypeCodes, chunk)) {
      std::string* slot = parts.type1.empty()   ? &parts.type1
                          : parts.type2.empty() ? &parts.type2
                                                : &parts.type3;
      if (slot->empty()) {
        *slot = chunk;
      }
    } else if (Contains(kReligionCodes, chunk)) {
      std::string* slot = parts.religion1.empty() ? &parts.religion1 : &parts.religion2;
      if (slot->empty()) {
        *slot = chunk;
      }
    } else if (i == 0) {
      parts.country = chunk;
    } else if (parts.known_group.empty()) {
      parts.known_group = chunk;
    }
  }
  return parts;
}

std::string EventToGdelt(const StoredEvent& s) {
  const EventRecord& e = s.event;
  std::vector<std::string> f(GdeltColumns().size());
  f[0] = std::to_string(s.id);
  const std::string day = CompactDay(EventDate(s));
  if (!day.empty()) {
    f[1] = day;
    f[2] = day.substr(0, 6);
    f[3] = day.substr(0, 4);
    const int year = std::stoi(day.substr(0, 4));
    const int month = std::stoi(day.substr(4, 2));
    const int mday = std::stoi(day.substr(6, 2));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", year + (month * 30 + mday) / 365.0);
    f[4] = buf;
  }
  auto actor = [&f](size_t first, std::string_view code, std::string_view name) {
    if (code.empty()) {
      return;
    }
    const ActorParts p = SplitActorCode(code);
    f[first] = code;
    f[first + 1] = name;
    f[first + 2] = p.country;
    f[first + 3] = p.known_group;
    // first + 4: EthnicCode, unknown to casus
    f[first + 5] = p.religion1;
    f[first + 6] = p.religion2;
    f[first + 7] = p.type1;
    f[first + 8] = p.type2;
    f[first + 9] = p.type3;
  };
  actor(5, e.source_code, e.source_text);
  if (e.has_target) {
    actor(15, e.target_code, e.target_text);
  }
  f[25] = s.is_root ? "1" : "0";
  f[26] = e.code;
  f[27] = e.code.size() > 3 ? e.code.substr(0, 3) : e.code;
  f[28] = e.root;
  f[29] = std::to_string(e.quad);
  f[30] = NumberText(e.goldstein);
  f[31] = std::to_string(s.num_mentions);
  f[32] = std::to_string(s.num_sources);
  f[33] = std::to_string(s.num_articles);
  // 34 AvgTone and the actors' geography (35-48) are unknown to casus. ActionGeo (49-55): the
  // event's location; the country is ISO 3166-1 alpha-2 (GDELT uses FIPS 10-4) and the feature
  // id a GeoNames id.
  if (e.location) {
    const EventLocation& l = *e.location;
    const bool us = l.country == "US";
    f[49] = l.feature == "country"  ? "1"
            : l.feature == "admin1" ? (us ? "2" : "5")
                                    : (us ? "3" : "4");
    f[50] = l.name;
    if (!l.admin1.empty() && l.feature != "admin1" && l.feature != "country") {
      f[50] += ", " + l.admin1;
    }
    f[51] = l.country;
    f[52] = l.feature == "country" ? l.country : "";
    if (l.has_coords) {
      f[53] = NumberText(l.lat);
      f[54] = NumberText(l.lon);
    }
    f[55] = l.geonames_id != 0 ? std::to_string(l.geonames_id) : "";
  }
  f[56] = CompactDay(s.coded_at);
  f[57] = s.url;
  std::string line;
  for (size_t i = 0; i < f.size(); ++i) {
    if (i > 0) {
      line.push_back('\t');
    }
    AppendTsvField(f[i], &line);
  }
  return line;
}

std::string EventToPlover(const StoredEvent& s, std::string_view coder) {
  const EventRecord& e = s.event;
  std::string out = "{\"id\":";
  AppendJsonString("casus-" + std::to_string(s.id), &out);
  AppendKey("date", &out);
  const std::string_view date = EventDate(s);
  if (date.size() == 10) {
    AppendJsonString(date, &out);
  } else if (date.empty()) {
    out.append("null");
  } else {
    AppendJsonString(std::string(date.substr(0, 4)) +
                         (date.size() >= 7 ? std::string(date.substr(4, 3)) : "-01") + "-01",
                     &out);
  }
  AppendKey("date_precision", &out);
  AppendStringOrNull(e.date_precision, &out);
  AppendKey("actor", &out);
  AppendActorJson(e.source_code, e.source_text, &out);
  AppendKey("recipient", &out);
  if (e.has_target) {
    AppendActorJson(e.target_code, e.target_text, &out);
  } else {
    out.append("[]");
  }
  AppendKey("event", &out);
  if (e.plover.empty()) {
    out.append("[]");
  } else {
    out.push_back('[');
    AppendJsonString(e.plover, &out);
    out.push_back(']');
  }
  AppendKey("cameo_code", &out);
  AppendJsonString(e.code, &out);
  AppendKey("quad_code", &out);
  out.append(std::to_string(e.quad));
  AppendKey("event_scale", &out);
  AppendJsonNumber(e.goldstein, &out);
  AppendKey("event_text", &out);
  out.push_back('[');
  AppendJsonString(e.trigger, &out);
  out.push_back(']');
  AppendKey("text", &out);
  AppendJsonString(e.sentence, &out);
  AppendKey("geolocation", &out);
  if (!e.location) {
    out.append("null");
  } else {
    const EventLocation& l = *e.location;
    out.append("{\"name\":");
    AppendJsonString(l.name, &out);
    out.append(",\"country_code\":");
    AppendJsonString(l.country, &out);
    out.append(",\"admin1\":");
    AppendStringOrNull(l.admin1, &out);
    out.append(",\"lat\":");
    if (l.has_coords) {
      AppendJsonNumber(l.lat, &out);
    } else {
      out.append("null");
    }
    out.append(",\"lon\":");
    if (l.has_coords) {
      AppendJsonNumber(l.lon, &out);
    } else {
      out.append("null");
    }
    out.append(",\"geonames_id\":");
    out.append(l.geonames_id != 0 ? std::to_string(l.geonames_id) : "null");
    out.append(",\"feature\":");
    AppendJsonString(l.feature, &out);
    out.push_back('}');
  }
  AppendKey("cite_info", &out);
  out.append("{\"doc_id\":");
  AppendJsonString(e.doc_id, &out);
  out.append(",\"url\":");
  AppendStringOrNull(s.url, &out);
  out.append(",\"publisher\":");
  AppendStringOrNull(s.publisher, &out);
  out.append(",\"published\":");
  AppendStringOrNull(s.published, &out);
  out.append("}");
  AppendKey("link", &out);
  if (s.cluster_id == 0) {
    out.append("null");
  } else {
    AppendJsonString("casus-cluster-" + std::to_string(s.cluster_id), &out);
  }
  AppendCounts(s, &out);
  AppendKey("coder", &out);
  AppendJsonString(coder, &out);
  AppendKey("coded_date", &out);
  AppendStringOrNull(s.coded_at.substr(0, std::min<size_t>(10, s.coded_at.size())), &out);
  out.push_back('}');
  return out;
}

std::string EventToExportJson(const StoredEvent& s) {
  std::string out = EventToJson(s.event);
  out.pop_back();  // the closing brace
  AppendKey("id", &out);
  out.append(std::to_string(s.id));
  AppendKey("cluster_id", &out);
  out.append(s.cluster_id == 0 ? "null" : std::to_string(s.cluster_id));
  AppendKey("url", &out);
  AppendStringOrNull(s.url, &out);
  AppendKey("publisher", &out);
  AppendStringOrNull(s.publisher, &out);
  AppendKey("published", &out);
  AppendStringOrNull(s.published, &out);
  AppendCounts(s, &out);
  out.push_back('}');
  return out;
}

ExportWriter::ExportWriter(std::ostream* out, ExportFormat format, std::string coder)
    : out_(out), format_(format), coder_(std::move(coder)) {}

void ExportWriter::WriteHeaderIfNeeded() {
  if (header_written_ || format_ != ExportFormat::kCsv) {
    return;
  }
  header_written_ = true;
  std::string line;
  for (size_t i = 0; i < ExportCsvColumns().size(); ++i) {
    if (i > 0) {
      line.push_back(',');
    }
    line.append(ExportCsvColumns()[i]);
  }
  *out_ << line << '\n';
}

void ExportWriter::Write(const StoredEvent& s) {
  ++count_;
  switch (format_) {
    case ExportFormat::kJsonl:
      *out_ << EventToExportJson(s) << '\n';
      return;
    case ExportFormat::kGdelt:
      *out_ << EventToGdelt(s) << '\n';
      return;
    case ExportFormat::kPlover:
      *out_ << EventToPlover(s, coder_) << '\n';
      return;
    case ExportFormat::kCsv: {
      WriteHeaderIfNeeded();
      std::vector<std::string> fields = {
          std::to_string(s.id), s.cluster_id == 0 ? std::string() : std::to_string(s.cluster_id)};
      for (std::string& f : CsvFields(s.event)) {
        fields.push_back(std::move(f));
      }
      for (std::string f : {s.url, s.publisher, s.published, std::to_string(s.num_mentions),
                            std::to_string(s.num_sources), std::to_string(s.num_articles)}) {
        fields.push_back(std::move(f));
      }
      line_.clear();
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
          line_.push_back(',');
        }
        AppendCsvField(fields[i], &line_);
      }
      *out_ << line_ << '\n';
      return;
    }
  }
}

void ExportWriter::Finish() {
  WriteHeaderIfNeeded();
  out_->flush();
}

}  // namespace casus::output
