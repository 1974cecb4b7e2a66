"""A Schema Registry compatible with Confluent's: REST API, ``_schemas`` topic format, Avro rules.

Modules: :mod:`~.records` (topic keys/values), :mod:`~.state` (in-memory view), :mod:`~.store`
(Kafka-topic store), :mod:`~.avro_schema` (parsing, canonical text), :mod:`~.compatibility`
(Avro resolution rules and levels), :mod:`~.registry` (operations), :mod:`~.rest` (HTTP),
:mod:`~.leader` (leader election in the Kafka group, Confluent's ``sr`` protocol),
:mod:`~.server` (everything wired), :mod:`~.config` (properties).
"""

from kconnect.schema_registry.config import RegistryConfig, parse_registry_config
from kconnect.schema_registry.server import SchemaRegistryServer

__all__ = ["RegistryConfig", "SchemaRegistryServer", "parse_registry_config"]
