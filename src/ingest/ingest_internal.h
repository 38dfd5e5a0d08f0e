// Internal pieces of the ingest stage: byte streams (file, memory, istream, zstd), a line reader
// that hands out views into its own buffer, text normalisation in place, and the JSONL record
// decoder shared by the document reader and the metadata table.
//
// Thread safety: every object here is used from one thread; the free functions are pure.
#ifndef CASUS_INGEST_INGEST_INTERNAL_H_
#define CASUS_INGEST_INGEST_INTERNAL_H_

#include <cstddef>
#include <cstdio>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace casus::ingest {

// A source of bytes read front to back.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads up to `capacity` bytes into `buffer`; `*got` == 0 means the end of the stream.
  virtual Status Read(char* buffer, size_t capacity, size_t* got) = 0;
  // Total size when known in advance (a plain file), for reserving buffers.
  [[nodiscard]] virtual std::optional<size_t> SizeHint() const { return std::nullopt; }
};

// Opens `path` for reading; IOError naming the path when it cannot be opened.
Status OpenFileStream(const std::string& path, std::unique_ptr<ByteStream>* stream);
// A stream over bytes the caller keeps alive.
std::unique_ptr<ByteStream> MemoryStream(std::string_view bytes);
// Decompresses zstd data (any number of frames) read from `inner`. Errors name `where`.
std::unique_ptr<ByteStream> ZstdStream(std::string where, std::unique_ptr<ByteStream> inner);

// Reads the whole stream into `*out`. When it holds more than `limit` bytes, stops early and sets
// `*too_large` (the content of `*out` is then unspecified).
Status ReadAll(ByteStream* stream, size_t limit, std::string* out, bool* too_large);

// Splits a stream into lines ("\n"-terminated; a final line without one counts too). The view
// handed out stays valid until the next call. A line longer than `max_line` is not buffered; it
// is reported with `too_long` set and an empty view.
class LineReader {
 public:
  struct Line {
    std::string_view text;  // without the "\n" (and without a "\r" before it)
    size_t number = 0;      // 1-based
    size_t offset = 0;      // byte offset of the line's first byte in the stream
    bool too_long = false;
  };

  LineReader(std::unique_ptr<ByteStream> stream, size_t max_line);

  // Sets `*line` and `*has_line`; `*has_line` is false at the end of the stream.
  Status Next(Line* line, bool* has_line);

 private:
  Status Fill(bool* eof);

  std::unique_ptr<ByteStream> stream_;
  size_t max_line_;
  std::string buffer_;
  size_t begin_ = 0;          // first unread byte in buffer_
  size_t end_ = 0;            // end of valid bytes in buffer_
  size_t buffer_offset_ = 0;  // stream offset of buffer_[0]
  size_t line_number_ = 0;
  bool eof_ = false;
};

// NormalizeText on a string the caller owns: strips a byte order mark, checks UTF-8 (error
// offsets are `base_offset` plus the offset in `*text`), folds CRLF/CR to LF and applies NFC.
Status NormalizeInPlace(std::string_view where, size_t base_offset, std::string* text);

// True for code points that NFC leaves alone and that compose with nothing before them (ranges
// used by the fast path that skips ICU; the test checks them against ICU).
bool IsNfcFastRange(char32_t c);

// True when `text` holds nothing but white space (ASCII, no-break and other Unicode spaces).
bool IsBlank(std::string_view text);

// Strips a leading UTF-8 byte order mark; returns how many bytes it removed (0 or 3).
size_t BomLength(std::string_view text);

// What a JSONL line carries. `text` is the raw (not yet normalised) document text.
struct JsonRecord {
  std::string id;  // "" when the line has none
  std::string text;
  bool has_text = false;
  std::optional<Date> date;
  std::string title;
  std::string publisher;
  std::string url;
  std::vector<std::pair<std::string, std::string>> extra;
};

// Decodes one JSONL line. `where` is "FILE:LINE", `line_offset` the stream offset of the line's
// first byte (for UTF-8 error offsets); `keep_extra` keeps unknown fields.
Status ParseJsonRecord(std::string_view where, std::string_view line, size_t line_offset,
                       bool keep_extra, JsonRecord* record);

}  // namespace casus::ingest

#endif  // CASUS_INGEST_INGEST_INTERNAL_H_
