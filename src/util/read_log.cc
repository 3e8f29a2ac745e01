// The active log is a plain atomic pointer: read_file checks it on every
// call, and with no log that check is all it costs.

#include "util/read_log.h"

#include <algorithm>
#include <atomic>

namespace strata {

namespace {

std::atomic<ReadLog*> g_active{nullptr};

}  // namespace

ReadLog::ReadLog() : m_previous(g_active.exchange(this)) {}

ReadLog::~ReadLog() { g_active.store(m_previous); }

void ReadLog::note(const std::filesystem::path& path) {
  ReadLog* log = g_active.load(std::memory_order_acquire);
  if (!log) return;
  std::lock_guard lock(log->m_mutex);
  log->m_paths.push_back(path.string());
}

void ReadLog::note_everything() {
  ReadLog* log = g_active.load(std::memory_order_acquire);
  if (!log) return;
  std::lock_guard lock(log->m_mutex);
  log->m_everything = true;
}

std::vector<std::string> ReadLog::paths() const {
  std::lock_guard lock(m_mutex);
  std::vector<std::string> out = m_paths;
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool ReadLog::everything() const {
  std::lock_guard lock(m_mutex);
  return m_everything;
}

}  // namespace strata
