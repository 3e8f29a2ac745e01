// One writer thread and a queue: a request pays one lock and a string
// move. Lines are written in batches with one write(2) each on a file
// opened O_APPEND, so concurrent servers on one file never interleave
// within a line, and nothing ever rewrites or truncates it.

#include "http/audit_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>

namespace strata::http {

namespace {

constexpr size_t k_max_queued = 100000;

std::string iso_time(int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[40];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms % 1000));
  return out;
}

void write_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) return;  // a full disk loses entries, never a request
    done += static_cast<size_t>(n);
  }
}

}  // namespace

std::string audit_line(const AuditEntry& e) {
  nlohmann::json j = {
      {"v", k_audit_log_version}, {"time", iso_time(e.time_ms)}, {"who", e.who},
      {"role", e.role},           {"method", e.method},          {"path", e.path},
      {"route", e.route},         {"status", e.status},          {"outcome", e.outcome}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Result<std::unique_ptr<AuditLog>> AuditLog::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return Error("cannot open the audit log: " + std::string(std::strerror(errno)), {path, 0, 0})
        .of(ErrorKind::k_io);
  return std::unique_ptr<AuditLog>(new AuditLog(fd));
}

AuditLog::AuditLog(int fd) : m_fd(fd), m_writer([this] { write_loop(); }) {}

AuditLog::~AuditLog() {
  {
    MutexLock lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  m_writer.join();
  ::close(m_fd);
}

void AuditLog::record(AuditEntry entry) {
  std::string line = audit_line(entry);
  {
    MutexLock lock(m_mutex);
    if (m_queue.size() >= k_max_queued) {
      ++m_dropped;
      return;
    }
    m_queue.push_back(std::move(line));
    ++m_queued;
  }
  m_wake.notify_one();
}

void AuditLog::flush() {
  UniqueLock lock(m_mutex);
  uint64_t target = m_queued;
  while (m_written < target) lock.wait(m_done);
}

void AuditLog::write_loop() {
  UniqueLock lock(m_mutex);
  while (true) {
    while (!m_stopping && m_queue.empty()) lock.wait(m_wake);
    if (m_queue.empty() && m_stopping) return;
    std::string batch;
    size_t n = 0;
    for (; !m_queue.empty(); ++n) {
      batch += m_queue.front();
      m_queue.pop_front();
    }
    if (m_dropped) {
      batch += "{\"v\":1,\"dropped\":" + std::to_string(m_dropped) + "}\n";
      m_dropped = 0;
    }
    lock.unlock();
    write_all(m_fd, batch);
    lock.lock();
    m_written += n;
    m_done.notify_all();
  }
}

}  // namespace strata::http
