"""Quotes floors by calling the C++ geometry library for their area."""

import ctypes
from pathlib import Path

from pricing import price_for_area

_LIB = Path(__file__).resolve().parents[3] / "libs/geometry/build/libgeometry.so"


def _geometry() -> ctypes.CDLL:
    lib = ctypes.CDLL(str(_LIB))
    for name in ("rectangle_area", "circle_area"):
        getattr(lib, name).restype = ctypes.c_double
    return lib


def quote_rectangle(width: float, height: float) -> float:
    area = _geometry().rectangle_area(ctypes.c_double(width), ctypes.c_double(height))
    return price_for_area(area)


def quote_circle(radius: float) -> float:
    return price_for_area(_geometry().circle_area(ctypes.c_double(radius)))
