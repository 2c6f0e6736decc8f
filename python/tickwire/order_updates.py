"""Follows one client's order-update stream on the bridge's PUB socket, filling gaps from the bridge."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List, Optional, Tuple

import zmq

from .bridge_protocol import HEARTBEAT_TOPIC, apply_curve_client, order_update_topic

Message = Dict[str, Any]


class OrderUpdateFollower:
    """Delivers every order update of one stream once and in sequence.

    The PUB socket may drop updates for a subscriber that falls behind, and a subscriber misses what was published
    before its subscription arrived. Both show: as a jump in ``seq``, or as a heartbeat announcing a later ``seq``
    than the last one seen. Either way the missing updates are fetched with ``fetch(after)`` (a ``replay-updates``
    request). Updates the bridge no longer keeps are counted in ``lost``.
    """

    def __init__(
        self,
        context: zmq.Context,
        endpoint: str,
        stream: str,
        curve: Tuple[Optional[str], Optional[str], Optional[str]],
        fetch: Callable[[int], Message],
    ) -> None:
        self.stream = stream
        self.last_seq = 0
        self.lost = 0
        self.session: Optional[int] = None
        self._fetch = fetch
        self._socket = context.socket(zmq.SUB)
        self._socket.setsockopt(zmq.LINGER, 0)
        apply_curve_client(self._socket, *curve)
        self._socket.connect(endpoint)
        self._socket.setsockopt(zmq.SUBSCRIBE, order_update_topic(stream))
        self._socket.setsockopt(zmq.SUBSCRIBE, HEARTBEAT_TOPIC)

    def start_after(self, seq: int, session: int) -> None:
        """Follows updates numbered above ``seq`` of ``session`` (what the bridge said in ``welcome``)."""
        self.last_seq = seq
        self.session = session

    def session_changed(self) -> None:
        """A new bridge numbers every stream from 1 again."""
        self.last_seq = 0
        self.session = None

    def poll(self, timeout_ms: int) -> List[Message]:
        """Reads what arrived (waiting up to ``timeout_ms`` for the first message) and returns new updates."""
        delivered: List[Message] = []
        wait = timeout_ms
        while self._socket.poll(wait, zmq.POLLIN):
            wait = 0
            frames = self._socket.recv_multipart()
            if len(frames) != 2:
                continue
            try:
                message = json.loads(frames[1])
            except ValueError:
                continue
            self._note_session(message.get("session"))
            if frames[0] == HEARTBEAT_TOPIC:
                announced = int(message.get("orderStreams", {}).get(self.stream, 0))
                if announced > self.last_seq:
                    self._catch_up(announced, delivered)
                continue
            seq = int(message.get("seq", 0))
            if seq <= self.last_seq:
                continue
            if seq > self.last_seq + 1:
                self._catch_up(seq - 1, delivered)
            if seq == self.last_seq + 1:
                delivered.append(message)
                self.last_seq = seq
        return delivered

    def close(self) -> None:
        self._socket.close(linger=0)

    def _note_session(self, session: object) -> None:
        if not isinstance(session, int):
            return
        if self.session is not None and session != self.session:
            self.last_seq = 0
        self.session = session

    def _catch_up(self, upto: int, delivered: List[Message]) -> None:
        while self.last_seq < upto:
            page = self._fetch(self.last_seq)
            progressed = False
            for update in page.get("updates", []):
                seq = int(update["seq"])
                if seq <= self.last_seq:
                    continue
                # Updates the bridge already evicted are gone; count them and go on from what it kept.
                self.lost += seq - self.last_seq - 1
                delivered.append(update)
                self.last_seq = seq
                progressed = True
            if not progressed:
                last = int(page.get("lastSeq", self.last_seq))
                if page.get("truncated") and last > self.last_seq:
                    self.lost += min(upto, last) - self.last_seq
                    self.last_seq = min(upto, last)
                return
