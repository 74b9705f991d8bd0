"""AutoGen 0.4+ messages and events, read by duck typing (no autogen import).

Two readers: ``canonical_parts`` turns a runtime message (an AgentChat message, a group-chat
envelope such as ``GroupChatAgentResponse``, or a core ``FunctionCall`` list) into canonical
transcript messages for the intervention handler; ``dump`` turns an AgentChat message or event into
the JSON ``model_dump(mode="json")`` gives, which the server's ``autogen_v04`` adapter reads.
"""
from __future__ import annotations

import dataclasses
import json
from typing import Any, Dict, List, Optional

from ._v02 import compact_json, read_content

WardenMessage = Dict[str, Any]

# Envelopes AgentChat publishes inside the runtime; their payload is the chat message they carry.
# `inner_messages` (tool calls and results) happened before the `chat_message` they led to.
_ENVELOPE_FIELDS = ("agent_response", "response", "inner_messages", "chat_message", "message", "messages")


def type_name(item: Any) -> str:
    declared = getattr(item, "type", None)
    return declared if isinstance(declared, str) and declared else type(item).__name__


def _leaves(item: Any, depth: int = 0) -> List[Any]:
    """The chat messages and events inside a runtime message, in order."""
    if item is None or depth > 4:
        return []
    if isinstance(item, (list, tuple)):
        return [leaf for element in item for leaf in _leaves(element, depth + 1)]
    if hasattr(item, "content") or hasattr(item, "code_blocks") or hasattr(item, "result"):
        return [item]
    out: List[Any] = []
    for name in _ENVELOPE_FIELDS:
        if hasattr(item, name):
            out.extend(_leaves(getattr(item, name), depth + 1))
    return out


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "\n".join(_text(v) if not isinstance(v, str) else v for v in value)
    if value is None or isinstance(value, (str, int, float, bool, dict)):
        return read_content(value)
    if hasattr(value, "content"):
        return _text(getattr(value, "content"))
    return "[image]" if type(value).__name__ == "Image" else str(value)


def canonical_parts(item: Any, sender: str, recipients: Optional[List[str]]) -> List[WardenMessage]:
    out: List[WardenMessage] = []

    def add(leaf: Any, kind: str, content: str, to: Optional[List[str]] = recipients, **tool: Optional[str]) -> None:
        # AgentChat messages name their author in `source`; core messages leave it to the runtime.
        message: WardenMessage = {"sender": str(getattr(leaf, "source", None) or sender), "kind": kind, "content": content}
        if to is not None:
            message["recipients"] = list(to)
        message.update({k: v for k, v in tool.items() if v is not None})
        out.append(message)

    for leaf in _leaves(item):
        kind = type_name(leaf)
        content = getattr(leaf, "content", None)
        if hasattr(leaf, "code_blocks"):
            blocks = [{"code": getattr(b, "code", ""), "language": getattr(b, "language", "")} for b in leaf.code_blocks]
            add(leaf, "tool_call", "\n".join(f"```{b['language']}\n{b['code']}\n```" for b in blocks), tool_name="code_executor", tool_arguments=compact_json(blocks))
        elif kind == "CodeExecutionEvent" or (hasattr(leaf, "result") and not hasattr(leaf, "content")):
            result = getattr(leaf, "result", None)
            add(leaf, "tool_result", read_content(getattr(result, "output", result)), tool_name="code_executor")
        elif isinstance(content, (list, tuple)) and content and all(hasattr(c, "arguments") for c in content):
            for call in content:
                name = str(getattr(call, "name", "tool"))
                args = getattr(call, "arguments", "")
                args = args if isinstance(args, str) else compact_json(args)
                add(leaf, "tool_call", f"{name}({args})", tool_name=name, tool_arguments=args, tool_call_id=getattr(call, "id", None))
        elif isinstance(content, (list, tuple)) and content and all(hasattr(c, "call_id") for c in content):
            for result in content:
                add(leaf, "tool_result", _text(getattr(result, "content", "")), tool_name=getattr(result, "name", None), tool_call_id=getattr(result, "call_id", None))
        elif kind == "StopMessage":
            add(leaf, "stop", _text(content))
        elif kind == "HandoffMessage":
            add(leaf, "handoff", _text(content), [str(getattr(leaf, "target", ""))] if getattr(leaf, "target", None) else recipients)
        elif kind == "ThoughtEvent":
            add(leaf, "thought", _text(content))
        elif content is not None:
            add(leaf, "text", _text(content))
    return out


def dump(item: Any) -> Dict[str, Any]:
    """What ``model_dump(mode="json")`` gives for an AgentChat message or event (pydantic models);
    dataclasses and plain objects are read field by field."""
    model_dump = getattr(item, "model_dump", None)
    if callable(model_dump):
        dumped = model_dump(mode="json")
    elif dataclasses.is_dataclass(item) and not isinstance(item, type):
        dumped = dataclasses.asdict(item)
    elif isinstance(item, dict):
        dumped = dict(item)
    else:
        dumped = {k: v for k, v in vars(item).items() if not k.startswith("_")}
    dumped.setdefault("type", type_name(item))
    copy: Dict[str, Any] = json.loads(json.dumps(dumped, default=str))
    return copy
