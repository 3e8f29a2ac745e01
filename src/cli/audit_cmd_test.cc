// `strata audit` run in-process on a git repository in a scratch directory,
// secrets only (--skip-dependencies: npm audit and pip-audit need the
// network): which findings fail the run at which --fail-on, the settings
// from strata.json and .strata/audit-allow, and the usage errors.

#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;

using Output = testsupport::CommandOutput;

// Built from parts so this file never matches the scanner itself.
std::string aws_key() { return std::string("AK") + "IAIOSFODNN7EXAMPLE"; }
std::string private_key() { return std::string("-----BEGIN RSA ") + "PRIVATE KEY-----"; }

struct Repo {
  testutil::TempDir dir;

  explicit Repo(bool git = true) {
    dir.write("strata.json", "{}");
    dir.write("src/app.py", "print('hello')\n");
    if (git) {
      EXPECT_EQ(sh("git init -q ."), 0);
    }
    track();
  }
  int sh(const std::string& cmd) const {
    return std::system(("cd '" + dir.root().string() + "' && " + cmd + " >/dev/null 2>&1").c_str());
  }
  void track() const { sh("git add -A"); }

  Output run(std::vector<std::string> args) {
    return testsupport::run_in(dir.root(), {"audit", "--skip-dependencies"}, args);
  }
  json run_json(std::vector<std::string> args, int expected_code) {
    args.push_back("--json");
    Output o = run(args);
    EXPECT_EQ(o.code, expected_code) << o.err;
    auto doc = json::parse(o.out, nullptr, false);
    EXPECT_FALSE(doc.is_discarded()) << o.out;
    return doc;
  }
};

TEST(AuditCommand, ACleanRepositoryPasses) {
  Repo r;
  json doc = r.run_json({}, 0);
  EXPECT_EQ(doc["findings"], json::array());
  ASSERT_FALSE(doc["sources"].empty());
  EXPECT_EQ(doc["sources"][0]["name"], "secrets");
  EXPECT_EQ(doc["sources"][0]["checked"], 2);  // strata.json and src/app.py
}

TEST(AuditCommand, ATrackedSecretFailsWithItsFileAndLine) {
  Repo r;
  r.dir.write("config/prod.py", "REGION = 'eu'\nKEY = '" + aws_key() + "'\n");
  r.track();
  Output o = r.run({});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.out.find("config/prod.py:2"), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find(aws_key()), std::string::npos) << "the secret itself is printed";
  EXPECT_EQ(o.err, "strata: error: 1 finding at or above high\n");
  json doc = r.run_json({}, 1);
  ASSERT_EQ(doc["findings"].size(), 1u);
  EXPECT_EQ(doc["findings"][0]["rule"], "aws-access-key-id");
  EXPECT_EQ(doc["findings"][0]["file"], "config/prod.py");
  EXPECT_EQ(doc["findings"][0]["line"], 2);
}

TEST(AuditCommand, AnUntrackedSecretIsNotReported) {
  Repo r;
  r.dir.write("scratch.py", "KEY = '" + aws_key() + "'\n");  // never added
  EXPECT_EQ(r.run_json({}, 0)["findings"], json::array());
}

TEST(AuditCommand, FailOnSetsTheThresholdFromFlagOrConfig) {
  Repo r;
  r.dir.write("k.py", "KEY = '" + aws_key() + "'\n");  // high
  r.track();
  EXPECT_EQ(r.run({"--fail-on", "critical"}).code, 0);
  EXPECT_EQ(r.run({"--fail-on", "low"}).code, 1);
  r.dir.write("strata.json", R"({"audit": {"failOn": "critical"}})");
  EXPECT_EQ(r.run({}).code, 0);
  Output o = r.run({"--fail-on", "high"});  // the flag wins over the config
  EXPECT_EQ(o.code, 1);
  r.dir.write("id_rsa", private_key() + "\nMIIE\n");  // critical
  r.track();
  o = r.run({});
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.err, "strata: error: 1 finding at or above critical\n");
}

TEST(AuditCommand, AnUnknownSeverityIsAUsageError) {
  Repo r;
  Output o = r.run({"--fail-on", "severe"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("--fail-on severe: expected low, medium, high or critical"),
            std::string::npos)
      << o.err;
  r.dir.write("strata.json", R"({"audit": {"failOn": "urgent"}})");
  o = r.run({});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("--fail-on urgent"), std::string::npos) << o.err;
  EXPECT_TRUE(o.out.empty()) << "nothing scanned before the settings are checked";
}

TEST(AuditCommand, AllowListsFromConfigAndFileSilenceFindings) {
  Repo r;
  r.dir.write("tests/fixtures/fake.py", "KEY = '" + aws_key() + "'\n");
  r.dir.write("deploy/k.py", "\n\nKEY = '" + aws_key() + "'\n");
  r.track();
  EXPECT_EQ(r.run_json({}, 1)["findings"].size(), 2u);

  r.dir.write("strata.json", R"({"audit": {"allow": ["tests/fixtures/**"]}})");
  json doc = r.run_json({}, 1);
  ASSERT_EQ(doc["findings"].size(), 1u);
  EXPECT_EQ(doc["findings"][0]["file"], "deploy/k.py");
  EXPECT_EQ(doc["allowed"], 1);

  r.dir.write(".strata/audit-allow", "# reviewed\ndeploy/k.py:3\n");
  doc = r.run_json({}, 0);
  EXPECT_EQ(doc["findings"], json::array());
  EXPECT_EQ(doc["allowed"], 2);
}

TEST(AuditCommand, MalformedAuditSettingsFallBackToTheDefaults) {
  Repo r;
  r.dir.write("k.py", "KEY = '" + aws_key() + "'\n");
  r.track();
  for (const char* config :
       {R"({"audit": "off"})", R"({"audit": {"allow": "**", "failOn": 3}})", "{not json"}) {
    r.dir.write("strata.json", config);
    EXPECT_EQ(r.run({}).code, 1) << config;  // still found, still high
  }
}

TEST(AuditCommand, OutsideAGitRepositoryItSaysWhereToRunIt) {
  Repo r(/*git=*/false);
  Output o = r.run({});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("strata: error: git ls-files failed in"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("hint: run strata audit inside a git repository"), std::string::npos)
      << o.err;
}

}  // namespace
}  // namespace strata::cli
