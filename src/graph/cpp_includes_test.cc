#include "graph/cpp_includes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

TEST(CppIncludes, QuotedAndAngled) {
  EXPECT_THAT(specs("#include \"a/b.h\"\n#include <vector>\n  #  include <x/y.hpp>\n"),
              ElementsAre("\"a/b.h", "<vector", "<x/y.hpp"));
}

TEST(CppIncludes, CommentsAreSkipped) {
  EXPECT_THAT(
      specs("// #include \"no.h\"\n/* #include <no2.h>\n#include <no3.h> */\n#include \"yes.h\"\n"),
      ElementsAre("\"yes.h"));
}

TEST(CppIncludes, CommentBeforeAndInsideDirective) {
  EXPECT_THAT(specs("/* c */ #include \"a.h\"\n# /* c */ include /* c */ <b.h> // tail\n"),
              ElementsAre("\"a.h", "<b.h"));
}

TEST(CppIncludes, StringsAndRawStringsAreSkipped) {
  EXPECT_THAT(
      specs("const char* s = \"#include <no.h>\";\nauto r = R\"x(\n#include <no2.h>\n)x\";\n"
            "#include <yes.h>\n"),
      ElementsAre("<yes.h"));
}

TEST(CppIncludes, LineContinuations) {
  EXPECT_THAT(
      specs("#include \\\n  \"split.h\"\n// comment \\\n#include <hidden.h>\n#include <ok.h>\n"),
      ElementsAre("\"split.h", "<ok.h"));
}

TEST(CppIncludes, NotAtLineStart) {
  EXPECT_THAT(specs("int x; #include <no.h>\n#define X 1 #include <no2.h>\n"), IsEmpty());
}

TEST(CppIncludes, DigitSeparatorsAreNotCharLiterals) {
  EXPECT_THAT(specs("int n = 1'000'000;\n#include <a.h>\nint m = 0xFF'FF;\n#include <b.h>\n"),
              ElementsAre("<a.h", "<b.h"));
}

TEST(CppIncludes, MacroIncludesAreLeftOut) {
  EXPECT_THAT(specs("#include HEADER\n#include_next <n.h>\n"), ElementsAre("<n.h"));
}

TEST(CppIncludes, LinesOfTheDirectives) {
  std::vector<uint32_t> lines;
  for (const auto& i : scan_cpp_includes(
           "#include <a>\n#define X 1 \\\n  + 2\n/* #include <no> */\n  #  include \"b.h\"\n"))
    lines.push_back(i.line);
  EXPECT_THAT(lines, ElementsAre(1, 5));
}

}  // namespace
}  // namespace strata
