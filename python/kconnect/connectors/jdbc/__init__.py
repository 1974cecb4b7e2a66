"""JDBC source connector (Java: ``io.confluent.connect.jdbc``): relational tables into Kafka topics.

Layers, bottom up: :mod:`.dialect` (+ :mod:`.pg`, :mod:`.sqlite`) talks to the
database and yields row batches; :mod:`.types` maps columns and values to the
Connect data model; :mod:`.querier` builds the polling SQL and offsets of one
table; :mod:`.source` is the connector, its table monitor and the task.
"""

from kconnect.connectors.jdbc.source import JdbcSourceConnector, JdbcSourceTask

__all__ = ["JdbcSourceConnector", "JdbcSourceTask"]
