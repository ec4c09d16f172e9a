"""The LLM gateway: every call to a language model goes through `agents.llm.gateway.LLMClient`.

Agent authors use two things: a declared `Task` from `agents.llm.tasks` and `LLMClient`.
"""
