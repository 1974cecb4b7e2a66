"""A small generated SQLite shop database for the demo and quick tries of the JDBC source.

``python -m kconnect.connectors.jdbc.demo shop.db`` writes tables ``customers``
(id, name, email, country, created) and ``orders`` (id, customer_id, item,
quantity, price DECIMAL(10,2), status, updated) with deterministic content,
and prints a connector config that streams them into Kafka
(``timestamp+incrementing`` on ``updated``/``id``).  :func:`add_orders`
appends rows, to watch them arrive.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import sys
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS customers (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, country CHAR(2) NOT NULL,
    created TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), item TEXT NOT NULL,
    quantity SMALLINT NOT NULL, price DECIMAL(10,2) NOT NULL, status TEXT NOT NULL,
    updated TIMESTAMP NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))
);
"""
FIRST = ["Ada", "Grace", "Linus", "Ken", "Barbara", "Edsger", "Margaret", "Dennis", "Frances", "Alan"]
LAST = ["Lovelace", "Hopper", "Torvalds", "Thompson", "Liskov", "Dijkstra", "Hamilton", "Ritchie", "Allen"]
ITEMS = ["keyboard", "monitor", "mouse", "laptop", "headset", "dock", "webcam", "cable"]
COUNTRIES = ["DE", "FR", "US", "JP", "BR", "IN", "NG", "SE"]
START = dt.datetime(2024, 1, 1, 9, 0)


def _ts(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S.") + f"{value.microsecond // 1000:03d}"


def create_demo_database(path: Path | str, customers: int = 20, orders: int = 200, seed: int = 42) -> Path:
    """Write the demo tables into ``path`` (created or extended); returns the path."""
    rng = random.Random(seed)
    target = Path(path)
    with sqlite3.connect(target) as conn:
        conn.executescript(SCHEMA)
        conn.executemany(
            "INSERT OR IGNORE INTO customers VALUES (?, ?, ?, ?, ?)",
            [
                (
                    i,
                    f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    f"user{i}@example.com",
                    rng.choice(COUNTRIES),
                    _ts(START + dt.timedelta(hours=i)),
                )
                for i in range(1, customers + 1)
            ],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO orders VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    i,
                    rng.randint(1, customers),
                    rng.choice(ITEMS),
                    rng.randint(1, 5),
                    f"{rng.randint(500, 250000) / 100:.2f}",
                    rng.choice(["new", "paid", "shipped"]),
                    _ts(START + dt.timedelta(minutes=7 * i)),
                )
                for i in range(1, orders + 1)
            ],
        )
    return target


def add_orders(path: Path | str, count: int = 1, seed: int | None = None) -> None:
    """Append ``count`` new orders stamped with the current time."""
    rng = random.Random(seed)
    with sqlite3.connect(path) as conn:
        (customers,) = conn.execute("SELECT count(*) FROM customers").fetchone()
        conn.executemany(
            "INSERT INTO orders (customer_id, item, quantity, price, status) VALUES (?, ?, ?, ?, 'new')",
            [
                (rng.randint(1, max(1, customers)), rng.choice(ITEMS), rng.randint(1, 5), "19.99")
                for _ in range(count)
            ],
        )


def connector_config(path: Path | str, topic_prefix: str = "shop-") -> dict[str, str]:
    """A JDBC source config streaming the demo tables."""
    return {
        "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
        "connection.url": f"jdbc:sqlite:{Path(path).resolve()}",
        "mode": "timestamp+incrementing",
        "timestamp.column.name": "updated",
        "incrementing.column.name": "id",
        "table.include.list": "orders",
        "topic.prefix": topic_prefix,
        "poll.interval.ms": "1000",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the JDBC source demo SQLite database.")
    parser.add_argument("path", type=Path)
    parser.add_argument("--orders", type=int, default=200)
    args = parser.parse_args(argv)
    create_demo_database(args.path, orders=args.orders)
    print(json.dumps({"name": "shop-orders", "config": connector_config(args.path)}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
