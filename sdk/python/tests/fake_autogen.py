"""Stand-in ``autogen`` (0.2 / AG2), ``autogen_agentchat`` and ``autogen_ext.models.replay`` modules,
so the README's example runs as written where AutoGen cannot be installed.

Only what the example uses, with AutoGen's signatures and behaviour: ``ConversableAgent`` /
``UserProxyAgent`` with ``llm_config=False`` answer ``default_auto_reply`` and, with a
``code_execution_config``, "execute" the code blocks of the last message (recorded in
``EXECUTED``, never run); ``GroupChat`` with ``speaker_selection_method="round_robin"``;
``GroupChatManager`` from the 0.2 stand-ins; ``AssistantAgent`` answering from a
``ReplayChatCompletionClient``; ``RoundRobinGroupChat.run_stream`` yielding the task, each turn's
``TextMessage`` and a ``TaskResult``.
"""
from __future__ import annotations

import sys
import types
from typing import Any, AsyncIterator, Dict, List, Optional

from . import standins_v02 as v02
from . import standins_v04 as v04

#: Code the stand-in executors would have run, across every agent.
EXECUTED: List[str] = []


class ConversableAgent(v02.ConversableAgent):
    def __init__(
        self,
        name: str,
        system_message: Optional[str] = None,
        llm_config: Any = None,
        human_input_mode: str = "TERMINATE",
        default_auto_reply: str = "",
        code_execution_config: Any = False,
        **_: Any,
    ) -> None:
        super().__init__(name)
        if llm_config not in (None, False):
            raise RuntimeError("the stand-in agents have no model: use llm_config=False")
        self.default_auto_reply = default_auto_reply
        self.code_execution_config = code_execution_config

    def generate_reply(self, messages: Optional[List[Dict[str, Any]]] = None, sender: Optional[v02.ConversableAgent] = None) -> Any:
        last = (messages or self._oai_messages[sender] or [{}])[-1]
        if self.code_execution_config is not False:
            blocks = v02.CODE_BLOCK.findall(last.get("content") or "")
            if blocks:
                EXECUTED.extend(code for _, code in blocks)
                return "exitcode: 0 (execution succeeded)\nCode output: "
        return self.default_auto_reply


class UserProxyAgent(ConversableAgent):
    def __init__(self, name: str, code_execution_config: Any = None, **kwargs: Any) -> None:
        super().__init__(name, code_execution_config={} if code_execution_config is None else code_execution_config, **kwargs)


class GroupChat(v02.GroupChat):
    def __init__(self, agents: List[v02.ConversableAgent], messages: List[Dict[str, Any]], max_round: int = 10, speaker_selection_method: str = "auto", **_: Any) -> None:
        if speaker_selection_method != "round_robin":
            raise RuntimeError("the stand-in group chat selects speakers round robin only")
        super().__init__(agents, messages, max_round, [])

    def select_speaker(self, last_speaker: v02.ConversableAgent, selector: v02.ConversableAgent) -> v02.ConversableAgent:
        return self.agents[(self.agents.index(last_speaker) + 1) % len(self.agents)]


class GroupChatManager(v02.GroupChatManager):
    def __init__(self, groupchat: GroupChat, name: str = "chat_manager", llm_config: Any = None, **_: Any) -> None:
        super().__init__(groupchat, name)


class ReplayChatCompletionClient:
    def __init__(self, chat_completions: List[str], **_: Any) -> None:
        self.chat_completions = list(chat_completions)

    def next(self) -> str:
        return self.chat_completions.pop(0)


class AssistantAgent:
    def __init__(self, name: str, model_client: ReplayChatCompletionClient, **_: Any) -> None:
        self.name = name
        self.model_client = model_client


class RoundRobinGroupChat:
    def __init__(self, participants: List[AssistantAgent], termination_condition: Any = None, max_turns: Optional[int] = None) -> None:
        self.participants = participants
        self.max_turns = max_turns or len(participants)

    async def run_stream(self, *, task: str) -> AsyncIterator[Any]:
        messages: List[Any] = [v04.TextMessage("user", task)]
        yield messages[0]
        for turn in range(self.max_turns):
            agent = self.participants[turn % len(self.participants)]
            message = v04.TextMessage(agent.name, agent.model_client.next(), {"prompt_tokens": 0, "completion_tokens": 0})
            messages.append(message)
            yield message
        yield v04.TaskResult(messages, f"Maximum number of turns {self.max_turns} reached.")


def install() -> None:
    """Registers the stand-ins under AutoGen's module names (never shadowing an installed AutoGen)."""
    modules: Dict[str, Dict[str, Any]] = {
        "autogen": {"ConversableAgent": ConversableAgent, "UserProxyAgent": UserProxyAgent, "GroupChat": GroupChat, "GroupChatManager": GroupChatManager},
        "autogen_agentchat": {},
        "autogen_agentchat.agents": {"AssistantAgent": AssistantAgent},
        "autogen_agentchat.teams": {"RoundRobinGroupChat": RoundRobinGroupChat},
        "autogen_ext": {},
        "autogen_ext.models": {},
        "autogen_ext.models.replay": {"ReplayChatCompletionClient": ReplayChatCompletionClient},
    }
    for name, attributes in modules.items():
        if name in sys.modules:
            continue
        module = types.ModuleType(name)
        module.__dict__.update(attributes)
        sys.modules[name] = module
    v04.install_autogen_core()
