#include "config/config_file.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(ConfigFile, SyntaxErrorIsLocated) {
  auto f = ConfigFile::from_json("project.json", "{\n  \"name\": \"a\",\n}");
  ASSERT_FALSE(f->ok());
  ASSERT_EQ(f->diags().items().size(), 1u);
  EXPECT_EQ(f->diags().items()[0].error.loc.line, 3);
}

// Found by fuzz/config_package_json_fuzz.cc: a number beyond a double's
// range made nlohmann throw out_of_range, which the reader did not catch,
// so the exception escaped instead of a located diagnostic.
TEST(ConfigFile, NumberBeyondDoubleRangeIsALocatedError) {
  auto f = ConfigFile::from_json("package.json", "{\n  \"name\": \"a\",\n  \"n\": 1e999\n}");
  ASSERT_FALSE(f->ok());
  ASSERT_EQ(f->diags().items().size(), 1u);
  const Error& e = f->diags().items()[0].error;
  EXPECT_EQ(e.loc.file, "package.json");
  EXPECT_EQ(e.loc.line, 3);
  EXPECT_EQ(e.loc.col, 8);
  EXPECT_NE(e.message.find("1e999"), std::string::npos) << e.message;
}

}  // namespace
}  // namespace strata
