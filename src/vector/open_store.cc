// Picks the VectorStore adapter a location names. Readers and writers
// differ only for the embedded store (PostgreSQL arbitrates writers itself).

#include <fmt/format.h>

#include "db/database.h"
#include "vector/embedded_store.h"
#include "vector/pg_store.h"
#include "vector/vector_store.h"

namespace strata::vec {

Result<std::unique_ptr<VectorStore>> open_vector_store(const std::string& location, Access access) {
  if (location.starts_with("postgres://") || location.starts_with("postgresql://")) {
    auto db = db::open_database(location);
    if (!db) return db.error();
    return std::unique_ptr<VectorStore>(std::make_unique<PgStore>(std::move(*db)));
  }
  std::filesystem::path root(location);
  std::error_code ec;
  if (access == Access::k_write) std::filesystem::create_directories(root, ec);
  if (ec)
    return Error(
        fmt::format("{}: cannot create the vector store: {}", root.string(), ec.message()));
  if (!std::filesystem::is_directory(root))
    return Error(fmt::format("no vector store at {}", root.string()), {},
                 "create a collection first: strata vec create NAME --dim N");
  return std::unique_ptr<VectorStore>(std::make_unique<EmbeddedStore>(root, access));
}

}  // namespace strata::vec
