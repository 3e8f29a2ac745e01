#include "service/contract_text.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace strata::service::contract_text {
namespace {

using Lines = std::vector<std::string>;

Lines texts(const std::vector<LogicalLine>& lines) {
  Lines out;
  for (const auto& l : lines) out.push_back(l.text);
  return out;
}

JoinRules python() {
  JoinRules r;
  r.line_comment = '#';
  r.backslash = true;
  return r;
}

JoinRules typescript() {
  JoinRules r;
  r.brackets.angles = true;
  r.leading_operators = "|&";
  return r;
}

TEST(ContractText, TrimsAndSqueezesWhitespace) {
  EXPECT_EQ(trim(" \t a b \r\n"), "a b");
  EXPECT_EQ(trim(" \n "), "");
  EXPECT_EQ(squeeze("  std::vector<\n    int>   items \n"), "std::vector< int> items");
  EXPECT_EQ(squeeze(""), "");
}

TEST(ContractText, SplitsOnlyOutsideBrackets) {
  EXPECT_EQ(split_top("a: int, b: dict[str, int], c", ','),
            (Lines{"a: int", "b: dict[str, int]", "c"}));
  EXPECT_EQ(split_top("f(a, b), {x, y}", ','), (Lines{"f(a, b)", "{x, y}"}));
  EXPECT_TRUE(split_top("", ',').empty());
  EXPECT_TRUE(split_top("   ", ',').empty());
}

TEST(ContractText, AnglesNestOnlyWhenAskedAndArrowsCloseNothing) {
  EXPECT_EQ(split_top("Map<string, number>, x", ','), (Lines{"Map<string", "number>", "x"}));
  Brackets angles{true};
  EXPECT_EQ(split_top("Map<string, number>, x", ',', angles), (Lines{"Map<string, number>", "x"}));
  EXPECT_EQ(split_top("cb: (a: A, b: B) => Promise<void>, next: string", ',', angles),
            (Lines{"cb: (a: A, b: B) => Promise<void>", "next: string"}));
  EXPECT_EQ(split_top("f: auto() -> Result<int, E>, g", ',', angles),
            (Lines{"f: auto() -> Result<int, E>", "g"}));
}

TEST(ContractText, KeepsOrDropsEmptyPieces) {
  EXPECT_EQ(split_top("a, b,", ','), (Lines{"a", "b", ""}));
  EXPECT_EQ(split_top("a, b,", ',', {}, false), (Lines{"a", "b"}));
  EXPECT_EQ(split_top("| 'a' | 'b'", '|', {}, false), (Lines{"'a'", "'b'"}));
}

TEST(ContractText, FindsTheFirstTopLevelCharacterFromAnOffset) {
  EXPECT_EQ(find_top("x: dict[str, int] = {}", ':'), 1u);
  EXPECT_EQ(find_top("x: dict[str: int] = {}", '='), 18u);
  EXPECT_EQ(find_top("a = b = c", '=', {}, 3), 6u);
  EXPECT_EQ(find_top("(a = b)", '='), std::string_view::npos);
}

TEST(ContractText, BlanksCommentsButKeepsLinesAndStrings) {
  std::string text = "a // one\nb /* two\nthree */ c\n\"//not\" '/*no*/' `//tpl`\n";
  std::string out = blank_comments(text);
  EXPECT_EQ(out.size(), text.size());
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 4);
  EXPECT_EQ(out.find("one"), std::string::npos);
  EXPECT_EQ(out.find("two"), std::string::npos);
  EXPECT_EQ(out.find("three"), std::string::npos);
  EXPECT_NE(out.find(" c\n"), std::string::npos);
  EXPECT_NE(out.find("\"//not\" '/*no*/' `//tpl`"), std::string::npos);
}

TEST(ContractText, ADigitSeparatorOpensNoQuote) {
  std::string out = blank_comments("int x = 1'000;  // a note\nint y = 2;\n");
  EXPECT_EQ(out.find("note"), std::string::npos);
  EXPECT_NE(out.find("int y = 2;"), std::string::npos);
}

TEST(ContractText, CountsLines) {
  EXPECT_EQ(line_at("a\nb\nc", 0), 1);
  EXPECT_EQ(line_at("a\nb\nc", 2), 2);
  EXPECT_EQ(line_at("a\nb\nc", 4), 3);
  EXPECT_EQ(line_at("a\n", 99), 2) << "past the end counts every line";
}

TEST(ContractText, JoinsLinesWhileABracketIsOpen) {
  auto lines = join_lines("def f(\n    self,\n    a: int,\n) -> None: ...\nx = 1\n", python());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "def f(self, a: int, ) -> None: ...");
  EXPECT_EQ(lines[0].line, 1);
  EXPECT_EQ(lines[1].text, "x = 1");
  EXPECT_EQ(lines[1].line, 5);
}

TEST(ContractText, JoinsABackslashContinuation) {
  auto lines = join_lines("    def f(self) \\\n        -> str: ...\n", python());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "def f(self) -> str: ...");
  EXPECT_EQ(lines[0].indent, 4);
  EXPECT_EQ(texts(join_lines("a \\\nb\n", JoinRules{})), (Lines{"a \\", "b"}))
      << "only where the language continues lines so";
}

TEST(ContractText, DropsLineCommentsButNotHashesInStrings) {
  auto lines = join_lines("x: str = \"#fff\"  # colour\n# only a comment\n\ny: int\n", python());
  EXPECT_EQ(texts(lines), (Lines{"x: str = \"#fff\"", "y: int"}));
  EXPECT_EQ(lines[1].line, 4);
}

TEST(ContractText, BracketsInsideStringsOrCommentsOpenNothing) {
  auto lines = join_lines("a = \"(\"  # [\nb = 1\n", python());
  EXPECT_EQ(texts(lines), (Lines{"a = \"(\"", "b = 1"}));
}

TEST(ContractText, ALeadingOperatorContinuesTheLineBefore) {
  auto lines = join_lines("  readonly status:\n    | \"open\"\n    | \"closed\";\n  n: number;\n",
                          typescript());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "readonly status: | \"open\" | \"closed\";");
  EXPECT_EQ(lines[0].indent, 2);
  EXPECT_EQ(lines[1].line, 4);
}

TEST(ContractText, GenericsSpanLinesAndArrowsDoNotCloseThem) {
  auto lines =
      join_lines("on(cb: () => void): Promise<\n  Result<A>\n>;\nnext(): void;\n", typescript());
  EXPECT_EQ(texts(lines), (Lines{"on(cb: () => void): Promise< Result<A> >;", "next(): void;"}));
}

TEST(ContractText, AnUnbalancedCloserDoesNotSwallowTheRest) {
  auto lines = join_lines(")\na\nb\n", python());
  EXPECT_EQ(texts(lines), (Lines{")", "a", "b"}));
}

}  // namespace
}  // namespace strata::service::contract_text
