"""JdbcSourceConnector and JdbcSourceTask (Java: ``io.confluent.connect.jdbc.JdbcSourceConnector``).

The connector lists the matching tables, splits them over ``tasks.max`` tasks
(each gets a ``tables`` JSON list) and re-lists them every
``table.poll.interval.ms`` on a monitor thread, asking for a task
reconfiguration when the set changes.  Query mode has exactly one task.

A task owns one connection and one :class:`Querier` per table, polled in order
of due time: a table is queried at most every ``poll.interval.ms``, and a read
in progress is drained ``batch.max.rows`` at a time before the next table.
Connection loss closes the connection and retries (``connection.attempts``,
``connection.backoff.ms``); when the attempts run out the task fails with the
reason.  A dropped table is let go with a warning (the monitor reconfigures);
any other SQL error fails the task with the table and the database's message.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

from kconnect.api.connector import Task
from kconnect.api.records import SourceRecord
from kconnect.api.source import SourceConnector, SourceTask
from kconnect.config import ConfigDef, ConfigValue
from kconnect.connectors.jdbc import config as cfg
from kconnect.connectors.jdbc.config import CONFIG_DEF, SourceSettings, parse_settings, settings_errors
from kconnect.connectors.jdbc.connection import ConnectionProvider
from kconnect.connectors.jdbc.dialect import Dialect, TableId, dialect_for
from kconnect.connectors.jdbc.querier import Querier, check_table_columns
from kconnect.connectors.jdbc.tables import check_unique_names, group_tables, select_tables
from kconnect.errors import ConfigError, ConnectError, DataError

log = logging.getLogger(__name__)

VERSION = "10.8.0"
IDLE_WAIT_S = 0.5


def make_dialect(s: SourceSettings) -> Dialect:
    return dialect_for(s.url, s.user, s.password, s.timezone, s.dialect_name)


def list_tables(dialect: Dialect, conn: Any, s: SourceSettings) -> list[TableId]:
    """The tables this connector copies, after the include/exclude lists."""
    found = dialect.list_tables(conn, s.table_types, s.schema_pattern, s.catalog_pattern)
    return select_tables(found, s)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def check_database(s: SourceSettings, dialect: Dialect) -> dict[str, str]:
    """Problems only the database can reveal, keyed by config key (connection, columns, query)."""
    provider = ConnectionProvider(dialect, 1, 0)
    try:
        conn = provider.get()
    except ConnectError as e:
        return {cfg.CONNECTION_URL: str(e)}
    except ConfigError as e:
        return {cfg.CONNECTION_URL: str(e)}
    try:
        if s.query:
            probe = Querier(dialect, s, None)
            try:
                now = dialect.now(conn) if s.uses_timestamp else None
                dialect.check_statement(conn, probe.sql, probe.params(now))
            except dialect.driver_errors() as e:
                return {cfg.QUERY: f"the query cannot run: {_first_line(e)} (SQL: {probe.sql})"}
            return {}
        tables = list_tables(dialect, conn, s)
        check_unique_names(tables)
        for table in tables:
            try:
                check_table_columns(s, table, dialect.table_columns(conn, table))
            except ConfigError as e:
                key = cfg.INCREMENTING_COLUMN if cfg.INCREMENTING_COLUMN in str(e) else cfg.TIMESTAMP_COLUMN
                return {key: str(e)}
        return {}
    except ConnectError as e:
        return {cfg.TABLE_INCLUDE: str(e)}
    except dialect.driver_errors() as e:
        return {cfg.CONNECTION_URL: f"cannot read table metadata: {_first_line(e)}"}
    finally:
        provider.close()


class TableMonitor(threading.Thread):
    """Re-lists tables every ``table.poll.interval.ms``; asks for a reconfiguration on a change."""

    def __init__(self, connector: JdbcSourceConnector, s: SourceSettings, tables: list[TableId]) -> None:
        super().__init__(name="jdbc-table-monitor", daemon=True)
        self.connector = connector
        self.s = s
        self.tables = tables
        self.stopping = threading.Event()
        self._lock = threading.Lock()

    def current(self) -> list[TableId]:
        with self._lock:
            return list(self.tables)

    def run(self) -> None:
        provider = ConnectionProvider(make_dialect(self.s), self.s.attempts, self.s.backoff_ms, self.stopping)
        interval = self.s.table_poll_interval_ms / 1000.0
        try:
            while not self.stopping.wait(interval):
                try:
                    tables = list_tables(provider.dialect, provider.get(), self.s)
                except ConnectError as e:
                    log.warning("Table monitor cannot connect: %s", e)
                    continue
                except provider.dialect.driver_errors() as e:
                    log.warning("Table monitor failed to list tables: %s", _first_line(e))
                    provider.invalidate()
                    continue
                with self._lock:
                    changed = tables != self.tables
                    if changed:
                        log.info(
                            "Tables changed: %s -> %s",
                            [t.fqn for t in self.tables],
                            [t.fqn for t in tables],
                        )
                        self.tables = tables
                if changed:
                    try:
                        check_unique_names(tables)
                    except ConnectError as e:
                        self.connector.context.raise_error(e)
                        return
                    self.connector.context.request_task_reconfiguration()
        finally:
            provider.close()


class JdbcSourceConnector(SourceConnector):
    """Copies tables (or one query) of a PostgreSQL or SQLite database into Kafka topics."""

    VERSION = VERSION

    def __init__(self) -> None:
        self._props: dict[str, str] = {}
        self._settings: SourceSettings | None = None
        self._monitor: TableMonitor | None = None

    def version(self) -> str:
        return VERSION

    def config(self) -> ConfigDef:
        return CONFIG_DEF

    def validate(self, props: Mapping[str, str]) -> list[ConfigValue]:
        values = CONFIG_DEF.validate(props)
        by_name = {v.name: v for v in values}
        errors = settings_errors(props)
        if not errors:
            s = parse_settings(props)
            try:
                dialect = make_dialect(s)
            except ConfigError as e:
                errors = {cfg.CONNECTION_URL: [str(e)]}
            else:
                errors = {k: [v] for k, v in check_database(s, dialect).items()}
        for key, messages in errors.items():
            value = by_name.get(key)
            if value is None:
                value = by_name[key] = ConfigValue(key, props.get(key))
                values.append(value)
            for message in messages:
                if message not in value.errors:
                    value.add_error_message(message)
        return values

    def start(self, props: Mapping[str, str]) -> None:
        s = parse_settings(props)
        dialect = make_dialect(s)
        self._props = dict(props)
        self._settings = s
        if s.query:
            problems = check_database(s, dialect)
            for key, message in problems.items():
                raise ConfigError(f"Invalid configuration {key}: {message}")
            return
        provider = ConnectionProvider(dialect, s.attempts, s.backoff_ms)
        try:
            conn = provider.get()
            tables = list_tables(dialect, conn, s)
            for table in tables:  # the same checks as validate(): a missing column fails here, named
                check_table_columns(s, table, dialect.table_columns(conn, table))
        except dialect.driver_errors() as e:
            raise ConnectError(f"Cannot list tables of {dialect.redacted_url()}: {_first_line(e)}") from e
        finally:
            provider.close()
        check_unique_names(tables)
        log.info("Copying tables %s", [t.fqn for t in tables])
        self._monitor = TableMonitor(self, s, tables)
        self._monitor.start()

    def task_class(self) -> type[Task]:
        return JdbcSourceTask

    def task_configs(self, max_tasks: int) -> list[dict[str, str]]:
        if self._settings is not None and self._settings.query:
            return [dict(self._props)]
        tables = self._monitor.current() if self._monitor is not None else []
        return [
            {**self._props, cfg.TABLES: json.dumps([t.fqn for t in group])}
            for group in group_tables(tables, max_tasks)
        ]

    def stop(self) -> None:
        monitor, self._monitor = self._monitor, None
        if monitor is not None:
            monitor.stopping.set()
            monitor.join(timeout=10)

    def alter_offsets(
        self,
        connector_config: Mapping[str, str],
        offsets: list[tuple[dict[str, Any], dict[str, Any] | None]],
    ) -> bool:
        return True


class JdbcSourceTask(SourceTask):
    """Polls its tables (or the query) and returns their new rows as records."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._queriers: list[Querier] = []
        self._provider: ConnectionProvider | None = None
        self._settings: SourceSettings | None = None

    def version(self) -> str:
        return VERSION

    def start(self, props: Mapping[str, str]) -> None:
        s = parse_settings(props)
        self._settings = s
        dialect = make_dialect(s)
        self._provider = ConnectionProvider(dialect, s.attempts, s.backoff_ms, self._stop)
        conn = self._provider.get()
        reader = self.context.offset_storage_reader
        if s.query:
            queriers = [Querier(dialect, s, None)]
        else:
            names = json.loads(props.get(cfg.TABLES, "[]") or "[]")
            queriers = []
            for fqn in names:
                table = TableId.parse(fqn)
                try:
                    columns = dialect.table_columns(conn, table)
                except dialect.driver_errors() as e:
                    raise ConnectError(f"Cannot read the columns of table {fqn}: {_first_line(e)}") from e
                if not columns:
                    log.warning("Table %s no longer exists; skipping it", fqn)
                    continue
                inc = check_table_columns(s, table, columns)
                queriers.append(Querier(dialect, s, table, inc, columns))
        for querier in queriers:
            querier.load_offset(reader)
        self._queriers = queriers
        log.info("JDBC source task polls %s", [q.name for q in queriers])

    def poll(self) -> list[SourceRecord] | None:
        s, provider = self._settings, self._provider
        if s is None or provider is None or self._stop.is_set():
            return None
        if not self._queriers:
            self._stop.wait(IDLE_WAIT_S)
            return None
        reading = [q for q in self._queriers if q.reading]
        querier = reading[0] if reading else min(self._queriers, key=lambda q: q.next_run)
        delay = querier.next_run - time.monotonic()
        if delay > 0:
            self._stop.wait(min(delay, IDLE_WAIT_S))
            return None
        dialect = provider.dialect
        conn = None
        try:
            conn = provider.get()
            if not querier.reading:
                querier.start_read(conn)
            records = querier.read(s.batch_max_rows)
            if querier.drained:
                querier.end_read(conn)
                querier.next_run = time.monotonic() + s.poll_interval_ms / 1000.0
            return records or None
        except dialect.driver_errors() as e:
            querier.reset()
            if dialect.is_missing_table(e):
                log.warning("Table %s is gone; no longer polling it", querier.name)
                self._queriers.remove(querier)
                self._end_quietly(conn)
                return None
            if dialect.is_connection_error(e):
                log.warning(
                    "Lost the connection while reading %s: %s; reconnecting", querier.name, _first_line(e)
                )
                for q in self._queriers:
                    q.reset()
                provider.invalidate()
                return None
            raise ConnectError(
                f"Failed to query {querier.name}: {_first_line(e)} (SQL: {querier.sql})"
            ) from e
        except DataError as e:
            raise ConnectError(f"Failed to read a row of {querier.name}: {e}") from e

    @staticmethod
    def _end_quietly(conn: Any) -> None:
        try:
            if conn is not None:
                conn.rollback()
        except Exception:
            log.debug("rollback after an error failed", exc_info=True)

    def stop(self) -> None:
        """Called on the task's own thread after the last poll: closes the connection."""
        self._stop.set()
        provider, self._provider = self._provider, None
        if provider is not None:
            provider.close()
