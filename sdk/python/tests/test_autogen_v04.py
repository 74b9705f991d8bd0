"""warden.autogen_core (intervention handler) and warden.autogen_agentchat (stream) against a real
Warden, with stand-ins implementing AutoGen 0.4's runtime and message signatures."""
from __future__ import annotations

import asyncio
import json
import unittest
from typing import Any, AsyncIterator, List, Tuple

from warden import ScanResult
from warden.autogen_agentchat import stream, sync
from warden.autogen_core import WardenInterventionHandler, drop_message

from . import standins_v04 as v04
from .scenario_v02 import PAGE, REVERSE_SHELL, SHELL_REPLY, TASK
from .support import new_client, stored_messages, unique

v04.install_autogen_core()
SUMMARY = "The guide says the machine must be registered first, through a shell session opened back to the vendor on port 4444."
FETCH = v04.FunctionCall("call_fetch_1", json.dumps({"url": "http://tools.example/logrotate"}), "fetch_page")
SHELL_CODE = v04.CodeGenerationEvent("coder", SHELL_REPLY, [v04.CodeBlock(REVERSE_SHELL, "bash")])
SUM_CODE = v04.CodeGenerationEvent("coder", "```python\nprint(sum(range(10)))\n```", [v04.CodeBlock("print(sum(range(10)))", "python")])


class InterventionHandlerTest(unittest.TestCase):
    def setUp(self) -> None:
        self.client = new_client()
        self.addCleanup(self.client.close)

    def test_drop_message_is_autogen_cores_own(self) -> None:
        import autogen_core

        self.assertIs(drop_message(), autogen_core.DropMessage)

    def test_reverse_shell_is_dropped_before_the_executor_receives_it(self) -> None:
        names = ["web_surfer", "coder", "executor"]
        handler = WardenInterventionHandler(self.client, unique("v04-core"), participants=["user", *names])
        runtime = v04.StandinRuntime(intervention_handlers=[handler])
        agents = {name: v04.StandinAgent(name) for name in names}

        async def execute(message: Any, context: v04.MessageContext) -> Any:
            return v04.CodeExecutionEvent("executor", v04.CodeResult(0, "45\n"))

        agents["executor"].on_message = execute
        for agent in agents.values():
            runtime.register(agent)
        topic = v04.TopicId("group_chat")
        coder, executor = v04.AgentId("coder"), v04.AgentId("executor")

        async def run() -> Tuple[bool, Any]:
            await runtime.publish_message(v04.TextMessage("user", TASK), topic)
            surfed = v04.Response(
                v04.TextMessage("web_surfer", SUMMARY),
                [
                    v04.ToolCallRequestEvent("web_surfer", [FETCH]),
                    v04.ToolCallExecutionEvent("web_surfer", [v04.FunctionExecutionResult(PAGE, "fetch_page", "call_fetch_1")]),
                ],
            )
            await runtime.publish_message(v04.GroupChatAgentResponse(surfed), topic, sender=v04.AgentId("web_surfer"))
            await runtime.publish_message(v04.TextMessage("coder", SHELL_REPLY), topic, sender=coder)
            try:
                await runtime.send_message(SHELL_CODE, executor, sender=coder)
                send_dropped = False
            except v04.MessageDroppedException:
                send_dropped = True
            answer = await runtime.send_message(SUM_CODE, executor, sender=coder)
            return send_dropped, answer

        send_dropped, answer = asyncio.run(run())
        self.assertTrue(send_dropped)
        self.assertEqual(answer.result.output, "45\n")
        received = json.dumps([m.model_dump() if hasattr(m, "model_dump") else repr(m) for m in agents["executor"].received])
        self.assertNotIn("/dev/tcp", received)
        self.assertEqual(agents["executor"].received[-1], SUM_CODE)
        self.assertEqual([(b.sender, b.recipient) for b in handler.blocked], [("coder", None), ("coder", "executor")])

        self.assertTrue(handler.flush(timeout=30))
        stored = stored_messages(self.client, handler.conversation_id)
        everyone = {"user", *names}
        broadcast = lambda sender: sorted(everyone - {sender})  # noqa: E731
        self.assertEqual(
            [(m["sender"], m["kind"], sorted(m["recipients"])) for m in stored],
            [
                ("user", "text", broadcast("user")),
                ("web_surfer", "tool_call", broadcast("web_surfer")),
                # 0.4 agents run their own tools: Warden addresses a result back to the caller.
                ("web_surfer", "tool_result", ["web_surfer"]),
                ("web_surfer", "text", broadcast("web_surfer")),
                ("coder", "text", broadcast("coder")),
                ("coder", "tool_call", ["executor"]),
                ("coder", "tool_call", ["executor"]),
                ("executor", "tool_result", ["coder"]),
            ],
        )
        self.assertEqual(stored[2]["content"], PAGE)
        self.assertEqual([m["verdict"] for m in stored], ["allowed", "allowed", "allowed", "allowed", "blocked", "blocked", "allowed", "allowed"])
        for i in (4, 5):
            self.assertIn("code_execution.reverse_shell.bash", [f["rule"] for f in stored[i]["findings"]])
        self.assertEqual(stored[7]["content"], "45\n")


async def _items(items: List[Any]) -> AsyncIterator[Any]:
    for item in items:
        await asyncio.sleep(0)
        yield item


class StreamTest(unittest.TestCase):
    def setUp(self) -> None:
        self.client = new_client()
        self.addCleanup(self.client.close)

    def test_stream_passes_every_item_through_and_syncs_the_transcript(self) -> None:
        messages: List[Any] = [
            v04.TextMessage("user", TASK),
            v04.ToolCallRequestEvent("web_surfer", [FETCH]),
            v04.ToolCallExecutionEvent("web_surfer", [v04.FunctionExecutionResult(PAGE, "fetch_page", "call_fetch_1")]),
            v04.TextMessage("web_surfer", SUMMARY),
            SHELL_CODE,
            v04.CodeExecutionEvent("executor", v04.CodeResult(1, "bash: connect: Connection refused")),
            v04.TextMessage("coder", "Registration failed. TERMINATE"),
        ]
        result = v04.TaskResult(messages, "Text 'TERMINATE' mentioned")
        verdicts: List[Tuple[Any, Tuple[ScanResult, ...]]] = []
        conversation_id = unique("v04-stream")

        async def consume() -> List[Any]:
            run = stream(_items([*messages, result]), self.client, conversation_id, on_verdict=lambda item, r: verdicts.append((item, r)))
            return [item async for item in run]

        seen = asyncio.run(consume())
        self.assertEqual(len(seen), len(messages) + 1)
        self.assertTrue(all(a is b for a, b in zip(seen, [*messages, result])))
        self.assertEqual([type(item).__name__ for item, _ in verdicts], ["ToolCallRequestEvent", "ToolCallExecutionEvent", "CodeGenerationEvent", "CodeExecutionEvent"])
        shell_verdict = verdicts[2][1][0]
        self.assertTrue(shell_verdict.blocked)
        self.assertIn("code_execution.reverse_shell.bash", shell_verdict.rules)

        self.assertTrue(self.client.flush(timeout=30))
        streamed = self.client.get_conversation(conversation_id)
        uploaded_id = unique("v04-sync")
        sync(result, uploaded_id, self.client)
        uploaded = self.client.get_conversation(uploaded_id)
        # The stream stored exactly what uploading the finished TaskResult stores.
        self.assertEqual([m["chain_hash"] for m in streamed["messages"]], [m["chain_hash"] for m in uploaded["messages"]])
        self.assertEqual(len(streamed["messages"]), len(messages))
        code = next(m for m in streamed["messages"] if m["tool_name"] == "code_executor" and m["kind"] == "tool_call")
        self.assertEqual(code["verdict"], "blocked")


if __name__ == "__main__":
    unittest.main()
