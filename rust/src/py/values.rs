//! Python <-> Rust for schemas and values.
//!
//! A Python `Schema` is compiled once into a [`Compiled`] tree (the Rust
//! [`Schema`] plus the Python schema objects of every node, needed to build
//! `Struct`s) and cached by the converters ([`SchemaCache`]); schemas are
//! immutable and hashable, so the cache is keyed by the Python object.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType,
};
use pyo3::{intern, IntoPyObjectExt};

use crate::convert::header::{civil_from_days, days_from_civil};
use crate::convert::json::decimal_from_text;
use crate::convert::string::{java_date_string, java_double_string, java_float_string};
use crate::error::NativeError;
use crate::py::errors::as_data_error;
use crate::schema::{int_range, Field, Logical, Schema, SchemaType, Value};

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

/// A schema compiled for the converters: the Rust schema, the Python schema
/// object, and the same for each child (struct fields; array element; map key, value).
pub struct Compiled {
    pub schema: Arc<Schema>,
    pub py: Py<PyAny>,
    pub children: Vec<Compiled>,
}

impl Compiled {
    /// Child `i` (a compiled ARRAY has its element at 0, a MAP its key and value).
    fn child(&self, i: usize) -> PyResult<&Compiled> {
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

/// How schemaless Python values are read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `JsonConverter`: only the types Java's `ConnectSchema.schemaType` knows.
    Strict,
    /// `SimpleHeaderConverter`: logical values too (Java's `Values` formats any `Date`/`BigDecimal`).
    Lenient,
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
}

fn invalid(ty: &str, v: &Bound<'_, PyAny>) -> PyErr {
    NativeError::data(format!("Invalid type for {ty}: {}", type_name(v))).into()
}

/// Python value -> Rust value, checked against `c` (or inferred when `None`).
pub fn value_from_py(v: &Bound<'_, PyAny>, c: Option<&Compiled>, mode: Mode) -> PyResult<Value> {
    if v.is_none() {
        return Ok(Value::Null);
    }
    let Some(c) = c else {
        return infer_from_py(v, mode);
    };
    let py = v.py();
    let s = &*c.schema;
    match s.logical {
        Logical::None => {}
        Logical::Decimal(_) => return decimal_from_py(v),
        Logical::Date => return date_from_py(v).map(Value::Date),
        Logical::Time => return time_from_py(v).map(Value::Time),
        Logical::Timestamp => return timestamp_from_py(v).map(Value::Timestamp),
    }
    match s.ty {
        SchemaType::Int8 | SchemaType::Int16 | SchemaType::Int32 | SchemaType::Int64 => {
            if !v.is_instance_of::<PyInt>() || v.is_instance_of::<PyBool>() {
                return Err(invalid(s.ty.java_name(), v));
            }
            let (lo, hi) = int_range(s.ty);
            match v.extract::<i64>() {
                Ok(i) if (lo..=hi).contains(&i) => Ok(Value::Int(i)),
                _ => Err(NativeError::data(format!(
                    "Value {v} out of range for {}",
                    s.ty.java_name()
                ))
                .into()),
            }
        }
        SchemaType::Float32 | SchemaType::Float64 => {
            if let Ok(f) = v.cast::<PyFloat>() {
                Ok(Value::Float(f.value()))
            } else if v.is_instance_of::<PyInt>() && !v.is_instance_of::<PyBool>() {
                Ok(Value::Float(
                    v.extract::<f64>()
                        .map_err(|e| as_data_error(py, e, "Invalid float"))?,
                ))
            } else {
                Err(invalid(s.ty.java_name(), v))
            }
        }
        SchemaType::Boolean => match v.cast::<PyBool>() {
            Ok(b) => Ok(Value::Boolean(b.is_true())),
            Err(_) => Err(invalid("BOOLEAN", v)),
        },
        SchemaType::String => match v.cast::<PyString>() {
            Ok(t) => Ok(Value::String(
                t.to_str()
                    .map_err(|e| as_data_error(py, e, "Invalid string"))?
                    .to_owned(),
            )),
            Err(_) => Err(invalid("STRING", v)),
        },
        SchemaType::Bytes => bytes_from_py(v).map(Value::Bytes),
        SchemaType::Array => {
            if !(v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>()) {
                return Err(invalid("ARRAY", v));
            }
            let elem = c.child(0)?;
            let mut out = Vec::with_capacity(v.len().unwrap_or(0));
            for item in v.try_iter()? {
                out.push(value_from_py(&item?, Some(elem), mode)?);
            }
            Ok(Value::Array(out))
        }
        SchemaType::Map => {
            let Ok(d) = v.cast::<PyDict>() else {
                return Err(invalid("MAP", v));
            };
            let (kc, vc) = (c.child(0)?, c.child(1)?);
            let mut out = Vec::with_capacity(d.len());
            for (k, val) in d.iter() {
                out.push((
                    value_from_py(&k, Some(kc), mode)?,
                    value_from_py(&val, Some(vc), mode)?,
                ));
            }
            Ok(Value::Map(out))
        }
        SchemaType::Struct => struct_from_py(v, c, mode),
    }
}

fn struct_from_py(v: &Bound<'_, PyAny>, c: &Compiled, mode: Mode) -> PyResult<Value> {
    let py = v.py();
    let t = types(py)?;
    if !v.is_instance(t.struct_cls.bind(py))? {
        return Err(invalid("STRUCT", v));
    }
    let vs = v.getattr(intern!(py, "schema"))?;
    if !vs.is(c.py.bind(py)) && !vs.eq(c.py.bind(py))? {
        return Err(NativeError::data("Mismatching schema.").into());
    }
    // The struct's own field list (read, never modified): Java's `getWithoutDefault` per field.
    let values = v.getattr(intern!(py, "_values"))?;
    let values = values.cast::<PyList>()?;
    let mut out = Vec::with_capacity(c.children.len());
    for (i, fc) in c.children.iter().enumerate() {
        out.push(value_from_py(&values.get_item(i)?, Some(fc), mode)?);
    }
    Ok(Value::Struct(out))
}

fn bytes_from_py(v: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(b) = v.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(b) = v.cast::<PyByteArray>() {
        return Ok(b.to_vec());
    }
    if v.get_type().name()?.to_str()? == "memoryview" {
        let b = v.call_method0(intern!(v.py(), "tobytes"))?;
        return Ok(b.cast::<PyBytes>()?.as_bytes().to_vec());
    }
    Err(invalid("BYTES", v))
}

fn decimal_from_py(v: &Bound<'_, PyAny>) -> PyResult<Value> {
    let py = v.py();
    if !v.is_instance(types(py)?.decimal.bind(py))? {
        return Err(NativeError::data(format!(
            "Invalid type for Decimal, expected decimal.Decimal but was {}",
            type_name(v)
        ))
        .into());
    }
    let text = v.str()?;
    let text = text.to_str()?;
    decimal_from_text(text)
        .map(Value::Decimal)
        .map_err(|_| NativeError::data(format!("Decimal value {text} is not finite")).into())
}

const EPOCH_ORDINAL: i64 = 719_163;

fn date_from_py(v: &Bound<'_, PyAny>) -> PyResult<i32> {
    let py = v.py();
    let t = types(py)?;
    if !v.is_instance(t.date.bind(py))? || v.is_instance(t.datetime.bind(py))? {
        return Err(NativeError::data(format!(
            "Invalid type for Date, expected datetime.date but was {}",
            type_name(v)
        ))
        .into());
    }
    let ordinal: i64 = v.call_method0(intern!(py, "toordinal"))?.extract()?;
    Ok((ordinal - EPOCH_ORDINAL) as i32)
}

fn time_from_py(v: &Bound<'_, PyAny>) -> PyResult<i32> {
    let py = v.py();
    if !v.is_instance(types(py)?.time.bind(py))? {
        return Err(NativeError::data(format!(
            "Invalid type for Time, expected datetime.time but was {}",
            type_name(v)
        ))
        .into());
    }
    let get = |name: &Bound<'_, PyString>| -> PyResult<i64> { v.getattr(name)?.extract() };
    let ms = ((get(intern!(py, "hour"))? * 60 + get(intern!(py, "minute"))?) * 60
        + get(intern!(py, "second"))?)
        * 1000
        + get(intern!(py, "microsecond"))? / 1000;
    Ok(ms as i32)
}

fn timestamp_from_py(v: &Bound<'_, PyAny>) -> PyResult<i64> {
    let py = v.py();
    if !v.is_instance(types(py)?.datetime.bind(py))? {
        return Err(NativeError::data(format!(
            "Invalid type for Timestamp, expected datetime.datetime but was {}",
            type_name(v)
        ))
        .into());
    }
    // Fast path, three C-level calls: (value - epoch) // 1 ms.  Naive values are UTC.
    let t = types(py)?;
    let epoch = if v.getattr(intern!(py, "tzinfo"))?.is_none() {
        &t.epoch_naive
    } else {
        &t.epoch_utc
    };
    if let Ok(ms) = v
        .sub(epoch.bind(py))
        .and_then(|d| d.floor_div(t.one_ms.bind(py))?.extract::<i64>())
    {
        return Ok(ms);
    }
    timestamp_from_fields(v)
}

/// Milliseconds from the datetime's fields and `utcoffset()` (tzinfo objects that
/// answer `None`, values the fast path cannot subtract).
fn timestamp_from_fields(v: &Bound<'_, PyAny>) -> PyResult<i64> {
    let py = v.py();
    let get = |name: &Bound<'_, PyString>| -> PyResult<i64> { v.getattr(name)?.extract() };
    let days = days_from_civil(
        get(intern!(py, "year"))?,
        get(intern!(py, "month"))? as u32,
        get(intern!(py, "day"))? as u32,
    );
    let secs = days * 86_400
        + get(intern!(py, "hour"))? * 3600
        + get(intern!(py, "minute"))? * 60
        + get(intern!(py, "second"))?;
    let mut micros = secs * 1_000_000 + get(intern!(py, "microsecond"))?;
    let offset = v.call_method0(intern!(py, "utcoffset"))?;
    if !offset.is_none() {
        let od: i64 = offset.getattr(intern!(py, "days"))?.extract()?;
        let os: i64 = offset.getattr(intern!(py, "seconds"))?.extract()?;
        let ou: i64 = offset.getattr(intern!(py, "microseconds"))?.extract()?;
        micros -= (od * 86_400 + os) * 1_000_000 + ou;
    }
    Ok(micros.div_euclid(1000))
}

/// Schemaless Python value -> Rust value (`ConnectSchema.schemaType` of the Java class).
fn infer_from_py(v: &Bound<'_, PyAny>, mode: Mode) -> PyResult<Value> {
    let py = v.py();
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(Value::Boolean(b.is_true()));
    }
    if v.is_instance_of::<PyInt>() {
        return v
            .extract::<i64>()
            .map(Value::Int)
            .map_err(|_| NativeError::data(format!("Value {v} out of range for INT64")).into());
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        return Ok(Value::Float(f.value()));
    }
    if let Ok(t) = v.cast::<PyString>() {
        return Ok(Value::String(
            t.to_str()
                .map_err(|e| as_data_error(py, e, "Invalid string"))?
                .to_owned(),
        ));
    }
    if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
        let mut out = Vec::with_capacity(v.len().unwrap_or(0));
        for item in v.try_iter()? {
            out.push(value_from_py(&item?, None, mode)?);
        }
        return Ok(Value::Array(out));
    }
    if let Ok(d) = v.cast::<PyDict>() {
        let mut out = Vec::with_capacity(d.len());
        for (k, val) in d.iter() {
            out.push((
                value_from_py(&k, None, mode)?,
                value_from_py(&val, None, mode)?,
            ));
        }
        return Ok(Value::Map(out));
    }
    if let Ok(b) = bytes_from_py(v) {
        return Ok(Value::Bytes(b));
    }
    let t = types(py)?;
    if v.is_instance(t.struct_cls.bind(py))? {
        return Err(NativeError::data("Mismatching schema.").into());
    }
    if mode == Mode::Lenient {
        if v.is_instance(t.decimal.bind(py))? {
            return decimal_from_py(v);
        }
        if v.is_instance(t.datetime.bind(py))? {
            return timestamp_from_py(v).map(Value::Timestamp);
        }
        if v.is_instance(t.date.bind(py))? {
            return date_from_py(v).map(Value::Date);
        }
        if v.is_instance(t.time.bind(py))? {
            return time_from_py(v).map(Value::Time);
        }
    }
    Err(NativeError::data(format!(
        "Python type {} does not have corresponding schema type.",
        type_name(v)
    ))
    .into())
}

/// Python strings for map keys, reused within one batch: keys repeat from record to
/// record, and a reused key object also keeps its cached hash for the dict insert.
#[derive(Default)]
pub struct KeyCache {
    keys: HashMap<String, Py<PyString>, rustc_hash::FxBuildHasher>,
}

impl KeyCache {
    const MAX_KEYS: usize = 4096;
    const MAX_KEY_LEN: usize = 64;

    fn key(&mut self, py: Python<'_>, v: &Value, c: Option<&Compiled>) -> PyResult<Py<PyAny>> {
        match v {
            Value::String(k) if k.len() <= Self::MAX_KEY_LEN => {
                if let Some(hit) = self.keys.get(k.as_str()) {
                    return Ok(hit.clone_ref(py).into_any());
                }
                let s = PyString::new(py, k).unbind();
                if self.keys.len() < Self::MAX_KEYS {
                    self.keys.insert(k.clone(), s.clone_ref(py));
                }
                Ok(s.into_any())
            }
            other => value_to_py(py, other, c, self),
        }
    }
}

/// Rust value -> Python value; `c` gives the Python schemas that `Struct`s need.
pub fn value_to_py(
    py: Python<'_>,
    v: &Value,
    c: Option<&Compiled>,
    keys: &mut KeyCache,
) -> PyResult<Py<PyAny>> {
    Ok(match v {
        Value::Null => py.None(),
        Value::Boolean(b) => PyBool::new(py, *b).to_owned().into_any().unbind(),
        Value::Int(i) => i.into_py_any(py)?,
        Value::Float(f) => PyFloat::new(py, *f).into_any().unbind(),
        Value::String(s) => PyString::new(py, s).into_any().unbind(),
        Value::Bytes(b) => PyBytes::new(py, b).into_any().unbind(),
        Value::Array(items) => {
            let elem = c.map(|c| c.child(0)).transpose()?;
            let list = PyList::empty(py);
            for item in items {
                list.append(value_to_py(py, item, elem, keys)?)?;
            }
            list.into_any().unbind()
        }
        Value::Map(entries) => {
            let (kc, vc) = (
                c.map(|c| c.child(0)).transpose()?,
                c.map(|c| c.child(1)).transpose()?,
            );
            let d = PyDict::new(py);
            for (k, val) in entries {
                d.set_item(keys.key(py, k, kc)?, value_to_py(py, val, vc, keys)?)
                    .map_err(|e| as_data_error(py, e, "Invalid map key"))?;
            }
            d.into_any().unbind()
        }
        Value::Struct(values) => {
            let c = c.ok_or_else(|| NativeError::data("Struct value without a schema"))?;
            let list = PyList::empty(py);
            for (val, fc) in values.iter().zip(&c.children) {
                list.append(value_to_py(py, val, Some(fc), keys)?)?;
            }
            let cls = types(py)?.struct_cls.bind(py);
            let slots = [
                (intern!(py, "schema"), c.py.bind(py)),
                (intern!(py, "_values"), list.as_any()),
            ];
            new_slotted(cls, &slots)?.unbind()
        }
        Value::Decimal(d) => {
            let text = format!(
                "{}{}E{}",
                if d.negative { "-" } else { "" },
                d.digits,
                -i64::from(d.scale)
            );
            types(py)?.decimal.bind(py).call1((text,))?.unbind()
        }
        Value::Date(days) => types(py)?
            .date
            .bind(py)
            .call_method1(
                intern!(py, "fromordinal"),
                (i64::from(*days) + EPOCH_ORDINAL,),
            )
            .map_err(|e| as_data_error(py, e, "Invalid Date"))?
            .unbind(),
        Value::Time(ms) => {
            let ms = i64::from(*ms);
            types(py)?
                .time
                .bind(py)
                .call1((
                    ms / 3_600_000,
                    ms / 60_000 % 60,
                    ms / 1000 % 60,
                    ms % 1000 * 1000,
                ))
                .map_err(|e| as_data_error(py, e, "Invalid Time"))?
                .unbind()
        }
        Value::Timestamp(ms) => {
            let t = types(py)?;
            let (y, mo, d) = civil_from_days(ms.div_euclid(86_400_000));
            let tod = ms.rem_euclid(86_400_000);
            t.datetime
                .bind(py)
                .call1((
                    y,
                    mo,
                    d,
                    tod / 3_600_000,
                    tod / 60_000 % 60,
                    tod / 1000 % 60,
                    tod % 1000 * 1000,
                    t.utc.bind(py),
                ))
                .map_err(|e| as_data_error(py, e, "Invalid Timestamp"))?
                .unbind()
        }
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
fn new_slotted<'py>(
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

/// Java's `String.valueOf(value)` for a Connect value (`StringConverter`): `true`,
/// `1.0`, `[a, b]`, `{k=v}`, `Struct{a=1}`, `Fri Jan 01 00:00:00 UTC 2021` (dates,
/// times and timestamps as `java.util.Date`, in UTC); anything else as `str()`.
/// `is_f32` makes a top-level float print as Java's `Float`.
pub fn java_to_string(value: &Bound<'_, PyAny>, is_f32: bool) -> PyResult<String> {
    let py = value.py();
    if value.is_none() {
        return Ok("null".to_owned());
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(if b.is_true() { "true" } else { "false" }.to_owned());
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        return Ok(if is_f32 {
            java_float_string(f.value() as f32)
        } else {
            java_double_string(f.value())
        });
    }
    if value.is_instance_of::<PyString>() || value.is_instance_of::<PyInt>() {
        return Ok(value.str()?.to_str()?.to_owned());
    }
    let t = types(py)?;
    let join = |items: Vec<String>, open: &str, sep: &str, close: &str| {
        format!("{open}{}{close}", items.join(sep))
    };
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let items = value
            .try_iter()?
            .map(|i| java_to_string(&i?, false))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(join(items, "[", ", ", "]"));
    }
    if let Ok(d) = value.cast::<PyDict>() {
        let items = d
            .iter()
            .map(|(k, v)| {
                Ok(format!(
                    "{}={}",
                    java_to_string(&k, false)?,
                    java_to_string(&v, false)?
                ))
            })
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(join(items, "{", ", ", "}"));
    }
    if value.is_instance(t.struct_cls.bind(py))? {
        let schema = value.getattr(intern!(py, "schema"))?;
        let values = value.getattr(intern!(py, "_values"))?;
        let mut items = Vec::new();
        for (field, v) in schema
            .getattr(intern!(py, "fields"))?
            .try_iter()?
            .zip(values.try_iter()?)
        {
            let v = v?;
            if !v.is_none() {
                let name: String = field?.getattr(intern!(py, "name"))?.extract()?;
                items.push(format!("{name}={}", java_to_string(&v, false)?));
            }
        }
        return Ok(join(items, "Struct{", ",", "}"));
    }
    if value.is_instance(t.datetime.bind(py))? {
        return Ok(java_date_string(timestamp_from_py(value)?));
    }
    if value.is_instance(t.date.bind(py))? {
        return Ok(java_date_string(
            i64::from(date_from_py(value)?) * 86_400_000,
        ));
    }
    if value.is_instance(t.time.bind(py))? {
        return Ok(java_date_string(i64::from(time_from_py(value)?)));
    }
    Ok(value.str()?.to_str()?.to_owned())
}
