#include "supervise/log_stream.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "util/fs.h"

namespace strata {
namespace {

struct Captured {
  char* data = nullptr;
  size_t size = 0;
  FILE* out = open_memstream(&data, &size);
  ~Captured() {
    std::fclose(out);
    std::free(data);
  }
  std::string text() {
    std::fflush(out);
    return std::string(data, size);
  }
};

std::filesystem::path temp_dir() {
  auto dir =
      std::filesystem::temp_directory_path() / ("log_stream_test_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(LogStream, PrefixesWholeLinesPlainAndKeepsTheRawBytesPerProcess) {
  auto dir = temp_dir();
  Captured cap;
  {
    LogStream logs(cap.out, false, dir, {"orders", "monolith"});
    logs.output("orders", "hello\npart");
    logs.output("monolith", "up\n");
    logs.output("orders", "ial\n");
    logs.note("orders", "orders is healthy");
  }
  EXPECT_EQ(cap.text(),
            "orders   | hello\n"
            "monolith | up\n"
            "orders   | partial\n"
            "strata   | orders is healthy\n");
  EXPECT_EQ(*read_file(log_path(dir, "orders")), "hello\npartial\n[strata] orders is healthy\n");
  std::filesystem::remove_all(dir);
}

TEST(LogStream, ColoursThePrefixOnATerminal) {
  auto dir = temp_dir();
  Captured cap;
  {
    LogStream logs(cap.out, true, dir, {"a"});
    logs.output("a", "x\n");
  }
  EXPECT_EQ(cap.text(), "\x1b[36ma      |\x1b[0m x\n");
  std::filesystem::remove_all(dir);
}

TEST(LogStream, WritesAPartialLastLineAtTheEnd) {
  auto dir = temp_dir();
  Captured cap;
  {
    LogStream logs(cap.out, false, dir, {"a"});
    logs.output("a", "no newline");
  }
  EXPECT_EQ(cap.text(), "a      | no newline\n");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace strata
