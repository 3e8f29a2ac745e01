#pragma once
// Dropping everything in a database, for `strata db reset` (drop, migrate,
// seed).

#include "db/database.h"

namespace strata::db {

// PostgreSQL: drops and recreates the `public` schema. SQLite: drops every
// table and view. Strata's own tables go with them.
Status drop_all_objects(DatabaseManager& db);

}  // namespace strata::db
