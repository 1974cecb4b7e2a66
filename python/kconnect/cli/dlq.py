"""``kconnect dlq replay CONNECTOR [--url URL]``: replay a connector's dead letter queue.

Asks the running worker (``POST /connectors/<name>/dlq/replay``), which re-delivers the dead
letters not replayed before through the connector's current converters and transforms.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import httpx


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("dlq", help="dead letter queue tools")
    actions = parser.add_subparsers(dest="dlq_command", metavar="ACTION", required=True)
    replay = actions.add_parser(
        "replay",
        help="re-deliver a connector's dead letters through its current configuration",
        description=__doc__,
    )
    replay.add_argument("connector", help="connector name")
    replay.add_argument("--url", default="http://localhost:8083", help="a worker's REST URL")
    replay.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the replay")
    replay.set_defaults(handler=run_replay)


def run_replay(args: argparse.Namespace) -> int:
    url = f"{args.url.rstrip('/')}/connectors/{args.connector}/dlq/replay"
    try:
        response = httpx.post(url, timeout=args.timeout)
    except httpx.HTTPError as e:
        print(f"kconnect dlq replay: cannot reach {args.url}: {e}", file=sys.stderr)
        return 1
    body = response.json()
    if response.status_code != 200:
        print(f"kconnect dlq replay: {body.get('message', response.text)}", file=sys.stderr)
        return 1
    print(
        f"Replayed {body['replayed']} record(s) from {body['dead_letter_queue']} "
        f"({body['dropped']} dropped by transforms, {body['unroutable']} unroutable)"
    )
    for topic, count in sorted(body.get("by_topic", {}).items()):
        print(f"  {topic}: {count}")
    return 0
