"""Long-term memory: the facts the librarian keeps after people decide cases, and the tolerance
changes it proposes. Agents reach it only through the memory tools (agents/tools/catalog/memory.py);
AP admins review it at /memory/.
"""
