#pragma once
// EmbeddedStore: the default VectorStore, a directory with one
// subdirectory per collection (see EmbeddedCollection). Collections open
// lazily on first use and stay open; opened for writing, each one holds its
// writer lock until the store is destroyed.

#include <filesystem>
#include <map>
#include <memory>

#include "util/mutex.h"
#include "vector/embedded_collection.h"
#include "vector/vector_store.h"

namespace strata::vec {

class EmbeddedStore : public VectorStore {
 public:
  EmbeddedStore(std::filesystem::path root, Access access, IndexParams params = {});
  ~EmbeddedStore() override;

  Status create_collection(const CollectionSpec& spec) override;
  Result<CollectionSpec> collection(std::string_view name) override;
  Result<std::vector<CollectionSpec>> collections() override;
  Status upsert(std::string_view collection, std::span<const Record> records) override;
  Result<std::vector<Record>> get(std::string_view collection,
                                  std::span<const std::string> ids) override;
  Result<size_t> remove(std::string_view collection, std::span<const std::string> ids) override;
  Result<size_t> count(std::string_view collection, const Filter& filter) override;
  Result<std::vector<Hit>> query(std::string_view collection, const Query& query) override;
  Result<nlohmann::json> info(std::string_view collection) override;
  Status drop_collection(std::string_view name) override;
  Status build_index(std::string_view collection) override;

 private:
  Result<EmbeddedCollection*> open(std::string_view name) EXCLUDES(m_mutex);
  std::vector<std::string> names() const;

  std::filesystem::path m_root;
  Access m_access;
  IndexParams m_params;
  // Outermost: taken before any collection's locks (opening a collection
  // while holding it); collections guard themselves.
  Mutex m_mutex;
  std::map<std::string, std::unique_ptr<EmbeddedCollection>, std::less<>> m_open
      GUARDED_BY(m_mutex);
};

}  // namespace strata::vec
