// CoNLL-U and IOB2 reading and writing.
#include <charconv>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "lang/lang.h"

namespace casus::lang {
namespace {

Status ReadWhole(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound("cannot read " + path);
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  *text = buf.str();
  return Status::OK();
}

// Splits `line` on tabs into at most `max` fields.
int SplitTabs(std::string_view line, std::string_view* fields, int max) {
  int n = 0;
  size_t start = 0;
  while (n < max) {
    const size_t tab = line.find('\t', start);
    fields[n++] = line.substr(start, tab == std::string_view::npos ? tab : tab - start);
    if (tab == std::string_view::npos) {
      break;
    }
    start = tab + 1;
  }
  return n;
}

bool ParseInt(std::string_view s, int* v) {
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
  return ec == std::errc() && p == s.data() + s.size();
}

// Reads "Entity=B-PER" from a MISC field; "O" when absent.
std::string EntityFromMisc(std::string_view misc) {
  size_t pos = 0;
  while (pos <= misc.size()) {
    const size_t bar = misc.find('|', pos);
    const std::string_view item =
        misc.substr(pos, bar == std::string_view::npos ? std::string_view::npos : bar - pos);
    // "Entity=B-PER" as casus writes it; GUM's coreference brackets (Entity=(1-person) are not
    // BIO labels and are ignored.
    for (std::string_view key : {std::string_view("Entity="), std::string_view("NE=")}) {
      if (item.starts_with(key)) {
        const std::string_view v = item.substr(key.size());
        if (v.size() > 2 && (v[0] == 'B' || v[0] == 'I') && v[1] == '-') {
          return std::string(v);
        }
      }
    }
    if (bar == std::string_view::npos) {
      break;
    }
    pos = bar + 1;
  }
  return "O";
}

template <typename LineFn>
Status ForLines(std::string_view text, LineFn fn) {
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      nl = text.size();
    }
    std::string_view line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    ++line_no;
    CASUS_RETURN_IF_ERROR(fn(line, line_no));
    pos = nl + 1;
  }
  return fn(std::string_view(), line_no + 1);  // a final blank line closes the last sentence
}

void HandleComment(std::string_view line, TreebankSentence* cur) {
  cur->comments.emplace_back(line);
  if (line.starts_with("# sent_id = ")) {
    cur->sent_id = std::string(line.substr(12));
  } else if (line.starts_with("# text = ")) {
    cur->text = std::string(line.substr(9));
  } else if (line.starts_with("# newdoc")) {
    cur->new_doc = true;
  }
}

}  // namespace

Status ParseConllu(std::string_view text, std::string_view name,
                   std::vector<TreebankSentence>* sentences) {
  TreebankSentence cur;
  bool any = false;
  return ForLines(text, [&](std::string_view line, int line_no) -> Status {
    auto where = [&] { return std::string(name) + ":" + std::to_string(line_no) + ": "; };
    if (line.empty()) {
      if (any) {
        for (Word& w : cur.words) {
          if (w.head >= static_cast<int>(cur.words.size())) {
            return Status::InvalidInput(where() + "head out of range");
          }
        }
        sentences->push_back(std::move(cur));
      }
      cur = TreebankSentence();
      any = false;
      return Status::OK();
    }
    any = true;
    if (line[0] == '#') {
      HandleComment(line, &cur);
      return Status::OK();
    }
    std::string_view f[10];
    if (SplitTabs(line, f, 10) != 10) {
      return Status::InvalidInput(where() + "expected 10 tab-separated columns");
    }
    if (const size_t dot = f[0].find('.'); dot != std::string_view::npos) {
      int after = 0;
      if (!ParseInt(f[0].substr(0, dot), &after) || after != static_cast<int>(cur.words.size())) {
        return Status::InvalidInput(where() + "empty node out of place");
      }
      cur.empty_nodes.push_back({after, std::string(line)});
      return Status::OK();
    }
    const size_t dash = f[0].find('-');
    if (dash != std::string_view::npos) {
      int a = 0, b = 0;
      if (!ParseInt(f[0].substr(0, dash), &a) || !ParseInt(f[0].substr(dash + 1), &b) || b < a) {
        return Status::InvalidInput(where() + "bad multiword range");
      }
      cur.multiword.push_back({a - 1, b - 1, std::string(f[1]), std::string(f[9])});
      return Status::OK();
    }
    int id = 0;
    if (!ParseInt(f[0], &id) || id != static_cast<int>(cur.words.size()) + 1) {
      return Status::InvalidInput(where() + "word ids must count 1, 2, 3 …");
    }
    Word w;
    w.form = std::string(f[1]);
    w.lemma = std::string(f[2]);
    w.upos = std::string(f[3]);
    w.xpos = std::string(f[4]);
    w.feats = std::string(f[5]);
    int head = 0;
    if (f[6] == "_") {
      head = 0;
    } else if (!ParseInt(f[6], &head) || head < 0) {
      return Status::InvalidInput(where() + "bad head");
    }
    w.head = head - 1;
    w.rel = std::string(f[7]);
    w.deps = std::string(f[8]);
    w.misc = std::string(f[9]);
    w.entity = EntityFromMisc(w.misc);
    cur.words.push_back(std::move(w));
    return Status::OK();
  });
}

Status ReadConllu(const std::string& path, std::vector<TreebankSentence>* sentences) {
  std::string text;
  CASUS_RETURN_IF_ERROR(ReadWhole(path, &text));
  return ParseConllu(text, path, sentences);
}

void WriteConllu(const TreebankSentence& s, std::string* out) {
  for (const std::string& c : s.comments) {
    *out += c;
    *out += '\n';
  }
  auto col = [](const std::string& v) -> const std::string& {
    static const std::string kBlank = "_";
    return v.empty() ? kBlank : v;
  };
  size_t mwt = 0, empty = 0;
  auto empties_after = [&](size_t words) {
    while (empty < s.empty_nodes.size() && s.empty_nodes[empty].after == static_cast<int>(words)) {
      *out += s.empty_nodes[empty++].line;
      *out += '\n';
    }
  };
  empties_after(0);
  for (size_t i = 0; i < s.words.size(); ++i) {
    while (mwt < s.multiword.size() && s.multiword[mwt].first == static_cast<int>(i)) {
      const MultiwordToken& m = s.multiword[mwt++];
      *out += fmt::format("{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}\n", m.first + 1, m.last + 1, m.form,
                          col(m.misc));
    }
    const Word& w = s.words[i];
    *out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", i + 1, col(w.form),
                        col(w.lemma), col(w.upos), col(w.xpos), col(w.feats), w.head + 1,
                        col(w.rel), col(w.deps), col(w.misc));
    empties_after(i + 1);
  }
  *out += '\n';
}

Status ParseIob2(std::string_view text, std::string_view name,
                 std::vector<TreebankSentence>* sentences) {
  TreebankSentence cur;
  bool any = false;
  return ForLines(text, [&](std::string_view line, int line_no) -> Status {
    if (line.empty()) {
      if (any) {
        sentences->push_back(std::move(cur));
      }
      cur = TreebankSentence();
      any = false;
      return Status::OK();
    }
    any = true;
    if (line[0] == '#') {
      HandleComment(line, &cur);
      return Status::OK();
    }
    std::string_view f[5];
    if (SplitTabs(line, f, 5) < 3) {
      return Status::InvalidInput(std::string(name) + ":" + std::to_string(line_no) +
                                  ": expected index, form and tag");
    }
    Word w;
    w.form = std::string(f[1]);
    w.entity = std::string(f[2]);
    if (w.entity != "O" && !(w.entity.size() > 2 && (w.entity[0] == 'B' || w.entity[0] == 'I') &&
                             w.entity[1] == '-')) {
      w.entity = "O";
    }
    cur.words.push_back(std::move(w));
    return Status::OK();
  });
}

Status ReadIob2(const std::string& path, std::vector<TreebankSentence>* sentences) {
  std::string text;
  CASUS_RETURN_IF_ERROR(ReadWhole(path, &text));
  return ParseIob2(text, path, sentences);
}

}  // namespace casus::lang
