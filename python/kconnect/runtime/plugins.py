"""The plugin registry: resolves connector, converter, transform and predicate names.

A plugin can be named by

* its canonical class name: the Java class name for built-ins that have a Java
  twin (``org.apache.kafka.connect.file.FileStreamSourceConnector``), else the
  dotted Python path;
* its simple class name (``FileStreamSourceConnector``) or that name without
  its type suffix (``FileStreamSource``), as Java Connect's aliases;
* a dotted Python path (``my_pkg.connectors.MyConnector`` or ``my_pkg.connectors:MyConnector``);
* an entry point in the groups ``kconnect.connectors``, ``kconnect.converters``,
  ``kconnect.header_converters``, ``kconnect.transforms``, ``kconnect.predicates``
  (the entry point's name is one more alias).

Java's ``plugin.path`` is accepted by the worker but not needed: Python plugins
are installed packages, found by entry points.
"""

from __future__ import annotations

import enum
import importlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

from kconnect.api.connector import Connector
from kconnect.api.converter import Converter, HeaderConverter
from kconnect.api.sink import SinkConnector
from kconnect.api.source import SourceConnector
from kconnect.api.transforms import Predicate, Transformation
from kconnect.config.definition import ConfigDef
from kconnect.errors import PluginNotFoundError

log = logging.getLogger(__name__)


class PluginType(enum.Enum):
    SOURCE = "source"
    SINK = "sink"
    CONVERTER = "converter"
    HEADER_CONVERTER = "header_converter"
    TRANSFORMATION = "transformation"
    PREDICATE = "predicate"


ENTRY_POINT_GROUPS = {
    "kconnect.connectors": (PluginType.SOURCE, PluginType.SINK),
    "kconnect.converters": (PluginType.CONVERTER,),
    "kconnect.header_converters": (PluginType.HEADER_CONVERTER,),
    "kconnect.transforms": (PluginType.TRANSFORMATION,),
    "kconnect.predicates": (PluginType.PREDICATE,),
}

_SUFFIXES = ("Connector", "Converter", "HeaderConverter", "Transformation", "Predicate")


@dataclass(slots=True)
class PluginDesc:
    """A resolvable plugin: its class, kind, canonical name and aliases."""

    cls: type
    type: PluginType
    class_name: str
    aliases: set[str] = field(default_factory=set)

    @property
    def version(self) -> str:
        declared = getattr(self.cls, "VERSION", None)
        if declared is not None:
            return str(declared)
        if self.type in (PluginType.SOURCE, PluginType.SINK):
            try:
                return str(self.cls().version())
            except Exception:  # a plugin that cannot be instantiated without arguments
                return "undefined"
        return "undefined"

    def to_json(self) -> dict[str, str]:
        body = {"class": self.class_name, "type": self.type.value}
        version = self.version
        if version != "undefined":
            body["version"] = version
        return body


def _python_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def plugin_type_of(cls: type) -> PluginType | None:
    """The kind of plugin ``cls`` is, from its base class."""
    if isinstance(cls, type):
        if issubclass(cls, SourceConnector):
            return PluginType.SOURCE
        if issubclass(cls, SinkConnector):
            return PluginType.SINK
        if issubclass(cls, HeaderConverter):
            return PluginType.HEADER_CONVERTER
        if issubclass(cls, Converter):
            return PluginType.CONVERTER
        if issubclass(cls, Transformation):
            return PluginType.TRANSFORMATION
        if issubclass(cls, Predicate):
            return PluginType.PREDICATE
    return None


def _aliases(class_name: str) -> set[str]:
    simple = class_name.rsplit(".", 1)[-1]
    aliases = {class_name, simple}
    for suffix in _SUFFIXES:
        if simple.endswith(suffix) and len(simple) > len(suffix):
            aliases.add(simple[: -len(suffix)])
    return aliases


class Plugins:
    """Registry of every plugin this worker can load."""

    def __init__(self, *, load_entry_points: bool = True) -> None:
        self._descs: list[PluginDesc] = []
        self._by_alias: dict[str, PluginDesc] = {}
        self._ambiguous: set[str] = set()
        self._register_builtins()
        if load_entry_points:
            self._register_entry_points()

    # -- registration ------------------------------------------------------------------------
    def register(
        self,
        cls: type,
        *,
        class_name: str | None = None,
        plugin_type: PluginType | None = None,
        extra_aliases: Iterable[str] = (),
    ) -> PluginDesc:
        kind = plugin_type or plugin_type_of(cls)
        if kind is None:
            raise PluginNotFoundError(
                f"{_python_name(cls)} is not a connector, converter, transform or predicate"
            )
        name = class_name or _python_name(cls)
        desc = PluginDesc(cls, kind, name, _aliases(name) | _aliases(_python_name(cls)) | set(extra_aliases))
        self._descs.append(desc)
        for alias in desc.aliases:
            existing = self._by_alias.get(alias)
            if existing is not None and existing.cls is not cls:
                # Java: colliding aliases are unusable; full names always win
                if alias not in (existing.class_name, desc.class_name):
                    self._ambiguous.add(alias)
                    continue
                if alias == existing.class_name:
                    continue
            self._by_alias[alias] = desc
        return desc

    def _register_builtins(self) -> None:
        from kconnect.connectors.file import FileStreamSinkConnector, FileStreamSourceConnector

        self.register(
            FileStreamSourceConnector, class_name="org.apache.kafka.connect.file.FileStreamSourceConnector"
        )
        self.register(
            FileStreamSinkConnector, class_name="org.apache.kafka.connect.file.FileStreamSinkConnector"
        )
        from kconnect.connectors.jdbc import JdbcSourceConnector

        self.register(JdbcSourceConnector, class_name="io.confluent.connect.jdbc.JdbcSourceConnector")
        from kconnect.connectors.hdfs import Hdfs3SinkConnector, HdfsSinkConnector

        self.register(HdfsSinkConnector, class_name="io.confluent.connect.hdfs.HdfsSinkConnector")
        self.register(Hdfs3SinkConnector, class_name="io.confluent.connect.hdfs3.Hdfs3SinkConnector")
        from kconnect.converters import BUILTIN_CONVERTERS

        seen: set[type] = set()
        for name, cls in BUILTIN_CONVERTERS.items():
            if cls in seen or "." not in name:
                continue
            seen.add(cls)
            aliases = {n for n, c in BUILTIN_CONVERTERS.items() if c is cls}
            kinds = [PluginType.CONVERTER] if issubclass(cls, Converter) else []
            if issubclass(cls, HeaderConverter):
                kinds.append(PluginType.HEADER_CONVERTER)
            for kind in kinds:
                self.register(cls, class_name=name, plugin_type=kind, extra_aliases=aliases)
        from kconnect.transforms.builtin import BUILTIN_PREDICATES, BUILTIN_TRANSFORMS

        for name, cls in BUILTIN_TRANSFORMS.items():
            self.register(cls, class_name=name, plugin_type=PluginType.TRANSFORMATION)
        for name, cls in BUILTIN_PREDICATES.items():
            self.register(cls, class_name=name, plugin_type=PluginType.PREDICATE)

    def _register_entry_points(self) -> None:
        for group, kinds in ENTRY_POINT_GROUPS.items():
            for ep in metadata.entry_points(group=group):
                try:
                    cls = ep.load()
                except Exception as e:
                    log.error("Cannot load plugin entry point %s=%s (%s): %s", ep.name, ep.value, group, e)
                    continue
                kind = plugin_type_of(cls)
                if kind is not None and kind not in kinds:
                    log.warning(
                        "Entry point %s in %s is a %s plugin; registering it anyway",
                        ep.name,
                        group,
                        kind.value,
                    )
                self.register(cls, plugin_type=kind or kinds[0], extra_aliases=[ep.name])

    # -- lookup ------------------------------------------------------------------------------
    def descs(self, *types: PluginType) -> list[PluginDesc]:
        return sorted(
            (d for d in self._descs if not types or d.type in types),
            key=lambda d: (d.type.value, d.class_name),
        )

    def resolve(self, name: str, *types: PluginType) -> PluginDesc:
        """The plugin named ``name`` of one of ``types``; PluginNotFoundError lists the choices."""
        name = name.strip()
        desc = self._by_alias.get(name)
        if desc is not None and (not types or desc.type in types):
            return desc
        for d in self._descs:  # a class registered under several kinds (converter + header converter)
            if name in d.aliases and (not types or d.type in types) and name not in self._ambiguous:
                return d
        if name in self._ambiguous:
            raise PluginNotFoundError(f"Plugin alias {name!r} is ambiguous; use the full class name")
        cls, import_error = self._import(name)
        if cls is not None:
            kind = plugin_type_of(cls)
            if kind is not None and (not types or kind in types):
                return self.register(cls, plugin_type=kind)
            if types and kind is None and PluginType.TRANSFORMATION in types:
                return self.register(cls, plugin_type=types[0])
        kinds = types or tuple(PluginType)
        available = sorted({d.class_name for d in self._descs if d.type in kinds})
        what = "/".join(k.value for k in kinds)
        reason = f" (importing it as a Python path failed: {import_error})" if import_error else ""
        raise PluginNotFoundError(
            f"Failed to find any class that implements {what} and which name matches {name}{reason}, "
            f"available plugins are: {', '.join(available)}"
        )

    def connector_class(self, name: str) -> type[Connector]:
        cls = self.resolve(name, PluginType.SOURCE, PluginType.SINK).cls
        assert issubclass(cls, Connector)
        return cls

    def connector_type(self, name: str) -> str:
        """``source``, ``sink`` or ``unknown`` for a connector class name."""
        try:
            return self.resolve(name, PluginType.SOURCE, PluginType.SINK).type.value
        except PluginNotFoundError:
            return "unknown"

    def new_converter(self, name: str, configs: dict[str, Any], is_key: bool) -> Converter:
        cls = self.resolve(name, PluginType.CONVERTER).cls
        converter = cls()
        assert isinstance(converter, Converter)
        converter.configure(configs, is_key)
        return converter

    def new_header_converter(self, name: str, configs: dict[str, Any]) -> HeaderConverter:
        cls = self.resolve(name, PluginType.HEADER_CONVERTER).cls
        converter = cls()
        assert isinstance(converter, HeaderConverter)
        converter.configure(configs)
        return converter

    def transform_class(self, kind: str, name: str) -> type:
        """The transform or predicate class named ``name`` (``kind``: ``transformation``/``predicate``)."""
        plugin_type = PluginType.PREDICATE if kind == "predicate" else PluginType.TRANSFORMATION
        return self.resolve(name, plugin_type).cls

    def transform_config_def(self, kind: str, name: str) -> ConfigDef | None:
        """The ConfigDef of a transformation/predicate class, or None when it cannot be resolved."""
        try:
            cls = self.transform_class(kind, name)
            definition = cls().config()
        except Exception:  # an unresolvable or broken plugin is reported by the alias check
            return None
        return definition if isinstance(definition, ConfigDef) else None

    @staticmethod
    def _import(name: str) -> tuple[type | None, str | None]:
        """The class at dotted path ``name`` (``pkg.mod.Class`` or ``pkg.mod:Class``), or why not."""
        module_name, sep, attr = name.replace(":", ".").rpartition(".")
        if not sep or not module_name:
            return None, None
        try:
            module = importlib.import_module(module_name)
        except ImportError as e:
            return None, str(e)
        cls = getattr(module, attr, None)
        if not isinstance(cls, type):
            return None, f"module {module_name} has no class {attr}"
        return cls, None
