#pragma once
// "Did you mean ...?" suggestions for misspelled names.

#include <string>
#include <string_view>
#include <vector>

namespace strata {

// Damerau-free Levenshtein distance between two strings.
size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate within a distance that scales with the word's
// length, or "" when nothing is close enough.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// "did you mean 'x'?" or "" when there is no close candidate.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace strata
