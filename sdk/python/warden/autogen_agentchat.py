"""AutoGen 0.4+ AgentChat: stream a team's run to Warden while passing it through unchanged.

    async for item in warden.autogen_agentchat.stream(team.run_stream(task=task), client, "run-42"):
        ...  # exactly what team.run_stream yielded, TaskResult last

Every message and event is appended to the conversation's transcript as the ``model_dump`` AutoGen
itself produces (Warden's ``autogen_v04`` format, the same as uploading ``TaskResult.messages``
later), and Warden scans it on arrival. Tool calls, tool results and code generation/execution
events are also scanned on the spot, and their verdicts handed to ``on_verdict``: a stream observes,
it cannot stop what the team already did; to stop messages, use ``WardenInterventionHandler``.
"""
from __future__ import annotations

import asyncio
import functools
from typing import Any, AsyncIterable, AsyncIterator, Callable, Dict, List, Optional, Tuple

from ._v04 import canonical_parts, dump, type_name
from .autogen_core import WardenInterventionHandler, drop_message
from .client import ScanResult, WardenClient
from .guard import Guard, Policy

__all__ = ["stream", "sync", "WardenInterventionHandler", "drop_message", "SCANNED_EVENT_TYPES"]

#: The events scanned on the spot: what a tool or code executor is asked to do, and what came back.
SCANNED_EVENT_TYPES = ("ToolCallRequestEvent", "ToolCallExecutionEvent", "CodeGenerationEvent", "CodeExecutionEvent")
# Chunks repeat the message that follows them; the server skips them too.
_SKIPPED_TYPES = ("ModelClientStreamingChunkEvent",)

OnVerdict = Callable[[Any, Tuple[ScanResult, ...]], None]


def _is_task_result(item: Any) -> bool:
    return hasattr(item, "messages") and hasattr(item, "stop_reason")


async def stream(
    messages: AsyncIterable[Any],
    client: WardenClient,
    conversation_id: str,
    *,
    policy: Optional[Policy] = None,
    on_verdict: Optional[OnVerdict] = None,
) -> AsyncIterator[Any]:
    """Yields every item of ``messages`` (``team.run_stream(...)``) unchanged and in order."""
    guard = Guard(client, conversation_id, policy or Policy())
    loop = asyncio.get_running_loop()
    async for item in messages:
        kind = type_name(item)
        if not _is_task_result(item) and kind not in _SKIPPED_TYPES:
            client.sender.append_message(conversation_id, dump(item), fmt="autogen_v04", scan=guard.policy.scan_transcript)
            if kind in SCANNED_EVENT_TYPES:
                parts = canonical_parts(item, str(getattr(item, "source", "") or "agent"), None)
                decision = await loop.run_in_executor(None, functools.partial(guard.scan, parts, None))
                if on_verdict is not None and decision.results:
                    on_verdict(item, decision.results)
        yield item


def sync(task_result: Any, conversation_id: str, client: Optional[WardenClient] = None, *, scan: bool = True) -> Dict[str, Any]:
    """Uploads a finished run (a ``TaskResult`` or its ``messages``) in one call."""
    client = client or WardenClient()
    items: List[Any] = list(getattr(task_result, "messages", task_result))
    dumped = [dump(m) for m in items if type_name(m) not in _SKIPPED_TYPES]
    return client.send_conversation(conversation_id, dumped, format="autogen_v04", scan=scan)
