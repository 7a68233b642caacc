//! Each phase of the model on its own: data-driven snapshots in the rust-analyzer style, one
//! `check` per phase over the same small cases (tiny, huge, zero writes, all writes, one
//! service, a call chain, internal services, migration half way, two versions, persistent
//! connections, media).
//! `UPDATE_EXPECT=1 cargo test --test model_phases` rewrites the snapshots; review the diff.

use expect_test::{expect, Expect};
use scalemap::core::format::num;
use scalemap::core::model::{Context, Phases};
use scalemap::core::share::decode;

mod support;

/// The cases: a name, a link, a user count.
const CASES: &[support::Case] = &[
    ("tiny", "?v=2", 1.0),
    ("default 10K", "?v=2", 1e4),
    ("huge", "?v=2", 1e12),
    ("zero writes", "?v=2&read=100", 1e6),
    ("all writes", "?v=2&read=0", 1e6),
    ("one service", "?v=2&services=Solo", 1e5),
    ("call chain", "?v=2&services=A:1:B,B:0.001:C,C:0.001", 1e5),
    // B and C only calls reach (weight 0, format 3); D neither clients nor calls.
    (
        "internal services",
        "?v=3&services=A:1:B,B:0:C,C:0,D:0",
        1e5,
    ),
    (
        "migration half way",
        "?v=2&preset=migration&migrated=1:50",
        1e6,
    ),
    ("two versions", "?v=2&preset=parallel-running", 1e4),
    ("persistent connections", "?v=2&persist=50&hold_s=0", 1e6),
    ("media", "?v=2&blob_kb=500&per=month&rpu=300", 1e6),
    (
        "per month, primer month",
        "?v=2&per=month&month=2.5m&rpu=2.5",
        1e6,
    ),
];

/// Runs every case through the phases and prints what `show` says of each, one line a case.
fn check(show: fn(&Phases) -> String, want: Expect) {
    support::check_phases(CASES, show, want);
}

fn n(x: f64) -> String {
    num(x)
}

// Guards: traffic: rates from users, activity and the per-second/day/month conversion; regions
// and versions.
#[test]
fn traffic() {
    check(
        |p| {
            let t = &p.traffic;
            format!(
                "avg {} peak {} reads {} writes {} regions {} versions {} load ×{}",
                n(t.avg_rps),
                n(t.peak_rps),
                n(t.read_rps),
                n(t.write_rps),
                n(t.regions),
                n(t.versions),
                n(t.version_load)
            )
        },
        expect![[r#"
            tiny: avg 0.1 peak 0.5 reads 0.09 writes 0.01 regions 1 versions 1 load ×1
            default 10K: avg 1,000 peak 5,000 reads 900 writes 100 regions 1 versions 1 load ×1
            huge: avg 100,000,000,000 peak 500,000,000,000 reads 90,000,000,000 writes 10,000,000,000 regions 6 versions 1 load ×1
            zero writes: avg 100,000 peak 500,000 reads 100,000 writes 0 regions 2 versions 1 load ×1
            all writes: avg 100,000 peak 500,000 reads 0 writes 100,000 regions 2 versions 1 load ×1
            one service: avg 10,000 peak 50,000 reads 9,000 writes 1,000 regions 1 versions 1 load ×1
            call chain: avg 10,000 peak 50,000 reads 9,000 writes 1,000 regions 1 versions 1 load ×1
            internal services: avg 10,000 peak 50,000 reads 9,000 writes 1,000 regions 1 versions 1 load ×1
            migration half way: avg 116 peak 579 reads 104 writes 11.6 regions 1 versions 1 load ×1
            two versions: avg 10,000 peak 10,000 reads 9,000 writes 1,000 regions 1 versions 2 load ×2
            persistent connections: avg 100,000 peak 500,000 reads 90,000 writes 10,000 regions 2 versions 1 load ×1
            media: avg 114 peak 570 reads 103 writes 11.4 regions 2 versions 1 load ×1
            per month, primer month: avg 1 peak 5 reads 0.9 writes 0.1 regions 2 versions 1 load ×1
        "#]],
    );
}

// Guards: loads: shares over named, unnamed and monolith entries, and fan-out along calls.
#[test]
fn loads() {
    check(
        |p| {
            let e: Vec<String> = p
                .loads
                .entries
                .iter()
                .map(|e| {
                    format!(
                        "{}×{} {} req/s (calls {})",
                        e.name,
                        n(e.count),
                        n(e.load),
                        n(e.fan_in)
                    )
                })
                .collect();
            format!("{} services: {}", n(p.loads.service_count), e.join(", "))
        },
        expect![[r#"
            tiny: 3 services: User×1 0.0667 req/s (calls 0.0333), Product×1 0.0667 req/s (calls 0.0333), Order×1 0.0333 req/s (calls 0)
            default 10K: 3 services: User×1 667 req/s (calls 333), Product×1 667 req/s (calls 333), Order×1 333 req/s (calls 0)
            huge: 3 services: User×1 66,666,666,667 req/s (calls 33,333,333,333), Product×1 66,666,666,667 req/s (calls 33,333,333,333), Order×1 33,333,333,333 req/s (calls 0)
            zero writes: 3 services: User×1 66,667 req/s (calls 33,333), Product×1 66,667 req/s (calls 33,333), Order×1 33,333 req/s (calls 0)
            all writes: 3 services: User×1 66,667 req/s (calls 33,333), Product×1 66,667 req/s (calls 33,333), Order×1 33,333 req/s (calls 0)
            one service: 1 services: Solo×1 10,000 req/s (calls 0)
            call chain: 3 services: A×1 9,980 req/s (calls 0), B×1 9,990 req/s (calls 9,980), C×1 10,000 req/s (calls 9,990)
            internal services: 4 services: A×1 10,000 req/s (calls 0), B×1 10,000 req/s (calls 10,000), C×1 10,000 req/s (calls 10,000), D×1 0 req/s (calls 0)
            migration half way: 15 services: User×1 7.72 req/s (calls 3.86), Product×1 7.72 req/s (calls 3.86), Order×1 3.86 req/s (calls 0), Other services×12 3.86 req/s (calls 0), Monolith×1 57.9 req/s (calls 0)
            two versions: 1 services: Order×1 10,000 req/s (calls 0)
            persistent connections: 3 services: User×1 66,667 req/s (calls 33,333), Product×1 66,667 req/s (calls 33,333), Order×1 33,333 req/s (calls 0)
            media: 3 services: User×1 76.1 req/s (calls 38), Product×1 76.1 req/s (calls 38), Order×1 38 req/s (calls 0)
            per month, primer month: 3 services: User×1 0.667 req/s (calls 0.333), Product×1 0.667 req/s (calls 0.333), Order×1 0.333 req/s (calls 0)
        "#]],
    );
}

// Guards: data: databases, shards, replicas, the cache and queue decisions, and storage split
// between databases and the object store.
#[test]
fn data() {
    check(
        |p| {
            let d = &p.data;
            format!(
                "{} db, {} primaries, {} replicas, cache {} ({} nodes), queue {} ({} brokers), db {} B, objects {} B",
                d.databases.len(),
                n(d.primaries),
                n(d.replicas),
                d.cache,
                n(d.cache_nodes),
                d.queue,
                n(d.queue_brokers),
                n(d.db_stored_bytes),
                n(d.object_stored_bytes)
            )
        },
        expect![[r#"
            tiny: 3 db, 3 primaries, 0 replicas, cache false (0 nodes), queue false (0 brokers), db 78,060,000 B, objects 0 B
            default 10K: 3 db, 3 primaries, 2 replicas, cache true (1 nodes), queue false (0 brokers), db 780,600,000,000 B, objects 0 B
            huge: 3 db, 167,772,160 primaries, 838,860,800 replicas, cache true (21,428,572 nodes), queue true (4,761,905 brokers), db 7.81e19 B, objects 0 B
            zero writes: 3 db, 80 primaries, 240 replicas, cache true (24 nodes), queue false (0 brokers), db 300,000,000,000 B, objects 0 B
            all writes: 3 db, 1,280 primaries, 1,280 replicas, cache false (0 nodes), queue true (48 brokers), db 777,900,000,000,000 B, objects 0 B
            one service: 1 db, 8 primaries, 8 replicas, cache true (2 nodes), queue true (1 brokers), db 7,806,000,000,000 B, objects 0 B
            call chain: 3 db, 24 primaries, 24 replicas, cache true (4 nodes), queue true (1 brokers), db 7,806,000,000,000 B, objects 0 B
            internal services: 4 db, 25 primaries, 24 replicas, cache true (4 nodes), queue true (1 brokers), db 7,806,000,000,000 B, objects 0 B
            migration half way: 5 db, 16 primaries, 0 replicas, cache true (1 nodes), queue false (0 brokers), db 390,000,000,000 B, objects 0 B
            two versions: 1 db, 2 primaries, 4 replicas, cache true (1 nodes), queue true (1 brokers), db 7,779,000,000,000 B, objects 0 B
            persistent connections: 3 db, 160 primaries, 160 replicas, cache true (22 nodes), queue true (5 brokers), db 78,060,000,000,000 B, objects 0 B
            media: 3 db, 3 primaries, 3 replicas, cache false (0 nodes), queue false (0 brokers), db 388,708,187,026 B, objects 14,784,697,837,738 B
            per month, primer month: 3 db, 3 primaries, 3 replicas, cache false (0 nodes), queue false (0 brokers), db 300,777,600,000 B, objects 0 B
        "#]],
    );
}

// Guards: compute: instances by requests and by connections (Little's law), gateways, load
// balancers.
#[test]
fn compute() {
    check(
        |p| {
            let c = &p.compute;
            let conns: f64 = c.services.iter().map(|s| s.connections * s.count).sum();
            format!(
                "{} instances ({} connections), {} gateways, {} load balancers",
                n(c.service_instances),
                n(conns),
                n(c.gateways),
                n(c.load_balancers)
            )
        },
        expect![[r#"
            tiny: 3 instances (0.833 connections), 1 gateways, 0 load balancers
            default 10K: 13 instances (8,333 connections), 1 gateways, 1 load balancers
            huge: 1,190,476,190 instances (833,333,333,333 connections), 71,428,572 gateways, 7,142,858 load balancers
            zero writes: 1,193 instances (833,333 connections), 72 gateways, 8 load balancers
            all writes: 1,193 instances (833,333 connections), 72 gateways, 8 load balancers
            one service: 72 instances (50,000 connections), 8 gateways, 1 load balancers
            call chain: 216 instances (149,850 connections), 8 gateways, 1 load balancers
            internal services: 217 instances (150,000 connections), 8 gateways, 1 load balancers
            migration half way: 32 instances (617 connections), 2 gateways, 1 load balancers
            two versions: 7 instances (20,000 connections), 1 gateways, 1 load balancers
            persistent connections: 1,193 instances (500,000 connections), 72 gateways, 8 load balancers
            media: 6 instances (951 connections), 2 gateways, 2 load balancers
            per month, primer month: 6 instances (8.33 connections), 2 gateways, 2 load balancers
        "#]],
    );
}

// Guards: edge: bytes to clients, the CDN decision, origin bytes and links.
#[test]
fn edge() {
    check(
        |p| {
            let e = &p.edge;
            format!(
                "egress {} B/s, cdn {} ({} B/s), origin peak {} B/s, {} links",
                n(e.egress),
                e.cdn,
                n(e.cdn_bytes),
                n(e.origin_peak),
                n(e.links)
            )
        },
        expect![[r#"
            tiny: egress 500 B/s, cdn false (0 B/s), origin peak 2,500 B/s, 1 links
            default 10K: egress 5,000,000 B/s, cdn false (0 B/s), origin peak 25,000,000 B/s, 1 links
            huge: egress 500,000,000,000,000 B/s, cdn true (300,000,000,000,000 B/s), origin peak 1e15 B/s, 11,428,572 links
            zero writes: egress 500,000,000 B/s, cdn true (300,000,000 B/s), origin peak 1,000,000,000 B/s, 12 links
            all writes: egress 500,000,000 B/s, cdn true (300,000,000 B/s), origin peak 1,000,000,000 B/s, 12 links
            one service: egress 50,000,000 B/s, cdn true (30,000,000 B/s), origin peak 100,000,000 B/s, 2 links
            call chain: egress 50,000,000 B/s, cdn true (30,000,000 B/s), origin peak 100,000,000 B/s, 2 links
            internal services: egress 50,000,000 B/s, cdn true (30,000,000 B/s), origin peak 100,000,000 B/s, 2 links
            migration half way: egress 578,704 B/s, cdn false (0 B/s), origin peak 2,893,519 B/s, 1 links
            two versions: egress 1,000,000,000 B/s, cdn true (600,000,000 B/s), origin peak 400,000,000 B/s, 4 links
            persistent connections: egress 500,000,000 B/s, cdn true (300,000,000 B/s), origin peak 1,000,000,000 B/s, 12 links
            media: egress 570,397 B/s, cdn false (0 B/s), origin peak 2,851,986 B/s, 2 links
            per month, primer month: egress 5,000 B/s, cdn false (0 B/s), origin peak 25,000 B/s, 2 links
        "#]],
    );
}

// Guards: cost: the bill's total and its largest line.
#[test]
fn cost() {
    check(
        |p| {
            let c = &p.cost;
            let top = c
                .lines
                .iter()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|l| l.0.label())
                .unwrap_or("");
            format!("${}/month, largest: {top}", n(c.total))
        },
        expect![[r#"
            tiny: $1,387/month, largest: Database nodes
            default 10K: $4,141/month, largest: Database nodes
            huge: $528,768,625,762/month, largest: Database nodes
            zero writes: $270,641/month, largest: Database nodes
            all writes: $1,166,001/month, largest: Database nodes
            one service: $18,625/month, largest: Database nodes
            call chain: $41,109/month, largest: Database nodes
            internal services: $41,547/month, largest: Database nodes
            migration half way: $8,647/month, largest: Database nodes
            two versions: $119,421/month, largest: Egress
            persistent connections: $278,490/month, largest: Database nodes
            media: $3,309/month, largest: Database nodes
            per month, primer month: $2,842/month, largest: Database nodes
        "#]],
    );
}

// Guards: strain: the first bottleneck is the bounded component with the least headroom, ties
// named; pools that can grow are never it.
#[test]
fn strain() {
    check(
        |p| {
            let f: Vec<String> = p
                .strain
                .first
                .iter()
                .map(|b| {
                    format!(
                        "{} {} at {} ×{} → {}",
                        b.component.key(),
                        b.at,
                        n(b.value),
                        b.headroom.map_or("-".into(), n),
                        b.change
                    )
                })
                .collect();
            f.join(" | ")
        },
        expect![[r#"
            tiny: service_requests User and Product at 0.000333 ×2,100 → add a load balancer and a second instance
            default 10K: db_writes User database and Product database at 0.333 ×1.5 → add a message queue
            huge: db_writes User database and Product database and Order database at 0.497 ×1.41 → split the shards
            zero writes: db_reads User database and Product database and Order database at 0.625 ×1.12 → add a read replica
            all writes: db_writes User database and Product database and Order database at 0.651 ×1.08 → split the shards
            one service: db_reads Solo database at 0.675 ×1.04 → add a read replica
            call chain: db_reads C database at 0.675 ×1.04 → add a read replica
            internal services: db_reads A database and B database and C database at 0.675 ×1.04 → add a read replica
            migration half way: db_reads Monolith database at 0.469 ×1.49 → add a read replica
            two versions: db_writes Order database at 1 ×1 → split the shards
            persistent connections: db_reads User database and Product database and Order database at 0.562 ×1.24 → add a read replica
            media: db_reads User database and Product database at 0.137 ×3.65 → add a cache
            per month, primer month: db_storage User database and Product database at 0.0201 ×49.9 → shard the database
        "#]],
    );
}

// Guards: the capacity-only stage the sweep and breakpoint search evaluate has exactly the
// full stage's figures; it only leaves latency and availability out.
#[test]
fn capacity_stage_has_the_same_figures() {
    for (name, link, users) in CASES {
        let (link, _) = decode(link);
        let (s, _) = link.scenario();
        let ctx = Context::new(&s);
        let mut full = ctx.stage(*users, false);
        let lean = ctx.capacity_stage(*users);
        assert!(
            full.latency.is_some() && full.availability.is_some(),
            "{name}"
        );
        assert!(
            lean.latency.is_none() && lean.availability.is_none(),
            "{name}"
        );
        full.latency = None;
        full.availability = None;
        assert_eq!(full, lean, "{name}");
    }
}
