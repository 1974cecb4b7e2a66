//! `NativeProducer`: the source task's producer.  One call hands a whole batch
//! of encoded records to librdkafka with the GIL released; delivery reports are
//! tracked in Rust and reach Python as one number ("acked up to chunk N").

use std::time::Duration;

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::PyDict;

use crate::error::NativeError;
use crate::kafka::producer::{BatchProducer, Outgoing};
use crate::py::convert::read_data;
use crate::py::gil::without_gil;

type HeaderList = Vec<(String, Option<Vec<u8>>)>;

#[pyclass(frozen, module = "kconnect._native")]
pub struct NativeProducer {
    inner: BatchProducer,
}

fn settings(config: &Bound<'_, PyDict>) -> PyResult<Vec<(String, String)>> {
    let mut out = Vec::with_capacity(config.len());
    for (key, value) in config.iter() {
        out.push((key.extract::<String>()?, value.str()?.extract::<String>()?));
    }
    Ok(out)
}

#[pymethods]
impl NativeProducer {
    #[new]
    fn new(py: Python<'_>, config: &Bound<'_, PyDict>) -> PyResult<Self> {
        let settings = settings(config)?;
        let inner = without_gil(py, move || BatchProducer::new(&settings))?;
        Ok(Self { inner })
    }

    /// Produce records `start..` of the parallel lists as one chunk; `(chunk id, records handed over)`.
    #[pyo3(signature = (topics, keys, values, partitions=None, timestamps=None, headers=None, start=0, block_ms=1000))]
    #[allow(clippy::too_many_arguments)]
    fn send(
        &self,
        py: Python<'_>,
        topics: Vec<PyBackedStr>,
        keys: &Bound<'_, PyAny>,
        values: &Bound<'_, PyAny>,
        partitions: Option<Vec<Option<i32>>>,
        timestamps: Option<Vec<Option<i64>>>,
        headers: Option<Vec<Option<HeaderList>>>,
        start: usize,
        block_ms: u64,
    ) -> PyResult<(u64, usize)> {
        let keys = read_data(keys)?;
        let values = read_data(values)?;
        let n = topics.len();
        if keys.len() != n || values.len() != n {
            return Err(
                NativeError::data("topics, keys and values must have the same length").into(),
            );
        }
        let inner = &self.inner;
        let sent = without_gil(py, move || {
            let none: HeaderList = Vec::new();
            let records = (start..n).map(|i| Outgoing {
                topic: &topics[i],
                key: keys[i].as_deref(),
                value: values[i].as_deref(),
                partition: partitions
                    .as_ref()
                    .and_then(|p| p.get(i).copied().flatten()),
                timestamp: timestamps
                    .as_ref()
                    .and_then(|t| t.get(i).copied().flatten()),
                headers: headers
                    .as_ref()
                    .and_then(|h| h.get(i))
                    .and_then(Option::as_ref)
                    .unwrap_or(&none),
            });
            inner.send(records, Duration::from_millis(block_ms))
        })?;
        Ok((sent.chunk, sent.count))
    }

    /// The highest chunk id acknowledged together with every earlier chunk (0: none yet).
    /// Raises `ConnectError` once any delivery failed.
    fn acked_through(&self) -> PyResult<u64> {
        if let Some(failure) = self.inner.tracker().failure() {
            return Err(NativeError::kafka(failure).into());
        }
        Ok(self.inner.tracker().acked_through())
    }

    /// Records handed to librdkafka and not yet acknowledged or failed.
    fn in_flight(&self) -> usize {
        self.inner.tracker().in_flight()
    }

    /// Wait up to `timeout_s` for every in-flight record; how many are still in flight.
    fn flush(&self, py: Python<'_>, timeout_s: f64) -> PyResult<usize> {
        let timeout = Duration::from_secs_f64(timeout_s.max(0.0));
        let inner = &self.inner;
        without_gil(py, move || Ok(inner.flush(timeout)))
    }
}
