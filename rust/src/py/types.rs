//! Python classes the boundary uses on every call (imported once), and the fast
//! constructor for the slotted classes the converters return.

use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyString, PyType};

use crate::schema::SchemaType;

/// Python classes used on every call, imported once.
pub struct PyTypes {
    pub schema_cls: Py<PyType>,
    pub type_members: Vec<(SchemaType, Py<PyAny>)>,
    pub struct_cls: Py<PyType>,
    pub schema_and_value: Py<PyType>,
    pub decimal: Py<PyType>,
    pub date: Py<PyType>,
    pub time: Py<PyType>,
    pub datetime: Py<PyType>,
    pub utc: Py<PyAny>,
    pub epoch_utc: Py<PyAny>,
    pub epoch_naive: Py<PyAny>,
    pub one_ms: Py<PyAny>,
    pub optional_string: Py<PyAny>,
    pub optional_bytes: Py<PyAny>,
    pub optional_boolean: Py<PyAny>,
    pub optional_int16: Py<PyAny>,
    pub optional_int32: Py<PyAny>,
    pub optional_int64: Py<PyAny>,
    pub optional_float32: Py<PyAny>,
    pub optional_float64: Py<PyAny>,
}

static TYPES: PyOnceLock<PyTypes> = PyOnceLock::new();

pub fn types(py: Python<'_>) -> PyResult<&PyTypes> {
    TYPES.get_or_try_init(py, || {
        let schema_mod = py.import("kconnect.data.schema")?;
        let struct_mod = py.import("kconnect.data.struct")?;
        let dt = py.import("datetime")?;
        let type_enum = schema_mod.getattr("Type")?;
        let mut type_members = Vec::with_capacity(12);
        for member in type_enum.try_iter()? {
            let member = member?;
            let name: String = member.getattr("value")?.extract()?;
            let ty = SchemaType::from_py_name(&name)
                .ok_or_else(|| PyTypeError::new_err(format!("unknown schema type {name}")))?;
            type_members.push((ty, member.unbind()));
        }
        Ok(PyTypes {
            schema_cls: schema_mod
                .getattr("Schema")?
                .cast_into::<PyType>()?
                .unbind(),
            type_members,
            struct_cls: struct_mod
                .getattr("Struct")?
                .cast_into::<PyType>()?
                .unbind(),
            schema_and_value: schema_mod
                .getattr("SchemaAndValue")?
                .cast_into::<PyType>()?
                .unbind(),
            decimal: py
                .import("decimal")?
                .getattr("Decimal")?
                .cast_into::<PyType>()?
                .unbind(),
            date: dt.getattr("date")?.cast_into::<PyType>()?.unbind(),
            time: dt.getattr("time")?.cast_into::<PyType>()?.unbind(),
            datetime: dt.getattr("datetime")?.cast_into::<PyType>()?.unbind(),
            utc: dt.getattr("timezone")?.getattr("utc")?.unbind(),
            epoch_utc: dt
                .getattr("datetime")?
                .call1((
                    1970,
                    1,
                    1,
                    0,
                    0,
                    0,
                    0,
                    dt.getattr("timezone")?.getattr("utc")?,
                ))?
                .unbind(),
            epoch_naive: dt.getattr("datetime")?.call1((1970, 1, 1))?.unbind(),
            one_ms: dt.getattr("timedelta")?.call1((0, 0, 0, 1))?.unbind(),
            optional_string: schema_mod.getattr("OPTIONAL_STRING_SCHEMA")?.unbind(),
            optional_bytes: schema_mod.getattr("OPTIONAL_BYTES_SCHEMA")?.unbind(),
            optional_boolean: schema_mod.getattr("OPTIONAL_BOOLEAN_SCHEMA")?.unbind(),
            optional_int16: schema_mod.getattr("OPTIONAL_INT16_SCHEMA")?.unbind(),
            optional_int32: schema_mod.getattr("OPTIONAL_INT32_SCHEMA")?.unbind(),
            optional_int64: schema_mod.getattr("OPTIONAL_INT64_SCHEMA")?.unbind(),
            optional_float32: schema_mod.getattr("OPTIONAL_FLOAT32_SCHEMA")?.unbind(),
            optional_float64: schema_mod.getattr("OPTIONAL_FLOAT64_SCHEMA")?.unbind(),
        })
    })
}

/// `SchemaAndValue(schema, value)`.
pub fn schema_and_value<'py>(
    py: Python<'py>,
    schema: &Bound<'py, PyAny>,
    value: &Bound<'py, PyAny>,
) -> PyResult<Py<PyAny>> {
    let cls = types(py)?.schema_and_value.bind(py);
    let slots = [
        (intern!(py, "schema"), schema),
        (intern!(py, "value"), value),
    ];
    Ok(new_slotted(cls, &slots)?.unbind())
}

/// An instance of the slotted class `cls` with its slots set directly, as
/// `object.__new__(cls)` plus `object.__setattr__` would: no `__init__`, and no
/// frozen-dataclass `__setattr__`.  Only for values the converter has already
/// checked against their schema (decoded `Struct`s, `SchemaAndValue`s).
pub(crate) fn new_slotted<'py>(
    cls: &Bound<'py, PyType>,
    slots: &[(&Bound<'py, PyString>, &Bound<'py, PyAny>)],
) -> PyResult<Bound<'py, PyAny>> {
    let py = cls.py();
    // SAFETY: `cls` is a live type object; `PyType_GenericAlloc` returns a new reference
    // (or NULL with an exception set), which `from_owned_ptr_or_err` takes over.
    let obj = unsafe {
        Bound::from_owned_ptr_or_err(py, pyo3::ffi::PyType_GenericAlloc(cls.as_type_ptr(), 0))?
    };
    for (name, value) in slots {
        // SAFETY: all three pointers are live Python objects for the duration of the call.
        let rc = unsafe {
            pyo3::ffi::PyObject_GenericSetAttr(obj.as_ptr(), name.as_ptr(), value.as_ptr())
        };
        if rc != 0 {
            return Err(PyErr::fetch(py));
        }
    }
    Ok(obj)
}
