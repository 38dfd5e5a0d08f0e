// JSONL records: document lines and the metadata table.
#include <algorithm>
#include <nlohmann/json.hpp>

#include <cstring>

#include "core/utf8.h"
#include "ingest/ingest.h"
#include "ingest/ingest_internal.h"

namespace casus::ingest {
namespace {

// Keeps the input order of fields, so that DocumentMeta::extra comes out as written.
using Json = nlohmann::ordered_json;

// "[json.exception.parse_error.101] parse error at ..." → "parse error at ...".
std::string_view JsonErrorText(const char* what) {
  std::string_view text(what);
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find("] ");
    if (close != std::string_view::npos) {
      text.remove_prefix(close + 2);
    }
  }
  return text;
}

Status FieldError(std::string_view where, std::string_view field, std::string_view problem) {
  return Status::InvalidInput(std::string(where) + ": field \"" + std::string(field) + "\" " +
                              std::string(problem));
}

// A string field or null; anything else is an error.
Status OptionalString(std::string_view where, std::string_view name, Json* value,
                      std::string* out) {
  if (value->is_null()) {
    out->clear();
    return Status::OK();
  }
  if (!value->is_string()) {
    return FieldError(where, name, "must be a string");
  }
  *out = std::move(value->get_ref<std::string&>());
  return Status::OK();
}

Status DateField(std::string_view where, std::string_view name, const Json& value,
                 std::optional<Date>* out) {
  if (value.is_null()) {
    return Status::OK();
  }
  if (!value.is_string()) {
    return FieldError(where, name, "must be a date string (YYYY-MM-DD)");
  }
  const auto& text = value.get_ref<const std::string&>();
  if (text.empty()) {
    return Status::OK();
  }
  *out = Date::Parse(text);
  // The compact forms of the TABARI/PETRARCH record formats: YYYYMMDD and YYMMDD (years
  // 00-49 are 20xx, as in TABARI).
  const bool digits =
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!out->has_value() && digits && (text.size() == 8 || text.size() == 6)) {
    const std::string year =
        text.size() == 8 ? text.substr(0, 4) : (text[0] < '5' ? "20" : "19") + text.substr(0, 2);
    const std::string rest = text.substr(text.size() - 4);
    *out = Date::Parse(year + "-" + rest.substr(0, 2) + "-" + rest.substr(2, 2));
  }
  if (!out->has_value()) {
    return FieldError(where, name,
                      "is not a date (YYYY-MM-DD, YYYYMMDD or YYMMDD): \"" + text + "\"");
  }
  return Status::OK();
}

}  // namespace

Status ParseJsonRecord(std::string_view where, std::string_view line, size_t line_offset,
                       bool keep_extra, JsonRecord* record) {
  *record = JsonRecord{};
  Json json;
  try {
    json = Json::parse(line.begin(), line.end());
  } catch (const Json::exception& e) {
    // The parser checks UTF-8 itself; only a failed line is scanned again, for the byte offset.
    if (const auto bad = utf8::FindInvalid(line); bad.has_value()) {
      return Status::InvalidInput(std::string(where) + ": invalid UTF-8 at byte " +
                                  std::to_string(line_offset + *bad));
    }
    return Status::InvalidInput(std::string(where) + ": malformed JSON (" +
                                std::string(JsonErrorText(e.what())) + ")");
  }
  if (!json.is_object()) {
    return Status::InvalidInput(std::string(where) + ": expected a JSON object");
  }
  std::optional<Date> date;
  std::optional<Date> published;
  for (auto it = json.begin(); it != json.end(); ++it) {
    const std::string& key = it.key();
    Json& value = it.value();
    if (key == "id") {
      if (value.is_string()) {
        record->id = std::move(value.get_ref<std::string&>());
      } else if (value.is_number()) {
        record->id = value.dump();
      } else if (!value.is_null()) {
        return FieldError(where, key, "must be a string or a number");
      }
    } else if (key == "text") {
      if (!value.is_string()) {
        return FieldError(where, key, "must be a string");
      }
      record->text = std::move(value.get_ref<std::string&>());
      record->has_text = true;
    } else if (key == "date") {
      CASUS_RETURN_IF_ERROR(DateField(where, key, value, &date));
    } else if (key == "published") {
      CASUS_RETURN_IF_ERROR(DateField(where, key, value, &published));
    } else if (key == "title") {
      CASUS_RETURN_IF_ERROR(OptionalString(where, key, &value, &record->title));
    } else if (key == "publisher") {
      CASUS_RETURN_IF_ERROR(OptionalString(where, key, &value, &record->publisher));
    } else if (key == "url") {
      CASUS_RETURN_IF_ERROR(OptionalString(where, key, &value, &record->url));
    } else if (keep_extra) {
      record->extra.emplace_back(key, value.dump());
    }
  }
  record->date = date.has_value() ? date : published;
  return Status::OK();
}

}  // namespace casus::ingest

namespace casus {

Status LoadMetaTable(const std::string& path, MetaTable* table) {
  std::unique_ptr<ingest::ByteStream> stream;
  CASUS_RETURN_IF_ERROR(ingest::OpenFileStream(path, &stream));
  const std::string_view name(path);
  if (name.size() > 4 && name.substr(name.size() - 4) == ".zst") {
    stream = ingest::ZstdStream(path, std::move(stream));
  }
  // A metadata line is small; a huge one is a mistake, not a record.
  constexpr size_t kMaxLine = size_t{16} << 20;
  ingest::LineReader lines(std::move(stream), kMaxLine);
  ingest::LineReader::Line line;
  bool has_line = false;
  ingest::JsonRecord record;
  while (true) {
    CASUS_RETURN_IF_ERROR(lines.Next(&line, &has_line));
    if (!has_line) {
      break;
    }
    const std::string where = path + ":" + std::to_string(line.number);
    if (line.too_long) {
      return Status::InvalidInput(where + ": line too long");
    }
    std::string_view text = line.text;
    if (line.number == 1) {
      text.remove_prefix(ingest::BomLength(text));
    }
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) {
      continue;
    }
    const size_t offset = line.offset + (line.text.size() - text.size());
    CASUS_RETURN_IF_ERROR(
        ingest::ParseJsonRecord(where, text, offset, /*keep_extra=*/false, &record));
    if (record.id.empty()) {
      return Status::InvalidInput(where + ": missing \"id\"");
    }
    MetaRecord& meta = (*table)[record.id];
    meta.published = record.date;
    meta.title = std::move(record.title);
    meta.publisher = std::move(record.publisher);
    meta.url = std::move(record.url);
  }
  return Status::OK();
}

}  // namespace casus
