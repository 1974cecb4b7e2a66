"""The REST layer talks to the runtime only through the herder facade."""

from __future__ import annotations

import ast
from pathlib import Path

import kconnect.rest

ALLOWED = {"kconnect", "kconnect.errors", "kconnect.runtime.herder"}


def test_rest_imports_only_herder_and_errors() -> None:
    package = Path(kconnect.rest.__file__).parent
    offenders = []
    for source in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                internal = name.startswith("kconnect") and not name.startswith("kconnect.rest")
                if internal and name not in ALLOWED:
                    offenders.append(f"{source.name}: {name}")
    assert offenders == []
