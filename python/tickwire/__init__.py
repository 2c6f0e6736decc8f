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
from .tick_file import TickArray, read_tick_header, read_ticks

__all__ = [
    "SOURCE",
    "SOURCE_ID_THIRD_PARTY_MAX",
    "SOURCE_ID_THIRD_PARTY_MIN",
    "TICK_DTYPE",
    "TICK_FORMAT_VERSION",
    "TICK_RECORD_SIZE",
    "TickArray",
    "TickFlag",
    "read_tick_header",
    "read_ticks",
    "recover_prices",
    "symbol_id",
]

# The ZeroMQ bridge (docs/bridge-protocol.md). The sockets need pyzmq, so those names load on first use and the
# tick format stays usable without it.
from .bridge_protocol import Gap, ProtocolError, SequenceTracker, decode_tick_batch, source_topic, tick_topic

_BRIDGE_EXPORTS = {
    "TickSubscriber": "subscriber",
    "TickBatch": "subscriber",
    "OrderClient": "order_client",
    "Reply": "bridge_replies",
    "BridgeError": "bridge_replies",
    "BridgeUnavailable": "bridge_replies",
    "IntentTimeout": "bridge_replies",
}


def __getattr__(name: str):  # PEP 562: lazy bridge exports
    if name in _BRIDGE_EXPORTS:
        import importlib

        return getattr(importlib.import_module(f".{_BRIDGE_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'tickwire' has no attribute {name!r}")


__all__ += ["Gap", "ProtocolError", "SequenceTracker", "decode_tick_batch", "source_topic", "tick_topic"]
__all__ += list(_BRIDGE_EXPORTS)
