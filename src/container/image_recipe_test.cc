#include "container/image_recipe.h"

#include <gtest/gtest.h>

namespace strata::container {
namespace {

TEST(ImageRecipe, ImageNamesAreValidReferences) {
  EXPECT_EQ(image_name("billing-service"), "billing-service");
  EXPECT_EQ(image_name("@acme/Billing-Service"), "billing-service");
  EXPECT_EQ(image_name("a+b"), "a-b");
  ImageSettings s = default_image_settings();
  EXPECT_EQ(image_reference(s, "@acme/x-service", "abc"), "localhost/strata/x-service:abc");
}

}  // namespace
}  // namespace strata::container
