"""What the AutoGen adapters share: the policy, scanning a message's parts before delivery, and
recording them in the conversation's transcript (blocked ones included, so the findings link to
the message that carried them)."""
from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from .client import Direction, FailureMode, ScanResult, WardenClient

log = logging.getLogger("warden")

DEFAULT_NOTICE = "[warden] A message from {sender} was blocked by Warden ({rules}) and was not delivered."

# The server scans a transcript's tool results and human input as inbound (lib/ingest/conversations.ts
# messageDirection); the adapters use the same rule so both scans judge a message alike.
_HUMAN = re.compile(r"^(user|human)$", re.IGNORECASE)
_HUMAN_LIKE = re.compile(r"user_?proxy|human", re.IGNORECASE)


@dataclass(frozen=True)
class Policy:
    """How the adapters protect a chat.

    - ``on_block``: ``"notice"`` replaces a blocked message with ``notice`` (the recipient sees only
      that); ``"raise"`` raises ``WardenBlockedError`` in the sending agent instead.
    - ``block_flagged``: treat Warden's ``flagged`` verdict as blocked too.
    - ``failure_mode``: when Warden cannot answer, for every direction; None keeps the client's
      per-direction defaults (inbound closed, the rest open).
    - ``inbound_agents``: agents whose messages come from outside (a web surfer, a retriever):
      scanned as ``inbound`` like tool output and human input.
    - ``scan_transcript``: Warden scans every transcript message on arrival and links the findings
      to it (what the conversation page shows); the pre-delivery scan decides, this one records.
    """

    on_block: str = "notice"
    notice: str = DEFAULT_NOTICE
    block_flagged: bool = False
    failure_mode: Optional[FailureMode] = None
    inbound_agents: Tuple[str, ...] = ()
    scan_transcript: bool = True
    scan_timeout: Optional[float] = None

    def __post_init__(self) -> None:
        if self.on_block not in ("notice", "raise"):
            raise ValueError("on_block must be 'notice' or 'raise'")


@dataclass(frozen=True)
class Decision:
    blocked: bool
    results: Tuple[ScanResult, ...]
    #: Positions of the recorded messages in the conversation's transcript.
    positions: Tuple[int, ...] = ()

    @property
    def rules(self) -> List[str]:
        rules = [rule for result in self.results for rule in result.rules]
        if not rules and any(not r.scanned for r in self.results if r.blocked):
            rules = ["warden unreachable"]
        return rules


@dataclass
class BlockedMessage:
    sender: str
    recipient: Optional[str]
    content: str
    decision: Decision


@dataclass
class Guard:
    client: WardenClient
    conversation_id: str
    policy: Policy = field(default_factory=Policy)
    blocked: List[BlockedMessage] = field(default_factory=list)
    #: Declared participants (a group chat's agents), so broadcasts name all of them from the start.
    participants: List[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def direction(self, message: Dict[str, Any]) -> Direction:
        sender = str(message.get("sender", ""))
        if message.get("kind") == "tool_result" or sender in self.policy.inbound_agents:
            return "inbound"
        return "inbound" if _HUMAN.match(sender) or _HUMAN_LIKE.search(sender) else "internal"

    def scan(self, messages: List[Dict[str, Any]], to_agent: Optional[str]) -> Decision:
        """Scans each part that has text; blocked when any part is."""
        results: List[ScanResult] = []
        # One time budget for the whole message, however many tool calls it carries.
        deadline = time.monotonic() + (self.policy.scan_timeout or self.client.scan_timeout)
        for message in messages:
            text = message.get("content") or ""
            if not text.strip():
                continue
            results.append(
                self.client.scan(
                    text,
                    self.direction(message),
                    str(message["sender"]),
                    conversation_id=self.conversation_id,
                    to_agent=to_agent,
                    timeout=max(0.001, deadline - time.monotonic()),
                    failure_mode=self.policy.failure_mode,
                )
            )
        blocked = any(r.blocked or (self.policy.block_flagged and r.verdict == "flagged") for r in results)
        return Decision(blocked, tuple(results))

    def record(self, messages: List[Dict[str, Any]], decision: Decision) -> Decision:
        """Queues the parts in the transcript (never blocking); a blocked message is recorded as it was
        written, marked as not delivered, so the findings land on the message that carried them."""
        positions: List[int] = []
        note: Dict[str, Any] = {}
        if decision.blocked:
            note["blocked_before_delivery"] = True
            note["rules"] = decision.rules
        if any(not r.scanned for r in decision.results):
            note["unscanned"] = True
        with self._lock:  # the parts of one message stay together in the transcript
            for message in messages:
                item = dict(message)
                if note:
                    item["metadata"] = {**item.get("metadata", {}), "warden": note}
                position = self.client.sender.append_message(
                    self.conversation_id, item, scan=self.policy.scan_transcript, participants=self.participants
                )
                if position is not None:
                    positions.append(position)
        return Decision(decision.blocked, decision.results, tuple(positions))

    def notice(self, sender: str, decision: Decision) -> str:
        return self.policy.notice.format(sender=sender, rules=", ".join(decision.rules) or "policy")


def new_conversation_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16]}"
