#include "service/transaction.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>

#include "gen/scratch_dir.h"

namespace strata::service {
namespace {

namespace fs = std::filesystem;
using gen::testing::ScratchDir;

// Every file under the root (but .strata) with its bytes.
std::map<std::string, std::string> tree(const ScratchDir& d) {
  std::map<std::string, std::string> out;
  for (auto& e : fs::recursive_directory_iterator(d.root())) {
    std::string rel = fs::relative(e.path(), d.root()).string();
    if (rel.starts_with(".strata")) continue;
    out[rel] = e.is_regular_file() ? d.read(rel) : "<dir>";
  }
  return out;
}

void populate(const ScratchDir& d) {
  d.write("topology.json", "{}\n");
  d.write("contexts/a/service/x.py", "old x\n");
  d.write("contexts/a/service/sub/y.py", "old y\n");
  d.write("keep.txt", "business code\n");
}

void plan(FileTransaction& t) {
  t.write("topology.json", "{\"version\": 1}\n");
  t.remove("contexts/a/service");
  t.write("apps/monolith/new.py", "new\n");
  t.write("apps/monolith/deep/er.py", "deeper\n");
}

TEST(FileTransaction, AppliesEveryWriteAndRemoval) {
  ScratchDir d;
  populate(d);
  FileTransaction t(d.root());
  plan(t);
  ASSERT_TRUE(t.commit(-1).ok());
  EXPECT_EQ(d.read("topology.json"), "{\"version\": 1}\n");
  EXPECT_EQ(d.read("apps/monolith/deep/er.py"), "deeper\n");
  EXPECT_FALSE(d.exists("contexts/a/service"));
  EXPECT_FALSE(d.exists("contexts")) << "parents left empty by a removal go too";
  EXPECT_EQ(d.read("keep.txt"), "business code\n");
  EXPECT_FALSE(d.exists(".strata")) << "the staging folder is removed";
}

TEST(FileTransaction, AFaultAtAnyStepLeavesTheTreeByteIdentical) {
  for (int fault = 0; fault < 4; ++fault) {
    ScratchDir d;
    populate(d);
    auto before = tree(d);
    FileTransaction t(d.root());
    plan(t);
    auto st = t.commit(fault);
    ASSERT_FALSE(st.ok()) << "fault " << fault;
    EXPECT_NE(st.error().message.find("injected"), std::string::npos);
    EXPECT_EQ(tree(d), before) << "fault after " << fault << " steps";
    EXPECT_FALSE(d.exists(".strata"));
  }
}

TEST(FileTransaction, AFailingStepIsUndoneToo) {
  ScratchDir d;
  populate(d);
  d.write("blocker", "a file where a folder is needed\n");
  auto before = tree(d);
  FileTransaction t(d.root());
  t.write("topology.json", "new\n");
  t.write("blocker/inside.py", "cannot be written\n");
  auto st = t.commit(-1);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(tree(d), before);
}

TEST(FileTransaction, RecoveryUndoesATransactionAKilledProcessLeft) {
  for (int crash = 0; crash < 5; ++crash) {
    ScratchDir d;
    populate(d);
    auto before = tree(d);
    pid_t child = ::fork();
    if (child == 0) {
      ::setenv(k_crash_variable, std::to_string(crash).c_str(), 1);
      FileTransaction t(d.root());
      plan(t);
      (void)t.commit(-1);
      ::_exit(0);  // crash == 4: it finished, nothing to recover
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    EXPECT_EQ(recover_interrupted(d.root()), crash < 4 ? 1 : 0);
    if (crash < 4) {
      EXPECT_EQ(tree(d), before) << "crash after " << crash << " steps";
    }
  }
}

TEST(FileTransaction, ListsWhatItWritesAndRemoves) {
  FileTransaction t("/nonexistent");
  plan(t);
  EXPECT_EQ(t.written().size(), 3u);
  EXPECT_EQ(t.removed(), std::vector<std::string>{"contexts/a/service"});
}

}  // namespace
}  // namespace strata::service
