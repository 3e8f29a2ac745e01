#include "config/python_names.h"

#include <cctype>

namespace strata {

namespace {
bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}
}  // namespace

std::string pep508_name(std::string_view requirement) {
  size_t i = 0;
  while (i < requirement.size() && std::isspace(static_cast<unsigned char>(requirement[i]))) ++i;
  size_t start = i;
  while (i < requirement.size() && name_char(requirement[i])) ++i;
  return std::string(requirement.substr(start, i - start));
}

std::string normalize_distribution_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (!out.empty() && out.back() != '-') out += '-';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string import_name_of(std::string_view distribution) {
  std::string out = normalize_distribution_name(distribution);
  for (char& c : out)
    if (c == '-') c = '_';
  return out;
}

}  // namespace strata
