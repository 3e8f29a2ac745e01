// Python import scanning at its edges: statements after semicolons, CRLF
// files, keywords inside longer names, escaped quotes, and imports under
// `if TYPE_CHECKING` or `try` (they still make a dependency).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graph/python_imports.h"

namespace strata {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> specs(std::string_view src) {
  std::vector<std::string> out;
  for (const auto& i : scan_python_imports(src)) out.push_back(i.spec);
  return out;
}

TEST(PythonImportsEdges, CrlfFilesImportTheSame) {
  EXPECT_THAT(specs("import a\r\nfrom b import c\r\n"), ElementsAre("a", "b.c"));
}

TEST(PythonImportsEdges, NamesThatOnlyContainAKeywordAreNotImports) {
  EXPECT_THAT(specs("important = 1\nimporter.run()\nfromage = 2\nx.import_module('a')\n"),
              IsEmpty());
}

TEST(PythonImportsEdges, ConditionalImportsStillCount) {
  EXPECT_THAT(specs("if TYPE_CHECKING:\n    from pkg.types import T\n"
                    "try:\n    import fast\nexcept ImportError:\n    import slow\n"),
              ElementsAre("pkg.types.T", "fast", "slow"));
}

TEST(PythonImportsEdges, EscapedQuotesDoNotEndAString) {
  EXPECT_THAT(specs("s = 'it\\'s\\nimport x'\nt = \"a\\\" import y\"\nimport z\n"),
              ElementsAre("z"));
}

TEST(PythonImportsEdges, AStatementAfterASemicolonCounts) {
  EXPECT_THAT(specs("x = 1; import a\n"), ElementsAre("a"));
}

TEST(PythonImportsEdges, AnEmptyFileAndABareImportHaveNone) {
  EXPECT_THAT(specs(""), IsEmpty());
  EXPECT_THAT(specs("import"), IsEmpty());
}

}  // namespace
}  // namespace strata
