"""AutoGen 0.4+ core runtime: an intervention handler that scans every message the runtime
delivers and drops what Warden blocks.

    runtime = SingleThreadedAgentRuntime(intervention_handlers=[WardenInterventionHandler(client)])

The runtime awaits ``on_send(message, *, message_context, recipient)`` before a direct message
reaches its recipient, ``on_publish(message, *, message_context)`` before a published message fans
out to the topic's subscribers, and ``on_response(message, *, sender, recipient)`` before an RPC
answer returns; each returns the message to deliver, or the class ``DropMessage`` to drop it.
Nothing of autogen is imported until a message is dropped, and then only ``DropMessage``.
"""
from __future__ import annotations

import asyncio
import functools
from typing import Any, List, Optional, Sequence, Type

from ._v04 import canonical_parts
from .client import WardenClient
from .errors import WardenBlockedError
from .guard import BlockedMessage, Decision, Guard, Policy, new_conversation_id


class _DropMessage:
    """Stands in for ``autogen_core.DropMessage`` where autogen is not installed."""


def drop_message() -> Type[Any]:
    """``autogen_core.DropMessage``: what a handler returns to drop a message."""
    try:
        from autogen_core import DropMessage  # type: ignore[import-not-found]
    except ImportError:
        return _DropMessage
    return DropMessage  # type: ignore[no-any-return]


def _agent_name(agent_id: Any) -> Optional[str]:
    # An AgentId is (type, key); the type is the agent's name in AgentChat teams.
    if agent_id is None:
        return None
    name = getattr(agent_id, "type", None)
    return str(name if name is not None else agent_id)


class WardenInterventionHandler:
    """Scans each delivered message, drops blocked ones (or raises, ``policy.on_block="raise"``),
    and streams the conversation to Warden as one transcript, blocked messages included."""

    def __init__(
        self,
        client: WardenClient,
        conversation_id: Optional[str] = None,
        policy: Optional[Policy] = None,
        *,
        participants: Sequence[str] = (),
    ) -> None:
        """``participants``: the team's agent names, so published (broadcast) messages name every
        recipient even before all of them have spoken."""
        self.client = client
        self.guard = Guard(client, conversation_id or new_conversation_id("autogen-core"), policy or Policy())
        self.guard.participants.extend(participants)

    @property
    def conversation_id(self) -> str:
        return self.guard.conversation_id

    @property
    def blocked(self) -> List[BlockedMessage]:
        return list(self.guard.blocked)

    async def on_send(self, message: Any, *, message_context: Any, recipient: Any) -> Any:
        sender = _agent_name(getattr(message_context, "sender", None)) or "user"
        recipient_name = _agent_name(recipient)
        return await self._check(message, sender, [recipient_name] if recipient_name else None)

    async def on_publish(self, message: Any, *, message_context: Any) -> Any:
        sender = _agent_name(getattr(message_context, "sender", None)) or "user"
        # A publish reaches every subscriber of the topic: a broadcast.
        return await self._check(message, sender, None)

    async def on_response(self, message: Any, *, sender: Any, recipient: Any) -> Any:
        recipient_name = _agent_name(recipient)
        return await self._check(message, _agent_name(sender) or "unknown", [recipient_name] if recipient_name else None)

    async def _check(self, message: Any, sender: str, recipients: Optional[List[str]]) -> Any:
        parts = canonical_parts(message, sender, recipients)
        if not parts:
            return message  # runtime bookkeeping (resets, speaker requests): nothing to scan
        to_agent = recipients[0] if recipients and len(recipients) == 1 else None
        # scan() is blocking HTTP: run it off the event loop so other agents keep going.
        loop = asyncio.get_running_loop()
        decision: Decision = await loop.run_in_executor(None, functools.partial(self.guard.scan, parts, to_agent))
        decision = self.guard.record(parts, decision)
        if not decision.blocked:
            return message
        content = "\n".join(p.get("content", "") for p in parts)
        self.guard.blocked.append(BlockedMessage(str(parts[0]["sender"]), to_agent, content, decision))
        if self.guard.policy.on_block == "raise":
            raise WardenBlockedError(str(parts[0]["sender"]), to_agent, decision, decision.rules)
        return drop_message()

    def flush(self, timeout: Optional[float] = None) -> bool:
        return self.client.flush(timeout)
