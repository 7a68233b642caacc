//! Phase 4, data: databases (shared or one per service), their shards and read replicas, the
//! cache, the message queue, and storage (database records and the object store).

use super::{ceil, pow2_at_least, DatabaseStage, Fig, Loads, Notes, Traffic, Units};
use crate::core::format::{self, num};
use crate::core::params::{Scenario, P, SECONDS_PER_DAY};
use crate::note;

/// Everything about data at one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Data {
    /// Whether each service owns its database.
    pub db_per_service: bool,
    /// The databases (a group's own databases as one entry with a count).
    pub databases: Vec<DatabaseStage>,
    /// Which database each service entry uses (index into `databases`).
    pub db_of: Vec<usize>,
    /// Peak read queries/s sent by services, before the cache.
    pub db_read_qps: f64,
    /// Peak read queries/s reaching databases, after the cache.
    pub db_read_after_cache: f64,
    /// Peak write queries/s.
    pub db_write_qps: f64,
    /// Peak reads of the busiest database, before the cache.
    pub busiest_read: f64,
    /// Peak writes of the busiest database.
    pub busiest_write: f64,
    /// Whether a cache is in place.
    pub cache: bool,
    /// Share of reads that still reach a database (1 without a cache).
    pub miss: f64,
    /// Cache nodes.
    pub cache_nodes: f64,
    /// Whether a message queue is in place.
    pub queue: bool,
    /// Queue brokers.
    pub queue_brokers: f64,
    /// Primaries over all databases.
    pub primaries: f64,
    /// Read replicas over all databases.
    pub replicas: f64,
    /// Database nodes over all databases.
    pub db_nodes: f64,
    /// Database records, one copy.
    pub db_logical_bytes: f64,
    /// Database storage, every copy.
    pub db_stored_bytes: f64,
    /// Media and files in the object store.
    pub object_stored_bytes: f64,
}

/// Peak queries per database (each one of a group), before the cache.
struct Queries {
    reads: Vec<f64>,
    writes: Vec<f64>,
    counts: Vec<f64>,
}

/// Computes the data phase.
pub fn data(s: &Scenario, t: &Traffic, l: &Loads, n: &mut Notes) -> Data {
    let db_per_service = t.users >= s.get(P::DbSplit);
    let q = queries(s, t, l, db_per_service);
    let total = |v: &[f64]| -> f64 { v.iter().zip(&q.counts).map(|(x, k)| x * k).sum() };
    let (db_read_qps, db_write_qps) = (total(&q.reads), total(&q.writes));
    note_queries(s, db_read_qps, db_write_qps, n);
    let busiest_read = q.reads.iter().copied().fold(0.0, f64::max);
    let busiest_write = q.writes.iter().copied().fold(0.0, f64::max);
    let (cache, miss, cache_nodes) = cache(s, t, busiest_read, db_read_qps, n);
    let db_read_after_cache = db_read_qps * miss;
    let (queue, queue_brokers) = queue(s, t, busiest_write, db_write_qps, n);
    let (db_logical_bytes, object_stored_bytes) = storage(s, t, n);
    let names = database_names(l, db_per_service);
    let databases: Vec<DatabaseStage> = (0..q.reads.len())
        .map(|d| {
            let share = if db_write_qps > 0.0 {
                q.writes[d] / db_write_qps
            } else {
                1.0 / q.counts.iter().sum::<f64>()
            };
            let load = DbLoad {
                reads: q.reads[d] * miss,
                writes: q.writes[d],
                bytes: db_logical_bytes * share,
            };
            database(s, t, names[d].clone(), q.counts[d], &load)
        })
        .collect();
    let primaries: f64 = databases.iter().map(|d| d.shards * d.count).sum();
    let replicas: f64 = databases
        .iter()
        .map(|d| d.shards * d.replicas_per_shard * d.count)
        .sum();
    note_databases(s, t, &databases, primaries, replicas, n);
    Data {
        db_per_service,
        db_of: (0..l.entries.len())
            .map(|i| if db_per_service { i } else { 0 })
            .collect(),
        databases,
        db_read_qps,
        db_read_after_cache,
        db_write_qps,
        busiest_read,
        busiest_write,
        cache,
        miss,
        cache_nodes,
        queue,
        queue_brokers,
        primaries,
        replicas,
        db_nodes: primaries + replicas,
        db_logical_bytes,
        db_stored_bytes: db_logical_bytes * s.get(P::Replication),
        object_stored_bytes,
    }
}

/// Peak queries each database receives: one shared database takes every service's queries.
fn queries(s: &Scenario, t: &Traffic, l: &Loads, per_service: bool) -> Queries {
    let n_db = if per_service { l.entries.len() } else { 1 };
    let mut reads = vec![0.0; n_db];
    let mut writes = vec![0.0; n_db];
    for (i, e) in l.entries.iter().enumerate() {
        let q = e.load * t.version_load * t.peak_factor * s.get(P::Qpr);
        let (d, k) = if per_service { (i, 1.0) } else { (0, e.count) };
        reads[d] += q * t.read_share * k;
        writes[d] += q * (1.0 - t.read_share) * k;
    }
    let counts = if per_service {
        l.entries.iter().map(|e| e.count).collect()
    } else {
        vec![1.0]
    };
    Queries {
        reads,
        writes,
        counts,
    }
}

fn note_queries(s: &Scenario, reads: f64, writes: f64, n: &mut Notes) {
    let read = s.frac(P::Read);
    note!(
        n,
        Fig::DbReadQps,
        "Σ services' peak requests/s × {} queries per request × {} reads = {} QPS",
        num(s.get(P::Qpr)),
        format::percent(read),
        num(reads)
    );
    note!(
        n,
        Fig::DbWriteQps,
        "Σ services' peak requests/s × {} queries per request × {} writes = {} QPS",
        num(s.get(P::Qpr)),
        format::percent(1.0 - read),
        num(writes)
    );
}

/// The cache: whether one is in place, the share of reads it misses, and its nodes.
fn cache(s: &Scenario, t: &Traffic, busiest: f64, reads: f64, n: &mut Notes) -> (bool, f64, f64) {
    let cap = s.get(P::DbRead);
    let at = s.frac(P::CacheAt);
    let on = busiest > at * cap && reads > 0.0;
    note!(
        n,
        Fig::Cache,
        "busiest database's peak reads {} QPS {} {} × {} QPS per node = {} QPS → {}",
        num(busiest),
        if on { ">" } else { "≤" },
        format::percent(at),
        num(cap),
        num(at * cap),
        if on { "cache in place" } else { "no cache yet" }
    );
    let hit = s.frac(P::Hit);
    let miss = if on { 1.0 - hit } else { 1.0 };
    if on {
        note!(
            n,
            Fig::DbReadAfterCache,
            "{} QPS × (1 − {} cache hits) = {} QPS",
            num(reads),
            format::percent(hit),
            num(reads * miss)
        );
    } else {
        note!(
            n,
            Fig::DbReadAfterCache,
            "no cache: all {} QPS of reads reach the databases",
            num(reads)
        );
    }
    let u = s.frac(P::Util);
    let ops = s.get(P::CacheOps);
    let nodes = if on {
        ceil(reads / (ops * u)).max(t.regions)
    } else {
        0.0
    };
    if on {
        note!(
            n,
            Fig::CacheNodes,
            "max({} lookups/s ÷ ({} ops/s per node × {} target) = {}, one per region: {}) = {} node{}",
            num(reads),
            num(ops),
            format::percent(u),
            num(reads / (ops * u)),
            num(t.regions),
            num(nodes),
            if nodes == 1.0 { "" } else { "s" }
        );
    } else {
        note!(n, Fig::CacheNodes, "no cache at this stage");
    }
    (on, miss, nodes)
}

/// The message queue: whether writes go through one, and its brokers.
fn queue(s: &Scenario, t: &Traffic, busiest: f64, writes: f64, n: &mut Notes) -> (bool, f64) {
    let cap = s.get(P::DbWrite);
    let at = s.frac(P::QueueAt);
    let on = busiest > at * cap && writes > 0.0;
    let u = s.frac(P::Util);
    let ops = s.get(P::QueueOps);
    let brokers = if on {
        ceil(writes / (ops * u)).max(t.regions)
    } else {
        0.0
    };
    note!(
        n,
        Fig::Queue,
        "busiest database's peak writes {} QPS {} {} × {} QPS per primary = {} → {}",
        num(busiest),
        if on { ">" } else { "≤" },
        format::percent(at),
        num(cap),
        num(at * cap),
        if on {
            "writes go through a message queue"
        } else {
            "no queue yet"
        }
    );
    if on {
        note!(
            n,
            Fig::QueueBrokers,
            "max({} writes/s ÷ ({} messages/s per broker × {} target) = {}, one per region) = {} brokers",
            num(writes),
            num(ops),
            format::percent(u),
            num(writes / (ops * u)),
            num(brokers)
        );
    } else {
        note!(n, Fig::QueueBrokers, "no queue at this stage");
    }
    (on, brokers)
}

/// Database records (one copy) and object-store bytes.
fn storage(s: &Scenario, t: &Traffic, n: &mut Notes) -> (f64, f64) {
    // Written as version 1 wrote it, so that old links keep their figures to the last bit.
    let kept = |kb: f64| t.write_rps * SECONDS_PER_DAY * s.get(P::Retention) * kb * 1e3;
    let db = t.users * s.get(P::UserKb) * 1e3 + kept(s.get(P::WriteKb));
    let objects = kept(s.get(P::BlobKb));
    let copies = s.get(P::Replication);
    let u = Units::of(s);
    note!(
        n,
        Fig::DbStored,
        "({} users × {} KB + {} writes/s × 86,400 s × {} days × {} KB) × {} copies = {}",
        num(t.users),
        num(s.get(P::UserKb)),
        num(t.write_rps),
        num(s.get(P::Retention)),
        num(s.get(P::WriteKb)),
        num(copies),
        u.bytes(db * copies)
    );
    note!(
        n,
        Fig::ObjectStored,
        "{} writes/s × 86,400 s × {} days × {} KB of media = {} in the object store (its price covers its own redundancy)",
        num(t.write_rps),
        num(s.get(P::Retention)),
        num(s.get(P::BlobKb)),
        u.bytes(objects)
    );
    note!(
        n,
        Fig::Stored,
        "{} in databases (every copy) + {} in the object store = {}",
        u.bytes(db * copies),
        u.bytes(objects),
        u.bytes(db * copies + objects)
    );
    (db, objects)
}

/// Each database's name, in entry order (one shared database: one name).
fn database_names(l: &Loads, per_service: bool) -> Vec<String> {
    if !per_service {
        return vec!["Shared database".to_string()];
    }
    l.entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if e.monolith {
                "Monolith database".to_string()
            } else if Some(i) == l.group {
                "Other services' databases".to_string()
            } else {
                format!("{} database", e.name)
            }
        })
        .collect()
}

/// What one database must carry at peak.
struct DbLoad {
    /// Reads after the cache.
    reads: f64,
    /// Writes.
    writes: f64,
    /// Records, one copy.
    bytes: f64,
}

/// Sizes one database: shards for writes, data and reads (a power of two: shards split in
/// two, which keeps node counts from falling), then replicas for reads and extra regions.
fn database(s: &Scenario, t: &Traffic, name: String, count: f64, load: &DbLoad) -> DatabaseStage {
    let u = s.frac(P::Util);
    let read_cap = s.get(P::DbRead) * u;
    let max_rep = s.get(P::MaxReplicas);
    let by_writes = ceil(load.writes / (s.get(P::DbWrite) * u));
    let by_data = ceil(load.bytes / (s.get(P::ShardTb) * 1e12));
    let by_reads = ceil(load.reads / ((max_rep + 1.0) * read_cap));
    let shards = pow2_at_least(by_writes.max(by_data).max(by_reads).max(1.0));
    let nodes_for_reads = ceil(load.reads / shards / read_cap).max(1.0);
    let replicas = (nodes_for_reads - 1.0).max((t.regions - 1.0).min(max_rep));
    DatabaseStage {
        name,
        count,
        peak_read_qps: load.reads,
        peak_write_qps: load.writes,
        logical_bytes: load.bytes,
        shards,
        replicas_per_shard: replicas,
    }
}

fn note_databases(
    s: &Scenario,
    t: &Traffic,
    dbs: &[DatabaseStage],
    primaries: f64,
    replicas: f64,
    n: &mut Notes,
) {
    if !n.on() {
        return;
    }
    if let Some(b) = dbs.iter().max_by(|a, b| a.nodes().total_cmp(&b.nodes())) {
        n.put(Fig::Primaries, primaries_text(s, dbs, b, primaries));
        n.put(Fig::Replicas, replicas_text(s, t, b, replicas));
    }
    n.put(
        Fig::DbNodes,
        format!(
            "{} primaries + {} replicas = {} nodes (each database sized for its own load)",
            num(primaries),
            num(replicas),
            num(primaries + replicas)
        ),
    );
}

fn plural(x: f64) -> &'static str {
    if x == 1.0 {
        ""
    } else {
        "s"
    }
}

fn primaries_text(
    s: &Scenario,
    dbs: &[DatabaseStage],
    b: &DatabaseStage,
    primaries: f64,
) -> String {
    let u = s.frac(P::Util);
    let (wcap, rcap) = (s.get(P::DbWrite), s.get(P::DbRead));
    let max_rep = s.get(P::MaxReplicas);
    let count: f64 = dbs.iter().map(|d| d.count).sum();
    let which = if b.count > 1.0 {
        format!("each of {}", b.name)
    } else {
        b.name.clone()
    };
    format!(
        "{} database{}; the largest, {which}: max(1, {} writes/s ÷ ({} QPS × {}) → {}, {} ÷ {} TB per shard → {}, reads {} QPS ÷ ({} nodes × {} QPS × {}) → {}), rounded up to a power of two (shards split in two) = {} shard{}; {} primaries in all",
        num(count),
        plural(count),
        num(b.peak_write_qps),
        num(wcap),
        format::percent(u),
        num(ceil(b.peak_write_qps / (wcap * u))),
        Units::of(s).bytes(b.logical_bytes),
        num(s.get(P::ShardTb)),
        num(ceil(b.logical_bytes / (s.get(P::ShardTb) * 1e12))),
        num(b.peak_read_qps),
        num(max_rep + 1.0),
        num(rcap),
        format::percent(u),
        num(ceil(b.peak_read_qps / ((max_rep + 1.0) * rcap * u))),
        num(b.shards),
        plural(b.shards),
        num(primaries)
    )
}

fn replicas_text(s: &Scenario, t: &Traffic, b: &DatabaseStage, replicas: f64) -> String {
    let u = s.frac(P::Util);
    let rcap = s.get(P::DbRead);
    format!(
        "{}: {} read QPS ÷ {} shard{} ÷ ({} QPS per node × {}) = {} nodes → {} replica{} per shard (the primary serves reads too; at least one per extra region: {}); {} replicas in all",
        b.name,
        num(b.peak_read_qps),
        num(b.shards),
        plural(b.shards),
        num(rcap),
        format::percent(u),
        num(ceil(b.peak_read_qps / b.shards / (rcap * u)).max(1.0)),
        num(b.replicas_per_shard),
        plural(b.replicas_per_shard),
        num((t.regions - 1.0).min(s.get(P::MaxReplicas))),
        num(replicas)
    )
}
