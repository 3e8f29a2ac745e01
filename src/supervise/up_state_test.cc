#include "supervise/up_state.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "util/fs.h"
#include "util/hash.h"

namespace strata {
namespace {

UpState sample() {
  UpState s;
  s.supervisor_pid = 4242;
  s.started_at_ms = 1'700'000'000'000;
  s.phase = "running";
  s.processes = {{"kafka", "broker", 100, 39092, "healthy", 0, 1'700'000'001'000},
                 {"orders", "service", 101, 8101, "restarting", 2, 0}};
  return s;
}

std::filesystem::path temp_dir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("up_state_test_" + std::to_string(getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(UpState, RoundTripsThroughTheFile) {
  auto dir = temp_dir();
  ASSERT_TRUE(save_up_state(dir, sample()).ok());
  auto back = load_up_state(dir);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, sample());
  std::filesystem::remove_all(dir);
}

TEST(UpState, AnAbsentFileIsNotFound) {
  auto dir = temp_dir();
  auto back = load_up_state(dir);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().kind, ErrorKind::k_not_found);
  std::filesystem::remove_all(dir);
}

TEST(UpState, AChangedByteFailsTheChecksum) {
  std::string text = format_up_state(sample());
  text[text.find("8101")] = '9';
  auto back = parse_up_state(text, "state");
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().kind, ErrorKind::k_corruption);
  EXPECT_NE(back.error().message.find("checksum"), std::string::npos);
}

TEST(UpState, ATruncatedFileIsCorrupt) {
  std::string text = format_up_state(sample());
  auto back = parse_up_state(text.substr(0, text.size() / 2), "state");
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().kind, ErrorKind::k_corruption);
}

TEST(UpState, AnotherVersionIsRefusedByName) {
  std::string text = format_up_state(sample());
  text.replace(text.find(" 1 "), 3, " 7 ");
  auto back = parse_up_state(text, "state");
  ASSERT_FALSE(back.ok());
  EXPECT_NE(back.error().message.find("version 7"), std::string::npos);
}

TEST(UpState, AFractionalNumberIsCorruptNotCast) {
  std::string body =
      R"({"phase": "running", "processes": [], "started_at_ms": 1e300, "supervisor_pid": 1})";
  std::string text = "strata-up-state 1 " + hash_bytes(body).hex() + "\n" + body;
  auto back = parse_up_state(text, "state");
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().kind, ErrorKind::k_corruption);
}

TEST(UpState, PsJsonAddsUptimeForRunningProcesses) {
  auto j = nlohmann::json::parse(up_state_json(sample(), 1'700'000'011'000));
  EXPECT_EQ(j["processes"][0]["uptime_s"], 10);
  EXPECT_EQ(j["processes"][1]["uptime_s"], 0);
  EXPECT_EQ(j["processes"][1]["restarts"], 2);
}

}  // namespace
}  // namespace strata
