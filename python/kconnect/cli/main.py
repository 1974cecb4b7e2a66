"""The ``kconnect`` command and its ``connect-standalone`` alias."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    from kconnect.cli import demo, dev, distributed, dlq, schema_registry, standalone

    parser = argparse.ArgumentParser(
        prog="kconnect", description="Kafka Connect for Python, with a Rust core."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    standalone.register(sub)
    distributed.register(sub)
    demo.register(sub)
    dev.register(sub)
    schema_registry.register(sub)
    dlq.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    result: int = args.handler(args)
    return result


def connect_standalone(argv: Sequence[str] | None = None) -> int:
    """``connect-standalone WORKER.properties [CONNECTOR ...]``: the same as ``kconnect standalone``."""
    from kconnect.cli import standalone

    parser = argparse.ArgumentParser(prog="connect-standalone", description=standalone.DESCRIPTION)
    standalone.add_arguments(parser)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    result: int = args.handler(args)
    return result


def connect_distributed(argv: Sequence[str] | None = None) -> int:
    """``connect-distributed WORKER.properties``: the same as ``kconnect distributed``."""
    from kconnect.cli import distributed

    parser = argparse.ArgumentParser(prog="connect-distributed", description=distributed.DESCRIPTION)
    distributed.add_arguments(parser)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    result: int = args.handler(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
