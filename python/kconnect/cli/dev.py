"""``kconnect dev ...``: local development services (placeholder, filled in by the dev-services work)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("dev", help="run local development services")
    parser.set_defaults(handler=lambda args: parser.print_help() or 2)
