// A task's outputs between the disk and a cache entry, on real files in a
// scratch directory: collect then restore elsewhere gives the same tree
// (round trip), modes are masked both ways, symlinks are recorded and never
// followed, a restore removes what the entry does not hold, and an entry
// that would write outside its outputs or through a link is refused.

#include "cache/output_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "util/temp_dir.h"

namespace strata {
namespace {

namespace fs = std::filesystem;
using Type = OutputFile::Type;

OutputPath dir_output(std::string path) { return {path, path, false}; }

mode_t mode_of(const fs::path& p) {
  struct stat st{};
  ::lstat(p.c_str(), &st);
  return st.st_mode & 07777;
}

struct Trees {
  testutil::TempDir built{"strata-out-built"};
  testutil::TempDir restored{"strata-out-restored"};
  std::vector<OutputPath> outputs{dir_output("dist")};

  Trees() {
    built.write("dist/app.js", "console.log(1)\n");
    built.write("dist/bin/run", "#!/bin/sh\n", 0755);
    built.write("dist/empty.txt", "");
    built.mkdir("dist/assets/empty-dir");
    ::symlink("app.js", built.path("dist/latest.js").c_str());
    built.write("src/not-an-output.ts", "x");
  }
};

TEST(OutputFiles, CollectThenRestoreGivesTheSameTree) {
  Trees t;
  auto files = collect_outputs(t.built.root(), t.outputs);
  ASSERT_TRUE(files) << files.error().str();
  ASSERT_TRUE(check_restorable(*files, t.outputs));
  ASSERT_TRUE(restore_outputs(t.restored.root(), t.outputs, *files));
  EXPECT_TRUE(outputs_match(t.restored.root(), t.outputs, *files));
  EXPECT_EQ(t.restored.read("dist/bin/run"), "#!/bin/sh\n");
  EXPECT_EQ(mode_of(t.restored.path("dist/bin/run")), 0755u);
  EXPECT_TRUE(fs::is_directory(t.restored.path("dist/assets/empty-dir")));
  EXPECT_EQ(fs::read_symlink(t.restored.path("dist/latest.js")), "app.js");
  EXPECT_FALSE(t.restored.exists("src/not-an-output.ts"));
  // Collecting the restored tree gives the entry back: byte for byte.
  EXPECT_EQ(*collect_outputs(t.restored.root(), t.outputs), *files);
}

TEST(OutputFiles, CollectedPathsAreSortedUniqueAndLinksAreNotFollowed) {
  Trees t;
  t.built.write("elsewhere/secret", "do not collect");
  ::symlink(t.built.path("elsewhere").c_str(), t.built.path("dist/outside").c_str());
  auto overlapping = t.outputs;
  overlapping.push_back(dir_output("dist/bin"));  // listed twice through its parent
  auto files = collect_outputs(t.built.root(), overlapping);
  ASSERT_TRUE(files);
  for (size_t i = 1; i < files->size(); ++i) EXPECT_LT((*files)[i - 1].path, (*files)[i].path);
  for (const auto& f : *files) EXPECT_EQ(f.path.find("secret"), std::string::npos) << f.path;
  auto link = std::find_if(files->begin(), files->end(),
                           [](const OutputFile& f) { return f.path == "dist/outside"; });
  ASSERT_NE(link, files->end());
  EXPECT_EQ(link->type, Type::k_symlink);
}

TEST(OutputFiles, ModesAreMaskedWhenCollectedAndWhenRestored) {
  Trees t;
  t.built.write("dist/setuid", "x", 04777);
  auto files = collect_outputs(t.built.root(), t.outputs);
  ASSERT_TRUE(files);
  for (const auto& f : *files)
    if (f.path == "dist/setuid") {
      EXPECT_EQ(f.mode, 0755u);
    }
  // A crafted entry asking for setuid and world-write gets neither, once
  // masked as the store masks every entry it loads; a link keeps its mode.
  std::vector<OutputFile> crafted{{Type::k_directory, "dist", 01777, ""},
                                  {Type::k_file, "dist/x", 06777, "y"},
                                  {Type::k_symlink, "dist/l", 0777, "x"}};
  mask_output_modes(crafted);
  EXPECT_EQ(crafted[0].mode, 0755u);
  EXPECT_EQ(crafted[1].mode, 0755u);
  EXPECT_EQ(crafted[2].mode, 0777u);
  ASSERT_TRUE(check_restorable(crafted, t.outputs));
  ASSERT_TRUE(restore_outputs(t.restored.root(), t.outputs, crafted));
  EXPECT_EQ(mode_of(t.restored.path("dist/x")) & 07022, 0u);
  EXPECT_EQ(mode_of(t.restored.path("dist")) & 07022, 0u);
}

TEST(OutputFiles, ARestoreRemovesWhatTheEntryDoesNotHold) {
  Trees t;
  auto files = collect_outputs(t.built.root(), t.outputs);
  ASSERT_TRUE(files);
  t.restored.write("dist/stale.js", "old");
  t.restored.write("keep/me", "outside the outputs");
  EXPECT_FALSE(outputs_match(t.restored.root(), t.outputs, *files));
  ASSERT_TRUE(restore_outputs(t.restored.root(), t.outputs, *files));
  EXPECT_FALSE(t.restored.exists("dist/stale.js"));
  EXPECT_EQ(t.restored.read("keep/me"), "outside the outputs");
  EXPECT_TRUE(outputs_match(t.restored.root(), t.outputs, *files));
  // One changed byte, mode or extra file and the tree no longer matches.
  t.restored.write("dist/app.js", "console.log(2)\n");
  EXPECT_FALSE(outputs_match(t.restored.root(), t.outputs, *files));
}

TEST(OutputFiles, MissingOutputsAreSkipped) {
  testutil::TempDir empty;
  auto files = collect_outputs(empty.root(), {dir_output("dist"), dir_output("coverage")});
  ASSERT_TRUE(files);
  EXPECT_TRUE(files->empty());
  auto listed = list_output_files(empty.root(), {dir_output("dist")});
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
}

TEST(OutputFiles, ListedOutputFilesAreRegularFilesOnly) {
  Trees t;
  auto listed = list_output_files(t.built.root(), t.outputs);
  ASSERT_TRUE(listed) << listed.error().str();
  EXPECT_EQ(*listed, (std::vector<std::string>{"dist/app.js", "dist/bin/run", "dist/empty.txt"}));
}

TEST(OutputFiles, EntriesWritingOutsideTheirOutputsAreRefused) {
  std::vector<OutputPath> outputs{dir_output("dist")};
  for (const char* path : {"../escape", "/etc/passwd", "dist/../src/x", "src/x", "dist/./x", "",
                           "distx/y", "dist//x"}) {
    std::vector<OutputFile> files{{Type::k_file, path, 0644, "x"}};
    EXPECT_FALSE(check_restorable(files, outputs)) << path;
  }
}

TEST(OutputFiles, EntriesWritingThroughARecordedLinkAreRefused) {
  std::vector<OutputPath> outputs{dir_output("dist")};
  std::vector<OutputFile> files{{Type::k_symlink, "dist/link", 0777, "/etc"},
                                {Type::k_file, "dist/link/passwd", 0644, "x"}};
  auto st = check_restorable(files, outputs);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message, "cache entry writes 'dist/link/passwd' through a symbolic link");
  // The link listed after the file it leads through: refused all the same.
  std::swap(files[0], files[1]);
  EXPECT_FALSE(check_restorable(files, outputs));
}

}  // namespace
}  // namespace strata
