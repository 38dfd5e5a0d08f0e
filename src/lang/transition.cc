// The arc-eager transition system with the root at the end of the buffer, its dynamic oracle,
// and projectivization of gold trees.
#include <algorithm>

#include "lang/lang.h"

namespace casus::lang {

void ArcEager::Start(int n) {
  n_ = n;
  buffer_ = 0;
  stack_.clear();
  const size_t size = static_cast<size_t>(n) + 1;  // the root has a slot for its children
  head_.assign(size, -1);
  label_.assign(size, -1);
  lc1_.assign(size, -1);
  lc2_.assign(size, -1);
  rc1_.assign(size, -1);
  rc2_.assign(size, -1);
  nl_.assign(size, 0);
  nr_.assign(size, 0);
  ll_.assign(size, 0);
  rl_.assign(size, 0);
  on_stack_.assign(size, 0);
}

bool ArcEager::Legal(Move m) const {
  switch (m) {
    case kShift:
      return buffer_ < n_;
    case kReduce:
      return !stack_.empty() && head_[stack_.back()] >= 0;
    case kLeft:
      return !stack_.empty() && head_[stack_.back()] < 0;
    case kRight:
      return !stack_.empty() && buffer_ < n_;
    default:
      return false;
  }
}

void ArcEager::Attach(int head, int dep, int label) {
  head_[dep] = head;
  label_[dep] = label;
  const uint64_t bit = uint64_t{1} << (static_cast<unsigned>(label) & 63U);
  if (dep < head) {
    ++nl_[head];
    ll_[head] |= bit;
    if (lc1_[head] < 0 || dep < lc1_[head]) {
      lc2_[head] = lc1_[head];
      lc1_[head] = dep;
    } else if (lc2_[head] < 0 || dep < lc2_[head]) {
      lc2_[head] = dep;
    }
  } else {
    ++nr_[head];
    rl_[head] |= bit;
    if (rc1_[head] < 0 || dep > rc1_[head]) {
      rc2_[head] = rc1_[head];
      rc1_[head] = dep;
    } else if (rc2_[head] < 0 || dep > rc2_[head]) {
      rc2_[head] = dep;
    }
  }
}

void ArcEager::Apply(Move m, int label) {
  switch (m) {
    case kShift:
      on_stack_[buffer_] = 1;
      stack_.push_back(buffer_++);
      break;
    case kReduce:
      on_stack_[stack_.back()] = 0;
      stack_.pop_back();
      break;
    case kLeft:
      Attach(buffer_, stack_.back(), label);
      on_stack_[stack_.back()] = 0;
      stack_.pop_back();
      break;
    case kRight:
      Attach(stack_.back(), buffer_, label);
      on_stack_[buffer_] = 1;
      stack_.push_back(buffer_++);
      break;
    default:
      break;
  }
}

void ArcEager::Costs(std::span<const int32_t> gold, int costs[kMoves]) const {
  const int n = n_;
  auto gold_head = [&](int i) { return gold[i] < 0 ? n : gold[i]; };
  for (int m = 0; m < kMoves; ++m) {
    costs[m] = Legal(static_cast<Move>(m)) ? 0 : kIllegal;
  }
  const int b = buffer_;
  const int s = stack_.empty() ? -1 : stack_.back();
  // Arcs between b and the stack: b's head on the stack, and headless stack words whose head is b.
  int b_head_on_stack = 0, b_deps_on_stack = 0;
  if (b < n) {
    const int h = gold_head(b);
    b_head_on_stack = h < n && on_stack_[h] ? 1 : 0;
    for (int k : stack_) {
      if (head_[k] < 0 && gold_head(k) == b) {
        ++b_deps_on_stack;
      }
    }
  }
  // s's dependents still in the buffer (the root is never a dependent).
  int s_deps_in_buffer = 0;
  if (s >= 0) {
    for (int k = b; k < n; ++k) {
      if (gold_head(k) == s) {
        ++s_deps_in_buffer;
      }
    }
  }
  if (costs[kShift] == 0) {
    costs[kShift] = b_head_on_stack + b_deps_on_stack;
  }
  if (costs[kReduce] == 0) {
    costs[kReduce] = s_deps_in_buffer;
  }
  if (costs[kLeft] == 0) {
    costs[kLeft] = s_deps_in_buffer + (gold_head(s) > b ? 1 : 0);
  }
  if (costs[kRight] == 0) {
    const int h = gold_head(b);
    const bool head_reachable = h > b || (h < n && on_stack_[h]);
    costs[kRight] = (h != s && head_reachable ? 1 : 0) + b_deps_on_stack;
  }
}

void ArcEager::Heads(std::vector<int32_t>* heads) const {
  heads->assign(n_, -1);
  int root = -1;
  for (int i = 0; i < n_; ++i) {
    if ((head_[i] == n_ || head_[i] < 0) && (root < 0 || nl_[i] + nr_[i] > nl_[root] + nr_[root])) {
      root = i;
    }
  }
  for (int i = 0; i < n_; ++i) {
    const int h = head_[i];
    (*heads)[i] = i == root ? -1 : (h == n_ || h < 0) ? root : h;
  }
}

namespace {

// Whether `a` dominates `d` (a proper ancestor or the same word); -1 is the root.
bool Dominates(std::span<const int32_t> heads, int a, int d) {
  const int n = static_cast<int>(heads.size());
  for (int steps = 0; d >= 0 && steps <= n; ++steps) {
    if (d == a) {
      return true;
    }
    d = heads[d];
  }
  return a < 0;
}

// Whether the arc into `d` is projective: every word between d and its head is dominated by it.
bool ArcProjective(std::span<const int32_t> heads, int d) {
  const int h = heads[d];
  if (h < 0) {
    return true;  // the root dominates everything
  }
  for (int k = std::min(h, d) + 1; k < std::max(h, d); ++k) {
    if (!Dominates(heads, h, k)) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool IsProjective(std::span<const int32_t> heads) {
  for (int d = 0; d < static_cast<int>(heads.size()); ++d) {
    if (!ArcProjective(heads, d)) {
      return false;
    }
  }
  return true;
}

int Projectivize(std::vector<int32_t>* heads) {
  const int n = static_cast<int>(heads->size());
  int lifts = 0;
  // Lift the shortest non-projective arc to the head's head until none is left (Nivre & Nilsson
  // 2005); each lift moves a word up, so at most n·depth lifts happen.
  for (int guard = 0; guard < n * n + 1; ++guard) {
    int best = -1, best_len = 0;
    for (int d = 0; d < n; ++d) {
      if (!ArcProjective(*heads, d)) {
        const int len = std::abs((*heads)[d] - d);
        if (best < 0 || len < best_len) {
          best = d;
          best_len = len;
        }
      }
    }
    if (best < 0) {
      break;
    }
    (*heads)[best] = (*heads)[(*heads)[best]];
    ++lifts;
  }
  return lifts;
}

}  // namespace casus::lang
