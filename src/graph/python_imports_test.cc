#include "graph/python_imports.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> specs(std::string_view src) {
  std::vector<std::string> out;
  for (const auto& i : scan_python_imports(src)) out.push_back(i.spec);
  return out;
}

TEST(PythonImports, PlainAndDotted) {
  EXPECT_THAT(specs("import os\nimport a.b.c\n"), ElementsAre("os", "a.b.c"));
}

TEST(PythonImports, AliasesAndLists) {
  EXPECT_THAT(specs("import a as b, c.d as e, f\n"), ElementsAre("a", "c.d", "f"));
}

TEST(PythonImports, FromImportReportsEachName) {
  EXPECT_THAT(specs("from a.b import c, d as e\n"), ElementsAre("a.b.c", "a.b.d"));
  EXPECT_THAT(specs("from a import *\n"), ElementsAre("a"));
}

TEST(PythonImports, ParenthesisedMultiLine) {
  EXPECT_THAT(specs("from pkg.mod import (\n    x,  # comment\n    y as z,\n)\nimport w\n"),
              ElementsAre("pkg.mod.x", "pkg.mod.y", "w"));
}

TEST(PythonImports, RelativeImportsAreLeftOut) {
  EXPECT_THAT(specs("from . import x\nfrom .sib import y\nfrom ..up.mod import z\n"), IsEmpty());
}

TEST(PythonImports, CommentsAndStringsNeverImport) {
  EXPECT_THAT(specs("# import fake\nx = 'import fake2'\ny = \"from fake3 import z\"\n"), IsEmpty());
}

TEST(PythonImports, DocstringsAndTripleQuotesAreSkipped) {
  const char* src =
      "\"\"\"Module doc.\n\nimport fake\nfrom fake import x\n\"\"\"\n"
      "def f():\n    '''\n    import fake2\n    '''\n    import real\n";
  EXPECT_THAT(specs(src), ElementsAre("real"));
}

TEST(PythonImports, PrefixedAndFStringsAreSkipped) {
  EXPECT_THAT(specs("a = rb'import x'\nb = f\"{'import y'}\\nimport z\"\nimport ok\n"),
              ElementsAre("ok"));
  EXPECT_THAT(specs("s = f'''{x[\"k\"]}\nimport fake\n'''\nimport real\n"), ElementsAre("real"));
}

TEST(PythonImports, OnlyAtStatementStart) {
  EXPECT_THAT(specs("x = 1; import a\nif y: import b\nraise E from err\nyield_from = 3\n"),
              ElementsAre("a", "b"));
}

TEST(PythonImports, LineContinuation) {
  EXPECT_THAT(specs("import a, \\\n    b\n"), ElementsAre("a", "b"));
  EXPECT_THAT(specs("x = \\\nimport_me\n"), IsEmpty());
}

TEST(PythonImports, IndentedAndNested) {
  EXPECT_THAT(specs("try:\n    import fast\nexcept ImportError:\n    import slow\n"),
              ElementsAre("fast", "slow"));
}

TEST(PythonImports, UnterminatedStringStopsAtLineEnd) {
  EXPECT_THAT(specs("x = 'oops\nimport a\n"), ElementsAre("a"));
}

std::vector<uint32_t> lines(std::string_view src) {
  std::vector<uint32_t> out;
  for (const auto& i : scan_python_imports(src)) out.push_back(i.line);
  return out;
}

TEST(PythonImports, LinesOfTheStatements) {
  EXPECT_THAT(lines("import a\n\n\"\"\"doc\nimport no\n\"\"\"\nfrom b import (\n  c,\n  d)\nx = 1; "
                    "import e\n"),
              ElementsAre(1, 6, 6, 9));
  EXPECT_THAT(lines("import a, \\\n    b\n\nimport c\n"), ElementsAre(1, 1, 4));
}

}  // namespace
}  // namespace strata
