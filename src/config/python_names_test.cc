#include "config/python_names.h"

#include <gtest/gtest.h>

#include "config/pnpm_workspace.h"

namespace strata {
namespace {

TEST(PythonNames, Pep508Name) {
  EXPECT_EQ(pep508_name("requests[socks]>=2.0; python_version<'3.8'"), "requests");
  EXPECT_EQ(pep508_name("  my_lib ==1.0"), "my_lib");
  EXPECT_EQ(pep508_name("zope.interface"), "zope.interface");
  EXPECT_EQ(pep508_name(">=1"), "");
}

TEST(PythonNames, Normalisation) {
  EXPECT_EQ(normalize_distribution_name("My__Lib.core"), "my-lib-core");
  EXPECT_EQ(import_name_of("My-Lib"), "my_lib");
}

TEST(PnpmWorkspace, BlockAndFlowLists) {
  const char* yaml =
      "# comment\n"
      "packages:\n"
      "  - 'packages/*'\n"
      "  - \"apps/**\"   \n"
      "  - tools/x # trailing\n"
      "  - '!**/test/**'\n"
      "catalog:\n"
      "  - not-a-package\n";
  EXPECT_EQ(parse_pnpm_packages(yaml),
            (std::vector<std::string>{"packages/*", "apps/**", "tools/x", "!**/test/**"}));
  EXPECT_EQ(parse_pnpm_packages("packages: ['a/*', \"b\"]\n"),
            (std::vector<std::string>{"a/*", "b"}));
}

}  // namespace
}  // namespace strata
