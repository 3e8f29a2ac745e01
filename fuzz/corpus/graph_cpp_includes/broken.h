#include "unterminated.h
#include <
/* open comment
#include "x.h"