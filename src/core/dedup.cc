#include "core/dedup.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "core/date.h"

namespace casus {
namespace {

constexpr uint64_t kFnvOffset = 14695981039346656037ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;
constexpr size_t kShingleWords = 4;
constexpr size_t kPassageWords = 8;
constexpr uint64_t kPassageSampleMask = 7;  // keep hashes ≡ 0 (mod 8)
constexpr uint32_t kEmptyBin = 0xffffffffU;

// splitmix64's finaliser: spreads FNV's weak low bits over the word.
uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

uint64_t Fnv(std::string_view bytes, uint64_t h = kFnvOffset) {
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

// Word hashes of `text`: maximal runs of ASCII letters and digits and of non-ASCII bytes,
// ASCII lower-cased.
std::vector<uint64_t> WordHashes(std::string_view text) {
  std::vector<uint64_t> words;
  uint64_t h = kFnvOffset;
  bool in_word = false;
  for (const char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    const bool word_byte =
        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    if (word_byte) {
      if (c >= 'A' && c <= 'Z') {
        c = static_cast<unsigned char>(c - 'A' + 'a');
      }
      h ^= c;
      h *= kFnvPrime;
      in_word = true;
    } else if (in_word) {
      words.push_back(Mix(h));
      h = kFnvOffset;
      in_word = false;
    }
  }
  if (in_word) {
    words.push_back(Mix(h));
  }
  return words;
}

// Documents in dedup order: published date (unknown last), then id.
bool Earlier(const DedupDocument& a, const DedupDocument& b) {
  const bool a_unknown = a.published.empty();
  const bool b_unknown = b.published.empty();
  return std::tie(a_unknown, a.published, a.id) < std::tie(b_unknown, b.published, b.id);
}

}  // namespace

int64_t StableId(std::string_view key) {
  const uint64_t h = Mix(Fnv(key));
  const int64_t id = static_cast<int64_t>(h & ((1ULL << 53) - 1));
  return id == 0 ? 1 : id;
}

MinHash MinHashOf(std::string_view text) {
  MinHash bins;
  bins.fill(kEmptyBin);
  const std::vector<uint64_t> words = WordHashes(text);
  if (words.empty()) {
    return bins;
  }
  const size_t width = std::min(kShingleWords, words.size());
  for (size_t i = 0; i + width <= words.size(); ++i) {
    uint64_t h = 0;
    for (size_t k = 0; k < width; ++k) {
      h = Mix(h ^ (words[i + k] + k));
    }
    const size_t bin = h >> 58;  // top 6 bits: kMinHashSize = 64 bins
    const auto value = static_cast<uint32_t>(h & 0xfffffffeU);  // never kEmptyBin
    bins[bin] = std::min(bins[bin], value);
  }
  // Densify: an empty bin takes the next filled bin's value (circularly), mixed with the distance
  // so that two borrowed bins are not trivially equal to their source.
  MinHash dense = bins;
  for (size_t b = 0; b < kMinHashSize; ++b) {
    if (bins[b] != kEmptyBin) {
      continue;
    }
    for (size_t step = 1; step < kMinHashSize; ++step) {
      const uint32_t v = bins[(b + step) % kMinHashSize];
      if (v != kEmptyBin) {
        dense[b] = static_cast<uint32_t>(Mix(v + (step << 32)) & 0xfffffffeU);
        break;
      }
    }
  }
  return dense;
}

PassageSketch PassageSketchOf(std::string_view text) {
  const std::vector<uint64_t> words = WordHashes(text);
  PassageSketch sketch;
  for (size_t i = 0; i + kPassageWords <= words.size(); ++i) {
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (size_t k = 0; k < kPassageWords; ++k) {
      h = Mix(h ^ (words[i + k] + k));
    }
    if ((h & kPassageSampleMask) == 0) {
      sketch.push_back(h);
    }
  }
  std::sort(sketch.begin(), sketch.end());
  sketch.erase(std::unique(sketch.begin(), sketch.end()), sketch.end());
  return sketch;
}

std::string PassageSketchToBytes(const PassageSketch& sketch) {
  std::string out(sketch.size() * 8, '\0');
  for (size_t i = 0; i < sketch.size(); ++i) {
    for (size_t k = 0; k < 8; ++k) {
      out[i * 8 + k] = static_cast<char>((sketch[i] >> (8 * k)) & 0xff);
    }
  }
  return out;
}

bool PassageSketchFromBytes(std::string_view bytes, PassageSketch* sketch) {
  if (bytes.size() % 8 != 0) {
    return false;
  }
  sketch->assign(bytes.size() / 8, 0);
  for (size_t i = 0; i < sketch->size(); ++i) {
    uint64_t v = 0;
    for (size_t k = 0; k < 8; ++k) {
      v |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[i * 8 + k])) << (8 * k);
    }
    (*sketch)[i] = v;
  }
  return true;
}

double MinHashSimilarity(const MinHash& a, const MinHash& b) {
  size_t equal = 0;
  for (size_t i = 0; i < kMinHashSize; ++i) {
    equal += a[i] == b[i] ? 1 : 0;
  }
  return static_cast<double>(equal) / static_cast<double>(kMinHashSize);
}

std::string MinHashToBytes(const MinHash& hash) {
  std::string out(kMinHashSize * 4, '\0');
  for (size_t i = 0; i < kMinHashSize; ++i) {
    for (size_t k = 0; k < 4; ++k) {
      out[i * 4 + k] = static_cast<char>((hash[i] >> (8 * k)) & 0xff);
    }
  }
  return out;
}

bool MinHashFromBytes(std::string_view bytes, MinHash* hash) {
  if (bytes.size() != kMinHashSize * 4) {
    return false;
  }
  for (size_t i = 0; i < kMinHashSize; ++i) {
    uint32_t v = 0;
    for (size_t k = 0; k < 4; ++k) {
      v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i * 4 + k])) << (8 * k);
    }
    (*hash)[i] = v;
  }
  return true;
}

std::vector<DocLink> LinkNearDuplicates(const std::vector<DedupDocument>& docs, double threshold) {
  std::vector<size_t> order(docs.size());
  for (size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return Earlier(docs[a], docs[b]); });
  constexpr size_t kRows = kMinHashSize / kMinHashBands;
  // Bucket lists hold ranks, appended in processing (rank) order, so each is sorted.
  std::vector<std::unordered_map<uint64_t, std::vector<size_t>>> buckets(kMinHashBands);
  std::unordered_map<uint64_t, std::vector<size_t>> passages;  // sketch value → ranks
  std::vector<DocLink> links;
  std::map<size_t, size_t> shared;  // rank of an earlier document → shared sketch values
  std::vector<const std::vector<size_t>*> lists;
  std::vector<size_t> heads;
  std::array<uint64_t, kMinHashBands> keys{};
  for (size_t r = 0; r < order.size(); ++r) {
    const size_t i = order[r];
    const MinHash& sig = docs[i].signature;
    lists.clear();
    for (size_t band = 0; band < kMinHashBands; ++band) {
      uint64_t key = band;
      for (size_t row = 0; row < kRows; ++row) {
        key = Mix(key ^ sig[band * kRows + row]);
      }
      keys[band] = key;
      auto it = buckets[band].find(key);
      if (it != buckets[band].end()) {
        lists.push_back(&it->second);
      }
    }
    // The candidates, earliest first and each once: a merge of the sorted bucket lists that
    // stops at the first candidate similar enough. A wire copy is linked after one comparison
    // however many earlier copies share its buckets.
    heads.assign(lists.size(), 0);
    bool linked = false;
    while (!linked) {
      size_t next = order.size();
      for (size_t l = 0; l < lists.size(); ++l) {
        if (heads[l] < lists[l]->size()) {
          next = std::min(next, (*lists[l])[heads[l]]);
        }
      }
      if (next == order.size()) {
        break;
      }
      for (size_t l = 0; l < lists.size(); ++l) {
        if (heads[l] < lists[l]->size() && (*lists[l])[heads[l]] == next) {
          ++heads[l];
        }
      }
      const size_t c = order[next];
      const double sim = MinHashSimilarity(sig, docs[c].signature);
      if (sim >= threshold) {
        links.push_back({docs[i].id, docs[c].id, sim, std::string(kLinkNearDuplicate)});
        linked = true;
      }
    }
    // A shared passage links only documents that are no near-duplicate.
    if (!linked) {
      shared.clear();
      for (const uint64_t v : docs[i].passages) {
        auto it = passages.find(v);
        if (it == passages.end()) {
          continue;
        }
        for (const size_t c : it->second) {
          ++shared[c];
        }
      }
      for (const auto& [c_rank, n] : shared) {  // earliest earlier document first
        if (n < kMinSharedPassage) {
          continue;
        }
        const size_t c = order[c_rank];
        const size_t smaller = std::min(docs[i].passages.size(), docs[c].passages.size());
        links.push_back({docs[i].id, docs[c].id,
                         static_cast<double>(n) / static_cast<double>(std::max<size_t>(1, smaller)),
                         std::string(kLinkSharedPassage)});
        break;
      }
    }
    for (const uint64_t v : docs[i].passages) {
      passages.try_emplace(v).first->second.push_back(r);
    }
    for (size_t band = 0; band < kMinHashBands; ++band) {
      buckets[band][keys[band]].push_back(r);
    }
  }
  std::sort(links.begin(), links.end(),
            [](const DocLink& a, const DocLink& b) { return a.doc_id < b.doc_id; });
  return links;
}

void ClusterEvents(const std::vector<ClusterEvent>& events, std::vector<EventCluster>* clusters,
                   std::vector<size_t>* member_of) {
  clusters->clear();
  member_of->assign(events.size(), 0);
  // Day number of each event (day-precise dates only) and its precision rank.
  struct Keyed {
    size_t index;
    int precision;  // 0 undated, 1 year, 2 month, 3 day
    int64_t day;
  };
  std::vector<Keyed> keyed(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    const std::optional<Date> d = Date::Parse(events[i].date);
    keyed[i] = {i, d ? static_cast<int>(d->precision) : 0, d ? d->DaysSinceEpoch() : 0};
  }
  auto key_of = [&](const Keyed& k) {
    const ClusterEvent& e = events[k.index];
    return std::tie(e.source, e.target, e.root, e.location, k.precision);
  };
  std::sort(keyed.begin(), keyed.end(), [&](const Keyed& a, const Keyed& b) {
    const auto ka = key_of(a);
    const auto kb = key_of(b);
    if (ka != kb) {
      return ka < kb;
    }
    const ClusterEvent& ea = events[a.index];
    const ClusterEvent& eb = events[b.index];
    return std::tie(a.day, ea.date, ea.doc_id, ea.idx) <
           std::tie(b.day, eb.date, eb.doc_id, eb.idx);
  });

  struct Open {
    std::set<std::string> sources;
    std::set<std::string> docs;
  };
  std::set<int64_t> used_ids;
  Open open;
  size_t start = 0;
  auto close = [&](size_t end) {  // keyed[start, end) is one cluster
    const ClusterEvent& first = events[keyed[start].index];
    EventCluster c;
    c.source = first.source;
    c.target = first.target;
    c.root = first.root;
    c.location = first.location;
    c.first_date = first.date;
    c.last_date = events[keyed[end - 1].index].date;
    c.num_mentions = static_cast<int64_t>(end - start);
    size_t first_member = keyed[start].index;
    for (size_t k = start; k < end; ++k) {
      const ClusterEvent& e = events[keyed[k].index];
      open.sources.insert(e.source_key);
      open.docs.insert(e.doc_id);
      const ClusterEvent& best = events[first_member];
      if (std::tie(e.doc_id, e.idx) < std::tie(best.doc_id, best.idx)) {
        first_member = keyed[k].index;
      }
    }
    c.num_sources = static_cast<int64_t>(open.sources.size());
    c.num_articles = static_cast<int64_t>(open.docs.size());
    c.first_member = first_member;
    std::string key = c.source + '\x1f' + c.target + '\x1f' + c.root + '\x1f' + c.location +
                      '\x1f' + c.first_date;
    if (keyed[start].precision == 0) {
      // Undated events stay alone: the event itself is the key.
      key += '\x1f' + first.doc_id + '\x1f' + std::to_string(first.idx);
    }
    c.id = StableId(key);
    for (int n = 1; used_ids.count(c.id) != 0; ++n) {
      c.id = StableId(key + '#' + std::to_string(n));
    }
    used_ids.insert(c.id);
    for (size_t k = start; k < end; ++k) {
      (*member_of)[keyed[k].index] = clusters->size();
    }
    clusters->push_back(std::move(c));
    open = Open{};
  };
  for (size_t k = 0; k < keyed.size(); ++k) {
    if (k == start) {
      continue;
    }
    const bool same_key = key_of(keyed[k]) == key_of(keyed[start]);
    bool joins = false;
    if (same_key) {
      switch (keyed[k].precision) {
        case 0:
          joins = false;
          break;
        case static_cast<int>(DatePrecision::kDay):
          joins = keyed[k].day - keyed[start].day <= 1;
          break;
        default:
          joins = events[keyed[k].index].date == events[keyed[start].index].date;
      }
    }
    if (!joins) {
      close(k);
      start = k;
    }
  }
  if (!keyed.empty()) {
    close(keyed.size());
  }
  // Order by id; remap member_of.
  std::vector<size_t> order(clusters->size());
  for (size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return (*clusters)[a].id < (*clusters)[b].id; });
  std::vector<size_t> new_index(order.size());
  std::vector<EventCluster> sorted;
  sorted.reserve(order.size());
  for (size_t r = 0; r < order.size(); ++r) {
    new_index[order[r]] = r;
    sorted.push_back(std::move((*clusters)[order[r]]));
  }
  *clusters = std::move(sorted);
  for (size_t& m : *member_of) {
    m = new_index[m];
  }
}

}  // namespace casus
