"""An import-linter contract type for the agent architecture rule (see pyproject.toml).

The rule names all five agent packages, but they are written by different people at different
times, and import-linter refuses to check a module that does not exist yet. This contract checks
every listed module that exists and skips (and, with --verbose, names) the ones that do not, so
each agent falls under the rule the moment its package appears. A test ties the list to the
agent manifests, so a misspelt name cannot hide there.
"""
from __future__ import annotations

from importlinter.contracts.forbidden import ForbiddenContract


class ForbiddenWhenPresentContract(ForbiddenContract):
    type_name = "forbidden_when_present"

    def check(self, graph, verbose: bool):
        def present(expressions):
            kept = set()
            for expression in expressions:
                if expression.has_wildcard_expression() or expression.expression in graph.modules:
                    kept.add(expression)
                elif verbose:
                    print(f"Skipping {expression.expression}: no such module yet.")
            return kept

        self.source_modules = present(self.source_modules)
        self.forbidden_modules = present(self.forbidden_modules)
        return super().check(graph, verbose)
