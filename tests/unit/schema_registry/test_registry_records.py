"""``_schemas`` record encodings and the state they build (no services)."""

from __future__ import annotations

from kconnect.schema_registry import records as rec
from kconnect.schema_registry.records import Reference, SchemaRecord
from kconnect.schema_registry.state import RegistryState


def test_keys_are_confluents() -> None:
    assert rec.schema_key("s", 3) == b'{"keytype":"SCHEMA","subject":"s","version":3,"magic":1}'
    assert rec.config_key(None) == b'{"keytype":"CONFIG","magic":0}'
    assert rec.mode_key("s") == b'{"keytype":"MODE","subject":"s","magic":0}'
    assert rec.delete_subject_key("s") == b'{"keytype":"DELETE_SUBJECT","subject":"s","magic":0}'
    assert rec.noop_key() == b'{"keytype":"NOOP","magic":0}'


def test_schema_values() -> None:
    plain = SchemaRecord("s", 1, 5, '"int"')
    assert (
        rec.schema_value(plain) == b'{"subject":"s","version":1,"id":5,"schema":"\\"int\\"","deleted":false}'
    )
    refs = SchemaRecord("s", 2, 6, '"x"', "AVRO", (Reference("x", "t", 1),), deleted=True)
    assert rec.schema_value(refs) == (
        b'{"subject":"s","version":2,"id":6,"references":[{"name":"x","subject":"t","version":1}],'
        b'"schema":"\\"x\\"","deleted":true}'
    )


def test_state_applies_every_key_type() -> None:
    state = RegistryState()
    for v, schema_id in [(1, 1), (2, 2)]:
        state.apply(rec.schema_key("s", v), rec.schema_value(SchemaRecord("s", v, schema_id, f'"{v}"')))
    state.apply(rec.config_key(None), b'{"compatibilityLevel":"FULL"}')
    state.apply(rec.mode_key("s"), b'{"mode":"READONLY"}')
    assert (state.configs, state.modes, state.max_id) == ({None: "FULL"}, {"s": "READONLY"}, 2)
    state.apply(rec.delete_subject_key("s"), b'{"subject":"s","version":1}')
    assert [r.version for r in state.subject_versions("s")] == [2]
    state.apply(rec.schema_key("s", 1), None)
    assert [r.version for r in state.subject_versions("s", deleted=True)] == [2]
    state.apply(b'{"keytype":"CLEAR_SUBJECT","subject":"s","magic":0}', b'{"subject":"s"}')
    state.apply(rec.config_key(None), None)
    assert state.configs == {}
    state.apply(b"not json", b"x")  # skipped, logged
    state.apply(b'{"keytype":"ASSOCIATION","magic":0}', b"{}")  # unknown key types are ignored
    assert state.subjects() == ["s"] and state.max_id == 2
