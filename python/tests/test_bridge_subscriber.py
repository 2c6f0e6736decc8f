"""TickSubscriber against a stand-in publisher speaking the bridge's wire format over real loopback sockets."""

from __future__ import annotations

import json
import threading
import time

import numpy as np
import pytest
import zmq

from tickwire import TICK_DTYPE, TickSubscriber, symbol_id
from tickwire.bridge_protocol import TICK_BATCH_HEADER, Gap, tick_topic


def batch(source: int, symbol: int, sequences, session: int = 11) -> list:
    records = np.zeros(len(sequences), dtype=TICK_DTYPE)
    records["source"] = source
    records["symbol_id"] = symbol
    records["sequence"] = np.asarray(sequences, dtype=np.uint64).astype(np.uint32)
    header = TICK_BATCH_HEADER.pack(1, 16, 32, 1, len(records), session, 0)
    return [tick_topic(source, symbol), header + records.tobytes()]


class StandInPublisher:
    """A PUB socket that sends heartbeats every 20 ms from a thread, and batches on request."""

    def __init__(self, session: int = 11) -> None:
        self.context = zmq.Context()
        self.socket = self.context.socket(zmq.PUB)
        self.socket.setsockopt(zmq.LINGER, 0)
        port = self.socket.bind_to_random_port("tcp://127.0.0.1")
        self.endpoint = f"tcp://127.0.0.1:{port}"
        self.session = session
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True)
        self.thread.start()

    def _beat(self) -> None:
        sequence = 0
        while not self.stopped.wait(0.02):
            sequence += 1
            beat = {"v": 1, "type": "heartbeat", "session": self.session, "seq": sequence, "intervalMs": 20, "orderStreams": {}}
            self.send([b"h.", json.dumps(beat).encode()])

    def send(self, frames) -> None:
        with self.lock:
            self.socket.send_multipart(frames)

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=2)
        self.socket.close()
        self.context.term()


@pytest.fixture
def publisher():
    stand_in = StandInPublisher()
    yield stand_in
    stand_in.close()


def drain(subscriber: TickSubscriber, want: int, timeout: float = 3.0) -> list:
    arrays, deadline = [], time.monotonic() + timeout
    while sum(len(a) for a in arrays) < want and time.monotonic() < deadline:
        records = subscriber.receive(timeout_ms=50)
        if records is not None:
            arrays.append(records)
    return arrays


def test_yields_structured_arrays_and_reports_gaps_by_sequence(publisher):
    seen = []
    with TickSubscriber(publisher.endpoint, on_gap=seen.append) as subscriber:
        assert subscriber.wait_ready(3.0)
        publisher.send(batch(7, 1, [1, 2, 3]))
        publisher.send(batch(7, 1, [4, 5]))
        publisher.send(batch(7, 1, [8, 9]))  # 6 and 7 lost
        publisher.send(batch(7, 2, [0xFFFFFFFF, 0, 1]))  # wraps, no gap
        arrays = drain(subscriber, 10)
        assert [a.dtype for a in arrays] == [TICK_DTYPE] * 4
        assert [a["sequence"].tolist() for a in arrays] == [[1, 2, 3], [4, 5], [8, 9], [0xFFFFFFFF, 0, 1]]
        assert seen == [Gap(7, 1, expected=6, received=8, missing=2, kind="gap")]
        assert subscriber.stats()["gaps"] == 1 and subscriber.missing_ticks == 2
        assert subscriber.ticks_received == 10 and subscriber.bridge_alive()


def test_selects_sources_and_symbols_by_topic(publisher):
    aapl = symbol_id("AAPL")
    with TickSubscriber(publisher.endpoint, sources=["sim"], symbols=["AAPL"]) as by_topic, TickSubscriber(
        publisher.endpoint, symbols=["AAPL"]
    ) as by_filter:
        assert by_topic.wait_ready(3.0) and by_filter.wait_ready(3.0)
        publisher.send(batch(7, symbol_id("MSFT"), [1]))
        publisher.send(batch(3, aapl, [1]))
        publisher.send(batch(7, aapl, [1, 2]))
        assert [a["sequence"].tolist() for a in drain(by_topic, 2)] == [[1, 2]]
        from_filter = drain(by_filter, 3)
        assert sorted((int(a["source"][0]), len(a)) for a in from_filter) == [(3, 1), (7, 2)]
        assert all(int(a["symbol_id"][0]) == aapl for a in from_filter)


def test_a_new_bridge_session_restarts_the_sequences(publisher):
    with TickSubscriber(publisher.endpoint) as subscriber:
        assert subscriber.wait_ready(3.0)
        publisher.send(batch(7, 1, [500, 501], session=11))
        publisher.send(batch(7, 1, [1, 2], session=12))
        drain(subscriber, 4)
        assert subscriber.gap_count == 0
        assert subscriber.session_changes == 1 and subscriber.session_id == 12


def test_a_batch_that_breaks_the_format_raises_protocol_error(publisher):
    from tickwire import ProtocolError

    with TickSubscriber(publisher.endpoint) as subscriber:
        assert subscriber.wait_ready(3.0)
        publisher.send([b"t.7.00000001", TICK_BATCH_HEADER.pack(1, 16, 32, 1, 5, 11, 0)])
        with pytest.raises(ProtocolError, match="declares a 16-byte header and 5 records"):
            subscriber.receive(timeout_ms=2000)


def test_returns_none_on_timeout_and_knows_the_bridge_is_gone(publisher):
    subscriber = TickSubscriber(publisher.endpoint)
    try:
        assert subscriber.wait_ready(3.0)
        started = time.monotonic()
        assert subscriber.receive(timeout_ms=100) is None
        assert 0.09 <= time.monotonic() - started < 2.0
        publisher.stopped.set()
        time.sleep(0.1)
        subscriber.receive(timeout_ms=0)
        assert not subscriber.bridge_alive()
    finally:
        subscriber.close()


def test_a_longer_header_of_a_later_revision_and_a_wrong_record_size_take_the_checked_path(publisher):
    """The hot path reads only the usual 16-byte v1 header; other batches go through the field-by-field check."""
    from tickwire import ProtocolError

    with TickSubscriber(publisher.endpoint) as subscriber:
        assert subscriber.wait_ready(3.0)
        topic, payload = batch(7, 1, [1, 2, 3])
        longer = TICK_BATCH_HEADER.pack(1, 24, 32, 1, 3, 11, 0) + b"\xee" * 8 + payload[16:]
        publisher.send([topic, longer])
        publisher.send(batch(7, 1, [5, 6]))  # 4 lost: the gap check spans both paths
        arrays = drain(subscriber, 5)
        assert [a["sequence"].tolist() for a in arrays] == [[1, 2, 3], [5, 6]]
        assert subscriber.missing_ticks == 1
        wrong_size = TICK_BATCH_HEADER.pack(1, 16, 40, 1, 1, 11, 0) + bytes(32)
        publisher.send([topic, wrong_size])
        with pytest.raises(ProtocolError, match="40-byte records"):
            subscriber.receive(timeout_ms=2000)
