"""Bridge protocol v1: topics, the tick batch header, and gap detection by tick sequence.

docs/bridge-protocol.md in the tickwire repository is the contract; this module mirrors
packages/core/src/bridge/ in @tickwire/core.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

import numpy as np

from .tick_format import SOURCE, TICK_DTYPE, TICK_FORMAT_VERSION, TICK_RECORD_SIZE, symbol_id

PROTOCOL_VERSION = 1
"""The bridge protocol version this package speaks; every JSON message carries it as ``v``."""

DEFAULT_PUBLISH_ENDPOINT = "tcp://127.0.0.1:7701"
"""Default PUB endpoint of the bridge: tick batches, order updates, heartbeats."""

DEFAULT_INTENT_ENDPOINT = "tcp://127.0.0.1:7702"
"""Default ROUTER endpoint of the bridge: order intents and their replies."""

TICK_TOPIC_PREFIX = b"t."
ORDER_UPDATE_TOPIC_PREFIX = b"o."
HEARTBEAT_TOPIC = b"h."
UNOWNED_ORDER_STREAM = "_"
"""The order-update stream of orders no bridge client submitted."""

HEARTBEAT_MISSES_BEFORE_DEAD = 3
"""A peer is considered gone after this many heartbeat intervals of silence."""

TICK_BATCH_HEADER = struct.Struct("<BBBBIII")
"""version u8, header size u8, record size u8, tick format version u8, count u32, session id u32, batch sequence u32."""

TICK_BATCH_HEADER_SIZE = TICK_BATCH_HEADER.size

_SEQUENCE_MODULUS = 1 << 32
_HALF_RANGE = 1 << 31


class ProtocolError(ValueError):
    """A message from the bridge did not follow docs/bridge-protocol.md."""


@dataclass(frozen=True)
class TickBatchHeader:
    """The 16-byte header in front of the records of a tick batch."""

    protocol_version: int
    header_size: int
    record_size: int
    tick_format_version: int
    count: int
    session_id: int
    batch_sequence: int


SourceLike = Union[int, str]
SymbolLike = Union[int, str]


def source_id_of(source: SourceLike) -> int:
    """A source id from its number or its built-in name (``"sim"`` -> 7)."""
    if isinstance(source, str):
        if source not in SOURCE:
            raise ValueError(f"unknown source name {source!r}; known names: {', '.join(sorted(SOURCE))}, or pass the id")
        return SOURCE[source]
    if not 1 <= int(source) <= 254:
        raise ValueError(f"source id {source!r} is outside 1..254")
    return int(source)


def symbol_id_of(symbol: SymbolLike) -> int:
    """A symbol id from the canonical symbol (FNV-1a 32) or the id itself."""
    return symbol_id(symbol) if isinstance(symbol, str) else int(symbol) & 0xFFFFFFFF


def tick_topic(source: SourceLike, symbol: SymbolLike) -> bytes:
    """Topic of the tick batches of one source and symbol: ``t.<source>.<symbol id as 8 hex digits>``."""
    return b"t.%d.%08x" % (source_id_of(source), symbol_id_of(symbol))


def source_topic(source: SourceLike) -> bytes:
    """Topic prefix selecting every symbol of one source: ``t.<source>.``."""
    return b"t.%d." % source_id_of(source)


def order_update_topic(stream: str) -> bytes:
    """Topic of one order-update stream (a client name): ``o.<stream>.``."""
    return ORDER_UPDATE_TOPIC_PREFIX + stream.encode("ascii") + b"."


def parse_tick_batch_header(payload: Union[bytes, memoryview]) -> TickBatchHeader:
    """Reads and checks the header of a tick batch payload; raises ProtocolError when it does not fit."""
    if len(payload) < TICK_BATCH_HEADER_SIZE:
        raise ProtocolError(f"a tick batch of {len(payload)} bytes is shorter than the 16-byte header")
    header = TickBatchHeader(*TICK_BATCH_HEADER.unpack_from(payload, 0))
    if header.protocol_version != PROTOCOL_VERSION or header.record_size != TICK_RECORD_SIZE:
        raise ProtocolError(
            f"tick batch speaks protocol {header.protocol_version} with {header.record_size}-byte records; "
            f"this package knows protocol {PROTOCOL_VERSION} with {TICK_RECORD_SIZE}-byte records: upgrade tickwire"
        )
    if header.tick_format_version != TICK_FORMAT_VERSION:
        raise ProtocolError(f"tick batch carries tick format {header.tick_format_version}; this package reads v1")
    expected = header.header_size + header.count * header.record_size
    if header.header_size < TICK_BATCH_HEADER_SIZE or len(payload) != expected:
        raise ProtocolError(
            f"tick batch of {len(payload)} bytes declares a {header.header_size}-byte header "
            f"and {header.count} records ({expected} bytes)"
        )
    return header


def decode_tick_batch(payload: Union[bytes, memoryview]) -> Tuple[TickBatchHeader, np.ndarray]:
    """The header and the records of a tick batch; the records are a read-only view of the payload (no copy)."""
    header = parse_tick_batch_header(payload)
    records = np.frombuffer(payload, dtype=TICK_DTYPE, count=header.count, offset=header.header_size)
    return header, records


@dataclass(frozen=True)
class Gap:
    """A break in the tick sequence of one (source, symbol).

    ``kind`` is ``"gap"`` when ticks are missing (``missing`` of them: dropped by a slow subscriber's queue, a
    full ring, or a lost connection) and ``"backwards"`` when the sequence went back (a restart or a replay).
    """

    source: int
    symbol_id: int
    expected: int
    received: int
    missing: int
    kind: str


def _gap(source: int, symbol: int, expected: int, received: int) -> Gap:
    distance = (received - expected) % _SEQUENCE_MODULUS
    if distance >= _HALF_RANGE:
        return Gap(source, symbol, expected, received, 0, "backwards")
    return Gap(source, symbol, expected, received, distance, "gap")


class SequenceTracker:
    """Follows the tick sequence of every (source, symbol) and reports each break, wrapping at 2**32."""

    def __init__(self) -> None:
        self._next: Dict[int, int] = {}

    def reset(self) -> None:
        """Forgets every sequence (call when the bridge session changed: sequences restart)."""
        self._next.clear()

    def expected(self, source: int, symbol: int) -> Optional[int]:
        """The next sequence expected for (source, symbol), or None before its first tick."""
        return self._next.get((source << 32) | symbol)

    def check_batch(self, source: int, symbol: int, sequences: np.ndarray) -> List[Gap]:
        """Checks the sequences of one (source, symbol), in arrival order; returns the breaks found."""
        if len(sequences) == 0:
            return []
        return self.check_span(source, symbol, int(sequences[0]), int(sequences[-1]), len(sequences), sequences)

    def advance_contiguous(self, key: int, first: int, last: int, count: int) -> bool:
        """The common case in one step: when the batch of ``key`` (``source << 32 | symbol``) starts where the last
        one ended (or is the first) and is contiguous, records it and returns True; otherwise changes nothing and
        returns False, and ``check_span`` finds the breaks."""
        expected = self._next.get(key, first)
        if expected != first or (last - first) & 0xFFFFFFFF != count - 1:
            return False
        self._next[key] = (last + 1) & 0xFFFFFFFF
        return True

    def check_span(self, source: int, symbol: int, first: int, last: int, count: int, records: np.ndarray) -> List[Gap]:
        """Like ``check_batch`` when the first and last sequence are already known; ``records`` (a structured array
        with a ``sequence`` field, or the sequences themselves) is only looked at when the batch is not contiguous."""
        key = (source << 32) | symbol
        gaps: List[Gap] = []
        expected = self._next.get(key)
        if expected is not None and first != expected:
            gaps.append(_gap(source, symbol, expected, first))
        # Fast path: a batch whose last sequence is exactly count - 1 after its first is contiguous (sources number
        # ticks +1 each); only otherwise look at every step.
        if count > 1 and (last - first) % _SEQUENCE_MODULUS != count - 1:
            sequences = records["sequence"] if records.dtype.names else records
            # uint32 subtraction wraps, so 0xffffffff -> 0 is a step of 1.
            steps = np.diff(sequences.astype(np.uint32, copy=False))
            for index in np.flatnonzero(steps != 1):
                before = int(sequences[index])
                gaps.append(_gap(source, symbol, (before + 1) % _SEQUENCE_MODULUS, int(sequences[index + 1])))
        self._next[key] = (last + 1) % _SEQUENCE_MODULUS
        return gaps

    def check_records(self, records: np.ndarray) -> List[Gap]:
        """Checks records of any mix of sources and symbols (e.g. read from a file), in record order."""
        if len(records) == 0:
            return []
        keys = (records["source"].astype(np.uint64) << np.uint64(32)) | records["symbol_id"].astype(np.uint64)
        gaps: List[Gap] = []
        for key in np.unique(keys):
            selected = records["sequence"][keys == key]
            gaps.extend(self.check_batch(int(key) >> 32, int(key) & 0xFFFFFFFF, selected))
        return gaps


def topics_for(sources: Optional[Iterable[SourceLike]], symbols: Optional[Iterable[SymbolLike]]) -> List[bytes]:
    """The topic prefixes that select the given sources and symbols (all ticks when both are None)."""
    source_ids = None if sources is None else [source_id_of(source) for source in sources]
    symbol_ids = None if symbols is None else [symbol_id_of(symbol) for symbol in symbols]
    if source_ids is None:
        return [TICK_TOPIC_PREFIX]
    if symbol_ids is None:
        return [source_topic(source) for source in source_ids]
    return [tick_topic(source, symbol) for source in source_ids for symbol in symbol_ids]


def apply_curve_client(socket: Any, server_key: Optional[str], public_key: Optional[str], secret_key: Optional[str]) -> None:
    """Makes a pyzmq socket a CURVE client of a bridge whose public key is ``server_key`` (nothing when None)."""
    if server_key is None:
        return
    import zmq  # here, so the rest of this module works without pyzmq

    if (public_key is None) != (secret_key is None):
        raise ValueError("pass both curve_public_key and curve_secret_key, or neither (a fresh pair is made)")
    if public_key is None:
        public_bytes, secret_bytes = zmq.curve_keypair()
    else:
        public_bytes, secret_bytes = public_key.encode("ascii"), secret_key.encode("ascii")  # type: ignore[union-attr]
    socket.curve_serverkey = server_key.encode("ascii")
    socket.curve_publickey = public_bytes
    socket.curve_secretkey = secret_bytes
