"""OrderClient: order intents to the tickwire bridge, with timeouts, idempotent retry and reply replay."""

from __future__ import annotations

import collections
import json
import os
import re
import time
import uuid
from typing import Any, Callable, Dict, List, Optional

import zmq

from .bridge_protocol import DEFAULT_INTENT_ENDPOINT, PROTOCOL_VERSION, apply_curve_client
from .bridge_replies import OUTCOME_TYPES, BridgeError, BridgeUnavailable, IntentTimeout, Reply
from .order_updates import OrderUpdateFollower

_CLIENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_KEPT_REPLIES = 10_000
# One encoder for every message: json.dumps with separators builds a new encoder per call.
_encode_compact = json.JSONEncoder(separators=(",", ":")).encode
_decode = json.JSONDecoder().decode

Message = Dict[str, Any]


class OrderClient:
    """Sends submit, cancel and replace intents to the bridge's ROUTER socket and returns their one reply.

    ``client`` is a stable name: replies are numbered per client name, so after a reconnect (which gives the
    socket a new ZeroMQ routing id) the client asks for the replies it missed by name. Intent ids must be unique
    per client name for the life of the bridge; the default ones are random.

    Each intent waits ``timeout`` seconds for its reply. Without one, the client reconnects, asks for missed
    replies, and sends the same intent again (same intent id: the bridge answers a repeat from its reply cache and
    never places a second order), up to ``retries`` times, then raises IntentTimeout. If the bridge restarted
    meanwhile (new session) the intent is not sent again, because the new bridge cannot know the old one's orders.

    With ``updates_endpoint`` (the bridge's PUB endpoint) it also follows this client's order updates; see
    ``poll_updates``. Not thread-safe.

    ``busy_poll_us`` trades CPU for latency, like Linux's ``SO_BUSY_POLL``: while waiting for a reply the client
    first checks its socket in a loop (yielding the CPU on each turn) for up to that many microseconds, and only then
    blocks in ``poll``. A blocked
    thread costs a wake-up when the reply arrives (tens of microseconds, more on a virtual machine or when the CPU
    was idle a while); a spinning one does not, but keeps a core busy while it waits. 0 (the default) never spins;
    a value near the usual round trip (e.g. 500) spins through most replies and blocks only for slow ones.
    """

    def __init__(
        self,
        endpoint: str = DEFAULT_INTENT_ENDPOINT,
        *,
        client: str,
        timeout: float = 1.0,
        retries: int = 3,
        updates_endpoint: Optional[str] = None,
        curve_server_key: Optional[str] = None,
        curve_public_key: Optional[str] = None,
        curve_secret_key: Optional[str] = None,
        context: Optional[zmq.Context] = None,
        connect: bool = True,
        busy_poll_us: int = 0,
    ) -> None:
        if busy_poll_us < 0:
            raise ValueError(f"busy_poll_us must be 0 (never spin) or a positive number of microseconds; got {busy_poll_us}")
        if not _CLIENT_NAME.match(client):
            raise ValueError(f"client name {client!r} must be 1-64 letters, digits, '_' or '-', starting with a letter or digit")
        self.endpoint = endpoint
        self.client = client
        self.timeout = timeout
        self.retries = retries
        self.busy_poll_us = busy_poll_us
        self.busy_poll_hits = 0
        """Messages read while spinning, i.e. wake-ups saved by ``busy_poll_us``."""
        self._curve = (curve_server_key, curve_public_key, curve_secret_key)
        self._context = context or zmq.Context.instance()
        self._socket: Optional[zmq.Socket] = None
        self.replies: "collections.OrderedDict[str, Reply]" = collections.OrderedDict()
        self.last_seq = 0
        """Highest reply sequence up to which every reply was seen (what ``replay`` asks after)."""
        self._seen_above: set = set()
        self.session: Optional[int] = None
        self.heartbeat_ms = 1000
        self._last_sent = 0.0
        self._nonce = 0
        self._sent: Dict[str, Message] = {}
        self._updates = (
            OrderUpdateFollower(self._context, updates_endpoint, client, self._curve, self._fetch_updates)
            if updates_endpoint is not None
            else None
        )
        self._connect()
        if connect:
            try:
                self.hello()
            except BaseException:
                self.close()
                raise

    # --- conversation -------------------------------------------------------------------------------------------

    def hello(self, timeout: Optional[float] = None) -> Message:
        """Negotiates the protocol version; learns the session, heartbeat interval and last reply sequence."""
        self._send({"v": PROTOCOL_VERSION, "type": "hello", "client": self.client, "versions": [PROTOCOL_VERSION], "library": "tickwire-python"})
        welcome = self._wait(lambda m: m.get("type") in ("welcome", "error") and not m.get("intent"), timeout)
        if welcome is None:
            raise BridgeUnavailable(f"no answer to hello from {self.endpoint} within {timeout or self.timeout} s; is the bridge running?")
        if welcome["type"] == "error":
            raise BridgeError.from_message(welcome)
        if self.session is not None and welcome["session"] != self.session:
            self._forget_session()
        if self.session is None and self._updates is not None:
            self._updates.start_after(int(welcome.get("lastUpdateSeq", 0)), int(welcome["session"]))
        self.session = int(welcome["session"])
        self.heartbeat_ms = int(welcome.get("heartbeatMs", 1000))
        if int(welcome.get("lastSeq", 0)) > self.last_seq:
            self.replay(timeout)
        return welcome

    def submit(self, symbol: str, side: str, quantity: Optional[float] = None, *, type: str = "market",
               limit_price: Optional[float] = None, stop_price: Optional[float] = None,
               time_in_force: str = "day", notional: Optional[float] = None, client_order_id: Optional[str] = None,
               intent_id: Optional[str] = None, **more: Any) -> Reply:
        """Submits a new order and returns its reply. ``more`` takes the protocol's other order fields by their
        protocol names (``trailPrice``, ``extendedHours``, ``postOnly``...)."""
        order = {"symbol": symbol, "side": side, "type": type, "timeInForce": time_in_force, "quantity": quantity,
                 "notional": notional, "limitPrice": limit_price, "stopPrice": stop_price,
                 "clientOrderId": client_order_id, **more}
        return self.send_intent({"type": "submit", "order": _without_none(order)}, intent_id)

    def cancel(self, client_order_id: str, *, intent_id: Optional[str] = None) -> Reply:
        """Asks to cancel an order."""
        return self.send_intent({"type": "cancel", "clientOrderId": client_order_id}, intent_id)

    def replace(self, client_order_id: str, *, quantity: Optional[float] = None, limit_price: Optional[float] = None,
                stop_price: Optional[float] = None, trail_price: Optional[float] = None,
                time_in_force: Optional[str] = None, new_client_order_id: Optional[str] = None,
                intent_id: Optional[str] = None) -> Reply:
        """Asks to change an order; fields left out keep their value."""
        changes = _without_none({"quantity": quantity, "limitPrice": limit_price, "stopPrice": stop_price,
                                 "trailPrice": trail_price, "timeInForce": time_in_force})
        body = {"type": "replace", "clientOrderId": client_order_id, "changes": changes}
        if new_client_order_id is not None:
            body["newClientOrderId"] = new_client_order_id
        return self.send_intent(body, intent_id)

    def send_intent(self, body: Message, intent_id: Optional[str] = None) -> Reply:
        """Sends any intent (``body`` without ``v``, ``client`` and ``intent``) and waits for its reply."""
        intent = intent_id or uuid.uuid4().hex
        message = {"v": PROTOCOL_VERSION, "type": body["type"], "client": self.client, "intent": intent,
                   **{key: value for key, value in body.items() if key != "type"}}
        self._sent[intent] = message
        return self.resend(intent)

    def resend(self, intent_id: str) -> Reply:
        """Sends an intent sent before once more, with the same intent id, and waits for its reply."""
        if intent_id in self.replies:
            return self.replies[intent_id]
        message = self._sent[intent_id]
        session = self.session
        why = "no reply"
        for attempt in range(self.retries + 1):
            if attempt > 0:
                self._reconnect()
                try:
                    self.hello()
                except BridgeUnavailable as error:
                    why = str(error)
                    continue
                if intent_id in self.replies:
                    break
                if session is not None and self.session != session:
                    raise IntentTimeout(intent_id, attempt, "the bridge restarted (new session) before replying; "
                                        "check the order updates before sending it again")
            self._send(message)
            reply = self._wait(lambda m: m.get("intent") == intent_id and (m.get("type") in OUTCOME_TYPES or m.get("type") == "error"))
            if reply is not None and reply["type"] == "error":
                del self._sent[intent_id]
                raise BridgeError.from_message(reply)
            if reply is not None or intent_id in self.replies:
                break
        else:
            raise IntentTimeout(intent_id, self.retries + 1, why)
        self._sent.pop(intent_id, None)
        return self.replies[intent_id]

    def replay(self, timeout: Optional[float] = None) -> List[Reply]:
        """Asks for every reply after ``last_seq``; returns the ones not seen before."""
        before = set(self.replies)
        self._send({"v": PROTOCOL_VERSION, "type": "replay", "client": self.client, "after": self.last_seq})
        if self._wait(lambda m: m.get("type") == "replay-end", timeout) is None:
            raise BridgeUnavailable(f"no replay-end from {self.endpoint} within {timeout or self.timeout} s")
        return [reply for intent, reply in self.replies.items() if intent not in before]

    def ping(self, timeout: Optional[float] = None) -> float:
        """Sends the client heartbeat and returns the round trip in seconds."""
        self._nonce += 1
        nonce = self._nonce
        started = time.perf_counter()
        self._send({"v": PROTOCOL_VERSION, "type": "ping", "client": self.client, "nonce": nonce})
        if self._wait(lambda m: m.get("type") == "pong" and m.get("nonce") == nonce, timeout) is None:
            raise BridgeUnavailable(f"no pong from {self.endpoint} within {timeout or self.timeout} s")
        return time.perf_counter() - started

    def keepalive(self) -> None:
        """Pings when a heartbeat interval passed since the last message sent; call it from the strategy loop."""
        if time.monotonic() - self._last_sent >= self.heartbeat_ms / 1000:
            self.ping()

    # --- order updates ------------------------------------------------------------------------------------------

    def poll_updates(self, timeout_ms: int = 0) -> List[Message]:
        """This client's new order updates, in sequence, each once. Gaps (seen by sequence or by the heartbeat)
        are filled from the bridge with ``replay-updates``. Needs ``updates_endpoint``."""
        if self._updates is None:
            raise ValueError("poll_updates needs the OrderClient to be created with updates_endpoint")
        return self._updates.poll(timeout_ms)

    def _fetch_updates(self, after: int) -> Message:
        self._send({"v": PROTOCOL_VERSION, "type": "replay-updates", "stream": self.client, "after": after})
        page = self._wait(lambda m: m.get("type") == "order-updates" and m.get("after") == after)
        if page is None:
            raise BridgeUnavailable(f"no answer to replay-updates from {self.endpoint} within {self.timeout} s")
        return page

    # --- plumbing -----------------------------------------------------------------------------------------------

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close(linger=0)
            self._socket = None
        if self._updates is not None:
            self._updates.close()

    def __enter__(self) -> "OrderClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _connect(self) -> None:
        socket = self._context.socket(zmq.DEALER)
        socket.setsockopt(zmq.LINGER, 0)
        apply_curve_client(socket, *self._curve)
        socket.connect(self.endpoint)
        self._socket = socket

    def _reconnect(self) -> None:
        """Closes and reopens the socket (the "lazy pirate" pattern): a wedged connection cannot hold us."""
        if self._socket is not None:
            self._socket.close(linger=0)
        self._connect()

    def _send(self, message: Message) -> None:
        assert self._socket is not None, "the OrderClient is closed"
        try:
            self._socket.send(_encode_compact(message).encode("utf-8"), zmq.NOBLOCK)
        except zmq.Again:
            pass  # no connection yet: the wait times out and the retry reconnects
        self._last_sent = time.monotonic()

    def _wait(self, wanted: Callable[[Message], bool], timeout: Optional[float] = None) -> Optional[Message]:
        """Reads and files every message until one is ``wanted``; None when ``timeout`` passes first."""
        assert self._socket is not None, "the OrderClient is closed"
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            frame = self._next_frame(deadline)
            if frame is None:
                return None
            try:
                message = _decode(frame.decode("utf-8"))
            except ValueError:  # UnicodeDecodeError is one too
                continue
            if isinstance(message, dict):
                self._file(message)
                if wanted(message):
                    return message

    def _next_frame(self, deadline: float) -> Optional[bytes]:
        """The next frame, spinning for up to ``busy_poll_us`` before blocking until ``deadline``; None on timeout."""
        socket = self._socket
        assert socket is not None, "the OrderClient is closed"
        if self.busy_poll_us > 0:
            # Ask the socket for its events rather than trying a read (a failed read raises zmq.Again: an exception
            # per spin). Yield the CPU on every turn: the reply reaches this socket through libzmq's I/O thread, and
            # when that thread waits for the very CPU this one spins on, a spin that never yields holds the reply
            # back until the window ends (a cluster of round trips at the window plus a wake-up).
            spin_until = time.perf_counter() + self.busy_poll_us / 1e6
            while not socket.getsockopt(zmq.EVENTS) & zmq.POLLIN:
                if time.perf_counter() >= spin_until:
                    break
                os.sched_yield()
            else:
                self.busy_poll_hits += 1
                return socket.recv(zmq.NOBLOCK)
        while True:
            remaining_ms = int((deadline - time.monotonic()) * 1000)
            if remaining_ms <= 0 or not socket.poll(remaining_ms, zmq.POLLIN):
                return None
            try:
                return socket.recv(zmq.NOBLOCK)
            except zmq.Again:
                continue

    def _file(self, message: Message) -> None:
        if message.get("type") not in OUTCOME_TYPES or message.get("client") != self.client:
            return
        reply = Reply.from_message(message)
        if reply.intent_id not in self.replies:
            self.replies[reply.intent_id] = reply
            while len(self.replies) > _KEPT_REPLIES:
                self.replies.popitem(last=False)
        if reply.seq == self.last_seq + 1 and not self._seen_above:
            self.last_seq = reply.seq  # the usual case: replies in order, nothing missing
            return
        self._seen_above.add(reply.seq)
        while self.last_seq + 1 in self._seen_above:
            self.last_seq += 1
            self._seen_above.discard(self.last_seq)
        self._seen_above = {seq for seq in self._seen_above if seq > self.last_seq}

    def _forget_session(self) -> None:
        """A new bridge session numbers replies from 1 again and remembers nothing of the old one."""
        self.last_seq = 0
        self._seen_above.clear()
        if self._updates is not None:
            self._updates.session_changed()


def _without_none(fields: Message) -> Message:
    return {key: value for key, value in fields.items() if value is not None}
