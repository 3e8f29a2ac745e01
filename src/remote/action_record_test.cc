#include "remote/action_record.h"

#include <gtest/gtest.h>

#include "remote/sha256.h"

namespace strata::remote {

namespace {
ActionRecord sample() {
  ActionRecord r;
  r.task_id = "lib:build";
  r.hash = hash_bytes("task").hex();
  r.entry_sha256 = sha256_hex("entry bytes");
  r.entry_size = 11;
  return r;
}
}  // namespace

TEST(ActionRecord, SignedRecordRoundTripsAndVerifies) {
  std::string text = encode_action_record(sample(), "secret");
  auto r = decode_action_record(text);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->task_id, "lib:build");
  EXPECT_EQ(r->entry_size, 11u);
  EXPECT_TRUE(signature_valid(*r, "secret"));
  EXPECT_FALSE(signature_valid(*r, "other key"));
}

TEST(ActionRecord, UnsignedRecordNeverVerifies) {
  auto r = decode_action_record(encode_action_record(sample(), ""));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->signature.empty());
  EXPECT_FALSE(signature_valid(*r, "secret"));
}

TEST(ActionRecord, AnEditedFieldBreaksTheSignature) {
  std::string text = encode_action_record(sample(), "secret");
  size_t at = text.find("entry ") + 6;
  text[at] = text[at] == 'a' ? 'b' : 'a';
  auto r = decode_action_record(text);
  ASSERT_TRUE(r);
  EXPECT_FALSE(signature_valid(*r, "secret"));
}

TEST(ActionRecord, RejectsOtherLayouts) {
  std::string good = encode_action_record(sample(), "secret");
  EXPECT_FALSE(decode_action_record(""));
  EXPECT_FALSE(decode_action_record(good.substr(0, good.size() - 1)));  // no final newline
  EXPECT_FALSE(decode_action_record("x" + good));
  std::string v2 = good;
  v2.replace(v2.find(" 1\n"), 3, " 2\n");
  auto r = decode_action_record(v2);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("version 2"), std::string::npos);
  std::string padded = good;
  padded.replace(padded.find(" 11\n"), 4, " 011\n");  // a second spelling of the size
  EXPECT_FALSE(decode_action_record(padded));
}

TEST(ActionKey, IsSha256OfTheVersionedLocalHash) {
  Digest h = hash_bytes("task");
  EXPECT_TRUE(is_sha256_hex(action_key(h)));
  EXPECT_EQ(action_key(h), sha256_hex("strata-remote-cache 1 " + h.hex()));
  EXPECT_NE(action_key(h), action_key(hash_bytes("other")));
}

}  // namespace strata::remote
