"""The librarian: the only writer of long-term memory (see step.py)."""
