#include "geometry/area.h"

#include <gtest/gtest.h>

TEST(Area, Rectangle) { EXPECT_DOUBLE_EQ(rectangle_area(2, 3), 6); }
TEST(Area, UnitCircle) { EXPECT_NEAR(circle_area(1), 3.14159265, 1e-6); }
