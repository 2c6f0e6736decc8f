"""Tick format v1: the numpy dtype of the 32-byte record, its flag bits, source ids and symbol ids.

The format is defined in docs/tick-format.md; this module mirrors packages/core/src/tick/ in @tickwire/core.
"""

from __future__ import annotations

import enum
import math
from typing import Union

import numpy as np

TICK_FORMAT_VERSION = 1
"""Version of the record layout below."""

TICK_RECORD_SIZE = 32
"""Bytes per record; records sit back to back with no padding."""

TICK_DTYPE = np.dtype(
    [
        ("timestamp_ns", "<u8"),  # ns since the Unix epoch (UTC)
        ("symbol_id", "<u4"),  # FNV-1a 32 of the canonical symbol, see symbol_id()
        ("bid", "<f4"),  # NaN when missing (BID_MISSING set)
        ("ask", "<f4"),  # NaN when missing (ASK_MISSING set)
        ("volume", "<f4"),
        ("source", "u1"),  # see SOURCE
        ("flags", "u1"),  # see TickFlag
        ("spread_bps", "<u2"),  # tenths of a basis point, saturating at 65535
        ("sequence", "<u4"),  # per source + symbol, wraps at 2**32
    ]
)
"""numpy dtype of one record: ``np.frombuffer(data, dtype=TICK_DTYPE)`` reads records with no copy."""

assert TICK_DTYPE.itemsize == TICK_RECORD_SIZE


class TickFlag(enum.IntFlag):
    """Bits of the ``flags`` byte (docs/tick-format.md, "Flags"). Bit 7 is reserved and always 0 in v1."""

    TRADE = 0x01
    """A trade (bid = ask = trade price); clear for quotes and book tops."""
    SNAPSHOT = 0x02
    """Not a live incremental event: state sent on (re)subscribe, or a venue replay."""
    GAP_BEFORE = 0x04
    """The venue stream had a gap right before this tick."""
    STALE = 0x08
    """The source marks the price stale or indicative."""
    PRICE_INEXACT = 0x10
    """A price does not survive f32 at the instrument's price increment."""
    BID_MISSING = 0x20
    """No bid; ``bid`` is NaN."""
    ASK_MISSING = 0x40
    """No ask; ``ask`` is NaN."""


TICK_FLAGS_RESERVED_MASK = 0x80
"""Flag bits reserved for later versions."""

SOURCE = {
    "truefx": 1,
    "oanda": 2,
    "ib": 3,
    "alpaca": 4,
    "tradier": 5,
    "coinbase": 6,
    "sim": 7,
}
"""Built-in source ids by name. 8-127 are kept for tickwire, 128-254 for third-party plugins."""

SOURCE_ID_THIRD_PARTY_MIN = 128
SOURCE_ID_THIRD_PARTY_MAX = 254

_FNV_OFFSET_BASIS = 0x811C9DC5
_FNV_PRIME = 0x01000193


def symbol_id(symbol: str) -> int:
    """The ``symbol_id`` of a canonical symbol: FNV-1a 32 over its UTF-8 bytes.

    Raises ValueError for an empty symbol and UnicodeEncodeError for one with a lone surrogate, as the
    TypeScript ``symbolIdOf`` refuses both.
    """
    if not symbol:
        raise ValueError('a symbol_id needs a non-empty canonical symbol; got ""')
    value = _FNV_OFFSET_BASIS
    for byte in symbol.encode("utf-8"):
        value = ((value ^ byte) * _FNV_PRIME) & 0xFFFFFFFF
    return value


def _increment_decimals(increment: float) -> int:
    """Decimal places of an increment (0.01 -> 2, 0.25 -> 2), or -1 when it has no short decimal form."""
    for decimals in range(16):
        scaled = increment * 10**decimals
        units = round(scaled)
        if units > 0 and abs(scaled - units) <= max(1e-9, scaled * 4e-16):
            return decimals
    return -1


def recover_prices(values: Union[np.ndarray, float], increment: float) -> np.ndarray:
    """Round decoded f32 prices to the nearest multiple of ``increment``, as float64.

    Returns the float64 nearest each grid price's decimal form (189.52, not 189.52000427246094), like the
    TypeScript ``PriceGrid.recover``. NaN (a missing side) stays NaN. Exact only for records whose
    ``PRICE_INEXACT`` flag is clear.
    """
    if not (math.isfinite(increment) and increment > 0):
        raise ValueError(f"price increment {increment!r} must be finite and > 0")
    steps = np.floor(np.asarray(values, dtype=np.float64) / increment + 0.5)
    decimals = _increment_decimals(increment)
    if decimals < 0:
        return steps * increment
    scale = 10.0**decimals
    # An exact integer divided by a power of ten rounds once, to the float nearest the decimal.
    return steps * float(round(increment * scale)) / scale
