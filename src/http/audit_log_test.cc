#include "http/audit_log.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <vector>

#include "util/temp_dir.h"

namespace strata::http {
namespace {

AuditEntry entry(std::string path, int64_t time_ms = 0) {
  return {time_ms, "ci", "writer", "POST", std::move(path), "/x", 200, "ok"};
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(AuditLine, TimeIsUtcWithMilliseconds) {
  auto j = nlohmann::json::parse(audit_line(entry("/x", 1'700'000'000'123)));
  EXPECT_EQ(j["time"], "2023-11-14T22:13:20.123Z");
  j = nlohmann::json::parse(audit_line(entry("/x", 7)));
  EXPECT_EQ(j["time"], "1970-01-01T00:00:00.007Z");
}

TEST(AuditLine, AHostilePathStaysOneLineOfValidJson) {
  std::string path = "/v1/\n{\"v\":1,\"who\":\"admin\"}\r\"\\\xff\xfe";
  std::string line = audit_line(entry(path));
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);  // a request cannot forge a second entry
  EXPECT_EQ(line.find('\r'), std::string::npos);
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["who"], "ci");
  EXPECT_TRUE(j["path"].get<std::string>().starts_with("/v1/\n{"));
}

TEST(AuditLine, CarriesEveryField) {
  AuditEntry e{5, "-", "", "GET", "/health", "unmatched", 401, "unauthenticated"};
  auto j = nlohmann::json::parse(audit_line(e));
  EXPECT_EQ(j, (nlohmann::json{{"v", 1},
                               {"time", "1970-01-01T00:00:00.005Z"},
                               {"who", "-"},
                               {"role", ""},
                               {"method", "GET"},
                               {"path", "/health"},
                               {"route", "unmatched"},
                               {"status", 401},
                               {"outcome", "unauthenticated"}}));
}

TEST(AuditLogFile, IsCreatedReadableByItsOwnerOnly) {
  testutil::TempDir t;
  std::string path = t.path("audit.log").string();
  {
    auto log = AuditLog::open(path);
    ASSERT_TRUE(log.ok());
  }
  struct stat st{};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(AuditLogFile, AnUnopenablePathIsAnIoErrorNamingIt) {
  testutil::TempDir t;
  std::string path = t.path("missing-dir/audit.log").string();
  auto log = AuditLog::open(path);
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.error().kind, ErrorKind::k_io);
  EXPECT_EQ(log.error().loc.file, path);
}

TEST(AuditLogFile, ClosingWritesWhatIsQueued) {
  testutil::TempDir t;
  std::string path = t.path("audit.log").string();
  {
    auto log = AuditLog::open(path);
    ASSERT_TRUE(log.ok());
    for (int i = 0; i < 10; ++i) (*log)->record(entry("/p" + std::to_string(i)));
  }  // no flush: the destructor drains the queue
  EXPECT_EQ(lines(t.read("audit.log")).size(), 10u);
}

TEST(AuditLogFile, ConcurrentRecordsAreWholeLinesInEachThreadsOrder) {
  testutil::TempDir t;
  std::string path = t.path("audit.log").string();
  constexpr int k_threads = 4, k_each = 200;
  {
    auto log = AuditLog::open(path);
    ASSERT_TRUE(log.ok());
    std::vector<std::thread> threads;
    for (int th = 0; th < k_threads; ++th)
      threads.emplace_back([&, th] {
        for (int i = 0; i < k_each; ++i)
          (*log)->record(entry("/t" + std::to_string(th) + "/" + std::to_string(i)));
      });
    for (auto& th : threads) th.join();
    (*log)->flush();
  }
  std::vector<int> next(k_threads, 0);
  auto all = lines(t.read("audit.log"));
  ASSERT_EQ(all.size(), static_cast<size_t>(k_threads * k_each));
  for (const auto& line : all) {
    std::string p = nlohmann::json::parse(line)["path"];
    int th = p[2] - '0';
    EXPECT_EQ(p, "/t" + std::to_string(th) + "/" + std::to_string(next[th]++));
  }
}

}  // namespace
}  // namespace strata::http
