// DocumentReader: the list of sources and the loop that turns them into Documents.
#include "ingest/ingest.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <system_error>

#include "ingest/ingest_internal.h"

namespace casus {
namespace {

namespace fs = std::filesystem;

enum class Format { kText, kHtml, kJsonl };

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

// The format a file name announces; false when the extension is not one ingest knows.
bool FormatOf(std::string_view path, Format* format, bool* zstd) {
  const size_t slash = path.find_last_of('/');
  std::string name = Lower(slash == std::string_view::npos ? path : path.substr(slash + 1));
  std::string_view base(name);
  *zstd = base.size() > 4 && base.ends_with(".zst");
  if (*zstd) {
    base.remove_suffix(4);
  }
  *format = Format::kText;
  if (base.ends_with(".txt")) {
    return true;
  }
  if (base.ends_with(".html") || base.ends_with(".htm")) {
    *format = Format::kHtml;
    return true;
  }
  if (base.ends_with(".jsonl")) {
    *format = Format::kJsonl;
    return true;
  }
  return false;
}

std::string TooLarge(std::string_view where, size_t limit) {
  return std::string(where) + ": document too large (over " + std::to_string(limit) + " bytes)";
}

bool IsJsonlStart(std::string_view bytes) {
  bytes.remove_prefix(ingest::BomLength(bytes));
  const size_t first = bytes.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && bytes[first] == '{';
}

}  // namespace

struct DocumentReader::Source {
  std::string path;  // "-" for standard input
  Format format = Format::kText;
  bool zstd = false;
  bool is_stdin = false;
};

struct DocumentReader::Impl {
  IngestOptions options;
  std::istream* stdin_stream = nullptr;
  std::vector<Source> sources;
  size_t next_source = 0;

  // The JSONL source being read, if any.
  std::unique_ptr<ingest::LineReader> lines;
  std::string lines_path;
  std::string lines_base_id;
  std::string stdin_bytes;  // standard input, read whole (it backs `lines` for JSONL)
  ingest::JsonRecord record;

  // Sets the fields every document gets and applies the metadata table and the default date.
  void Finish(Document* doc, IngestStats* stats) const {
    if (options.meta != nullptr) {
      if (auto it = options.meta->find(doc->id); it != options.meta->end()) {
        const MetaRecord& m = it->second;
        if (doc->meta.headline.empty()) {
          doc->meta.headline = m.title;
        }
        if (doc->meta.publisher.empty()) {
          doc->meta.publisher = m.publisher;
        }
        if (doc->meta.url.empty()) {
          doc->meta.url = m.url;
        }
        if (!doc->meta.published.valid() && m.published.has_value()) {
          doc->meta.published = *m.published;
          doc->meta.date_basis = "metadata";
        }
      }
    }
    if (!doc->meta.published.valid() && options.default_date.has_value()) {
      doc->meta.published = *options.default_date;
      doc->meta.date_basis = "--date";
    }
    doc->layers = kLayerText;
    ++stats->documents;
    stats->bytes += doc->text.size();
  }

  static void Reset(Document* doc) {
    doc->ClearAnnotations();
    doc->id.clear();
    doc->text.clear();
    doc->meta = DocumentMeta{};
  }

  // A whole-file document (text or HTML) from `raw`.
  Status FromWhole(const Source& src, std::string raw, Document* doc) const {
    if (const size_t nul = raw.find('\0'); nul != std::string::npos) {
      return Status::InvalidInput(src.path + ": binary file (NUL byte at byte " +
                                  std::to_string(nul) + ")");
    }
    std::string text;
    std::string title;
    if (src.format == Format::kHtml) {
      CASUS_RETURN_IF_ERROR(ingest::HtmlToText(src.path, raw, &text, &title));
      CASUS_RETURN_IF_ERROR(ingest::NormalizeInPlace(src.path, 0, &text));
      CASUS_RETURN_IF_ERROR(ingest::NormalizeInPlace(src.path, 0, &title));
    } else {
      text = std::move(raw);
      CASUS_RETURN_IF_ERROR(ingest::NormalizeInPlace(src.path, 0, &text));
    }
    if (ingest::IsBlank(text)) {
      return Status::InvalidInput(src.path + ": empty document");
    }
    Reset(doc);
    doc->id = src.is_stdin ? "stdin" : ingest::DocumentIdFromPath(src.path);
    doc->text = std::move(text);
    doc->meta.headline = std::move(title);
    doc->meta.path = src.path;
    return Status::OK();
  }

  // One JSONL line; `*skip` is set for a blank line.
  Status FromLine(const ingest::LineReader::Line& line, Document* doc, bool* skip) {
    *skip = false;
    std::string_view text = line.text;
    if (line.number == 1) {
      text.remove_prefix(ingest::BomLength(text));
    }
    if (!line.too_long && text.find_first_not_of(" \t\r") == std::string_view::npos) {
      *skip = true;
      return Status::OK();
    }
    std::string where = lines_path;
    where += ':';
    where += std::to_string(line.number);
    if (line.too_long) {
      return Status::InvalidInput(TooLarge(where, options.max_document_bytes));
    }
    const size_t offset = line.offset + (line.text.size() - text.size());
    CASUS_RETURN_IF_ERROR(ingest::ParseJsonRecord(where, text, offset, true, &record));
    if (!record.has_text) {
      return Status::InvalidInput(where + ": missing \"text\" field");
    }
    if (record.text.size() > options.max_document_bytes) {
      return Status::InvalidInput(TooLarge(where, options.max_document_bytes));
    }
    if (record.text.find('\0') != std::string::npos) {
      return Status::InvalidInput(where + ": text contains a NUL character");
    }
    CASUS_RETURN_IF_ERROR(ingest::NormalizeInPlace(where, 0, &record.text));
    if (ingest::IsBlank(record.text)) {
      return Status::InvalidInput(where + ": empty document");
    }
    Reset(doc);
    doc->id = record.id.empty() ? lines_base_id + ":" + std::to_string(line.number)
                                : std::move(record.id);
    doc->text = std::move(record.text);
    doc->meta.headline = std::move(record.title);
    doc->meta.publisher = std::move(record.publisher);
    doc->meta.url = std::move(record.url);
    if (record.date.has_value()) {
      doc->meta.published = *record.date;
      doc->meta.date_basis = "metadata";
    }
    doc->meta.path = std::move(where);
    doc->meta.extra = std::move(record.extra);
    return Status::OK();
  }

  // Longest JSONL line read: JSON escapes may make a line longer than the text it carries.
  [[nodiscard]] size_t MaxLine() const {
    const size_t max = options.max_document_bytes;
    constexpr size_t kSlack = size_t{64} << 10;
    return max > (SIZE_MAX - kSlack) / 2 ? SIZE_MAX : 2 * max + kSlack;
  }

  // Starts reading `src`. Returns OK with `*doc_ready` set for a whole-file document, or OK with
  // `lines` set for a JSONL source.
  Status Start(const Source& src, Document* doc, bool* doc_ready) {
    *doc_ready = false;
    std::unique_ptr<ingest::ByteStream> stream;
    if (src.is_stdin) {
      std::istream& in = stdin_stream != nullptr ? *stdin_stream : std::cin;
      stdin_bytes.clear();
      std::string chunk(size_t{64} << 10, '\0');
      while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
        stdin_bytes.append(chunk.data(), static_cast<size_t>(in.gcount()));
      }
      if (in.bad()) {
        return Status::IOError("-: read failed");
      }
      if (IsJsonlStart(stdin_bytes)) {
        lines_path = "-";
        lines_base_id = "stdin";
        lines = std::make_unique<ingest::LineReader>(ingest::MemoryStream(stdin_bytes), MaxLine());
        return Status::OK();
      }
      if (stdin_bytes.size() > options.max_document_bytes) {
        return Status::InvalidInput(TooLarge(src.path, options.max_document_bytes));
      }
      CASUS_RETURN_IF_ERROR(FromWhole(src, std::move(stdin_bytes), doc));
      *doc_ready = true;
      return Status::OK();
    }
    CASUS_RETURN_IF_ERROR(ingest::OpenFileStream(src.path, &stream));
    if (src.zstd) {
      stream = ingest::ZstdStream(src.path, std::move(stream));
    }
    if (src.format == Format::kJsonl) {
      lines_path = src.path;
      lines_base_id = ingest::DocumentIdFromPath(src.path);
      lines = std::make_unique<ingest::LineReader>(std::move(stream), MaxLine());
      return Status::OK();
    }
    std::string raw;
    bool too_large = false;
    CASUS_RETURN_IF_ERROR(
        ingest::ReadAll(stream.get(), options.max_document_bytes, &raw, &too_large));
    if (too_large) {
      return Status::InvalidInput(TooLarge(src.path, options.max_document_bytes));
    }
    CASUS_RETURN_IF_ERROR(FromWhole(src, std::move(raw), doc));
    *doc_ready = true;
    return Status::OK();
  }

  bool Next(Document* doc, const std::function<void(const Status&)>& on_error, IngestStats* stats) {
    auto report = [&](const Status& status) {
      ++stats->errors;
      if (on_error) {
        on_error(status);
      }
    };
    while (true) {
      if (lines != nullptr) {
        ingest::LineReader::Line line;
        bool has_line = false;
        Status status = lines->Next(&line, &has_line);
        if (!status.ok()) {
          // A stream error (corrupt or truncated zstd, a failed read) ends the file.
          lines.reset();
          report(status);
          continue;
        }
        if (!has_line) {
          lines.reset();
          continue;
        }
        bool skip = false;
        try {
          status = FromLine(line, doc, &skip);
        } catch (const std::exception& e) {
          status =
              Status::Internal(lines_path + ":" + std::to_string(line.number) + ": " + e.what());
        }
        if (!status.ok()) {
          report(status);
          continue;
        }
        if (skip) {
          continue;
        }
        Finish(doc, stats);
        return true;
      }
      if (next_source == sources.size()) {
        return false;
      }
      const Source& src = sources[next_source++];
      ++stats->files;
      bool doc_ready = false;
      Status status;
      try {
        status = Start(src, doc, &doc_ready);
      } catch (const std::exception& e) {
        status = Status::Internal(src.path + ": " + e.what());
      }
      if (!status.ok()) {
        lines.reset();
        report(status);
        continue;
      }
      if (doc_ready) {
        Finish(doc, stats);
        return true;
      }
    }
  }
};

DocumentReader::DocumentReader() : impl_(std::make_unique<Impl>()) {}
DocumentReader::~DocumentReader() = default;

Status DocumentReader::Open(const std::vector<std::string>& inputs, const IngestOptions& options,
                            std::unique_ptr<DocumentReader>* reader, std::istream* stdin_stream) {
  // The constructor is private, so make_unique cannot reach it.
  std::unique_ptr<DocumentReader> r(new DocumentReader());
  Impl& impl = *r->impl_;
  impl.options = options;
  impl.stdin_stream = stdin_stream;
  for (const std::string& input : inputs) {
    if (input == "-") {
      impl.sources.push_back({"-", Format::kText, false, true});
      continue;
    }
    std::error_code ec;
    const fs::file_status status = fs::status(input, ec);
    if (ec || !fs::exists(status)) {
      return Status::NotFound(input + ": no such file or directory");
    }
    if (!fs::is_directory(status)) {
      Source src{input, Format::kText, false, false};
      FormatOf(input, &src.format, &src.zstd);  // unknown extensions are read as text
      impl.sources.push_back(std::move(src));
      continue;
    }
    std::vector<fs::path> found;
    fs::recursive_directory_iterator it(input, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code file_ec;
      if (!it->is_regular_file(file_ec)) {
        continue;
      }
      Format format = Format::kText;
      bool zstd = false;
      if (FormatOf(it->path().native(), &format, &zstd)) {
        found.push_back(it->path());
      }
    }
    if (ec) {
      return Status::IOError(input + ": cannot list directory: " + ec.message());
    }
    std::sort(found.begin(), found.end());
    for (const fs::path& path : found) {
      Source src{path.string(), Format::kText, false, false};
      FormatOf(src.path, &src.format, &src.zstd);
      impl.sources.push_back(std::move(src));
    }
  }
  *reader = std::move(r);
  return Status::OK();
}

bool DocumentReader::Next(Document* doc, const std::function<void(const Status&)>& on_error) {
  return impl_->Next(doc, on_error, &stats_);
}

}  // namespace casus
