//! A producer that takes a whole batch of encoded records per call and tracks
//! their delivery in Rust (see [`AckTracker`]).  librdkafka's queue is bounded
//! (`queue.buffering.max.*`): when it is full, `send` waits for delivery
//! reports, and after `block` returns how far it got so the caller can log,
//! check for shutdown and call again.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rdkafka::client::ClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{Header, Message, OwnedHeaders};
use rdkafka::producer::{BaseRecord, DeliveryResult, Producer, ProducerContext, ThreadedProducer};

use crate::error::{NativeError, Result};
use crate::kafka::tracker::AckTracker;

/// One record to produce; borrowed from the caller's buffers.
pub struct Outgoing<'a> {
    pub topic: &'a str,
    pub key: Option<&'a [u8]>,
    pub value: Option<&'a [u8]>,
    pub partition: Option<i32>,
    pub timestamp: Option<i64>,
    pub headers: &'a [(String, Option<Vec<u8>>)],
}

/// Routes delivery reports to the tracker; the opaque is the chunk id.
pub struct TrackingContext {
    tracker: Arc<AckTracker>,
}

impl ClientContext for TrackingContext {}

impl ProducerContext for TrackingContext {
    type DeliveryOpaque = Box<u64>;

    fn delivery(&self, result: &DeliveryResult<'_>, chunk: Box<u64>) {
        let error = match result {
            Ok(_) => None,
            Err((err, msg)) => Some(format!(
                "Producer send failed for topic {}: {err}",
                msg.topic()
            )),
        };
        self.tracker.delivered(*chunk, error);
    }
}

/// A librdkafka producer (with its own polling thread) and its delivery tracker.
pub struct BatchProducer {
    producer: ThreadedProducer<TrackingContext>,
    tracker: Arc<AckTracker>,
}

/// What one `send` call achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    /// The chunk these records belong to (see [`AckTracker::acked_through`]).
    pub chunk: u64,
    /// How many records were handed to librdkafka (fewer than asked when the queue stayed full).
    pub count: usize,
}

impl BatchProducer {
    /// A producer from librdkafka settings; an invalid setting is a `Config` error naming it.
    pub fn new(settings: &[(String, String)]) -> Result<Self> {
        let mut config = ClientConfig::new();
        for (key, value) in settings {
            config.set(key, value);
        }
        let tracker = Arc::new(AckTracker::default());
        let context = TrackingContext {
            tracker: tracker.clone(),
        };
        let producer = config.create_with_context(context).map_err(|e| {
            NativeError::config(format!("Invalid producer client configuration: {e}"))
        })?;
        Ok(Self { producer, tracker })
    }

    pub fn tracker(&self) -> &AckTracker {
        &self.tracker
    }

    /// Hand `records` to librdkafka as one chunk, waiting up to `block` in total for queue space.
    pub fn send<'a>(
        &self,
        records: impl IntoIterator<Item = Outgoing<'a>>,
        block: Duration,
    ) -> Result<Sent> {
        let chunk = self.tracker.open();
        let result = self.send_chunk(chunk, records, block);
        self.tracker.seal(chunk);
        result.map(|count| Sent { chunk, count })
    }

    fn send_chunk<'a>(
        &self,
        chunk: u64,
        records: impl IntoIterator<Item = Outgoing<'a>>,
        block: Duration,
    ) -> Result<usize> {
        let deadline = Instant::now() + block;
        let mut count = 0;
        for out in records {
            let mut record =
                BaseRecord::<[u8], [u8], Box<u64>>::with_opaque_to(out.topic, Box::new(chunk));
            if let Some(key) = out.key {
                record = record.key(key);
            }
            if let Some(value) = out.value {
                record = record.payload(value);
            }
            if let Some(partition) = out.partition {
                record = record.partition(partition);
            }
            if let Some(ts) = out.timestamp {
                record = record.timestamp(ts);
            }
            if !out.headers.is_empty() {
                let mut headers = OwnedHeaders::new_with_capacity(out.headers.len());
                for (key, value) in out.headers {
                    headers = headers.insert(Header {
                        key,
                        value: value.as_deref(),
                    });
                }
                record = record.headers(headers);
            }
            self.tracker.add(chunk);
            loop {
                match self.producer.send(record) {
                    Ok(()) => break,
                    Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                        if Instant::now() >= deadline {
                            self.tracker.withdraw(chunk);
                            return Ok(count);
                        }
                        record = back;
                        self.tracker.wait_change(Duration::from_millis(50));
                    }
                    Err((err, back)) => {
                        self.tracker.withdraw(chunk);
                        return Err(NativeError::kafka(describe(&err, back.topic, back.payload)));
                    }
                }
            }
            count += 1;
        }
        Ok(count)
    }

    /// Wait until every handed-over record was answered or `timeout` passed; how many remain.
    pub fn flush(&self, timeout: Duration) -> usize {
        let _ = self.producer.flush(timeout);
        self.tracker.wait_idle(Duration::from_millis(1))
    }
}

fn describe(err: &KafkaError, topic: &str, payload: Option<&[u8]>) -> String {
    let size = payload.map_or(0, <[u8]>::len);
    if matches!(
        err,
        KafkaError::MessageProduction(RDKafkaErrorCode::MessageSizeTooLarge)
    ) {
        return format!(
            "Producer send failed for topic {topic}: the record ({size} bytes) is larger than \
             max.request.size / message.max.bytes allows: {err}"
        );
    }
    format!("Producer send failed for topic {topic}: {err}")
}
