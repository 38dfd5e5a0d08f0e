// HTML to article text with gumbo.
//
// The page is walked once (iteratively: hostile pages nest deeply) and its text collected twice:
// the text of content elements (paragraphs, headings, list items, quotes, table cells) and all
// text outside the dropped elements. The first is the article when the page has any; the second
// covers pages that put their text straight into <div>s or <body>.
#include <gumbo.h>

#include <memory>
#include <vector>

#include "core/utf8.h"
#include "ingest/ingest.h"
#include "ingest/ingest_internal.h"

namespace casus::ingest {
namespace {

enum class Role { kInline, kBlock, kContent, kLineBreak, kDrop, kTitle };

Role RoleOf(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_CAPTION:
      return Role::kContent;
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
      return Role::kBlock;
    case GUMBO_TAG_BR:
      return Role::kLineBreak;
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_MATH:
      return Role::kDrop;
    case GUMBO_TAG_TITLE:
      return Role::kTitle;
    default:
      return Role::kInline;
  }
}

// Accumulates text with HTML white space collapsed and blocks separated by blank lines.
class TextBuilder {
 public:
  void Append(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
      const char c = s[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        space_ = true;
        ++i;
        continue;
      }
      // &nbsp; is layout, not content: a plain space to the tokenizer.
      if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
        space_ = true;
        i += 2;
        continue;
      }
      if (!out_.empty()) {
        if (break_ > 0) {
          out_.append(static_cast<size_t>(break_), '\n');
        } else if (space_) {
          out_.push_back(' ');
        }
      }
      break_ = 0;
      space_ = false;
      // Copy the run up to the next white space in one go.
      size_t j = i + 1;
      while (j < s.size()) {
        const char d = s[j];
        if (d == ' ' || d == '\t' || d == '\n' || d == '\r' || d == '\f' || d == '\xC2') {
          break;
        }
        ++j;
      }
      out_.append(s.substr(i, j - i));
      i = j;
    }
  }
  // 1: line break, 2: paragraph break.
  void Break(int kind) {
    break_ = std::max(break_, kind);
    space_ = false;
  }
  std::string& text() { return out_; }

 private:
  std::string out_;
  int break_ = 0;
  bool space_ = false;
};

struct OutputDeleter {
  void operator()(GumboOutput* output) const {
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
};

void CollectTitle(const GumboNode* title, std::string* out) {
  TextBuilder builder;
  const GumboVector& children = title->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE ||
        child->type == GUMBO_NODE_CDATA) {
      builder.Append(child->v.text.text);
    }
  }
  *out = std::move(builder.text());
}

}  // namespace

Status HtmlToText(std::string_view where, std::string_view html, std::string* text,
                  std::string* title) {
  text->clear();
  title->clear();
  const size_t bom = BomLength(html);
  if (const auto bad = utf8::FindInvalid(html.substr(bom)); bad.has_value()) {
    return Status::InvalidInput(std::string(where) + ": invalid UTF-8 at byte " +
                                std::to_string(bom + *bad));
  }
  html.remove_prefix(bom);
  std::unique_ptr<GumboOutput, OutputDeleter> output(
      gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
  if (output == nullptr || output->root == nullptr) {
    return Status::InvalidInput(std::string(where) + ": HTML could not be parsed");
  }

  TextBuilder content;
  TextBuilder loose;
  struct Frame {
    const GumboNode* node;
    unsigned next_child;
    Role role;
  };
  std::vector<Frame> stack;
  stack.push_back({output->root, 0, Role::kBlock});
  int content_depth = 0;
  auto break_both = [&](int kind) {
    content.Break(kind);
    loose.Break(kind);
  };
  while (!stack.empty()) {
    Frame& frame = stack.back();
    const GumboVector& children = frame.node->v.element.children;
    if (frame.next_child == children.length) {
      if (frame.role == Role::kContent || frame.role == Role::kBlock) {
        break_both(2);
      }
      if (frame.role == Role::kContent) {
        --content_depth;
      }
      stack.pop_back();
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(children.data[frame.next_child++]);
    switch (child->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        loose.Append(child->v.text.text);
        if (content_depth > 0) {
          content.Append(child->v.text.text);
        }
        break;
      case GUMBO_NODE_ELEMENT: {
        const Role role = RoleOf(child->v.element.tag);
        if (role == Role::kDrop) {
          break;
        }
        if (role == Role::kTitle) {
          if (title->empty()) {
            CollectTitle(child, title);
          }
          break;
        }
        if (role == Role::kLineBreak) {
          break_both(1);
          break;
        }
        if (role == Role::kContent || role == Role::kBlock) {
          break_both(2);
        }
        if (role == Role::kContent) {
          ++content_depth;
        }
        stack.push_back({child, 0, role});  // invalidates `frame`
        break;
      }
      default:  // comments, documents, templates
        break;
    }
  }
  *text = IsBlank(content.text()) ? std::move(loose.text()) : std::move(content.text());
  return Status::OK();
}

}  // namespace casus::ingest
