//! The only place that releases the GIL.  Every native call that does real work
//! (JSON encoding/decoding of a batch) runs its pure-Rust part through
//! [`without_gil`], so task threads overlap on all cores.

use pyo3::prelude::*;

use crate::error::NativeError;

/// Run `f` with the GIL released, mapping its error to the Python hierarchy.
#[allow(clippy::disallowed_methods)] // this is the one sanctioned `detach`
pub fn without_gil<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    T: Send,
    F: Send + FnOnce() -> Result<T, NativeError>,
{
    py.detach(f).map_err(PyErr::from)
}
