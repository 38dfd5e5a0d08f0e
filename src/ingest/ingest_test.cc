#include "ingest/ingest.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "ingest/ingest_internal.h"

namespace casus {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

std::string Compress(std::string_view data, int level = 3) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), level);
  EXPECT_EQ(ZSTD_isError(n), 0U) << ZSTD_getErrorName(n);
  out.resize(n);
  return out;
}

// Compresses in streaming mode without pledging a size, so the frame has no content size.
std::string CompressStreaming(std::string_view data) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  std::string out(ZSTD_compressBound(data.size()) + 64, '\0');
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  ZSTD_outBuffer o{out.data(), out.size(), 0};
  size_t rem = 0;
  do {
    rem = ZSTD_compressStream2(cctx, &o, &in, ZSTD_e_end);
    EXPECT_EQ(ZSTD_isError(rem), 0U);
  } while (rem != 0 && ZSTD_isError(rem) == 0);
  ZSTD_freeCCtx(cctx);
  out.resize(o.pos);
  return out;
}

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           (std::string("casus_ingest_test_") + info->name() + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& rel, std::string_view bytes) {
    const fs::path path = dir_ / rel;
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path.string();
  }

  struct Result {
    std::vector<Document> docs;
    std::vector<std::string> errors;
    IngestStats stats;
  };

  static Result ReadAll(const std::vector<std::string>& inputs, const IngestOptions& options = {},
                        std::istream* in = nullptr) {
    Result result;
    std::unique_ptr<DocumentReader> reader;
    const Status status = DocumentReader::Open(inputs, options, &reader, in);
    EXPECT_TRUE(status.ok()) << status.ToString();
    if (!status.ok()) {
      return result;
    }
    Document doc;
    while (reader->Next(&doc, [&](const Status& s) {
      EXPECT_TRUE(s.IsInvalidInput() || s.IsIOError()) << s.ToString();
      result.errors.emplace_back(s.message());
    })) {
      result.docs.push_back(doc);
    }
    result.stats = reader->stats();
    return result;
  }

  fs::path dir_;
};

TEST_F(IngestTest, PlainText) {
  const std::string path = Write("000.txt", "The US is \xE2\x80\x9Cvery concerned\xE2\x80\x9D.\n");
  const Result r = ReadAll({path});
  ASSERT_EQ(r.docs.size(), 1U);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.docs[0].id, "000");
  // Typographic quotes stay as they are.
  EXPECT_EQ(r.docs[0].text, "The US is \xE2\x80\x9Cvery concerned\xE2\x80\x9D.\n");
  EXPECT_EQ(r.docs[0].meta.path, path);
  EXPECT_FALSE(r.docs[0].meta.published.valid());
  EXPECT_EQ(r.docs[0].meta.date_basis, "");
  EXPECT_TRUE(r.docs[0].Has(kLayerText));
  EXPECT_EQ(r.stats.files, 1U);
  EXPECT_EQ(r.stats.documents, 1U);
  EXPECT_EQ(r.stats.errors, 0U);
  EXPECT_EQ(r.stats.bytes, r.docs[0].text.size());
}

TEST_F(IngestTest, BomAndCrLf) {
  const std::string path = Write("a.txt", "\xEF\xBB\xBFOne.\r\nTwo.\rThree.\r\n\r\nFour.");
  const Result r = ReadAll({path});
  ASSERT_EQ(r.docs.size(), 1U);
  EXPECT_EQ(r.docs[0].text, "One.\nTwo.\nThree.\n\nFour.");
}

TEST_F(IngestTest, Nfc) {
  const std::string path = Write("a.txt",
                                 "Caf"
                                 "e\xCC\x81 \xE2\x80\x94 Damascus\r\n");
  const Result r = ReadAll({path});
  ASSERT_EQ(r.docs.size(), 1U);
  EXPECT_EQ(r.docs[0].text, "Caf\xC3\xA9 \xE2\x80\x94 Damascus\n");
}

TEST(NfcFastPath, RangesAgreeWithIcu) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  ASSERT_TRUE(U_SUCCESS(error));
  int checked = 0;
  for (char32_t c = 0; c < 0x10000; ++c) {
    if (!ingest::IsNfcFastRange(c) || (c >= 0xD800 && c < 0xE000)) {
      continue;
    }
    ++checked;
    EXPECT_TRUE(nfc->hasBoundaryBefore(static_cast<UChar32>(c)))
        << std::hex << static_cast<uint32_t>(c);
    EXPECT_EQ(nfc->getCombiningClass(static_cast<UChar32>(c)), 0)
        << std::hex << static_cast<uint32_t>(c);
    const icu::UnicodeString s(static_cast<UChar32>(c));
    EXPECT_TRUE(nfc->isNormalized(s, error)) << std::hex << static_cast<uint32_t>(c);
  }
  EXPECT_GT(checked, 0x300);
  // Text in the fast ranges followed by a combining mark still composes.
  std::string out;
  ASSERT_TRUE(ingest::NormalizeText("x",
                                    "\xE2\x80\x9C"
                                    "A\xCC\x8A",
                                    &out)
                  .ok());
  EXPECT_EQ(out, "\xE2\x80\x9C\xC3\x85");
}

TEST_F(IngestTest, NormalizeTextBuildingBlock) {
  std::string out;
  ASSERT_TRUE(ingest::NormalizeText("x", "a\r\nb", &out).ok());
  EXPECT_EQ(out, "a\nb");
  ASSERT_TRUE(ingest::NormalizeText("x", "\xE2\x80\x98quoted\xE2\x80\x99 e\xCC\x81", &out).ok());
  EXPECT_EQ(out, "\xE2\x80\x98quoted\xE2\x80\x99 \xC3\xA9");
  // Already NFC, non-ASCII: unchanged.
  ASSERT_TRUE(ingest::NormalizeText("x", "\xC3\xA9t\xC3\xA9", &out).ok());
  EXPECT_EQ(out, "\xC3\xA9t\xC3\xA9");
  const Status bad = ingest::NormalizeText("x.txt", "ab\xC3(", &out);
  EXPECT_TRUE(bad.IsInvalidInput());
  EXPECT_EQ(bad.message(), "x.txt: invalid UTF-8 at byte 2");
  // Offsets count the byte order mark.
  EXPECT_EQ(ingest::NormalizeText("x.txt",
                                  "\xEF\xBB\xBF"
                                  "ab\xFF",
                                  &out)
                .message(),
            "x.txt: invalid UTF-8 at byte 5");
}

TEST_F(IngestTest, InvalidUtf8ReportsByteOffsetAndGoesOn) {
  std::string text(1832, 'a');
  text += "\xE2\x80";  // truncated sequence
  text += " tail";
  const std::string bad = Write("a.txt", text);
  const std::string good = Write("b.txt", "Fine.");
  const Result r = ReadAll({bad, good});
  ASSERT_EQ(r.errors.size(), 1U);
  EXPECT_EQ(r.errors[0], bad + ": invalid UTF-8 at byte 1832");
  ASSERT_EQ(r.docs.size(), 1U);
  EXPECT_EQ(r.docs[0].id, "b");
  EXPECT_EQ(r.stats.files, 2U);
  EXPECT_EQ(r.stats.errors, 1U);
  EXPECT_EQ(r.stats.documents, 1U);
}

TEST_F(IngestTest, NulByteIsBinary) {
  const std::string path = Write("bin.txt", std::string("abc\0def", 7));
  const Result r = ReadAll({path});
  EXPECT_TRUE(r.docs.empty());
  ASSERT_EQ(r.errors.size(), 1U);
  EXPECT_EQ(r.errors[0], path + ": binary file (NUL byte at byte 3)");
}

TEST_F(IngestTest, EmptyAndWhitespaceOnly) {
  const std::string empty = Write("empty.txt", "");
  const std::string blank = Write("blank.txt", " \n\t\r\n\xC2\xA0\xE3\x80\x80\n");
  const Result r = ReadAll({empty, blank});
  EXPECT_TRUE(r.docs.empty());
  EXPECT_THAT(r.errors, ElementsAre(empty + ": empty document", blank + ": empty document"));
  EXPECT_EQ(r.stats.errors, 2U);
}

TEST_F(IngestTest, MaxDocumentBytes) {
  const std::string big = Write("big.txt", std::string(100, 'x'));
  const std::string small = Write("small.txt", "ok");
  IngestOptions options;
  options.max_document_bytes = 50;
  const Result r = ReadAll({big, small}, options);
  ASSERT_EQ(r.docs.size(), 1U);
  EXPECT_EQ(r.docs[0].id, "small");
  ASSERT_EQ(r.errors.size(), 1U);
  EXPECT_THAT(r.errors[0], HasSubstr(big + ": document too large"));

  // The limit applies to decompressed bytes too.
  const std::string zbig = Write("big2.txt.zst", Compress(std::string(1000, 'y')));
  const Result z = ReadAll({zbig}, options);
  EXPECT_TRUE(z.docs.empty());
  ASSERT_EQ(z.errors.size(), 1U);
  EXPECT_THAT(z.errors[0], HasSubstr("document too large"));
}

TEST_F(IngestTest, Html) {
  const std::string html = R"(<!DOCTYPE html>
<html><head><title>US urges &amp; warns</title>
<style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
<body>
<header><h1>Site name</h1></header>
<nav><ul><li>Home</li><li>World</li></ul></nav>
<article>
<h2>Ceasefire is not a solution</h2>
<p>The US is &ldquo;very   concerned&rdquo;
 about Daraa.</p>
<p>Second<br>line &amp; more.</p>
<ul><li>First item</li></ul>
<blockquote>Quoted.</blockquote>
<form><button>Subscribe</button></form>
<noscript>Enable JS</noscript><iframe src="x"></iframe>
<svg><text>chart</text></svg>
</article>
<aside><p>Related</p></aside>
<footer><p>Copyright</p></footer>
</body></html>)";
  const std::string path = Write("page.html", html);
  const Result r = ReadAll({path});
  ASSERT_EQ(r.docs.size(), 1U) << (r.errors.empty() ? "" : r.errors[0]);
  EXPECT_EQ(r.docs[0].id, "page");
  EXPECT_EQ(r.docs[0].meta.headline, "US urges & warns");
  EXPECT_EQ(r.docs[0].text,
            "Ceasefire is not a solution\n\n"
            "The US is \xE2\x80\x9Cvery concerned\xE2\x80\x9D about Daraa.\n\n"
            "Second\nline & more.\n\n"
            "First item\n\n"
            "Quoted.");
}

TEST_F(IngestTest, HtmlWithoutParagraphsKeepsLooseText) {
  std::string text;
  std::string title;
  ASSERT_TRUE(ingest::HtmlToText("x.htm",
                                 "<body><div>Alpha&nbsp;beta</div><div>Gamma</div>"
                                 "<script>bad()</script></body>",
                                 &text, &title)
                  .ok());
  EXPECT_EQ(text, "Alpha beta\n\nGamma");
  EXPECT_EQ(title, "");
}

TEST_F(IngestTest, HtmlInvalidUtf8) {
  std::string text;
  std::string title;
  const Status s = ingest::HtmlToText("x.html", "<p>ok \xC0\xAF</p>", &text, &title);
  EXPECT_TRUE(s.IsInvalidInput());
  EXPECT_EQ(s.message(), "x.html: invalid UTF-8 at byte 6");
}

TEST_F(IngestTest, HtmlTitleDoesNotOverrideMeta) {
  const std::string path = Write("h.htm", "<title>Page title</title><p>Body.</p>");
  MetaTable table;
  table["h"].title = "Meta title";
  IngestOptions options;
  options.meta = &table;
  const Result r = ReadAll({path}, options);
  ASSERT_EQ(r.docs.size(), 1U);
  // The page's own title wins over the table (which only fills empty fields).
  EXPECT_EQ(r.docs[0].meta.headline, "Page title");
  EXPECT_EQ(r.docs[0].text, "Body.");
}

TEST_F(IngestTest, Jsonl) {
  const std::string jsonl =
      "{\"id\": \"a1\", \"text\": \"First text.\", \"date\": \"2021-07-30\", \"title\": \"T1\", "
      "\"publisher\": \"P\", \"url\": \"http://x\", \"zeta\": 1, \"alpha\": {\"k\": [1, 2]}}\n"
      "\n"
      "{\"id\": \"a2\", \"text\": \"broken\n"
      "{\"text\": \"No id, timestamp.\", \"published\": \"2024-12-02T10:00:00Z\", \"title\": "
      "null}\r\n"
      "{\"id\": 7, \"title\": \"no text\"}\n"
      "{\"id\": \"a5\", \"text\": \"e\\u0301 \\u201cq\\u201d\\r\\nline\"}";
  const std::string path = Write("news.jsonl", jsonl);
  const Result r = ReadAll({path});
  ASSERT_EQ(r.docs.size(), 3U);
  ASSERT_EQ(r.errors.size(), 2U);
  EXPECT_THAT(r.errors[0], HasSubstr(path + ":3: malformed JSON ("));
  EXPECT_EQ(r.errors[1], path + ":5: missing \"text\" field");

  const Document& a = r.docs[0];
  EXPECT_EQ(a.id, "a1");
  EXPECT_EQ(a.text, "First text.");
  EXPECT_EQ(a.meta.published, Date::Day(2021, 7, 30));
  EXPECT_EQ(a.meta.date_basis, "metadata");
  EXPECT_EQ(a.meta.headline, "T1");
  EXPECT_EQ(a.meta.publisher, "P");
  EXPECT_EQ(a.meta.url, "http://x");
  EXPECT_EQ(a.meta.path, path + ":1");
  EXPECT_THAT(a.meta.extra, ElementsAre(Pair("zeta", "1"), Pair("alpha", "{\"k\":[1,2]}")));

  const Document& b = r.docs[1];
  EXPECT_EQ(b.id, "news:4");
  EXPECT_EQ(b.meta.path, path + ":4");
  EXPECT_EQ(b.meta.published, Date::Day(2024, 12, 2));
  EXPECT_EQ(b.meta.headline, "");

  const Document& c = r.docs[2];
  EXPECT_EQ(c.id, "a5");
  EXPECT_EQ(c.text, "\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D\nline");

  EXPECT_EQ(r.stats.files, 1U);
  EXPECT_EQ(r.stats.documents, 3U);
  EXPECT_EQ(r.stats.errors, 2U);
  EXPECT_EQ(r.stats.bytes, a.text.size() + b.text.size() + c.text.size());
}

TEST_F(IngestTest, JsonlCompactDatesOfPeerSuites) {
  const std::string path = Write("compact.jsonl",
                                 "{\"text\": \"a\", \"date\": \"19950104\"}\n"
                                 "{\"text\": \"b\", \"date\": \"950104\"}\n"
                                 "{\"text\": \"c\", \"date\": \"080119\"}\n"
                                 "{\"text\": \"d\", \"date\": \"19951304\"}\n");
  const Result r = ReadAll({path});
  ASSERT_EQ(r.docs.size(), 3U);
  EXPECT_EQ(r.docs[0].meta.published.ToString(), "1995-01-04");
  EXPECT_EQ(r.docs[1].meta.published.ToString(), "1995-01-04");
  EXPECT_EQ(r.docs[2].meta.published.ToString(), "2008-01-19");
  ASSERT_EQ(r.errors.size(), 1U);
  EXPECT_THAT(r.errors[0], HasSubstr(path + ":4: field \"date\" is not a date"));
}

TEST_F(IngestTest, JsonlBadFields) {
  const std::string path = Write("bad.jsonl",
                                 "[1, 2]\n"
                                 "{\"text\": 5}\n"
                                 "{\"text\": \"x\", \"date\": \"30 July 2021\"}\n"
                                 "{\"text\": \"  \\n \"}\n"
                                 "{\"text\": \"ok \xFF\"}\n"
                                 "{\"text\": \"nul\\u0000\"}\n"
                                 "{\"text\": \"fine\", \"date\": null}\n");
  const Result r = ReadAll({path});
  ASSERT_EQ(r.docs.size(), 1U);
  EXPECT_EQ(r.docs[0].id, "bad:7");
  EXPECT_FALSE(r.docs[0].meta.published.valid());
  ASSERT_EQ(r.errors.size(), 6U);
  EXPECT_EQ(r.errors[0], path + ":1: expected a JSON object");
  EXPECT_EQ(r.errors[1], path + ":2: field \"text\" must be a string");
  EXPECT_THAT(r.errors[2], HasSubstr(path + ":3: field \"date\" is not a date"));
  EXPECT_EQ(r.errors[3], path + ":4: empty document");
  // Line 5 starts at byte 7 + 12 + 38 + 18 = 75; the bad byte is 13 bytes into it.
  EXPECT_EQ(r.errors[4], path + ":5: invalid UTF-8 at byte 88");
  EXPECT_EQ(r.errors[5], path + ":6: text contains a NUL character");
}

TEST_F(IngestTest, JsonlLineTooLong) {
  IngestOptions options;
  options.max_document_bytes = 10;
  // The line limit leaves room for JSON escapes; the text limit still applies exactly.
  const std::string path =
      Write("l.jsonl", "{\"text\": \"short\"}\n{\"text\": \"" + std::string(20, 'x') +
                           "\"}\n{\"text\": \"" + std::string(1 << 20, 'y') +
                           "\"}\n{\"text\": \"after\"}\n");
  const Result r = ReadAll({path}, options);
  ASSERT_EQ(r.docs.size(), 2U);
  EXPECT_EQ(r.docs[0].text, "short");
  EXPECT_EQ(r.docs[1].text, "after");
  EXPECT_EQ(r.docs[1].meta.path, path + ":4");
  EXPECT_THAT(r.errors, ElementsAre(path + ":2: document too large (over 10 bytes)",
                                    path + ":3: document too large (over 10 bytes)"));
}

TEST_F(IngestTest, JsonlZstd) {
  std::string jsonl;
  for (int i = 0; i < 2000; ++i) {
    jsonl += "{\"id\": \"d" + std::to_string(i) + "\", \"text\": \"Document number " +
             std::to_string(i) + " about Syria.\"}\n";
  }
  // Two frames: the reader must go on past the first.
  const std::string half = jsonl.substr(0, jsonl.size() / 2 + 7);
  const std::string rest = jsonl.substr(half.size());
  const std::string path = Write("news.jsonl.zst", Compress(half) + CompressStreaming(rest));
  const Result r = ReadAll({path});
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  ASSERT_EQ(r.docs.size(), 2000U);
  EXPECT_EQ(r.docs[0].id, "d0");
  EXPECT_EQ(r.docs[1999].id, "d1999");
  EXPECT_EQ(r.docs[1234].text, "Document number 1234 about Syria.");
  EXPECT_EQ(r.docs[1234].meta.path, path + ":1235");
}

TEST_F(IngestTest, TextZstd) {
  const std::string text = "Compressed \xE2\x80\x9Ctext\xE2\x80\x9D.\r\n";
  const std::string path = Write("001.txt.zst", CompressStreaming(text));
  const Result r = ReadAll({path});
  ASSERT_EQ(r.docs.size(), 1U);
  EXPECT_EQ(r.docs[0].id, "001");
  EXPECT_EQ(r.docs[0].text, "Compressed \xE2\x80\x9Ctext\xE2\x80\x9D.\n");
}

TEST_F(IngestTest, ZstdTruncatedAndCorrupt) {
  std::string big;
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    big += static_cast<char>('a' + rng() % 26);
  }
  const std::string frame = Compress(big);
  const std::string truncated = Write("t.txt.zst", frame.substr(0, frame.size() / 2));
  const std::string corrupt = Write("c.txt.zst", "this is not zstd at all");
  const std::string good = Write("g.txt.zst", frame);
  const Result r = ReadAll({truncated, corrupt, good});
  ASSERT_EQ(r.docs.size(), 1U);
  EXPECT_EQ(r.docs[0].text, big);
  ASSERT_EQ(r.errors.size(), 2U);
  EXPECT_EQ(r.errors[0], truncated + ": truncated zstd data");
  EXPECT_THAT(r.errors[1], HasSubstr(corrupt + ": corrupt zstd data"));

  std::string out;
  EXPECT_TRUE(ingest::ZstdDecompress("m", frame + frame, &out).ok());
  EXPECT_EQ(out, big + big);
  const Status s = ingest::ZstdDecompress("m.zst", frame.substr(0, 10), &out);
  EXPECT_TRUE(s.IsInvalidInput());
  EXPECT_EQ(s.message(), "m.zst: truncated zstd data");
}

TEST_F(IngestTest, TruncatedJsonlZstdKeepsEarlierLines) {
  std::string jsonl;
  // Several 128 KiB blocks, so that the blocks before the cut decode.
  for (int i = 0; i < 40000; ++i) {
    jsonl += "{\"text\": \"line " + std::to_string(i * 7919 % 10007) + "\"}\n";
  }
  const std::string frame = Compress(jsonl);
  const std::string path = Write("x.jsonl.zst", frame.substr(0, frame.size() - 5));
  const Result r = ReadAll({path});
  EXPECT_GT(r.docs.size(), 100U);
  EXPECT_LT(r.docs.size(), 40000U);
  ASSERT_FALSE(r.errors.empty());
  EXPECT_EQ(r.errors.back(), path + ": truncated zstd data");
}

TEST_F(IngestTest, DirectoryRecursionOrder) {
  Write("d/b.txt", "b");
  Write("d/a/z.txt", "az");
  Write("d/a/c.html", "<p>ac</p>");
  Write("d/0.jsonl", "{\"id\": \"j\", \"text\": \"j\"}\n");
  Write("d/notes.md", "skipped");
  Write("d/c.txt.zst", Compress("c"));
  Write("d/e/f/g.TXT", "g");
  const std::string explicit_md = Write("other.md", "named explicitly");
  const Result r = ReadAll({(dir_ / "d").string(), explicit_md});
  std::vector<std::string> ids;
  for (const Document& d : r.docs) {
    ids.push_back(d.id);
  }
  EXPECT_THAT(ids, ElementsAre("j", "c", "z", "b", "c", "g", "other"));
  EXPECT_EQ(r.docs[1].text, "ac");
  EXPECT_EQ(r.docs[3].meta.path, (dir_ / "d" / "b.txt").string());
  EXPECT_EQ(r.stats.files, 7U);
}

TEST_F(IngestTest, MissingInputFailsOpen) {
  std::unique_ptr<DocumentReader> reader;
  const Status s = DocumentReader::Open({(dir_ / "nope.txt").string()}, {}, &reader);
  EXPECT_TRUE(s.IsNotFound());
  EXPECT_THAT(std::string(s.message()), HasSubstr("nope.txt"));
}

TEST_F(IngestTest, UnreadableFileIsAnErrorAndReaderGoesOn) {
  const std::string locked = Write("locked.txt", "secret");
  const std::string good = Write("ok.txt", "ok");
  fs::permissions(locked, fs::perms::none);
  if (std::ifstream(locked).good()) {
    GTEST_SKIP() << "running with privileges that ignore file permissions";
  }
  const Result r = ReadAll({locked, good});
  ASSERT_EQ(r.docs.size(), 1U);
  ASSERT_EQ(r.errors.size(), 1U);
  EXPECT_THAT(r.errors[0], HasSubstr(locked + ": cannot open"));
  EXPECT_EQ(r.stats.files, 2U);
  EXPECT_EQ(r.stats.errors, 1U);
}

TEST_F(IngestTest, ReadFailureIsAnErrorAndReaderGoesOn) {
  // Reading /proc/self/mem from offset 0 fails with EIO although opening it succeeds.
  const std::string mem = "/proc/self/mem";
  if (!fs::exists(mem)) {
    GTEST_SKIP() << "no /proc";
  }
  const std::string good = Write("ok.txt", "ok");
  const Result r = ReadAll({mem, good});
  ASSERT_EQ(r.docs.size(), 1U);
  ASSERT_EQ(r.errors.size(), 1U);
  EXPECT_THAT(r.errors[0], HasSubstr(mem + ": read failed"));
  EXPECT_EQ(r.stats.errors, 1U);
}

TEST_F(IngestTest, StdinText) {
  std::istringstream in("  Plain text from stdin.\r\n");
  const Result r = ReadAll({"-"}, {}, &in);
  ASSERT_EQ(r.docs.size(), 1U);
  EXPECT_EQ(r.docs[0].id, "stdin");
  EXPECT_EQ(r.docs[0].meta.path, "-");
  EXPECT_EQ(r.docs[0].text, "  Plain text from stdin.\n");
}

TEST_F(IngestTest, StdinJsonl) {
  std::istringstream in("\n  {\"id\": \"x\", \"text\": \"one\"}\n{\"text\": \"two\"}\n");
  const Result r = ReadAll({"-"}, {}, &in);
  ASSERT_EQ(r.docs.size(), 2U);
  EXPECT_EQ(r.docs[0].id, "x");
  EXPECT_EQ(r.docs[0].meta.path, "-:2");
  EXPECT_EQ(r.docs[1].id, "stdin:3");
  EXPECT_EQ(r.docs[1].text, "two");
}

TEST_F(IngestTest, MetaTableAndDefaultDate) {
  const std::string meta = Write(
      "docs.jsonl",
      "{\"id\": \"000\", \"title\": \"US hits out\", \"title_source\": \"slug\", \"publisher\": "
      "\"Al Arabiya English\", \"published\": \"2021-07-30\", \"url\": \"https://x/1\", "
      "\"furniture\": []}\n"
      "{\"id\": \"001\", \"title\": null, \"publisher\": null, \"published\": null, \"url\": "
      "null}\n"
      "\n"
      "{\"id\": \"003\", \"date\": \"2024-12-02\", \"publisher\": \"AP\"}\n");
  MetaTable table;
  ASSERT_TRUE(LoadMetaTable(meta, &table).ok());
  ASSERT_EQ(table.size(), 3U);
  EXPECT_EQ(table["000"].published, Date::Day(2021, 7, 30));
  EXPECT_EQ(table["000"].title, "US hits out");
  EXPECT_FALSE(table["001"].published.has_value());
  EXPECT_EQ(table["001"].title, "");

  const std::string d0 = Write("in/000.txt", "Zero.");
  const std::string d1 = Write("in/001.txt", "One.");
  const std::string d2 = Write("in/002.txt", "Two.");
  const std::string d3 =
      Write("in/003.jsonl", "{\"id\": \"003\", \"text\": \"Three.\", \"publisher\": \"Own\"}\n");
  IngestOptions options;
  options.meta = &table;
  options.default_date = Date::Day(2020, 1, 1);
  const Result r = ReadAll({d0, d1, d2, d3}, options);
  ASSERT_EQ(r.docs.size(), 4U);
  EXPECT_EQ(r.docs[0].meta.headline, "US hits out");
  EXPECT_EQ(r.docs[0].meta.publisher, "Al Arabiya English");
  EXPECT_EQ(r.docs[0].meta.url, "https://x/1");
  EXPECT_EQ(r.docs[0].meta.published, Date::Day(2021, 7, 30));
  EXPECT_EQ(r.docs[0].meta.date_basis, "metadata");
  EXPECT_EQ(r.docs[1].meta.published, Date::Day(2020, 1, 1));
  EXPECT_EQ(r.docs[1].meta.date_basis, "--date");
  EXPECT_EQ(r.docs[2].meta.date_basis, "--date");
  EXPECT_EQ(r.docs[3].meta.publisher, "Own");  // the input's own field wins
  EXPECT_EQ(r.docs[3].meta.published, Date::Day(2024, 12, 2));
  EXPECT_EQ(r.docs[3].meta.date_basis, "metadata");
}

TEST_F(IngestTest, MetaTableErrors) {
  MetaTable table;
  const std::string bad = Write("m.jsonl", "{\"id\": \"a\"}\n{\"id\": \"b\", oops}\n");
  const Status s = LoadMetaTable(bad, &table);
  EXPECT_TRUE(s.IsInvalidInput());
  EXPECT_THAT(std::string(s.message()), HasSubstr(bad + ":2: malformed JSON"));
  const std::string noid = Write("n.jsonl", "{\"published\": \"2021-01-01\"}\n");
  EXPECT_THAT(std::string(LoadMetaTable(noid, &table).message()),
              HasSubstr(noid + ":1: missing \"id\""));
  EXPECT_FALSE(LoadMetaTable((dir_ / "none.jsonl").string(), &table).ok());
}

TEST(DocumentIdFromPath, Cases) {
  EXPECT_EQ(ingest::DocumentIdFromPath("a/b/000.txt"), "000");
  EXPECT_EQ(ingest::DocumentIdFromPath("000.txt"), "000");
  EXPECT_EQ(ingest::DocumentIdFromPath("x.jsonl.zst"), "x");
  EXPECT_EQ(ingest::DocumentIdFromPath("/abs/path/page.html"), "page");
  EXPECT_EQ(ingest::DocumentIdFromPath("report.2021.txt"), "report.2021");
  EXPECT_EQ(ingest::DocumentIdFromPath("README"), "README");
  EXPECT_EQ(ingest::DocumentIdFromPath("dir/.hidden"), ".hidden");
  EXPECT_EQ(ingest::DocumentIdFromPath("-"), "stdin");
}

}  // namespace
}  // namespace casus
