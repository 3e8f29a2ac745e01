import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quote import quote_circle, quote_rectangle  # noqa: E402


def test_rectangle_quote_uses_cpp_area() -> None:
    assert quote_rectangle(2.0, 4.0) == 100.0


def test_circle_quote() -> None:
    assert quote_circle(1.0) == 39.27
