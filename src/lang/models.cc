// The shipped models as one bundle, the "lang.annotate" stage that writes their output into a
// Document, and the CoNLL-U view of an annotated Document.
#include <filesystem>

#include <fmt/format.h>

#include "lang/lang.h"

namespace casus::lang {

Status Models::Load(const std::string& dir, Models* models) {
  std::unique_ptr<Tagger> tagger;
  CASUS_RETURN_IF_ERROR(Tagger::Load(dir + "/tagger.bin", &tagger));
  std::unique_ptr<Lemmatizer> lemmatizer;
  CASUS_RETURN_IF_ERROR(Lemmatizer::Load(dir + "/lemmatizer.bin", &lemmatizer));
  models->tagger = std::move(tagger);
  models->lemmatizer = std::move(lemmatizer);
  // The parser and the recognizer are optional: without them the stage tags and lemmatizes.
  if (std::filesystem::exists(dir + "/parser.bin")) {
    std::unique_ptr<Parser> parser;
    CASUS_RETURN_IF_ERROR(Parser::Load(dir + "/parser.bin", &parser));
    models->parser = std::move(parser);
  }
  if (std::filesystem::exists(dir + "/ner-gazetteer.tsv")) {
    auto gazetteer = std::make_shared<WordListGazetteer>();
    CASUS_RETURN_IF_ERROR(gazetteer->LoadTypedFile(dir + "/ner-gazetteer.tsv"));
    models->gazetteer = std::move(gazetteer);
  }
  if (std::filesystem::exists(dir + "/ner.bin")) {
    std::unique_ptr<Ner> ner;
    CASUS_RETURN_IF_ERROR(Ner::Load(dir + "/ner.bin", &ner));
    models->ner = std::move(ner);
  }
  return Status::OK();
}

void AnnotateSentence(const Models& models, Analysis* a) {
  if (a->forms.empty()) {
    return;
  }
  if (models.tagger) {
    models.tagger->Tag(a);
  }
  if (models.lemmatizer) {
    models.lemmatizer->Lemmatize(a);
  }
  if (models.parser) {
    models.parser->Parse(a);
  }
  if (models.ner) {
    models.ner->Recognize(a, models.gazetteer.get());
  }
}

Upos UposFromName(std::string_view name) {
  for (int u = 1; u <= static_cast<int>(Upos::kX); ++u) {
    if (UposName(static_cast<Upos>(u)) == name) {
      return static_cast<Upos>(u);
    }
  }
  return Upos::kNone;
}

namespace {

class Annotator : public Stage {
 public:
  explicit Annotator(std::shared_ptr<const Models> models) : models_(std::move(models)) {
    // The Upos of every tagger class, so that no tag name is compared per token.
    for (size_t c = 0; c < models_->tagger->Classes(); ++c) {
      upos_of_class_.push_back(UposFromName(models_->tagger->UposOf(static_cast<uint16_t>(c))));
    }
  }
  [[nodiscard]] std::string_view Name() const override { return "lang.annotate"; }
  [[nodiscard]] LayerSet Requires() const override { return kLayerSentences | kLayerTokens; }
  [[nodiscard]] LayerSet Assigns() const override {
    LayerSet layers = kLayerPos | kLayerLemmas;
    if (models_->parser) {
      layers |= kLayerDeps;
    }
    if (models_->ner) {
      layers |= kLayerEntities;
    }
    return layers;
  }

  Status Annotate(Document& doc) const override {
    Analysis a;
    std::vector<std::string_view> forms;
    TokenColumns& t = doc.tokens;
    for (const Sentence& sentence : doc.sentences) {
      forms.clear();
      for (uint32_t i = sentence.tokens.begin; i < sentence.tokens.end; ++i) {
        forms.push_back(doc.TokenText(i));
      }
      a.Reset(forms);
      AnnotateSentence(*models_, &a);
      for (uint32_t k = 0; k < forms.size(); ++k) {
        const uint32_t i = sentence.tokens.begin + k;
        t.upos[i] = upos_of_class_[a.tags[k]];
        t.xpos[i] = doc.strings.Intern(a.xpos[k]);
        t.lemma[i] = doc.strings.Intern(a.lemmas[k]);
        if (models_->parser) {
          t.head[i] =
              a.heads[k] < 0 ? -1 : static_cast<int32_t>(sentence.tokens.begin) + a.heads[k];
          t.rel[i] = doc.strings.Intern(a.rel_names[k]);
        }
        if (models_->ner) {
          const std::string_view e = a.entity_names[k];
          t.entity[i] = e.empty() || e == "O" ? 0 : doc.strings.Intern(e);
        }
      }
    }
    return Status::OK();
  }

 private:
  std::shared_ptr<const Models> models_;
  std::vector<Upos> upos_of_class_;
};

// A CoNLL-U column value: "_" for an empty one; spaces, tabs and line breaks become "_"-free
// spaces so that a row keeps its ten columns.
void AppendColumn(std::string_view v, std::string* out) {
  if (v.empty()) {
    *out += '_';
    return;
  }
  for (char c : v) {
    *out += c == '\t' || c == '\n' || c == '\r' ? ' ' : c;
  }
}

}  // namespace

std::unique_ptr<Stage> MakeAnnotator(std::shared_ptr<const Models> models) {
  return std::make_unique<Annotator>(std::move(models));
}

void DocumentToConllu(const Document& doc, std::string* out) {
  const TokenColumns& t = doc.tokens;
  const bool deps = doc.Has(kLayerDeps);
  for (size_t s = 0; s < doc.sentences.size(); ++s) {
    const Sentence& sentence = doc.sentences[s];
    if (sentence.tokens.empty()) {
      continue;
    }
    *out += fmt::format("# sent_id = {}-{}\n# text = ", doc.id.empty() ? "doc" : doc.id, s + 1);
    const ByteSpan bytes = doc.TokenBytes(sentence.tokens);
    bool space = false;
    for (char c : doc.Slice(bytes)) {
      const bool is_space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
      if (is_space) {
        space = true;
        continue;
      }
      if (space) {
        *out += ' ';
        space = false;
      }
      *out += c;
    }
    *out += '\n';
    for (uint32_t i = sentence.tokens.begin; i < sentence.tokens.end; ++i) {
      const uint32_t k = i - sentence.tokens.begin;
      *out += fmt::format("{}\t", k + 1);
      AppendColumn(doc.TokenText(i), out);
      *out += '\t';
      AppendColumn(doc.strings.Get(t.lemma[i]), out);
      *out += '\t';
      AppendColumn(UposName(t.upos[i]), out);
      *out += '\t';
      AppendColumn(doc.strings.Get(t.xpos[i]), out);
      *out += "\t_\t";
      if (deps) {
        const int32_t head = t.head[i];
        *out += fmt::format("{}\t",
                            head < 0 ? 0 : head - static_cast<int32_t>(sentence.tokens.begin) + 1);
        AppendColumn(doc.strings.Get(t.rel[i]), out);
      } else {
        *out += "_\t_";
      }
      *out += "\t_\t";
      std::string misc;
      if (t.entity[i] != 0) {
        misc += "Entity=";
        misc += doc.strings.Get(t.entity[i]);
      }
      const bool last = i + 1 == sentence.tokens.end;
      if (!last && t.end[i] == t.begin[i + 1]) {
        misc += misc.empty() ? "SpaceAfter=No" : "|SpaceAfter=No";
      }
      AppendColumn(misc, out);
      *out += '\n';
    }
    *out += '\n';
  }
}

}  // namespace casus::lang
