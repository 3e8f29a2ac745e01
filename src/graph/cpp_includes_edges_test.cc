// #include scanning at its edges: the directive's spellings, CRLF files,
// unterminated names, prefixed raw strings, quote characters and comments
// that a line continuation carries onto the next line.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graph/cpp_includes.h"

namespace strata {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> specs(std::string_view src) {
  std::vector<std::string> out;
  for (const auto& i : scan_cpp_includes(src))
    out.push_back((i.kind == ImportKind::k_angled_include ? "<" : "\"") + i.spec);
  return out;
}

TEST(CppIncludesEdges, IncludeNextImportAndNoSpace) {
  EXPECT_THAT(specs("#include_next <a.h>\n#import \"b.h\"\n#include<c.h>\n#include\"d.h\"\n"),
              ElementsAre("<a.h", "\"b.h", "<c.h", "\"d.h"));
}

TEST(CppIncludesEdges, OtherDirectivesAndLookalikesAreNotIncludes) {
  EXPECT_THAT(specs("#includes <a.h>\n#define include <b.h>\n#pragma include <c.h>\n"
                    "#if 0\n#endif\ninclude <d.h>\n"),
              IsEmpty());
}

TEST(CppIncludesEdges, CrlfFilesAndTabs) {
  EXPECT_THAT(specs("#include \"a.h\"\r\n#\tinclude\t<b.h>\r\n"), ElementsAre("\"a.h", "<b.h"));
}

TEST(CppIncludesEdges, AnUnterminatedOrEmptyNameIsLeftOut) {
  EXPECT_THAT(specs("#include \"a.h\n#include <b.h\n#include \"c.h\"\n"), ElementsAre("\"c.h"));
  EXPECT_THAT(specs("#include <>\n#include \"\"\n"), IsEmpty());
}

TEST(CppIncludesEdges, PrefixedRawStringsAndQuoteCharactersAreSkipped) {
  EXPECT_THAT(specs("auto a = u8R\"(\n#include <no1.h>\n)\";\n"
                    "auto b = LR\"d()\"\n#include <no2.h>\n)d\";\n"
                    "char q = '\"';\n#include <yes.h>\n"),
              ElementsAre("<yes.h"));
}

TEST(CppIncludesEdges, ALineCommentContinuedByABackslashHidesTheNextLine) {
  EXPECT_THAT(specs("// note \\\n#include <hidden.h>\n#include <seen.h>\n"),
              ElementsAre("<seen.h"));
}

TEST(CppIncludesEdges, AnIncludeAfterABlockCommentOnTheSameLineCounts) {
  EXPECT_THAT(specs("/* a\n b */ #include <x.h>\n"), ElementsAre("<x.h"));
  EXPECT_THAT(specs("int x; #include <no.h>\n"), IsEmpty());
}

TEST(CppIncludesEdges, AnEmptyOrDirectiveOnlyFileHasNoIncludes) {
  EXPECT_THAT(specs(""), IsEmpty());
  EXPECT_THAT(specs("#"), IsEmpty());
  EXPECT_THAT(specs("#include"), IsEmpty());
  EXPECT_THAT(specs("#include <a.h>"), ElementsAre("<a.h")) << "no newline at the end";
}

}  // namespace
}  // namespace strata
