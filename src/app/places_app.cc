#include "app/places_app.h"

#include <cmath>
#include <filesystem>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "output/output.h"
#include "store/store.h"

namespace casus {
namespace {

// Code-point offset of each byte offset of `text` (the gold counts characters, casus bytes).
std::vector<uint32_t> CodePoints(const std::string& text) {
  std::vector<uint32_t> offsets(text.size() + 1, 0);
  uint32_t points = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++points;
      offsets[i] = points - 1;
    } else {
      offsets[i] = points - 1;
    }
  }
  offsets[text.size()] = points;
  return offsets;
}

std::string Describe(const Place& p) {
  std::string coords = p.has_coords ? fmt::format("{:.2f},{:.2f}", p.lat, p.lon) : "-";
  return fmt::format("{} ({} {} {}{})", p.name, p.feature, p.country, coords,
                     p.geonames_id != 0 ? fmt::format(" #{}", p.geonames_id) : "");
}

}  // namespace

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRadius = 6371.0;
  constexpr double kDegree = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * kDegree;
  const double dlon = (lon2 - lon1) * kDegree;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kDegree) * std::cos(lat2 * kDegree) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kRadius * std::asin(std::min(1.0, std::sqrt(a)));
}

Status RunPlaces(const PlacesOptions& options, std::ostream* out, size_t* count) {
  if (options.db_path != ":memory:" && !std::filesystem::exists(options.db_path)) {
    return Status::NotFound("database " + options.db_path + " does not exist (run casus code)");
  }
  std::unique_ptr<Store> store;
  CASUS_RETURN_IF_ERROR(Store::OpenSqlite(options.db_path, &store));
  std::vector<StoredPlace> places;
  CASUS_RETURN_IF_ERROR(store->QueryPlaces(options.doc_id, &places));
  const bool jsonl = options.format == "jsonl";
  if (!jsonl) {
    *out << fmt::format("{:<10} {:>4} {:<22} {:<24} {:<12} {:<2} {:>7} {:>8} {}\n", "doc", "sent",
                        "mention", "name", "feature", "cc", "lat", "lon", "basis");
  }
  for (const StoredPlace& r : places) {
    const Place& p = r.place;
    if (jsonl) {
      std::string line = "{\"doc_id\":";
      output::AppendJsonString(r.doc_id, &line);
      line += ",\"sentence\":" + std::to_string(p.sentence);
      line += ",\"mention\":";
      output::AppendJsonString(r.mention, &line);
      line += fmt::format(",\"span\":[{},{}]", p.mention.begin, p.mention.end);
      for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"name", &p.name},
                                       {"feature", &p.feature},
                                       {"country", &p.country},
                                       {"admin1", &p.admin1}}) {
        line += fmt::format(",\"{}\":", key);
        if (value->empty()) {
          line += "null";
        } else {
          output::AppendJsonString(*value, &line);
        }
      }
      line += ",\"lat\":";
      if (p.has_coords) {
        output::AppendJsonNumber(p.lat, &line);
      } else {
        line += "null";
      }
      line += ",\"lon\":";
      if (p.has_coords) {
        output::AppendJsonNumber(p.lon, &line);
      } else {
        line += "null";
      }
      line += ",\"geonames_id\":";
      line += p.geonames_id != 0 ? std::to_string(p.geonames_id) : "null";
      line += ",\"basis\":";
      output::AppendJsonString(p.basis, &line);
      *out << line << "}\n";
    } else {
      *out << fmt::format("{:<10} {:>4} {:<22} {:<24} {:<12} {:<2} {:>7} {:>8} {}\n", r.doc_id,
                          p.sentence, r.mention.substr(0, 22), p.name.substr(0, 24), p.feature,
                          p.country, p.has_coords ? fmt::format("{:.2f}", p.lat) : "-",
                          p.has_coords ? fmt::format("{:.2f}", p.lon) : "-", p.basis);
    }
  }
  *count = places.size();
  return Status::OK();
}

Status RunEvalPlaces(const EvalOptions& options, std::ostream* out, std::ostream* err) {
  struct Gold {
    std::string doc;
    std::string mention;
    std::string name;
    std::string country;
    bool has_coords = false;
    double lat = 0;
    double lon = 0;
    int64_t geonames_id = 0;
    bool metonymic = false;
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
        !j["start"].is_number_unsigned() || !j.contains("end") || !j["end"].is_number_unsigned() ||
        !j.contains("country") || !j["country"].is_string()) {
      return Status::InvalidInput(fmt::format(
          "{}:{}: not a place record (doc, start, end, country)", options.gold_path, lines[i]));
    }
    Gold g;
    g.doc = j["doc"].get<std::string>();
    g.mention = j.value("mention", "");
    g.name = j.contains("name") && j["name"].is_string() ? j["name"].get<std::string>() : "";
    g.country = j["country"].get<std::string>();
    if (j.contains("lat") && j["lat"].is_number() && j.contains("lon") && j["lon"].is_number()) {
      g.has_coords = true;
      g.lat = j["lat"].get<double>();
      g.lon = j["lon"].get<double>();
    }
    if (j.contains("geonames_id") && j["geonames_id"].is_number_integer()) {
      g.geonames_id = j["geonames_id"].get<int64_t>();
    }
    g.metonymic = j.value("metonymic", false);
    g.begin = j["start"].get<uint32_t>();
    g.end = j["end"].get<uint32_t>();
    doc_ids.push_back(g.doc);
    gold.push_back(std::move(g));
  }
  {
    Resources resources;
    CASUS_RETURN_IF_ERROR(Resources::Load(
        options.data_dir.empty() ? DefaultDataDir() : options.data_dir, &resources));
    if (!resources.gazetteer) {
      return Status::NotFound(resources.gazetteer_missing);
    }
  }
  std::vector<Document> docs;
  CASUS_RETURN_IF_ERROR(CodeInMemory(GoldDocumentFiles(options, doc_ids), options.meta_path,
                                     options.data_dir, &docs, err));
  std::map<std::string, const Document*> by_id;
  std::map<std::string, std::vector<uint32_t>> code_points;
  for (const Document& doc : docs) {
    by_id[doc.id] = &doc;
    code_points[doc.id] = CodePoints(doc.text);
  }
  size_t right = 0;
  for (const Gold& g : gold) {
    const Place* hit = nullptr;
    if (auto it = by_id.find(g.doc); it != by_id.end()) {
      const std::vector<uint32_t>& cp = code_points[g.doc];
      for (const Place& p : it->second->places) {
        if (cp[p.mention.begin] < g.end && g.begin < cp[p.mention.end]) {
          hit = &p;
          break;
        }
      }
    }
    bool ok = false;
    std::string why;
    if (g.metonymic) {
      ok = hit == nullptr;
      why = "metonymic, resolved as a place";
    } else if (hit == nullptr) {
      why = "not resolved";
    } else if (hit->country != g.country) {
      why = "wrong country";
    } else if (g.geonames_id != 0 && hit->geonames_id == g.geonames_id) {
      ok = true;
    } else if (g.has_coords && hit->has_coords) {
      const double km = DistanceKm(g.lat, g.lon, hit->lat, hit->lon);
      ok = km <= 25.0;
      why = fmt::format("{:.0f} km off", km);
    } else {
      ok = !g.has_coords && g.geonames_id == 0;
      why = "no coordinates to compare";
    }
    if (ok) {
      ++right;
      continue;
    }
    *out << fmt::format(
        "miss {} [{},{}) '{}' gold={} ({} {}{}): {}; got {}{}\n", g.doc, g.begin, g.end, g.mention,
        g.name, g.country, g.has_coords ? fmt::format("{:.2f},{:.2f}", g.lat, g.lon) : "-",
        g.metonymic ? " metonymic" : "", why, hit != nullptr ? Describe(*hit) : "nothing",
        hit != nullptr ? " [" + hit->basis + "]" : "");
  }
  const double share = gold.empty() ? 0.0 : static_cast<double>(right) / gold.size();
  *out << fmt::format("places={:.3f} ({}/{})\n", share, right, gold.size());
  return Status::OK();
}

}  // namespace casus
