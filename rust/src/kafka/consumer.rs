//! A group consumer that fetches a whole batch per call into owned buffers.
//! Partition assignment and revocation are reported to a [`RebalanceListener`]
//! on the fetching thread, before (revoke) or after (assign) librdkafka applies
//! them, so the caller can commit and close partitions in order.

use std::time::{Duration, Instant};

use rdkafka::client::ClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{Headers, Message, Timestamp};
use rdkafka::{Offset, TopicPartitionList};

use crate::error::{NativeError, Result};

/// (topic, partition) pairs of a rebalance.
pub type Partitions = Vec<(String, i32)>;

/// Told about assignment changes, on the thread that called [`BatchConsumer::fetch`].
pub trait RebalanceListener: Send + Sync {
    fn assigned(&self, partitions: Partitions);
    fn revoked(&self, partitions: Partitions);
}

pub struct ListenerContext {
    listener: Box<dyn RebalanceListener>,
}

impl ClientContext for ListenerContext {}

fn partitions(tpl: &TopicPartitionList) -> Partitions {
    tpl.elements()
        .iter()
        .map(|e| (e.topic().to_owned(), e.partition()))
        .collect()
}

impl ConsumerContext for ListenerContext {
    fn pre_rebalance(&self, _consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Revoke(tpl) = rebalance {
            self.listener.revoked(partitions(tpl));
        }
    }

    fn post_rebalance(&self, _consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Assign(tpl) = rebalance {
            self.listener.assigned(partitions(tpl));
        }
    }
}

/// One consumed record, copied out of librdkafka's buffers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    /// (timestamp type: 0 none, 1 create time, 2 log append time; milliseconds)
    pub timestamp: (u8, i64),
    pub key: Option<Vec<u8>>,
    pub value: Option<Vec<u8>>,
    pub headers: Vec<(String, Option<Vec<u8>>)>,
}

pub struct BatchConsumer {
    consumer: BaseConsumer<ListenerContext>,
}

fn tpl_of(items: &[(String, i32, Option<i64>)]) -> Result<TopicPartitionList> {
    let mut tpl = TopicPartitionList::with_capacity(items.len());
    for (topic, partition, offset) in items {
        match offset {
            Some(o) => tpl
                .add_partition_offset(topic, *partition, Offset::Offset(*o))
                .map_err(|e| NativeError::kafka(e.to_string()))?,
            None => {
                tpl.add_partition(topic, *partition);
            }
        }
    }
    Ok(tpl)
}

fn kafka(what: &str, err: &KafkaError) -> NativeError {
    NativeError::kafka(format!("{what}: {err}"))
}

impl BatchConsumer {
    pub fn new(
        settings: &[(String, String)],
        listener: Box<dyn RebalanceListener>,
    ) -> Result<Self> {
        let mut config = ClientConfig::new();
        for (key, value) in settings {
            config.set(key, value);
        }
        let consumer = config
            .create_with_context(ListenerContext { listener })
            .map_err(|e| {
                NativeError::config(format!("Invalid consumer client configuration: {e}"))
            })?;
        Ok(Self { consumer })
    }

    /// Subscribe to topic names (a name starting with `^` is a regular expression).
    pub fn subscribe(&self, topics: &[String]) -> Result<()> {
        let names: Vec<&str> = topics.iter().map(String::as_str).collect();
        self.consumer
            .subscribe(&names)
            .map_err(|e| kafka("Consumer subscribe failed", &e))
    }

    /// Up to `max` records, waiting up to `timeout` for the batch to fill.
    /// Transient errors (broker down, partition EOF) are skipped; librdkafka retries them.
    pub fn fetch(&self, max: usize, timeout: Duration) -> Result<Vec<Fetched>> {
        let deadline = Instant::now() + timeout;
        let mut out = Vec::with_capacity(max.min(4096));
        while out.len() < max {
            // like confluent-kafka's consume(n, timeout): wait for a full batch until the deadline
            let wait = deadline.saturating_duration_since(Instant::now());
            match self.consumer.poll(wait) {
                Some(Ok(msg)) => out.push(Fetched {
                    topic: msg.topic().to_owned(),
                    partition: msg.partition(),
                    offset: msg.offset(),
                    timestamp: match msg.timestamp() {
                        Timestamp::NotAvailable => (0, -1),
                        Timestamp::CreateTime(t) => (1, t),
                        Timestamp::LogAppendTime(t) => (2, t),
                    },
                    key: msg.key().map(<[u8]>::to_vec),
                    value: msg.payload().map(<[u8]>::to_vec),
                    headers: msg.headers().map_or_else(Vec::new, |hs| {
                        hs.iter()
                            .map(|h| (h.key.to_owned(), h.value.map(<[u8]>::to_vec)))
                            .collect()
                    }),
                }),
                Some(Err(KafkaError::PartitionEOF(_))) => {}
                Some(Err(err)) if is_fatal(&err) => return Err(kafka("Consumer error", &err)),
                None | Some(Err(_)) => {
                    if Instant::now() >= deadline {
                        break;
                    }
                }
            }
        }
        Ok(out)
    }

    pub fn commit(&self, offsets: &[(String, i32, Option<i64>)], asynchronous: bool) -> Result<()> {
        let tpl = tpl_of(offsets)?;
        let mode = if asynchronous {
            CommitMode::Async
        } else {
            CommitMode::Sync
        };
        self.consumer
            .commit(&tpl, mode)
            .map_err(|e| kafka("Offset commit failed", &e))
    }

    pub fn pause(&self, partitions: &[(String, i32, Option<i64>)]) -> Result<()> {
        self.consumer
            .pause(&tpl_of(partitions)?)
            .map_err(|e| kafka("Consumer pause failed", &e))
    }

    pub fn resume(&self, partitions: &[(String, i32, Option<i64>)]) -> Result<()> {
        self.consumer
            .resume(&tpl_of(partitions)?)
            .map_err(|e| kafka("Consumer resume failed", &e))
    }

    pub fn seek(&self, topic: &str, partition: i32, offset: i64) -> Result<()> {
        self.consumer
            .seek(
                topic,
                partition,
                Offset::Offset(offset),
                Duration::from_secs(10),
            )
            .map_err(|e| kafka("Consumer seek failed", &e))
    }

    /// Leave the group (revocation reaches the listener) and stop fetching.
    pub fn close(&self) -> Result<()> {
        self.consumer.unsubscribe();
        self.consumer
            .close_queue()
            .map_err(|e| kafka("Consumer close failed", &e))?;
        while !self.consumer.closed() {
            let _ = self.consumer.poll(Duration::from_millis(100));
        }
        Ok(())
    }
}

fn is_fatal(err: &KafkaError) -> bool {
    matches!(
        err.rdkafka_error_code(),
        Some(
            RDKafkaErrorCode::Fatal
                | RDKafkaErrorCode::TopicAuthorizationFailed
                | RDKafkaErrorCode::GroupAuthorizationFailed
        )
    )
}
