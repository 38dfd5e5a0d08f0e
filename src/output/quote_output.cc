#include "output/quote_output.h"

#include <array>
#include <string_view>

namespace casus::output {
namespace {

void AppendField(std::string_view key, std::string_view value, std::string* out) {
  out->push_back(',');
  AppendJsonString(key, out);
  out->push_back(':');
  if (value.empty()) {
    out->append("null");
  } else {
    AppendJsonString(value, out);
  }
}

}  // namespace

std::string QuoteToJson(const QuoteRecord& q) {
  std::string out = "{\"doc_id\":";
  AppendJsonString(q.doc_id, &out);
  out.append(",\"index\":").append(std::to_string(q.index));
  out.append(",\"sentence\":").append(std::to_string(q.sentence));
  out.append(",\"kind\":").append(q.direct ? "\"direct\"" : "\"indirect\"");
  out.append(",\"span\":[")
      .append(std::to_string(q.begin))
      .append(",")
      .append(std::to_string(q.end))
      .append("]");
  out.append(",\"text\":");
  AppendJsonString(q.text, &out);
  AppendField("speaker", q.speaker, &out);
  AppendField("speaker_code", q.speaker_code, &out);
  AppendField("attribution", q.attribution, &out);
  AppendField("cue", q.cue, &out);
  AppendField("addressee", q.addressee, &out);
  AppendField("addressee_code", q.addressee_code, &out);
  AppendField("published", q.published, &out);
  out.push_back('}');
  return out;
}

const std::vector<std::string_view>& QuoteCsvColumns() {
  static const std::vector<std::string_view> columns = {
      "doc_id", "index",     "sentence",       "kind",         "begin",
      "end",    "text",      "speaker",        "speaker_code", "attribution",
      "cue",    "addressee", "addressee_code", "published"};
  return columns;
}

void QuoteWriter::WriteHeaderIfNeeded() {
  if (header_written_) {
    return;
  }
  header_written_ = true;
  if (format_ == EventFormat::kCsv) {
    *out_ << CsvLine(QuoteCsvColumns()) << '\n';
  } else if (format_ == EventFormat::kTable) {
    *out_ << Fit("doc", 10) << ' ' << Fit("kind", 8) << ' ' << Fit("speaker", 26) << ' '
          << Fit("code", 8) << ' ' << Fit("to", 18) << ' ' << "text\n";
  }
}

void QuoteWriter::Write(const QuoteRecord& q) {
  ++count_;
  switch (format_) {
    case EventFormat::kJsonl:
      *out_ << QuoteToJson(q) << '\n';
      return;
    case EventFormat::kCsv: {
      WriteHeaderIfNeeded();
      const std::array<std::string, 14> values = {q.doc_id,
                                                  std::to_string(q.index),
                                                  std::to_string(q.sentence),
                                                  q.direct ? "direct" : "indirect",
                                                  std::to_string(q.begin),
                                                  std::to_string(q.end),
                                                  q.text,
                                                  q.speaker,
                                                  q.speaker_code,
                                                  q.attribution,
                                                  q.cue,
                                                  q.addressee,
                                                  q.addressee_code,
                                                  q.published};
      const std::array<std::string_view, 14> fields = {
          values[0], values[1], values[2], values[3],  values[4],  values[5],  values[6],
          values[7], values[8], values[9], values[10], values[11], values[12], values[13]};
      line_ = CsvLine(fields);
      *out_ << line_ << '\n';
      return;
    }
    case EventFormat::kTable: {
      WriteHeaderIfNeeded();
      const std::string& speaker = q.speaker.empty() ? q.attribution : q.speaker;
      *out_ << Fit(q.doc_id, 10) << ' ' << Fit(q.direct ? "direct" : "indirect", 8) << ' '
            << Fit(speaker.empty() ? "?" : speaker, 26) << ' '
            << Fit(q.speaker_code.empty() ? "-" : q.speaker_code, 8) << ' '
            << Fit(q.addressee.empty() ? "-" : q.addressee, 18) << ' ' << q.text << '\n';
      return;
    }
  }
}

void QuoteWriter::Finish() {
  if (format_ != EventFormat::kJsonl) {
    WriteHeaderIfNeeded();
  }
  out_->flush();
}

}  // namespace casus::output
