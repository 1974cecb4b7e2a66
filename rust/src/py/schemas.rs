//! Python schemas <-> Rust schemas.
//!
//! A Python `Schema` is compiled once into a [`Compiled`] tree (the Rust
//! [`Schema`] plus the Python schema objects of every node, needed to build
//! `Struct`s) and cached by the converters ([`SchemaCache`]); schemas are
//! immutable and hashable, so the cache is keyed by the Python object.  Schemas
//! produced by decoding go the other way through [`PySchemaCache`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::error::NativeError;
use crate::py::errors::as_data_error;
use crate::py::types::types;
use crate::py::values::{value_from_py, value_to_py, KeyCache, Mode};
use crate::schema::{Field, Schema, SchemaType};

/// A schema compiled for the converters: the Rust schema, the Python schema
/// object, and the same for each child (struct fields; array element; map key, value).
pub struct Compiled {
    pub schema: Arc<Schema>,
    pub py: Py<PyAny>,
    pub children: Vec<Compiled>,
}

impl Compiled {
    /// Child `i` (a compiled ARRAY has its element at 0, a MAP its key and value).
    pub(crate) fn child(&self, i: usize) -> PyResult<&Compiled> {
        self.children
            .get(i)
            .ok_or_else(|| NativeError::data("Value does not match its schema").into())
    }
}

/// Compile a Python `kconnect.data.Schema`.
pub fn compile_py_schema(obj: &Bound<'_, PyAny>) -> PyResult<Compiled> {
    let py = obj.py();
    let ty_name: String = obj
        .getattr(intern!(py, "type"))?
        .getattr(intern!(py, "value"))?
        .extract()?;
    let ty = SchemaType::from_py_name(&ty_name)
        .ok_or_else(|| NativeError::data(format!("Unknown schema type: {ty_name}")))?;
    let mut s = Schema::new(ty);
    s.optional = obj.getattr(intern!(py, "optional"))?.is_truthy()?;
    s.name = obj.getattr(intern!(py, "name"))?.extract()?;
    s.version = obj.getattr(intern!(py, "version"))?.extract()?;
    s.doc = obj.getattr(intern!(py, "doc"))?.extract()?;
    let params = obj.getattr(intern!(py, "parameters"))?;
    if !params.is_none() {
        let mut out = Vec::new();
        for item in params.call_method0(intern!(py, "items"))?.try_iter()? {
            out.push(item?.extract::<(String, String)>()?);
        }
        s.parameters = Some(out);
    }
    let mut children = Vec::new();
    match ty {
        SchemaType::Array => {
            let v = compile_py_schema(&obj.getattr(intern!(py, "value_schema"))?)?;
            s.value_schema = Some(v.schema.clone());
            children.push(v);
        }
        SchemaType::Map => {
            let k = compile_py_schema(&obj.getattr(intern!(py, "key_schema"))?)?;
            let v = compile_py_schema(&obj.getattr(intern!(py, "value_schema"))?)?;
            s.key_schema = Some(k.schema.clone());
            s.value_schema = Some(v.schema.clone());
            children.push(k);
            children.push(v);
        }
        SchemaType::Struct => {
            for f in obj.getattr(intern!(py, "fields"))?.try_iter()? {
                let f = f?;
                let c = compile_py_schema(&f.getattr(intern!(py, "schema"))?)?;
                s.fields.push(Field {
                    name: f.getattr(intern!(py, "name"))?.extract()?,
                    schema: c.schema.clone(),
                });
                children.push(c);
            }
        }
        _ => {}
    }
    s.resolve_logical();
    let default = obj.getattr(intern!(py, "default"))?;
    if !default.is_none() {
        let partial = Compiled {
            schema: Arc::new(s.clone()),
            py: obj.clone().unbind(),
            children,
        };
        s.default = Some(value_from_py(&default, Some(&partial), Mode::Strict)?);
        children = partial.children;
    }
    Ok(Compiled {
        schema: Arc::new(s),
        py: obj.clone().unbind(),
        children,
    })
}

/// Build the Python `Schema` (and children) for a Rust schema.
pub fn schema_to_py(py: Python<'_>, s: &Arc<Schema>) -> PyResult<Compiled> {
    let t = types(py)?;
    let mut children = Vec::new();
    let kwargs = PyDict::new(py);
    kwargs.set_item(intern!(py, "optional"), s.optional)?;
    if let Some(n) = &s.name {
        kwargs.set_item(intern!(py, "name"), n)?;
    }
    if let Some(v) = s.version {
        kwargs.set_item(intern!(py, "version"), v)?;
    }
    if let Some(d) = &s.doc {
        kwargs.set_item(intern!(py, "doc"), d)?;
    }
    if let Some(params) = &s.parameters {
        let d = PyDict::new(py);
        for (k, v) in params {
            d.set_item(k, v)?;
        }
        kwargs.set_item(intern!(py, "parameters"), d)?;
    }
    match s.ty {
        SchemaType::Array => {
            let v = schema_to_py(py, s.value_schema())?;
            kwargs.set_item(intern!(py, "value_schema"), &v.py)?;
            children.push(v);
        }
        SchemaType::Map => {
            let k = schema_to_py(py, s.key_schema())?;
            let v = schema_to_py(py, s.value_schema())?;
            kwargs.set_item(intern!(py, "key_schema"), &k.py)?;
            kwargs.set_item(intern!(py, "value_schema"), &v.py)?;
            children.push(k);
            children.push(v);
        }
        SchemaType::Struct => {
            let fields = PyList::empty(py);
            for f in &s.fields {
                let c = schema_to_py(py, &f.schema)?;
                fields.append((f.name.as_str(), &c.py))?;
                children.push(c);
            }
            kwargs.set_item(intern!(py, "fields"), fields)?;
        }
        _ => {}
    }
    if let Some(default) = &s.default {
        let partial = Compiled {
            schema: s.clone(),
            py: py.None(),
            children,
        };
        kwargs.set_item(
            intern!(py, "default"),
            value_to_py(py, default, Some(&partial), &mut KeyCache::default())?,
        )?;
        children = partial.children;
    }
    let member = t
        .type_members
        .iter()
        .find(|(ty, _)| *ty == s.ty)
        .map(|(_, m)| m.bind(py))
        .ok_or_else(|| NativeError::data("unknown schema type"))?;
    let obj = t
        .schema_cls
        .bind(py)
        .call((member,), Some(&kwargs))
        .map_err(|e| as_data_error(py, e, "Invalid schema"))?;
    Ok(Compiled {
        schema: s.clone(),
        py: obj.unbind(),
        children,
    })
}

/// Compiled schemas keyed by Python schema object (encoding side).
pub struct SchemaCache {
    capacity: usize,
    by_py: Py<PyDict>,
}

#[pyclass(frozen, module = "kconnect._native")]
pub struct CompiledSchema(pub Arc<CacheEntry>);

/// A cached compiled schema plus converter-specific data (the JSON schema text).
pub struct CacheEntry {
    pub compiled: Compiled,
    pub extra: Option<Arc<[u8]>>,
}

impl SchemaCache {
    pub fn new(py: Python<'_>, capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            by_py: PyDict::new(py).unbind(),
        }
    }

    /// The entry for a Python schema, compiling (and running `extra` on) a miss.
    pub fn get(
        &self,
        schema: &Bound<'_, PyAny>,
        extra: impl Fn(&Schema) -> Result<Option<Vec<u8>>, NativeError>,
    ) -> PyResult<Arc<CacheEntry>> {
        let py = schema.py();
        let dict = self.by_py.bind(py);
        if let Some(hit) = dict.get_item(schema)? {
            if let Ok(entry) = hit.cast::<CompiledSchema>() {
                return Ok(entry.get().0.clone());
            }
        }
        let compiled =
            compile_py_schema(schema).map_err(|e| as_data_error(py, e, "Invalid schema"))?;
        let extra = extra(&compiled.schema)?.map(Arc::from);
        let entry = Arc::new(CacheEntry { compiled, extra });
        if dict.len() >= self.capacity {
            dict.clear();
        }
        dict.set_item(schema, CompiledSchema(entry.clone()))?;
        Ok(entry)
    }
}

/// Python schemas for Rust schemas produced by decoding (decoding side).
/// Keyed by the `Arc` address; each entry keeps its `Arc` alive, so addresses
/// stay unique while cached.  `structural` also matches equal schemas (for
/// converters that build a fresh schema per record).
pub struct PySchemaCache {
    capacity: usize,
    structural: bool,
    map: Mutex<HashMap<usize, Arc<Compiled>>>,
}

impl PySchemaCache {
    pub fn new(capacity: usize, structural: bool) -> Self {
        Self {
            capacity: capacity.max(1),
            structural,
            map: Mutex::new(HashMap::new()),
        }
    }

    pub fn get(&self, py: Python<'_>, s: &Arc<Schema>) -> PyResult<Arc<Compiled>> {
        let key = Arc::as_ptr(s) as usize;
        {
            let map = self.map.lock().expect("schema cache poisoned");
            if let Some(hit) = map.get(&key) {
                return Ok(hit.clone());
            }
            if self.structural {
                if let Some(hit) = map.values().find(|c| *c.schema == **s) {
                    return Ok(hit.clone());
                }
            }
        }
        let compiled = Arc::new(schema_to_py(py, s)?);
        let mut map = self.map.lock().expect("schema cache poisoned");
        if map.len() >= self.capacity {
            map.clear();
        }
        map.insert(key, compiled.clone());
        Ok(compiled)
    }
}
