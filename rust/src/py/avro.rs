//! The native half of `kconnect.converters.AvroConverter`: Connect values <-> Avro binary for
//! the Avro schemas derived from Connect schemas (see `avro_core`).  One call per batch: values
//! are read into Rust while attached, encoded or decoded with the GIL released, and Python
//! objects are built attached again.

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyBytes, PyList};

use crate::error::NativeError;
use crate::py::avro_core::{read_value, write_value};
use crate::py::convert::no_extra;
use crate::py::gil::without_gil;
use crate::py::schemas::SchemaCache;
use crate::py::values::{value_from_py, value_to_py, KeyCache, Mode};

#[pyclass(frozen, module = "kconnect._native")]
pub struct AvroCodec {
    cache: SchemaCache,
}

#[pymethods]
impl AvroCodec {
    #[new]
    #[pyo3(signature = (schemas_cache_size = 1000))]
    fn new(py: Python<'_>, schemas_cache_size: usize) -> Self {
        Self {
            cache: SchemaCache::new(py, schemas_cache_size),
        }
    }

    /// `prefix` + the Avro binary of each value of `schema` (nulls, defaults and checks included).
    fn encode_batch(
        &self,
        py: Python<'_>,
        schema: &Bound<'_, PyAny>,
        values: &Bound<'_, PyAny>,
        prefix: &[u8],
    ) -> PyResult<Py<PyList>> {
        let entry = self.cache.get(schema, no_extra)?;
        let mut prepared = Vec::with_capacity(values.len().unwrap_or(0));
        for value in values.try_iter()? {
            prepared.push(value_from_py(&value?, Some(&entry.compiled), Mode::Strict)?);
        }
        let rust_schema = entry.compiled.schema.clone();
        let prefix = prefix.to_vec();
        let encoded = without_gil(py, move || {
            let mut hint = 64;
            prepared
                .iter()
                .map(|v| {
                    let mut out = Vec::with_capacity(hint);
                    out.extend_from_slice(&prefix);
                    write_value(&rust_schema, v, &mut out)?;
                    hint = out.len() + out.len() / 8 + 8;
                    Ok(out)
                })
                .collect::<Result<Vec<_>, NativeError>>()
        })?;
        let list = PyList::empty(py);
        for b in encoded {
            list.append(PyBytes::new(py, &b))?;
        }
        Ok(list.unbind())
    }

    /// The Connect value in each payload (from byte `offset` on), written with `schema`'s Avro form.
    fn decode_batch(
        &self,
        py: Python<'_>,
        schema: &Bound<'_, PyAny>,
        data: &Bound<'_, PyAny>,
        offset: usize,
    ) -> PyResult<Py<PyList>> {
        let entry = self.cache.get(schema, no_extra)?;
        let mut raw: Vec<PyBackedBytes> = Vec::with_capacity(data.len().unwrap_or(0));
        for item in data.try_iter()? {
            raw.push(item?.extract()?);
        }
        let rust_schema = entry.compiled.schema.clone();
        let decoded = without_gil(py, move || {
            raw.iter()
                .map(|b| {
                    let body = b.get(offset..).ok_or_else(|| {
                        NativeError::data("Avro decoding failed: payload too short")
                    })?;
                    read_value(&rust_schema, body)
                })
                .collect::<Result<Vec<_>, NativeError>>()
        })?;
        let mut keys = KeyCache::default();
        let list = PyList::empty(py);
        for v in &decoded {
            list.append(value_to_py(py, v, Some(&entry.compiled), &mut keys)?)?;
        }
        drop(decoded);
        Ok(list.unbind())
    }
}
