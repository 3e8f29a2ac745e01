#include "vector/embedded_store.h"

#include <fmt/format.h>

#include "util/suggest.h"

namespace strata::vec {

EmbeddedStore::EmbeddedStore(std::filesystem::path root, Access access, IndexParams params)
    : m_root(std::move(root)), m_access(access), m_params(params) {}

EmbeddedStore::~EmbeddedStore() = default;

std::vector<std::string> EmbeddedStore::names() const {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(m_root, ec))
    if (std::filesystem::exists(entry.path() / "records.db"))
      out.push_back(entry.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

Result<EmbeddedCollection*> EmbeddedStore::open(std::string_view name) {
  MutexLock lock(m_mutex);
  if (auto it = m_open.find(name); it != m_open.end()) return it->second.get();
  std::filesystem::path dir = m_root / std::string(name);
  if (validate_collection_name(name).ok() && std::filesystem::exists(dir / "records.db")) {
    auto c = EmbeddedCollection::open(dir, m_access);
    if (!c) return c.error();
    return m_open.emplace(std::string(name), std::move(*c)).first->second.get();
  }
  std::string hint = did_you_mean(name, names());
  if (hint.empty()) hint = fmt::format("create it first: strata vec create {} --dim N", name);
  // No directory in the message: the HTTP API passes it on to clients.
  return Error(fmt::format("no collection '{}'", name), {}, hint).of(ErrorKind::k_not_found);
}

Status EmbeddedStore::create_collection(const CollectionSpec& spec) {
  if (auto st = validate_collection_name(spec.name); !st) return st;
  if (spec.dim < 1 || spec.dim > 16000)
    return Error(fmt::format("dimension {} is out of range (1 to 16000)", spec.dim));
  if (m_access != Access::k_write) return Error("the store is open read-only");
  if (spec.index != IndexKind::k_hnsw)
    return Error(fmt::format("the embedded store keeps an HNSW index only, not {}",
                             index_kind_name(spec.index)),
                 {}, "ivfflat is available on the PostgreSQL backend (--store postgres://...)");
  IndexParams params = m_params;
  if (spec.m > 0) params.m = spec.m;
  if (spec.ef_construction > 0) params.ef_construction = spec.ef_construction;
  MutexLock lock(m_mutex);
  if (m_open.count(spec.name)) {
    const CollectionSpec& have = m_open.find(spec.name)->second->spec();
    if (have.dim == spec.dim && have.metric == spec.metric) return ok_status();
    return Error(fmt::format("collection '{}' exists with dimension {} and metric {}", spec.name,
                             have.dim, metric_name(have.metric)))
        .of(ErrorKind::k_conflict);
  }
  auto c = EmbeddedCollection::create(m_root / spec.name, spec, params);
  if (!c) return c.error();
  m_open.emplace(spec.name, std::move(*c));
  return ok_status();
}

Result<CollectionSpec> EmbeddedStore::collection(std::string_view name) {
  auto c = open(name);
  if (!c) return c.error();
  return (*c)->spec();
}

Result<std::vector<CollectionSpec>> EmbeddedStore::collections() {
  std::vector<CollectionSpec> out;
  for (const auto& name : names()) {
    auto c = open(name);
    if (!c) return c.error();
    out.push_back((*c)->spec());
  }
  return out;
}

Status EmbeddedStore::upsert(std::string_view collection, std::span<const Record> records) {
  auto c = open(collection);
  if (!c) return c.error();
  return (*c)->upsert(records);
}

Result<std::vector<Record>> EmbeddedStore::get(std::string_view collection,
                                               std::span<const std::string> ids) {
  auto c = open(collection);
  if (!c) return c.error();
  return (*c)->get(ids);
}

Result<size_t> EmbeddedStore::remove(std::string_view collection,
                                     std::span<const std::string> ids) {
  auto c = open(collection);
  if (!c) return c.error();
  return (*c)->remove(ids);
}

Result<size_t> EmbeddedStore::count(std::string_view collection, const Filter& filter) {
  auto c = open(collection);
  if (!c) return c.error();
  return (*c)->count(filter);
}

Result<std::vector<Hit>> EmbeddedStore::query(std::string_view collection, const Query& query) {
  auto c = open(collection);
  if (!c) return c.error();
  return (*c)->query(query);
}

Result<nlohmann::json> EmbeddedStore::info(std::string_view collection) {
  auto c = open(collection);
  if (!c) return c.error();
  return (*c)->info();
}

Status EmbeddedStore::drop_collection(std::string_view name) {
  if (m_access != Access::k_write)
    return Error("the store is open read-only").of(ErrorKind::k_conflict);
  // Opening takes the collection's writer lock, so no other process is
  // writing it; closing it stops its indexer before the files go.
  auto c = open(name);
  if (!c) return c.error();
  MutexLock lock(m_mutex);
  m_open.erase(std::string(name));
  std::error_code ec;
  std::filesystem::remove_all(m_root / std::string(name), ec);
  if (ec)
    return Error(fmt::format("cannot remove collection '{}': {}", name, ec.message()))
        .of(ErrorKind::k_io);
  return ok_status();
}

Status EmbeddedStore::build_index(std::string_view collection) {
  auto c = open(collection);
  if (!c) return c.error();
  return (*c)->checkpoint();
}

}  // namespace strata::vec
