"""AutoGen 0.2 / AG2: protect agents and group chats with ``register_hook``, and upload finished chats.

``protect()`` registers a ``process_message_before_send`` hook on every agent. AutoGen calls it as
``hook(sender=agent, message=message, recipient=recipient, silent=bool)`` inside ``send()``, before
the message is appended to the sender's history or handed to the recipient, and sends what the hook
returns. So a blocked message is replaced (or the send raises) before any recipient, including a
code executor, sees it; and because every message of a group chat passes through its speaker's
``send`` to the ``GroupChatManager``, the hook sees the conversation in the group's own order.

Nothing here imports autogen: the adapter works on anything with AutoGen's hook interface.
"""
from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Optional, Sequence

from ._v02 import V02Transcript
from .client import WardenClient
from .errors import WardenBlockedError
from .guard import BlockedMessage, Guard, Policy, new_conversation_id

HOOK = "process_message_before_send"


def _is_manager(agent: Any) -> bool:
    return hasattr(agent, "groupchat") and hasattr(getattr(agent, "groupchat"), "agents")


def _agents_of(target: Any) -> List[Any]:
    if isinstance(target, (list, tuple)):
        return [a for item in target for a in _agents_of(item)]
    if _is_manager(target):
        return list(target.groupchat.agents)
    if hasattr(target, "agents") and hasattr(target, "messages"):
        return list(target.agents)  # a GroupChat
    if hasattr(target, "register_hook"):
        return [target]
    raise TypeError("protect() takes an AutoGen agent, a GroupChat, a GroupChatManager or a list of agents")


class Protection:
    """What ``protect()`` set up: the conversation id, the blocked messages, ``flush()`` and ``unprotect()``."""

    def __init__(self, client: WardenClient, conversation_id: str, policy: Policy) -> None:
        self.client = client
        self.guard = Guard(client, conversation_id, policy)
        self._transcript = V02Transcript()
        self._hooked: List[Any] = []

    @property
    def conversation_id(self) -> str:
        return self.guard.conversation_id

    @property
    def blocked(self) -> List[BlockedMessage]:
        return list(self.guard.blocked)

    def hook(self, sender: Any, message: Any, recipient: Any, silent: bool = False) -> Any:
        """The ``process_message_before_send`` hook; returns the message to send."""
        sender_name = str(getattr(sender, "name", sender))
        group = _is_manager(recipient)
        # To a manager is to the whole group chat: a broadcast, as GroupChat.messages records it.
        recipient_name = None if group else str(getattr(recipient, "name", recipient))
        parts = self._transcript.convert(message, sender_name, None if recipient_name is None else [recipient_name])
        decision = self.guard.record(parts, self.guard.scan(parts, recipient_name))
        if not decision.blocked:
            return message
        content = "\n".join(p.get("content", "") for p in parts)
        self.guard.blocked.append(BlockedMessage(sender_name, recipient_name, content, decision))
        if self.guard.policy.on_block == "raise":
            raise WardenBlockedError(sender_name, recipient_name, decision, decision.rules)
        return self._replacement(message, self.guard.notice(sender_name, decision))

    @staticmethod
    def _replacement(message: Any, notice: str) -> Any:
        if isinstance(message, str):
            return notice
        role = message.get("role")
        responses = message.get("tool_responses")
        if role == "tool" and isinstance(responses, list):
            # Every tool call must still get an answer (the model API refuses a history without
            # one), so the responses stay, each with the notice as its content.
            return {
                **{k: v for k, v in message.items() if k != "tool_responses"},
                "content": notice,
                "tool_responses": [{**r, "content": notice} if isinstance(r, dict) else r for r in responses],
            }
        if role in ("tool", "function"):
            return {**message, "content": notice}
        # A blocked tool call is withdrawn: the recipient gets text only, and nothing to execute.
        return {"content": notice, **({"role": role} if role else {})}

    def flush(self, timeout: Optional[float] = None) -> bool:
        return self.client.flush(timeout)

    def unprotect(self) -> None:
        for agent in self._hooked:
            hooks = getattr(agent, "hook_lists", {}).get(HOOK, [])
            if self.hook in hooks:
                hooks.remove(self.hook)
        self._hooked = []


def protect(
    agent_or_groupchat: Any,
    client: WardenClient,
    policy: Optional[Policy] = None,
    *,
    conversation_id: Optional[str] = None,
) -> Protection:
    """Scans every message the agents send before it is delivered, replaces (or raises on) what
    Warden blocks, and streams the whole conversation to Warden as one transcript.

    ``agent_or_groupchat``: a ``GroupChat``, a ``GroupChatManager``, one agent or a list of agents
    (protect both sides of a two-agent chat). ``conversation_id`` defaults to a new random one.
    """
    protection = Protection(client, conversation_id or new_conversation_id("autogen"), policy or Policy())
    for agent in _agents_of(agent_or_groupchat):
        if _is_manager(agent):
            continue  # the manager only relays what its speakers already sent through their hooks
        agent.register_hook(HOOK, protection.hook)
        protection._hooked.append(agent)
        protection.guard.participants.append(str(agent.name))
    return protection


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def chat_messages_of(groupchat_or_chat_result: Any) -> Sequence[Any]:
    """The message list of a GroupChat, GroupChatManager, ChatResult (``chat_history``) or a plain list."""
    target = groupchat_or_chat_result
    if _is_manager(target):
        target = target.groupchat
    for attribute in ("messages", "chat_history"):
        value = getattr(target, attribute, None)
        if isinstance(value, list):
            return value
    if isinstance(target, dict):
        for key in ("messages", "chat_history", "history"):
            value = target.get(key)
            if isinstance(value, list):
                return value
    if isinstance(target, Iterable) and not isinstance(target, (str, bytes)):
        return list(target)
    raise TypeError("sync() takes a GroupChat, a GroupChatManager, a ChatResult or a list of AutoGen 0.2 messages")


def sync(
    groupchat_or_chat_result: Any,
    conversation_id: str,
    client: Optional[WardenClient] = None,
    *,
    scan: bool = True,
    metadata: Optional[Dict[str, Any]] = None,
) -> Dict[str, Any]:
    """Uploads a finished chat in one call (``client`` defaults to one built from ``WARDEN_URL`` and
    ``WARDEN_API_KEY``). Safe to call again after more rounds: only new messages are stored."""
    client = client or WardenClient()
    messages = _jsonable(list(chat_messages_of(groupchat_or_chat_result)))
    return client.send_conversation(conversation_id, messages, format="autogen_v02", scan=scan, metadata=metadata)
