#pragma once
// The registry's tables, created by numbered migrations recorded in
// ml_registry_schema, applied under the registry's database lock so that
// concurrent processes apply each once. Documented in
// docs/formats/model-registry.md.

#include <cstdint>

#include "db/database.h"
#include "util/result.h"

namespace strata::registry {

// The lock every registry write takes (an advisory lock on PostgreSQL, an
// flock beside the file on SQLite): migrations, version numbers, alias moves.
inline constexpr int64_t k_registry_lock = 0x5354524d4c52;  // "STRMLR"

// The newest schema version this build knows.
int registry_schema_version();

// Brings the database's registry tables up to registry_schema_version();
// refuses a database whose registry is newer than this build.
Status migrate_registry(db::DatabaseManager& db);

}  // namespace strata::registry
