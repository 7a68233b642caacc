//! What a pool does with more requests than its instances can serve, minute by minute.
//!
//! Requests above the pool's capacity (instances × requests per instance at full load) are
//! refused, except the asynchronous share: with a message queue in place, writes go through it
//! (the queue the model introduces is for writes), so they wait in the queue's backlog instead.
//! When the pool has room again, it drains the backlog with the spare capacity up to the
//! policy's target utilisation, so draining never pushes it past the target.

/// One minute of one pool.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// Requests/s the pool serves this minute (its traffic up to capacity, plus draining).
    pub load: f64,
    /// Requests refused this minute.
    pub dropped: f64,
    /// Requests waiting in the queue after this minute.
    pub backlog: f64,
}

/// One minute: `rate` requests/s arrive at a pool that serves `capacity` requests/s at full
/// load; `async_share` of them can wait in the queue; spare capacity up to `drain_to` × capacity
/// drains the `backlog` left by earlier minutes.
pub fn step(rate: f64, capacity: f64, async_share: f64, drain_to: f64, backlog: f64) -> Step {
    if rate > capacity {
        let excess = (rate - capacity) * 60.0;
        return Step {
            load: capacity,
            dropped: excess * (1.0 - async_share),
            backlog: backlog + excess * async_share,
        };
    }
    let spare = (capacity * drain_to - rate).max(0.0) * 60.0;
    let drained = backlog.min(spare);
    Step {
        load: rate + drained / 60.0,
        dropped: 0.0,
        backlog: backlog - drained,
    }
}

/// Minutes from the last minute the backlog was at its largest until it is empty again;
/// `None` when there was no backlog or it is not empty by midnight.
pub fn drain_minutes(backlog: &[f64]) -> Option<u32> {
    let (peak_at, peak) =
        backlog.iter().enumerate().fold(
            (0, 0.0f64),
            |acc, (i, &b)| if b >= acc.1 { (i, b) } else { acc },
        );
    if peak <= 0.0 {
        return None;
    }
    backlog[peak_at..]
        .iter()
        .position(|&b| b <= 0.0)
        .map(|d| d as u32)
}
