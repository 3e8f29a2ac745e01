#include "util/result.h"

namespace strata {

std::string SourceLoc::str() const {
  if (file.empty()) return {};
  std::string s = file;
  if (line > 0) {
    s += ":" + std::to_string(line);
    if (col > 0) s += ":" + std::to_string(col);
  }
  return s;
}

std::string Error::str() const { return loc.known() ? loc.str() + ": " + message : message; }

}  // namespace strata
