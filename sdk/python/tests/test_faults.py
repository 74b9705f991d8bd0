"""Warden unreachable, then answers lost, then back: fail_closed blocks, fail_open allows and queues,
and what was queued arrives exactly once."""
from __future__ import annotations

import time
import unittest

from warden import Policy
from warden.autogen import protect

from . import scenario_v02 as scenario
from .support import FaultProxy, new_client, stored_messages, unique, wait_until


class WardenDownTest(unittest.TestCase):
    def setUp(self) -> None:
        self.proxy = FaultProxy()  # starts down: connections to it are refused
        self.addCleanup(self.proxy.close)

    def test_fail_closed_blocks_within_the_scan_timeout(self) -> None:
        client = new_client(self.proxy.url, scan_timeout=1.0)
        self.addCleanup(client.close, 0.1)
        started = time.monotonic()
        # Inbound defaults to fail_closed.
        result = client.scan(scenario.PAGE, "inbound", "web_surfer")
        self.assertLess(time.monotonic() - started, 2.0)
        self.assertEqual((result.blocked, result.verdict, result.scanned), (True, "blocked", False))
        self.assertIn("network_error", result.error or "")

    def test_fail_closed_group_chat_delivers_nothing_and_its_transcript_arrives_when_warden_returns(self) -> None:
        client = new_client(self.proxy.url, scan_timeout=0.5)
        self.addCleanup(client.close, 5)
        chat = scenario.build()
        protection = protect(chat.groupchat, client, Policy(failure_mode="fail_closed"), conversation_id=unique("v02-closed"))
        chat.run()
        self.assertEqual(chat.executor.executed, [])
        self.assertEqual(len(protection.blocked), 6)
        self.assertTrue(all("warden unreachable" in m["content"] for m in chat.groupchat.messages))
        self.assertFalse(client.flush(timeout=0.3))

        self.proxy.up()
        self.assertTrue(client.flush(timeout=30))
        stored = stored_messages(client, protection.conversation_id)
        self.assertEqual([m["sender"] for m in stored], ["user_proxy", "web_surfer", "executor", "coder", "executor", "planner"])
        # What the agents wrote, scanned by Warden on arrival: the shell is found after the fact.
        shell = stored[3]
        self.assertEqual((shell["content"], shell["verdict"]), (scenario.SHELL_REPLY, "blocked"))

    def test_fail_open_allows_and_queues_then_everything_arrives_once(self) -> None:
        client = new_client(self.proxy.url, scan_timeout=0.5, failure_mode="fail_open")
        self.addCleanup(client.close, 5)
        chat = scenario.build()
        protection = protect(chat.groupchat, client, conversation_id=unique("v02-open"))
        chat.run()
        # fail_open lets everything through, the shell included: the reason code-running set-ups fail closed.
        self.assertEqual(chat.executor.executed, [scenario.REVERSE_SHELL])
        self.assertEqual(protection.blocked, [])
        unscanned = client.unscanned()
        self.assertEqual(len(unscanned), 6)
        self.assertFalse(client.flush(timeout=0.3))
        self.assertEqual(client.stats().queued, 12)  # 6 transcript messages + 6 unscanned-text events

        # Warden receives the queued batches but the answers are lost: the client must resend.
        self.proxy.lose_answers()
        self.assertTrue(wait_until(lambda: self.proxy.lost_answers >= 2, timeout=20))
        self.proxy.up()
        self.assertTrue(client.flush(timeout=30))

        stored = stored_messages(client, protection.conversation_id)
        self.assertEqual([(m["sender"], m["kind"]) for m in stored], scenario.EXPECTED)
        self.assertEqual([m["seq"] for m in stored], list(range(6)))
        self.assertEqual(stored[3]["verdict"], "blocked")
        events = client.list_events(conversation_id=protection.conversation_id, limit=100)["events"]
        unscanned_events = [e for e in events if e["source"] == "ingest"]
        self.assertEqual(sorted(e["client_id"] for e in unscanned_events), sorted(r.event_id for r in unscanned))
        stats = client.stats()
        # Answers lost on the way back read as duplicates on the resend: stored once either way.
        self.assertEqual(stats.events_stored + stats.events_duplicate, 6)
        self.assertEqual(stats.queued, 0)


if __name__ == "__main__":
    unittest.main()
