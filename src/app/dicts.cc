#include "app/dicts.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "core/files.h"
#include "core/strings.h"
#include "ingest/ingest.h"

namespace casus {
namespace {

// Loads the actor files of `options` into `dict`, one summary line each to `log`.
Status AddActorFiles(const DictionaryOptions& options, ActorDictionary* dict, std::ostream* log) {
  for (const auto& [path, format] : options.actor_files) {
    DictionaryStats stats;
    CASUS_RETURN_IF_ERROR(dict->AddDictionaryFile(path, format, &stats));
    if (log != nullptr) {
      *log << "casus: " << stats.Summary(std::filesystem::path(path).filename().string()) << '\n';
    }
  }
  return Status::OK();
}

// A PETRARCH verb dictionary has verb block lines "--- NAME [CODE] ---".
bool LooksLikeVerbDictionary(std::string_view contents) {
  bool found = false;
  ForEachLine(contents, [&](size_t, std::string_view line) {
    found = found || (line.starts_with("---") && line.find('[') != std::string_view::npos &&
                      line.find("---", 3) != std::string_view::npos);
  });
  return found;
}

}  // namespace

bool LooksLikeTabariVerbs(std::string_view path, std::string_view contents) {
  if (LooksLikeVerbDictionary(contents)) {
    return false;
  }
  if (path.ends_with(".verbs")) {
    return true;
  }
  size_t patterns = 0;
  ForEachLine(contents, [&](size_t, std::string_view line) {
    line = TrimBlanks(line);
    if (line.starts_with("- ") && line.find('*') != std::string_view::npos &&
        line.find('[') != std::string_view::npos) {
      ++patterns;
    }
  });
  return patterns >= 3;
}

bool LooksLikeVerbFile(std::string_view path, std::string_view contents) {
  return LooksLikeVerbDictionary(contents) || LooksLikeTabariVerbs(path, contents);
}

Status ApplyDictionaryOptions(const DictionaryOptions& options, const std::string& data_dir,
                              Resources* resources, std::ostream* log) {
  if (!options.actor_files.empty()) {
    auto actors = std::make_shared<ActorDictionary>();
    if (!options.replace_shipped) {
      CASUS_RETURN_IF_ERROR(ActorDictionary::LoadDirectory(data_dir + "/actors", actors.get()));
    }
    CASUS_RETURN_IF_ERROR(AddActorFiles(options, actors.get(), log));
    resources->actors = std::move(actors);
  }
  if (!options.verb_files.empty()) {
    auto patterns = std::make_shared<PatternSet>();
    if (!options.replace_shipped) {
      CASUS_RETURN_IF_ERROR(
          PatternSet::LoadDirectory(data_dir + "/events", *resources->codebook, patterns.get()));
    }
    for (const std::string& path : options.verb_files) {
      std::string contents;
      CASUS_RETURN_IF_ERROR(ReadFileToString(path, &contents));
      VerbDictStats stats;
      const std::string name = std::filesystem::path(path).filename().string();
      CASUS_RETURN_IF_ERROR(
          LooksLikeTabariVerbs(path, contents)
              ? patterns->AddTabariVerbs(name, contents, *resources->codebook, &stats)
              : patterns->AddPetrarchVerbs(name, contents, *resources->codebook, &stats));
      if (log != nullptr) {
        *log << "casus: " << stats.Summary(name) << '\n';
      }
    }
    resources->patterns = std::move(patterns);
  }
  return Status::OK();
}

Status RunDictCheck(const std::vector<std::string>& paths, const std::string& data_dir,
                    size_t max_shown, std::ostream* out, DictCheckSummary* summary) {
  *summary = DictCheckSummary{};
  ActorDictionary dict;
  std::vector<Status> errors;
  auto add_casus = [&](const std::string& name, const std::string& contents) {
    ++summary->files;
    return dict.AddFile(name, contents, &errors);
  };
  for (const std::string& path : paths) {
    if (std::filesystem::is_directory(path)) {
      CASUS_RETURN_IF_ERROR(ForEachFileIn(path, ".actors", "actor dictionary", add_casus));
      continue;
    }
    std::string contents;
    CASUS_RETURN_IF_ERROR(ReadFileToString(path, &contents));
    const std::string name = std::filesystem::path(path).filename().string();
    if (LooksLikeVerbFile(path, contents)) {
      ++summary->files;
      Codebook codebook;
      CASUS_RETURN_IF_ERROR(Codebook::Load(data_dir + "/cameo/codebook.tsv", &codebook));
      PatternSet patterns;
      VerbDictStats stats;
      Status st = LooksLikeTabariVerbs(path, contents)
                      ? patterns.AddTabariVerbs(name, contents, codebook, &stats)
                      : patterns.AddPetrarchVerbs(name, contents, codebook, &stats);
      if (!st.ok()) {
        errors.push_back(st);
      }
      *out << stats.Summary(name) << '\n';
      continue;
    }
    DictionaryFormat format = DetectDictionaryFormat(path, contents);
    if (format == DictionaryFormat::kCasus) {
      CASUS_RETURN_IF_ERROR(add_casus(name, contents));
      continue;
    }
    ++summary->files;
    DictionaryStats stats;
    CASUS_RETURN_IF_ERROR(dict.AddDictionaryFile(path, format, &stats));
    *out << stats.Summary(name) << '\n';
    for (const std::string& note : stats.notes) {
      *out << "  note: " << note << '\n';
    }
  }
  summary->entries = dict.size();
  summary->syntax_errors = errors.size();
  size_t shown = 0;
  for (const Status& e : errors) {
    if (max_shown == 0 || shown++ < max_shown) {
      *out << e.message() << '\n';
    }
  }
  std::map<std::string, size_t> shown_by_kind;
  for (const std::string& problem : dict.Check()) {
    std::string kind = problem.find(": conflict: ") != std::string::npos    ? "conflict"
                       : problem.find(": duplicate: ") != std::string::npos ? "duplicate"
                                                                            : "overlap";
    (kind == "conflict"    ? summary->conflicts
     : kind == "duplicate" ? summary->duplicates
                           : summary->overlaps)++;
    if (max_shown == 0 || shown_by_kind[kind]++ < max_shown) {
      *out << problem << '\n';
    }
  }
  *out << fmt::format(
      "dict check: {} files, {} entries; {} syntax errors, {} duplicates, {} conflicts, {} "
      "overlapping date ranges\n",
      summary->files, summary->entries, summary->syntax_errors, summary->duplicates,
      summary->conflicts, summary->overlaps);
  return Status::OK();
}

Status RunPatternCoverage(const std::string& data_dir, const DictionaryOptions& options,
                          bool list_all, std::ostream* out) {
  Resources resources;
  CASUS_RETURN_IF_ERROR(Resources::Load(data_dir, &resources));
  CASUS_RETURN_IF_ERROR(ApplyDictionaryOptions(options, data_dir, &resources, out));
  const std::map<std::string, PatternSet::CodeCount> counts = resources.patterns->CountByCode();
  struct RootTally {
    std::string name;
    size_t codes = 0;
    size_t covered = 0;
    size_t patterns = 0;
    size_t phrases = 0;
  };
  std::map<std::string, RootTally> roots;
  size_t covered = 0;
  size_t total_patterns = 0;
  size_t total_phrases = 0;
  std::vector<std::string> missing;
  for (const CameoCode& code : resources.codebook->codes()) {
    RootTally& root = roots[code.root];
    if (code.code == code.root || root.name.empty()) {
      root.name = code.name;
    }
    ++root.codes;
    auto it = counts.find(code.code);
    const PatternSet::CodeCount count = it == counts.end() ? PatternSet::CodeCount{} : it->second;
    root.patterns += count.patterns;
    root.phrases += count.phrases;
    total_patterns += count.patterns;
    total_phrases += count.phrases;
    if (count.patterns > 0) {
      ++covered;
      ++root.covered;
    } else {
      missing.push_back(code.code);
    }
    if (list_all) {
      *out << fmt::format("{:<5} {:>5} patterns {:>6} phrases  {}\n", code.code, count.patterns,
                          count.phrases, code.name);
    }
  }
  *out << fmt::format("{:<4} {:>6} {:>9} {:>9}  {}\n", "root", "codes", "patterns", "phrases",
                      "name");
  for (const auto& [root, tally] : roots) {
    *out << fmt::format("{:<4} {:>2}/{:<3} {:>9} {:>9}  {}\n", root, tally.covered, tally.codes,
                        tally.patterns, tally.phrases, tally.name);
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string& code : missing) {
      list += (list.empty() ? "" : " ") + code;
    }
    *out << "codes without a pattern: " << list << '\n';
  }
  const size_t codes = resources.codebook->size();
  *out << fmt::format("patterns={} phrases={} codes={}/{} ({:.3f})\n", total_patterns,
                      total_phrases, covered, codes,
                      codes == 0 ? 0.0 : static_cast<double>(covered) / static_cast<double>(codes));
  return Status::OK();
}

Status RunDictCoverage(const std::vector<std::string>& gold_paths, const std::string& data_dir,
                       const DictionaryOptions& options, std::ostream* out) {
  Resources resources;
  CASUS_RETURN_IF_ERROR(Resources::Load(data_dir, &resources));
  CASUS_RETURN_IF_ERROR(ApplyDictionaryOptions(options, data_dir, &resources, out));
  Pipeline pipeline;
  CASUS_RETURN_IF_ERROR(
      BuildPipeline({"text.tokenize", "text.layout", "actors.match"}, resources, &pipeline));
  struct Tally {
    size_t codes = 0;
    size_t producible = 0;
    size_t found = 0;
    size_t found_country = 0;
  };
  Tally total_general;
  Tally total_suite;
  for (const std::string& path : gold_paths) {
    // Gold codes by record id, and which records need the suite's own dictionaries.
    std::string contents;
    CASUS_RETURN_IF_ERROR(ReadFileToString(path, &contents));
    std::unordered_map<std::string, std::vector<std::string>> gold;
    std::set<std::string> suite_records;
    std::istringstream lines(contents);
    std::string line;
    size_t number = 0;
    while (std::getline(lines, line)) {
      ++number;
      if (line.empty()) {
        continue;
      }
      nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
      if (record.is_discarded() || !record.is_object()) {
        return Status::InvalidInput(fmt::format("{}:{}: not a JSON object", path, number));
      }
      const std::string id = record.value("id", "");
      if (record.value("dict", "") == "suite") {
        suite_records.insert(id);
      }
      auto& codes = gold[id];
      if (record.contains("events") && record["events"].is_array()) {
        for (const auto& event : record["events"]) {
          for (const char* side : {"source", "target"}) {
            if (event.contains(side) && event[side].is_string()) {
              std::string code = event[side].get<std::string>();
              if (code.size() >= 3 && !code.starts_with("---")) {
                codes.push_back(std::move(code));
              }
            }
          }
        }
      }
    }
    std::vector<std::string> unique;
    for (const auto& [id, codes] : gold) {
      unique.insert(unique.end(), codes.begin(), codes.end());
    }
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    const std::vector<bool> can = resources.actors->CanProduce(unique);
    auto producible = [&](const std::string& code) {
      auto it = std::lower_bound(unique.begin(), unique.end(), code);
      return can[static_cast<size_t>(it - unique.begin())];
    };
    std::unique_ptr<DocumentReader> reader;
    CASUS_RETURN_IF_ERROR(DocumentReader::Open({path}, IngestOptions{}, &reader));
    Tally general;
    Tally suite;
    Document doc;
    while (reader->Next(&doc, [](const Status&) {})) {
      auto it = gold.find(doc.id);
      if (it == gold.end() || it->second.empty()) {
        continue;
      }
      if (!pipeline.Run(doc).ok()) {
        continue;
      }
      std::set<std::string> found;
      std::set<std::string> countries;
      for (const ActorMention& m : doc.mentions) {
        found.insert(m.code);
        countries.insert(m.code.substr(0, 3));
      }
      Tally& t = suite_records.contains(doc.id) ? suite : general;
      for (const std::string& code : it->second) {
        ++t.codes;
        t.producible += producible(code) ? 1 : 0;
        t.found += found.contains(code) ? 1 : 0;
        t.found_country += countries.contains(code.substr(0, 3)) ? 1 : 0;
      }
    }
    auto share = [](size_t n, size_t d) { return d == 0 ? 0.0 : 100.0 * n / d; };
    auto print = [&](std::string_view name, std::string_view part, const Tally& t) {
      if (t.codes == 0) {
        return;
      }
      *out << fmt::format(
          "coverage {} ({}): {} gold actor codes; producible {:.1f}%, found in the text {:.1f}% "
          "exact, {:.1f}% country\n",
          name, part, t.codes, share(t.producible, t.codes), share(t.found, t.codes),
          share(t.found_country, t.codes));
    };
    const std::string name = std::filesystem::path(path).filename().string();
    print(name, "general", general);
    print(name, "suite", suite);
    for (Tally* total : {&total_general, &total_suite}) {
      const Tally& t = total == &total_general ? general : suite;
      total->codes += t.codes;
      total->producible += t.producible;
      total->found += t.found;
      total->found_country += t.found_country;
    }
  }
  auto share = [](size_t n, size_t d) { return d == 0 ? 0.0 : 100.0 * n / d; };
  *out << fmt::format(
      "coverage: general records {:.1f}% producible, {:.1f}% found exact ({} codes); suite "
      "records {:.1f}% producible, {:.1f}% found exact ({} codes)\n",
      share(total_general.producible, total_general.codes),
      share(total_general.found, total_general.codes), total_general.codes,
      share(total_suite.producible, total_suite.codes), share(total_suite.found, total_suite.codes),
      total_suite.codes);
  return Status::OK();
}

}  // namespace casus
