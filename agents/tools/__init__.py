"""The tool registry and gateway: the only door from agents to data.

Agent code imports `agents.tools.client.ToolClient` (or receives one as `ctx.tools`); nothing in
this package's `__init__` touches Django, so importing it is cheap and safe anywhere.
"""
