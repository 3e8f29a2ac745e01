#include "monitor/sample_recorder.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

namespace strata::monitor {
namespace {

class SampleRecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("strata-recorder-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }
  std::filesystem::path path() const { return m_dir / ".strata" / "metrics.db"; }
  size_t rows() const {
    auto store = MetricsStore::open(path(), false);
    if (!store) return 0;
    auto all = store->select({});
    return all ? all->size() : 0;
  }

  std::filesystem::path m_dir;
};

Sample batch(int64_t at) {
  Sample s;
  s.kind = RecordKind::k_inference;
  s.subject = "iris:1";
  s.project = "iris";
  s.target = "1";
  s.started_ms = at;
  s.duration_us = 120;
  s.batch_size = 1;
  s.outcome = "success";
  return s;
}

TEST_F(SampleRecorderTest, WritesWhatIsQueuedWhenItStops) {
  {
    SampleRecorder recorder(path(), std::chrono::hours(1));
    for (int i = 0; i < 100; ++i) recorder.record(batch(i));
    EXPECT_EQ(rows(), 0u);  // buffered: nothing written on the caller's thread
  }
  EXPECT_EQ(rows(), 100u);
}

TEST_F(SampleRecorderTest, FlushWritesNow) {
  SampleRecorder recorder(path(), std::chrono::hours(1));
  recorder.record(batch(1));
  recorder.record(batch(2));
  recorder.flush();
  EXPECT_EQ(rows(), 2u);
  EXPECT_EQ(recorder.written(), 2u);
}

TEST_F(SampleRecorderTest, FlushesPeriodicallyWhileRunning) {
  SampleRecorder recorder(path(), std::chrono::milliseconds(20));
  recorder.record(batch(1));
  // Waits for the writer thread's own flush; the deadline only bounds a hang.
  for (int i = 0; i < 500 && recorder.written() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(recorder.written(), 1u);
  EXPECT_EQ(rows(), 1u);
}

TEST_F(SampleRecorderTest, AnUnwritableDatabaseIsAWarningNotAFailure) {
  std::filesystem::create_directories(path());  // a directory where the file goes
  {
    SampleRecorder recorder(path(), std::chrono::hours(1));
    recorder.record(batch(1));
    recorder.flush();
    EXPECT_EQ(recorder.written(), 0u);
  }
  SUCCEED();
}

}  // namespace
}  // namespace strata::monitor
