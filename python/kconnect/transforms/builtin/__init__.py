"""Apache Kafka's built-in transforms and predicates, re-implemented on the kconnect data model.

Each class keeps its Java class name in ``JAVA_NAME`` (registered by the plugin registry), the
same config keys and defaults, and the same behaviour for records with and without schemas.
:data:`BUILTIN_TRANSFORMS` and :data:`BUILTIN_PREDICATES` map those names to the classes.
"""

from kconnect.transforms.builtin.registry import BUILTIN_PREDICATES, BUILTIN_TRANSFORMS

__all__ = ["BUILTIN_PREDICATES", "BUILTIN_TRANSFORMS"]
