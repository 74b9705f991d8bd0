"""Stand-ins for AutoGen 0.4+ (autogen_core / autogen_agentchat cannot be installed here).

- ``autogen_core`` is registered in ``sys.modules`` with the names the adapter and the runtime use:
  ``DropMessage``, ``AgentId``, ``TopicId``, ``MessageContext`` and
  ``autogen_core.exceptions.MessageDroppedException``.
- ``StandinRuntime`` follows ``SingleThreadedAgentRuntime``'s delivery: before a direct message it
  awaits every handler's ``on_send(message, message_context=..., recipient=...)``, before fan-out of a
  published message ``on_publish(message, message_context=...)``, before an RPC answer returns
  ``on_response(message, sender=..., recipient=...)``; a handler answering ``DropMessage`` (the class
  or an instance) drops the message: ``send_message`` raises ``MessageDroppedException``, a publish
  reaches nobody.
- AgentChat messages and events are dataclasses with AgentChat's field names and a
  ``model_dump(mode="json")`` like pydantic's.
"""
from __future__ import annotations

import dataclasses
import sys
import types
import uuid
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, List, Optional


class DropMessage:
    """autogen_core.DropMessage: returned by a handler (as the class) to drop a message."""


class MessageDroppedException(Exception):
    pass


@dataclass(frozen=True)
class AgentId:
    type: str
    key: str = "default"


@dataclass(frozen=True)
class TopicId:
    type: str
    source: str = "default"


@dataclass
class MessageContext:
    sender: Optional[AgentId]
    topic_id: Optional[TopicId]
    is_rpc: bool
    cancellation_token: Any
    message_id: str


def install_autogen_core() -> types.ModuleType:
    """Registers the stand-in ``autogen_core`` (never shadows a real one)."""
    existing = sys.modules.get("autogen_core")
    if existing is not None:
        return existing
    module = types.ModuleType("autogen_core")
    exceptions = types.ModuleType("autogen_core.exceptions")
    exceptions.MessageDroppedException = MessageDroppedException  # type: ignore[attr-defined]
    for name, value in {"DropMessage": DropMessage, "AgentId": AgentId, "TopicId": TopicId, "MessageContext": MessageContext}.items():
        setattr(module, name, value)
    module.exceptions = exceptions  # type: ignore[attr-defined]
    sys.modules["autogen_core"] = module
    sys.modules["autogen_core.exceptions"] = exceptions
    return module


class _Model:
    def model_dump(self, mode: str = "python") -> Dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]


@dataclass
class FunctionCall(_Model):
    id: str
    arguments: str
    name: str


@dataclass
class FunctionExecutionResult(_Model):
    content: str
    name: str
    call_id: str
    is_error: bool = False


@dataclass
class CodeBlock(_Model):
    code: str
    language: str


@dataclass
class CodeResult(_Model):
    exit_code: int
    output: str


@dataclass
class TextMessage(_Model):
    source: str
    content: str
    models_usage: Optional[Dict[str, int]] = None
    type: str = "TextMessage"


@dataclass
class ToolCallRequestEvent(_Model):
    source: str
    content: List[FunctionCall]
    models_usage: Optional[Dict[str, int]] = None
    type: str = "ToolCallRequestEvent"


@dataclass
class ToolCallExecutionEvent(_Model):
    source: str
    content: List[FunctionExecutionResult]
    models_usage: Optional[Dict[str, int]] = None
    type: str = "ToolCallExecutionEvent"


@dataclass
class CodeGenerationEvent(_Model):
    source: str
    content: str
    code_blocks: List[CodeBlock]
    retry_attempt: int = 0
    models_usage: Optional[Dict[str, int]] = None
    type: str = "CodeGenerationEvent"


@dataclass
class CodeExecutionEvent(_Model):
    source: str
    result: CodeResult
    retry_attempt: int = 0
    models_usage: Optional[Dict[str, int]] = None
    type: str = "CodeExecutionEvent"


@dataclass
class Response:
    chat_message: Any
    inner_messages: Optional[List[Any]] = None


@dataclass
class GroupChatAgentResponse:
    """What an AgentChat group chat publishes when a participant has answered."""

    agent_response: Response


@dataclass
class TaskResult:
    messages: List[Any]
    stop_reason: Optional[str] = None


Handler = Callable[[Any, MessageContext], Awaitable[Any]]


@dataclass
class StandinAgent:
    name: str
    on_message: Optional[Handler] = None
    received: List[Any] = field(default_factory=list)

    @property
    def id(self) -> AgentId:
        return AgentId(self.name)

    async def handle(self, message: Any, context: MessageContext) -> Any:
        self.received.append(message)
        return await self.on_message(message, context) if self.on_message else None


class StandinRuntime:
    def __init__(self, intervention_handlers: Optional[List[Any]] = None) -> None:
        self._handlers = list(intervention_handlers or [])
        self._agents: Dict[str, StandinAgent] = {}

    def register(self, agent: StandinAgent) -> None:
        self._agents[agent.name] = agent

    @staticmethod
    def _dropped(message: Any) -> bool:
        return message is DropMessage or isinstance(message, DropMessage)

    async def send_message(self, message: Any, recipient: AgentId, *, sender: Optional[AgentId] = None) -> Any:
        context = MessageContext(sender, None, True, None, str(uuid.uuid4()))
        for handler in self._handlers:
            message = await handler.on_send(message, message_context=context, recipient=recipient)
            if self._dropped(message):
                raise MessageDroppedException()
        response = await self._agents[recipient.type].handle(message, context)
        for handler in self._handlers:
            response = await handler.on_response(response, sender=recipient, recipient=sender)
            if self._dropped(response):
                raise MessageDroppedException()
        return response

    async def publish_message(self, message: Any, topic_id: TopicId, *, sender: Optional[AgentId] = None) -> None:
        context = MessageContext(sender, topic_id, False, None, str(uuid.uuid4()))
        for handler in self._handlers:
            message = await handler.on_publish(message, message_context=context)
            if self._dropped(message):
                return  # the runtime logs the drop; no subscriber gets the message
        for agent in self._agents.values():
            if sender is None or agent.id != sender:
                await agent.handle(message, context)
