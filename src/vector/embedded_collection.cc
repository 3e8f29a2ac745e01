// Open = lock (writers) → read settings → load the snapshot → replay rows
// with seq > the snapshot's last seq. A snapshot that is missing, damaged or
// inconsistent with the table is set aside and the index rebuilt from the
// table, which is always complete.

#include "vector/embedded_collection.h"

#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <unordered_map>

namespace strata::vec {

namespace {

constexpr const char* k_records = "records.db";
constexpr const char* k_snapshot = "index.hnsw";
constexpr const char* k_lock = "writer.lock";
// A long-running writer (the HTTP server) checkpoints after this many changes.
constexpr size_t k_checkpoint_changes = 100000;
constexpr size_t k_replay_batch = 4096;
// The indexer takes at most this many ops at once: queries wait while a
// batch goes into the graph, so batches stay short.
constexpr size_t k_index_batch = 256;
// Past this many unindexed rows the committing writer indexes them itself,
// so a write load the index cannot keep up with cannot grow the exact scan
// every query pays for without bound.
constexpr size_t k_max_pending = 20000;

int meta_int(const RecordTable::Meta& meta, const char* key, int fallback) {
  auto it = meta.find(key);
  if (it == meta.end()) return fallback;
  try {
    return std::stoi(it->second);
  } catch (...) {
    return fallback;
  }
}

std::string collection_label(const std::filesystem::path& dir) {
  return fmt::format("collection '{}'", dir.filename().string());
}

}  // namespace

EmbeddedCollection::EmbeddedCollection(std::filesystem::path dir, std::optional<WriterLock> lock)
    : m_dir(std::move(dir)), m_lock(std::move(lock)) {}

EmbeddedCollection::~EmbeddedCollection() {
  stop_indexer();
  if (!m_lock || m_changes_since_snapshot == 0) return;
  if (auto st = checkpoint(); !st)
    std::fprintf(stderr,
                 "strata: warning: %s (the index is rebuilt from the records on next open)\n",
                 st.error().str().c_str());
}

Result<std::unique_ptr<EmbeddedCollection>> EmbeddedCollection::create(
    const std::filesystem::path& dir, const CollectionSpec& spec, const IndexParams& params) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error(fmt::format("{}: cannot create: {}", dir.string(), ec.message()));
  auto lock = WriterLock::acquire(dir / k_lock, collection_label(dir));
  if (!lock) return lock.error();
  if (!std::filesystem::exists(dir / k_records)) {
    RecordTable::Meta meta = {{"name", spec.name},
                              {"dim", std::to_string(spec.dim)},
                              {"metric", std::string(metric_name(spec.metric))},
                              {"hnsw_m", std::to_string(params.m)},
                              {"ef_construction", std::to_string(params.ef_construction)},
                              {"ef_search", std::to_string(params.ef_search)},
                              {"durability", std::string(durability_name(spec.durability))}};
    auto table = RecordTable::create(dir / k_records, meta);
    if (!table) return table.error();
  }
  std::unique_ptr<EmbeddedCollection> c(new EmbeddedCollection(dir, std::move(*lock)));
  if (auto st = c->load(params); !st) return st.error();
  if (c->m_spec.dim != spec.dim || c->m_spec.metric != spec.metric)
    return Error(fmt::format("collection '{}' exists with dimension {} and metric {}", spec.name,
                             c->m_spec.dim, metric_name(c->m_spec.metric)),
                 {},
                 fmt::format("pick another name, or drop it first: strata vec drop {}", spec.name))
        .of(ErrorKind::k_conflict);
  return c;
}

Result<std::unique_ptr<EmbeddedCollection>> EmbeddedCollection::open(
    const std::filesystem::path& dir, Access access) {
  std::optional<WriterLock> lock;
  if (access == Access::k_write) {
    auto l = WriterLock::acquire(dir / k_lock, collection_label(dir));
    if (!l) return l.error();
    lock.emplace(std::move(*l));
  }
  std::unique_ptr<EmbeddedCollection> c(new EmbeddedCollection(dir, std::move(lock)));
  if (auto st = c->load(IndexParams{}); !st) return st.error();
  return c;
}

Status EmbeddedCollection::load(const IndexParams& defaults) {
  auto table = RecordTable::open(m_dir / k_records, m_lock.has_value());
  if (!table) return table.error();
  m_table = std::move(*table);
  auto meta = m_table->meta();
  if (!meta) return meta.error();
  auto metric = parse_metric((*meta)["metric"]);
  if (!metric) return metric.error();
  m_spec = {(*meta)["name"], meta_int(*meta, "dim", 0), *metric};
  // Collections made before the setting existed fsync every commit.
  auto durability = parse_durability(meta->count("durability") ? (*meta)["durability"] : "fsync");
  if (!durability) return durability.error();
  m_spec.durability = *durability;
  if (m_lock)
    if (auto st = m_table->set_durability(m_spec.durability); !st) return st;
  IndexParams params = defaults;
  params.m = meta_int(*meta, "hnsw_m", defaults.m);
  params.ef_construction = meta_int(*meta, "ef_construction", defaults.ef_construction);
  params.ef_search = meta_int(*meta, "ef_search", defaults.ef_search);
  std::filesystem::path snap = m_dir / k_snapshot;
  if (std::filesystem::exists(snap)) {
    auto loaded = HnswIndex::load(snap, m_spec, params);
    if (loaded)
      m_index = std::move(*loaded);
    else
      m_snapshot_note = loaded.error().str();
  }
  if (!m_index) m_index = std::make_unique<HnswIndex>(m_spec, params);
  if (auto st = replay(); !st) return st;
  // Readers after a crash should not each replay the same rows again.
  if (m_lock && m_changes_since_snapshot > k_replay_batch)
    if (auto st = checkpoint(); !st) return st;
  if (m_lock) m_indexer = std::thread([this] { index_loop(); });
  return ok_status();
}

Status EmbeddedCollection::replay() {
  std::vector<StoredRow> pending;
  bool inconsistent = false;
  int64_t after = m_index->last_seq();
  // Lambdas are checked on their own; like replay(), these run before the
  // collection is shared.
  auto flush = [&]() NO_THREAD_SAFETY_ANALYSIS {
    m_changes_since_snapshot += pending.size();
    m_index->add(pending);
    pending.clear();
  };
  auto st = m_table->scan(after, [&](StoredRow&& row) NO_THREAD_SAFETY_ANALYSIS {
    if (m_index->attach(row)) return;
    if (row.seq <= after) inconsistent = true;  // the table has a row the snapshot should hold
    if (inconsistent) return;
    pending.push_back(std::move(row));
    if (pending.size() >= k_replay_batch) flush();
  });
  if (!st) return st;
  flush();
  m_index->attach_done();
  if (!inconsistent) return ok_status();
  m_snapshot_note = "snapshot did not match the records; rebuilt";
  m_index = std::make_unique<HnswIndex>(m_spec, m_index->params());
  m_changes_since_snapshot = 0;
  return replay();
}

Status EmbeddedCollection::require_writer() const {
  if (m_lock) return ok_status();
  return Error(fmt::format("collection '{}' is open read-only", m_spec.name))
      .of(ErrorKind::k_conflict);
}

struct EmbeddedCollection::PendingWrite {
  std::span<const Record> records;
  Status result = ok_status();
  bool done = false;
};

Status EmbeddedCollection::upsert(std::span<const Record> records) {
  if (auto st = require_writer(); !st) return st;
  for (const auto& r : records)
    if (auto st = validate_record(m_spec, r); !st) return st;
  PendingWrite mine{records};
  UniqueLock queue(m_queue_mutex);
  m_queue.push_back(&mine);
  while (!mine.done && m_committing) queue.wait(m_queue_cv);
  if (mine.done) return mine.result;
  // Leader: commit everything queued so far, then wake the writers it served.
  m_committing = true;
  std::vector<PendingWrite*> group;
  group.swap(m_queue);
  queue.unlock();
  Status st = commit_group(group);
  queue.lock();
  for (auto* w : group) {
    w->result = st;
    w->done = true;
  }
  m_committing = false;
  m_queue_cv.notify_all();
  return mine.result;
}

Status EmbeddedCollection::commit_group(const std::vector<PendingWrite*>& group) {
  std::vector<Record> copies;
  std::span<const Record> records = group.front()->records;
  if (group.size() > 1) {
    for (auto* w : group) copies.insert(copies.end(), w->records.begin(), w->records.end());
    records = copies;
  }
  UniqueLock write(m_write_mutex);
  auto seqs = m_table->upsert(records);  // durable once this returns
  if (!seqs) return seqs.error();
  std::vector<PendingOp> ops;
  ops.reserve(records.size());
  for (size_t i = 0; i < records.size(); ++i)
    ops.push_back({{(*seqs)[i], records[i].id, records[i].metadata, records[i].embedding}, false});
  append_pending(std::move(ops));
  write.unlock();
  m_changes_since_snapshot += records.size();
  if (unindexed() > k_max_pending) drain();
  return ok_status();
}

void EmbeddedCollection::append_pending(std::vector<PendingOp> ops) {
  MutexLock lock(m_pending_mutex);
  for (auto& op : ops) m_pending.push_back(std::move(op));
  m_pending_cv.notify_all();
}

bool EmbeddedCollection::index_pending() {
  MutexLock indexing(m_indexing_mutex);
  std::vector<PendingOp> batch;
  {
    MutexLock lock(m_pending_mutex);
    if (m_pending.empty()) return false;
    size_t n = std::min(m_pending.size(), k_index_batch);
    batch.assign(m_pending.begin(), m_pending.begin() + static_cast<long>(n));
  }
  // Queries see each op either pending or indexed, never both nor neither:
  // the ops leave the pending list under the same exclusive lock that
  // applies them to the index.
  WriteLock lock(m_mutex);
  std::vector<StoredRow> rows;
  for (auto& op : batch) {
    if (!op.removed) {
      rows.push_back(std::move(op.row));
      continue;
    }
    m_index->add(rows);
    rows.clear();
    m_index->remove(op.row.id);
  }
  m_index->add(rows);
  MutexLock pending(m_pending_mutex);
  m_pending.erase(m_pending.begin(), m_pending.begin() + static_cast<long>(batch.size()));
  return true;
}

void EmbeddedCollection::drain() {
  while (index_pending()) {
  }
}

void EmbeddedCollection::index_loop() {
  // Signals go to the threads that wait for them (`vec serve` stops on
  // SIGTERM and then closes the store); never to the indexer.
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
  UniqueLock lock(m_pending_mutex);
  for (;;) {
    while (!m_stop && (m_held || m_pending.empty())) lock.wait(m_pending_cv);
    if (m_stop) return;
    lock.unlock();
    index_pending();
    if (m_changes_since_snapshot >= k_checkpoint_changes)
      if (auto st = checkpoint(); !st)
        std::fprintf(stderr,
                     "strata: warning: %s (the index is rebuilt from the records on next open)\n",
                     st.error().str().c_str());
    lock.lock();
  }
}

void EmbeddedCollection::stop_indexer() {
  if (!m_indexer.joinable()) return;
  {
    MutexLock lock(m_pending_mutex);
    m_stop = true;
  }
  m_pending_cv.notify_all();
  m_indexer.join();
}

void EmbeddedCollection::hold_indexing(bool held) {
  {
    MutexLock lock(m_pending_mutex);
    m_held = held;
  }
  m_pending_cv.notify_all();
}

size_t EmbeddedCollection::unindexed() const {
  MutexLock lock(m_pending_mutex);
  return m_pending.size();
}

Result<std::vector<Record>> EmbeddedCollection::get(std::span<const std::string> ids) {
  return m_table->get(ids);
}

Result<size_t> EmbeddedCollection::remove(std::span<const std::string> ids) {
  if (auto st = require_writer(); !st) return st.error();
  MutexLock write(m_write_mutex);
  auto removed = m_table->remove(ids);
  if (!removed) return removed.error();
  std::vector<PendingOp> ops;
  for (const auto& id : *removed) ops.push_back({{0, id, nullptr, {}}, true});
  append_pending(std::move(ops));
  m_changes_since_snapshot += removed->size();
  return removed->size();
}

Result<size_t> EmbeddedCollection::count(const Filter& filter) { return m_table->count(filter); }

Result<std::vector<Hit>> EmbeddedCollection::query(const Query& query) const {
  if (static_cast<int>(query.embedding.size()) != m_spec.dim)
    return Error(fmt::format("query embedding has {} values, collection '{}' has dimension {}",
                             query.embedding.size(), m_spec.name, m_spec.dim));
  ReadLock lock(m_mutex);
  // While m_mutex is held shared nothing leaves the pending list; rows
  // committed after this copy are newer than the query and may be missed.
  std::unordered_map<std::string, PendingOp> latest;
  {
    MutexLock pending(m_pending_mutex);
    for (const auto& op : m_pending) latest.insert_or_assign(op.row.id, op);
  }
  if (latest.empty()) return m_index->search(query);
  // Index hits whose id has a pending change are stale: ask for enough
  // more that k remain once they are dropped.
  size_t stale = 0;
  for (const auto& entry : latest) stale += m_index->contains(entry.first) ? 1 : 0;
  Query wider = query;
  wider.k = query.k + static_cast<int>(stale);
  std::vector<Hit> hits = m_index->search(wider);
  std::erase_if(hits, [&](const Hit& h) { return latest.count(h.id) > 0; });
  std::vector<const StoredRow*> fresh;
  for (const auto& [id, op] : latest)
    if (!op.removed) fresh.push_back(&op.row);
  for (auto& h : m_index->search_rows(query, fresh)) hits.push_back(std::move(h));
  std::stable_sort(hits.begin(), hits.end(),
                   [](const Hit& a, const Hit& b) { return a.score < b.score; });
  if (hits.size() > static_cast<size_t>(std::max(query.k, 0)))
    hits.resize(static_cast<size_t>(query.k));
  return hits;
}

nlohmann::json EmbeddedCollection::info() const {
  ReadLock lock(m_mutex);
  // Records = the index's live ids, adjusted by the changes still pending.
  std::unordered_map<std::string, bool> latest;  // id -> removed
  {
    MutexLock pending(m_pending_mutex);
    for (const auto& op : m_pending) latest[op.row.id] = op.removed;
  }
  size_t records = m_index->live_count();
  for (const auto& [id, removed] : latest) {
    bool indexed = m_index->contains(id);
    if (!removed && !indexed) ++records;
    if (removed && indexed) --records;
  }
  const IndexParams& p = m_index->params();
  nlohmann::json j = {{"backend", "embedded"},
                      {"name", m_spec.name},
                      {"dim", m_spec.dim},
                      {"metric", metric_name(m_spec.metric)},
                      {"durability", durability_name(m_spec.durability)},
                      {"path", m_dir.string()},
                      {"records", records},
                      {"unindexed", latest.size()},
                      {"tombstones", m_index->slot_count() - m_index->live_count()},
                      {"index",
                       {{"kind", "hnsw"},
                        {"m", p.m},
                        {"ef_construction", p.ef_construction},
                        {"ef_search", p.ef_search}}},
                      {"writer", m_lock.has_value()}};
  if (!m_snapshot_note.empty()) j["snapshot_note"] = m_snapshot_note;
  return j;
}

Status EmbeddedCollection::checkpoint() {
  if (auto st = require_writer(); !st) return st;
  size_t changes = m_changes_since_snapshot;
  drain();
  WriteLock lock(m_mutex);
  size_t dead = m_index->slot_count() - m_index->live_count();
  if (dead > 1000 && dead > m_index->live_count()) m_index->compact();
  if (auto st = m_index->save(m_dir / k_snapshot); !st) return st;
  // Rows committed since `changes` was read may be missing from the
  // snapshot; they stay counted so the next checkpoint saves them.
  m_changes_since_snapshot -= std::min<size_t>(changes, m_changes_since_snapshot);
  return ok_status();
}

}  // namespace strata::vec
