#include "core/dedup.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace casus {
namespace {

// A wire story, a republished copy with a new opening line and small edits, and an unrelated
// story on a similar subject (same actors, other events).
constexpr std::string_view kWire =
    "Syrian government forces shelled the town of Maarat al-Numan in Idlib province on Monday, "
    "killing at least nine civilians, according to the Syrian Observatory for Human Rights. "
    "The monitoring group said the bombardment hit a market and a school. Rebel groups "
    "responded with rocket fire on government positions near Hama. The United Nations called "
    "on all sides to respect a ceasefire agreed in Sochi last year and to protect civilians. "
    "Turkey, which backs some rebel factions, said it was in contact with Russia about the "
    "escalation. Residents described scenes of panic as families fled north toward the border.";
constexpr std::string_view kRepublished =
    "BEIRUT (Reuters) - Syrian government forces shelled the town of Maarat al-Numan in Idlib "
    "province on Monday, killing at least nine civilians, according to the Syrian Observatory "
    "for Human Rights. The monitoring group said the bombardment hit a market and a school. "
    "Rebel groups responded with rocket fire on government positions near Hama. The United "
    "Nations called on all sides to respect the ceasefire agreed in Sochi last year and to "
    "protect civilians. Turkey, which backs some rebel factions, said it was in contact with "
    "Russia about the escalation. Residents described scenes of panic as families fled north "
    "toward the Turkish border.";
constexpr std::string_view kOther =
    "Russian and Turkish officials met in Ankara on Tuesday to discuss the situation in Idlib "
    "province, where a ceasefire has repeatedly broken down. The talks, which lasted several "
    "hours, ended without a joint statement. Turkey has reinforced its observation posts in "
    "northwestern Syria, while Russia accuses rebel groups of violating the agreement. Aid "
    "agencies warned that hundreds of thousands of people could be displaced if fighting "
    "spreads toward the border with Turkey.";

constexpr std::string_view kElection =
    "Voters in Kyrgyzstan went to the polls on Sunday in a parliamentary election that "
    "observers from the OSCE described as competitive but marred by vote buying. The central "
    "election commission said turnout stood at 34 percent, the lowest since independence.";

TEST(MinHash, NearDuplicatesAreSimilarAndOthersAreNot) {
  const MinHash wire = MinHashOf(kWire);
  EXPECT_GE(MinHashSimilarity(wire, MinHashOf(kRepublished)), 0.6);
  EXPECT_LE(MinHashSimilarity(wire, MinHashOf(kOther)), 0.2);
  EXPECT_EQ(MinHashSimilarity(wire, wire), 1.0);
  // Case and punctuation do not matter.
  std::string shouted(kWire);
  std::transform(shouted.begin(), shouted.end(), shouted.begin(), [](char c) {
    return c == ',' ? ';' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  });
  EXPECT_EQ(MinHashSimilarity(wire, MinHashOf(shouted)), 1.0);
}

TEST(MinHash, ShortAndEmptyTexts) {
  EXPECT_EQ(MinHashSimilarity(MinHashOf("two words"), MinHashOf("Two words.")), 1.0);
  EXPECT_LT(MinHashSimilarity(MinHashOf("two words"), MinHashOf("other words")), 1.0);
  EXPECT_EQ(MinHashSimilarity(MinHashOf(""), MinHashOf("")), 1.0);
  EXPECT_EQ(MinHashSimilarity(MinHashOf(""), MinHashOf("some text here")), 0.0);
}

TEST(MinHash, BytesRoundTrip) {
  const MinHash h = MinHashOf(kWire);
  const std::string bytes = MinHashToBytes(h);
  EXPECT_EQ(bytes.size(), kMinHashSize * 4);
  MinHash back{};
  ASSERT_TRUE(MinHashFromBytes(bytes, &back));
  EXPECT_EQ(back, h);
  EXPECT_FALSE(MinHashFromBytes("short", &back));
}

TEST(LinkNearDuplicates, LinksLaterCopiesToTheEarliestOriginal) {
  std::vector<DedupDocument> docs = {
      {"c-copy", "2024-12-03", MinHashOf(kRepublished)},
      {"a-wire", "2024-12-02", MinHashOf(kWire)},
      {"b-other", "2024-12-02", MinHashOf(kOther)},
      {"d-copy2", "", MinHashOf(std::string(kWire) + " Updated.")},
  };
  const std::vector<DocLink> links = LinkNearDuplicates(docs, 0.5);
  ASSERT_EQ(links.size(), 2U);
  EXPECT_EQ(links[0].doc_id, "c-copy");
  EXPECT_EQ(links[0].duplicate_of, "a-wire");
  EXPECT_GE(links[0].similarity, 0.6);
  EXPECT_EQ(links[0].kind, kLinkNearDuplicate);
  EXPECT_EQ(links[1].doc_id, "d-copy2");  // undated: ordered last
  EXPECT_EQ(links[1].duplicate_of, "a-wire");
  // The input order does not matter.
  std::reverse(docs.begin(), docs.end());
  EXPECT_EQ(LinkNearDuplicates(docs, 0.5), links);
  // A threshold above every similarity links nothing.
  EXPECT_TRUE(LinkNearDuplicates(docs, 1.01).empty());
}

TEST(LinkNearDuplicates, ArticlesQuotingTheSameBriefingShareAPassage) {
  constexpr std::string_view kQuote =
      "\"We have been clear that the regime's continued refusal to engage in the political "
      "process has created the conditions for this offensive, and we want to see a "
      "de-escalation that protects civilians and minority groups,\" the spokesman said.";
  const std::string first =
      "The State Department responded to the rebel advance on Aleppo on "
      "Monday. " +
      std::string(kQuote) + " Washington has no forces near the city and urged restraint. " +
      std::string(kWire);
  const std::string second =
      "Kurdish officials in Qamishli asked for protection as fighting spread. Asked about the "
      "situation at a briefing, " +
      std::string(kQuote) + " Ankara did not comment on the remarks by Tuesday evening. " +
      std::string(kOther);
  const std::vector<DedupDocument> docs = {
      {"later", "2024-12-03", MinHashOf(second), PassageSketchOf(second)},
      {"earlier", "2024-12-02", MinHashOf(first), PassageSketchOf(first)},
      {"unrelated", "2024-12-01", MinHashOf(kElection), PassageSketchOf(kElection)},
  };
  EXPECT_LT(MinHashSimilarity(docs[0].signature, docs[1].signature), 0.5);
  const std::vector<DocLink> links = LinkNearDuplicates(docs, 0.5);
  ASSERT_EQ(links.size(), 1U);
  EXPECT_EQ(links[0].doc_id, "later");
  EXPECT_EQ(links[0].duplicate_of, "earlier");
  EXPECT_EQ(links[0].kind, kLinkSharedPassage);
  EXPECT_GT(links[0].similarity, 0.0);
  PassageSketch back;
  ASSERT_TRUE(PassageSketchFromBytes(PassageSketchToBytes(docs[0].passages), &back));
  EXPECT_EQ(back, docs[0].passages);
}

ClusterEvent Ev(std::string doc, int64_t idx, std::string date, std::string publisher = "P",
                std::string source = "SYRMIL", std::string target = "SYRREB",
                std::string root = "19") {
  ClusterEvent e;
  e.doc_id = std::move(doc);
  e.idx = idx;
  e.source = std::move(source);
  e.target = std::move(target);
  e.root = std::move(root);
  e.date = std::move(date);
  e.source_key = std::move(publisher);
  return e;
}

// LinkNearDuplicates() as it was before its candidate merge and its early exit (every
// candidate sorted, passages counted for linked documents too): the reference the faster one
// must match link for link.
uint64_t ReferenceMix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

std::vector<DocLink> ReferenceLinks(const std::vector<DedupDocument>& docs, double threshold) {
  std::vector<size_t> order(docs.size());
  for (size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const bool au = docs[a].published.empty();
    const bool bu = docs[b].published.empty();
    return std::tie(au, docs[a].published, docs[a].id) <
           std::tie(bu, docs[b].published, docs[b].id);
  });
  // rank[i]: position of docs[i] in dedup order.
  std::vector<size_t> rank(docs.size());
  for (size_t r = 0; r < order.size(); ++r) {
    rank[order[r]] = r;
  }
  constexpr size_t kRows = kMinHashSize / kMinHashBands;
  std::vector<std::unordered_map<uint64_t, std::vector<size_t>>> buckets(kMinHashBands);
  std::unordered_map<uint64_t, std::vector<size_t>> passages;  // sketch value → documents
  std::vector<DocLink> links;
  std::vector<size_t> candidates;
  std::map<size_t, size_t> shared;  // rank of an earlier document → shared sketch values
  for (const size_t i : order) {
    const MinHash& sig = docs[i].signature;
    candidates.clear();
    std::vector<uint64_t> keys(kMinHashBands);
    for (size_t band = 0; band < kMinHashBands; ++band) {
      uint64_t key = band;
      for (size_t r = 0; r < kRows; ++r) {
        key = ReferenceMix(key ^ sig[band * kRows + r]);
      }
      keys[band] = key;
      auto it = buckets[band].find(key);
      if (it != buckets[band].end()) {
        candidates.insert(candidates.end(), it->second.begin(), it->second.end());
      }
    }
    // Earliest earlier document first; each compared once.
    std::sort(candidates.begin(), candidates.end(),
              [&](size_t a, size_t b) { return rank[a] < rank[b]; });
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    bool linked = false;
    for (const size_t c : candidates) {
      const double sim = MinHashSimilarity(sig, docs[c].signature);
      if (sim >= threshold) {
        links.push_back({docs[i].id, docs[c].id, sim, std::string(kLinkNearDuplicate)});
        linked = true;
        break;
      }
    }
    shared.clear();
    for (const uint64_t v : docs[i].passages) {
      auto it = passages.find(v);
      if (it == passages.end()) {
        continue;
      }
      for (const size_t c : it->second) {
        ++shared[rank[c]];
      }
    }
    for (const uint64_t v : docs[i].passages) {
      passages.try_emplace(v).first->second.push_back(i);
    }
    for (const auto& [r, n] : shared) {  // earliest earlier document first
      if (linked || n < kMinSharedPassage) {
        continue;
      }
      const size_t c = order[r];
      const size_t smaller = std::min(docs[i].passages.size(), docs[c].passages.size());
      links.push_back({docs[i].id, docs[c].id,
                       static_cast<double>(n) / static_cast<double>(std::max<size_t>(1, smaller)),
                       std::string(kLinkSharedPassage)});
      linked = true;
    }
    for (size_t band = 0; band < kMinHashBands; ++band) {
      buckets[band][keys[band]].push_back(i);
    }
  }
  std::sort(links.begin(), links.end(),
            [](const DocLink& a, const DocLink& b) { return a.doc_id < b.doc_id; });
  return links;
}

TEST(LinkNearDuplicates, MatchesTheReferenceOnManyCopiesAndSharedPassages) {
  // Copies of a few stories with edits, stories that share a paragraph, and unrelated ones,
  // some undated, in an order unrelated to their dates.
  const std::vector<std::string> paragraphs = {std::string(kWire), std::string(kOther),
                                               std::string(kElection), std::string(kRepublished)};
  std::vector<DedupDocument> docs;
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  for (int n = 0; n < 400; ++n) {
    std::string text = paragraphs[next() % paragraphs.size()];
    switch (next() % 4) {
      case 0:  // a new opening line
        text = "UPDATE " + std::to_string(next() % 50) + " - " + text;
        break;
      case 1:  // another story quoting this one's passage
        text = "In other news, officials in the capital met on day " + std::to_string(n) +
               " to discuss an unrelated budget and a new road. " + text.substr(0, 220) +
               " The meeting ended late after several hours of talks about the harbour.";
        break;
      case 2:  // a story of its own
        text = "Story " + std::to_string(n) + " reports " + std::to_string(next()) +
               " tonnes of grain shipped from port " + std::to_string(next() % 7) + ".";
        break;
      default:
        break;
    }
    DedupDocument& d = docs.emplace_back();
    d.id = "doc-" + std::to_string(next() % 1000) + "-" + std::to_string(n);
    d.published = next() % 5 == 0 ? ""
                                  : "2024-0" + std::to_string(1 + next() % 9) + "-1" +
                                        std::to_string(next() % 10);
    d.signature = MinHashOf(text);
    d.passages = PassageSketchOf(text);
  }
  for (const double threshold : {0.3, 0.5, 0.8}) {
    const std::vector<DocLink> links = LinkNearDuplicates(docs, threshold);
    EXPECT_EQ(links, ReferenceLinks(docs, threshold)) << threshold;
    size_t near = 0;
    size_t passage = 0;
    for (const DocLink& link : links) {
      (link.kind == kLinkNearDuplicate ? near : passage) += 1;
    }
    EXPECT_GT(near, 100U) << threshold;
    EXPECT_GT(passage, 0U) << threshold;
  }
}

TEST(ClusterEvents, SameDyadRootAndDayWindowMerge) {
  const std::vector<ClusterEvent> events = {
      Ev("a", 0, "2024-12-02", "Reuters"),
      Ev("a", 1, "2024-12-02", "Reuters"),  // a second mention in the same article
      Ev("b", 0, "2024-12-03", "AP"),       // the next day, another source
      Ev("c", 0, "2024-12-05", "AP"),       // three days later: a new happening
      Ev("d", 0, "2024-12-02", "AP", "SYRMIL", "SYRREB", "18"),  // other root
      Ev("e", 0, "2024-12-02", "AP", "SYRREB", "SYRMIL"),        // reversed dyad
      Ev("f", 0, "", "AP"),                                      // undated: alone
      Ev("g", 0, "", "AP"),
  };
  std::vector<EventCluster> clusters;
  std::vector<size_t> member_of;
  ClusterEvents(events, &clusters, &member_of);
  ASSERT_EQ(clusters.size(), 6U);
  EXPECT_EQ(member_of[0], member_of[1]);
  EXPECT_EQ(member_of[0], member_of[2]);
  EXPECT_NE(member_of[0], member_of[3]);
  EXPECT_NE(member_of[0], member_of[4]);
  EXPECT_NE(member_of[0], member_of[5]);
  EXPECT_NE(member_of[6], member_of[7]);
  const EventCluster& big = clusters[member_of[0]];
  EXPECT_EQ(big.num_mentions, 3);
  EXPECT_EQ(big.num_articles, 2);
  EXPECT_EQ(big.num_sources, 2);
  EXPECT_EQ(big.first_date, "2024-12-02");
  EXPECT_EQ(big.last_date, "2024-12-03");
  EXPECT_EQ(big.first_member, 0U);
  for (size_t i = 1; i < clusters.size(); ++i) {
    EXPECT_LT(clusters[i - 1].id, clusters[i].id);
  }
}

TEST(ClusterEvents, IdsDoNotDependOnInputOrder) {
  std::vector<ClusterEvent> events = {Ev("a", 0, "2024-12-02"), Ev("b", 0, "2024-12-03"),
                                      Ev("c", 0, "2024-06"), Ev("d", 0, "2024-06"),
                                      Ev("e", 0, "2024-07")};
  std::vector<EventCluster> first;
  std::vector<size_t> first_members;
  ClusterEvents(events, &first, &first_members);
  std::vector<EventCluster> second;
  std::vector<size_t> second_members;
  std::reverse(events.begin(), events.end());
  ClusterEvents(events, &second, &second_members);
  ASSERT_EQ(first.size(), 3U);  // the two days, June, July
  ASSERT_EQ(second.size(), first.size());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].id, second[i].id);
    EXPECT_EQ(first[i].num_mentions, second[i].num_mentions);
  }
  EXPECT_GT(StableId("x"), 0);
  EXPECT_LT(StableId("x"), int64_t{1} << 53);
  EXPECT_EQ(StableId("x"), StableId("x"));
  EXPECT_NE(StableId("x"), StableId("y"));
}

}  // namespace
}  // namespace casus
