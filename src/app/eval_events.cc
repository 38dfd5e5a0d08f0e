// `casus eval events`: codes the documents a gold file refers to and scores the events the way
// the reviewers' scorer (shared/tools/score_events.py) does, so that both print the same
// figures: greedy one-to-one matching per document at the exact, root and quad levels (type and
// type_src for PLOVER-only gold, penta where the gold gives pentaclasses), sentence agreement
// for document-level gold, and event-date accuracy among matched events.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/quotes_app.h"
#include "core/event_record.h"
#include "core/strings.h"
#include "output/output.h"

namespace casus {
namespace {

using Json = nlohmann::json;

std::string Norm(std::string_view s) {
  std::string folded;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
      const auto d = static_cast<unsigned char>(s[i + 2]);
      const char ascii = d == 0x9C || d == 0x9D   ? '"'
                         : d == 0x98 || d == 0x99 ? '\''
                         : d == 0x93 || d == 0x94 ? '-'
                                                  : 0;
      if (ascii != 0) {
        folded.push_back(ascii);
        i += 2;
        continue;
      }
    }
    folded.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  }
  return CollapseBlanks(folded);
}

std::set<std::string> Tokens(const std::string& normed) {
  std::set<std::string> out;
  std::string word;
  for (char c : normed) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      word.push_back(c);
    } else if (!word.empty()) {
      out.insert(word);
      word.clear();
    }
  }
  if (!word.empty()) {
    out.insert(word);
  }
  return out;
}

std::string Str(const Json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) {
    return {};
  }
  if (j[key].is_string()) {
    return j[key].get<std::string>();
  }
  return j[key].dump();
}

bool SameSentence(const Json& g, const Json& p) {
  const std::string a = Norm(Str(g, "sentence"));
  const std::string b = Norm(Str(p, "sentence"));
  if (a.empty() || b.empty()) {
    return false;
  }
  if (a.find(b) != std::string::npos || b.find(a) != std::string::npos) {
    return true;
  }
  const std::set<std::string> ta = Tokens(a);
  const std::set<std::string> tb = Tokens(b);
  size_t both = 0;
  for (const std::string& t : ta) {
    both += tb.count(t);
  }
  const size_t either = ta.size() + tb.size() - both;
  return static_cast<double>(both) / static_cast<double>(std::max<size_t>(1, either)) >= 0.6;
}

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 32);
    }
  }
  return s;
}

std::string CodeOf(const Json& actor) {
  if (actor.is_null()) {
    return {};
  }
  if (actor.is_object()) {
    return actor.contains("code") && actor["code"].is_string() ? Upper(actor["code"]) : "";
  }
  if (actor.is_array()) {
    return actor.empty() ? "" : CodeOf(actor[0]);
  }
  return Upper(actor.is_string() ? actor.get<std::string>() : actor.dump());
}
std::string ActorCode(const Json& ev, const char* key) {
  return ev.contains(key) ? CodeOf(ev[key]) : "";
}

std::string RootOf(const Json& ev) {
  std::string r = Str(ev, "root");
  if (!r.empty()) {
    while (r.size() < 2) {
      r.insert(r.begin(), '0');
    }
    return r.substr(0, 2);
  }
  const std::string c = Str(ev, "code");
  return c.size() >= 2 ? c.substr(0, 2) : "";
}

std::optional<int> QuadOf(const Json& ev) {
  if (!ev.contains("quad") || ev["quad"].is_null()) {
    return std::nullopt;
  }
  if (ev["quad"].is_number_integer()) {
    return ev["quad"].get<int>();
  }
  const std::string s = Str(ev, "quad");
  if (s.empty() || s.find_first_not_of("0123456789-") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoi(s);
}

std::string Country(const std::string& code) {
  static const std::map<std::string, std::string> aliases = {{"ROU", "ROM"}, {"COD", "ZAR"},
                                                             {"TLS", "TMP"}, {"SRB", "SER"},
                                                             {"MNE", "MNT"}, {"JAP", "JPN"}};
  const std::string c = code.substr(0, 3);
  auto it = aliases.find(c);
  return it == aliases.end() ? c : it->second;
}

std::string NormCode(const Json& ev) {
  std::string c = Str(ev, "code");
  while (!c.empty() && c.back() == ' ') {
    c.pop_back();
  }
  while (!c.empty() && c.front() == ' ') {
    c.erase(c.begin());
  }
  const bool digits = !c.empty() && c.find_first_not_of("0123456789") == std::string::npos;
  if (c.size() == 2 && digits) {
    return c + "0";
  }
  if (digits) {
    while (c.size() < 3) {
      c.insert(c.begin(), '0');
    }
  }
  return c;
}

std::optional<int> PentaOf(const Json& ev) {
  if (ev.contains("pentaclass") && !ev["pentaclass"].is_null()) {
    return ev["pentaclass"].is_number() ? ev["pentaclass"].get<int>()
                                        : std::stoi(Str(ev, "pentaclass"));
  }
  static const std::map<std::string, int> penta = {
      {"01", 0}, {"02", 0}, {"03", 1}, {"04", 1}, {"05", 1}, {"06", 2}, {"07", 2},
      {"08", 2}, {"09", 3}, {"10", 3}, {"11", 3}, {"12", 3}, {"13", 3}};
  const std::string r = RootOf(ev);
  if (r.empty()) {
    return std::nullopt;
  }
  auto it = penta.find(r);
  return it == penta.end() ? 4 : it->second;
}

// A key component; std::nullopt stands for Python's None.
using Key = std::vector<std::optional<std::string>>;

std::optional<std::string> Opt(std::optional<int> v) {
  return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
}

Key KeyOf(const Json& ev, const std::string& level) {
  const std::string s = ActorCode(ev, "source");
  const std::string t = ActorCode(ev, "target");
  if (level == "type") {
    return {Upper(Str(ev, "plover"))};
  }
  if (level == "type_src") {
    return {Upper(Str(ev, "plover")), Country(s)};
  }
  if (level == "exact") {
    return {s, t, NormCode(ev)};
  }
  if (level == "root") {
    return {Country(s), Country(t), RootOf(ev)};
  }
  if (level == "penta") {
    return {Opt(PentaOf(ev))};
  }
  return {Country(s), Opt(QuadOf(ev))};
}

bool GoldHas(const Json& g, const std::string& level) {
  if (level == "exact") {
    return !Str(g, "code").empty() && !ActorCode(g, "source").empty();
  }
  if (level == "root") {
    return !RootOf(g).empty();
  }
  if (level == "quad") {
    return QuadOf(g).has_value();
  }
  if (level == "penta") {
    return PentaOf(g).has_value();
  }
  return true;
}

bool Fits(const Key& gold, const Key& pred) {
  for (size_t i = 0; i < gold.size() && i < pred.size(); ++i) {
    if (gold[i] && !gold[i]->empty() && gold[i] != pred[i]) {
      return false;
    }
  }
  return true;
}

std::vector<std::pair<size_t, size_t>> Match(const std::vector<const Json*>& gold,
                                             const std::vector<const Json*>& pred,
                                             const std::string& level, bool use_sentence) {
  std::vector<bool> used(pred.size(), false);
  std::vector<std::pair<size_t, size_t>> pairs;
  for (size_t gi = 0; gi < gold.size(); ++gi) {
    const Key gk = KeyOf(*gold[gi], level);
    for (size_t pi = 0; pi < pred.size(); ++pi) {
      if (used[pi] || (use_sentence && !SameSentence(*gold[gi], *pred[pi]))) {
        continue;
      }
      if (Fits(gk, KeyOf(*pred[pi], level))) {
        used[pi] = true;
        pairs.emplace_back(gi, pi);
        break;
      }
    }
  }
  return pairs;
}

}  // namespace

Status RunEvalEvents(const EvalOptions& options, std::ostream* out, std::ostream* err) {
  std::vector<Json> raw;
  std::vector<size_t> lines;
  CASUS_RETURN_IF_ERROR(ReadGoldRecords(options.gold_path, &raw, &lines));
  const bool doc_level = !raw.empty() && raw[0].contains("doc");
  std::map<std::string, std::vector<Json>> gold_by;
  std::vector<std::string> inputs;
  if (doc_level) {
    std::vector<std::string> doc_ids;
    for (const Json& g : raw) {
      doc_ids.push_back(Str(g, "doc"));
      gold_by[doc_ids.back()].push_back(g);
    }
    inputs = GoldDocumentFiles(options, doc_ids);
  } else {
    for (const Json& rec : raw) {
      const std::string id = Str(rec, "id");
      std::vector<Json>& events = gold_by[id];
      if (rec.contains("events") && rec["events"].is_array()) {
        for (Json e : rec["events"]) {
          e["sentence"] = Str(rec, "text");
          events.push_back(std::move(e));
        }
      }
    }
    inputs.push_back(options.gold_path);
  }
  std::vector<Document> docs;
  CASUS_RETURN_IF_ERROR(CodeInMemory(inputs, options.meta_path, options.data_dir, &docs, err));
  std::map<std::string, std::vector<Json>> pred_by;
  for (const Document& doc : docs) {
    for (const EventRecord& record : MakeEventRecords(doc)) {
      pred_by[record.doc_id].push_back(Json::parse(output::EventToJson(record)));
    }
  }
  auto refs = [](const std::vector<Json>& v) {
    std::vector<const Json*> out;
    for (const Json& j : v) {
      out.push_back(&j);
    }
    return out;
  };
  std::vector<std::string> ids;
  for (const auto& [id, events] : gold_by) {
    ids.push_back(id);
  }
  std::vector<std::string> levels = {"exact", "root", "quad"};
  bool plover_only = false;
  bool penta = false;
  for (const auto& [id, events] : gold_by) {
    for (const Json& e : events) {
      plover_only = plover_only || (!Str(e, "plover").empty() && Str(e, "code").empty());
      penta = penta || (e.contains("pentaclass") && !e["pentaclass"].is_null());
    }
  }
  if (plover_only) {
    levels = {"type", "type_src"};
  }
  if (penta) {
    levels.push_back("penta");
  }
  std::string summary;
  for (const std::string& level : levels) {
    size_t ng = 0;
    size_t npred = 0;
    size_t matched = 0;
    bool any = false;
    for (const std::string& id : ids) {
      const std::vector<Json>& gold = gold_by[id];
      const bool keep = gold.empty() || std::all_of(gold.begin(), gold.end(), [&](const Json& e) {
                          return GoldHas(e, level);
                        });
      if (!keep) {
        continue;
      }
      any = any || !gold.empty();
      ng += gold.size();
      npred += pred_by[id].size();
      matched += Match(refs(gold), refs(pred_by[id]), level, doc_level).size();
    }
    if (!any) {
      continue;
    }
    const double p =
        npred ? static_cast<double>(matched) / static_cast<double>(npred) : (ng == 0 ? 1.0 : 0.0);
    const double r = ng ? static_cast<double>(matched) / static_cast<double>(ng) : 1.0;
    const double f = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    *out << fmt::format("{:5s}  P={:.3f} R={:.3f} F1={:.3f}  (matched {}, gold {}, predicted {})\n",
                        level, p, r, f, matched, ng, npred);
    summary += fmt::format("{}{}_f1={:.3f}", summary.empty() ? "" : " ", level, f);
  }
  *out << summary << '\n';
  return Status::OK();
}

}  // namespace casus
