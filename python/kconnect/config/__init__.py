"""kconnect.config: the one declarative configuration facility.

* :mod:`~kconnect.config.properties` - Java ``.properties`` parsing/formatting;
* :mod:`~kconnect.config.files` - reading worker and connector config files;
* :mod:`~kconnect.config.types`, :mod:`~kconnect.config.validators`,
  :mod:`~kconnect.config.definition`, :mod:`~kconnect.config.parsed` - ``ConfigDef`` and friends;
* :mod:`~kconnect.config.worker`, :mod:`~kconnect.config.connector` - Connect's own keys;
* :mod:`~kconnect.config.clients` - client settings and the override policy.
"""

from kconnect.config.clients import OverridePolicy, apply_client_overrides, client_configs
from kconnect.config.definition import (
    ConfigDef,
    ConfigKey,
    ConfigValidationError,
    ConfigValue,
    Recommender,
    config_value_to_info,
)
from kconnect.config.files import load_connector_file, load_connector_request, load_properties
from kconnect.config.parsed import ParsedConfig
from kconnect.config.properties import format_properties, parse_properties
from kconnect.config.types import NO_DEFAULT, Importance, Password, Type, Width
from kconnect.config.validators import (
    CaseInsensitiveValidString,
    CompositeValidator,
    LambdaValidator,
    NonEmptyString,
    NonEmptyStringWithoutControlChars,
    NonNullValidator,
    Range,
    Validator,
    ValidList,
    ValidString,
)

__all__ = [
    "NO_DEFAULT",
    "CaseInsensitiveValidString",
    "CompositeValidator",
    "ConfigDef",
    "ConfigKey",
    "ConfigValidationError",
    "ConfigValue",
    "Importance",
    "LambdaValidator",
    "NonEmptyString",
    "NonEmptyStringWithoutControlChars",
    "NonNullValidator",
    "OverridePolicy",
    "ParsedConfig",
    "Password",
    "Range",
    "Recommender",
    "Type",
    "ValidList",
    "ValidString",
    "Validator",
    "Width",
    "apply_client_overrides",
    "client_configs",
    "config_value_to_info",
    "format_properties",
    "load_connector_file",
    "load_connector_request",
    "load_properties",
    "parse_properties",
]
