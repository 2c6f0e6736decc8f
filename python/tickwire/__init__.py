"""tickwire for Python: the 32-byte tick format v1 and, as the package grows, tick files and the ZeroMQ bridge.

See docs/tick-format.md in the tickwire repository for the format itself.
"""

from .tick_format import (
    SOURCE,
    SOURCE_ID_THIRD_PARTY_MAX,
    SOURCE_ID_THIRD_PARTY_MIN,
    TICK_DTYPE,
    TICK_FORMAT_VERSION,
    TICK_RECORD_SIZE,
    TickFlag,
    recover_prices,
    symbol_id,
)

__all__ = [
    "SOURCE",
    "SOURCE_ID_THIRD_PARTY_MAX",
    "SOURCE_ID_THIRD_PARTY_MIN",
    "TICK_DTYPE",
    "TICK_FORMAT_VERSION",
    "TICK_RECORD_SIZE",
    "TickFlag",
    "recover_prices",
    "symbol_id",
]
