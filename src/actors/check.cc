// ActorDictionary::Check: the checks of `casus dict check` that need the whole dictionary
// (syntax errors are found while loading). Two entries collide when they share a phrase (same
// words and case rules) and their date ranges overlap: with the same code and kind they are a
// duplicate, with different codes a conflict the matcher settles silently (the first loaded
// wins). A country and a place of the same code may share a name ("Kuwait"); a role ending on
// the day the next begins is a handover; in a TABARI/PETRARCH block, the undated code is the
// default for dates no dated code covers, so it collides with none of them.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "actors/actors.h"
#include "actors/actors_internal.h"

namespace casus {
namespace {

bool Overlap(const ActorEntry& a, const ActorEntry& b) {
  const int64_t a_from = a.from.valid() ? a.from.DaysSinceEpoch() : INT64_MIN;
  const int64_t a_to = a.to.valid() ? a.to.DaysSinceEpoch() : INT64_MAX;
  const int64_t b_from = b.from.valid() ? b.from.DaysSinceEpoch() : INT64_MIN;
  const int64_t b_to = b.to.valid() ? b.to.DaysSinceEpoch() : INT64_MAX;
  // A role that ends on the day the next begins is a handover, not an overlap.
  return std::max(a_from, b_from) < std::min(a_to, b_to);
}

bool Dated(const ActorEntry& e) { return e.from.valid() || e.to.valid(); }

std::string Describe(const ActorEntry& e) {
  std::string code = e.kind == ActorEntryKind::kDiscard ? "discard"
                     : e.kind == ActorEntryKind::kPlace ? "place " + e.code
                     : e.kind == ActorEntryKind::kAgent ? "agent " + e.code
                                                        : e.code;
  if (e.from.valid() || e.to.valid()) {
    code += " [" + (e.from.valid() ? e.from.ToString() : "") + ".." +
            (e.to.valid() ? e.to.ToString() : "") + "]";
  }
  return code;
}

bool IsPlaceLike(ActorEntryKind k) {
  return k == ActorEntryKind::kCountry || k == ActorEntryKind::kPlace;
}

}  // namespace

std::vector<std::string> ActorDictionary::Check() const {
  const Impl& impl = *impl_;
  std::vector<std::string> words(impl.vocabulary.size());
  for (const auto& [form, id] : impl.vocabulary) {
    words[id] = form;
  }
  // Phrase key → entries using it.
  using Key = std::tuple<std::vector<uint32_t>, std::vector<uint8_t>, std::vector<std::string>>;
  std::map<Key, std::vector<uint32_t>> by_phrase;
  for (const ActorPhrase& p : impl.phrases) {
    auto& list = by_phrase[Key{p.words, p.case_rule, p.exact}];
    if (std::find(list.begin(), list.end(), p.entry) == list.end()) {
      list.push_back(p.entry);
    }
  }
  // One report per pair of entries, listing the phrases they share.
  struct Problem {
    uint32_t first = 0;
    uint32_t second = 0;
    std::string what;
    std::vector<std::string> phrases;
  };
  std::vector<Problem> problems;
  std::map<std::pair<uint32_t, uint32_t>, size_t> problem_of;
  for (const auto& [key, entries] : by_phrase) {
    if (entries.size() < 2) {
      continue;
    }
    std::string phrase;
    for (uint32_t w : std::get<0>(key)) {
      phrase += (phrase.empty() ? "" : " ") + words[w];
    }
    for (size_t i = 0; i < entries.size(); ++i) {
      for (size_t j = i + 1; j < entries.size(); ++j) {
        const ActorEntry& a = impl.entries[entries[i]];
        const ActorEntry& b = impl.entries[entries[j]];
        if (!Overlap(a, b)) {
          continue;
        }
        if (a.where == b.where && Dated(a) != Dated(b)) {
          continue;  // a peer block's undated default is the fallback of its dated roles
        }
        if (a.code == b.code && a.kind != b.kind && IsPlaceLike(a.kind) && IsPlaceLike(b.kind)) {
          continue;  // a country and its namesake city
        }
        auto [it, added] = problem_of.emplace(std::pair{entries[i], entries[j]}, problems.size());
        if (added) {
          const bool same = a.code == b.code && a.kind == b.kind;
          problems.push_back({entries[i],
                              entries[j],
                              !same                  ? "conflict"
                              : Dated(a) || Dated(b) ? "overlapping dates"
                                                     : "duplicate",
                              {}});
        }
        problems[it->second].phrases.push_back(phrase);
      }
    }
  }
  std::stable_sort(problems.begin(), problems.end(),
                   [](const Problem& x, const Problem& y) { return x.second < y.second; });
  std::vector<std::string> out;
  out.reserve(problems.size());
  for (const Problem& p : problems) {
    const ActorEntry& a = impl.entries[p.first];
    const ActorEntry& b = impl.entries[p.second];
    std::string message = b.where + ": " + p.what + ": '" + p.phrases[0] + "' is " + Describe(b) +
                          " here and " + Describe(a) + " at " + a.where;
    if (p.phrases.size() > 1) {
      message += " (and " + std::to_string(p.phrases.size() - 1) + " more:";
      for (size_t k = 1; k < p.phrases.size() && k <= 3; ++k) {
        message += (k == 1 ? " '" : ", '") + p.phrases[k] + "'";
      }
      message += p.phrases.size() > 4 ? ", ...)" : ")";
    }
    out.push_back(std::move(message));
  }
  return out;
}

std::vector<bool> ActorDictionary::CanProduce(const std::vector<std::string>& codes) const {
  const Impl& impl = *impl_;
  std::set<std::string, std::less<>> whole;
  std::set<std::string, std::less<>> bases;
  std::set<std::string, std::less<>> agents;
  for (const ActorEntry& e : impl.entries) {
    if (e.kind == ActorEntryKind::kCountry || e.kind == ActorEntryKind::kActor) {
      whole.insert(e.code);
      bases.insert(e.code.substr(0, 3));
      if (e.code.starts_with("IGO") || e.code.starts_with("NGO") || e.code.starts_with("IMG")) {
        bases.insert(e.code);
      }
    } else if (e.kind == ActorEntryKind::kAgent) {
      agents.insert(e.code);
    }
  }
  std::vector<bool> out;
  out.reserve(codes.size());
  for (const std::string& code : codes) {
    bool can = whole.contains(code);
    for (size_t split = 3; !can && split < code.size(); split += 3) {
      can = bases.contains(code.substr(0, split)) && agents.contains(code.substr(split));
    }
    out.push_back(can);
  }
  return out;
}

}  // namespace casus
