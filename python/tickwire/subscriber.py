"""TickSubscriber: tick batches from the tickwire bridge as numpy structured arrays, with gap detection."""

from __future__ import annotations

import collections
import json
import struct
import time
from typing import Callable, Deque, Dict, Iterable, Iterator, List, NamedTuple, Optional

import numpy as np
import zmq

from .bridge_protocol import (
    DEFAULT_PUBLISH_ENDPOINT,
    HEARTBEAT_MISSES_BEFORE_DEAD,
    HEARTBEAT_TOPIC,
    TICK_TOPIC_PREFIX,
    Gap,
    ProtocolError,
    apply_curve_client,
    SequenceTracker,
    SourceLike,
    SymbolLike,
    TICK_BATCH_HEADER,
    TICK_BATCH_HEADER_SIZE,
    parse_tick_batch_header,
    symbol_id_of,
    topics_for,
)
from .tick_format import TICK_DTYPE


_U32 = struct.Struct("<I")
# A v1 header (16 bytes) and, from the first record, its symbol id, source and sequence: the batch's hot fields in one
# unpack. Only for the usual 16-byte header with at least one record.
_HEADER_AND_FIRST = struct.Struct("<BBBBIII8xI12xB3xI")


class TickBatch(NamedTuple):
    """One tick batch: its records (``TICK_DTYPE``, one source and symbol) and where it came from."""

    topic: bytes
    session_id: int
    batch_sequence: int
    records: np.ndarray
    gaps: List[Gap]


class TickSubscriber:
    """Subscribes to tick batches of the bridge's PUB socket.

    ``sources`` and ``symbols`` select by topic prefix, so the bridge sends only what was asked for; symbols need
    sources for that (without sources every tick is received and other symbols are dropped here).

    Every batch is checked against the tick sequence of its (source, symbol): breaks are kept in ``gaps`` (the
    last 10,000), counted in ``gap_count`` / ``missing_ticks`` and passed to ``on_gap``. A gap means ticks were
    lost on the way (the PUB socket drops for a subscriber that falls behind by ``receive_high_water_mark``
    messages) or upstream. A new bridge session resets the sequences.

    Not thread-safe: use one subscriber per thread.
    """

    def __init__(
        self,
        endpoint: str = DEFAULT_PUBLISH_ENDPOINT,
        *,
        sources: Optional[Iterable[SourceLike]] = None,
        symbols: Optional[Iterable[SymbolLike]] = None,
        on_gap: Optional[Callable[[Gap], None]] = None,
        receive_high_water_mark: int = 100_000,
        curve_server_key: Optional[str] = None,
        curve_public_key: Optional[str] = None,
        curve_secret_key: Optional[str] = None,
        context: Optional[zmq.Context] = None,
    ) -> None:
        symbol_list = None if symbols is None else list(symbols)
        source_list = None if sources is None else list(sources)
        self._symbol_filter = (
            {symbol_id_of(symbol) for symbol in symbol_list} if symbol_list is not None and source_list is None else None
        )
        self._context = context or zmq.Context.instance()
        self._socket = self._context.socket(zmq.SUB)
        self._socket.setsockopt(zmq.LINGER, 0)
        self._socket.setsockopt(zmq.RCVHWM, receive_high_water_mark)
        apply_curve_client(self._socket, curve_server_key, curve_public_key, curve_secret_key)
        self._socket.connect(endpoint)
        for topic in topics_for(source_list, None if self._symbol_filter is not None else symbol_list):
            self._socket.setsockopt(zmq.SUBSCRIBE, topic)
        self._socket.setsockopt(zmq.SUBSCRIBE, HEARTBEAT_TOPIC)
        self._poller = zmq.Poller()
        self._poller.register(self._socket, zmq.POLLIN)
        self._tracker = SequenceTracker()
        self._on_gap = on_gap
        self.endpoint = endpoint
        self.gaps: Deque[Gap] = collections.deque(maxlen=10_000)
        self.gap_count = 0
        self.missing_ticks = 0
        self.batches_received = 0
        self.ticks_received = 0
        self.heartbeats_received = 0
        self.session_changes = 0
        self.session_id: Optional[int] = None
        self.last_heartbeat: Optional[Dict[str, object]] = None
        self._last_heartbeat_at: Optional[float] = None
        self._held: Deque[TickBatch] = collections.deque()

    def wait_ready(self, timeout: float = 5.0) -> bool:
        """Waits for a heartbeat, which proves the subscription reached the bridge: ZeroMQ delivers nothing
        published before that. Ticks that arrive meanwhile are kept for ``receive``. Returns False on timeout."""
        deadline = time.monotonic() + timeout
        start = self.heartbeats_received
        while self.heartbeats_received == start:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            batch = self._read(int(remaining * 1000) + 1)
            if batch is not None:
                self._held.append(batch)
        return True

    def receive_batch(self, timeout_ms: Optional[int] = None) -> Optional[TickBatch]:
        """The next tick batch, or None when none arrives within ``timeout_ms`` (None waits forever)."""
        if self._held:
            return self._held.popleft()
        # Under load a batch is usually waiting already: take it without a poll or a clock read.
        try:
            frames = self._socket.recv_multipart(zmq.NOBLOCK, copy=False)
        except zmq.Again:
            frames = None
        if frames is not None:
            batch = self._handle(frames)
            if batch is not None:
                return batch
        deadline = None if timeout_ms is None else time.monotonic() + timeout_ms / 1000
        while True:
            remaining = None if deadline is None else max(0, int((deadline - time.monotonic()) * 1000))
            batch = self._read(remaining)
            if batch is not None:
                return batch
            if deadline is not None and time.monotonic() >= deadline:
                return None

    def receive(self, timeout_ms: Optional[int] = None) -> Optional[np.ndarray]:
        """The records of the next tick batch (``TICK_DTYPE``), or None on timeout."""
        batch = self.receive_batch(timeout_ms)
        return None if batch is None else batch.records

    def __iter__(self) -> Iterator[np.ndarray]:
        """Yields the records of every batch, waiting as long as it takes."""
        while True:
            records = self.receive()
            if records is not None:
                yield records

    def bridge_alive(self) -> bool:
        """True while heartbeats keep arriving (none missed for three intervals)."""
        if self._last_heartbeat_at is None or self.last_heartbeat is None:
            return False
        interval = float(self.last_heartbeat.get("intervalMs", 1000)) / 1000  # type: ignore[arg-type]
        return time.monotonic() - self._last_heartbeat_at < HEARTBEAT_MISSES_BEFORE_DEAD * interval

    def stats(self) -> Dict[str, object]:
        """Counters since this subscriber started."""
        return {
            "batches": self.batches_received,
            "ticks": self.ticks_received,
            "gaps": self.gap_count,
            "missing_ticks": self.missing_ticks,
            "heartbeats": self.heartbeats_received,
            "session_id": self.session_id,
            "session_changes": self.session_changes,
        }

    def close(self) -> None:
        """Closes the socket (the shared context stays)."""
        self._socket.close(linger=0)

    def __enter__(self) -> "TickSubscriber":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _read(self, timeout_ms: Optional[int]) -> Optional[TickBatch]:
        """Reads one message; returns a tick batch, or None for a heartbeat, something else, or a timeout."""
        try:
            # Under load a message is usually waiting already: skip the poll system call then.
            frames = self._socket.recv_multipart(zmq.NOBLOCK, copy=False)
        except zmq.Again:
            if not self._poller.poll(timeout_ms):
                return None
            frames = self._socket.recv_multipart(copy=False)
        return self._handle(frames)

    def _handle(self, frames: List[zmq.Frame]) -> Optional[TickBatch]:
        if len(frames) != 2:
            raise ProtocolError(f"expected [topic, payload] from the bridge, got {len(frames)} frames")
        topic = frames[0].bytes
        if topic.startswith(TICK_TOPIC_PREFIX):
            return self._tick_batch(topic, frames[1].buffer)
        if topic == HEARTBEAT_TOPIC:
            self._heartbeat(json.loads(frames[1].bytes))
        return None

    def _tick_batch(self, topic: bytes, payload: memoryview) -> Optional[TickBatch]:
        # The hot path reads the header and the first record's symbol, source and sequence with one struct unpack
        # and the last sequence with another; numpy only for the records handed out (and for the steps of a batch
        # that is not contiguous). Anything unusual (a longer header, an empty or malformed batch) takes the slow
        # path, which raises the detailed ProtocolError.
        size = len(payload)
        if size < 48:
            return self._tick_batch_checked(topic, payload)
        version, header_size, record_size, tick_version, count, session, batch_sequence, symbol, source, first = (
            _HEADER_AND_FIRST.unpack_from(payload, 0)
        )
        if version != 1 or header_size != 16 or record_size != 32 or tick_version != 1 or size != 16 + count * 32:
            return self._tick_batch_checked(topic, payload)
        if session != self.session_id:
            self._note_session(session)
        if self._symbol_filter is not None and symbol not in self._symbol_filter:
            return None
        (last,) = _U32.unpack_from(payload, size - 4)
        records = np.frombuffer(payload, dtype=TICK_DTYPE, count=count, offset=16)
        if not self._tracker.advance_contiguous((source << 32) | symbol, first, last, count):
            return self._with_gaps(topic, session, batch_sequence, records, count, symbol, source, first, last)
        self.batches_received += 1
        self.ticks_received += count
        return TickBatch(topic, session, batch_sequence, records, [])

    def _tick_batch_checked(self, topic: bytes, payload: memoryview) -> Optional[TickBatch]:
        """Any batch the hot path does not take: checks the header field by field (raising ProtocolError)."""
        header = parse_tick_batch_header(payload)
        if header.session_id != self.session_id:
            self._note_session(header.session_id)
        if header.count == 0:
            return None
        start = header.header_size
        (symbol,) = _U32.unpack_from(payload, start + 8)
        (first,) = _U32.unpack_from(payload, start + 28)
        return self._accept(topic, payload, header.session_id, header.batch_sequence, start, header.count, symbol,
                            payload[start + 24], first)

    def _accept(self, topic: bytes, payload: memoryview, session: int, batch_sequence: int, start: int, count: int,
                symbol: int, source: int, first: int) -> Optional[TickBatch]:
        if self._symbol_filter is not None and symbol not in self._symbol_filter:
            return None
        (last,) = _U32.unpack_from(payload, len(payload) - 4)
        records = np.frombuffer(payload, dtype=TICK_DTYPE, count=count, offset=start)
        if self._tracker.advance_contiguous((source << 32) | symbol, first, last, count):
            self.batches_received += 1
            self.ticks_received += count
            return TickBatch(topic, session, batch_sequence, records, [])
        return self._with_gaps(topic, session, batch_sequence, records, count, symbol, source, first, last)

    def _with_gaps(self, topic: bytes, session: int, batch_sequence: int, records: np.ndarray, count: int,
                   symbol: int, source: int, first: int, last: int) -> TickBatch:
        gaps = self._tracker.check_span(source, symbol, first, last, count, records)
        for gap in gaps:
            self.gaps.append(gap)
            self.gap_count += 1
            self.missing_ticks += gap.missing
            if self._on_gap is not None:
                self._on_gap(gap)
        self.batches_received += 1
        self.ticks_received += count
        return TickBatch(topic, session, batch_sequence, records, gaps)

    def _heartbeat(self, heartbeat: Dict[str, object]) -> None:
        self.heartbeats_received += 1
        self.last_heartbeat = heartbeat
        self._last_heartbeat_at = time.monotonic()
        session = heartbeat.get("session")
        if isinstance(session, int):
            self._note_session(session)

    def _note_session(self, session_id: int) -> None:
        if self.session_id is not None and session_id != self.session_id:
            # A restarted bridge restarts every tick sequence; comparing across sessions would report false gaps.
            self._tracker.reset()
            self.session_changes += 1
        self.session_id = session_id
