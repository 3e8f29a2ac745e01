// Slots, tombstones and the choice between exact and approximate search.
// FAISS builds the graph (batch adds keep its parallel insertion); searches
// walk it with vector/graph_search on the calling thread, so queries need
// no lock and the HTTP server runs them in parallel.

#include "vector/hnsw_index.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/impl/IDSelector.h>

#include <algorithm>
#include <cmath>

#include "vector/fast_flat.h"
#include "vector/graph_search.h"
#include "vector/huge_pages.h"
#include "vector/index_snapshot.h"

namespace strata::vec {

namespace {

faiss::MetricType faiss_metric(Metric m) {
  return m == Metric::k_l2 ? faiss::METRIC_L2 : faiss::METRIC_INNER_PRODUCT;
}

std::unique_ptr<faiss::IndexHNSWFlat> new_index(const CollectionSpec& spec, const IndexParams& p) {
  auto index = std::make_unique<faiss::IndexHNSWFlat>(spec.dim, p.m, faiss_metric(spec.metric));
  index->hnsw.efConstruction = p.ef_construction;
  index->hnsw.efSearch = p.ef_search;
  use_fast_storage(*index);
  return index;
}

void set_bit(std::vector<uint8_t>& bits, int64_t i, bool on) {
  size_t byte = static_cast<size_t>(i) / 8;
  if (bits.size() <= byte) bits.resize(byte + 1, 0);
  uint8_t mask = static_cast<uint8_t>(1u << (i % 8));
  bits[byte] = on ? (bits[byte] | mask) : (bits[byte] & ~mask);
}

}  // namespace

HnswIndex::HnswIndex(const CollectionSpec& spec, const IndexParams& params)
    : m_spec(spec),
      m_params(params),
      m_index(new_index(spec, params)),
      m_codes(static_cast<size_t>(spec.dim)) {}

HnswIndex::~HnswIndex() = default;

Result<std::unique_ptr<HnswIndex>> HnswIndex::load(const std::filesystem::path& file,
                                                   const CollectionSpec& spec,
                                                   const IndexParams& params) {
  auto snap = read_snapshot(file, spec.dim);
  if (!snap) return snap.error();
  auto* hnsw = dynamic_cast<faiss::IndexHNSWFlat*>(snap->index.get());
  if (!hnsw || hnsw->metric_type != faiss_metric(spec.metric))
    return Error(file.string() + ": snapshot holds a different kind of index");
  snap->index.release();
  auto index = std::make_unique<HnswIndex>(spec, params);
  index->m_index.reset(hnsw);
  use_fast_storage(*index->m_index);
  size_t n = snap->slot_seqs.size();
  // A version-2 snapshot has no codes: compute them (about a second at
  // 60,000 x 784); the next save writes them.
  if (snap->codes)
    index->m_codes = std::move(*snap->codes);
  else
    index->m_codes.append(index->vector_at(0), n);
  index->m_seq.assign(n, -1);
  index->m_ids.resize(n);
  index->m_meta.resize(n);
  index->m_live_bits.assign((n + 7) / 8, 0);
  for (size_t slot = 0; slot < n; ++slot)
    if (snap->slot_seqs[slot] >= 0)
      index->m_unclaimed[snap->slot_seqs[slot]] = static_cast<int64_t>(slot);
  index->m_last_seq = snap->last_seq;
  index->use_huge_pages();
  return index;
}

void HnswIndex::claim(int64_t slot, StoredRow& row) {
  if (auto old = m_slot_of.find(row.id); old != m_slot_of.end()) {
    m_seq[old->second] = -1;
    set_bit(m_live_bits, old->second, false);
    m_meta[old->second] = nullptr;
  }
  m_seq[slot] = row.seq;
  m_ids[slot] = row.id;
  m_meta[slot] = row.metadata.is_null() ? nlohmann::json::object() : std::move(row.metadata);
  set_bit(m_live_bits, slot, true);
  m_by_value.add(slot, m_meta[slot]);
  m_slot_of[row.id] = slot;
  m_last_seq = std::max(m_last_seq, row.seq);
}

bool HnswIndex::attach(StoredRow& row) {
  auto it = m_unclaimed.find(row.seq);
  if (it == m_unclaimed.end()) return false;
  claim(it->second, row);
  m_unclaimed.erase(it);
  return true;
}

Status HnswIndex::save(const std::filesystem::path& file) const {
  return write_snapshot(file, m_spec.dim, m_last_seq, m_seq, m_codes, *m_index);
}

std::vector<float> HnswIndex::prepared(std::span<const float> v) const {
  std::vector<float> out(v.begin(), v.end());
  if (m_spec.metric != Metric::k_cosine) return out;
  double norm = 0;
  for (float x : out) norm += static_cast<double>(x) * x;
  norm = std::sqrt(norm);
  if (norm > 0)
    for (float& x : out) x = static_cast<float>(x / norm);
  return out;
}

void HnswIndex::add(std::vector<StoredRow>& rows) {
  if (rows.empty()) return;
  size_t d = static_cast<size_t>(m_spec.dim);
  std::vector<float> data;
  data.reserve(rows.size() * d);
  for (const auto& r : rows) {
    auto v = prepared(r.embedding);
    data.insert(data.end(), v.begin(), v.end());
  }
  int64_t first = m_index->ntotal;
  m_index->add(static_cast<faiss::Index::idx_t>(rows.size()), data.data());
  m_codes.append(vector_at(0), static_cast<size_t>(m_index->ntotal));
  // A bulk load, not the background indexer's trickle: collapsing copies
  // every page once.
  if (rows.size() >= 4096) use_huge_pages();
  m_seq.resize(m_index->ntotal, -1);
  m_ids.resize(m_index->ntotal);
  m_meta.resize(m_index->ntotal);
  for (size_t i = 0; i < rows.size(); ++i) claim(first + static_cast<int64_t>(i), rows[i]);
}

bool HnswIndex::remove(const std::string& id) {
  auto it = m_slot_of.find(id);
  if (it == m_slot_of.end()) return false;
  m_seq[it->second] = -1;
  m_meta[it->second] = nullptr;
  set_bit(m_live_bits, it->second, false);
  m_slot_of.erase(it);
  return true;
}

void HnswIndex::compact() {
  std::vector<StoredRow> rows;
  rows.reserve(m_slot_of.size());
  for (size_t slot = 0; slot < m_seq.size(); ++slot) {
    if (m_seq[slot] < 0) continue;
    const float* v = vector_at(static_cast<int64_t>(slot));
    rows.push_back(
        {m_seq[slot], m_ids[slot], std::move(m_meta[slot]), std::vector<float>(v, v + m_spec.dim)});
  }
  int64_t last = m_last_seq;
  m_index = new_index(m_spec, m_params);
  m_codes = QuantizedCodes(static_cast<size_t>(m_spec.dim));
  m_seq.clear();
  m_ids.clear();
  m_meta.clear();
  m_live_bits.clear();
  m_slot_of.clear();
  m_by_value.clear();
  add(rows);  // stored vectors are already normalised; normalising again is a no-op
  m_last_seq = last;
  use_huge_pages();
}

void HnswIndex::use_huge_pages() const {
  size_t n = static_cast<size_t>(m_index->ntotal), d = static_cast<size_t>(m_spec.dim);
  vec::use_huge_pages(vector_at(0), n * d * sizeof(float));
  vec::use_huge_pages(m_codes.code(0), m_codes.rows() * d);
  const auto& links = m_index->hnsw.neighbors;
  vec::use_huge_pages(links.data(), links.size() * sizeof(links[0]));
}

const float* HnswIndex::vector_at(int64_t slot) const {
  // Storage is always an IndexFlat (a FastFlat once loaded or built).
  auto* flat = dynamic_cast<const faiss::IndexFlat*>(m_index->storage);
  return flat->get_xb() + slot * m_spec.dim;
}

float HnswIndex::score(float d) const {
  switch (m_spec.metric) {
    case Metric::k_l2:
      return std::sqrt(std::max(d, 0.0f));
    case Metric::k_cosine:
      return 1.0f - d;
    case Metric::k_inner_product:
      break;
  }
  return -d;
}

Hit HnswIndex::hit(int64_t slot, float distance) const {
  return {m_ids[slot], score(distance), m_meta[slot]};
}

std::vector<int64_t> HnswIndex::live_slots(const Filter& filter) const {
  std::vector<int64_t> out;
  for (size_t slot = 0; slot < m_seq.size(); ++slot)
    if (m_seq[slot] >= 0 && filter_matches(filter, m_meta[slot]))
      out.push_back(static_cast<int64_t>(slot));
  return out;
}

std::vector<int64_t> HnswIndex::matching_slots(const Filter& filter) const {
  auto found = m_by_value.candidates(filter);
  if (!found) return live_slots(filter);
  std::vector<int64_t> out;
  out.reserve(found->slots.size());
  for (int64_t slot : found->slots)
    if (m_seq[slot] >= 0 && (found->exact || filter_matches(filter, m_meta[slot])))
      out.push_back(slot);
  return out;
}

std::vector<Hit> HnswIndex::exact(const std::vector<float>& q, const std::vector<int64_t>& slots,
                                  size_t k) const {
  size_t d = static_cast<size_t>(m_spec.dim);
  bool l2 = m_spec.metric == Metric::k_l2;
  const float* base = vector_at(0);
  const DistanceKernels& kernels = active_kernels();
  if (m_spec.metric != Metric::k_inner_product && m_codes.rows() == slot_count()) {
    // Cosine vectors are unit length, where the L2 order is the cosine order.
    std::vector<Hit> hits;
    for (auto [dist, slot] : m_codes.scan_l2(q.data(), base, slots, k))
      hits.push_back(hit(slot, l2 ? dist : kernels.dot_product(q.data(), vector_at(slot), d)));
    return hits;
  }
  // Keeps the k closest as a max-heap of (squared distance or -dot, slot).
  // For L2 the distance is summed 128 dimensions at a time and a row is
  // dropped once its partial sum passes the k-th best: the terms are never
  // negative, so such a row cannot enter, and the rest of it is not read.
  std::vector<std::pair<float, int64_t>> best;
  best.reserve(k + 1);
  constexpr size_t k_block = 128;
  for (int64_t slot : slots) {
    const float* v = base + static_cast<size_t>(slot) * d;
    float dist = 0;
    if (!l2) {
      dist = -kernels.dot_product(q.data(), v, d);
    } else {
      bool full = best.size() == k;
      for (size_t i = 0; i < d; i += k_block) {
        dist += kernels.l2_squared(q.data() + i, v + i, std::min(k_block, d - i));
        if (full && dist > best.front().first) break;
      }
    }
    if (best.size() == k && !(std::make_pair(dist, slot) < best.front())) continue;
    best.emplace_back(dist, slot);
    std::push_heap(best.begin(), best.end());
    if (best.size() > k) {
      std::pop_heap(best.begin(), best.end());
      best.pop_back();
    }
  }
  std::sort_heap(best.begin(), best.end());
  std::vector<Hit> hits;
  for (auto [dist, slot] : best) hits.push_back(hit(slot, l2 ? dist : -dist));
  return hits;
}

std::vector<Hit> HnswIndex::approximate(const std::vector<float>& q, size_t k, int ef,
                                        const std::vector<uint8_t>* bits) const {
  auto* flat = dynamic_cast<const faiss::IndexFlat*>(m_index->storage);
  GraphView view{&m_index->hnsw, flat->get_xb(), static_cast<size_t>(m_index->ntotal),
                 static_cast<size_t>(m_spec.dim), m_spec.metric != Metric::k_l2};
  NodeFilter filter{bits ? bits->data() : nullptr, bits ? bits->size() : 0};
  std::vector<Hit> hits;
  for (auto [d, slot] : search_graph(view, q.data(), k, ef, bits ? &filter : nullptr))
    hits.push_back(hit(slot, m_spec.metric == Metric::k_l2 ? d : -d));
  return hits;
}

std::vector<Hit> HnswIndex::search_rows(const Query& query,
                                        std::span<const StoredRow* const> rows) const {
  size_t k = static_cast<size_t>(std::max(query.k, 0));
  if (k == 0 || rows.empty()) return {};
  std::vector<float> q = prepared(query.embedding);
  size_t d = static_cast<size_t>(m_spec.dim);
  bool l2 = m_spec.metric == Metric::k_l2;
  std::vector<std::pair<float, const StoredRow*>> scored;
  for (const StoredRow* row : rows) {
    static const nlohmann::json empty = nlohmann::json::object();
    if (!filter_matches(query.filter, row->metadata.is_null() ? empty : row->metadata)) continue;
    std::vector<float> v = prepared(row->embedding);
    float raw = l2 ? l2_squared(q.data(), v.data(), d) : dot_product(q.data(), v.data(), d);
    scored.emplace_back(score(raw), row);
  }
  k = std::min(k, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + static_cast<long>(k), scored.end(),
                    [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Hit> hits;
  for (size_t i = 0; i < k; ++i) {
    const StoredRow& row = *scored[i].second;
    hits.push_back({row.id, scored[i].first,
                    row.metadata.is_null() ? nlohmann::json::object() : row.metadata});
  }
  return hits;
}

std::vector<Hit> HnswIndex::search(const Query& query) const {
  size_t k = std::min(static_cast<size_t>(std::max(query.k, 0)), live_count());
  if (k == 0) return {};
  std::vector<float> q = prepared(query.embedding);
  int ef = query.ef > 0 ? query.ef : m_params.ef_search;
  bool tombstones = live_count() < slot_count();
  if (query.filter.matches_all()) {
    auto hits = approximate(q, k, ef, tombstones ? &m_live_bits : nullptr);
    if (hits.size() >= k) return hits;
    return exact(q, live_slots(query.filter), k);
  }
  std::vector<int64_t> candidates = matching_slots(query.filter);
  // A filtered beam keeps only matching rows but walks through the others,
  // so it costs about (ef x 2M distances) / selectivity; a scan costs one
  // distance per candidate, a quarter of one on 8-bit codes. The scan is
  // cheaper while candidates^2 x that <= ef x 2M x live rows (about 22,000
  // of 60,000 rows on codes at ef=64, M=16), and exact.
  double width = std::max(ef, static_cast<int>(k));
  double beam_cost = width * 2.0 * m_params.m * static_cast<double>(live_count());
  double n = static_cast<double>(candidates.size());
  double scan_cost = m_spec.metric == Metric::k_inner_product ? 1.0 : 0.25;
  if (candidates.size() <= std::max(m_params.exact_below, k) || scan_cost * n * n <= beam_cost)
    return exact(q, candidates, k);
  std::vector<uint8_t> bits((m_seq.size() + 7) / 8, 0);
  for (int64_t slot : candidates) set_bit(bits, slot, true);
  auto hits = approximate(q, k, ef, &bits);
  if (hits.size() >= k) return hits;
  return exact(q, candidates, k);
}

}  // namespace strata::vec
