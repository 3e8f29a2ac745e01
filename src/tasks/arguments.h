#pragma once
// Command-line argument helpers for run-commands: splitting an "args"
// string into words, reading --name=value pairs for {args.name}, and
// quoting forwarded arguments for /bin/sh.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

// Splits like a shell does for plain words and '...' / "..." quoting.
std::vector<std::string> split_words(std::string_view s);

// Adds the flags in `args` to `out`: "--a=b" and "--a b" give a=b, "--a"
// gives a=true, "--no-a" gives a=false. Each dashed name is also stored in
// camelCase ("--my-arg" as my-arg and myArg), as Nx's parser does.
void parse_flags(const std::vector<std::string>& args, std::map<std::string, std::string>& out);

// The word quoted for /bin/sh when it holds anything but safe characters.
std::string shell_quote(std::string_view word);

}  // namespace strata
