#include "graph/ts_imports.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

TEST(TsImports, StaticForms) {
  EXPECT_THAT(specs("import x from 'a';\nimport {b, c as d} from \"b\";\nimport * as ns from 'c';\n"
                    "import 'd';\nimport e, {f} from 'e'\n"),
              ElementsAre("a", "b", "c", "d", "e"));
}

TEST(TsImports, TypeImportsAreStatic) {
  EXPECT_THAT(specs("import type { T } from '@s/types';\nimport { type U } from 'u';\n"),
              ElementsAre("@s/types", "u"));
}

TEST(TsImports, ReExports) {
  EXPECT_THAT(specs("export * from 'a';\nexport * as ns from 'b';\nexport { x, y as z } from 'c';\n"
                    "export type { T } from 'd';\nexport { local };\nexport const q = 1;\n"),
              ElementsAre("a", "b", "c", "d"));
}

TEST(TsImports, RequireAndDynamicImport) {
  EXPECT_THAT(
      specs("const a = require('a');\nconst b = await import('b');\n"
            "const c = import(`c`);\nimport(name);\nimport(`./x/${n}`);\nobj.require('no');\n"),
      ElementsAre("a", "dyn:b", "dyn:c"));
}

TEST(TsImports, CommentsAreSkipped) {
  EXPECT_THAT(
      specs("// import a from 'a'\n/* import b from 'b';\nrequire('c') */\nimport d from 'd';\n"),
      ElementsAre("d"));
}

TEST(TsImports, StringsAndTemplatesAreSkipped) {
  EXPECT_THAT(specs("const s = \"import a from 'a'\";\nconst t = `\nimport b from 'b'\n`;\n"
                    "const u = 'require(\"c\")';\n"),
              IsEmpty());
}

TEST(TsImports, TemplateSubstitutionsAreCode) {
  EXPECT_THAT(specs("const t = `a ${require('x')} b ${ {k: 1}.k } import y from 'no'`;\nimport z "
                    "from 'z';\n"),
              ElementsAre("x", "z"));
}

TEST(TsImports, RegexLiteralsAreSkipped) {
  EXPECT_THAT(specs("const r = /import x from 'y'/g;\nconst q = a / b; import c from 'c';\n"
                    "if (/['\"]/.test(s)) { require('d') }\n"),
              ElementsAre("c", "d"));
}

TEST(TsImports, PropertyNamesAndImportMeta) {
  EXPECT_THAT(specs("const o = { import: 1, require: 2 };\nconsole.log(import.meta.url);\n"
                    "class A { import(x) { return x } }\n"),
              IsEmpty());
}

TEST(TsImports, JsxTextApostropheStaysOnItsLine) {
  EXPECT_THAT(
      specs("import React from 'react';\nconst A = () => <p>Don't</p>;\nimport b from 'b';\n"),
      ElementsAre("react", "b"));
}

TEST(TsImports, MultiLineImportClause) {
  EXPECT_THAT(specs("import {\n  a,\n  b,\n} from '@scope/pkg/sub';\n"),
              ElementsAre("@scope/pkg/sub"));
}

TEST(TsImports, LinesOfTheStatements) {
  std::vector<uint32_t> lines;
  for (const auto& i :
       scan_ts_imports("// x\nimport {\n  a,\n} from 'a';\nconst b = require('b');\n"
                       "/* import 'no'\n*/ export * from 'c';\nawait import('d');\n"))
    lines.push_back(i.line);
  EXPECT_THAT(lines, ElementsAre(2, 5, 7, 8));
}

}  // namespace
}  // namespace strata
