// Hashing cost on a generated workspace of 1,000 projects x 12 files, each
// project depending on up to three earlier ones: the shape the performance
// targets are stated for. The bound is loose (shared CI machines); the
// measured times are printed. STRATA_PERF_PROJECTS overrides the count.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "cache/task_hasher.h"
#include "cache/test_dir.h"

namespace strata {

TEST(TaskHasherPerf, ThousandProjectsTwelveFilesEach) {
  testutil::TestDir dir;
  Workspace ws;
  ws.root = dir.root();
  ProjectGraph graph;
  TaskGraph tasks;
  const int k_projects =
      std::getenv("STRATA_PERF_PROJECTS") ? std::atoi(std::getenv("STRATA_PERF_PROJECTS")) : 1000;
  for (int i = 0; i < k_projects; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "p%04d", i);
    Project p;
    p.name = name;
    p.root = std::string("libs/") + name;
    Target t;
    t.name = "build";
    t.options = {{"command", "tsc -p " + p.root}};
    p.targets["build"] = t;
    for (int f = 0; f < 12; ++f)
      dir.write(p.root + "/src/f" + std::to_string(f) + ".ts", p.name + std::to_string(f));
    graph.nodes.push_back(p.name);
    Task task{p.name + ":build", p.name, "build", "", {}, {}};
    for (int d = std::max(0, i - 3); d < i; ++d) {
      graph.dependencies[p.name].push_back(
          {p.name, ws.projects[static_cast<size_t>(d)].name, DependencyType::k_static, ""});
      task.deps.push_back(static_cast<size_t>(d));
    }
    tasks.index[task.id] = tasks.tasks.size();
    tasks.tasks.push_back(std::move(task));
    ws.projects.push_back(std::move(p));
  }
  // Sources are normally older than the stat cache's racy window (2 s).
  struct timespec old[2] = {{1700000000, 0}, {1700000000, 0}};
  for (const auto& e : std::filesystem::recursive_directory_iterator(ws.root))
    if (e.is_regular_file()) ::utimensat(AT_FDCWD, e.path().c_str(), old, 0);
  auto files = FileIndex::scan(ws.root);
  ASSERT_TRUE(files.ok());
  files->assign_owners(ws.projects);
  FileHasher fh(ws.root, ws.root / ".strata/file-hashes");

  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  auto cold = TaskHasher(ws, graph, *files, fh).hash_all(tasks);
  auto t1 = clock::now();
  auto warm = TaskHasher(ws, graph, *files, fh).hash_all(tasks);
  auto t2 = clock::now();
  ASSERT_TRUE(cold.ok()) << cold.error().str();
  ASSERT_TRUE(warm.ok());
  EXPECT_EQ(cold->back().digest, warm->back().digest);
  auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  std::printf("hash_all, 1000 tasks: %.1f ms with file reads, %.1f ms with digests known\n",
              ms(t1 - t0), ms(t2 - t1));
  // About 100k instructions a task (callgrind), ~30 ms in all on an idle
  // core; the bound only catches accidental quadratic behaviour.
  EXPECT_LT(ms(t2 - t1), 1500.0);
}

}  // namespace strata
