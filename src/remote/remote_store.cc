// Every answer from the server is checked before it is trusted, in order:
// the record parses, names the hash it is stored under, carries a signature
// made with our key (when we have one), and the blob it names has that
// SHA-256 and size and decodes as an entry for that same hash. Only then is
// it written into the local store, so the local store's own checks (which
// cover corruption, not forgery) still apply on every later restore.

#include "remote/remote_store.h"

#include "cache/cache_entry.h"
#include "remote/action_record.h"
#include "remote/sha256.h"
#include "util/diagnostics.h"
#include "util/fs.h"

namespace strata::remote {

namespace {
// Records are five short lines; anything much longer is not one.
constexpr uint64_t k_max_record_bytes = 64 * 1024;
}  // namespace

RemoteStore::RemoteStore(std::unique_ptr<RemoteTransport> transport, RemoteOptions options)
    : m_transport(std::move(transport)), m_options(std::move(options)) {}

RemoteStore::~RemoteStore() { finish(std::chrono::milliseconds(0)); }

void RemoteStore::give_up(const std::string& what, const Error& why) {
  if (m_unavailable.exchange(true)) return;
  print_warning(
      Error("remote cache " + m_options.display_url + " is unavailable (" + what + ": " +
                why.message + "); continuing with the local cache only",
            {}, "check the server and STRATA_REMOTE_CACHE_URL; tasks run or restore locally"));
}

std::nullopt_t RemoteStore::reject(const Digest& hash, const std::string& task_id,
                                   const std::string& why) {
  ++m_rejected;
  std::string name = task_id.empty() ? hash.hex() : task_id;
  print_warning(
      Error("ignoring remote cache entry for " + name + ": " + why, {},
            "the task runs locally; its entry on " + m_options.display_url + " cannot be trusted"));
  return std::nullopt;
}

std::optional<std::string> RemoteStore::fetch(const Digest& hash) {
  if (m_unavailable) return std::nullopt;
  auto ac = m_transport->get("ac/" + action_key(hash), k_max_record_bytes);
  if (!ac) {
    give_up("download", ac.error());
    return std::nullopt;
  }
  if (!*ac) {
    ++m_misses;
    return std::nullopt;
  }
  auto record = decode_action_record(**ac);
  if (!record) return reject(hash, "", record.error().message);
  const std::string& task = record->task_id;
  if (record->hash != hash.hex()) return reject(hash, task, "it names another task hash");
  if (!m_options.key.empty() && record->signature.empty())
    return reject(hash, task, "it is not signed");
  if (!m_options.key.empty() && !signature_valid(*record, m_options.key))
    return reject(hash, task, "its signature does not match STRATA_REMOTE_CACHE_KEY");
  auto blob = m_transport->get("cas/" + record->entry_sha256, record->entry_size);
  if (!blob) {
    give_up("download", blob.error());
    return std::nullopt;
  }
  if (!*blob) {  // the record arrived but its content did not (yet)
    ++m_misses;
    return std::nullopt;
  }
  if ((*blob)->size() != record->entry_size || sha256_hex(**blob) != record->entry_sha256)
    return reject(hash, task, "its content does not match its SHA-256");
  auto entry = decode_entry(**blob);
  if (!entry) return reject(hash, task, entry.error().message);
  if (entry->hash != hash.hex()) return reject(hash, task, "its entry is for another task hash");
  ++m_hits;
  return std::move(**blob);
}

bool RemoteStore::fetch_into(const Digest& hash, const LocalStore& store) {
  auto bytes = fetch(hash);
  if (!bytes) return false;
  Status s = write_atomic(store.entry_path(hash), *bytes, Durability::k_checksummed);
  if (!s) print_warning(Error("cannot store a remote cache entry locally: " + s.error().str()));
  return bool(s);
}

void RemoteStore::upload(const Digest& hash, std::string task_id,
                         std::filesystem::path entry_file) {
  if (m_options.read_only) return;
  std::lock_guard lock(m_mutex);
  if (m_unavailable || m_stop || m_queue.size() >= m_options.queue_limit) {
    ++m_dropped;
    return;
  }
  m_queue.push_back({hash, std::move(task_id), std::move(entry_file)});
  if (!m_worker.joinable()) m_worker = std::thread([this] { run_uploads(); });
  m_wake.notify_one();
}

void RemoteStore::run_uploads() {
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_wake.wait(lock, [&] { return m_stop || !m_queue.empty(); });
    if (m_queue.empty()) return;
    Upload u = std::move(m_queue.front());
    m_queue.pop_front();
    m_busy = true;
    lock.unlock();
    upload_one(u);
    lock.lock();
    m_busy = false;
    if (m_queue.empty()) m_idle.notify_all();
  }
}

void RemoteStore::upload_one(const Upload& u) {
  if (m_unavailable) {
    ++m_dropped;
    return;
  }
  auto bytes = read_file(u.file);
  if (!bytes) {  // pruned or replaced since it was stored: nothing to share
    ++m_dropped;
    return;
  }
  ActionRecord r;
  r.task_id = u.task_id;
  r.hash = u.hash.hex();
  r.entry_sha256 = sha256_hex(*bytes);
  r.entry_size = bytes->size();
  // Content first, so a record never names a blob the server lacks.
  Status s = m_transport->put("cas/" + r.entry_sha256, *bytes);
  if (s) s = m_transport->put("ac/" + action_key(u.hash), encode_action_record(r, m_options.key));
  if (!s) {
    give_up("upload", s.error());
    ++m_dropped;
    return;
  }
  ++m_uploaded;
}

void RemoteStore::finish(std::chrono::milliseconds limit) {
  {
    std::unique_lock lock(m_mutex);
    if (!m_worker.joinable()) return;
    m_idle.wait_for(lock, limit, [&] { return m_queue.empty() && !m_busy; });
    m_dropped += m_queue.size();
    m_queue.clear();
    m_stop = true;
  }
  m_wake.notify_all();
  m_worker.join();  // an upload in flight ends within the transport's timeout
  // An unavailable server was reported already; otherwise say what was lost.
  uint64_t dropped = m_dropped;
  if (dropped > 0 && !m_unavailable)
    print_warning(Error(std::to_string(dropped) + (dropped == 1 ? " upload" : " uploads") +
                            " to the remote cache " + (dropped == 1 ? "was" : "were") +
                            " dropped (the queue was full or the run ended first)",
                        {}, "those entries stay local; a later run uploads what it stores"));
}

RemoteCounts RemoteStore::counts() const {
  RemoteCounts c;
  c.hits = m_hits;
  c.misses = m_misses;
  c.rejected = m_rejected;
  c.uploaded = m_uploaded;
  c.upload_dropped = m_dropped;
  c.unavailable = m_unavailable;
  return c;
}

}  // namespace strata::remote
