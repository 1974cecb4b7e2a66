//! The one place where native errors become Python exceptions of `kconnect.errors`.

use pyo3::prelude::*;

use crate::error::NativeError;

pyo3::import_exception!(kconnect.errors, ConnectError);
pyo3::import_exception!(kconnect.errors, DataError);
pyo3::import_exception!(kconnect.errors, ConfigError);

impl From<NativeError> for PyErr {
    fn from(err: NativeError) -> PyErr {
        match err {
            NativeError::Data(msg) => DataError::new_err(msg),
            NativeError::Config(msg) => ConfigError::new_err(msg),
            NativeError::Kafka(msg) => ConnectError::new_err(msg),
        }
    }
}

/// A Python error raised while reading a value (a `TypeError` from an unhashable
/// map key, a `ValueError` from an out-of-range date...) becomes a `DataError`
/// naming `context`; kconnect's own errors pass through unchanged.
pub fn as_data_error(py: Python<'_>, err: PyErr, context: &str) -> PyErr {
    if err.is_instance_of::<ConnectError>(py) {
        return err;
    }
    let new = DataError::new_err(format!("{context}: {err}"));
    new.set_cause(py, Some(err));
    new
}
