"""OrderClient against a scripted stand-in bridge (a real ROUTER on loopback), for the failures that are hard to
provoke in the real one: lost replies, a silent bridge, a restart between attempts."""

from __future__ import annotations

import json
import threading
import time

import pytest
import zmq

from tickwire import BridgeError, BridgeUnavailable, IntentTimeout, OrderClient


class StandInBridge:
    """Answers hello / replay / ping like the bridge; what happens to intents is up to the test's ``on_intent``."""

    def __init__(self) -> None:
        self.context = zmq.Context()
        self.socket = self.context.socket(zmq.ROUTER)
        self.socket.setsockopt(zmq.LINGER, 0)
        self.endpoint = f"tcp://127.0.0.1:{self.socket.bind_to_random_port('tcp://127.0.0.1')}"
        self.session = 1
        self.received: list = []  # (routing id, message)
        self.journal: dict = {}  # intent -> reply
        self.numbered: list = []  # replies in sequence order
        self.on_intent = lambda message: "reply"  # "reply" | "drop-reply" | "ignore" | dict (sent as is)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def intents(self, kind: str = "submit") -> list:
        return [(routing, message) for routing, message in self.received if message.get("type") == kind]

    def _serve(self) -> None:
        poller = zmq.Poller()
        poller.register(self.socket, zmq.POLLIN)
        while not self.stopped.is_set():
            if not poller.poll(20):
                continue
            routing, body = self.socket.recv_multipart()
            message = json.loads(body)
            self.received.append((routing, message))
            for answer in self._answers(message):
                self.socket.send_multipart([routing, json.dumps(answer).encode()])

    def _answers(self, message: dict) -> list:
        kind = message["type"]
        if kind == "hello":
            return [{"v": 1, "type": "welcome", "version": 1, "session": self.session, "client": message["client"],
                     "lastSeq": len(self.numbered), "lastUpdateSeq": 0, "heartbeatMs": 1000}]
        if kind == "replay":
            later = [reply for reply in self.numbered if reply["seq"] > message["after"]]
            return later + [{"v": 1, "type": "replay-end", "count": len(later), "lastSeq": len(self.numbered), "truncated": False}]
        if kind == "ping":
            return [{"v": 1, "type": "pong", "nonce": message["nonce"], "session": self.session}]
        intent = message["intent"]
        if intent in self.journal:
            return [self.journal[intent]]
        decision = self.on_intent(message)
        if decision == "ignore":
            return []
        if isinstance(decision, dict):
            return [decision]
        reply = {"v": 1, "type": "accepted", "client": message["client"], "intent": intent, "seq": len(self.numbered) + 1,
                 "session": self.session, "action": kind, "clientOrderId": f"{message['client']}-{intent}"}
        self.journal[intent] = reply
        self.numbered.append(reply)
        return [] if decision == "drop-reply" else [reply]

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=2)
        self.socket.close()
        self.context.term()


@pytest.fixture
def bridge():
    stand_in = StandInBridge()
    yield stand_in
    stand_in.close()


def test_retries_a_lost_intent_with_the_same_intent_id_from_a_new_connection(bridge):
    attempts = []
    bridge.on_intent = lambda message: attempts.append(message) or ("ignore" if len(attempts) == 1 else "reply")
    with OrderClient(bridge.endpoint, client="alpha", timeout=0.2, retries=2) as client:
        reply = client.submit("AAPL", "buy", 10, type="limit", limit_price=101.5, intent_id="i-1")
    assert reply.accepted and reply.client_order_id == "alpha-i-1"
    submits = bridge.intents()
    assert [message["intent"] for _, message in submits] == ["i-1", "i-1"]
    assert submits[0][0] != submits[1][0], "the retry comes from a reconnected socket (new routing id)"
    assert submits[0][1] == submits[1][1], "the retry is the very same intent"
    assert submits[0][1]["order"] == {"symbol": "AAPL", "side": "buy", "type": "limit", "timeInForce": "day",
                                      "quantity": 10, "limitPrice": 101.5}


def test_recovers_a_reply_lost_on_the_way_back_by_replay_without_sending_again(bridge):
    bridge.on_intent = lambda message: "drop-reply"
    with OrderClient(bridge.endpoint, client="alpha", timeout=0.2, retries=2) as client:
        reply = client.cancel("o-1", intent_id="c-1")
        assert reply.accepted and reply.seq == 1 and client.last_seq == 1
    assert len(bridge.intents("cancel")) == 1
    assert [message["after"] for _, message in bridge.intents("replay")] == [0]


def test_gives_up_with_intent_timeout_and_can_resend_later(bridge):
    bridge.on_intent = lambda message: "ignore"
    client = OrderClient(bridge.endpoint, client="alpha", timeout=0.1, retries=1)
    try:
        with pytest.raises(IntentTimeout) as raised:
            client.submit("AAPL", "sell", 1, intent_id="late")
        assert raised.value.intent_id == "late" and raised.value.attempts == 2
        bridge.on_intent = lambda message: "reply"
        assert client.resend("late").accepted
        assert [message["intent"] for _, message in bridge.intents()] == ["late"] * 3
    finally:
        client.close()


def test_does_not_resend_to_a_restarted_bridge(bridge):
    def restart_then_ignore(message):
        bridge.session = 2
        return "ignore"

    bridge.on_intent = restart_then_ignore
    with OrderClient(bridge.endpoint, client="alpha", timeout=0.1, retries=3) as client:
        with pytest.raises(IntentTimeout, match="restarted"):
            client.submit("AAPL", "buy", 1, intent_id="i-9")
    assert len(bridge.intents()) == 1


def test_raises_bridge_error_for_an_error_reply_without_retrying(bridge):
    bridge.on_intent = lambda message: {"v": 1, "type": "error", "code": "invalid-field", "field": "order.quantity",
                                        "message": "order.quantity: too small", "client": "alpha", "intent": message["intent"]}
    with OrderClient(bridge.endpoint, client="alpha", timeout=0.2, retries=3) as client:
        with pytest.raises(BridgeError) as raised:
            client.submit("AAPL", "buy", 0.5, intent_id="bad")
    assert raised.value.code == "invalid-field" and raised.value.field == "order.quantity"
    assert len(bridge.intents()) == 1


def test_ping_and_an_unreachable_bridge(bridge):
    with OrderClient(bridge.endpoint, client="alpha", timeout=0.5) as client:
        assert client.ping() > 0
    context = zmq.Context.instance()
    with pytest.raises(BridgeUnavailable, match="is the bridge running"):
        OrderClient(f"tcp://127.0.0.1:{_free_port(context)}", client="alpha", timeout=0.1)


def test_refuses_a_client_name_the_protocol_does_not_allow():
    with pytest.raises(ValueError, match="client name 'has.dot'"):
        OrderClient("tcp://127.0.0.1:1", client="has.dot", connect=False)


def _free_port(context: zmq.Context) -> int:
    probe = context.socket(zmq.ROUTER)
    port = probe.bind_to_random_port("tcp://127.0.0.1")
    probe.close(linger=0)
    return port


def test_busy_polling_catches_replies_without_blocking_and_still_times_out(bridge):
    # A spin window far above the stand-in's answer time: every reply is read while spinning.
    with OrderClient(bridge.endpoint, client="alpha", timeout=0.5, busy_poll_us=200_000) as client:
        for index in range(3):
            assert client.submit("AAPL", "buy", 1, intent_id=f"b-{index}").accepted
        assert client.busy_poll_hits >= 3
        bridge.on_intent = lambda message: "ignore"
        client.retries = 0
        started = time.monotonic()
        with pytest.raises(IntentTimeout):
            client.submit("AAPL", "buy", 1, intent_id="never")
        # The spin is part of the wait, not added to it.
        assert 0.45 <= time.monotonic() - started < 1.5
    with pytest.raises(ValueError, match="busy_poll_us"):
        OrderClient(bridge.endpoint, client="alpha", busy_poll_us=-1, connect=False)
