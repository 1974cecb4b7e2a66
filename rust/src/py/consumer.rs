//! `NativeConsumer`: the sink task's consumer.  One call fetches a batch with
//! the GIL released and hands Python parallel columns (no object per record
//! until the converters build the records).  Rebalance callbacks run Python on
//! the fetching thread (re-attaching to the interpreter), like confluent-kafka's.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};

use crate::kafka::consumer::{BatchConsumer, Fetched, Partitions, RebalanceListener};
use crate::py::gil::without_gil;

type Slot = Arc<Mutex<Option<PyErr>>>;

struct PyListener {
    on_assign: Py<PyAny>,
    on_revoke: Py<PyAny>,
    error: Slot,
    closed: Arc<AtomicBool>,
}

impl PyListener {
    fn call(&self, callback: &Py<PyAny>, partitions: Partitions) {
        if self.closed.load(Ordering::Acquire) {
            return;
        }
        Python::attach(|py| {
            if let Err(err) = callback.call1(py, (partitions,)) {
                self.error
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .get_or_insert(err);
            }
        });
    }
}

impl RebalanceListener for PyListener {
    fn assigned(&self, partitions: Partitions) {
        self.call(&self.on_assign, partitions);
    }

    fn revoked(&self, partitions: Partitions) {
        self.call(&self.on_revoke, partitions);
    }
}

#[pyclass(frozen, module = "kconnect._native")]
pub struct NativeConsumer {
    inner: BatchConsumer,
    error: Slot,
    closed: Arc<AtomicBool>,
}

impl NativeConsumer {
    /// Raise the first exception a rebalance callback raised since the last call.
    fn raise_callback_error(&self) -> PyResult<()> {
        match self
            .error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }
}

fn with_offsets(items: Vec<(String, i32)>) -> Vec<(String, i32, Option<i64>)> {
    items.into_iter().map(|(t, p)| (t, p, None)).collect()
}

fn columns<'py>(py: Python<'py>, fetched: &[Fetched]) -> PyResult<Bound<'py, PyTuple>> {
    let topics = PyList::empty(py);
    let partitions = PyList::empty(py);
    let offsets = PyList::empty(py);
    let ts_types = PyList::empty(py);
    let timestamps = PyList::empty(py);
    let keys = PyList::empty(py);
    let values = PyList::empty(py);
    let headers = PyList::empty(py);
    let mut last_topic: Option<(&str, Bound<'py, PyAny>)> = None;
    for f in fetched {
        let topic = match &last_topic {
            Some((name, obj)) if *name == f.topic => obj.clone(),
            _ => {
                let obj = f.topic.as_str().into_pyobject(py)?.into_any();
                last_topic = Some((f.topic.as_str(), obj.clone()));
                obj
            }
        };
        topics.append(topic)?;
        partitions.append(f.partition)?;
        offsets.append(f.offset)?;
        ts_types.append(f.timestamp.0)?;
        timestamps.append(f.timestamp.1)?;
        keys.append(f.key.as_deref().map(|k| PyBytes::new(py, k)))?;
        values.append(f.value.as_deref().map(|v| PyBytes::new(py, v)))?;
        if f.headers.is_empty() {
            headers.append(py.None())?;
        } else {
            let list = PyList::empty(py);
            for (key, value) in &f.headers {
                list.append((key.as_str(), value.as_deref().map(|v| PyBytes::new(py, v))))?;
            }
            headers.append(list)?;
        }
    }
    PyTuple::new(
        py,
        [
            topics, partitions, offsets, ts_types, timestamps, keys, values, headers,
        ],
    )
}

#[pymethods]
impl NativeConsumer {
    #[new]
    fn new(
        py: Python<'_>,
        config: &Bound<'_, PyDict>,
        on_assign: Py<PyAny>,
        on_revoke: Py<PyAny>,
    ) -> PyResult<Self> {
        let mut settings = Vec::with_capacity(config.len());
        for (key, value) in config.iter() {
            settings.push((key.extract::<String>()?, value.str()?.extract::<String>()?));
        }
        let error: Slot = Arc::default();
        let closed = Arc::new(AtomicBool::new(false));
        let listener = PyListener {
            on_assign,
            on_revoke,
            error: error.clone(),
            closed: closed.clone(),
        };
        let inner = without_gil(py, move || {
            BatchConsumer::new(&settings, Box::new(listener))
        })?;
        Ok(Self {
            inner,
            error,
            closed,
        })
    }

    #[allow(clippy::needless_pass_by_value)] // pyo3 extracts arguments as owned values
    fn subscribe(&self, topics: Vec<String>) -> PyResult<()> {
        Ok(self.inner.subscribe(&topics)?)
    }

    /// Up to `max_records` records as columns: (topics, partitions, offsets, timestamp types,
    /// timestamps, keys, values, headers); rebalance callbacks may run during the call.
    fn fetch<'py>(
        &self,
        py: Python<'py>,
        max_records: usize,
        timeout_s: f64,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let timeout = Duration::from_secs_f64(timeout_s.max(0.0));
        let inner = &self.inner;
        let fetched = without_gil(py, move || inner.fetch(max_records, timeout));
        self.raise_callback_error()?;
        columns(py, &fetched?)
    }

    #[pyo3(signature = (offsets, asynchronous=true))]
    fn commit(
        &self,
        py: Python<'_>,
        offsets: Vec<(String, i32, i64)>,
        asynchronous: bool,
    ) -> PyResult<()> {
        let items: Vec<_> = offsets
            .into_iter()
            .map(|(t, p, o)| (t, p, Some(o)))
            .collect();
        let inner = &self.inner;
        without_gil(py, move || inner.commit(&items, asynchronous))
    }

    fn pause(&self, partitions: Vec<(String, i32)>) -> PyResult<()> {
        Ok(self.inner.pause(&with_offsets(partitions))?)
    }

    fn resume(&self, partitions: Vec<(String, i32)>) -> PyResult<()> {
        Ok(self.inner.resume(&with_offsets(partitions))?)
    }

    fn seek(&self, py: Python<'_>, topic: String, partition: i32, offset: i64) -> PyResult<()> {
        let inner = &self.inner;
        without_gil(py, move || inner.seek(&topic, partition, offset))
    }

    /// Leave the group (the revoke callback runs), then stop calling back into Python.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        if self.closed.load(Ordering::Acquire) {
            return Ok(());
        }
        let inner = &self.inner;
        let result = without_gil(py, move || inner.close());
        self.closed.store(true, Ordering::Release);
        self.raise_callback_error()?;
        result
    }
}

impl Drop for NativeConsumer {
    fn drop(&mut self) {
        // librdkafka leaves the group while the consumer is destroyed: no Python callbacks then
        self.closed.store(true, Ordering::Release);
    }
}
