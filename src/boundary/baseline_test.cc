#include "boundary/baseline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata {
namespace {

using ::testing::HasSubstr;

Violation v(std::string file, uint32_t line, std::string imported,
            BoundaryRule rule = BoundaryRule::k_layer) {
  Violation x;
  x.rule = rule;
  x.file = std::move(file);
  x.line = line;
  x.importer = "a-domain";
  x.imported = std::move(imported);
  return x;
}

TEST(Baseline, RoundTripsSortedAndStable) {
  Baseline b = Baseline::of({v("b.py", 3, "x"), v("a.py", 9, "y"), v("a.py", 2, "y")});
  std::string text = b.serialize();
  EXPECT_LT(text.find("\"a.py\""), text.find("\"b.py\""));
  EXPECT_THAT(text, HasSubstr("\"count\":2"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("\"line\"")));
  auto back = Baseline::parse(text, "base.json");
  ASSERT_TRUE(back) << back.error().str();
  EXPECT_EQ(back->serialize(), text);
  EXPECT_EQ(back->size(), 3u);
}

TEST(Baseline, FreezesByKeyNotLineAndCountsCopies) {
  Baseline b = Baseline::of({v("a.py", 3, "x")});
  std::vector<Violation> now = {v("a.py", 10, "x"), v("a.py", 11, "x"), v("a.py", 12, "other")};
  EXPECT_EQ(b.apply(now), 2u);
  EXPECT_TRUE(now[0].frozen);
  EXPECT_FALSE(now[1].frozen);  // a second copy of the import is new
  EXPECT_FALSE(now[2].frozen);
}

TEST(Baseline, CyclesAreKeyedByPath) {
  Violation c = v("a.py", 1, "b", BoundaryRule::k_project_cycle);
  c.cycle = {{
                 "a",
                 "b",
                 "a.py",
                 1,
             },
             {"b", "a", "b.py", 4}};
  Violation moved = c;
  moved.file = "c.py";
  moved.cycle[0].file = "c.py";
  EXPECT_EQ(c.key(), moved.key());
  EXPECT_EQ(c.key().imported, "a → b → a");
}

TEST(Baseline, StaleEntries) {
  Baseline b = Baseline::of({v("a.py", 1, "x"), v("a.py", 2, "y")});
  EXPECT_EQ(b.stale({v("a.py", 1, "x")}), 1u);
}

TEST(Baseline, ValuesOfTheWrongTypeAreRefusedNotThrown) {
  for (const char* text : {R"({"format": 5})", R"({"format": null, "version": 1})",
                           R"({"format": ["strata-boundary-baseline"]})",
                           R"({"format": "strata-boundary-baseline", "version": 1,
                               "violations": [5]})"}) {
    Result<Baseline> r = Error("not run");
    ASSERT_NO_THROW(r = Baseline::parse(text, "b.json")) << text;
    EXPECT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().loc.file, "b.json");
  }
}

TEST(Baseline, RejectsOtherVersionsAndBadEntries) {
  auto r = Baseline::parse(
      R"({"format": "strata-boundary-baseline", "version": 2, "violations": []})", "b.json");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().str(), HasSubstr("b.json: unsupported boundary baseline version 2"));
  r = Baseline::parse(R"({"format": "strata-boundary-baseline", "version": 1,
                          "violations": [{"rule": "nope", "importer": "a", "imported": "b", "count": 1}]})",
                      "b.json");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("entry 0"));
  EXPECT_FALSE(Baseline::parse("[]", "b.json"));
}

}  // namespace
}  // namespace strata
