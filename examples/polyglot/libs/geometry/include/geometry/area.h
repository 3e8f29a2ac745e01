#pragma once
// Areas of simple shapes, exported with C linkage so Python can call them.
extern "C" {
double rectangle_area(double width, double height);
double circle_area(double radius);
}
