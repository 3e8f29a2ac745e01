#include "util/hash.h"

#include <gtest/gtest.h>

namespace strata {

TEST(Hash, HexRoundTrips) {
  Digest d = hash_bytes("hello");
  Digest back;
  ASSERT_TRUE(Digest::from_hex(d.hex(), back));
  EXPECT_EQ(d, back);
  EXPECT_EQ(d.hex().size(), 32u);
  EXPECT_FALSE(Digest::from_hex("xyz", back));
}

TEST(Hash, FieldsAreDelimited) {
  Hasher a, b;
  a.add("s", "ab").add("s", "c");
  b.add("s", "a").add("s", "bc");
  EXPECT_NE(a.finish(), b.finish());
}

TEST(Hash, TagsAreHashed) {
  Hasher a, b;
  a.add("env", "X");
  b.add("file", "X");
  EXPECT_NE(a.finish(), b.finish());
}

TEST(Hash, SameInputsSameDigest) {
  Hasher a, b;
  a.add("k", "v").add("n", uint64_t{7});
  b.add("k", "v").add("n", uint64_t{7});
  EXPECT_EQ(a.finish(), b.finish());
}

}  // namespace strata
