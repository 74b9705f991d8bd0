"""AutoGen 0.2 / AG2 message dicts as messages of Warden's canonical transcript format.

The rules are the server's (``lib/ingest/adapters/autogenV02.ts``), applied to a message whose
sender the hook knows: one text message for the content (unless the message is only tool calls),
then one ``tool_call`` per call, or one ``tool_result`` per tool response, addressed back to the
agent that made the call. Kept identical on purpose: a chat streamed through ``warden.autogen`` must
hash the same as its ``GroupChat.messages`` uploaded afterwards, and a test checks that it does.
"""
from __future__ import annotations

import json
import threading
from typing import Any, Dict, List, Mapping, Optional, Tuple

WardenMessage = Dict[str, Any]


def compact_json(value: Any) -> str:
    """``JSON.stringify`` as the server writes it: no spaces, non-ASCII kept."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _summarise_url(url: str) -> str:
    if url.startswith("data:"):
        comma = url.find(",")
        return f"{url[: min(40 if comma == -1 else comma, 40)]}… ({len(url)} chars)"
    return url


def _render_parts(parts: List[Any]) -> str:
    out: List[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        if not isinstance(part, Mapping):
            out.append(str(part))
            continue
        text = part.get("text")
        if isinstance(text, str):
            out.append(text)
            continue
        image_url = part.get("image_url")
        url = image_url.get("url") if isinstance(image_url, Mapping) else image_url
        if isinstance(url, str):
            out.append(f"[image: {_summarise_url(url)}]")
        elif part.get("type") == "image" or isinstance(part.get("data"), str):
            out.append("[image]")
        else:
            out.append(compact_json(part))
    return "\n".join(out)


def read_content(value: Any) -> str:
    """Content that may be None, a string, a list of parts or an object, as the server reads it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return compact_json(value)
    if isinstance(value, (list, tuple)):
        return _render_parts(list(value))
    if isinstance(value, Mapping):
        return compact_json(value)
    return str(value)


def _arguments(value: Any) -> Optional[str]:
    if value is None:
        return None
    return value if isinstance(value, str) else compact_json(value)


class V02Transcript:
    """Turns the messages of one conversation into canonical messages, remembering who made each
    tool call so its result can be addressed back. Thread-safe: hooks may run on several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tool_calls: Dict[str, Tuple[str, Optional[str]]] = {}
        self._function_callers: Dict[str, str] = {}

    def convert(self, message: Any, sender: str, recipients: Optional[List[str]]) -> List[WardenMessage]:
        """``recipients`` None is a broadcast (a group chat: every other participant)."""
        raw: Mapping[str, Any] = {"content": message} if isinstance(message, str) else (message or {})
        role = str(raw.get("role") or "").strip()
        tool_calls = raw.get("tool_calls")
        function_call = raw.get("function_call")
        tool_responses = raw.get("tool_responses")
        has_calls = (isinstance(tool_calls, list) and len(tool_calls) > 0) or isinstance(function_call, Mapping)
        content = read_content(raw.get("content"))
        out: List[WardenMessage] = []

        def add(kind: str, text: str, to: Optional[List[str]], **tool: Optional[str]) -> None:
            item: WardenMessage = {"sender": sender, "kind": kind, "content": text}
            if to is not None:
                item["recipients"] = list(to)
            for key, value in tool.items():
                if value is not None:
                    item[key] = value
            out.append(item)

        with self._lock:
            if role in ("tool", "function"):
                responses = tool_responses if isinstance(tool_responses, list) and tool_responses else [raw]
                fn_name = raw.get("name") if role == "function" and isinstance(raw.get("name"), str) else None
                for response in responses:
                    response = response if isinstance(response, Mapping) else {"content": response}
                    call_id = response.get("tool_call_id")
                    call_id = call_id if isinstance(call_id, str) and call_id else None
                    call = self._tool_calls.get(call_id) if call_id else None
                    caller = call[0] if call else (self._function_callers.get(fn_name) if fn_name else None)
                    add(
                        "tool_result",
                        content if response is raw else read_content(response.get("content")),
                        [caller] if caller is not None else recipients,
                        tool_name=(call[1] if call else None) or fn_name,
                        tool_call_id=call_id,
                    )
                return out

            if not has_calls or content != "":
                add("text", content, recipients)
            for call in tool_calls if isinstance(tool_calls, list) else []:
                fn = call.get("function") if isinstance(call, Mapping) else None
                if not isinstance(fn, Mapping):
                    continue
                name = str(fn.get("name") or "tool").strip()
                args = _arguments(fn.get("arguments"))
                call_id = call.get("id") if isinstance(call.get("id"), str) and call.get("id") else None
                add("tool_call", f"{name}({args or ''})", recipients, tool_name=name, tool_arguments=args, tool_call_id=call_id)
                if call_id is not None and call_id not in self._tool_calls:
                    self._tool_calls[call_id] = (sender, name)
            if isinstance(function_call, Mapping):
                name = str(function_call.get("name") or "function").strip()
                args = _arguments(function_call.get("arguments"))
                add("tool_call", f"{name}({args or ''})", recipients, tool_name=name, tool_arguments=args)
                self._function_callers[name] = sender
        return out
