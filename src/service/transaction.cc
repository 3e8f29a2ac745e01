// Steps, each undoable: move the old file aside (kept in the staging
// folder), create missing parent folders (remembered), rename the staged new
// file in. The undo log is the list of steps done; the staging folder is
// removed only after the last step, so until then every old byte is still
// on disk.

#include "service/transaction.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "util/fs.h"

namespace strata::service {

namespace fs = std::filesystem;

namespace {

struct Done {
  fs::path target;
  fs::path old;                    // where the old file was moved ("" = there was none)
  bool wrote = false;              // a new file now sits at target
  std::vector<fs::path> new_dirs;  // parents this step created, outermost first
};

int step_from_environment(const char* variable) {
  const char* v = std::getenv(variable);
  return v && *v ? std::atoi(v) : -1;
}

// One line per step, "W path" or "R path", in order: what recovery needs to
// put back whatever a killed process had done.
std::string journal_text(const std::vector<std::pair<bool, std::string>>& ops) {
  std::string out;
  for (const auto& [remove, path] : ops) out += (remove ? "R " : "W ") + path + "\n";
  return out;
}

void undo(const std::vector<Done>& done) {
  std::error_code ec;
  for (auto it = done.rbegin(); it != done.rend(); ++it) {
    if (it->wrote) fs::remove(it->target, ec);
    if (!it->old.empty()) fs::rename(it->old, it->target, ec);
    for (auto d = it->new_dirs.rbegin(); d != it->new_dirs.rend(); ++d) fs::remove(*d, ec);
  }
}

std::vector<fs::path> create_parents(const fs::path& target, std::error_code& ec) {
  std::vector<fs::path> made;
  for (fs::path p = target.parent_path(); !p.empty() && !fs::exists(p); p = p.parent_path())
    made.insert(made.begin(), p);
  for (const auto& d : made)
    if (!fs::create_directory(d, ec) && ec) return made;
  return made;
}

void remove_empty_parents(const fs::path& root, fs::path p) {
  std::error_code ec;
  for (p = p.parent_path(); p != root && p.string().size() > root.string().size();
       p = p.parent_path())
    if (!fs::is_directory(p, ec) || !fs::is_empty(p, ec) || !fs::remove(p, ec)) break;
}

}  // namespace

void FileTransaction::write(std::string path, std::string content) {
  m_ops.push_back({std::move(path), std::move(content), false});
}

void FileTransaction::remove(std::string path) { m_ops.push_back({std::move(path), "", true}); }

std::vector<std::string> FileTransaction::written() const {
  std::vector<std::string> out;
  for (const auto& op : m_ops)
    if (!op.remove) out.push_back(op.path);
  return out;
}

std::vector<std::string> FileTransaction::removed() const {
  std::vector<std::string> out;
  for (const auto& op : m_ops)
    if (op.remove) out.push_back(op.path);
  return out;
}

Status FileTransaction::commit(int fault_after) {
  if (fault_after < 0) fault_after = step_from_environment(k_fault_variable);
  int crash_after = step_from_environment(k_crash_variable);
  std::error_code ec;
  bool had_state_dir = fs::exists(m_root / ".strata", ec);
  fs::path stage = m_root / ".strata" / ("txn-" + std::to_string(::getpid()));
  fs::remove_all(stage, ec);
  auto cleanup = [&] {
    fs::remove_all(stage, ec);
    if (!had_state_dir) fs::remove(m_root / ".strata", ec);
  };
  // Stage: every new content on disk before anything in the workspace moves.
  for (size_t i = 0; i < m_ops.size(); ++i) {
    if (m_ops[i].remove) continue;
    if (auto st = write_atomic(stage / "new" / std::to_string(i), m_ops[i].content,
                               Durability::k_checksummed);
        !st) {
      cleanup();
      return st.error();
    }
  }
  fs::create_directories(stage / "old", ec);
  std::vector<std::pair<bool, std::string>> listed;
  for (const auto& op : m_ops) listed.emplace_back(op.remove, op.path);
  if (auto st = write_atomic(stage / "journal", journal_text(listed)); !st) {
    cleanup();
    return st.error();
  }
  std::vector<Done> done;
  auto fail = [&](Error e) -> Status {
    undo(done);
    cleanup();
    return e;
  };
  for (size_t i = 0; i < m_ops.size(); ++i) {
    if (fault_after >= 0 && static_cast<int>(i) == fault_after)
      return fail(Error("a fault injected by " + std::string(k_fault_variable) + " after " +
                        std::to_string(i) + " steps; the workspace was restored")
                      .of(ErrorKind::k_io));
    if (crash_after >= 0 && static_cast<int>(i) == crash_after) ::_exit(137);
    const Op& op = m_ops[i];
    Done d{m_root / op.path, {}, false, {}};
    ec.clear();
    if (fs::exists(fs::symlink_status(d.target, ec))) {
      d.old = stage / "old" / std::to_string(i);
      fs::rename(d.target, d.old, ec);
      if (ec)
        return fail(
            Error("cannot move " + op.path + " aside: " + ec.message()).of(ErrorKind::k_io));
    }
    if (!op.remove) {
      ec.clear();
      d.new_dirs = create_parents(d.target, ec);
      if (!ec) fs::rename(stage / "new" / std::to_string(i), d.target, ec);
      if (ec) {
        done.push_back(d);
        return fail(Error("cannot write " + op.path + ": " + ec.message()).of(ErrorKind::k_io));
      }
      d.wrote = true;
    }
    done.push_back(std::move(d));
  }
  cleanup();
  for (const auto& op : m_ops)
    if (op.remove) remove_empty_parents(m_root, m_root / op.path);
  return ok_status();
}

int recover_interrupted(const fs::path& root) {
  std::error_code ec;
  int undone = 0;
  for (fs::directory_iterator it(root / ".strata", ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!name.starts_with("txn-")) continue;
    pid_t pid = static_cast<pid_t>(std::atoi(name.c_str() + 4));
    if (pid > 0 && pid != ::getpid() && ::kill(pid, 0) == 0) continue;  // still running
    std::vector<std::pair<bool, std::string>> ops;
    std::ifstream journal(it->path() / "journal");
    for (std::string line; std::getline(journal, line);)
      if (line.size() > 2) ops.emplace_back(line[0] == 'R', line.substr(2));
    std::error_code e2;
    for (size_t i = ops.size(); i-- > 0;) {
      fs::path target = root / ops[i].second;
      fs::path old = it->path() / "old" / std::to_string(i);
      bool wrote = !ops[i].first && !fs::exists(it->path() / "new" / std::to_string(i), e2) &&
                   fs::exists(target, e2);
      if (wrote) fs::remove(target, e2);
      if (fs::exists(fs::symlink_status(old, e2))) fs::rename(old, target, e2);
      if (wrote) remove_empty_parents(root, target);
    }
    fs::remove_all(it->path(), e2);
    ++undone;
  }
  return undone;
}

}  // namespace strata::service
