"""Prices for materials sold by area."""

RATE_PER_SQUARE_METRE = 12.5


def price_for_area(area: float) -> float:
    """Price of `area` square metres, rounded to cents."""
    if area < 0:
        raise ValueError("area must not be negative")
    return round(area * RATE_PER_SQUARE_METRE, 2)
