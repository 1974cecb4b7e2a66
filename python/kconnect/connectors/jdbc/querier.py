"""One polled table (or the custom query): its SQL, its offset, and turning fetched rows into records.

Polling SQL per mode, as the reference (TS = the timestamp column or
``COALESCE(c1, c2, ...)``, ``end`` = database now - ``timestamp.delay.interval.ms``):

* bulk: ``SELECT * FROM t`` every poll, no offset;
* incrementing: ``WHERE inc > ? ORDER BY inc ASC`` (start -1);
* timestamp: ``WHERE TS > ? AND TS < ? ORDER BY TS ASC``;
* timestamp+incrementing: ``WHERE TS < ? AND ((TS = ? AND inc > ?) OR TS > ?) ORDER BY TS, inc ASC``.

``query.suffix`` goes last.  In timestamp mode a record's offset only moves to
its timestamp once the next row has a later one (or the result ends): rows
T1, T1, T2 after T0 carry offsets T0, T1, T2, so a restart between the two T1
rows re-reads the second instead of losing it.

Offsets use the reference's keys so offsets it wrote keep working: partition
``{"protocol": "1", "table": "<schema.table>"}`` (falls back to the legacy
``{"table": "<table>"}`` when reading), ``{"query": "query"}`` in query mode;
offset ``incrementing`` (long), ``timestamp`` (epoch ms) and
``timestamp_nanos`` (the fractional second in ns).

The in-memory offset is that of the last record handed out; after a failed read
the next query starts there, so nothing is skipped.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from kconnect.api.records import SourceRecord
from kconnect.api.source import OffsetStorageReader
from kconnect.connectors.jdbc.config import (
    INCREMENTING_COLUMN,
    MODE_BULK,
    MODE_INCREMENTING,
    MODE_TIMESTAMP,
    MODE_TIMESTAMP_INCREMENTING,
    TIMESTAMP_COLUMN,
    TIMESTAMP_INITIAL_CURRENT,
    SourceSettings,
)
from kconnect.connectors.jdbc.dialect import Dialect, TableColumn, TableId
from kconnect.connectors.jdbc.types import RowMapper
from kconnect.data import logical as lg
from kconnect.errors import ConfigError, DataError

log = logging.getLogger(__name__)

PROTOCOL_KEY = "protocol"
PROTOCOL_V1 = "1"
TABLE_KEY = "table"
QUERY_KEY = "query"
QUERY_PARTITION = {QUERY_KEY: "query"}
INCREMENTING_FIELD = "incrementing"
TIMESTAMP_FIELD = "timestamp"
TIMESTAMP_NANOS_FIELD = "timestamp_nanos"
EPOCH = lg.EPOCH


def offset_timestamp(offset: Mapping[str, Any]) -> dt.datetime | None:
    """The timestamp of a stored offset (ms plus the ns of the fractional second)."""
    millis = offset.get(TIMESTAMP_FIELD)
    if millis is None:
        return None
    nanos = offset.get(TIMESTAMP_NANOS_FIELD)
    seconds = int(millis) // 1000
    micros = int(nanos) // 1000 if nanos is not None else (int(millis) % 1000) * 1000
    return EPOCH + dt.timedelta(seconds=seconds, microseconds=micros)


def timestamp_offset(value: dt.datetime) -> dict[str, int]:
    """``timestamp``/``timestamp_nanos`` of an aware datetime (Java ``Timestamp`` semantics)."""
    micros = (value - EPOCH) // dt.timedelta(microseconds=1)
    return {TIMESTAMP_FIELD: micros // 1000, TIMESTAMP_NANOS_FIELD: (micros % 1_000_000) * 1000}


def find_column(columns: Sequence[TableColumn], name: str) -> TableColumn | None:
    """The column called ``name`` (exact, else case-insensitive)."""
    for column in columns:
        if column.name == name:
            return column
    lowered = name.lower()
    return next((c for c in columns if c.name.lower() == lowered), None)


def check_table_columns(s: SourceSettings, table: TableId, columns: Sequence[TableColumn]) -> str:
    """The incrementing column to use on ``table``; ConfigError naming the key when the table lacks one."""
    inc = s.incrementing_column
    if s.uses_incrementing:
        if not inc:
            auto = [c for c in columns if c.auto_increment]
            if not auto:
                raise ConfigError(
                    f"Invalid configuration {INCREMENTING_COLUMN}: table {table.fqn} has no "
                    f"auto-incrementing column to detect; set {INCREMENTING_COLUMN}"
                )
            inc = auto[0].name
        column = find_column(columns, inc)
        if column is None:
            raise ConfigError(
                f"Invalid configuration {INCREMENTING_COLUMN}: cannot make incremental queries using "
                f"incrementing column {inc} on {table.fqn} because this column does not exist"
            )
        if s.validate_non_null and column.nullable:
            raise ConfigError(
                f"Invalid configuration {INCREMENTING_COLUMN}: cannot make incremental queries using "
                f"incrementing column {inc} on {table.fqn} because this column is nullable "
                "(set validate.non.null=false to allow it)"
            )
        inc = column.name
    if s.uses_timestamp:
        found = []
        for name in s.timestamp_columns:
            column = find_column(columns, name)
            if column is None:
                raise ConfigError(
                    f"Invalid configuration {TIMESTAMP_COLUMN}: cannot make incremental queries using "
                    f"timestamp column {name} on {table.fqn} because this column does not exist"
                )
            found.append(column)
        if s.validate_non_null and all(c.nullable for c in found):
            raise ConfigError(
                f"Invalid configuration {TIMESTAMP_COLUMN}: cannot make incremental queries using timestamp "
                f"columns {', '.join(s.timestamp_columns)} on {table.fqn} because all of these columns are "
                "nullable (set validate.non.null=false to allow it)"
            )
    return inc


class Querier:
    """Reads one table (or the query) and remembers where it got to."""

    def __init__(
        self,
        dialect: Dialect,
        settings: SourceSettings,
        table: TableId | None,
        incrementing_column: str = "",
        table_columns: Sequence[TableColumn] | None = None,
    ) -> None:
        self.dialect = dialect
        self.s = settings
        self.table = table
        self.mode = settings.mode
        self.inc_column = incrementing_column or settings.incrementing_column
        self.table_columns = table_columns
        if table is None:
            self.topic = settings.topic_prefix
            self.partition: dict[str, str] = dict(QUERY_PARTITION)
            self.name = "query"
        else:
            self.topic = settings.topic_prefix + table.name
            self.partition = {PROTOCOL_KEY: PROTOCOL_V1, TABLE_KEY: table.fqn}
            self.name = table.fqn
        self.inc_offset: int | None = -1 if self.s.uses_incrementing else None
        self.ts_offset: dt.datetime | None = None
        self.next_run = 0.0
        self._cursor: Any = None
        self._mapper: RowMapper | None = None
        self._rows: list[tuple[Any, ...]] = []
        self._pos = 0
        self._drained = False
        self._committable_ts: dt.datetime | None = None
        self._sql = self._build_sql()

    # -- offsets
    def load_offset(self, reader: OffsetStorageReader) -> None:
        """Resume from the stored offset (v1 partition, then the legacy bare-name one)."""
        stored = reader.offset(self.partition)
        if stored is None and self.table is not None:
            stored = reader.offset({TABLE_KEY: self.table.name})
        if stored is None:
            return
        if self.s.uses_incrementing and stored.get(INCREMENTING_FIELD) is not None:
            self.inc_offset = int(stored[INCREMENTING_FIELD])
        if self.s.uses_timestamp:
            self.ts_offset = offset_timestamp(stored)
        log.info("%s resumes from offset %s", self.name, stored)

    def _offset_map(self, inc: int | None, ts: dt.datetime | None) -> dict[str, Any] | None:
        if self.mode == MODE_BULK:
            return None
        out: dict[str, Any] = {}
        if inc is not None and self.s.uses_incrementing:
            out[INCREMENTING_FIELD] = inc
        if ts is not None:
            out.update(timestamp_offset(ts))
        return out

    # -- SQL
    def _q(self, ident: str) -> str:
        return self.dialect.quote(ident, self.s.quote)

    def _build_sql(self) -> str:
        base = (
            self.s.query
            if self.table is None
            else f"SELECT * FROM {self.dialect.table_sql(self.table, self.s.quote)}"
        )
        ph = self.dialect.placeholder
        inc = self._q(self.inc_column) if self.s.uses_incrementing else ""
        cols = [self._q(c) for c in self.s.timestamp_columns]
        ts = (
            self.dialect.timestamp_expr(cols[0] if len(cols) == 1 else f"COALESCE({', '.join(cols)})")
            if cols
            else ""
        )
        if self.mode == MODE_INCREMENTING:
            where = f" WHERE {inc} > {ph} ORDER BY {inc} ASC"
        elif self.mode == MODE_TIMESTAMP:
            where = f" WHERE {ts} > {ph} AND {ts} < {ph} ORDER BY {ts} ASC"
        elif self.mode == MODE_TIMESTAMP_INCREMENTING:
            where = (
                f" WHERE {ts} < {ph} AND (({ts} = {ph} AND {inc} > {ph}) OR {ts} > {ph})"
                f" ORDER BY {ts},{inc} ASC"
            )
        else:
            where = ""
        suffix = f" {self.s.query_suffix}" if self.s.query_suffix else ""
        return base + where + suffix

    @property
    def sql(self) -> str:
        return self._sql

    def params(self, now: dt.datetime | None) -> list[Any]:
        """Bind values for the next query (``now`` = database time, needed by timestamp modes)."""
        if self.mode == MODE_INCREMENTING:
            return [self.inc_offset]
        if self.mode == MODE_BULK:
            return []
        assert now is not None
        if self.ts_offset is None:
            initial = self.s.timestamp_initial
            if initial == TIMESTAMP_INITIAL_CURRENT:
                self.ts_offset = now
            else:
                self.ts_offset = lg.millis_to_timestamp(initial or 0)
        begin = self.dialect.timestamp_param(self.ts_offset)
        end = self.dialect.timestamp_param(now - dt.timedelta(milliseconds=self.s.delay_ms))
        if self.mode == MODE_TIMESTAMP:
            return [begin, end]
        return [end, begin, self.inc_offset, begin]

    # -- reading
    @property
    def reading(self) -> bool:
        return self._cursor is not None

    def start_read(self, conn: Any) -> None:
        now = self.dialect.now(conn) if self.s.uses_timestamp else None
        params = self.params(now)
        log.debug("%s: %s %s", self.name, self._sql, params)
        self._cursor = self.dialect.execute(conn, self._sql, params, self.s.batch_max_rows)
        self._rows, self._pos, self._drained = [], 0, False
        self._committable_ts = self.ts_offset
        self._mapper = None

    def _fill(self, need: int) -> None:
        """Make at least ``need`` unread rows available unless the result is drained."""
        while not self._drained and len(self._rows) - self._pos < need:
            rows = self.dialect.fetch(self._cursor, self.s.batch_max_rows)
            if not rows:
                self._drained = True
                break
            self._rows = self._rows[self._pos :] + rows
            self._pos = 0
            if self._mapper is None:
                columns = self.dialect.describe(self._cursor, self.table_columns, rows)
                self._mapper = RowMapper(
                    self.table.name if self.table is not None else None,
                    columns,
                    self.s.numeric_mapping,
                    self.s.timezone,
                    self.dialect.exact_kinds,
                )
                self._inc_index = self._mapper.index_of(self.inc_column) if self.s.uses_incrementing else -1
                self._ts_indexes = [self._mapper.index_of(c) for c in self.s.timestamp_columns]

    def read(self, max_rows: int) -> list[SourceRecord]:
        """Up to ``max_rows`` records; fewer (maybe none) once the result is drained (see :attr:`drained`)."""
        self._fill(max_rows + 1)
        mapper = self._mapper
        if mapper is None:
            return []
        records: list[SourceRecord] = []
        uses_inc, mode = self.s.uses_incrementing, self.mode
        while len(records) < max_rows and self._pos < len(self._rows):
            row = self._rows[self._pos]
            self._pos += 1
            try:
                values = mapper.values(row)
            except DataError as e:
                raise DataError(f"table {self.name}: {e}") from e
            inc = ts = None
            if uses_inc:
                inc = values[self._inc_index]
                if inc is None:
                    raise DataError(f"table {self.name}: null value in incrementing column {self.inc_column}")
                inc = int(inc)
            if self._ts_indexes:
                ts = next((values[i] for i in self._ts_indexes if values[i] is not None), None)
            if mode == MODE_TIMESTAMP:
                if self._pos >= len(self._rows):
                    self._fill(1)
                nxt = self._next_timestamp()
                if ts is None or nxt is None or ts < nxt:
                    self._committable_ts = ts
                offset_ts = self._committable_ts
            else:
                offset_ts = ts
            if mode != MODE_BULK:
                self.inc_offset = inc if uses_inc else self.inc_offset
                self.ts_offset = offset_ts if offset_ts is not None else self.ts_offset
            records.append(
                SourceRecord(
                    topic=self.topic,
                    kafka_partition=None,
                    key_schema=None,
                    key=None,
                    value_schema=mapper.schema,
                    value=mapper.struct(values),
                    source_partition=self.partition,
                    source_offset=self._offset_map(self.inc_offset, self.ts_offset),
                )
            )
        if self._pos >= len(self._rows):
            self._rows, self._pos = [], 0
        return records

    def _next_timestamp(self) -> dt.datetime | None:
        if self._pos >= len(self._rows) or self._mapper is None:
            return None
        values = self._mapper.values(self._rows[self._pos])
        return next((values[i] for i in self._ts_indexes if values[i] is not None), None)

    @property
    def drained(self) -> bool:
        return self._drained and self._pos >= len(self._rows)

    def end_read(self, conn: Any) -> None:
        cursor, self._cursor = self._cursor, None
        self._rows, self._pos = [], 0
        if cursor is not None and conn is not None:
            self.dialect.end_read(conn, cursor)

    def reset(self) -> None:
        """Forget the open read after an error (the connection is being replaced)."""
        self._cursor = None
        self._rows, self._pos, self._drained = [], 0, False
