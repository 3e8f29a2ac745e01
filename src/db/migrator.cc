// Applying migrations: take the lock, create the history table if needed,
// compare files with history (dirty rows, drift, out-of-order files are
// refused before anything runs), then apply each pending file.
//
// A transactional migration runs its whole file and its history row in one
// transaction, so a failure leaves nothing behind. A `-- strata:no-transaction`
// migration first records a "dirty" row, runs statement by statement
// (CREATE INDEX CONCURRENTLY cannot run in a transaction block), and marks
// the row applied at the end; a failure part-way leaves the dirty row for
// `strata db repair`.

#include "db/migrator.h"

#include <algorithm>
#include <map>

#include "db/sql_text.h"
#include "util/fs.h"

namespace strata::db {

namespace fs = std::filesystem;

namespace {

int64_t ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

}  // namespace

const char* migration_state_name(MigrationState s) {
  switch (s) {
    case MigrationState::k_pending:
      return "pending";
    case MigrationState::k_applied:
      return "applied";
    case MigrationState::k_dirty:
      return "dirty";
    case MigrationState::k_changed:
      return "changed";
    case MigrationState::k_missing:
      return "missing";
    case MigrationState::k_out_of_order:
      return "out-of-order";
  }
  return "?";
}

Result<std::vector<MigrationStatus>> Migrator::status() {
  auto files = scan_migrations(m_dir);
  if (!files) return files.error();
  auto rows = m_history.rows();
  if (!rows) return rows.error();
  std::map<std::string, HistoryRow> by_version;
  std::string newest_applied;
  for (const auto& r : *rows) {
    by_version[r.version] = r;
    if (newest_applied.empty() || version_less(newest_applied, r.version))
      newest_applied = r.version;
  }
  std::vector<MigrationStatus> out;
  for (const auto& f : *files) {
    MigrationStatus s{f.version, f.name,           MigrationState::k_pending, f.path.string(),
                      {},        f.no_transaction, !f.down_path.empty()};
    if (auto it = by_version.find(f.version); it != by_version.end()) {
      s.history = it->second;
      if (it->second.state == HistoryState::k_dirty)
        s.state = MigrationState::k_dirty;
      else if (it->second.checksum != f.checksum)
        s.state = MigrationState::k_changed;
      else
        s.state = MigrationState::k_applied;
      by_version.erase(it);
    } else if (!newest_applied.empty() && version_less(f.version, newest_applied)) {
      s.state = MigrationState::k_out_of_order;
    }
    out.push_back(std::move(s));
  }
  for (auto& [v, r] : by_version)
    out.push_back({v, r.name, MigrationState::k_missing, "", r, false, false});
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return version_less(a.version, b.version); });
  return out;
}

Result<std::vector<MigrationFile>> Migrator::checked_plan(const std::vector<MigrationFile>& files,
                                                          const MigrateOptions& opts) {
  auto states = status();
  if (!states) return states.error();
  std::vector<std::string> pending;
  for (const auto& s : *states) {
    if (s.state == MigrationState::k_dirty)
      return Error("migration " + s.version +
                       " is dirty: it ran without a transaction and did not finish",
                   {s.file},
                   "check the database by hand, then run `strata db repair` so it runs again")
          .of(ErrorKind::k_conflict);
    if (s.state == MigrationState::k_changed)
      return Error("applied migration changed since it was applied (checksum " +
                       s.history->checksum.substr(0, 12) + " recorded)",
                   {s.file}, "restore the file, or run `strata db repair` to accept the new text")
          .of(ErrorKind::k_conflict);
    if (s.state == MigrationState::k_out_of_order && !opts.allow_out_of_order)
      return Error("migration " + s.version + " is older than an applied migration", {s.file},
                   "give it a newer version (strata db new), or pass --allow-out-of-order");
    if (s.state == MigrationState::k_pending || s.state == MigrationState::k_out_of_order)
      pending.push_back(s.version);
  }
  if (!opts.target.empty() && std::none_of(files.begin(), files.end(),
                                           [&](const auto& f) { return f.version == opts.target; }))
    return Error("no migration with version " + opts.target).of(ErrorKind::k_not_found);
  std::vector<MigrationFile> out;
  for (const auto& f : files) {
    if (!opts.target.empty() && version_less(opts.target, f.version)) break;
    if (std::find(pending.begin(), pending.end(), f.version) != pending.end()) out.push_back(f);
  }
  return out;
}

Result<std::vector<MigrationFile>> Migrator::plan(const MigrateOptions& opts) {
  auto files = scan_migrations(m_dir);
  if (!files) return files.error();
  return checked_plan(*files, opts);
}

Result<std::vector<MigrationFile>> Migrator::migrate(const MigrateOptions& opts,
                                                     MigrationObserver* obs) {
  if (opts.dry_run) return plan(opts);
  auto files = scan_migrations(m_dir);
  if (!files) return files.error();
  auto lock = m_db.lock(k_strata_lock_key, opts.lock_timeout);
  if (!lock) return lock.error();
  if (auto st = m_history.ensure(); !st) return st.error();
  auto todo = checked_plan(*files, opts);
  if (!todo) return todo.error();
  for (const auto& m : *todo)
    if (auto st = apply(m, obs); !st) return st.error();
  return todo;
}

Status Migrator::apply(const MigrationFile& m, MigrationObserver* obs) {
  if (obs) obs->started(m);
  int64_t duration = 0;
  Status st =
      m.no_transaction ? apply_without_transaction(m, duration) : apply_in_transaction(m, duration);
  if (st && obs) obs->finished(m, duration);
  return st;
}

Error Migrator::located(const Error& e, const fs::path& file, const std::string& what) {
  const DbErrorDetail& d = m_db.last_error();
  std::string msg = what + ": " + e.message;
  return Error(msg, {file.string(), d.line, d.col}, e.hint);
}

Status Migrator::apply_in_transaction(const MigrationFile& m, int64_t& duration_ms) {
  if (auto st = m_db.begin(); !st) return st;
  auto start = std::chrono::steady_clock::now();
  if (auto st = m_db.exec(m.sql); !st) {
    Error e = located(st.error(), m.path, "migration " + m.version + " failed and was rolled back");
    (void)m_db.rollback();
    return e;
  }
  duration_ms = ms_since(start);
  HistoryRow row{m.version,
                 m.name,
                 m.checksum,
                 utc_now_iso(),
                 duration_ms,
                 current_actor(),
                 HistoryState::k_applied};
  if (auto st = m_history.insert(row); !st) {
    (void)m_db.rollback();
    return st;
  }
  return m_db.commit();
}

Status Migrator::apply_without_transaction(const MigrationFile& m, int64_t& duration_ms) {
  HistoryRow row{m.version, m.name,          m.checksum,           utc_now_iso(),
                 0,         current_actor(), HistoryState::k_dirty};
  if (auto st = m_history.insert(row); !st) return st;
  auto start = std::chrono::steady_clock::now();
  for (const SqlStatement& s : split_statements(m.sql)) {
    if (auto st = m_db.exec(s.text); !st) {
      const DbErrorDetail& d = m_db.last_error();
      LineCol lc = line_col_at(m.sql, s.offset + (d.has_position ? d.offset : 0));
      return Error(
          "migration " + m.version + " failed outside a transaction: " + st.error().message,
          {m.path.string(), lc.line, d.has_position ? lc.col : 0},
          "it is marked dirty; fix the database and the file, then run `strata db repair` and "
          "migrate again");
    }
  }
  duration_ms = ms_since(start);
  return m_history.mark_applied(m.version, duration_ms);
}

Result<std::vector<MigrationFile>> Migrator::rollback(int steps, bool dry_run,
                                                      MigrationObserver* obs) {
  auto files = scan_migrations(m_dir);
  if (!files) return files.error();
  std::unique_ptr<DatabaseLock> held;
  if (!dry_run) {
    auto lock = m_db.lock(k_strata_lock_key, MigrateOptions{}.lock_timeout);
    if (!lock) return lock.error();
    held = std::move(*lock);
  }
  auto rows = m_history.rows();
  if (!rows) return rows.error();
  std::vector<MigrationFile> todo;
  for (auto it = rows->rbegin(); it != rows->rend() && static_cast<int>(todo.size()) < steps;
       ++it) {
    auto f = std::find_if(files->begin(), files->end(),
                          [&](const auto& m) { return m.version == it->version; });
    if (f == files->end())
      return Error("cannot roll back " + it->version + "_" + it->name +
                   ": its migration file is gone");
    if (it->state == HistoryState::k_dirty)
      return Error(
          "migration " + f->version + " is dirty: it did not finish, so its down file may not fit",
          {f->path.string()}, "check the database by hand, then run `strata db repair`");
    if (f->down_path.empty())
      return Error("migration " + f->version + " has no down file", {f->path.string()},
                   "write " + f->version + "_" + f->name + ".down.sql to undo it");
    todo.push_back(*f);
  }
  if (dry_run) return todo;
  for (const auto& m : todo) {
    if (obs) obs->started(m);
    auto start = std::chrono::steady_clock::now();
    auto text = read_file(m.down_path);
    if (!text) return text.error();
    if (auto st = run_down(m, normalize_line_endings(*text)); !st) return st.error();
    if (obs) obs->finished(m, ms_since(start));
  }
  return todo;
}

Status Migrator::run_down(const MigrationFile& m, const std::string& sql) {
  if (auto st = m_db.begin(); !st) return st;
  if (auto st = m_db.exec(sql); !st) {
    Error e =
        located(st.error(), m.down_path, "rollback of " + m.version + " failed and was undone");
    (void)m_db.rollback();
    return e;
  }
  if (auto st = m_history.remove(m.version); !st) {
    (void)m_db.rollback();
    return st;
  }
  return m_db.commit();
}

Result<RepairReport> Migrator::repair() {
  auto lock = m_db.lock(k_strata_lock_key, MigrateOptions{}.lock_timeout);
  if (!lock) return lock.error();
  auto states = status();
  if (!states) return states.error();
  auto files = scan_migrations(m_dir);
  if (!files) return files.error();
  RepairReport report;
  for (const auto& s : *states) {
    if (s.state == MigrationState::k_dirty) {
      if (auto st = m_history.remove(s.version); !st) return st.error();
      report.dirty_removed.push_back(s.version);
    } else if (s.state == MigrationState::k_changed) {
      auto f = std::find_if(files->begin(), files->end(),
                            [&](const auto& m) { return m.version == s.version; });
      if (auto st = m_history.set_checksum(s.version, f->checksum); !st) return st.error();
      report.checksums_updated.push_back(s.version);
    }
  }
  return report;
}

}  // namespace strata::db
