"""JSON Schemas of Connect's REST entities (``components.schemas`` of the OpenAPI document)."""

from __future__ import annotations

from typing import Any

__all__ = ["SCHEMAS", "array_of", "ref"]

JsonSchema = dict[str, Any]


def ref(name: str) -> JsonSchema:
    """A ``$ref`` to one of :data:`SCHEMAS`."""
    if name not in SCHEMAS:
        raise KeyError(name)
    return {"$ref": f"#/components/schemas/{name}"}


def array_of(item: JsonSchema) -> JsonSchema:
    return {"type": "array", "items": item}


def _obj(props: dict[str, JsonSchema], required: list[str] | None = None) -> JsonSchema:
    return {"type": "object", "properties": props, "required": list(props) if required is None else required}


_STR: JsonSchema = {"type": "string"}
_INT: JsonSchema = {"type": "integer"}
_NULLABLE_STR: JsonSchema = {"type": ["string", "null"]}
_STATE: JsonSchema = {
    "type": "string",
    "enum": ["UNASSIGNED", "RUNNING", "PAUSED", "FAILED", "RESTARTING", "STOPPED"],
}
_CONNECTOR_TYPE: JsonSchema = {"type": "string", "enum": ["source", "sink", "unknown"]}

SCHEMAS: dict[str, JsonSchema] = {
    "ErrorMessage": _obj({"error_code": _INT, "message": _NULLABLE_STR}),
    "ServerInfo": _obj({"version": _STR, "commit": _STR, "kafka_cluster_id": _NULLABLE_STR}),
    "WorkerStatus": _obj(
        {"status": {"type": "string", "enum": ["healthy", "starting", "unhealthy"]}, "message": _STR}
    ),
    "ConfigMap": {
        "type": "object",
        "additionalProperties": {"type": ["string", "number", "boolean"]},
        "description": "Connector configuration; numbers and booleans are coerced to strings.",
    },
    "ConfigPatch": {
        "type": "object",
        "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
        "description": "Keys to set; null removes a key.",
    },
    "StringMap": {"type": "object", "additionalProperties": _STR},
    "CreateConnectorRequest": {
        **_obj(
            {
                "name": _STR,
                "config": {"$ref": "#/components/schemas/ConfigMap"},
                "initial_state": {
                    "type": "string",
                    "description": "RUNNING, PAUSED or STOPPED (case-insensitive); default RUNNING",
                },
            },
            required=["name", "config"],
        ),
        "additionalProperties": False,
    },
    "ConnectorTaskId": _obj({"connector": _STR, "task": _INT}),
    "ConnectorInfo": _obj(
        {
            "name": _STR,
            "config": {"$ref": "#/components/schemas/StringMap"},
            "tasks": array_of({"$ref": "#/components/schemas/ConnectorTaskId"}),
            "type": _CONNECTOR_TYPE,
        }
    ),
    "ConnectorState": _obj(
        {"state": _STATE, "worker_id": _STR, "trace": _STR}, required=["state", "worker_id"]
    ),
    "TaskState": _obj(
        {"id": _INT, "state": _STATE, "worker_id": _STR, "trace": _STR}, required=["id", "state", "worker_id"]
    ),
    "ConnectorStateInfo": _obj(
        {
            "name": _STR,
            "connector": {"$ref": "#/components/schemas/ConnectorState"},
            "tasks": array_of({"$ref": "#/components/schemas/TaskState"}),
            "type": _CONNECTOR_TYPE,
        }
    ),
    "ConnectorExpansions": {
        "type": "object",
        "additionalProperties": _obj(
            {
                "status": {"$ref": "#/components/schemas/ConnectorStateInfo"},
                "info": {"$ref": "#/components/schemas/ConnectorInfo"},
            },
            required=[],
        ),
    },
    "TaskInfo": _obj(
        {
            "id": {"$ref": "#/components/schemas/ConnectorTaskId"},
            "config": {"$ref": "#/components/schemas/StringMap"},
        }
    ),
    "TasksConfig": {
        "type": "object",
        "description": "Task configs keyed by '<connector>-<task>'.",
        "additionalProperties": {"$ref": "#/components/schemas/StringMap"},
    },
    "ConnectorOffset": _obj(
        {"partition": {"type": "object"}, "offset": {"type": ["object", "null"]}}, required=["partition"]
    ),
    "ConnectorOffsets": _obj({"offsets": array_of({"$ref": "#/components/schemas/ConnectorOffset"})}),
    "Message": _obj({"message": _STR}),
    "ActiveTopics": {
        "type": "object",
        "description": "Keyed by connector name",
        "additionalProperties": _obj({"topics": array_of(_STR)}),
    },
    "PluginInfo": _obj(
        {
            "class": _STR,
            "type": {
                "type": "string",
                "enum": ["source", "sink", "converter", "header_converter", "transformation", "predicate"],
            },
            "version": _STR,
        },
        required=["class", "type"],
    ),
    "ConfigKeyInfo": _obj(
        {
            "name": _STR,
            "type": _STR,
            "required": {"type": "boolean"},
            "default_value": _NULLABLE_STR,
            "importance": _NULLABLE_STR,
            "documentation": _NULLABLE_STR,
            "group": _NULLABLE_STR,
            "order": _INT,
            "width": _NULLABLE_STR,
            "display_name": _NULLABLE_STR,
            "dependents": array_of(_STR),
        }
    ),
    "ConfigValueInfo": _obj(
        {
            "name": _STR,
            "value": _NULLABLE_STR,
            "recommended_values": array_of(_STR),
            "errors": array_of(_STR),
            "visible": {"type": "boolean"},
        }
    ),
    "ConfigInfo": _obj(
        {
            "definition": {"oneOf": [{"$ref": "#/components/schemas/ConfigKeyInfo"}, {"type": "null"}]},
            "value": {"oneOf": [{"$ref": "#/components/schemas/ConfigValueInfo"}, {"type": "null"}]},
        }
    ),
    "ConfigInfos": _obj(
        {
            "name": _STR,
            "error_count": _INT,
            "groups": array_of(_STR),
            "configs": array_of({"$ref": "#/components/schemas/ConfigInfo"}),
        }
    ),
    "LoggerLevel": _obj({"level": _STR, "last_modified": {"type": ["integer", "null"]}}),
    "LoggerLevels": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/LoggerLevel"}},
    "LevelRequest": _obj({"level": _STR}),
}
