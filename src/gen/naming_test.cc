#include "gen/naming.h"

#include <gtest/gtest.h>

namespace strata::gen {
namespace {

TEST(Naming, SpellingsComeFromTheSnakeCaseWords) {
  NameForms f = name_forms("order_history");
  EXPECT_EQ(f.snake, "order_history");
  EXPECT_EQ(f.pascal, "OrderHistory");
  EXPECT_EQ(f.kebab, "order-history");
  EXPECT_EQ(f.upper, "ORDER_HISTORY");
  EXPECT_EQ(f.camel, "orderHistory");
  EXPECT_EQ(name_forms("x").pascal, "X");
  EXPECT_EQ(name_forms("v2_api").pascal, "V2Api");
}

TEST(Naming, AcceptsLowerSnakeCase) {
  EXPECT_TRUE(parse_name("billing", "context name"));
  EXPECT_TRUE(parse_name("order_history2", "context name"));
}

TEST(Naming, RejectsSpacesAndCapitalsWithASuggestion) {
  auto r = parse_name("Billing Service", "context name");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("'Billing Service'"), std::string::npos);
  EXPECT_EQ(r.error().hint, "did you mean 'billing_service'?");
  EXPECT_EQ(parse_name("OrderHistory", "context name").error().hint,
            "did you mean 'order_history'?");
  EXPECT_EQ(parse_name("order-history", "context name").error().hint,
            "did you mean 'order_history'?");
}

TEST(Naming, RejectsKeywordsOfEveryLanguage) {
  for (const char* word : {"class", "def", "import", "interface", "namespace", "typeof", "lambda",
                           "std", "eval", "arguments"}) {
    auto r = parse_name(word, "context name");
    ASSERT_FALSE(r) << word;
    EXPECT_NE(r.error().message.find("keyword"), std::string::npos);
  }
  EXPECT_EQ(parse_name("class", "context name").error().hint, "did you mean 'class_context'?");
  EXPECT_EQ(parse_name("class", "entity name").error().hint, "did you mean 'class_entity'?");
}

TEST(Naming, RejectsLeadingDigitsAndOddUnderscores) {
  EXPECT_EQ(parse_name("123", "context name").error().hint, "did you mean 'context_123'?");
  EXPECT_FALSE(parse_name("_billing", "context name"));
  EXPECT_FALSE(parse_name("billing_", "context name"));
  EXPECT_FALSE(parse_name("bill__ing", "context name"));
  EXPECT_FALSE(parse_name("", "context name"));
  EXPECT_FALSE(parse_name(std::string(k_max_name_length + 1, 'a'), "context name"));
  EXPECT_TRUE(parse_name(std::string(k_max_name_length, 'a'), "context name"));
}

TEST(Naming, SuggestionsAreThemselvesValid) {
  for (const char* raw : {"Billing Service", "class", "123", "  ", "HTTPServer", "a--b", "for"}) {
    std::string s = suggest_name(raw, "context");
    EXPECT_TRUE(parse_name(s, "context name")) << raw << " -> " << s;
  }
}

}  // namespace
}  // namespace strata::gen
