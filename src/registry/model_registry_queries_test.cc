// The registry's reads, refusals and JSON shapes on SQLite, with a clock the
// test steps so that time queries have exact answers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "registry/model_registry.h"
#include "util/fs.h"

namespace strata::registry {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

class RegistryQueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() /
            ("strata-registry-q-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(m_dir);
    write_export(m_dir / "export", R"({"format_version": 1, "name": "iris", "version": "9.9"})");
    auto db = db::open_database("sqlite:" + (m_dir / "registry.sqlite").string());
    ASSERT_TRUE(db) << db.error().message;
    m_db = std::move(*db);
    // Each call is one second later: "...T00:00:01..." for the first stamp.
    m_registry = std::make_unique<ModelRegistry>(*m_db, ArtifactStore(m_dir / "artifacts"),
                                                 [this] { return stamp(++m_tick); });
    ASSERT_TRUE(m_registry->open());
  }
  void TearDown() override { fs::remove_all(m_dir); }

  static std::string stamp(int second) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "2026-01-01T00:00:%02d.000000Z", second);
    return buf;
  }
  static void write_export(const fs::path& dir, const std::string& manifest) {
    fs::create_directories(dir);
    std::ofstream(dir / "strata-model.json") << manifest;
    std::ofstream(dir / "model.py") << "def predict(inputs): return inputs\n";
  }

  Result<ModelVersion> add(const std::string& name, fs::path export_dir = {}) {
    RegisterRequest r;
    r.name = name;
    r.framework = "sklearn";
    r.export_dir = (export_dir.empty() ? m_dir / "export" : export_dir).string();
    r.params = {{"depth", 3}};
    return m_registry->register_model(r);
  }
  Result<AliasEvent> promote(const std::string& alias, const std::string& version) {
    return m_registry->promote({"iris", alias, version, "ci", "test"});
  }

  fs::path m_dir;
  int m_tick = 0;
  std::unique_ptr<db::DatabaseManager> m_db;
  std::unique_ptr<ModelRegistry> m_registry;
};

TEST_F(RegistryQueriesTest, VersionsAreNumberedPerNameAndLatestIsTheHighest) {
  ASSERT_EQ(add("iris")->version, "1");
  ASSERT_EQ(add("wine")->version, "1");
  ASSERT_EQ(add("iris")->version, "2");
  EXPECT_EQ(m_registry->latest("iris")->version, "2");
  EXPECT_EQ(m_registry->list("wine")->size(), 1u);
  auto all = m_registry->list();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].name, "iris");
  EXPECT_EQ((*all)[2].name, "wine");
  EXPECT_EQ((*all)[0].params, nlohmann::json({{"depth", 3}}));
}

TEST_F(RegistryQueriesTest, TheStoredManifestCarriesTheRegistrysVersion) {
  ASSERT_TRUE(add("iris"));
  auto second = add("iris");
  ASSERT_TRUE(second);
  auto text = read_file(fs::path(second->artifacts_path) / "strata-model.json");
  ASSERT_TRUE(text);
  EXPECT_EQ(nlohmann::json::parse(*text)["version"], "2");
  // The export itself is left as it was.
  EXPECT_THAT(*read_file(m_dir / "export" / "strata-model.json"), HasSubstr("9.9"));
  EXPECT_TRUE(m_registry->verify(*second));
}

TEST_F(RegistryQueriesTest, UnknownVersionsAndModelsAreNotFoundWithAHint) {
  ASSERT_TRUE(add("iris"));
  auto v = m_registry->get("iris", "7");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().kind, ErrorKind::k_not_found);
  EXPECT_EQ(v.error().message, "model iris has no version 7");
  EXPECT_EQ(v.error().hint, "strata model list iris shows its versions");
  auto none = m_registry->latest("wine");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, ErrorKind::k_not_found);
  EXPECT_EQ(none.error().hint, "strata model register wine");
}

TEST_F(RegistryQueriesTest, AnExportWithoutItsManifestRegistersNothing) {
  fs::create_directories(m_dir / "empty");
  auto v = add("iris", m_dir / "empty");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().kind, ErrorKind::k_not_found);
  EXPECT_THAT(v.error().hint, HasSubstr("strata run MODEL:export"));
  EXPECT_TRUE(m_registry->list()->empty());
  // The refused registration used no number.
  EXPECT_EQ(add("iris")->version, "1");
}

TEST_F(RegistryQueriesTest, AManifestThatIsNotAnObjectIsRefusedNamingTheFile) {
  write_export(m_dir / "array", "[1, 2]");
  auto v = add("iris", m_dir / "array");
  ASSERT_FALSE(v);
  EXPECT_THAT(v.error().message, HasSubstr("not a JSON object"));
  EXPECT_THAT(v.error().str(), HasSubstr("strata-model.json"));
  EXPECT_TRUE(m_registry->list()->empty());
}

TEST_F(RegistryQueriesTest, HolderAtAnswersForEarlierTimes) {
  ASSERT_TRUE(add("iris"));                 // tick 1
  ASSERT_TRUE(add("iris"));                 // tick 2
  ASSERT_TRUE(promote("production", "1"));  // tick 3
  ASSERT_TRUE(promote("production", "2"));  // tick 4
  EXPECT_EQ(*m_registry->holder_at("iris", "production", stamp(2)), std::nullopt);
  EXPECT_EQ(*m_registry->holder_at("iris", "production", stamp(3)), "1");
  EXPECT_EQ(*m_registry->holder_at("iris", "production", stamp(9)), "2");
  EXPECT_EQ(*m_registry->holder("iris", "production"), "2");
  EXPECT_EQ(*m_registry->holder("iris", "staging"), std::nullopt);
}

TEST_F(RegistryQueriesTest, RollbackNeedsAnEarlierHolder) {
  ASSERT_TRUE(add("iris"));
  auto before_any = m_registry->rollback("iris", "production", "ci", "oops");
  ASSERT_FALSE(before_any);
  EXPECT_EQ(before_any.error().kind, ErrorKind::k_conflict);
  ASSERT_TRUE(promote("production", "1"));
  auto first_only = m_registry->rollback("iris", "production", "ci", "oops");
  ASSERT_FALSE(first_only);
  EXPECT_EQ(first_only.error().hint, "strata model history iris --alias production");
  EXPECT_EQ(m_registry->history("iris")->size(), 1u);
}

TEST_F(RegistryQueriesTest, RollbackSwapsTheLastTwoHoldersAndRecordsWho) {
  ASSERT_TRUE(add("iris"));
  ASSERT_TRUE(add("iris"));
  ASSERT_TRUE(promote("production", "1"));
  ASSERT_TRUE(promote("production", "2"));
  auto back = m_registry->rollback("iris", "production", "alice", "latency");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->version, "1");
  EXPECT_EQ(back->previous_version, "2");
  EXPECT_EQ(back->action, "rollback");
  EXPECT_EQ(back->actor, "alice");
  EXPECT_EQ(*m_registry->holder("iris", "production"), "1");
  // A second rollback goes forward again: it undoes the rollback.
  EXPECT_EQ(m_registry->rollback("iris", "production", "alice", "again")->version, "2");
}

TEST_F(RegistryQueriesTest, AliasesListEachAliasOnceWithItsHolderSorted) {
  ASSERT_TRUE(add("iris"));
  ASSERT_TRUE(add("iris"));
  ASSERT_TRUE(promote("staging", "1"));
  ASSERT_TRUE(promote("production", "1"));
  ASSERT_TRUE(promote("staging", "2"));
  auto aliases = m_registry->aliases("iris");
  ASSERT_TRUE(aliases);
  EXPECT_THAT(*aliases, ElementsAre(Pair("production", "1"), Pair("staging", "2")));
  auto staging = m_registry->history("iris", "staging");
  ASSERT_TRUE(staging);
  ASSERT_EQ(staging->size(), 2u);
  EXPECT_LT((*staging)[0].seq, (*staging)[1].seq);
  EXPECT_TRUE(m_registry->aliases("wine")->empty());
}

TEST_F(RegistryQueriesTest, PromotingAnUnknownVersionWritesNoEvent) {
  ASSERT_TRUE(add("iris"));
  auto e = promote("production", "3");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().kind, ErrorKind::k_not_found);
  EXPECT_TRUE(m_registry->history("iris")->empty());
}

TEST_F(RegistryQueriesTest, TheCheckSeesTheCandidateAndTheHolder) {
  ASSERT_TRUE(add("iris"));
  ASSERT_TRUE(add("iris"));
  ASSERT_TRUE(promote("production", "1"));
  std::string seen;
  auto e = m_registry->promote({"iris", "production", "2", "ci", ""},
                               [&](const ModelVersion& c, const std::optional<ModelVersion>& h) {
                                 seen = c.version + "<-" + (h ? h->version : "none");
                                 return ok_status();
                               });
  ASSERT_TRUE(e);
  EXPECT_EQ(seen, "2<-1");
  EXPECT_EQ(e->previous_version, "1");
}

TEST_F(RegistryQueriesTest, WebhooksMustBeHttpAndAreStoredOnce) {
  EXPECT_FALSE(m_registry->add_webhook("ftp://example.invalid/hook"));
  EXPECT_FALSE(m_registry->add_webhook("127.0.0.1:9/hook"));
  ASSERT_TRUE(m_registry->add_webhook("https://b.example.invalid/hook"));
  ASSERT_TRUE(m_registry->add_webhook("http://a.example.invalid/hook"));
  ASSERT_TRUE(m_registry->add_webhook("http://a.example.invalid/hook"));
  EXPECT_THAT(*m_registry->webhooks(),
              ElementsAre("http://a.example.invalid/hook", "https://b.example.invalid/hook"));
}

TEST_F(RegistryQueriesTest, EventsAndVersionsHaveTheirJsonShapes) {
  ASSERT_TRUE(add("iris"));
  auto e = promote("production", "1");
  ASSERT_TRUE(e);
  auto j = e->to_json();
  EXPECT_EQ(j["version"], "1");
  EXPECT_TRUE(j["previous_version"].is_null());
  EXPECT_EQ(j["action"], "promote");
  EXPECT_EQ(j["at"], stamp(2));
  auto v = m_registry->get("iris", "1")->to_json();
  EXPECT_EQ(v["status"], "registered");
  EXPECT_EQ(v["lineage"]["params"]["depth"], 3);
  EXPECT_EQ(v["created_at"], stamp(1));
  EXPECT_THAT(v["artifacts_digest"].get<std::string>(), HasSubstr("sha256:"));
}

TEST(RegistryIds, UuidsAreRandomVersion4) {
  const std::regex shape("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::string a = new_uuid(), b = new_uuid();
  EXPECT_TRUE(std::regex_match(a, shape)) << a;
  EXPECT_TRUE(std::regex_match(b, shape)) << b;
  EXPECT_NE(a, b);
}

TEST(RegistryIds, NowIsIsoUtcWithMicroseconds) {
  const std::regex shape(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)");
  std::string now = utc_now_iso();
  EXPECT_TRUE(std::regex_match(now, shape)) << now;
}

}  // namespace
}  // namespace strata::registry
