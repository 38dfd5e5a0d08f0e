#include "store/rows.h"

#include <string>

namespace casus::store_internal {
namespace {

Status SpanError(const Document& doc, std::string_view what, size_t index, uint32_t begin,
                 uint32_t end, std::string_view unit, size_t limit) {
  return Status::InvalidInput(
      "document " + doc.id + ": " + std::string(what) + " " + std::to_string(index) + " spans " +
      std::string(unit) + " [" + std::to_string(begin) + ", " + std::to_string(end) +
      ") outside the document (" + std::to_string(limit) + " " + std::string(unit) + ")");
}

Status CheckBytes(const Document& doc, ByteSpan span, std::string_view what, size_t index) {
  if (span.begin > span.end || span.end > doc.text.size()) {
    return SpanError(doc, what, index, span.begin, span.end, "bytes", doc.text.size());
  }
  return Status::OK();
}

void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (u < 0x20) {
          *out += "\\u00";
          out->push_back(kHex[u >> 4]);
          out->push_back(kHex[u & 0xf]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

}  // namespace

// Every span the store slices must lie inside the document, or Slice() would read past it.
Status ValidateDocument(const Document& doc) {
  if (doc.id.empty()) {
    return Status::InvalidInput("a document without an id cannot be stored");
  }
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    CASUS_RETURN_IF_ERROR(CheckBytes(doc, doc.sentences[i].bytes, "sentence", i));
  }
  for (size_t i = 0; i < doc.mentions.size(); ++i) {
    const TokenSpan tokens = doc.mentions[i].tokens;
    if (tokens.begin > tokens.end || tokens.end > doc.tokens.size()) {
      return SpanError(doc, "mention", i, tokens.begin, tokens.end, "tokens", doc.tokens.size());
    }
    CASUS_RETURN_IF_ERROR(CheckBytes(doc, doc.TokenBytes(tokens), "mention", i));
  }
  for (size_t i = 0; i < doc.events.size(); ++i) {
    const Event& event = doc.events[i];
    CASUS_RETURN_IF_ERROR(CheckBytes(doc, event.source.text, "event source", i));
    if (event.target) {
      CASUS_RETURN_IF_ERROR(CheckBytes(doc, event.target->text, "event target", i));
    }
    CASUS_RETURN_IF_ERROR(CheckBytes(doc, event.trigger, "event trigger", i));
  }
  for (size_t i = 0; i < doc.quotes.size(); ++i) {
    CASUS_RETURN_IF_ERROR(CheckBytes(doc, doc.quotes[i].text, "quote", i));
    CASUS_RETURN_IF_ERROR(CheckBytes(doc, doc.quotes[i].speaker, "quote speaker", i));
  }
  for (size_t i = 0; i < doc.places.size(); ++i) {
    CASUS_RETURN_IF_ERROR(CheckBytes(doc, doc.places[i].mention, "place", i));
  }
  return Status::OK();
}

std::string ColumnList(std::span<const std::string_view> columns) {
  std::string list;
  for (const std::string_view column : columns) {
    if (!list.empty()) {
      list += ", ";
    }
    list += column;
  }
  return list;
}

std::string InsertSql(std::string_view table, std::span<const std::string_view> columns) {
  std::string sql = "INSERT INTO " + std::string(table) + " (" + ColumnList(columns) + ") VALUES (";
  for (size_t i = 0; i < columns.size(); ++i) {
    sql += (i == 0 ? "?" : ", ?") + std::to_string(i + 1);
  }
  sql += ")";
  return sql;
}

std::string RemovedJson(const DocumentMeta& meta) {
  if (meta.removed.empty()) {
    return {};
  }
  std::string removed = "[";
  for (const std::string& line : meta.removed) {
    if (removed.size() > 1) {
      removed += ", ";
    }
    AppendJsonString(line, &removed);
  }
  removed += "]";
  return removed;
}

std::string ExtraJson(const DocumentMeta& meta) {
  if (meta.extra.empty()) {
    return {};
  }
  std::string json = "{";
  for (const auto& [name, value] : meta.extra) {
    if (json.size() > 1) {
      json += ", ";
    }
    AppendJsonString(name, &json);
    json += ": ";
    json += value.empty() ? std::string_view("null") : std::string_view(value);
  }
  json += "}";
  return json;
}

std::optional<std::string> PrefixUpperBound(std::string_view prefix) {
  std::string bound(prefix);
  while (!bound.empty() && static_cast<unsigned char>(bound.back()) == 0xff) {
    bound.pop_back();
  }
  if (bound.empty()) {
    return std::nullopt;
  }
  bound.back() = static_cast<char>(static_cast<unsigned char>(bound.back()) + 1);
  return bound;
}

std::string_view StatsGroupSql(StatsGroup group) {
  switch (group) {
    case StatsGroup::kNone:
      break;
    case StatsGroup::kDyad:
      return "e.source_code || '-' || coalesce(e.target_code, '')";
    case StatsGroup::kSource:
      return "e.source_code";
    case StatsGroup::kTarget:
      return "coalesce(e.target_code, '')";
    case StatsGroup::kRoot:
      return "e.root";
    case StatsGroup::kQuad:
      return "CAST(e.quad AS TEXT)";
    case StatsGroup::kCountry:
      return "substr(e.source_code, 1, 3)";
  }
  return "''";
}

}  // namespace casus::store_internal
