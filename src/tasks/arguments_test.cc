// Arguments forwarded to run-commands: quoting must survive a real
// /bin/sh for any word (it is the boundary between a user's argument and
// the shell), word splitting must agree with that quoting, and flag
// parsing must give {args.name} what Nx's parser would.

#include "tasks/arguments.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "util/temp_dir.h"

namespace strata {
namespace {

// What /bin/sh makes of `printf %s QUOTED`, run in `cwd`.
std::string through_sh(const std::string& quoted, const std::string& cwd) {
  std::string cmd = "cd '" + cwd + "' && printf %s " + quoted;
  std::string script = "/bin/sh -c " + shell_quote(cmd);
  FILE* p = ::popen(script.c_str(), "r");
  std::string out;
  char buf[256];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  return out;
}

const std::vector<std::string>& hostile_words() {
  static const std::vector<std::string> words = {"plain",
                                                 "two words",
                                                 "it's",
                                                 "'",
                                                 "''",
                                                 "\"",
                                                 "$HOME",
                                                 "${PATH}",
                                                 "$(touch pwned)",
                                                 "`touch pwned`",
                                                 "a;touch pwned",
                                                 "a && touch pwned",
                                                 "a|b",
                                                 "*",
                                                 "~",
                                                 "line\nbreak",
                                                 "tab\there",
                                                 "back\\slash",
                                                 "-n",
                                                 "--x=a b",
                                                 "!",
                                                 "#not a comment",
                                                 "a>pwned",
                                                 "\xc3\xa9t\xc3\xa9"};
  return words;
}

TEST(ShellQuote, EveryWordReachesTheCommandUnchanged) {
  testutil::TempDir dir;
  for (const auto& word : hostile_words())
    EXPECT_EQ(through_sh(shell_quote(word), dir.root().string()), word) << word;
  EXPECT_FALSE(dir.exists("pwned")) << "a quoted word ran a command";
}

TEST(ShellQuote, SafeWordsStayReadable) {
  for (const char* word :
       {"build", "--configuration=production", "a/b.c", "x@1.2.3", "50%", "k:v,w"})
    EXPECT_EQ(shell_quote(word), word);
  EXPECT_EQ(shell_quote("it's"), R"('it'\''s')");
}

TEST(SplitWords, WhitespaceOfAnyKindSeparatesAndNothingIsNoWords) {
  EXPECT_TRUE(split_words("").empty());
  EXPECT_TRUE(split_words(" \t\n ").empty());
  EXPECT_EQ(split_words("a\tb\nc  d"), (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(SplitWords, QuotesJoinAndKeepTheOtherKind) {
  EXPECT_EQ(split_words(R"(a"b"'c' x)"), (std::vector<std::string>{"abc", "x"}));
  EXPECT_EQ(split_words(R"("it's" 'say "hi"')"), (std::vector<std::string>{"it's", "say \"hi\""}));
  // An empty quoted word is a word, as in the shell.
  EXPECT_EQ(split_words("a '' b"), (std::vector<std::string>{"a", "", "b"}));
  // An unterminated quote runs to the end rather than losing the text.
  EXPECT_EQ(split_words("a 'b c"), (std::vector<std::string>{"a", "b c"}));
}

TEST(SplitWords, ReadsBackWhatShellQuoteWrote) {
  std::string line;
  std::vector<std::string> words;
  for (const auto& w : hostile_words()) {
    // Single quotes are written as '\'' (a backslash escape), which the
    // splitter does not read: those words are the shell's to split.
    if (w.find('\'') != std::string::npos || w.find('\\') != std::string::npos) continue;
    words.push_back(w);
    line += (line.empty() ? "" : " ") + shell_quote(w);
  }
  EXPECT_EQ(split_words(line), words);
}

std::map<std::string, std::string> flags(const std::vector<std::string>& args) {
  std::map<std::string, std::string> out;
  parse_flags(args, out);
  return out;
}

TEST(ParseFlags, ValuesBooleansAndNegation) {
  auto f = flags({"--port=8080", "--host", "0.0.0.0", "--watch", "--no-color", "--verbose"});
  EXPECT_EQ(f["port"], "8080");
  EXPECT_EQ(f["host"], "0.0.0.0");
  EXPECT_EQ(f["watch"], "true");
  EXPECT_EQ(f["color"], "false");
  EXPECT_EQ(f["verbose"], "true");  // last, with nothing after it
  EXPECT_EQ(f.size(), 5u);
}

TEST(ParseFlags, DashedNamesAreAlsoCamelCase) {
  auto f = flags({"--max-old-space=4096", "--no-dry-run"});
  EXPECT_EQ(f["max-old-space"], "4096");
  EXPECT_EQ(f["maxOldSpace"], "4096");
  EXPECT_EQ(f["dry-run"], "false");
  EXPECT_EQ(f["dryRun"], "false");
}

TEST(ParseFlags, PositionalsShortFlagsAndTheSeparatorAreNotFlags) {
  auto f = flags({"src/", "-v", "--", "x"});
  EXPECT_TRUE(f.empty());
  // A value may look like a short flag or a negative number.
  EXPECT_EQ(flags({"--offset", "-1"})["offset"], "-1");
}

TEST(ParseFlags, TheLastOfARepeatedFlagWinsAndValuesKeepTheirEquals) {
  auto f = flags({"--env=a", "--env", "b", "--define=K=V"});
  EXPECT_EQ(f["env"], "b");
  EXPECT_EQ(f["define"], "K=V");
  // Into a map that already holds values: flags override, others stay.
  std::map<std::string, std::string> out{{"env", "default"}, {"keep", "1"}};
  parse_flags({"--env=c"}, out);
  EXPECT_EQ(out["env"], "c");
  EXPECT_EQ(out["keep"], "1");
}

}  // namespace
}  // namespace strata
