"""Credits are exact decimals with at most four places, never floats.

The API carries them as decimal strings ("12.5"); PostgreSQL as NUMERIC(18, 4); Python as
`Decimal`. These two functions are the only way in and out.
"""

from __future__ import annotations

from decimal import Decimal

PLACES = Decimal("0.0001")
ZERO = Decimal(0)


def credits(value: str | int | Decimal) -> Decimal:
    """A credit amount from its decimal string (validated by the protos) or a number."""
    return Decimal(value).quantize(PLACES)


def text(value: Decimal) -> str:
    """The canonical decimal string: no exponent, no trailing zeros ("12.5", "0", "-3")."""
    if value == 0:
        return "0"
    normalized = value.quantize(PLACES).normalize()
    return f"{normalized:f}"


def usd(value: Decimal) -> str:
    """A USD amount as a plain decimal string without trailing zeros ("0.0123", "0")."""
    return "0" if value == 0 else f"{value.normalize():f}"
