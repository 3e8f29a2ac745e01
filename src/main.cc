// Thin entry point: everything lives in the library. Exceptions mean a bug;
// they are caught here, once, and reported.

#include <cstdio>
#include <exception>

#include "cli/command.h"

int main(int argc, char** argv) {
  try {
    return strata::cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "strata: internal error: %s\n", e.what());
    return 1;
  }
}
