//! Delivery bookkeeping per chunk (one `send` call): a chunk is acknowledged
//! when the broker acknowledged every message in it.  The task asks for the
//! longest acknowledged prefix of chunks ("acked up to here") once per loop, so
//! delivery reports never call into Python.

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

#[derive(Debug, Default)]
struct Chunk {
    remaining: usize,
    sealed: bool,
    /// A failed chunk never completes, so no offset after it is ever committed.
    failed: bool,
}

#[derive(Debug, Default)]
struct State {
    next_id: u64,
    open: BTreeMap<u64, Chunk>,
    in_flight: usize,
    failure: Option<String>,
}

/// Thread-safe: delivery reports arrive on librdkafka's polling thread.
#[derive(Debug, Default)]
pub struct AckTracker {
    state: Mutex<State>,
    changed: Condvar,
}

impl AckTracker {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Start a chunk; ids start at 1 and increase.
    pub fn open(&self) -> u64 {
        let mut state = self.lock();
        state.next_id += 1;
        let id = state.next_id;
        state.open.insert(id, Chunk::default());
        id
    }

    /// One more message of chunk `id` is on its way (call before handing it to librdkafka).
    pub fn add(&self, id: u64) {
        let mut state = self.lock();
        state.in_flight += 1;
        if let Some(chunk) = state.open.get_mut(&id) {
            chunk.remaining += 1;
        }
    }

    /// A message counted by [`add`](Self::add) was not handed over after all.
    pub fn withdraw(&self, id: u64) {
        self.delivered(id, None);
    }

    /// No more messages join chunk `id`.
    pub fn seal(&self, id: u64) {
        let mut state = self.lock();
        if let Some(chunk) = state.open.get_mut(&id) {
            chunk.sealed = true;
            if chunk.remaining == 0 && !chunk.failed {
                state.open.remove(&id);
            }
        }
        self.changed.notify_all();
    }

    /// The broker answered for one message of chunk `id`; `error` if it failed.
    pub fn delivered(&self, id: u64, error: Option<String>) {
        let mut state = self.lock();
        state.in_flight = state.in_flight.saturating_sub(1);
        let failed = error.is_some();
        if let Some(err) = error {
            state.failure.get_or_insert(err);
        }
        if let Some(chunk) = state.open.get_mut(&id) {
            chunk.remaining = chunk.remaining.saturating_sub(1);
            chunk.failed |= failed;
            if chunk.remaining == 0 && chunk.sealed && !chunk.failed {
                state.open.remove(&id);
            }
        }
        self.changed.notify_all();
    }

    /// The highest chunk id such that it and every earlier chunk are fully acknowledged (0: none).
    pub fn acked_through(&self) -> u64 {
        let state = self.lock();
        match state.open.keys().next() {
            Some(first) => first - 1,
            None => state.next_id,
        }
    }

    /// The first delivery failure, if any.
    pub fn failure(&self) -> Option<String> {
        self.lock().failure.clone()
    }

    /// Messages handed over and not yet answered.
    pub fn in_flight(&self) -> usize {
        self.lock().in_flight
    }

    /// Wait up to `timeout` for a delivery report (or until nothing is in flight).
    pub fn wait_change(&self, timeout: Duration) {
        let state = self.lock();
        if state.in_flight == 0 {
            return;
        }
        let _unused = self.changed.wait_timeout(state, timeout);
    }

    /// Wait until nothing is in flight or `timeout` passed; the number still in flight.
    pub fn wait_idle(&self, timeout: Duration) -> usize {
        let deadline = Instant::now() + timeout;
        let mut state = self.lock();
        while state.in_flight > 0 {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            state = self
                .changed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        state.in_flight
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_waits_for_the_earliest_open_chunk() {
        let t = AckTracker::default();
        let a = t.open();
        t.add(a);
        t.add(a);
        t.seal(a);
        let b = t.open();
        t.add(b);
        t.seal(b);
        assert_eq!(t.acked_through(), 0);
        t.delivered(b, None);
        assert_eq!(t.acked_through(), 0, "b is done but a is not");
        t.delivered(a, None);
        assert_eq!(t.acked_through(), 0);
        t.delivered(a, None);
        assert_eq!(t.acked_through(), b);
        assert_eq!(t.in_flight(), 0);
    }

    #[test]
    fn an_unsealed_chunk_is_not_done_even_when_all_its_messages_are() {
        let t = AckTracker::default();
        let a = t.open();
        t.add(a);
        t.delivered(a, None);
        assert_eq!(t.acked_through(), 0);
        t.seal(a);
        assert_eq!(t.acked_through(), a);
    }

    #[test]
    fn empty_chunks_and_withdrawn_messages_complete() {
        let t = AckTracker::default();
        let a = t.open();
        t.add(a);
        t.withdraw(a);
        t.seal(a);
        let b = t.open();
        t.seal(b);
        assert_eq!(t.acked_through(), b);
        assert_eq!(t.wait_idle(Duration::from_millis(1)), 0);
    }

    #[test]
    fn the_first_failure_is_kept() {
        let t = AckTracker::default();
        let a = t.open();
        t.add(a);
        t.add(a);
        t.seal(a);
        t.delivered(a, Some("first".into()));
        t.delivered(a, Some("second".into()));
        assert_eq!(t.failure().as_deref(), Some("first"));
        assert_eq!(
            t.acked_through(),
            0,
            "a failed chunk never counts as acknowledged"
        );
    }
}
