// Dedup: the two ways casus keeps duplicate reporting from inflating its counts, as pure
// functions over plain values (the store feeds them rows and writes back the results).
//
// 1. Near-duplicate documents. A MinHash signature summarises a text's set of word 4-shingles
//    (lower-cased words, so case and punctuation do not matter) in kMinHashSize 32-bit values,
//    computed by one-permutation hashing: each shingle's 64-bit hash picks a bin by its top
//    bits and competes for that bin's minimum; empty bins borrow from the next filled one. The
//    fraction of equal values estimates the Jaccard similarity of the two shingle sets.
//    LinkNearDuplicates() finds candidate pairs by banding (LSH: kBands bands of kMinHashSize /
//    kBands values; a pair is compared when one band is identical) and links each document to
//    the earliest earlier document (by published date, then id) whose similarity reaches the
//    threshold ("near-duplicate").
//
//    Articles that are not copies may still republish a passage (two reports quoting the same
//    briefing). A PassageSketch keeps the hashes of the word 8-shingles that fall in a fixed
//    1/8 of the hash space, so two texts that share a run of some 30 words share a few sketch
//    values whatever else they say. A document that is no near-duplicate is linked to the
//    earliest earlier document with which it shares at least kMinSharedPassage values
//    ("shared-passage"; the similarity is then shared values / the smaller sketch).
//
// 2. Event clusters. ClusterEvents() merges events that report the same happening: the same
//    source, target, root code, location and date precision, and for day-precise dates a date
//    within one day of the cluster's first event (a cluster spans at most two consecutive days).
//    Undated events stay alone. Each cluster gets GDELT-style counts and an id derived from its
//    key and first date only, so that the same events always give the same clusters and ids.
//
// Thread safety: functions of their arguments only.
#ifndef CASUS_CORE_DEDUP_H_
#define CASUS_CORE_DEDUP_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace casus {

constexpr size_t kMinHashSize = 64;
constexpr size_t kMinHashBands = 16;
using MinHash = std::array<uint32_t, kMinHashSize>;

// The signature of `text` (UTF-8). A text of fewer than four words uses its words as shingles;
// an empty text gives all-ones values, which match nothing but another empty text.
MinHash MinHashOf(std::string_view text);
// Estimated Jaccard similarity in [0, 1] (a multiple of 1 / kMinHashSize).
double MinHashSimilarity(const MinHash& a, const MinHash& b);

// Little-endian bytes of a signature (kMinHashSize * 4), as stored; and back (false when the
// blob has the wrong size).
std::string MinHashToBytes(const MinHash& hash);
bool MinHashFromBytes(std::string_view bytes, MinHash* hash);

// Sorted distinct shingle hashes (see above).
using PassageSketch = std::vector<uint64_t>;
constexpr size_t kMinSharedPassage = 3;
PassageSketch PassageSketchOf(std::string_view text);
std::string PassageSketchToBytes(const PassageSketch& sketch);
bool PassageSketchFromBytes(std::string_view bytes, PassageSketch* sketch);

struct DedupDocument {
  std::string id;
  std::string published;  // "YYYY-MM-DD" (or coarser); "" when unknown, ordered last
  MinHash signature{};
  PassageSketch passages;
};

inline constexpr std::string_view kLinkNearDuplicate = "near-duplicate";
inline constexpr std::string_view kLinkSharedPassage = "shared-passage";

struct DocLink {
  std::string doc_id;
  std::string duplicate_of;
  double similarity = 0.0;
  std::string kind;  // kLinkNearDuplicate or kLinkSharedPassage
  friend bool operator==(const DocLink&, const DocLink&) = default;
};

// Links, ordered by doc_id, for every document that has an earlier near-duplicate.
std::vector<DocLink> LinkNearDuplicates(const std::vector<DedupDocument>& docs, double threshold);

struct ClusterEvent {
  std::string doc_id;
  int64_t idx = 0;
  std::string source;
  std::string target;  // "" when none
  std::string root;
  std::string location;    // "" when unknown
  std::string date;        // "YYYY-MM-DD", "YYYY-MM", "YYYY" or "" when undated
  std::string source_key;  // the document's publisher, or a per-document key when it has none
};

struct EventCluster {
  int64_t id = 0;  // positive, below 2^53
  std::string source;
  std::string target;
  std::string root;
  std::string location;
  std::string first_date;
  std::string last_date;
  int64_t num_mentions = 0;
  int64_t num_sources = 0;
  int64_t num_articles = 0;
  size_t first_member = 0;  // index into the input of the first member (doc_id, idx order)
};

// Clusters `events`; (*member_of)[i] is the index in *clusters of event i's cluster. Clusters
// come ordered by id.
void ClusterEvents(const std::vector<ClusterEvent>& events, std::vector<EventCluster>* clusters,
                   std::vector<size_t>* member_of);

// A stable positive id below 2^53 for a key (FNV-1a 64, folded), the same on every platform.
int64_t StableId(std::string_view key);

}  // namespace casus

#endif  // CASUS_CORE_DEDUP_H_
