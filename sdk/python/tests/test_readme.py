"""The README's integration example runs as written against the live Warden (AutoGen's classes come
from stand-ins that implement the parts it uses; see fake_autogen.py)."""
from __future__ import annotations

import contextlib
import io
import re
import unittest
from pathlib import Path

from . import fake_autogen
from .support import warden_env

README = Path(__file__).resolve().parents[3] / "README.md"
MARKER = "<!-- runnable-example"


def runnable_example(text: str) -> str:
    after = text[text.index(MARKER) :]
    match = re.search(r"^```python\n(.*?)^```$", after, re.DOTALL | re.MULTILINE)
    if match is None:
        raise AssertionError("no python block after the runnable-example marker")
    return match.group(1)


class ReadmeExampleTest(unittest.TestCase):
    def test_readme_example_runs_as_written_and_warden_stops_the_shell(self) -> None:
        warden_env()  # fails, not skips, without a Warden
        code = runnable_example(README.read_text(encoding="utf-8"))
        fake_autogen.install()
        fake_autogen.EXECUTED.clear()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, str(README), "exec"), {"__name__": "__main__"})  # noqa: S102 (the point of the test)
        printed = out.getvalue()
        self.assertIn("blocked a message from coder: code_execution.reverse_shell.bash", printed)
        self.assertEqual(fake_autogen.EXECUTED, [])
        self.assertEqual(re.findall(r"^(\w+) (\w*)$", printed, re.MULTILINE)[:4], [("TextMessage", "user"), ("TextMessage", "coder"), ("TextMessage", "reviewer"), ("TaskResult", "")])
        stored = re.findall(r"^\d+ (\w+) (\w+)$", printed, re.MULTILINE)
        self.assertEqual([(sender, verdict == "blocked") for sender, verdict in stored], [("user", False), ("coder", True), ("reviewer", False)])


if __name__ == "__main__":
    unittest.main()
