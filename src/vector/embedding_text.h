#pragma once
// EmbeddingText: reads the embedding array out of a JSON query's text
// without building a JSON value for each number. Parsing a 784-number line
// into nlohmann::json and converting it took about 50 µs, a sixth of an
// HNSW query's CPU time at ef=32; reading the numbers with from_chars takes
// a few. Everything else in the line is still parsed as JSON by the caller,
// with the array replaced by null.
//
// It is a fast path only: whenever the text is not the plain shape (an
// object whose one top-level "embedding" key, spelled without escapes,
// holds an array of JSON numbers that convert exactly as nlohmann's
// parser converts them) it answers nullopt and the caller parses the whole
// text as before, so errors and edge cases behave exactly as they did.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::vec {

struct SplitEmbedding {
  std::string rest;              // the text with the array replaced by null
  std::vector<float> embedding;  // the array's numbers, as float
};

std::optional<SplitEmbedding> split_embedding(std::string_view text);

}  // namespace strata::vec
