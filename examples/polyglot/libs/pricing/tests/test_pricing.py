import pytest

from pricing import price_for_area


def test_price_scales_with_area() -> None:
    assert price_for_area(2.0) == 25.0


def test_negative_area_is_refused() -> None:
    with pytest.raises(ValueError):
        price_for_area(-1)
