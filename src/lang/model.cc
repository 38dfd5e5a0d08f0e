#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "lang/lang_internal.h"

namespace casus::lang::internal {

namespace {
constexpr std::string_view kMagic = "CASUSLM1";
}

Status BinWriter::WriteFile(const std::string& path, std::string_view kind) const {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    return Status::IOError("cannot write " + path);
  }
  BinWriter head;
  head.Raw(kMagic.data(), kMagic.size());
  head.Str(kind);
  head.U64(buf_.size());
  out.write(head.buf_.data(), static_cast<std::streamsize>(head.buf_.size()));
  out.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  if (!out) {
    return Status::IOError("writing " + path + " failed");
  }
  return Status::OK();
}

Status BinReader::Open(const std::string& path, std::string_view kind) {
  path_ = path;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound("model file " + path +
                            " does not exist (run `make models` or pass --models)");
  }
  std::ostringstream text;
  text << in.rdbuf();
  buf_ = text.str();
  pos_ = 0;
  ok_ = true;
  if (buf_.compare(0, kMagic.size(), kMagic) != 0) {
    return Status::Corruption(path + ": not a casus model file");
  }
  pos_ = kMagic.size();
  const std::string got = Str();
  const uint64_t size = U64();
  if (!ok_ || got != kind) {
    return Status::Corruption(path + ": expected a " + std::string(kind) + " model, found '" + got +
                              "'");
  }
  if (size != buf_.size() - pos_) {
    return Status::Corruption(path + ": truncated model file");
  }
  return Status::OK();
}

Status BinReader::Finish() const {
  if (!ok_ || pos_ != buf_.size()) {
    return Status::Corruption(path_ + ": malformed model file");
  }
  return Status::OK();
}

void CompactModel::Build(int classes, const std::vector<uint64_t>& keys,
                         const std::vector<float>& dense, float prune) {
  std::vector<std::vector<std::pair<uint16_t, float>>> rows(keys.size());
  for (size_t r = 0; r < keys.size(); ++r) {
    for (int c = 0; c < classes; ++c) {
      const float w = dense[r * classes + c];
      if (w != 0.0F) {
        rows[r].emplace_back(static_cast<uint16_t>(c), w);
      }
    }
  }
  BuildSparse(classes, keys, rows, prune);
}

void CompactModel::BuildSparse(int classes, const std::vector<uint64_t>& keys,
                               const std::vector<std::vector<std::pair<uint16_t, float>>>& rows,
                               float prune) {
  classes_ = classes;
  float max_abs = 0.0F;
  for (const auto& row : rows) {
    for (const auto& [c, w] : row) {
      max_abs = std::max(max_abs, std::fabs(w));
    }
  }
  scale_ = max_abs > 0 ? max_abs / 32000.0F : 1.0F;
  keys_.clear();
  offsets_.assign(1, 0);
  entries_.clear();
  for (size_t r = 0; r < keys.size(); ++r) {
    const size_t before = entries_.size();
    for (const auto& [c, w] : rows[r]) {
      if (std::fabs(w) < prune) {
        continue;
      }
      const long q = std::lround(w / scale_);
      if (q == 0) {
        continue;
      }
      entries_.push_back({c, static_cast<int16_t>(q)});
    }
    if (entries_.size() == before) {
      continue;
    }
    keys_.push_back(keys[r]);
    offsets_.push_back(static_cast<uint32_t>(entries_.size()));
  }
  BuildTable();
}

CompactModel CompactModel::Pruned(float prune) const {
  CompactModel out;
  out.classes_ = classes_;
  out.scale_ = scale_;
  out.offsets_.assign(1, 0);
  for (size_t r = 0; r < keys_.size(); ++r) {
    const size_t before = out.entries_.size();
    for (uint32_t e = offsets_[r]; e < offsets_[r + 1]; ++e) {
      if (std::fabs(static_cast<float>(entries_[e].weight) * scale_) >= prune) {
        out.entries_.push_back(entries_[e]);
      }
    }
    if (out.entries_.size() != before) {
      out.keys_.push_back(keys_[r]);
      out.offsets_.push_back(static_cast<uint32_t>(out.entries_.size()));
    }
  }
  out.BuildTable();
  return out;
}

void CompactModel::BuildTable() {
  size_t capacity = 16;
  while (capacity < keys_.size() * 2) {
    capacity <<= 1;
  }
  mask_ = capacity - 1;
  slots_.assign(capacity, Slot{0, 0, 0});
  for (size_t r = 0; r < keys_.size(); ++r) {
    size_t slot = keys_[r] & mask_;
    while (slots_[slot].key != 0) {
      slot = (slot + 1) & mask_;
    }
    slots_[slot] = Slot{keys_[r], offsets_[r], offsets_[r + 1] - offsets_[r]};
  }
}

void CompactModel::Save(BinWriter* out) const {
  out->U32(static_cast<uint32_t>(classes_));
  out->F32(scale_);
  out->Vec(keys_);
  out->Vec(offsets_);
  out->Vec(entries_);
}

Status CompactModel::Load(BinReader* in) {
  classes_ = static_cast<int>(in->U32());
  scale_ = in->F32();
  in->Vec(&keys_);
  in->Vec(&offsets_);
  in->Vec(&entries_);
  if (!in->ok() || offsets_.size() != keys_.size() + 1 || offsets_.back() != entries_.size()) {
    return Status::Corruption("linear model tables do not agree");
  }
  for (const Entry& e : entries_) {
    if (e.cls >= classes_) {
      return Status::Corruption("linear model class out of range");
    }
  }
  BuildTable();
  return Status::OK();
}

TrainWeights::Cell* TrainWeights::CellOf(std::vector<Cell>* row, int cls) {
  for (Cell& cell : *row) {
    if (cell.cls == cls) {
      return &cell;
    }
  }
  row->push_back({static_cast<uint16_t>(cls), 0.0F, 0.0});
  return &row->back();
}

void TrainWeights::Score(std::span<const uint64_t> feats, float* scores) const {
  for (uint64_t f : feats) {
    auto it = rows_.find(f);
    if (it == rows_.end()) {
      continue;
    }
    for (const Cell& cell : cells_[it->second]) {
      scores[cell.cls] += cell.w;
    }
  }
}

void TrainWeights::Update(std::span<const uint64_t> feats, int good, int bad, float amount) {
  if (good == bad) {
    return;
  }
  for (uint64_t f : feats) {
    auto [it, added] = rows_.try_emplace(f, static_cast<uint32_t>(cells_.size()));
    if (added) {
      cells_.emplace_back();
    }
    std::vector<Cell>& row = cells_[it->second];
    Cell* g = CellOf(&row, good);
    g->w += amount;
    g->u += clock_ * amount;
    Cell* b = CellOf(&row, bad);
    b->w -= amount;
    b->u -= clock_ * amount;
  }
}

CompactModel TrainWeights::Average(float prune) const {
  std::vector<std::pair<uint64_t, uint32_t>> order(rows_.begin(), rows_.end());
  std::sort(order.begin(), order.end());
  std::vector<uint64_t> keys;
  std::vector<std::vector<std::pair<uint16_t, float>>> rows;
  keys.reserve(order.size());
  rows.reserve(order.size());
  for (const auto& [key, row] : order) {
    keys.push_back(key);
    std::vector<std::pair<uint16_t, float>> cells;
    for (const Cell& cell : cells_[row]) {
      cells.emplace_back(cell.cls, static_cast<float>(cell.w - cell.u / clock_));
    }
    std::sort(cells.begin(), cells.end());
    rows.push_back(std::move(cells));
  }
  CompactModel model;
  model.BuildSparse(classes_, keys, rows, prune);
  return model;
}

void FoldLower(std::string_view s, std::string* out) {
  out->clear();
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out->push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : static_cast<char>(c));
      continue;
    }
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
      const auto d = static_cast<unsigned char>(s[i + 2]);
      if (d == 0x98 || d == 0x99) {  // ‘ ’
        out->push_back('\'');
        i += 2;
        continue;
      }
      if (d == 0x9C || d == 0x9D) {  // “ ”
        out->push_back('"');
        i += 2;
        continue;
      }
      if (d == 0x93 || d == 0x94) {  // – —
        out->push_back('-');
        i += 2;
        continue;
      }
    }
    if (c == 0xC3 && i + 1 < s.size()) {  // Latin-1 capitals À-Þ → à-þ
      const auto d = static_cast<unsigned char>(s[i + 1]);
      out->push_back(static_cast<char>(c));
      out->push_back(static_cast<char>(d >= 0x80 && d <= 0x9E && d != 0x97 ? d + 0x20 : d));
      ++i;
      continue;
    }
    out->push_back(static_cast<char>(c));
  }
}

void Shape(std::string_view s, std::string* out) {
  out->clear();
  char last = 0;
  int run = 0;
  for (unsigned char c : s) {
    char k;
    if (c >= 'A' && c <= 'Z') {
      k = 'X';
    } else if (c >= 'a' && c <= 'z') {
      k = 'x';
    } else if (c >= '0' && c <= '9') {
      k = 'd';
    } else if (c >= 0x80) {
      k = 'u';
    } else {
      k = static_cast<char>(c);
    }
    run = k == last ? run + 1 : 1;
    last = k;
    if (run <= 2) {
      out->push_back(k);
    }
  }
}

}  // namespace casus::lang::internal
