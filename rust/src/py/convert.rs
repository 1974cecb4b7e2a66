//! The native `JsonConverter` and `SimpleHeaderConverter`, and the batch helpers
//! every native converter uses.  Each batch is one call: Python values are read
//! into Rust values while attached, the bytes are written (or parsed) with the GIL
//! released, and Python objects are built attached again.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyBytes, PyList};

use crate::convert::header::{parse_header, to_header_string};
use crate::convert::json::{self as jsonconv, DecimalFormat, JsonConfig, SchemaTextCache};
use crate::convert::string::decode_utf8;
use crate::error::NativeError;
use crate::py::gil::without_gil;
use crate::py::schemas::{CacheEntry, Compiled, PySchemaCache, SchemaCache};
use crate::py::types::{schema_and_value, types};
use crate::py::values::{value_from_py, value_to_py, KeyCache, Mode};
use crate::schema::{Schema, Value};

/// Computes converter-specific data for a newly compiled schema.
type ExtraFn = dyn Fn(&Schema) -> Result<Option<Vec<u8>>, NativeError>;

pub(crate) type Item<'py> = (Bound<'py, PyAny>, Bound<'py, PyAny>);

#[allow(clippy::unnecessary_wraps)] // the signature `SchemaCache::get` expects
pub(crate) fn no_extra(_: &Schema) -> Result<Option<Vec<u8>>, NativeError> {
    Ok(None)
}

/// Read `(schema, value)` pairs, compiling each distinct schema once.
fn read_items<'py>(
    items: &Bound<'py, PyAny>,
    cache: &SchemaCache,
    mode: Mode,
    extra: &ExtraFn,
) -> PyResult<Vec<(Option<Arc<CacheEntry>>, Value)>> {
    let mut out = Vec::with_capacity(items.len().unwrap_or(0));
    let mut last: Option<(*mut pyo3::ffi::PyObject, Arc<CacheEntry>)> = None;
    for item in items.try_iter()? {
        let (schema, value): Item<'py> = item?.extract()?;
        let entry = if schema.is_none() {
            None
        } else {
            match &last {
                Some((ptr, e)) if *ptr == schema.as_ptr() => Some(e.clone()),
                _ => {
                    let e = cache.get(&schema, extra)?;
                    last = Some((schema.as_ptr(), e.clone()));
                    Some(e)
                }
            }
        };
        let v = value_from_py(&value, entry.as_ref().map(|e| &e.compiled), mode)?;
        out.push((entry, v));
    }
    Ok(out)
}

fn bytes_list(py: Python<'_>, out: Vec<Option<Vec<u8>>>) -> PyResult<Py<PyList>> {
    let list = PyList::empty(py);
    for b in out {
        match b {
            Some(b) => list.append(PyBytes::new(py, &b))?,
            None => list.append(py.None())?,
        }
    }
    Ok(list.unbind())
}

pub(crate) fn read_data(data: &Bound<'_, PyAny>) -> PyResult<Vec<Option<PyBackedBytes>>> {
    let mut out = Vec::with_capacity(data.len().unwrap_or(0));
    for item in data.try_iter()? {
        let item = item?;
        out.push(if item.is_none() {
            None
        } else {
            Some(item.extract::<PyBackedBytes>()?)
        });
    }
    Ok(out)
}

/// Build `SchemaAndValue`s for decoded records.
/// The Rust values are freed afterwards with the GIL released.
fn build_results(
    py: Python<'_>,
    decoded: Vec<(Option<Arc<Schema>>, Value)>,
    cache: &PySchemaCache,
) -> PyResult<Py<PyList>> {
    let list = build_list(py, &decoded, cache)?;
    without_gil(py, move || {
        drop(decoded);
        Ok(())
    })?;
    Ok(list)
}

fn build_list(
    py: Python<'_>,
    decoded: &[(Option<Arc<Schema>>, Value)],
    cache: &PySchemaCache,
) -> PyResult<Py<PyList>> {
    let list = PyList::empty(py);
    let mut last: Option<(usize, Arc<Compiled>)> = None;
    let mut keys = KeyCache::default();
    for (schema, value) in decoded {
        let compiled = match schema {
            None => None,
            Some(s) => match &last {
                Some((ptr, c)) if *ptr == Arc::as_ptr(s) as usize => Some(c.clone()),
                _ => {
                    let c = cache.get(py, s)?;
                    last = Some((Arc::as_ptr(s) as usize, c.clone()));
                    Some(c)
                }
            },
        };
        let py_value = value_to_py(py, value, compiled.as_deref(), &mut keys)?;
        let py_schema = compiled
            .as_ref()
            .map_or_else(|| py.None(), |c| c.py.clone_ref(py));
        list.append(schema_and_value(py, py_schema.bind(py), py_value.bind(py))?)?;
    }
    Ok(list.unbind())
}

// ---------------------------------------------------------------------------------------------

/// The native half of `kconnect.converters.JsonConverter`.
#[pyclass(frozen, module = "kconnect._native")]
pub struct JsonCodec {
    cfg: JsonConfig,
    encode_cache: SchemaCache,
    text_cache: SchemaTextCache,
    decode_cache: PySchemaCache,
}

impl JsonCodec {
    fn encode_items(
        &self,
        py: Python<'_>,
        items: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<Option<Vec<u8>>>> {
        let cfg = self.cfg;
        let extra = move |s: &Schema| jsonconv::schema_json(s, &cfg).map(Some);
        let prepared = read_items(items, &self.encode_cache, Mode::Strict, &extra)?;
        without_gil(py, move || {
            // Size each buffer like the previous record, so most records never reallocate.
            let mut hint = 128;
            prepared
                .iter()
                .map(|(e, v)| {
                    let schema = e.as_ref().map(|e| &*e.compiled.schema);
                    let json = e.as_ref().and_then(|e| e.extra.as_deref());
                    let out = jsonconv::encode_with_capacity(schema, json, v, &cfg, hint)?;
                    if let Some(b) = &out {
                        hint = b.len() + b.len() / 8 + 16;
                    }
                    Ok(out)
                })
                .collect()
        })
    }

    fn decode_items(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Py<PyList>> {
        let raw = read_data(data)?;
        let cfg = self.cfg;
        let cache = &self.text_cache;
        let decoded = without_gil(py, move || {
            raw.iter()
                .map(|b| jsonconv::decode(b.as_deref(), &cfg, cache))
                .collect::<Result<Vec<_>, _>>()
        })?;
        build_results(py, decoded, &self.decode_cache)
    }
}

#[pymethods]
impl JsonCodec {
    #[new]
    #[pyo3(signature = (schemas_enable = true, decimal_format = "BASE64", replace_null_with_default = true, schemas_cache_size = 1000))]
    fn new(
        py: Python<'_>,
        schemas_enable: bool,
        decimal_format: &str,
        replace_null_with_default: bool,
        schemas_cache_size: usize,
    ) -> PyResult<Self> {
        let decimal_format = match decimal_format.to_ascii_uppercase().as_str() {
            "BASE64" => DecimalFormat::Base64,
            "NUMERIC" => DecimalFormat::Numeric,
            other => {
                return Err(NativeError::config(format!(
                    "Invalid value {other} for configuration decimal.format: String must be one of (case insensitive): BASE64, NUMERIC"
                ))
                .into())
            }
        };
        let cfg = JsonConfig {
            schemas_enable,
            decimal_format,
            replace_null_with_default,
            schemas_cache_size,
        };
        Ok(Self {
            cfg,
            encode_cache: SchemaCache::new(py, schemas_cache_size),
            text_cache: SchemaTextCache::new(schemas_cache_size),
            decode_cache: PySchemaCache::new(schemas_cache_size, false),
        })
    }

    /// Serialise `[(schema, value), ...]`; `None` for tombstones.
    fn encode_batch(&self, py: Python<'_>, items: &Bound<'_, PyAny>) -> PyResult<Py<PyList>> {
        let out = self.encode_items(py, items)?;
        bytes_list(py, out)
    }

    /// Deserialise `[bytes | None, ...]` into `SchemaAndValue`s.
    fn decode_batch(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Py<PyList>> {
        self.decode_items(py, data)
    }

    fn encode(
        &self,
        py: Python<'_>,
        schema: &Bound<'_, PyAny>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        let items = PyList::new(py, [(schema, value)])?;
        let mut out = self.encode_items(py, items.as_any())?;
        Ok(match out.pop().flatten() {
            Some(b) => PyBytes::new(py, &b).into_any().unbind(),
            None => py.None(),
        })
    }

    fn decode(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let items = PyList::new(py, [data])?;
        let out = self.decode_items(py, items.as_any())?;
        Ok(out.bind(py).get_item(0)?.unbind())
    }

    /// The schema JSON Java writes for `schema` (`asJsonSchema`), as bytes.
    fn schema_json(&self, py: Python<'_>, schema: &Bound<'_, PyAny>) -> PyResult<Py<PyBytes>> {
        let cfg = self.cfg;
        let entry = self.encode_cache.get(schema, move |s: &Schema| {
            jsonconv::schema_json(s, &cfg).map(Some)
        })?;
        Ok(PyBytes::new(py, entry.extra.as_deref().unwrap_or(b"null")).unbind())
    }
}

// ---------------------------------------------------------------------------------------------

/// The native half of `kconnect.converters.SimpleHeaderConverter`.
#[pyclass(frozen, module = "kconnect._native")]
pub struct HeaderCodec {
    encode_cache: SchemaCache,
    decode_cache: PySchemaCache,
}

#[pymethods]
impl HeaderCodec {
    #[new]
    fn new(py: Python<'_>) -> Self {
        Self {
            encode_cache: SchemaCache::new(py, 1000),
            decode_cache: PySchemaCache::new(64, true),
        }
    }

    /// `Values.convertToString(schema, value)` as UTF-8 per `(schema, value)`.
    fn encode_batch(&self, py: Python<'_>, items: &Bound<'_, PyAny>) -> PyResult<Py<PyList>> {
        // A schemaless Struct is written with its own schema, as Java does.
        let struct_cls = types(py)?.struct_cls.bind(py);
        let fixed = PyList::empty(py);
        for item in items.try_iter()? {
            let (schema, value): Item<'_> = item?.extract()?;
            if schema.is_none() && value.is_instance(struct_cls)? {
                fixed.append((value.getattr("schema")?, value))?;
            } else {
                fixed.append((schema, value))?;
            }
        }
        let prepared = read_items(fixed.as_any(), &self.encode_cache, Mode::Lenient, &no_extra)?;
        let out = without_gil(py, move || {
            prepared
                .iter()
                .map(|(e, v)| {
                    to_header_string(e.as_ref().map(|e| &*e.compiled.schema), v)
                        .map(|s| s.map(String::into_bytes))
                })
                .collect::<Result<Vec<_>, _>>()
        })?;
        bytes_list(py, out)
    }

    /// `Values.parseString` of each UTF-8 header value -> `SchemaAndValue`.
    fn decode_batch(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Py<PyList>> {
        let raw = read_data(data)?;
        let decoded = without_gil(py, move || {
            Ok(raw
                .iter()
                .map(|b| {
                    b.as_deref()
                        .map_or((None, Value::Null), |b| parse_header(&decode_utf8(b)))
                })
                .collect::<Vec<_>>())
        })?;
        build_results(py, decoded, &self.decode_cache)
    }
}
