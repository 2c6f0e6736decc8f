"""What the tickwire bridge answers to order intents, and the errors an OrderClient raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional

OUTCOME_TYPES = frozenset({"accepted", "denied", "unknown-outcome"})
"""Reply types that settle an intent; each intent gets exactly one of them."""


@dataclass(frozen=True)
class Reply:
    """The one reply to an intent.

    - ``accepted``: the order exists (submit), or the cancel / replace went ahead; ``client_order_id`` names it.
    - ``denied``: refused before reaching a broker, e.g. by the risk gate; ``reason_code`` / ``reason_name`` say why.
    - ``unknown-outcome``: nobody can tell whether it took effect; do not assume either way, watch the order updates.
    """

    type: str
    intent_id: str
    seq: int
    action: str
    session: int
    client_order_id: Optional[str] = None
    reason_code: Optional[int] = None
    reason_name: Optional[str] = None
    message: Optional[str] = None
    why: Optional[str] = None
    raw: Dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def accepted(self) -> bool:
        return self.type == "accepted"

    @property
    def denied(self) -> bool:
        return self.type == "denied"

    @property
    def unknown(self) -> bool:
        return self.type == "unknown-outcome"

    @staticmethod
    def from_message(message: Dict[str, Any]) -> "Reply":
        return Reply(
            type=str(message["type"]),
            intent_id=str(message["intent"]),
            seq=int(message["seq"]),
            action=str(message.get("action", "")),
            session=int(message.get("session", 0)),
            client_order_id=message.get("clientOrderId"),
            reason_code=message.get("reasonCode"),
            reason_name=message.get("reasonName"),
            message=message.get("message"),
            why=message.get("why"),
            raw=message,
        )


class BridgeError(Exception):
    """The bridge refused a message it could not understand (an ``error`` reply): no order was attempted.

    ``code`` is one of the protocol's error codes (``invalid-field``, ``unknown-field``, ``overloaded``...).
    """

    def __init__(self, code: str, message: str, field_path: Optional[str] = None, raw: Optional[Dict[str, Any]] = None):
        super().__init__(f"bridge refused the message ({code}): {message}")
        self.code = code
        self.field = field_path
        self.raw = raw or {}

    @staticmethod
    def from_message(message: Dict[str, Any]) -> "BridgeError":
        return BridgeError(str(message.get("code")), str(message.get("message")), message.get("field"), message)


class IntentTimeout(TimeoutError):
    """No reply arrived for an intent after every retry. Its outcome is unknown: it may or may not have reached
    the order manager. Retrying with the same intent id (``OrderClient.resend``) is safe and never places a second
    order while the bridge still remembers the intent."""

    def __init__(self, intent_id: str, attempts: int, why: str):
        super().__init__(f"no reply to intent {intent_id!r} after {attempts} attempt(s): {why}")
        self.intent_id = intent_id
        self.attempts = attempts
        self.why = why


class BridgeUnavailable(ConnectionError):
    """The bridge did not answer ``hello`` or ``ping`` in time."""
