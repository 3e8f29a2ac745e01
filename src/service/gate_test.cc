#include "service/gate.h"

#include <gtest/gtest.h>

namespace strata::service {
namespace {

TEST(Gate, FindsEveryWayPythonReadsTheEnvironment) {
  auto reads = python_env_reads(
      "import os\n"
      "a = os.environ[\"DATABASE_URL\"]\n"
      "b = os.environ.get('API_TOKEN', '')\n"
      "\n"
      "c = os.getenv(\"TIMEOUT\")\n"
      "d = os.environ.get(name)  # not a literal: not reported\n");
  ASSERT_EQ(reads.size(), 3u);
  EXPECT_EQ(reads[0].name, "DATABASE_URL");
  EXPECT_EQ(reads[0].line, 2);
  EXPECT_EQ(reads[1].name, "API_TOKEN");
  EXPECT_EQ(reads[1].line, 3);
  EXPECT_EQ(reads[2].name, "TIMEOUT");
  EXPECT_EQ(reads[2].line, 5);
}

TEST(Gate, FindsTypescriptsEnvironmentReads) {
  auto reads =
      typescript_env_reads("const a = process.env.API_URL;\nconst b = process.env[\"TOKEN\"];\n");
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0].name, "API_URL");
  EXPECT_EQ(reads[1].name, "TOKEN");
  EXPECT_EQ(reads[1].line, 2);
}

TEST(Gate, FindsCppsEnvironmentReads) {
  auto reads = cpp_env_reads(
      "const char* a = std::getenv(\"PAYMENT_KEY\");\n"
      "const char* b = getenv( \"REGION\" );\n"
      "const char* c = std::getenv(name);  // not a literal\n");
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0].name, "PAYMENT_KEY");
  EXPECT_EQ(reads[1].name, "REGION");
  EXPECT_EQ(reads[1].line, 2);
}

}  // namespace
}  // namespace strata::service
