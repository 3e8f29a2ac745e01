#include "remote/remote_store.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <stdexcept>
#include <thread>

#include "cache/cache_entry.h"
#include "cache/test_dir.h"
#include "remote/action_record.h"
#include "remote/sha256.h"
#include "util/fs.h"

namespace strata::remote {

namespace {

using namespace std::chrono_literals;

// What a cache server holds, shared by the stores of several "machines".
struct FakeServer {
  std::mutex mutex;
  std::map<std::string, std::string> files;
  std::optional<Error> failure;  // every request fails with it (down, timeout)
  int gets = 0, puts = 0;
  // While closed, a PUT waits in the "network" until the test opens it.
  std::condition_variable gate;
  bool gate_closed = false;
  int puts_waiting = 0;

  void open_gate() {
    std::lock_guard lock(mutex);
    gate_closed = false;
    gate.notify_all();
  }
  void wait_for_waiting_put() {
    std::unique_lock lock(mutex);
    gate.wait(lock, [&] { return puts_waiting > 0; });
  }
};

class FakeTransport : public RemoteTransport {
 public:
  explicit FakeTransport(std::shared_ptr<FakeServer> server) : m_server(std::move(server)) {}
  Result<std::optional<std::string>> get(const std::string& path, uint64_t max_bytes) override {
    std::lock_guard lock(m_server->mutex);
    ++m_server->gets;
    if (m_server->failure) return *m_server->failure;
    auto it = m_server->files.find(path);
    if (it == m_server->files.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second.substr(0, max_bytes + 1));
  }
  Status put(const std::string& path, std::string_view body) override {
    std::unique_lock lock(m_server->mutex);
    ++m_server->puts_waiting;
    m_server->gate.notify_all();
    m_server->gate.wait(lock, [&] { return !m_server->gate_closed; });
    --m_server->puts_waiting;
    ++m_server->puts;
    if (m_server->failure) return *m_server->failure;
    m_server->files[path] = body;
    return ok_status();
  }

 private:
  std::shared_ptr<FakeServer> m_server;
};

class RemoteStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<RemoteStore> store(std::string key, bool read_only = false,
                                     size_t queue_limit = 256) {
    RemoteOptions o;
    o.queue_limit = queue_limit;
    o.display_url = "http://cache.test";
    o.key = std::move(key);
    o.read_only = read_only;
    return std::make_unique<RemoteStore>(std::make_unique<FakeTransport>(m_server), o);
  }
  // Writes a local entry for `hash` and uploads it through a store with `key`.
  void publish(const Digest& hash, const std::string& key) {
    CacheEntry e;
    e.task_id = "lib:build";
    e.hash = hash.hex();
    e.terminal_output = "built\n";
    e.files.push_back({OutputFile::Type::k_file, "lib/out/a.txt", 0644, "content"});
    std::filesystem::path file = m_dir.path("writer-entry");
    ASSERT_TRUE(write_atomic(file, encode_entry(e)));
    auto writer = store(key);
    writer->upload(hash, "lib:build", file);
    writer->finish(10s);
    EXPECT_EQ(writer->counts().uploaded, 1u);
  }
  std::string& ac(const Digest& hash) { return m_server->files.at("ac/" + action_key(hash)); }
  std::string& cas() {
    for (auto& [path, body] : m_server->files)
      if (path.starts_with("cas/")) return body;
    throw std::logic_error("no blob");
  }

  testutil::TestDir m_dir;
  std::shared_ptr<FakeServer> m_server = std::make_shared<FakeServer>();
  Digest m_hash = hash_bytes("a task");
};

}  // namespace

TEST_F(RemoteStoreTest, ASignedEntryIsAHitWrittenIntoTheLocalStore) {
  publish(m_hash, "secret");
  auto reader = store("secret");
  LocalStore local(m_dir.root(), ".strata/cache");
  ASSERT_TRUE(reader->fetch_into(m_hash, local));
  auto entry = local.load(m_hash);
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->terminal_output, "built\n");
  EXPECT_EQ(entry->files.at(0).content, "content");
  EXPECT_EQ(reader->counts().hits, 1u);
}

TEST_F(RemoteStoreTest, AnAbsentEntryIsAQuietMiss) {
  auto reader = store("secret");
  testing::internal::CaptureStderr();
  EXPECT_FALSE(reader->fetch(m_hash));
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(reader->counts().misses, 1u);
  EXPECT_FALSE(reader->counts().unavailable);
}

TEST_F(RemoteStoreTest, TamperedContentIsRejected) {
  publish(m_hash, "secret");
  std::string& blob = cas();
  blob[blob.size() / 2] ^= 0x20;
  auto reader = store("secret");
  testing::internal::CaptureStderr();
  EXPECT_FALSE(reader->fetch(m_hash));
  EXPECT_NE(testing::internal::GetCapturedStderr().find("does not match its SHA-256"),
            std::string::npos);
  EXPECT_EQ(reader->counts().rejected, 1u);
}

TEST_F(RemoteStoreTest, LongerContentIsRejected) {
  publish(m_hash, "secret");
  cas() += "appended by the server";
  auto reader = store("secret");
  testing::internal::CaptureStderr();
  EXPECT_FALSE(reader->fetch(m_hash));
  EXPECT_NE(testing::internal::GetCapturedStderr().find("does not match its SHA-256"),
            std::string::npos);
}

TEST_F(RemoteStoreTest, ARecordPointedAtOtherContentFailsItsSignature) {
  publish(m_hash, "secret");
  // A writable server swaps in its own blob and fixes up the record.
  std::string evil = "not what was built";
  m_server->files["cas/" + sha256_hex(evil)] = evil;
  auto record = decode_action_record(ac(m_hash));
  ASSERT_TRUE(record);
  std::string forged = ac(m_hash);
  forged.replace(forged.find(record->entry_sha256), 64, sha256_hex(evil));
  ac(m_hash) = forged;
  auto reader = store("secret");
  testing::internal::CaptureStderr();
  EXPECT_FALSE(reader->fetch(m_hash));
  EXPECT_NE(testing::internal::GetCapturedStderr().find("signature does not match"),
            std::string::npos);
}

TEST_F(RemoteStoreTest, AnEntrySignedWithAnotherKeyIsRejected) {
  publish(m_hash, "their key");
  auto reader = store("secret");
  testing::internal::CaptureStderr();
  EXPECT_FALSE(reader->fetch(m_hash));
  EXPECT_NE(testing::internal::GetCapturedStderr().find("signature does not match"),
            std::string::npos);
}

TEST_F(RemoteStoreTest, UnsignedEntriesAreRejectedByReadersWithAKeyOnly) {
  publish(m_hash, "");
  auto keyed = store("secret");
  testing::internal::CaptureStderr();
  EXPECT_FALSE(keyed->fetch(m_hash));
  EXPECT_NE(testing::internal::GetCapturedStderr().find("not signed"), std::string::npos);
  EXPECT_TRUE(store("")->fetch(m_hash));
}

TEST_F(RemoteStoreTest, ARecordStoredUnderAnotherKeyIsRejected) {
  Digest other = hash_bytes("another task");
  publish(other, "secret");
  m_server->files["ac/" + action_key(m_hash)] = ac(other);
  auto reader = store("secret");
  testing::internal::CaptureStderr();
  EXPECT_FALSE(reader->fetch(m_hash));
  EXPECT_NE(testing::internal::GetCapturedStderr().find("another task hash"), std::string::npos);
}

TEST_F(RemoteStoreTest, ATimeoutWarnsOnceAndStopsAskingTheServer) {
  publish(m_hash, "secret");
  m_server->failure = Error("Read timed out");
  int before = m_server->gets;
  auto reader = store("secret");
  testing::internal::CaptureStderr();
  EXPECT_FALSE(reader->fetch(m_hash));
  EXPECT_FALSE(reader->fetch(hash_bytes("second")));
  reader->upload(m_hash, "lib:build", m_dir.path("writer-entry"));
  reader->finish(10s);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("is unavailable (download: Read timed out)"), std::string::npos) << err;
  EXPECT_EQ(err.find("unavailable", err.find("unavailable") + 1), std::string::npos)
      << "one warning: " << err;
  EXPECT_EQ(m_server->gets, before + 1);
  EXPECT_TRUE(reader->counts().unavailable);
  EXPECT_EQ(reader->counts().upload_dropped, 1u);
}

TEST_F(RemoteStoreTest, AFailingUploadGivesUpWithoutFailing) {
  ASSERT_TRUE(write_atomic(m_dir.path("entry"), "bytes"));
  m_server->failure = Error("Connection");
  auto writer = store("secret");
  testing::internal::CaptureStderr();
  writer->upload(m_hash, "lib:build", m_dir.path("entry"));
  writer->upload(hash_bytes("b"), "lib:test", m_dir.path("entry"));
  writer->finish(10s);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("is unavailable (upload: Connection)"), std::string::npos) << err;
  EXPECT_EQ(writer->counts().uploaded, 0u);
  EXPECT_EQ(writer->counts().upload_dropped, 2u);
}

TEST_F(RemoteStoreTest, ReadOnlyUploadsNothing) {
  ASSERT_TRUE(write_atomic(m_dir.path("entry"), "bytes"));
  auto writer = store("secret", true);
  writer->upload(m_hash, "lib:build", m_dir.path("entry"));
  writer->finish(10s);
  EXPECT_EQ(m_server->puts, 0);
  EXPECT_TRUE(m_server->files.empty());
}

TEST_F(RemoteStoreTest, TheUploadQueueIsBounded) {
  ASSERT_TRUE(write_atomic(m_dir.path("entry"), "bytes"));
  m_server->gate_closed = true;
  auto writer = store("secret", false, 1);
  writer->upload(hash_bytes("a"), "a:build", m_dir.path("entry"));
  m_server->wait_for_waiting_put();  // "a" is on the wire, the queue is empty
  writer->upload(hash_bytes("b"), "b:build", m_dir.path("entry"));
  writer->upload(hash_bytes("c"), "c:build", m_dir.path("entry"));  // queue full
  EXPECT_EQ(writer->counts().upload_dropped, 1u);
  m_server->open_gate();
  writer->finish(10s);
  EXPECT_EQ(writer->counts().uploaded, 2u);
  EXPECT_EQ(m_server->files.count("ac/" + action_key(hash_bytes("c"))), 0u);
}

TEST_F(RemoteStoreTest, FinishDropsWhatIsStillQueuedWhenTimeRunsOut) {
  ASSERT_TRUE(write_atomic(m_dir.path("entry"), "bytes"));
  m_server->gate_closed = true;
  auto writer = store("secret");
  writer->upload(hash_bytes("a"), "a:build", m_dir.path("entry"));
  m_server->wait_for_waiting_put();
  writer->upload(hash_bytes("b"), "b:build", m_dir.path("entry"));
  // The upload in flight ends (here: once finish has given up on "b"); "b"
  // never starts.
  std::thread network([&] {
    while (writer->counts().upload_dropped == 0) std::this_thread::yield();
    m_server->open_gate();
  });
  testing::internal::CaptureStderr();
  writer->finish(0ms);
  network.join();
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(writer->counts().uploaded, 1u);
  EXPECT_EQ(writer->counts().upload_dropped, 1u);
  EXPECT_NE(err.find("1 upload to the remote cache was dropped"), std::string::npos) << err;
}

TEST_F(RemoteStoreTest, TheRecordNamesTheUploadedContent) {
  publish(m_hash, "secret");
  ASSERT_EQ(m_server->files.size(), 2u);
  auto record = decode_action_record(ac(m_hash));
  ASSERT_TRUE(record);
  EXPECT_EQ(sha256_hex(cas()), record->entry_sha256);
  EXPECT_EQ(record->task_id, "lib:build");
}

}  // namespace strata::remote
