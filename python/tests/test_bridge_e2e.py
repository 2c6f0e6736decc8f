"""End to end against the real TypeScript bridge, started as a child process (bridge-fixture-server.ts)."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import zmq

from tickwire import OrderClient, TickSubscriber, symbol_id

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "packages" / "core" / "src" / "bridge" / "__fixtures__" / "bridge-fixture-server.ts"


class BridgeProcess:
    """The fixture bridge: its endpoints, and a REQ socket to its control endpoint."""

    def __init__(self) -> None:
        node = shutil.which("node")
        assert node is not None, "node is not on PATH; the end-to-end tests need Node 20 to run the TypeScript bridge"
        self.process = subprocess.Popen(
            [node, "--import", "tsx", str(FIXTURE)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        line = self.process.stdout.readline()  # the fixture prints its endpoints first, or dies
        assert line, f"the bridge fixture did not start: {self.process.stderr.read()[-2000:]}"
        self.info = json.loads(line)
        self.control = zmq.Context.instance().socket(zmq.REQ)
        self.control.setsockopt(zmq.LINGER, 0)
        self.control.setsockopt(zmq.RCVTIMEO, 10_000)
        self.control.connect(self.info["control"])

    def command(self, **command: object) -> dict:
        self.control.send_json(command)
        return self.control.recv_json()

    def stop(self) -> None:
        try:
            self.command(cmd="stop")
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(timeout=5)
            self.control.close()


@pytest.fixture(scope="module")
def bridge():
    process = BridgeProcess()
    yield process
    process.stop()


def receive_all(subscriber: TickSubscriber, want: int, timeout: float = 10.0) -> list:
    arrays, deadline = [], time.monotonic() + timeout
    while sum(len(a) for a in arrays) < want and time.monotonic() < deadline:
        records = subscriber.receive(timeout_ms=100)
        if records is not None:
            arrays.append(records)
    return arrays


def test_every_tick_arrives_with_contiguous_sequences_per_symbol(bridge):
    symbols = ["AAPL", "MSFT", "BTC-USD"]
    with TickSubscriber(bridge.info["publish"], sources=["sim"]) as subscriber:
        assert subscriber.wait_ready(5.0), "no heartbeat from the bridge"
        per_symbol = 3000
        assert bridge.command(cmd="ticks", source=7, symbols=symbols, perSymbol=per_symbol, firstSequence=0xFFFFF000)["published"] == 9000
        arrays = receive_all(subscriber, 9000)
        assert subscriber.session_id == bridge.info["session"]
    by_symbol: dict = {}
    for records in arrays:
        by_symbol.setdefault(int(records["symbol_id"][0]), []).extend(records["sequence"].tolist())
    expected = [(0xFFFFF000 + index) % 2**32 for index in range(per_symbol)]
    assert {symbol: by_symbol.get(symbol_id(symbol)) == expected for symbol in symbols} == {s: True for s in symbols}
    assert subscriber.gap_count == 0


def test_a_tick_left_out_upstream_shows_as_a_gap(bridge):
    gaps = []
    with TickSubscriber(bridge.info["publish"], sources=[7], symbols=["GAPPY"], on_gap=gaps.append) as subscriber:
        assert subscriber.wait_ready(5.0)
        bridge.command(cmd="ticks", source=7, symbols=["GAPPY"], perSymbol=100, skip=[40, 41, 42])
        receive_all(subscriber, 97)
    assert [(gap.expected, gap.received, gap.missing) for gap in gaps] == [(40, 43, 3)]


def test_orders_are_accepted_or_denied_with_reason_codes_and_fills_come_back(bridge):
    with OrderClient(bridge.info["intent"], client="py-e2e", updates_endpoint=bridge.info["publish"], timeout=2.0) as client:
        accepted = client.submit("AAPL", "buy", 10, type="limit", limit_price=101.5, intent_id="e2e-1")
        assert accepted.accepted and accepted.client_order_id == "py-e2e-e2e-1" and accepted.session == bridge.info["session"]
        denied = client.submit("AAPL", "buy", 1000, intent_id="e2e-2")
        assert denied.denied and (denied.reason_code, denied.reason_name) == (3, "max-order-quantity")
        assert "1000 exceeds the limit of 100" in denied.message
        unknown = client.submit("HANG", "buy", 1, intent_id="e2e-3")
        assert unknown.unknown and "did not answer within 300 ms" in unknown.why
        submits_before = bridge.command(cmd="stats")["submits"]
        with OrderClient(bridge.info["intent"], client="py-e2e", timeout=2.0, connect=False) as twin:  # no hello, no replay
            again = twin.submit("AAPL", "buy", 10, type="limit", limit_price=101.5, intent_id="e2e-1")
        assert again == accepted  # the bridge's reply cache, not this process's memory
        assert bridge.command(cmd="stats")["submits"] == submits_before
        updates, deadline = [], time.monotonic() + 5.0
        while len(updates) < 2 and time.monotonic() < deadline:
            updates.extend(client.poll_updates(timeout_ms=100))
        assert [(u["seq"], u["status"]) for u in updates] == [(1, "new"), (2, "filled")]
        assert updates[1]["fill"]["quantity"] == 10 and updates[1]["averageFillPrice"] == 101.5
        assert updates[1]["intent"] == "e2e-1" and updates[1]["symbol"] == "AAPL"
    assert bridge.command(cmd="stats")["stats"]["duplicateIntents"] >= 1


def test_a_reconnected_client_gets_the_replies_it_missed(bridge):
    first = OrderClient(bridge.info["intent"], client="py-replay", timeout=2.0)
    first.submit("MSFT", "sell", 5, intent_id="r-1")
    # Sent, then gone before reading the reply.
    first._send({"v": 1, "type": "submit", "client": "py-replay", "intent": "r-2",
                 "order": {"symbol": "MSFT", "side": "sell", "type": "market", "quantity": 6}})
    time.sleep(0.2)
    first.close()
    second = OrderClient(bridge.info["intent"], client="py-replay", timeout=2.0, connect=False)
    second.last_seq = 1
    try:
        second.hello()  # sees lastSeq 2 > 1 and replays
        assert second.replies["r-2"].accepted and second.replies["r-2"].seq == 2
        assert second.submit("MSFT", "sell", 6, intent_id="r-2").seq == 2  # answered from memory, no second order
    finally:
        second.close()


def test_junk_from_a_raw_python_socket_gets_error_replies_and_the_bridge_keeps_serving(bridge):
    dealer = zmq.Context.instance().socket(zmq.DEALER)
    dealer.setsockopt(zmq.LINGER, 0)
    dealer.setsockopt(zmq.RCVTIMEO, 3000)
    dealer.connect(bridge.info["intent"])
    try:
        junk = [
            ([b"\x00\x01\x02"], "malformed-json"),
            ([b'{"v":1,"type":"submit","client":"py","intent":"j","order":{"symbol":"X","side":"up","type":"market","quantity":1}}'], "invalid-field"),
            ([b'{"v":1,"type":"ping","surprise":true}'], "unknown-field"),
            ([b'{"v":99,"type":"ping"}'], "unsupported-version"),
            ([b'{"v":1,"type":"ping"}', b"second frame"], "bad-frames"),
            ([b"x" * 70_000], "too-large"),
        ]
        for frames, code in junk:
            dealer.send_multipart(frames)
            reply = json.loads(dealer.recv())
            assert (reply["type"], reply["code"]) == ("error", code), reply
        with OrderClient(bridge.info["intent"], client="py-after-junk", timeout=2.0) as client:
            assert client.ping() > 0
            assert client.submit("AAPL", "buy", 1, intent_id="ok-1").accepted
    finally:
        dealer.close()
    errors = bridge.command(cmd="stats")["stats"]["errors"]
    assert all(errors.get(code, 0) >= 1 for _, code in junk)
