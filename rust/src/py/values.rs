//! Python values <-> Rust values, checked against a compiled schema (or inferred
//! for schemaless data).

use std::collections::HashMap;

use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple,
};
use pyo3::{intern, IntoPyObjectExt};

use crate::calendar::{civil_from_days, days_from_civil};
use crate::convert::json::decimal_from_text;
use crate::convert::string::{java_date_string, java_double_string, java_float_string};
use crate::error::NativeError;
use crate::py::errors::as_data_error;
use crate::py::schemas::Compiled;
use crate::py::types::{new_slotted, types};
use crate::schema::{int_range, Logical, SchemaType, Value};

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
