#include "cache/local_store.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "cache/output_files.h"
#include "cache/test_dir.h"
#include "util/fs.h"

namespace strata {

using testutil::TestDir;

namespace {

OutputPath out(std::string p) { return OutputPath{p, p, false}; }

Digest digest_of(std::string_view s) { return hash_bytes(s); }

CacheEntry finished(std::string output = "built\n", int exit_code = 0) {
  CacheEntry e;
  e.task_id = "a:build";
  e.exit_code = exit_code;
  e.duration_ms = 42;
  e.terminal_output = std::move(output);
  return e;
}

// A workspace with a nested output tree, a symlink and an executable.
struct StoreFixture : ::testing::Test {
  TestDir ws;
  LocalStore store{ws.root(), ".strata/cache"};
  std::vector<OutputPath> outputs{out("libs/a/dist"), out("libs/a/types.d.ts")};

  void SetUp() override {
    ws.write("libs/a/dist/main.js", "console.log(1)\n");
    ws.write("libs/a/dist/bin/run", "#!/bin/sh\necho hi\n", 0755);
    ws.write("libs/a/dist/deep/er/x.bin", std::string("\0\1\2", 3), 0600);
    ws.write("libs/a/types.d.ts", "export {};\n");
    std::filesystem::create_directories(ws.path("libs/a/dist/empty"));
    std::filesystem::create_symlink("main.js", ws.path("libs/a/dist/link.js"));
  }

  std::string capture_warnings(const std::function<void()>& fn) {
    ::testing::internal::CaptureStderr();
    fn();
    return ::testing::internal::GetCapturedStderr();
  }
};

}  // namespace

TEST_F(StoreFixture, RestoresOutputsByteExact) {
  Digest h = digest_of("k1");
  ASSERT_TRUE(store.save(h, finished(std::string("out\0put", 7)), outputs).ok());
  std::filesystem::remove_all(ws.path("libs/a/dist"));
  ws.write("libs/a/types.d.ts", "stale");
  ws.write("libs/a/dist/stale.js", "left over from another build");

  auto e = store.restore(h, outputs);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->terminal_output, std::string("out\0put", 7));
  EXPECT_EQ(e->exit_code, 0);
  EXPECT_EQ(e->task_id, "a:build");
  EXPECT_EQ(ws.read("libs/a/dist/main.js"), "console.log(1)\n");
  EXPECT_EQ(ws.read("libs/a/dist/deep/er/x.bin"), std::string("\0\1\2", 3));
  EXPECT_EQ(ws.read("libs/a/types.d.ts"), "export {};\n");
  EXPECT_EQ(ws.mode("libs/a/dist/bin/run"), 0755u);
  EXPECT_EQ(ws.mode("libs/a/dist/deep/er/x.bin"), 0600u);
  EXPECT_TRUE(std::filesystem::is_directory(ws.path("libs/a/dist/empty")));
  EXPECT_TRUE(std::filesystem::is_symlink(ws.path("libs/a/dist/link.js")));
  EXPECT_EQ(std::filesystem::read_symlink(ws.path("libs/a/dist/link.js")), "main.js");
  EXPECT_FALSE(ws.exists("libs/a/dist/stale.js")) << "existing outputs are replaced, not merged";
}

// The read-only half found on another thread gives the same restore.
TEST_F(StoreFixture, PrefetchedRestoreWritesOnlyWhatChanged) {
  Digest h = digest_of("k-prefetch");
  ASSERT_TRUE(store.save(h, finished("done\n"), outputs).ok());
  auto found = store.prefetch(h, outputs);
  ASSERT_TRUE(found.entry.has_value());
  EXPECT_TRUE(found.matches) << "the outputs on disk are the stored ones";
  auto e = store.restore(h, outputs, std::move(found));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->terminal_output, "done\n");
  EXPECT_EQ(store.restores_written(), 0u) << "matching outputs are left alone";

  ws.write("libs/a/types.d.ts", "edited by hand\n");
  found = store.prefetch(h, outputs);
  EXPECT_FALSE(found.matches);
  ASSERT_TRUE(store.restore(h, outputs, std::move(found)).has_value());
  EXPECT_EQ(store.restores_written(), 1u);
  EXPECT_EQ(ws.read("libs/a/types.d.ts"), "export {};\n");

  auto missing = store.prefetch(digest_of("never stored"), outputs);
  EXPECT_FALSE(missing.entry.has_value());
  EXPECT_FALSE(store.restore(digest_of("never stored"), outputs, std::move(missing)).has_value());
}

TEST_F(StoreFixture, EntriesFanOutByHash) {
  Digest h = digest_of("k2");
  ASSERT_TRUE(store.save(h, finished(), outputs).ok());
  std::string hex = h.hex();
  EXPECT_TRUE(ws.exists(".strata/cache/" + hex.substr(0, 2) + "/" + hex.substr(2)));
}

TEST_F(StoreFixture, FailedTasksAreNotStored) {
  Digest h = digest_of("k3");
  ASSERT_TRUE(store.save(h, finished("boom", 1), outputs).ok());
  EXPECT_FALSE(store.load(h).has_value());
  EXPECT_EQ(store.info()->entries, 0u);
}

TEST_F(StoreFixture, MissingEntryIsASilentMiss) {
  std::string err =
      capture_warnings([&] { EXPECT_FALSE(store.restore(digest_of("none"), outputs)); });
  EXPECT_EQ(err, "");
}

TEST_F(StoreFixture, DamagedEntriesAreMissesWithWarnings) {
  auto damage = [&](const std::function<void(std::string&)>& how) {
    Digest h = digest_of("damaged");
    EXPECT_TRUE(store.save(h, finished(), outputs).ok());
    std::string bytes = *read_file(store.entry_path(h));
    how(bytes);
    EXPECT_TRUE(write_atomic(store.entry_path(h), bytes).ok());
    ws.write("libs/a/dist/main.js", "current");
    std::string err =
        capture_warnings([&] { EXPECT_FALSE(store.restore(h, outputs).has_value()); });
    EXPECT_THAT(err, ::testing::HasSubstr("warning"));
    EXPECT_EQ(ws.read("libs/a/dist/main.js"), "current") << "nothing restored from a damaged entry";
    EXPECT_FALSE(ws.exists(store.entry_path(h).string())) << "damaged entry removed";
  };
  damage([](std::string& b) { b[b.size() / 2] ^= 0x01; });
  damage([](std::string& b) { b.resize(b.size() - 10); });
  damage([](std::string& b) { b[8] = 99; });
  damage([](std::string& b) { b = "garbage"; });
}

TEST_F(StoreFixture, EntryForeignPathsAreRefused) {
  std::vector<OutputFile> files{{OutputFile::Type::k_file, "libs/a/../../etc/x", 0644, "x"}};
  EXPECT_FALSE(check_restorable(files, outputs).ok());
  files = {{OutputFile::Type::k_file, "libs/b/x", 0644, "x"}};
  EXPECT_FALSE(check_restorable(files, outputs).ok());
  files = {{OutputFile::Type::k_symlink, "libs/a/dist/l", 0777, "/etc"},
           {OutputFile::Type::k_file, "libs/a/dist/l/passwd", 0644, "x"}};
  EXPECT_FALSE(check_restorable(files, outputs).ok());
}

// A crafted entry restored a setuid, world-writable file as it was given.
TEST_F(StoreFixture, RestoredModesAreMaskedToBuildPermissions) {
  Digest h = digest_of("crafted");
  CacheEntry e = finished();
  e.hash = h.hex();
  e.files = {{OutputFile::Type::k_directory, "libs/a/dist", 01777, {}},
             {OutputFile::Type::k_file, "libs/a/dist/data", 02666, "x"},
             {OutputFile::Type::k_file, "libs/a/dist/run", 04777, "#!/bin/sh\n"}};
  ASSERT_TRUE(write_atomic(store.entry_path(h), encode_entry(e)).ok());
  ASSERT_TRUE(store.restore(h, outputs).has_value());
  EXPECT_EQ(ws.mode("libs/a/dist/run"), 0755u);
  EXPECT_EQ(ws.mode("libs/a/dist/data"), 0644u);
  EXPECT_EQ(ws.mode("libs/a/dist"), 0755u);
  EXPECT_TRUE(store.restore(h, outputs).has_value());
  EXPECT_EQ(store.restores_written(), 1u) << "masked modes on disk match the entry";
}

// An output that is itself a symlink out of the workspace was stored on the
// first run and only refused by later ones (when outputs are resolved).
TEST_F(StoreFixture, SymlinkOutputLeavingTheWorkspaceIsRefusedAtStore) {
  std::filesystem::remove_all(ws.path("libs/a/dist"));
  std::filesystem::create_symlink("/tmp", ws.path("libs/a/dist"));
  Status s = store.save(digest_of("escape"), finished(), outputs);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error().str(), ::testing::HasSubstr("outside the workspace"));
  EXPECT_EQ(store.info()->entries, 0u);
}

TEST_F(StoreFixture, OutputsStoredWhenTheyDoNotExistAreRemovedOnRestore) {
  Digest h = digest_of("k4");
  std::filesystem::remove_all(ws.path("libs/a/dist"));
  ASSERT_TRUE(store.save(h, finished(), outputs).ok());
  ws.write("libs/a/dist/new.js", "x");
  ASSERT_TRUE(store.restore(h, outputs).has_value());
  EXPECT_FALSE(ws.exists("libs/a/dist"));
}

TEST_F(StoreFixture, GlobOutputsCollectAndRestoreOnlyMatches) {
  std::vector<OutputPath> globs{OutputPath{"libs/a/dist/**/*.js", "libs/a/dist", true}};
  Digest h = digest_of("k5");
  ASSERT_TRUE(store.save(h, finished(), globs).ok());
  auto e = store.load(h);
  ASSERT_TRUE(e.has_value());
  for (const auto& f : e->files) EXPECT_TRUE(f.path.ends_with(".js")) << f.path;
  ws.write("libs/a/dist/main.js", "changed");
  ASSERT_TRUE(store.restore(h, globs).has_value());
  EXPECT_EQ(ws.read("libs/a/dist/main.js"), "console.log(1)\n");
  EXPECT_TRUE(ws.exists("libs/a/dist/bin/run")) << "non-matching files are left alone";
}

// After a run, eviction looks at one fan-out directory unless that sample
// says the cache is near its limit (or is too small to say anything).
TEST_F(StoreFixture, EvictionListsTheWholeCacheOnlyNearTheLimit) {
  std::vector<Digest> same_fan;
  for (uint64_t i = 0; i < 10; ++i) same_fan.push_back(Digest{0xab00000000000000ull + i, i});
  for (const auto& d : same_fan) ASSERT_TRUE(store.save(d, finished(), outputs).ok());
  uint64_t total = store.info()->total_bytes;
  auto far = store.evict(total * 256 * 2, same_fan[0]);
  ASSERT_TRUE(far.ok());
  EXPECT_FALSE(far->scanned);
  auto near = store.evict(total / 2, same_fan[0]);
  ASSERT_TRUE(near.ok());
  EXPECT_TRUE(near->scanned);
  EXPECT_GT(near->removed, 0u);
  EXPECT_LE(store.info()->total_bytes, total / 2);
  // A sample of one entry cannot tell: the whole cache is looked at.
  Digest lone{0xcd00000000000000ull, 1};
  ASSERT_TRUE(store.save(lone, finished(), outputs).ok());
  auto small = store.evict(total * 256 * 2, lone);
  ASSERT_TRUE(small.ok());
  EXPECT_TRUE(small->scanned);
  EXPECT_EQ(small->removed, 0u);
}

TEST_F(StoreFixture, InfoCleanAndPrune) {
  for (int i = 0; i < 4; ++i) {
    ws.write("libs/a/dist/main.js", std::string(1000 * (i + 1), 'a' + i));
    ASSERT_TRUE(store.save(digest_of(std::to_string(i)), finished(), outputs).ok());
    // Stamp distinct last-used times: entry i used i minutes ago, in reverse.
    struct timespec t[2] = {{1700000000 + i * 60, 0}, {1700000000 + i * 60, 0}};
    ::utimensat(AT_FDCWD, store.entry_path(digest_of(std::to_string(i))).c_str(), t, 0);
  }
  auto info = store.info();
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->entries, 4u);
  EXPECT_EQ(info->oldest_used_ms, 1700000000000);
  EXPECT_EQ(info->newest_used_ms, 1700000180000);
  uint64_t total = info->total_bytes;

  // A hit marks entry 0 as most recently used, so prune evicts 1 first.
  ASSERT_TRUE(store.restore(digest_of("0"), outputs).has_value());
  uint64_t size1 = std::filesystem::file_size(store.entry_path(digest_of("1")));
  auto report = store.prune(total - 1);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->removed, 1u);
  EXPECT_EQ(report->freed_bytes, size1);
  EXPECT_FALSE(store.load(digest_of("1")).has_value());
  EXPECT_TRUE(store.load(digest_of("0")).has_value());
  EXPECT_LE(store.info()->total_bytes, total - 1);

  ASSERT_TRUE(store.prune(0).ok());
  EXPECT_EQ(store.info()->entries, 0u);

  ASSERT_TRUE(store.save(digest_of("again"), finished(), outputs).ok());
  ws.write(".strata/cache/keep-me.txt", "not ours");
  ASSERT_TRUE(store.clean().ok());
  EXPECT_EQ(store.info()->entries, 0u);
  EXPECT_TRUE(ws.exists(".strata/cache/keep-me.txt")) << "clean removes only what the store made";
}

TEST(ParseSize, AcceptsUnits) {
  EXPECT_EQ(*parse_size("4096"), 4096u);
  EXPECT_EQ(*parse_size("500MB"), 500ull << 20);
  EXPECT_EQ(*parse_size("2G"), 2ull << 30);
  EXPECT_EQ(*parse_size("1.5GiB"), 3ull << 29);
  EXPECT_EQ(*parse_size("10 kb"), 10240u);
  EXPECT_EQ(*parse_size("0"), 0u);
  for (const char* bad : {"", "MB", "12XB", "-1G", "1.2.3M"})
    EXPECT_FALSE(parse_size(bad).ok()) << bad;
  EXPECT_EQ(format_size(1536), "1.5 KiB");
  EXPECT_EQ(format_size(12), "12 B");
}

}  // namespace strata
