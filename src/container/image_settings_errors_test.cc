// strata.json "images" values that are refused, each with strata.json's
// line and column: ports and uids out of range (also past what an int
// holds), empty or non-string names, an "images" that is no object, and a
// language's bases with an unknown key.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "container/image_settings.h"
#include "util/temp_dir.h"

namespace strata::container {
namespace {

using ::testing::HasSubstr;

Error refused(const std::string& images) {
  auto s = parse_image_settings("{\n\"images\": " + images + "\n}", "strata.json");
  EXPECT_FALSE(s.ok()) << images;
  return s.ok() ? Error("accepted") : s.error();
}

TEST(ImageSettingsErrors, APortOutOfRangeIsRefusedWhereItIs) {
  Error zero = refused(R"({"port": 0})");
  EXPECT_THAT(zero.str(), HasSubstr("'port' must be between 1 and 65535"));
  EXPECT_EQ(zero.loc.file, "strata.json");
  EXPECT_EQ(zero.loc.line, 2);
  EXPECT_GT(zero.loc.col, 11);  // at the port, past the "images" key
  EXPECT_THAT(refused(R"({"port": 65536})").str(), HasSubstr("between 1 and 65535"));
  EXPECT_THAT(refused(R"({"port": "8080"})").str(), HasSubstr("between 1 and 65535"));
  EXPECT_THAT(refused(R"({"port": 80.5})").str(), HasSubstr("between 1 and 65535"));
}

// 4294975376 is 2^32 + 8080: read into an int it wrapped to 8080 and was
// taken as a valid port.
TEST(ImageSettingsErrors, APortPastWhatAnIntHoldsIsRefusedNotWrapped) {
  EXPECT_THAT(refused(R"({"port": 4294975376})").str(), HasSubstr("between 1 and 65535"));
  EXPECT_THAT(refused(R"({"port": -4294959216})").str(), HasSubstr("between 1 and 65535"));
}

TEST(ImageSettingsErrors, AUidMustBeAboveRootAndFitAUserId) {
  EXPECT_THAT(refused(R"({"uid": -5})").hint, HasSubstr("non-root"));
  EXPECT_THAT(refused(R"({"uid": 2147483648})").str(), HasSubstr("'uid' must be a user id"));
  EXPECT_THAT(refused(R"({"uid": "1000"})").str(), HasSubstr("'uid' must be a user id"));
  auto ok = parse_image_settings(R"({"images": {"uid": 2147483647}})", "strata.json");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->uid, 2147483647);
}

TEST(ImageSettingsErrors, NamesMustBeNonEmptyStrings) {
  EXPECT_THAT(refused(R"({"repository": ""})").str(),
              HasSubstr("'repository' must be a non-empty string"));
  EXPECT_THAT(refused(R"({"pythonVersion": 3.12})").str(),
              HasSubstr("'pythonVersion' must be a non-empty string"));
  EXPECT_THAT(refused(R"({"node": {"runtime": ""}})").str(),
              HasSubstr("'runtime' must be a non-empty string"));
}

TEST(ImageSettingsErrors, ChoicesAreNamed) {
  EXPECT_THAT(refused(R"({"pythonDependencies": "conda"})").str(),
              HasSubstr("'pythonDependencies' must be vendor or pip"));
  EXPECT_THAT(refused(R"({"builder": "kaniko"})").str(),
              HasSubstr("'builder' must be podman, buildah or docker"));
}

TEST(ImageSettingsErrors, ShapesAreChecked) {
  Error list = refused("[]");
  EXPECT_THAT(list.str(), HasSubstr("strata.json:2:"));
  EXPECT_THAT(list.str(), HasSubstr("'images' must be an object"));
  EXPECT_THAT(refused(R"({"cpp": "scratch"})").str(),
              HasSubstr("a language's bases must be an object"));
  Error e = refused(R"({"python": {"runtme": "x"}})");
  EXPECT_THAT(e.str(), HasSubstr("unknown key 'runtme' in images"));
  EXPECT_THAT(e.hint, HasSubstr("runtime"));
}

TEST(ImageSettings, ABaseKeepsTheDefaultOfTheStageItDoesNotName) {
  auto s = parse_image_settings(R"({"images": {"cpp": {"build": "gcc:14"}}})", "strata.json");
  ASSERT_TRUE(s.ok()) << s.error().str();
  EXPECT_EQ(s->base("cpp").build, "gcc:14");
  EXPECT_EQ(s->base("cpp").runtime, "scratch");
  EXPECT_EQ(s->base("rust").build, "");  // a language without bases
}

TEST(ImageSettings, LoadReadsTheRootsStrataJsonOrGivesDefaults) {
  testutil::TempDir dir;
  auto none = load_image_settings(dir.root());
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->repository, "localhost/strata");
  dir.write("strata.json", R"({"images": {"repository": "r.example/t", "port": 9090}})");
  auto s = load_image_settings(dir.root());
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->repository, "r.example/t");
  EXPECT_EQ(s->port, 9090);
  dir.write("strata.json", "{\n  \"images\": {\"port\": 0}\n}");
  auto bad = load_image_settings(dir.root());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().loc.file, "strata.json");
  EXPECT_EQ(bad.error().loc.line, 2);
}

}  // namespace
}  // namespace strata::container
