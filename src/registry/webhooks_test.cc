#include "registry/webhooks.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace strata::registry {
namespace {

namespace fs = std::filesystem;

// Answers from a script: each call takes the next status (the last repeats).
class ScriptedTransport final : public WebhookTransport {
 public:
  explicit ScriptedTransport(std::vector<int> statuses) : m_statuses(std::move(statuses)) {}
  Result<int> post(const std::string& url, const std::string& body) override {
    bodies.push_back(body);
    int s = m_statuses[std::min(calls++, m_statuses.size() - 1)];
    if (s == 0) return Error("connection refused");
    return s;
  }
  size_t calls = 0;
  std::vector<std::string> bodies;

 private:
  std::vector<int> m_statuses;
};

class WebhookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() / ("strata-webhooks-" + std::to_string(::getpid()));
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
    auto db = db::open_database("sqlite:" + (m_dir / "r.sqlite").string());
    ASSERT_TRUE(db);
    m_db = std::move(*db);
    m_registry = std::make_unique<ModelRegistry>(*m_db, ArtifactStore(m_dir / "a"));
    ASSERT_TRUE(m_registry->open());
    ASSERT_TRUE(m_registry->add_webhook("http://127.0.0.1:9/hook"));
    ASSERT_TRUE(m_registry->add_webhook("http://127.0.0.1:9/hook"));  // once only
    ASSERT_FALSE(m_registry->add_webhook("ftp://x"));
  }
  void TearDown() override { fs::remove_all(m_dir); }

  std::string delivery_status() {
    auto rows = m_db->query("SELECT status, attempts FROM ml_webhook_deliveries");
    return rows && !rows->rows.empty() ? *rows->rows[0][0] + "/" + *rows->rows[0][1] : "none";
  }

  fs::path m_dir;
  std::unique_ptr<db::DatabaseManager> m_db;
  std::unique_ptr<ModelRegistry> m_registry;
};

AliasEvent event() {
  AliasEvent e;
  e.seq = 7;
  e.name = "iris";
  e.alias = "production";
  e.version = "2";
  e.action = "promote";
  return e;
}

TEST_F(WebhookTest, RetriesWithBackoffUntilA2xx) {
  ScriptedTransport t({0, 500, 200});
  std::vector<long> waits;
  RetryPolicy p{4, std::chrono::milliseconds(100), [&](auto d) { waits.push_back(d.count()); }};
  auto out = deliver_event(*m_registry, t, event(), p);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].delivered);
  EXPECT_EQ(out[0].attempts, 3);
  EXPECT_EQ(waits, (std::vector<long>{100, 200}));
  EXPECT_NE(t.bodies[0].find("\"seq\":7"), std::string::npos);
  EXPECT_EQ(delivery_status(), "delivered/3");
}

TEST_F(WebhookTest, AFailedDeliveryIsRecordedWithItsLastError) {
  ScriptedTransport t({503});
  RetryPolicy p{3, std::chrono::milliseconds(1), [](auto) {}};
  auto out = deliver_event(*m_registry, t, event(), p);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].delivered);
  EXPECT_EQ(out[0].last_error, "HTTP 503");
  EXPECT_EQ(t.calls, 3u);
  EXPECT_EQ(delivery_status(), "failed/3");
}

}  // namespace
}  // namespace strata::registry
