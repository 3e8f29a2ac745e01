#include_next <stdio.h>

#include <vector>

#include "lib/a.h"
#import "objc.h"
#include MACRO_HEADER
// #include "commented.h"
/* #include "block.h" */
const char* s = "#include \"in_string.h\"";
const char* r = R"x(#include "raw.h")x";
#define LONG #include "continued.h"
#include "split.h"
