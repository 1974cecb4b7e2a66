"""The transformation chain of one task: ``transforms`` / ``predicates`` compiled once, applied per batch.

:meth:`TransformationChain.from_config` resolves, instantiates and configures every transform and
predicate named in a connector config once; :meth:`TransformationChain.apply_batch` runs the
records of one poll/fetch through the stages in order.  A stage applies when it has no
predicate or when ``negate XOR predicate.test(record)``; a stage returning ``None`` drops the
record, and later stages never see it.

Fast-path plan: ``apply_batch`` is the only entry point the task loops use, so a native
implementation can take over a chain made only of built-in transforms (each built-in exposes
its parsed settings) and run it inside the Rust batch step, while a chain with any Python
transform keeps this row path.  The per-record error hook (``run``) stays the same for both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from kconnect.api.records import ConnectRecord
from kconnect.api.transforms import Predicate, Transformation
from kconnect.config.types import Type as ConfigType
from kconnect.config.types import parse_type
from kconnect.errors import ConfigError, ConnectError

__all__ = ["PluginResolver", "SkipRecord", "TransformStage", "TransformationChain", "check_aliases"]

R = TypeVar("R", bound=ConnectRecord)

PluginResolver = Callable[[str, str], type]
"""``(kind, class name) -> class``; ``kind`` is ``transformation`` or ``predicate``."""


class SkipRecord(Exception):  # a control-flow signal, not an error
    """Raised by a stage runner when a failure was tolerated: the record is skipped."""


@dataclass(frozen=True, slots=True)
class TransformStage(Generic[R]):
    """One configured transform with its optional predicate."""

    alias: str
    transform: Transformation[R]
    predicate: Predicate[R] | None = None
    negate: bool = False

    def should_apply(self, record: R) -> bool:
        return self.predicate is None or self.negate != self.predicate.test(record)

    def apply(self, record: R) -> R | None:
        return self.transform.apply(record) if self.should_apply(record) else record


StageRunner = Callable[[TransformStage[Any], Callable[[], Any]], Any]


def _direct(stage: TransformStage[Any], call: Callable[[], Any]) -> Any:
    return call()


def _aliases(props: Mapping[str, str], key: str) -> list[str]:
    return list(dict.fromkeys(parse_type(key, props.get(key), ConfigType.LIST) or []))


def _sub_configs(props: Mapping[str, str], prefix: str) -> dict[str, str]:
    return {k[len(prefix) :]: v for k, v in props.items() if k.startswith(prefix) and k != prefix + "type"}


def _instantiate(kind: str, alias: str, props: Mapping[str, str], resolve: PluginResolver) -> Any:
    list_key = "transforms" if kind == "transformation" else "predicates"
    prefix = f"{list_key}.{alias}."
    class_name = (props.get(prefix + "type") or "").strip()
    if not class_name:
        raise ConfigError(f'Missing required configuration "{prefix}type" which has no default value.')
    cls = resolve(kind, class_name)
    instance = cls()
    configs = _sub_configs(props, prefix)
    if kind == "transformation":
        configs.pop("predicate", None)
        configs.pop("negate", None)
    try:
        instance.configure(configs)
    except ConnectError as e:
        raise ConfigError(f"Invalid configuration for {kind} '{alias}' ({class_name}): {e}") from e
    return instance


class TransformationChain(Generic[R]):
    """The compiled transforms of one task, in order."""

    def __init__(
        self, stages: Sequence[TransformStage[R]] = (), predicates: Sequence[Predicate[R]] = ()
    ) -> None:
        self.stages = tuple(stages)
        self._predicates = tuple(predicates)

    @classmethod
    def from_config(cls, props: Mapping[str, str], resolve: PluginResolver) -> TransformationChain[Any]:
        """Resolve and configure every transform and predicate of a connector config."""
        predicates: dict[str, Predicate[Any]] = {}
        for alias in _aliases(props, "predicates"):
            predicates[alias] = _instantiate("predicate", alias, props, resolve)
        stages = []
        for alias in _aliases(props, "transforms"):
            transform = _instantiate("transformation", alias, props, resolve)
            predicate_alias = props.get(f"transforms.{alias}.predicate")
            negate = parse_type(
                f"transforms.{alias}.negate",
                props.get(f"transforms.{alias}.negate", "false"),
                ConfigType.BOOLEAN,
            )
            predicate = None
            if predicate_alias:
                predicate = predicates.get(predicate_alias.strip())
                if predicate is None:
                    raise ConfigError(
                        f"Invalid value {predicate_alias} for configuration transforms.{alias}.predicate: "
                        f"there is no predicate with this alias in 'predicates' ({', '.join(predicates)})"
                    )
            elif negate:
                raise ConfigError(
                    f"Config 'transforms.{alias}.negate' was provided but there is no config "
                    f"'transforms.{alias}.predicate' defining a predicate to be negated."
                )
            stages.append(TransformStage(alias, transform, predicate, bool(negate)))
        return cls(stages, list(predicates.values()))

    @property
    def is_empty(self) -> bool:
        return not self.stages

    def apply(self, record: R, run: StageRunner = _direct) -> R | None:
        """One record through every stage; None when a stage dropped it or ``run`` skipped it."""
        current: R | None = record
        for stage in self.stages:
            assert current is not None
            applied = current
            try:
                current = run(stage, lambda s=stage, r=applied: s.apply(r))  # type: ignore[misc]
            except SkipRecord:
                return None
            if current is None:
                return None
        return current

    def apply_batch(self, records: Sequence[R], run: StageRunner = _direct) -> list[R | None]:
        """Every record through the chain; the result is aligned with ``records`` (None = dropped)."""
        if not self.stages:
            return list(records)
        return [self.apply(r, run) for r in records]

    def close(self) -> None:
        for stage in self.stages:
            stage.transform.close()
        for predicate in self._predicates:
            predicate.close()


def check_aliases(props: Mapping[str, str], resolve: PluginResolver) -> dict[str, list[str]]:
    """Problems config validation reports per key: unknown classes and rejected configurations.

    Each transform and predicate class is resolved (an unknown one names the available plugins)
    and, when its keys passed their definitions, configured once, so checks Java only makes
    when a task starts (e.g. InsertField with no field) already fail validation.
    """
    problems: dict[str, list[str]] = {}
    for list_key, kind in (("transforms", "transformation"), ("predicates", "predicate")):
        try:
            aliases = _aliases(props, list_key)
        except ConfigError:
            continue
        for alias in aliases:
            type_key = f"{list_key}.{alias}.type"
            if not (props.get(type_key) or "").strip():
                continue
            try:
                _instantiate(kind, alias, props, resolve)
            except ConfigError as e:
                problems.setdefault(type_key, []).append(str(e))
    return problems
