// Picks the VectorStore adapter a location names. Readers and writers
// differ only for the embedded store (PostgreSQL arbitrates writers itself).

#include <fmt/format.h>

#include "db/database.h"
#include "util/suggest.h"
#include "vector/embedded_store.h"
#include "vector/pg_location.h"
#include "vector/pg_store.h"
#include "vector/vector_store.h"

namespace strata::vec {

Result<std::unique_ptr<VectorStore>> open_vector_store(const std::string& location, Access access) {
  // Any other URL scheme is a mistake, never a directory to create: a
  // misspelt "postgress://user:password@host" would otherwise become
  // directories named after the password.
  std::string_view scheme = db::url_scheme(location);
  if (!scheme.empty() && scheme != "postgres" && scheme != "postgresql") {
    std::string hint = did_you_mean(scheme, {"postgres", "postgresql"});
    return Error(fmt::format("unknown vector store URL scheme '{}://'", scheme), {},
                 (hint.empty() ? "" : hint + " ") +
                     "(a directory for the embedded store, or postgres://...)");
  }
  // libpq keyword strings ("host=db dbname=app") are PostgreSQL, as for db.
  if (!scheme.empty() || db::is_keyword_conninfo(location)) {
    auto pg = take_pool_size(location);
    if (!pg) return pg.error();
    auto db = db::open_database(pg->url);
    if (!db) return db.error();
    // The pool's first connection is opened here, so a wrong URL fails now;
    // the others when queries overlap.
    OpenConnection open_more = [url = pg->url] { return db::open_database(url); };
    return std::unique_ptr<VectorStore>(
        std::make_unique<PgStore>(std::move(*db), std::move(open_more), pg->pool_size));
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
