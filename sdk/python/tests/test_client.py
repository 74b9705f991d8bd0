"""WardenClient against a real Warden, plus the timing rules (timeout, Retry-After, backoff) against
local servers that misbehave on purpose."""
from __future__ import annotations

import http.server
import socket
import threading
import time
import unittest
from typing import List

from warden import RetryPolicy, WardenApiError, WardenClient
from warden.retry import parse_retry_after

from .scenario_v02 import REVERSE_SHELL
from .support import new_client, unique, wait_until, warden_env


class LiveClientTest(unittest.TestCase):
    def setUp(self) -> None:
        self.client = new_client()
        self.addCleanup(self.client.close)

    def test_scan_blocks_a_reverse_shell_and_allows_ordinary_text(self) -> None:
        conversation_id = unique("scan")
        text = f"Run this to finish: {REVERSE_SHELL}"
        shell = self.client.scan(text, "internal", "coder", conversation_id=conversation_id, to_agent="executor")
        self.assertTrue(shell.blocked and shell.scanned)
        self.assertEqual(shell.verdict, "blocked")
        threat = next(t for t in shell.threats if t.rule == "code_execution.reverse_shell.bash")
        # Spans are offsets into the text as sent, inside the shell command.
        self.assertIn(text[threat.start : threat.end], REVERSE_SHELL)
        self.assertGreater(threat.end, threat.start)
        plain = self.client.scan("The quarterly report is attached; revenue grew 4%.", "internal", "analyst")
        self.assertEqual((plain.blocked, plain.verdict, plain.threats), (False, "allowed", ()))
        events = self.client.list_events(conversation_id=conversation_id)["events"]
        self.assertEqual([(e["id"], e["to_agent"]) for e in events], [(shell.id, "executor")])

    def test_recorded_events_are_stored_once_with_their_client_ids(self) -> None:
        conversation_id = unique("events")
        ids = [
            self.client.record_event(
                {"agent_id": "sidecar", "direction": "outbound", "verdict": "flagged", "risk_score": 0.6, "text": f"reply {i}", "conversation_id": conversation_id, "scanner": "llamaguard"}
            )
            for i in range(5)
        ]
        self.assertTrue(self.client.flush(timeout=30))
        again = self.client.record_event({"id": ids[0], "agent_id": "sidecar", "direction": "outbound", "verdict": "flagged", "risk_score": 0.6, "text": "reply 0"})
        self.assertTrue(self.client.flush(timeout=30))
        self.assertEqual(again, ids[0])
        events = self.client.list_events(conversation_id=conversation_id)["events"]
        self.assertEqual(sorted(e["client_id"] for e in events), sorted(ids))
        stats = self.client.stats()
        self.assertEqual((stats.events_stored, stats.events_duplicate, stats.queued), (5, 1, 0))

    def test_a_bad_key_raises_instead_of_failing_open(self) -> None:
        client = WardenClient(warden_env()[0], "wdn_live_" + "x" * 43, failure_mode="fail_open")
        with self.assertRaises(WardenApiError) as raised:
            client.scan("hello", "internal", "agent")
        self.assertEqual((raised.exception.status, raised.exception.code), (401, "unauthorized"))


class _Scripted(http.server.BaseHTTPRequestHandler):
    answers: List[tuple] = []
    seen: List[float] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("content-length", 0)))
        type(self).seen.append(time.monotonic())
        status, headers, body = type(self).answers.pop(0)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class TimingTest(unittest.TestCase):
    def serve(self, answers: List[tuple]) -> str:
        handler = type("Handler", (_Scripted,), {"answers": list(answers), "seen": []})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        self.handler = handler
        return f"http://127.0.0.1:{server.server_address[1]}"

    def test_scan_never_holds_the_agent_longer_than_its_timeout(self) -> None:
        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # accepts connections, never answers
        self.addCleanup(silent.close)
        client = WardenClient(f"http://127.0.0.1:{silent.getsockname()[1]}", "wdn_live_test", scan_timeout=0.6)
        started = time.monotonic()
        result = client.scan("hello", "inbound", "web_surfer")
        self.assertLess(time.monotonic() - started, 1.0)
        self.assertEqual((result.blocked, result.scanned), (True, False))
        self.assertIn("timeout", result.error or "")

    def test_retry_after_is_honoured_as_the_least_wait(self) -> None:
        ok = b'{"id":"e1","blocked":false,"verdict":"allowed","risk_score":0,"threats":[],"latency_ms":0.1}'
        url = self.serve([(429, {"retry-after": "1"}, b'{"error":{"code":"rate_limited","message":"slow down"}}'), (200, {}, ok)])
        client = WardenClient(url, "wdn_live_test", scan_timeout=5, retry=RetryPolicy(base_delay=0.01))
        result = client.scan("hello", "internal", "agent")
        self.assertEqual(result.verdict, "allowed")
        first, second = self.handler.seen
        self.assertGreaterEqual(second - first, 1.0)

    def test_a_retry_after_beyond_the_deadline_gives_up_at_once(self) -> None:
        url = self.serve([(503, {"retry-after": "30"}, b'{"error":{"code":"unavailable","message":"database down"}}')])
        client = WardenClient(url, "wdn_live_test", scan_timeout=2)
        started = time.monotonic()
        result = client.scan("hello", "internal", "agent", failure_mode="fail_closed")
        self.assertLess(time.monotonic() - started, 0.5)
        self.assertEqual((result.blocked, result.error), (True, "unavailable: database down"))

    def test_events_go_out_when_a_batch_is_full_or_has_waited_the_interval(self) -> None:
        stored = b'{"results":[{"index":0,"status":"stored"},{"index":1,"status":"stored"}],"stored":2}'
        url = self.serve([(200, {}, stored), (200, {}, stored)])
        client = WardenClient(url, "wdn_live_test", batch_size=2, flush_interval=0.3)
        self.addCleanup(client.close, 1)
        event = {"agent_id": "a", "direction": "internal", "verdict": "allowed", "risk_score": 0, "text": "t"}
        started = time.monotonic()
        client.record_event(event)
        client.record_event(event)  # a full batch: sent at once
        self.assertTrue(wait_until(lambda: len(self.handler.seen) == 1, timeout=0.25))
        client.record_event(event)  # alone: sent when it has waited flush_interval
        self.assertTrue(wait_until(lambda: len(self.handler.seen) == 2, timeout=2))
        self.assertGreaterEqual(self.handler.seen[1] - started, 0.3)

    def test_a_full_queue_drops_instead_of_blocking(self) -> None:
        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        self.addCleanup(silent.close)
        client = WardenClient(f"http://127.0.0.1:{silent.getsockname()[1]}", "wdn_live_test", max_queue=3, timeout=0.2)
        self.addCleanup(client.close, 0.1)
        event = {"agent_id": "a", "direction": "internal", "verdict": "allowed", "risk_score": 0, "text": "t"}
        started = time.monotonic()
        ids = [client.record_event(event) for _ in range(5)]
        self.assertLess(time.monotonic() - started, 0.1)
        self.assertEqual([i is None for i in ids], [False, False, False, True, True])
        self.assertEqual((client.stats().dropped, client.stats().queued), (2, 3))

    def test_backoff_is_full_jitter_under_a_growing_ceiling(self) -> None:
        draws = iter([1.0, 0.5, 0.0, 1.0])
        policy = RetryPolicy(base_delay=0.25, factor=2, max_delay=1.0, random=lambda: next(draws))
        self.assertEqual([policy.delay(0), policy.delay(1), policy.delay(2), policy.delay(5)], [0.25, 0.25, 0.0, 1.0])
        self.assertEqual(RetryPolicy(random=lambda: 0.0).delay(0, retry_after=2.0), 2.0)

    def test_retry_after_reads_seconds_and_http_dates(self) -> None:
        self.assertEqual(parse_retry_after("7"), 7.0)
        self.assertAlmostEqual(parse_retry_after("Thu, 26 Nov 2026 12:00:10 GMT", now=1795694400.0) or 0, 10.0)
        self.assertIsNone(parse_retry_after("-3"))
        self.assertIsNone(parse_retry_after(None))


if __name__ == "__main__":
    unittest.main()
