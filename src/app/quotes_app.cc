#include "app/quotes_app.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "core/quote_record.h"
#include "ingest/ingest.h"
#include "output/quote_output.h"

namespace casus {

std::vector<uint32_t> CodePointOffsets(const std::string& text) {
  std::vector<uint32_t> offsets(text.size() + 1, 0);
  uint32_t points = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    offsets[i] = points;
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++points;
    }
  }
  offsets[text.size()] = points;
  // Continuation bytes belong to the code point they continue.
  for (size_t i = 1; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) {
      offsets[i] = offsets[i - 1];
    }
  }
  return offsets;
}

namespace {

// Lower-case words of a name without punctuation, for containment tests.
std::string Fold(std::string_view name) {
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      out.push_back(static_cast<char>(std::tolower(u)));
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  for (std::string_view article : {"a ", "an ", "the "}) {
    if (out.rfind(article, 0) == 0) {
      out.erase(0, article.size());
    }
  }
  return out;
}

bool NamesMatch(std::string_view a, std::string_view b) {
  const std::string fa = Fold(a);
  const std::string fb = Fold(b);
  if (fa.empty() || fb.empty()) {
    return false;
  }
  const std::string pa = " " + fa + " ";
  const std::string pb = " " + fb + " ";
  return pa.find(pb) != std::string::npos || pb.find(pa) != std::string::npos;
}

}  // namespace

Status ReadGoldRecords(const std::string& path, std::vector<nlohmann::json>* records,
                       std::vector<size_t>* lines) {
  records->clear();
  lines->clear();
  std::ifstream in(path);
  if (!in) {
    return Status::IOError("cannot read " + path);
  }
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      continue;
    }
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      return Status::InvalidInput(fmt::format("{}:{}: not a JSON object", path, n));
    }
    records->push_back(std::move(j));
    lines->push_back(n);
  }
  return Status::OK();
}

std::vector<std::string> GoldDocumentFiles(const EvalOptions& options,
                                           const std::vector<std::string>& doc_ids) {
  std::filesystem::path dir = options.docs_dir.empty()
                                  ? std::filesystem::path(options.gold_path).parent_path()
                                  : std::filesystem::path(options.docs_dir);
  if (dir.empty()) {
    dir = ".";
  }
  std::vector<std::string> files;
  for (const std::string& id : doc_ids) {
    std::string path = (dir / (id + ".txt")).string();
    if (std::find(files.begin(), files.end(), path) == files.end()) {
      files.push_back(std::move(path));
    }
  }
  return files;
}

Status RunQuotes(const QuotesOptions& options, std::ostream* out, size_t* count) {
  std::unique_ptr<Store> store;
  CASUS_RETURN_IF_ERROR(Store::OpenExisting(options.db_path, &store));
  std::vector<QuoteRecord> quotes;
  CASUS_RETURN_IF_ERROR(store->QueryQuotes(options.filter, &quotes));
  output::QuoteWriter writer(out, options.format);
  for (const QuoteRecord& quote : quotes) {
    writer.Write(quote);
  }
  writer.Finish();
  *count = quotes.size();
  return Status::OK();
}

Status ReadDocuments(const std::vector<std::string>& inputs, const std::string& meta_path,
                     std::vector<Document>* docs, std::ostream* err) {
  docs->clear();
  MetaTable meta;
  IngestOptions ingest_options;
  if (!meta_path.empty()) {
    CASUS_RETURN_IF_ERROR(LoadMetaTable(meta_path, &meta));
    ingest_options.meta = &meta;
  }
  std::unique_ptr<DocumentReader> reader;
  CASUS_RETURN_IF_ERROR(DocumentReader::Open(inputs, ingest_options, &reader, nullptr));
  auto report = [&](const Status& status) { *err << "casus: " << status.message() << '\n'; };
  Document doc;
  while (reader->Next(&doc, report)) {
    docs->push_back(std::move(doc));
    doc = Document();
  }
  return Status::OK();
}

Status CodeDocuments(const std::string& data_dir, std::vector<Document>* docs, std::ostream* err) {
  Resources resources;
  CASUS_RETURN_IF_ERROR(
      Resources::Load(data_dir.empty() ? DefaultDataDir() : data_dir, &resources));
  Pipeline pipeline;
  CASUS_RETURN_IF_ERROR(BuildPipeline(DefaultStageNames(), resources, &pipeline));
  std::vector<Status> statuses;
  pipeline.RunBatch(*docs, 0, &statuses);
  std::vector<Document> coded;
  for (size_t i = 0; i < docs->size(); ++i) {
    if (statuses[i].ok()) {
      coded.push_back(std::move((*docs)[i]));
    } else {
      *err << "casus: " << statuses[i].WithContext((*docs)[i].id).message() << '\n';
    }
  }
  *docs = std::move(coded);
  return Status::OK();
}

Status CodeInMemory(const std::vector<std::string>& inputs, const std::string& meta_path,
                    const std::string& data_dir, std::vector<Document>* docs, std::ostream* err) {
  CASUS_RETURN_IF_ERROR(ReadDocuments(inputs, meta_path, docs, err));
  return CodeDocuments(data_dir, docs, err);
}

Status RunEvalQuotes(const EvalOptions& options, std::ostream* out, std::ostream* err) {
  struct Gold {
    std::string doc;
    std::string text;
    bool direct = true;
    std::string speaker;
    std::string code;
    uint32_t begin = 0;
    uint32_t end = 0;
  };
  std::vector<nlohmann::json> records;
  std::vector<size_t> lines;
  CASUS_RETURN_IF_ERROR(ReadGoldRecords(options.gold_path, &records, &lines));
  std::vector<Gold> gold;
  std::vector<std::string> doc_ids;
  for (size_t i = 0; i < records.size(); ++i) {
    const nlohmann::json& j = records[i];
    if (!j.contains("doc") || !j["doc"].is_string() || !j.contains("start") ||
        !j["start"].is_number_unsigned() || !j.contains("end") || !j["end"].is_number_unsigned()) {
      return Status::InvalidInput(
          fmt::format("{}:{}: not a quote record (doc, start, end)", options.gold_path, lines[i]));
    }
    Gold g;
    g.doc = j["doc"].get<std::string>();
    g.text = j.value("quote", "");
    g.direct = j.value("kind", "direct") == "direct";
    g.speaker =
        j.contains("speaker") && j["speaker"].is_string() ? j["speaker"].get<std::string>() : "";
    g.code = j.contains("speaker_code") && j["speaker_code"].is_string()
                 ? j["speaker_code"].get<std::string>()
                 : "";
    g.begin = j["start"].get<uint32_t>();
    g.end = j["end"].get<uint32_t>();
    doc_ids.push_back(g.doc);
    gold.push_back(std::move(g));
  }
  const std::vector<std::string> inputs = GoldDocumentFiles(options, doc_ids);
  std::vector<Document> docs;
  CASUS_RETURN_IF_ERROR(CodeInMemory(inputs, options.meta_path, options.data_dir, &docs, err));
  std::map<std::string, const Document*> by_id;
  for (const Document& doc : docs) {
    by_id[doc.id] = &doc;
  }
  size_t found[2] = {0, 0};
  size_t total[2] = {0, 0};
  size_t predicted[2] = {0, 0};
  for (const Document& doc : docs) {
    for (const Quote& q : doc.quotes) {
      ++predicted[q.direct ? 0 : 1];
    }
  }
  for (const Gold& g : gold) {
    const int kind = g.direct ? 0 : 1;
    ++total[kind];
    auto it = by_id.find(g.doc);
    bool hit = false;
    std::string nearest;
    if (it != by_id.end()) {
      const Document& doc = *it->second;
      const std::vector<uint32_t> cp = CodePointOffsets(doc.text);
      for (const Quote& q : doc.quotes) {
        if (q.direct != g.direct) {
          continue;
        }
        const uint32_t b = cp[q.text.begin];
        const uint32_t e = cp[q.text.end];
        if (b >= g.end || e <= g.begin) {
          continue;
        }
        const std::string speaker(doc.Slice(q.speaker));
        const bool same =
            (!g.code.empty() && q.speaker_code == g.code) || NamesMatch(speaker, g.speaker);
        if (same) {
          hit = true;
          break;
        }
        nearest = fmt::format("{} [{}]", speaker.empty() ? "?" : speaker,
                              q.speaker_code.empty() ? "-" : q.speaker_code);
      }
    }
    if (hit) {
      ++found[kind];
    } else {
      *out << fmt::format("miss {} {} [{},{}) speaker={} [{}] got={}: {}\n", g.doc,
                          g.direct ? "direct" : "indirect", g.begin, g.end, g.speaker, g.code,
                          nearest.empty() ? "no overlapping quote" : nearest, g.text.substr(0, 70));
    }
  }
  auto share = [](size_t a, size_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / b; };
  *out << fmt::format(
      "quotes: direct {}/{} found, indirect {}/{}; casus found {} direct and {} "
      "indirect quotes\n",
      found[0], total[0], found[1], total[1], predicted[0], predicted[1]);
  *out << fmt::format("direct={:.3f} indirect={:.3f}\n", share(found[0], total[0]),
                      share(found[1], total[1]));
  return Status::OK();
}

}  // namespace casus
