// Scoring the models against treebanks: gold tokenization, raw text (aligned by character
// offsets, as the CoNLL 2018 scorer does) and entity spans.
#include <algorithm>
#include <map>
#include <ostream>

#include <fmt/format.h>

#include "lang/lang.h"

namespace casus::lang {
namespace {

// The universal part of a relation ("nmod" of "nmod:poss"), which LAS compares.
std::string_view Universal(std::string_view rel) { return rel.substr(0, rel.find(':')); }

std::vector<std::string_view> FormsOf(const TreebankSentence& s) {
  std::vector<std::string_view> forms;
  forms.reserve(s.words.size());
  for (const Word& w : s.words) {
    forms.emplace_back(w.form);
  }
  return forms;
}

// A gold lemma "_" (unannotated) counts as right, as in the CoNLL 2018 scorer.
bool LemmaMatches(std::string_view gold, std::string_view system) {
  return gold == "_" || gold == system;
}

}  // namespace

double ParseScores::Pct(size_t correct) const {
  const size_t denom = gold_words + system_words;
  return denom == 0 ? 0.0 : 200.0 * static_cast<double>(correct) / static_cast<double>(denom);
}

double ParseScores::SentenceF1() const {
  const size_t denom = gold_sentences + system_sentences;
  return denom == 0 ? 0.0 : 200.0 * static_cast<double>(matched_sentences) / denom;
}

double ParseScores::TokenF1() const { return Pct(aligned); }

std::string ParseScores::Summary() const {
  return fmt::format("UPOS={:.1f} XPOS={:.1f} LEMMA={:.1f} UAS={:.1f} LAS={:.1f}", Pct(upos),
                     Pct(xpos), Pct(lemma), Pct(uas), Pct(las));
}

void EvaluateGoldTokens(const Models& models, const std::vector<TreebankSentence>& gold,
                        ParseScores* scores, std::ostream* errors) {
  Analysis a;
  scores->parsed = models.parser != nullptr;
  for (const TreebankSentence& s : gold) {
    const auto forms = FormsOf(s);
    a.Reset(forms);
    AnnotateSentence(models, &a);
    scores->gold_sentences++;
    scores->system_sentences++;
    scores->matched_sentences++;
    for (size_t i = 0; i < s.words.size(); ++i) {
      const Word& w = s.words[i];
      scores->gold_words++;
      scores->system_words++;
      scores->aligned++;
      scores->upos += a.upos[i] == w.upos;
      scores->xpos += a.xpos[i] == w.xpos;
      scores->lemma += LemmaMatches(w.lemma, a.lemmas[i]);
      if (errors != nullptr && !LemmaMatches(w.lemma, a.lemmas[i])) {
        *errors << "lemma\t" << w.form << '\t' << w.xpos << '\t' << a.xpos[i] << '\t' << w.lemma
                << '\t' << a.lemmas[i] << '\n';
      }
      if (errors != nullptr && a.upos[i] != w.upos) {
        *errors << "upos\t" << w.form << '\t' << w.upos << '\t' << a.upos[i] << '\n';
      }
      if (models.parser && a.heads[i] == w.head) {
        scores->uas++;
        scores->las += Universal(a.rel_names[i]) == Universal(w.rel);
      }
    }
  }
}

namespace {

// A gold word with its character span in the document text built for raw evaluation.
struct GoldWord {
  uint32_t begin, end;
  const Word* word;
  int32_t head;  // document word index, -1 for the root
};

// Builds the text of one document from its sentences (a paragraph per "# newpar", sentences
// joined by a space) and the byte span of every gold word and sentence. Words of a multiword
// token share its span unless their forms spell it out ("do" + "n't" = "don't").
void BuildDocument(std::span<const TreebankSentence> sentences, std::string* text,
                   std::vector<GoldWord>* words, std::vector<ByteSpan>* spans) {
  for (const TreebankSentence& s : sentences) {
    bool new_par = false;
    for (const std::string& c : s.comments) {
      new_par |= c.starts_with("# newpar");
    }
    if (!text->empty()) {
      *text += new_par ? "\n\n" : " ";
    }
    const uint32_t base = static_cast<uint32_t>(text->size());
    *text += s.text;
    const std::string_view sent = s.text;
    const int32_t first = static_cast<int32_t>(words->size());
    size_t pos = 0;
    auto locate = [&](std::string_view form) -> std::pair<uint32_t, uint32_t> {
      while (pos < sent.size() && (sent[pos] == ' ' || sent[pos] == '\t')) {
        ++pos;
      }
      size_t at = sent.compare(pos, form.size(), form) == 0 ? pos : sent.find(form, pos);
      if (at == std::string_view::npos) {
        at = pos;  // the text does not spell the form: an empty span that matches nothing
        return {base + static_cast<uint32_t>(at), base + static_cast<uint32_t>(at)};
      }
      pos = at + form.size();
      return {base + static_cast<uint32_t>(at), base + static_cast<uint32_t>(pos)};
    };
    size_t mwt = 0;
    for (size_t i = 0; i < s.words.size();) {
      if (mwt < s.multiword.size() && s.multiword[mwt].first == static_cast<int>(i)) {
        const MultiwordToken& m = s.multiword[mwt++];
        const auto [b, e] = locate(m.form);
        std::string joined;
        for (int k = m.first; k <= m.last; ++k) {
          joined += s.words[k].form;
        }
        uint32_t at = b;
        for (int k = m.first; k <= m.last && static_cast<size_t>(k) < s.words.size(); ++k) {
          const Word& w = s.words[k];
          if (joined == m.form) {
            words->push_back({at, at + static_cast<uint32_t>(w.form.size()), &w, 0});
            at += static_cast<uint32_t>(w.form.size());
          } else {
            words->push_back({b, e, &w, 0});
          }
        }
        i = static_cast<size_t>(m.last) + 1;
        continue;
      }
      const auto [b, e] = locate(s.words[i].form);
      words->push_back({b, e, &s.words[i], 0});
      ++i;
    }
    for (size_t k = first; k < words->size(); ++k) {
      const int h = (*words)[k].word->head;
      (*words)[k].head = h < 0 ? -1 : first + h;
    }
    spans->push_back({words->size() > static_cast<size_t>(first) ? (*words)[first].begin : base,
                      words->size() > static_cast<size_t>(first) ? words->back().end : base});
  }
}

}  // namespace

Status EvaluateRaw(const Models& models, const Stage& tokenizer,
                   const std::vector<TreebankSentence>& gold, ParseScores* scores) {
  scores->raw = true;
  scores->parsed = models.parser != nullptr;
  Analysis a;
  std::vector<std::string_view> forms;
  for (size_t start = 0; start < gold.size();) {
    size_t end = start + 1;
    while (end < gold.size() && !gold[end].new_doc) {
      ++end;
    }
    Document doc;
    doc.id = gold[start].sent_id;
    std::vector<GoldWord> gwords;
    std::vector<ByteSpan> gsent;
    BuildDocument(std::span(gold).subspan(start, end - start), &doc.text, &gwords, &gsent);
    start = end;
    doc.layers = kLayerText;
    CASUS_RETURN_IF_ERROR(tokenizer.Annotate(doc).WithContext(doc.id));

    // System words: span → gold word index (or -1), with the system's annotation.
    const TokenColumns& t = doc.tokens;
    std::map<std::pair<uint32_t, uint32_t>, int32_t> gold_at;
    for (size_t g = 0; g < gwords.size(); ++g) {
      if (gwords[g].end > gwords[g].begin) {
        gold_at.emplace(std::make_pair(gwords[g].begin, gwords[g].end), static_cast<int32_t>(g));
      }
    }
    std::vector<int32_t> match(t.size(), -1);
    for (uint32_t i = 0; i < t.size(); ++i) {
      if (auto it = gold_at.find({t.begin[i], t.end[i]}); it != gold_at.end()) {
        match[i] = it->second;
      }
    }
    scores->gold_words += gwords.size();
    scores->system_words += t.size();
    scores->gold_sentences += gsent.size();
    scores->system_sentences += doc.sentences.size();
    std::map<std::pair<uint32_t, uint32_t>, int> gold_sentence;
    for (const ByteSpan& b : gsent) {
      gold_sentence.emplace(std::make_pair(b.begin, b.end), 1);
    }
    for (const Sentence& sentence : doc.sentences) {
      if (sentence.tokens.empty()) {
        continue;
      }
      const ByteSpan b = doc.TokenBytes(sentence.tokens);
      scores->matched_sentences += gold_sentence.count({b.begin, b.end});
      forms.clear();
      for (uint32_t i = sentence.tokens.begin; i < sentence.tokens.end; ++i) {
        forms.push_back(doc.TokenText(i));
      }
      a.Reset(forms);
      AnnotateSentence(models, &a);
      for (uint32_t k = 0; k < forms.size(); ++k) {
        const uint32_t i = sentence.tokens.begin + k;
        if (match[i] < 0) {
          continue;
        }
        const GoldWord& g = gwords[match[i]];
        scores->aligned++;
        scores->upos += a.upos[k] == g.word->upos;
        scores->xpos += a.xpos[k] == g.word->xpos;
        scores->lemma += LemmaMatches(g.word->lemma, a.lemmas[k]);
        if (!models.parser) {
          continue;
        }
        const int32_t sys_head = a.heads[k] < 0 ? -1 : match[sentence.tokens.begin + a.heads[k]];
        const bool head_ok = g.head < 0 ? a.heads[k] < 0 : (a.heads[k] >= 0 && sys_head == g.head);
        if (head_ok) {
          scores->uas++;
          scores->las += Universal(a.rel_names[k]) == Universal(g.word->rel);
        }
      }
    }
  }
  return Status::OK();
}

namespace {

struct Span {
  size_t begin, end;
  int type;
  auto operator<=>(const Span&) const = default;
};

int TypeIndex(std::string_view label) {
  if (label == "PER") return 0;
  if (label == "ORG") return 1;
  if (label == "LOC") return 2;
  return -1;
}

// Entity spans of a BIO sequence; an I- without a matching B- starts a span (conlleval's rule).
template <typename Label>
std::vector<Span> SpansOf(size_t n, Label label) {
  std::vector<Span> out;
  int open = -1;
  size_t begin = 0;
  for (size_t i = 0; i <= n; ++i) {
    const std::string_view l = i < n ? label(i) : std::string_view("O");
    const bool inside = l.size() > 2 && l[1] == '-';
    const int type = inside ? TypeIndex(l.substr(2)) : -1;
    const bool cont = inside && l[0] == 'I' && type == open;
    if (open >= 0 && !cont) {
      out.push_back({begin, i, open});
      open = -1;
    }
    if (type >= 0 && !cont) {
      open = type;
      begin = i;
    }
  }
  return out;
}

}  // namespace

std::string NerScores::Report() const {
  static constexpr const char* kNames[4] = {"PER", "ORG", "LOC", "overall"};
  std::string out;
  for (int t = 0; t < 4; ++t) {
    const double p = system[t] ? 100.0 * correct[t] / system[t] : 0.0;
    const double r = gold[t] ? 100.0 * correct[t] / gold[t] : 0.0;
    const double f = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    out += fmt::format("{:<8} gold={:<5} system={:<5} P={:.1f} R={:.1f} F1={:.1f}\n", kNames[t],
                       gold[t], system[t], p, r, f);
  }
  return out;
}

void EvaluateNer(const Models& models, const std::vector<TreebankSentence>& gold,
                 NerScores* scores) {
  Analysis a;
  for (const TreebankSentence& s : gold) {
    const auto forms = FormsOf(s);
    a.Reset(forms);
    AnnotateSentence(models, &a);
    const auto g =
        SpansOf(s.words.size(), [&](size_t i) { return std::string_view(s.words[i].entity); });
    const auto p = SpansOf(s.words.size(), [&](size_t i) { return a.entity_names[i]; });
    for (const Span& x : g) {
      scores->gold[x.type]++;
      scores->gold[3]++;
    }
    for (const Span& x : p) {
      scores->system[x.type]++;
      scores->system[3]++;
      if (std::binary_search(g.begin(), g.end(), x)) {
        scores->correct[x.type]++;
        scores->correct[3]++;
      }
    }
  }
}

}  // namespace casus::lang
