#pragma once
// The append-only audit log of a Strata server: one JSON line per request
// (who = the token's name, what = method and path, when, outcome), in a
// file opened with O_APPEND. Requests only queue their entry; a writer
// thread appends, so a slow disk never delays an answer. Format:
// docs/formats/audit-log.md.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "util/mutex.h"
#include "util/result.h"

namespace strata::http {

inline constexpr int k_audit_log_version = 1;

struct AuditEntry {
  int64_t time_ms = 0;  // Unix time
  std::string
      who;  // token name; "anonymous" without authentication, "-" when refused before one was known
  std::string role;  // "" when unknown
  std::string method;
  std::string path;
  std::string route;  // the matched route pattern, "unmatched"
  int status = 0;
  std::string outcome;  // "ok", "denied" (403), "unauthenticated" (401), "error"
};

// The JSON line of an entry (exposed for tests).
std::string audit_line(const AuditEntry& e);

class AuditLog {
 public:
  // Opens (creates, mode 0600) `path` for appending and starts the writer.
  static Result<std::unique_ptr<AuditLog>> open(const std::string& path);
  ~AuditLog();  // writes what is queued, then stops
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Queues an entry; never waits for the disk. Past 100,000 queued entries
  // new ones are counted as dropped (and the count is logged) instead.
  void record(AuditEntry entry);
  // Waits until everything queued so far is written (tests, shutdown).
  void flush();

 private:
  explicit AuditLog(int fd);
  void write_loop();

  int m_fd;
  Mutex m_mutex;
  std::condition_variable m_wake;
  std::condition_variable m_done;
  std::deque<std::string> m_queue GUARDED_BY(m_mutex);
  uint64_t m_dropped GUARDED_BY(m_mutex) = 0;
  uint64_t m_queued GUARDED_BY(m_mutex) = 0;
  uint64_t m_written GUARDED_BY(m_mutex) = 0;
  bool m_stopping GUARDED_BY(m_mutex) = false;
  std::thread m_writer;
};

}  // namespace strata::http
