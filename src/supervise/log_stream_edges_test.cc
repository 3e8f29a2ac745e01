// The log stream with output as processes really write it: lines split
// across reads, several lines in one read, interleaved processes, a process
// it was not told about, and supervisor notes in the per-process file.

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "supervise/log_stream.h"
#include "util/fs.h"
#include "util/temp_dir.h"

namespace strata {
namespace {

struct Memory {
  char* data = nullptr;
  size_t size = 0;
  FILE* out = open_memstream(&data, &size);
  ~Memory() {
    std::fclose(out);
    std::free(data);
  }
  std::string text() {
    std::fflush(out);
    return std::string(data, size);
  }
};

TEST(LogStreamEdges, ALineSplitAcrossReadsIsPrintedOnceWhole) {
  testutil::TempDir dir;
  Memory m;
  {
    LogStream s(m.out, false, dir.root(), {"orders"});
    s.output("orders", "hel");
    EXPECT_EQ(m.text(), "");  // nothing until the newline
    s.output("orders", "lo\nwor");
    s.output("orders", "ld\n");
  }
  EXPECT_EQ(m.text(), "orders | hello\norders | world\n");
}

TEST(LogStreamEdges, InterleavedProcessesKeepTheirOwnPartialLines) {
  testutil::TempDir dir;
  Memory m;
  {
    LogStream s(m.out, false, dir.root(), {"a", "billing"});
    s.output("a", "one ");
    s.output("billing", "two\n");
    s.output("a", "three\n\n");
  }
  // The prefix is as wide as the longest name; an empty line is a line.
  EXPECT_EQ(m.text(), "billing | two\na       | one three\na       | \n");
  EXPECT_EQ(*read_file(log_path(dir.root(), "a")), "one three\n\n");
  EXPECT_EQ(*read_file(log_path(dir.root(), "billing")), "two\n");
}

TEST(LogStreamEdges, NotesGoToTheStreamAndTheProcessLog) {
  testutil::TempDir dir;
  Memory m;
  {
    LogStream s(m.out, false, dir.root(), {"x"});
    s.note("x", "restarting in 1s");
  }
  EXPECT_EQ(m.text(), "strata | restarting in 1s\n");  // at least as wide as "strata"
  EXPECT_EQ(*read_file(log_path(dir.root(), "x")), "[strata] restarting in 1s\n");
}

TEST(LogStreamEdges, AnUnannouncedProcessIsPrintedButHasNoFile) {
  testutil::TempDir dir;
  Memory m;
  {
    LogStream s(m.out, false, dir.root(), {"known"});
    s.output("stray", "hi\n");
  }
  EXPECT_EQ(m.text(), "stray  | hi\n");
  EXPECT_FALSE(std::filesystem::exists(log_path(dir.root(), "stray")));
}

TEST(LogStreamEdges, EachRunTruncatesTheLogsOfTheLast) {
  testutil::TempDir dir;
  Memory m;
  {
    LogStream(m.out, false, dir.root(), {"p"}).output("p", "first run\n");
  }
  {
    LogStream(m.out, false, dir.root(), {"p"}).output("p", "second\n");
  }
  EXPECT_EQ(*read_file(log_path(dir.root(), "p")), "second\n");
}

TEST(LogStreamEdges, TheLogDirectoryIsCreated) {
  testutil::TempDir dir;
  Memory m;
  {
    LogStream(m.out, false, dir.path("deep/logs"), {"p"}).output("p", "x\n");
  }
  EXPECT_EQ(*read_file(dir.path("deep/logs/p.log")), "x\n");
}

}  // namespace
}  // namespace strata
