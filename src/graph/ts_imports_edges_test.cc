// TypeScript import scanning at its edges: division that is not a regular
// expression, computed specifiers, `import x = require(...)`, nested template
// literals and files without a final newline.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graph/ts_imports.h"

namespace strata {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> specs(std::string_view src) {
  std::vector<std::string> out;
  for (const auto& i : scan_ts_imports(src))
    out.push_back((i.kind == ImportKind::k_dynamic ? "dyn:" : "") + i.spec);
  return out;
}

TEST(TsImportsEdges, DivisionIsNotARegexThatHidesTheRest) {
  EXPECT_THAT(specs("const r = a / b / c;\nimport x from 'after';\n"), ElementsAre("after"));
  EXPECT_THAT(specs("const h = (w) / 2; // '\nimport y from 'y';\n"), ElementsAre("y"));
}

TEST(TsImportsEdges, ComputedSpecifiersAreLeftOut) {
  EXPECT_THAT(specs("const m = await import(name);\nrequire(base + '/x');\nimport(`./${p}`);\n"),
              IsEmpty());
}

TEST(TsImportsEdges, NestedTemplatesKeepTheirCodeAndTheirText) {
  EXPECT_THAT(specs("const s = `a ${`b ${require('inner')} import 'no'`} c`;\n"),
              ElementsAre("inner"));
}

TEST(TsImportsEdges, ImportEqualsRequireCounts) {
  EXPECT_THAT(specs("import fs = require('fs');\n"), ElementsAre("fs"));
}

TEST(TsImportsEdges, AFileWithoutANewlineOrWithCrlf) {
  EXPECT_THAT(specs("import a from 'a'"), ElementsAre("a"));
  EXPECT_THAT(specs("import a from 'a';\r\nexport * from \"b\";\r\n"), ElementsAre("a", "b"));
  EXPECT_THAT(specs(""), IsEmpty());
}

TEST(TsImportsEdges, WordsEndingInImportOrRequireAreNotCalls) {
  EXPECT_THAT(specs("myrequire('x');\nreimport('y');\nobj.require('z');\n"), IsEmpty());
}

}  // namespace
}  // namespace strata
