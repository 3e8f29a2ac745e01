from \
  pkg import (x
import "