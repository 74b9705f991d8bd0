"""warden.autogen against a real Warden, with stand-in agents that implement AutoGen 0.2's hooks."""
from __future__ import annotations

import unittest

from warden import Policy, WardenBlockedError
from warden.autogen import protect, sync

from . import scenario_v02 as scenario
from .standins_v02 import ConversableAgent, ExecutorAgent
from .support import new_client, stored_messages, unique


class GroupChatProtectionTest(unittest.TestCase):
    def setUp(self) -> None:
        self.client = new_client()
        self.addCleanup(self.client.close)

    def test_reverse_shell_from_injected_tool_result_is_stopped_before_the_executor_receives_it(self) -> None:
        chat = scenario.build()
        protection = protect(chat.groupchat, self.client, conversation_id=unique("v02-shell"))
        chat.run()

        # Stopped before delivery: the executor never saw the shell and ran nothing.
        self.assertEqual(chat.executor.executed, [])
        self.assertFalse(any(scenario.REVERSE_SHELL in str(m.get("content")) for m in chat.executor.received))
        self.assertFalse(any(scenario.REVERSE_SHELL in str(m.get("content")) for m in chat.groupchat.messages))
        notice = chat.groupchat.messages[3]["content"]
        self.assertIn("blocked by Warden", notice)
        self.assertIn("code_execution.reverse_shell.bash", notice)
        self.assertEqual([(b.sender, b.recipient) for b in protection.blocked], [("coder", None)])
        # The injected page itself passed the inbound scan: the block is the code block's.
        self.assertIn(scenario.PAGE, [m.get("content") for m in chat.executor.chat_messages[chat.manager]])

        self.assertTrue(protection.flush(timeout=30))
        stored = stored_messages(self.client, protection.conversation_id)
        self.assertEqual([(m["sender"], m["kind"]) for m in stored], scenario.EXPECTED)
        self.assertEqual([m["seq"] for m in stored], list(range(len(scenario.EXPECTED))))
        everyone = set(chat.agent_names)
        for message in stored:
            expected = ["web_surfer"] if message["kind"] == "tool_result" else sorted(everyone - {message["sender"]})
            self.assertEqual(sorted(message["recipients"]), expected, message)
        # Message for message: what the group chat holds, except that Warden keeps what the coder wrote.
        chat_texts = [chat.groupchat.messages[i]["content"] or "" for i in (0, 2, 3, 4, 5)]
        warden_texts = [stored[i]["content"] for i in (0, 2, 3, 4, 5)]
        self.assertEqual(warden_texts[:2] + warden_texts[3:], chat_texts[:2] + chat_texts[3:])
        self.assertEqual(warden_texts[2], scenario.SHELL_REPLY)
        self.assertEqual(stored[1]["tool_name"], "fetch_page")
        self.assertEqual(stored[2]["tool_call_id"], "call_fetch_1")
        # Findings linked to the message that carried the shell, and to no other.
        self.assertEqual(stored[3]["verdict"], "blocked")
        self.assertIn("code_execution.reverse_shell.bash", [f["rule"] for f in stored[3]["findings"]])
        others = [m for i, m in enumerate(stored) if i != 3]
        self.assertFalse(any(f["category"] == "code_execution" for m in others for f in m["findings"]))

    def test_raise_option_stops_the_chat_instead_of_delivering_a_notice(self) -> None:
        chat = scenario.build()
        protection = protect(chat.manager, self.client, Policy(on_block="raise"), conversation_id=unique("v02-raise"))
        with self.assertRaises(WardenBlockedError) as raised:
            chat.run()
        self.assertIn("code_execution.reverse_shell.bash", raised.exception.rules)
        self.assertEqual(chat.executor.executed, [])
        self.assertFalse(any(scenario.REVERSE_SHELL in str(m.get("content")) for m in chat.executor.received))
        self.assertTrue(protection.flush(timeout=30))
        stored = stored_messages(self.client, protection.conversation_id)
        self.assertEqual([(m["sender"], m["kind"]) for m in stored], scenario.EXPECTED[:4])
        self.assertEqual(stored[3]["verdict"], "blocked")

    def test_two_agent_chat_records_explicit_recipients(self) -> None:
        assistant = ConversableAgent("assistant", replies=["```python\nprint(sum(range(10)))\n```", "The sum is 45. TERMINATE"])
        runner = ExecutorAgent("runner", {})
        runner.reply_at_receive[assistant] = True
        assistant.reply_at_receive[runner] = True
        protection = protect([assistant, runner], self.client, conversation_id=unique("v02-pair"))
        runner.initiate_chat(assistant, "Add the numbers below 10.")
        self.assertEqual(runner.executed, ["print(sum(range(10)))"])
        self.assertEqual(protection.blocked, [])
        self.assertTrue(protection.flush(timeout=30))
        stored = stored_messages(self.client, protection.conversation_id)
        self.assertEqual(
            [(m["sender"], m["recipients"]) for m in stored],
            [("runner", ["assistant"]), ("assistant", ["runner"]), ("runner", ["assistant"]), ("assistant", ["runner"])],
        )
        self.assertTrue(all(m["verdict"] == "allowed" for m in stored))

    def test_sync_uploads_a_finished_group_chat_once(self) -> None:
        chat = scenario.build()
        chat.run()  # unprotected: the "vulnerable" set-up
        self.assertEqual(chat.executor.executed, [scenario.REVERSE_SHELL])
        conversation_id = unique("v02-sync")
        first = sync(chat.groupchat, conversation_id, self.client)
        again = sync(chat.manager, conversation_id, self.client)
        self.assertEqual((first["stored"], again["stored"], again["already_stored"]), (6, 0, 6))
        self.assertEqual(first["blocked"], 1)
        stored = stored_messages(self.client, conversation_id)
        self.assertEqual([(m["sender"], m["kind"]) for m in stored], scenario.EXPECTED)
        self.assertEqual(stored[3]["verdict"], "blocked")


if __name__ == "__main__":
    unittest.main()
