"""Kafka client settings derived from worker and connector configs, and the connector client
override policy (``connector.client.config.override.policy``).

Keys are Java client names (``security.protocol``, ``sasl.jaas.config`` ...); translating them for
a particular client library is the caller's job.

Decisions:

* :func:`client_configs` lets ``producer.``/``consumer.`` clients inherit the worker's
  ``security.protocol``, ``sasl.*`` and ``ssl.*`` keys (Java only does that for admin clients).
  Prefixed keys still win, so every configuration valid for Java behaves the same; one that
  forgot ``producer.security.protocol`` works instead of failing to connect.
* Policy names are matched ignoring case; the three built-in Java class names are accepted too.
  Any other class name is a :class:`ConfigError` (kconnect cannot load Java policy classes).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from kconnect.config.definition import ConfigValue
from kconnect.config.types import JAVA_TRIM_CHARS
from kconnect.errors import ConfigError

__all__ = [
    "CLIENT_PREFIXES",
    "OVERRIDE_PREFIXES",
    "OverridePolicy",
    "apply_client_overrides",
    "client_configs",
    "is_security_key",
    "validate_client_overrides",
]

CLIENT_PREFIXES = ("producer.", "consumer.", "admin.")
OVERRIDE_PREFIXES = ("producer.override.", "consumer.override.", "admin.override.")
_POLICY_PACKAGE = "org.apache.kafka.connect.connector.policy."
_PRINCIPAL_KEYS = frozenset({"sasl.jaas.config", "sasl.mechanism", "security.protocol"})


def is_security_key(key: str) -> bool:
    """``security.protocol`` and the ``sasl.*``/``ssl.*`` client keys."""
    return key == "security.protocol" or key.startswith(("sasl.", "ssl."))


def client_configs(worker_props: Mapping[str, str], prefix: str) -> dict[str, str]:
    """Settings for a client of kind ``prefix`` (``producer.``, ``consumer.`` or ``admin.``).

    ``bootstrap.servers`` and the security keys come from the worker's un-prefixed keys, then
    the worker's ``<prefix>*`` keys (prefix stripped) override them.
    """
    if prefix not in CLIENT_PREFIXES:
        raise ValueError(f"client prefix must be one of {CLIENT_PREFIXES}, not {prefix!r}")
    result: dict[str, str] = {"bootstrap.servers": worker_props.get("bootstrap.servers", "localhost:9092")}
    for key, value in worker_props.items():
        if is_security_key(key):
            result[key] = value
    for key, value in worker_props.items():
        if key.startswith(prefix) and len(key) > len(prefix):
            result[key[len(prefix) :]] = value
    return result


class OverridePolicy(enum.Enum):
    """The built-in connector client config override policies."""

    ALL = "All"
    NONE = "None"
    PRINCIPAL = "Principal"

    @classmethod
    def from_config(cls, value: str | OverridePolicy) -> OverridePolicy:
        """Resolve an alias (``All``/``None``/``Principal``, any case) or built-in Java class name."""
        if isinstance(value, OverridePolicy):
            return value
        text = value.strip(JAVA_TRIM_CHARS)
        if text.startswith(_POLICY_PACKAGE) and text.endswith("ConnectorClientConfigOverridePolicy"):
            text = text[len(_POLICY_PACKAGE) : -len("ConnectorClientConfigOverridePolicy")]
        for policy in cls:
            if policy.value.lower() == text.lower():
                return policy
        raise ConfigError(
            f"Invalid value {value} for configuration connector.client.config.override.policy: "
            "must be All, None, Principal or a built-in policy class name"
        )

    def allows(self, key: str) -> bool:
        """Whether a connector may override client key ``key`` (un-prefixed)."""
        if self is OverridePolicy.ALL:
            return True
        if self is OverridePolicy.PRINCIPAL:
            return key in _PRINCIPAL_KEYS
        return False

    def message(self, key: str) -> str:
        """Java's error message for a rejected override of ``key``."""
        return (
            f"The '{self.value}' policy does not allow '{key}' "
            "to be overridden in the connector configuration."
        )


def validate_client_overrides(
    policy: str | OverridePolicy, connector_props: Mapping[str, str], prefix: str
) -> list[ConfigValue]:
    """One :class:`ConfigValue` per ``<prefix>key`` in ``connector_props`` (named with the prefix)."""
    resolved = OverridePolicy.from_config(policy)
    values: list[ConfigValue] = []
    for full_key, value in connector_props.items():
        if not full_key.startswith(prefix):
            continue
        key = full_key[len(prefix) :]
        result = ConfigValue(full_key, value)
        if not resolved.allows(key):
            result.add_error_message(resolved.message(key))
        values.append(result)
    return values


def apply_client_overrides(
    policy: str | OverridePolicy, connector_props: Mapping[str, str], prefix: str
) -> dict[str, str]:
    """The connector's ``<prefix>*`` overrides (prefix stripped), e.g. ``prefix="producer.override."``.

    Raises :class:`ConfigError` naming every override the policy rejects.
    """
    rejected = [v for v in validate_client_overrides(policy, connector_props, prefix) if v.errors]
    if rejected:
        raise ConfigError(" ".join(v.errors[0] for v in rejected))
    return {k[len(prefix) :]: v for k, v in connector_props.items() if k.startswith(prefix)}
