//! The native byte-level converters: `StringConverter` (UTF-8), `ByteArrayConverter`
//! and the fixed-width Short/Integer/Long/Float/Double/Boolean converters.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};

use crate::convert::number::{decode as decode_number, encode_float, encode_int, NumberKind};
use crate::convert::string::decode_utf8;
use crate::error::NativeError;
use crate::py::convert::{no_extra, read_data, Item};
use crate::py::gil::without_gil;
use crate::py::schemas::SchemaCache;
use crate::py::types::{schema_and_value, types};
use crate::py::values::{java_to_string, value_to_py, KeyCache};
use crate::schema::{SchemaType, Value};

// ---------------------------------------------------------------------------------------------

/// The native half of `kconnect.converters.StringConverter` (UTF-8).
#[pyclass(frozen, module = "kconnect._native")]
pub struct StringCodec {
    cache: SchemaCache,
}

#[pymethods]
impl StringCodec {
    #[new]
    fn new(py: Python<'_>) -> Self {
        Self {
            cache: SchemaCache::new(py, 1000),
        }
    }

    /// `value.toString()` as UTF-8 per item; `None` stays `None`.
    fn encode_batch(&self, py: Python<'_>, items: &Bound<'_, PyAny>) -> PyResult<Py<PyList>> {
        let list = PyList::empty(py);
        let mut last: Option<(*mut pyo3::ffi::PyObject, bool)> = None;
        for item in items.try_iter()? {
            let (schema, value): Item<'_> = item?.extract()?;
            if value.is_none() {
                list.append(py.None())?;
                continue;
            }
            if let Ok(s) = value.cast::<PyString>() {
                let text = s.to_str().map_err(|e| {
                    crate::py::errors::as_data_error(py, e, "Failed to serialize to a string")
                })?;
                list.append(PyBytes::new(py, text.as_bytes()))?;
                continue;
            }
            let is_f32 = match (&last, schema.is_none()) {
                (_, true) => false,
                (Some((ptr, f)), _) if *ptr == schema.as_ptr() => *f,
                _ => {
                    let f = self.cache.get(&schema, no_extra)?.compiled.schema.ty
                        == SchemaType::Float32;
                    last = Some((schema.as_ptr(), f));
                    f
                }
            };
            let text = java_to_string(&value, is_f32)?;
            list.append(PyBytes::new(py, text.as_bytes()))?;
        }
        Ok(list.unbind())
    }

    /// UTF-8 (malformed input replaced by U+FFFD, as Java does) -> `SchemaAndValue(OPTIONAL_STRING_SCHEMA, str)`.
    fn decode_batch(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Py<PyList>> {
        let raw = read_data(data)?;
        let texts: Vec<Option<String>> = without_gil(py, move || {
            Ok(raw.iter().map(|b| b.as_deref().map(decode_utf8)).collect())
        })?;
        let schema = types(py)?.optional_string.bind(py);
        let list = PyList::empty(py);
        for t in texts {
            let v = t.map_or_else(|| py.None(), |t| PyString::new(py, &t).into_any().unbind());
            list.append(schema_and_value(py, schema, v.bind(py))?)?;
        }
        Ok(list.unbind())
    }
}

// ---------------------------------------------------------------------------------------------

/// The native half of `kconnect.converters.ByteArrayConverter`.
#[pyclass(frozen, module = "kconnect._native")]
pub struct ByteArrayCodec {
    cache: SchemaCache,
}

#[pymethods]
impl ByteArrayCodec {
    #[new]
    fn new(py: Python<'_>) -> Self {
        Self {
            cache: SchemaCache::new(py, 1000),
        }
    }

    /// Pass bytes through; the schema must be None or BYTES.
    fn encode_batch(&self, py: Python<'_>, items: &Bound<'_, PyAny>) -> PyResult<Py<PyList>> {
        use pyo3::types::PyByteArray;
        let list = PyList::empty(py);
        for item in items.try_iter()? {
            let (schema, value): Item<'_> = item?.extract()?;
            if !schema.is_none() {
                let ty = self.cache.get(&schema, no_extra)?.compiled.schema.ty;
                if ty != SchemaType::Bytes {
                    return Err(NativeError::data(format!(
                        "Invalid schema type for ByteArrayConverter: {}",
                        ty.java_name()
                    ))
                    .into());
                }
            }
            if value.is_none() {
                list.append(py.None())?;
            } else if value.is_exact_instance_of::<PyBytes>() {
                list.append(value)?;
            } else if let Ok(b) = value.cast::<PyBytes>() {
                list.append(PyBytes::new(py, b.as_bytes()))?;
            } else if let Ok(b) = value.cast::<PyByteArray>() {
                list.append(PyBytes::new(py, &b.to_vec()))?;
            } else if value.get_type().name()?.to_str()? == "memoryview" {
                list.append(value.call_method0("tobytes")?)?;
            } else {
                let name = value.get_type().name()?.to_string();
                return Err(NativeError::data(format!(
                    "ByteArrayConverter is not compatible with objects of type {name}"
                ))
                .into());
            }
        }
        Ok(list.unbind())
    }

    /// `SchemaAndValue(OPTIONAL_BYTES_SCHEMA, data)` per item.
    fn decode_batch(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Py<PyList>> {
        let schema = types(py)?.optional_bytes.bind(py);
        let list = PyList::empty(py);
        for item in data.try_iter()? {
            let item = item?;
            if !item.is_none() && !item.is_instance_of::<PyBytes>() {
                return Err(NativeError::data(format!(
                    "ByteArrayConverter expects bytes, got {}",
                    item.get_type().name()?
                ))
                .into());
            }
            list.append(schema_and_value(py, schema, &item)?)?;
        }
        Ok(list.unbind())
    }
}

// ---------------------------------------------------------------------------------------------

/// The native half of the Short/Integer/Long/Float/Double/Boolean converters.
#[pyclass(frozen, module = "kconnect._native")]
pub struct NumberCodec {
    kind: NumberKind,
}

#[pymethods]
impl NumberCodec {
    /// `kind`: `short`, `integer`, `long`, `float`, `double` or `boolean`.
    #[new]
    fn new(kind: &str) -> PyResult<Self> {
        let kind = NumberKind::from_name(kind)
            .ok_or_else(|| NativeError::config(format!("Unknown number converter kind: {kind}")))?;
        Ok(Self { kind })
    }

    /// Serialise `[(schema, value), ...]` with Kafka's fixed-width serializer.
    fn encode_batch(&self, py: Python<'_>, items: &Bound<'_, PyAny>) -> PyResult<Py<PyList>> {
        use pyo3::types::{PyBool, PyFloat, PyInt};
        let list = PyList::empty(py);
        let kind = self.kind;
        for item in items.try_iter()? {
            let (schema, value): Item<'_> = item?.extract()?;
            if kind == NumberKind::Boolean && !schema.is_none() {
                let ty: String = schema.getattr("type")?.getattr("value")?.extract()?;
                if ty != "boolean" {
                    return Err(NativeError::data(format!(
                        "Invalid schema type for BooleanConverter: {}",
                        ty.to_ascii_uppercase()
                    ))
                    .into());
                }
            }
            if value.is_none() {
                list.append(py.None())?;
                continue;
            }
            let is_bool = value.is_instance_of::<PyBool>();
            let bytes = if kind == NumberKind::Boolean {
                if !is_bool {
                    return Err(NativeError::data(format!(
                        "BooleanConverter is not compatible with objects of type {}",
                        value.get_type().name()?
                    ))
                    .into());
                }
                encode_int(kind, i64::from(value.is_truthy()?))?
            } else if value.is_instance_of::<PyInt>() && !is_bool {
                let v = value.extract::<i64>().map_err(|_| {
                    NativeError::data(format!(
                        "Failed to serialize to {}: {value} is out of range",
                        kind.name()
                    ))
                })?;
                encode_int(kind, v)?
            } else if let (true, Ok(f)) = (kind.is_float(), value.cast::<PyFloat>()) {
                encode_float(kind, f.value())
            } else {
                return Err(NativeError::data(format!(
                    "Failed to serialize to {} (was {})",
                    kind.name(),
                    value.get_type().name()?
                ))
                .into());
            };
            list.append(PyBytes::new(py, &bytes))?;
        }
        Ok(list.unbind())
    }

    /// `SchemaAndValue(OPTIONAL_<type>_SCHEMA, value)` per item.
    fn decode_batch(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Py<PyList>> {
        let t = types(py)?;
        let schema = match self.kind {
            NumberKind::Short => &t.optional_int16,
            NumberKind::Integer => &t.optional_int32,
            NumberKind::Long => &t.optional_int64,
            NumberKind::Float => &t.optional_float32,
            NumberKind::Double => &t.optional_float64,
            NumberKind::Boolean => &t.optional_boolean,
        }
        .bind(py);
        let list = PyList::empty(py);
        let mut keys = KeyCache::default();
        for raw in read_data(data)? {
            let value = match raw {
                None => Value::Null,
                Some(b) => decode_number(self.kind, &b)?,
            };
            let v = value_to_py(py, &value, None, &mut keys)?;
            list.append(schema_and_value(py, schema, v.bind(py))?)?;
        }
        Ok(list.unbind())
    }
}
