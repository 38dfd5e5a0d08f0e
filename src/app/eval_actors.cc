// `casus eval actors`: does casus give each actor mention of a reference annotation the
// reference's code, in context?
//
// A gold mention is a phrase of its event's sentence ("Assad regime forces"), a pronoun or
// description with its antecedent in parentheses ("he (Lister)": the phrase is "he"), or an
// implicit actor ("(implicit) the Daraa opposition", "(Syria)"). Explicit phrases are looked up
// where they stand: the code casus gives them is that of the event actor, quote attribution or
// dictionary mention that overlaps the phrase most. Implicit actors have no place in the text;
// their description is appended to the document as a paragraph of its own and coded there, so
// that the document's context (its date, its focus country) still applies. Quote speakers take
// the speaker code of the casus quote that overlaps the gold quote, else the code at the first
// occurrence of the speaker's name.
#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/quotes_app.h"
#include "core/strings.h"

namespace casus {
namespace {

using Json = nlohmann::json;

struct GoldMention {
  std::string doc;
  std::string where;     // "file:line source"
  std::string text;      // as the gold gives it
  std::string phrase;    // what to look for (in the sentence, or to append when implicit)
  std::string sentence;  // the event's sentence; "" for quote speakers
  std::string code;
  bool implicit = false;
  bool speaker = false;                     // a quote's speaker
  bool direct = true;                       // the quote's kind
  uint32_t quote_begin = 0, quote_end = 0;  // code points
  ByteSpan appended;  // bytes of the appended phrase in the augmented document
};

// Splits the gold's notation into the phrase to look up and whether it is implicit.
void ParseMentionText(std::string_view text, GoldMention* m) {
  text = TrimBlanks(text);
  constexpr std::string_view kImplicit = "(implicit)";
  if (text.substr(0, kImplicit.size()) == kImplicit) {
    m->implicit = true;
    m->phrase = std::string(TrimBlanks(text.substr(kImplicit.size())));
  } else if (text.size() > 2 && text.front() == '(' && text.back() == ')') {
    m->implicit = true;
    m->phrase = std::string(TrimBlanks(text.substr(1, text.size() - 2)));
  } else if (size_t open = text.find(" ("); open != std::string_view::npos && text.back() == ')') {
    m->phrase = std::string(TrimBlanks(text.substr(0, open)));
  } else {
    m->phrase = std::string(text);
  }
}

// Whether the code point starting at or ending before `at` is part of a word: letters, digits and
// non-ASCII text, but not typographic punctuation (U+2000-U+206F: ’ “ — …).
bool WordCharAt(std::string_view text, size_t at) {
  if (at >= text.size()) {
    return false;
  }
  const auto u = static_cast<unsigned char>(text[at]);
  if (u < 0x80) {
    return std::isalnum(u) != 0;
  }
  return !(u == 0xE2 && at + 1 < text.size() && static_cast<unsigned char>(text[at + 1]) == 0x80);
}
bool WordCharBefore(std::string_view text, size_t at) {
  if (at == 0) {
    return false;
  }
  size_t start = at - 1;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
    --start;
  }
  return WordCharAt(text, start);
}

// `phrase` without the annotator's bracketed insertions ("President [Donald] Trump" is
// "President Trump" in the text).
std::string WithoutInsertions(std::string_view phrase) {
  std::string out;
  int depth = 0;
  for (char c : phrase) {
    if (c == '[') {
      ++depth;
    } else if (c == ']') {
      depth = std::max(0, depth - 1);
    } else if (depth == 0 && !(c == ' ' && !out.empty() && out.back() == ' ')) {
      out.push_back(c);
    }
  }
  return std::string(TrimBlanks(out));
}

// Byte span of `phrase` in text[from, to) as whole words (the last word may go on: "Russian
// government" in "Russian governments"), exact, else ignoring ASCII case. Empty when absent.
ByteSpan FindWords(std::string_view text, std::string_view phrase, size_t from, size_t to,
                   bool open_end) {
  if (phrase.empty()) {
    return {};
  }
  const std::string_view hay = text.substr(0, std::min(to, text.size()));
  auto bounded = [&](size_t at) {
    const size_t end = at + phrase.size();
    return (!WordCharBefore(hay, at) || !WordCharAt(phrase, 0)) &&
           (open_end || !WordCharAt(hay, end) || !WordCharBefore(phrase, phrase.size()));
  };
  for (size_t at = hay.find(phrase, from); at != std::string_view::npos;
       at = hay.find(phrase, at + 1)) {
    if (bounded(at)) {
      return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + phrase.size())};
    }
  }
  auto lower_eq = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  };
  for (auto it = hay.begin() + static_cast<std::ptrdiff_t>(std::min(from, hay.size()));;) {
    it = std::search(it, hay.end(), phrase.begin(), phrase.end(), lower_eq);
    if (it == hay.end()) {
      return {};
    }
    const auto at = static_cast<size_t>(it - hay.begin());
    if (bounded(at)) {
      return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + phrase.size())};
    }
    ++it;
  }
}

// Where a gold phrase stands in text[from, to): the phrase as written, else without the
// annotator's bracketed insertions ("President [Donald] Trump" may be either). An elided phrase
// ("Syrian ... warplanes", "the ... Russian government") stands for its first piece that is more
// than an article, which is where the mention's own words are.
ByteSpan FindPhrase(std::string_view text, std::string_view gold_phrase, size_t from, size_t to) {
  for (const std::string& candidate : {std::string(gold_phrase), WithoutInsertions(gold_phrase)}) {
    std::vector<std::string_view> pieces;
    std::string_view rest = candidate;
    for (;;) {
      const size_t dots = rest.find("...");
      std::string_view piece = TrimBlanks(rest.substr(0, dots));
      for (std::string_view article : {"the ", "The ", "a ", "A ", "an ", "An "}) {
        if (piece.starts_with(article)) {
          piece.remove_prefix(article.size());
        }
      }
      if (!piece.empty() && piece != "the" && piece != "The" && piece != "a" && piece != "A") {
        pieces.push_back(piece);
      }
      if (dots == std::string_view::npos) {
        break;
      }
      rest.remove_prefix(dots + 3);
    }
    if (pieces.empty()) {
      continue;
    }
    const bool elided = candidate.find("...") != std::string::npos;
    const ByteSpan found = FindWords(text, pieces.front(), from, to, elided);
    if (!found.empty()) {
      return found;
    }
  }
  return {};
}

uint32_t Overlap(ByteSpan a, ByteSpan b) {
  const uint32_t begin = std::max(a.begin, b.begin);
  const uint32_t end = std::min(a.end, b.end);
  return end > begin ? end - begin : 0;
}

// The codes casus gives the text at `span`: those of the annotations overlapping it most (event
// actors, quote attributions, dictionary mentions, in that order of precedence on equal
// overlap). Several when equally good annotations disagree ("all sides" gives two targets).
std::vector<std::string> CodesAt(const Document& doc, ByteSpan span, std::string* seen) {
  uint32_t best = 0;
  int best_rank = 0;
  std::vector<std::string> codes;
  auto offer = [&](ByteSpan at, const std::string& code, int rank) {
    const uint32_t overlap = Overlap(at, span);
    if (overlap == 0 || code.empty()) {
      return;
    }
    if (overlap > best || (overlap == best && rank > best_rank)) {
      best = overlap;
      best_rank = rank;
      codes.clear();
      *seen = std::string(doc.Slice(at));
    }
    if (overlap == best && rank == best_rank &&
        std::find(codes.begin(), codes.end(), code) == codes.end()) {
      codes.push_back(code);
    }
  };
  for (const Event& e : doc.events) {
    offer(e.source.text, e.source.code, 3);
    if (e.target) {
      offer(e.target->text, e.target->code, 3);
    }
  }
  for (const Quote& q : doc.quotes) {
    offer(q.attribution, q.speaker_code, 2);
    offer(q.speaker, q.speaker_code, 2);
  }
  for (const ActorMention& m : doc.mentions) {
    offer(doc.TokenBytes(m.tokens), m.code, 1);
  }
  return codes;
}

// The bytes of the gold sentence in `doc`: its last occurrence, since a standfirst repeated in
// the body is coded only where the body has it.
ByteSpan FindSentence(const Document& doc, std::string_view sentence) {
  const size_t at = std::string_view(doc.text).rfind(sentence);
  if (at == std::string_view::npos) {
    return {};
  }
  return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + sentence.size())};
}

Status ReadGoldMentions(const std::string& path, std::vector<GoldMention>* mentions) {
  std::vector<Json> records;
  std::vector<size_t> lines;
  CASUS_RETURN_IF_ERROR(ReadGoldRecords(path, &records, &lines));
  for (size_t i = 0; i < records.size(); ++i) {
    const Json& j = records[i];
    const std::string doc =
        j.contains("doc") && j["doc"].is_string() ? j["doc"].get<std::string>() : std::string();
    if (doc.empty()) {
      return Status::InvalidInput(fmt::format("{}:{}: no \"doc\"", path, lines[i]));
    }
    if (j.contains("speaker_code")) {
      if (!j["speaker_code"].is_string() || !j.contains("speaker") || !j["speaker"].is_string()) {
        continue;  // an unattributed quote has no actor to check
      }
      if (!j.contains("start") || !j["start"].is_number_unsigned() || !j.contains("end") ||
          !j["end"].is_number_unsigned()) {
        return Status::InvalidInput(
            fmt::format("{}:{}: a quote record needs start and end", path, lines[i]));
      }
      GoldMention m;
      m.doc = doc;
      m.where = fmt::format("{}:{} speaker", path, lines[i]);
      m.text = j["speaker"].get<std::string>();
      m.phrase = m.text;
      m.code = j["speaker_code"].get<std::string>();
      m.speaker = true;
      m.direct = j.value("kind", "direct") == "direct";
      m.quote_begin = j["start"].get<uint32_t>();
      m.quote_end = j["end"].get<uint32_t>();
      mentions->push_back(std::move(m));
      continue;
    }
    if (!j.contains("sentence") || !j["sentence"].is_string()) {
      return Status::InvalidInput(fmt::format(
          "{}:{}: neither an event (sentence, source, target) nor a quote record", path, lines[i]));
    }
    for (const char* role : {"source", "target"}) {
      if (!j.contains(role) || !j[role].is_object()) {
        continue;
      }
      const Json& actor = j[role];
      if (!actor.contains("code") || !actor["code"].is_string() || !actor.contains("text") ||
          !actor["text"].is_string()) {
        return Status::InvalidInput(
            fmt::format("{}:{}: {} needs \"code\" and \"text\"", path, lines[i], role));
      }
      GoldMention m;
      m.doc = doc;
      m.where = fmt::format("{}:{} {}", path, lines[i], role);
      m.text = actor["text"].get<std::string>();
      m.code = actor["code"].get<std::string>();
      m.sentence = j["sentence"].get<std::string>();
      ParseMentionText(m.text, &m);
      mentions->push_back(std::move(m));
    }
  }
  return Status::OK();
}

// The code casus gives a quote's speaker: that of the casus quote overlapping the gold quote
// (the same kind first), else the code at the first occurrence of the speaker's name.
std::vector<std::string> SpeakerCodes(const Document& doc, const GoldMention& m,
                                      const std::vector<uint32_t>& cp, std::string* seen) {
  const Quote* best = nullptr;
  for (const Quote& q : doc.quotes) {
    if (cp[q.text.begin] >= m.quote_end || cp[q.text.end] <= m.quote_begin) {
      continue;
    }
    if (best == nullptr || (q.direct == m.direct && best->direct != m.direct)) {
      best = &q;
    }
  }
  if (best != nullptr && !best->speaker_code.empty()) {
    *seen = std::string(doc.Slice(best->speaker.empty() ? best->attribution : best->speaker));
    return {best->speaker_code};
  }
  const ByteSpan name = FindPhrase(doc.text, m.phrase, 0, doc.text.size());
  if (name.empty()) {
    return {};
  }
  return CodesAt(doc, name, seen);
}

}  // namespace

Status RunEvalActors(const EvalOptions& options, const std::vector<std::string>& gold_paths,
                     std::ostream* out, std::ostream* err) {
  std::vector<GoldMention> gold;
  for (const std::string& path : gold_paths) {
    CASUS_RETURN_IF_ERROR(ReadGoldMentions(path, &gold));
  }
  std::vector<std::string> doc_ids;
  doc_ids.reserve(gold.size());
  for (const GoldMention& m : gold) {
    doc_ids.push_back(m.doc);
  }
  EvalOptions located = options;
  if (located.gold_path.empty() && !gold_paths.empty()) {
    located.gold_path = gold_paths.front();
  }
  std::vector<Document> docs;
  CASUS_RETURN_IF_ERROR(
      ReadDocuments(GoldDocumentFiles(located, doc_ids), options.meta_path, &docs, err));
  // The augmented copies: each document with its implicit actors appended, one paragraph each.
  std::vector<Document> augmented;
  augmented.reserve(docs.size());
  std::map<std::string, size_t> index;
  for (const Document& doc : docs) {
    index[doc.id] = augmented.size();
    Document copy;
    copy.id = doc.id;
    copy.text = doc.text;
    copy.meta = doc.meta;
    augmented.push_back(std::move(copy));
  }
  for (GoldMention& m : gold) {
    auto it = index.find(m.doc);
    if (!m.implicit || it == index.end()) {
      continue;
    }
    std::string& text = augmented[it->second].text;
    while (!text.empty() && text.back() == '\n') {
      text.pop_back();
    }
    text += "\n\n";
    m.appended.begin = static_cast<uint32_t>(text.size());
    text += m.phrase;
    m.appended.end = static_cast<uint32_t>(text.size());
    text += ".\n";
  }
  CASUS_RETURN_IF_ERROR(CodeDocuments(options.data_dir, &docs, err));
  CASUS_RETURN_IF_ERROR(CodeDocuments(options.data_dir, &augmented, err));
  std::map<std::string, const Document*> coded;
  std::map<std::string, const Document*> coded_augmented;
  for (const Document& doc : docs) {
    coded[doc.id] = &doc;
  }
  for (const Document& doc : augmented) {
    coded_augmented[doc.id] = &doc;
  }
  std::map<std::string, std::vector<uint32_t>> code_points;

  size_t right[3] = {0, 0, 0};  // explicit phrases, implicit actors, quote speakers
  size_t total[3] = {0, 0, 0};
  for (const GoldMention& m : gold) {
    const int kind = m.speaker ? 2 : m.implicit ? 1 : 0;
    ++total[kind];
    std::vector<std::string> codes;
    std::string seen;
    std::string problem;
    const auto& table = m.implicit ? coded_augmented : coded;
    auto it = table.find(m.doc);
    if (it == table.end()) {
      problem = "document not coded";
    } else if (m.speaker) {
      const Document& doc = *it->second;
      auto [cp, fresh] = code_points.try_emplace(doc.id);
      if (fresh) {
        cp->second = CodePointOffsets(doc.text);
      }
      codes = SpeakerCodes(doc, m, cp->second, &seen);
    } else if (m.implicit) {
      codes = CodesAt(*it->second, m.appended, &seen);
    } else {
      const Document& doc = *it->second;
      const ByteSpan sentence = FindSentence(doc, m.sentence);
      const ByteSpan phrase = sentence.empty()
                                  ? ByteSpan{}
                                  : FindPhrase(doc.text, m.phrase, sentence.begin, sentence.end);
      if (sentence.empty()) {
        problem = "sentence not in the document";
      } else if (phrase.empty()) {
        problem = "phrase not in the sentence";
      } else {
        codes = CodesAt(doc, phrase, &seen);
      }
    }
    if (std::find(codes.begin(), codes.end(), m.code) != codes.end()) {
      ++right[kind];
      continue;
    }
    std::string got;
    for (const std::string& c : codes) {
      got += (got.empty() ? "" : "|") + c;
    }
    *out << fmt::format(
        "wrong {} {} [{}] got {}{}: {}\n", m.where,
        kind == 2   ? "speaker"
        : kind == 1 ? "implicit"
                    : "mention",
        m.code, got.empty() ? "nothing" : got,
        problem.empty() ? (seen.empty() ? "" : " from \"" + seen + "\"") : " (" + problem + ")",
        m.text);
  }
  auto share = [](size_t a, size_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / b; };
  *out << fmt::format(
      "actors: mentions {}/{} ({:.3f}), implicit {}/{} ({:.3f}), quote speakers {}/{} ({:.3f})\n",
      right[0], total[0], share(right[0], total[0]), right[1], total[1], share(right[1], total[1]),
      right[2], total[2], share(right[2], total[2]));
  const size_t all_right = right[0] + right[1] + right[2];
  const size_t all = total[0] + total[1] + total[2];
  *out << fmt::format("actors={:.3f} ({}/{})\n", share(all_right, all), all_right, all);
  return Status::OK();
}

}  // namespace casus
