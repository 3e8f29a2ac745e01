R"delim(
#include "x.h"
