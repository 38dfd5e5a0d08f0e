// Byte streams and the line reader.
#include <zstd.h>

#include <sys/stat.h>
#include <algorithm>
#include <cerrno>
#include <cstring>

#include "ingest/ingest.h"
#include "ingest/ingest_internal.h"

namespace casus::ingest {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const {
    std::fclose(f);  // NOLINT(cppcoreguidelines-owning-memory): this deleter is the owner
  }
};

class FileStream final : public ByteStream {
 public:
  FileStream(std::string path, std::unique_ptr<std::FILE, FileCloser> file,
             std::optional<size_t> size)
      : path_(std::move(path)), file_(std::move(file)), size_(size) {}

  Status Read(char* buffer, size_t capacity, size_t* got) override {
    *got = std::fread(buffer, 1, capacity, file_.get());
    if (*got == 0 && std::ferror(file_.get()) != 0) {
      return Status::IOError(path_ + ": read failed: " + std::strerror(errno));
    }
    return Status::OK();
  }

  [[nodiscard]] std::optional<size_t> SizeHint() const override { return size_; }

 private:
  std::string path_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::optional<size_t> size_;
};

class MemoryByteStream final : public ByteStream {
 public:
  explicit MemoryByteStream(std::string_view bytes) : bytes_(bytes) {}

  Status Read(char* buffer, size_t capacity, size_t* got) override {
    *got = std::min(capacity, bytes_.size() - pos_);
    std::memcpy(buffer, bytes_.data() + pos_, *got);
    pos_ += *got;
    return Status::OK();
  }

  [[nodiscard]] std::optional<size_t> SizeHint() const override { return bytes_.size(); }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

struct DctxFree {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

class ZstdByteStream final : public ByteStream {
 public:
  ZstdByteStream(std::string where, std::unique_ptr<ByteStream> inner)
      : where_(std::move(where)),
        inner_(std::move(inner)),
        dctx_(ZSTD_createDCtx()),
        in_buffer_(ZSTD_DStreamInSize(), '\0') {}

  Status Read(char* buffer, size_t capacity, size_t* got) override {
    *got = 0;
    if (dctx_ == nullptr) {
      return Status::Internal(where_ + ": cannot allocate a zstd context");
    }
    while (true) {
      if (in_.pos == in_.size && !inner_eof_) {
        size_t n = 0;
        CASUS_RETURN_IF_ERROR(inner_->Read(in_buffer_.data(), in_buffer_.size(), &n));
        in_ = {in_buffer_.data(), n, 0};
        inner_eof_ = n == 0;
        seen_input_ = seen_input_ || n > 0;
      }
      if (in_.pos < in_.size || output_pending_) {
        ZSTD_outBuffer out{buffer, capacity, 0};
        const size_t ret = ZSTD_decompressStream(dctx_.get(), &out, &in_);
        if (ZSTD_isError(ret) != 0) {
          return Status::InvalidInput(where_ + ": corrupt zstd data (" + ZSTD_getErrorName(ret) +
                                      ")");
        }
        frame_open_ = ret != 0;
        // A full output buffer may leave decoded bytes inside the context; flush them next time
        // even when no input is left.
        output_pending_ = out.pos == capacity;
        if (out.pos > 0) {
          *got = out.pos;
          return Status::OK();
        }
        continue;
      }
      if (frame_open_ && seen_input_) {
        return Status::InvalidInput(where_ + ": truncated zstd data");
      }
      return Status::OK();
    }
  }

 private:
  std::string where_;
  std::unique_ptr<ByteStream> inner_;
  std::unique_ptr<ZSTD_DCtx, DctxFree> dctx_;
  std::string in_buffer_;
  ZSTD_inBuffer in_{nullptr, 0, 0};
  bool inner_eof_ = false;
  bool seen_input_ = false;
  bool frame_open_ = false;
  bool output_pending_ = false;
};

constexpr size_t kChunk = size_t{256} << 10;

}  // namespace

Status OpenFileStream(const std::string& path, std::unique_ptr<ByteStream>* stream) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (file == nullptr) {
    return Status::IOError(path + ": cannot open: " + std::strerror(errno));
  }
  std::optional<size_t> size;
  struct stat st {};
  if (fstat(fileno(file.get()), &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      return Status::IOError(path + ": is a directory");
    }
    if (S_ISREG(st.st_mode)) {
      size = static_cast<size_t>(st.st_size);
    }
  }
  *stream = std::make_unique<FileStream>(path, std::move(file), size);
  return Status::OK();
}

std::unique_ptr<ByteStream> MemoryStream(std::string_view bytes) {
  return std::make_unique<MemoryByteStream>(bytes);
}

std::unique_ptr<ByteStream> ZstdStream(std::string where, std::unique_ptr<ByteStream> inner) {
  return std::make_unique<ZstdByteStream>(std::move(where), std::move(inner));
}

Status ReadAll(ByteStream* stream, size_t limit, std::string* out, bool* too_large) {
  *too_large = false;
  out->clear();
  // Room for one byte past the limit, which is how an oversized stream is noticed.
  const size_t cap = limit < out->max_size() ? limit + 1 : limit;
  if (const auto hint = stream->SizeHint(); hint.has_value()) {
    if (*hint > limit) {
      *too_large = true;
      return Status::OK();
    }
    // One extra byte so that reading the hinted size exactly needs no second buffer growth
    // before the end-of-stream read.
    out->resize(*hint + 1);
  } else {
    out->resize(std::min(kChunk, cap));
  }
  size_t size = 0;
  while (true) {
    if (size == out->size()) {
      if (size > limit) {
        *too_large = true;
        return Status::OK();
      }
      out->resize(std::min(std::max(size * 2, kChunk), cap));
    }
    size_t got = 0;
    CASUS_RETURN_IF_ERROR(stream->Read(out->data() + size, out->size() - size, &got));
    if (got == 0) {
      break;
    }
    size += got;
  }
  if (size > limit) {
    *too_large = true;
    return Status::OK();
  }
  out->resize(size);
  return Status::OK();
}

LineReader::LineReader(std::unique_ptr<ByteStream> stream, size_t max_line)
    : stream_(std::move(stream)), max_line_(max_line) {}

Status LineReader::Fill(bool* eof) {
  // Move the unread tail to the front, then grow if the buffer is still full.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    buffer_offset_ += begin_;
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) {
    buffer_.resize(std::max(kChunk, buffer_.size() * 2));
  }
  size_t got = 0;
  CASUS_RETURN_IF_ERROR(stream_->Read(buffer_.data() + end_, buffer_.size() - end_, &got));
  end_ += got;
  *eof = got == 0;
  return Status::OK();
}

Status LineReader::Next(Line* line, bool* has_line) {
  *has_line = false;
  *line = Line{};
  size_t scanned = begin_;  // bytes before this are known to hold no '\n'
  bool discarding = false;  // the current line is too long; drop its bytes
  size_t line_offset = buffer_offset_ + begin_;
  while (true) {
    const char* nl =
        static_cast<const char*>(std::memchr(buffer_.data() + scanned, '\n', end_ - scanned));
    if (nl != nullptr) {
      const auto pos = static_cast<size_t>(nl - buffer_.data());
      line->number = ++line_number_;
      line->offset = line_offset;
      if (discarding || pos - begin_ > max_line_) {
        line->too_long = true;
      } else {
        std::string_view text(buffer_.data() + begin_, pos - begin_);
        if (!text.empty() && text.back() == '\r') {
          text.remove_suffix(1);
        }
        line->text = text;
      }
      begin_ = pos + 1;
      *has_line = true;
      return Status::OK();
    }
    if (eof_) {
      if (end_ > begin_ || discarding) {
        line->number = ++line_number_;
        line->offset = line_offset;
        if (discarding || end_ - begin_ > max_line_) {
          line->too_long = true;
        } else {
          std::string_view text(buffer_.data() + begin_, end_ - begin_);
          if (!text.empty() && text.back() == '\r') {
            text.remove_suffix(1);
          }
          line->text = text;
        }
        begin_ = end_;
        *has_line = true;
      }
      return Status::OK();
    }
    if (end_ - begin_ > max_line_) {
      discarding = true;
      buffer_offset_ += end_;
      begin_ = end_ = 0;
    }
    const size_t scanned_rel = (discarding ? 0 : end_ - begin_);
    CASUS_RETURN_IF_ERROR(Fill(&eof_));
    scanned = begin_ + scanned_rel;
  }
}

Status ZstdDecompress(std::string_view where, std::string_view compressed, std::string* out) {
  auto stream = ZstdStream(std::string(where), MemoryStream(compressed));
  bool too_large = false;
  return ReadAll(stream.get(), out->max_size(), out, &too_large);
}

}  // namespace casus::ingest
