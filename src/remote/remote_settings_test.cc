#include "remote/remote_settings.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "cache/test_dir.h"

namespace strata::remote {

namespace {
// Sets (or unsets) an environment variable for one test.
class EnvVar {
 public:
  EnvVar(const char* name, const char* value) : m_name(name) {
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~EnvVar() { ::unsetenv(m_name); }

 private:
  const char* m_name;
};
}  // namespace

TEST(RemoteSettings, ReadsStrataJsonAndLetsTheEnvironmentWin) {
  testutil::TestDir dir;
  dir.write(
      "strata.json",
      R"({"remoteCache": {"url": "http://cache:8080/x/", "readOnly": true, "timeoutMs": 750}})");
  EnvVar url("STRATA_REMOTE_CACHE_URL", nullptr), ro("STRATA_REMOTE_CACHE_READ_ONLY", nullptr);
  auto s = resolve_remote_settings(dir.root(), "strata.json");
  ASSERT_TRUE(s) << s.error().str();
  EXPECT_EQ(s->url, "http://cache:8080/x/");
  EXPECT_TRUE(s->read_only);
  EXPECT_EQ(s->timeout_ms, 750);
  EnvVar url2("STRATA_REMOTE_CACHE_URL", "https://other"),
      ro2("STRATA_REMOTE_CACHE_READ_ONLY", "0");
  s = resolve_remote_settings(dir.root(), "strata.json");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->url, "https://other");
  EXPECT_FALSE(s->read_only);
}

TEST(RemoteSettings, UnknownOrMistypedKeysAreErrors) {
  testutil::TestDir dir;
  EnvVar url("STRATA_REMOTE_CACHE_URL", nullptr);
  dir.write("strata.json", R"({"remoteCache": {"url": "http://c", "token": "secret"}})");
  EXPECT_FALSE(resolve_remote_settings(dir.root(), "strata.json"));
  dir.write("strata.json", R"({"remoteCache": {"timeoutMs": "fast"}})");
  EXPECT_FALSE(resolve_remote_settings(dir.root(), "strata.json"));
}

TEST(RemoteSettings, NothingConfiguredIsDisabled) {
  testutil::TestDir dir;
  EnvVar url("STRATA_REMOTE_CACHE_URL", nullptr);
  auto s = resolve_remote_settings(dir.root(), "");
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->enabled());
}

TEST(RemoteUrl, ParsesUserinfoPortAndBasePath) {
  auto u = parse_remote_url("http://al%40ce:p%3Ass@127.0.0.1:9090/cache/");
  ASSERT_TRUE(u) << u.error().str();
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 9090);
  EXPECT_EQ(u->base_path, "/cache");
  EXPECT_EQ(u->user, "al@ce");
  EXPECT_EQ(u->password, "p:ss");
  EXPECT_EQ(parse_remote_url("https://cache.example")->port, 443);
  EXPECT_FALSE(parse_remote_url("ftp://x"));
  EXPECT_FALSE(parse_remote_url("http://x:notaport"));
}

TEST(RemoteUrl, RedactionHidesCredentialsOnly) {
  EXPECT_EQ(redacted_url("http://user:secret@host:1/p"), "http://***@host:1/p");
  EXPECT_EQ(redacted_url("http://host:1/p@q"), "http://host:1/p@q");
  EXPECT_EQ(redacted_url("https://host"), "https://host");
  auto bad = parse_remote_url("ftp://user:secret@host");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.find("secret"), std::string::npos);
}

}  // namespace strata::remote
