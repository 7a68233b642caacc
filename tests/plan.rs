//! What changes, and what to do first (issue 15 §1): the scaling plan per stage, breakpoints
//! that end, the traffic × N what-if and each preset's Self Check, as expect-test snapshots.
//! `UPDATE_EXPECT=1 cargo test --test plan` rewrites the snapshots; review the diff.

use expect_test::{expect, Expect};
use scalemap::core::format::{grouped, num};
use scalemap::core::model::{Context, Milestone};
use scalemap::core::plan::{self, Change};
use scalemap::core::presets::Preset;
use scalemap::core::share::decode;

/// The scenario of a link (no notices allowed).
fn scenario(link: &str) -> scalemap::core::params::Scenario {
    let (link, notices) = decode(link);
    assert!(notices.is_empty(), "{notices:?}");
    let (s, notices) = link.scenario();
    assert!(notices.is_empty(), "{notices:?}");
    s
}

/// Every stage's changes, one line each, under the stage's user count.
fn show_plan(link: &str) -> String {
    let s = scenario(link);
    let ctx = Context::new(&s);
    let bps = ctx.breakpoints();
    let mut out = String::new();
    for (u, changes) in s.users.iter().zip(plan::stages(&ctx, &bps, &s.users)) {
        out.push_str(&format!("{} users\n", grouped(*u, 0)));
        for c in changes {
            out.push_str(&format!("  {}\n", c.line()));
        }
    }
    out
}

fn check_plan(link: &str, want: Expect) {
    want.assert_eq(&show_plan(link));
}

// Guards: the default preset's plan: each stage lists the changes since the previous one in
// user order, each with the figure (load against its limit) just before it.
#[test]
fn architecture_plan() {
    check_plan(
        "?v=2",
        expect![[r#"
            100 users
              From the first user: Database per service. Each service owns its database from the first user (db_split).
            10,000 users
              2,101 users: Load balancer. Service instances (requests) (User and Product) at 70% of capacity at 2,100 users; the limit is 70%.
              4,167 users: Cache. Database reads (User database and Product database) at 50% of capacity at 4,166 users; the limit is 50%.
              9,723 users: First read replica. Database reads (User database and Product database) at 70% of capacity at 9,722 users; the limit is 70%.
            1,000,000 users
              15,001 users: Message queue. Database primary (writes) (User database and Product database) at 50% of capacity at 15,000 users; the limit is 50%.
              21,001 users: Sharding. Database primary (writes) (User database and Product database) at 70% of capacity at 21,000 users; the limit is 70%.
              25,001 users: CDN. Network links at 50% of capacity at 25,000 users; the limit is 50%.
              500,001 users: Second region. One region serves 500K users (region_users).
            100,000,000 users
        "#]],
    );
}

// Guards: a breakpoint that ends: the maturity preset's cache appears, is gone when each
// service gets its own database (10K), and the plan says so at the stage that crosses it.
#[test]
fn maturity_plan_with_an_ending_cache() {
    check_plan(
        "?v=2&preset=maturity",
        expect![[r#"
            100 users
              From the first user: Load balancer. Each service runs at least 2 instances (min_inst): they need one in front.
            10,000 users
              2,351 users: Cache. Database reads (Shared database) at 50% of capacity at 2,350 users; the limit is 50%.
              5,618 users: First read replica. Database reads (Shared database) at 70% of capacity at 5,617 users; the limit is 70%.
              8,824 users: Message queue. Database primary (writes) (Shared database) at 50% of capacity at 8,823 users; the limit is 50%.
              10,000 users: Database per service. Each service owns its database from 10K users (db_split).
              10,000 users: Cache no longer needed. Database reads (User database and Product database) at 24% of capacity at 10,000 users; the limit is 50%: under the limit again. It goes with: Database per service.
              10,000 users: First read replica no longer needed. Database reads (User database and Product database) at 24% of capacity at 10,000 users; the limit is 70%: under the limit again. It goes with: Database per service.
              10,000 users: Message queue no longer needed. Database primary (writes) (User database and Product database) at 6.67% of capacity at 10,000 users; the limit is 50%: under the limit again. It goes with: Database per service.
            1,000,000 users
              25,001 users: CDN. Network links at 50% of capacity at 25,000 users; the limit is 50%.
              50,001 users: Cache. Database reads (User database and Product database) at 50% of capacity at 50,000 users; the limit is 50%.
              168,519 users: First read replica. Database reads (User database and Product database) at 70% of capacity at 168,518 users; the limit is 70%.
              295,001 users: Message queue. Database primary (writes) (User database and Product database) at 50% of capacity at 295,000 users; the limit is 50%.
              455,001 users: Sharding. Database primary (writes) (User database and Product database) at 70% of capacity at 455,000 users; the limit is 70%.
            100,000,000 users
              20,000,001 users: Second region. One region serves 20M users (region_users).
        "#]],
    );
}

// Guards: the breakpoint spans agree with the stage columns: at every stage a milestone holds
// exactly when one of its spans covers the stage's user count, for every preset.
#[test]
fn spans_agree_with_stages() {
    for p in Preset::ALL {
        let s = p.scenario();
        let ctx = Context::new(&s);
        let bps = ctx.breakpoints();
        let mut users = s.users.clone();
        users.extend([2_000.0, 5_000.0, 9_999.0, 10_000.0, 30_000.0, 3e5, 3e6, 3e7]);
        for u in users {
            let st = ctx.capacity_stage(u);
            for b in &bps {
                let covered = b
                    .spans
                    .iter()
                    .any(|&(from, until)| u >= from && until.is_none_or(|t| u < t));
                assert_eq!(
                    covered,
                    b.milestone.holds(&st),
                    "{p:?} {:?} at {u}",
                    b.milestone
                );
                assert_eq!(b.users, b.spans.first().map(|s| s.0));
            }
        }
    }
}

// Guards: the maturity cache's span ends at 10K users, where each service gets its own database.
#[test]
fn maturity_cache_ends_at_the_database_split() {
    let s = Preset::Maturity.scenario();
    let bps = Context::new(&s).breakpoints();
    let cache = bps
        .iter()
        .find(|b| b.milestone == Milestone::Cache)
        .unwrap();
    let split = bps
        .iter()
        .find(|b| b.milestone == Milestone::DbPerService)
        .unwrap();
    assert_eq!(cache.spans.first().and_then(|s| s.1), split.users);
    assert_eq!(split.users, Some(10_000.0));
}

/// A what-if, line by line.
fn show_what_if(link: &str, users: f64, factor: f64) -> String {
    let s = scenario(link);
    let ctx = Context::new(&s);
    let bps = ctx.breakpoints();
    let mut w = plan::what_if(&ctx, &bps, users, factor);
    plan::figures(&ctx, &mut w.steps);
    let counts = plan::counts(&ctx, users, factor)
        .into_iter()
        .map(|(what, a, b)| format!("{what}: {} → {}", num(a), num(b)));
    w.lines()
        .into_iter()
        .chain(counts)
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

// Guards: traffic × N on a stage: what runs out first as built (least headroom first), the
// steps the model takes on the way (in order) and the counts that change, for ×2, ×10, ×100.
#[test]
fn what_if() {
    expect![[r#"
        First to run out: Database primary (writes) (User database and Product database), at traffic ×1.5 (about 15K users); then it must add a message queue.
        Then: Database reads (User database and Product database and Order database) 36% of capacity, traffic ×1.94 before it must add a read replica
        Step: 15,001 users: Message queue. Database primary (writes) (User database and Product database) at 50% of capacity at 15,000 users; the limit is 50%.
        Service instances: 13 → 25
        Read replicas: 2 → 5
        Queue brokers: 0 → 1
    "#]].assert_eq(&show_what_if("?v=2", 10_000.0, 2.0));
    expect![[r#"
        First to run out: Database primary (writes) (User database and Product database), at traffic ×1.5 (about 15K users); then it must add a message queue.
        Then: Database reads (User database and Product database and Order database) 36% of capacity, traffic ×1.94 before it must add a read replica
        Then: Database primary (writes) (User database and Product database) 33% of capacity, traffic ×2.1 before it must shard the database
        Then: Network links 20% of capacity, traffic ×2.5 before it must add a CDN
        Step: 15,001 users: Message queue. Database primary (writes) (User database and Product database) at 50% of capacity at 15,000 users; the limit is 50%.
        Step: 21,001 users: Sharding. Database primary (writes) (User database and Product database) at 70% of capacity at 21,000 users; the limit is 70%.
        Step: 25,001 users: CDN. Network links at 50% of capacity at 25,000 users; the limit is 50%.
        Service instances: 13 → 120
        Database primaries (shards): 3 → 20
        Read replicas: 2 → 20
        Cache nodes: 1 → 3
        Queue brokers: 0 → 1
        Network links: 1 → 2
    "#]].assert_eq(&show_what_if("?v=2", 10_000.0, 10.0));
    expect![[r#"
        First to run out: Database primary (writes) (User database and Product database and Order database and Other services' databases), at traffic ×1.05 (about 1.05M users); then it must split the shards.
        Then: Database reads (User database and Product database and Order database and Other services' databases) 48% of capacity, traffic ×1.46 before it must add a read replica
        Then: Database storage (User database and Product database and Order database and Other services' databases) 17% of capacity, traffic ×5.92 before it must split the shards
        Step: 20,000,001 users: Second region. One region serves 20M users (region_users).
        Service instances: 770 → 72,072
        Load balancers: 8 → 715
        Database primaries (shards): 77 → 8,064
        Read replicas: 154 → 32,256
        Cache nodes: 14 → 1,296
        Queue brokers: 3 → 288
        Regions: 1 → 5
        Network links: 12 → 1,143
    "#]].assert_eq(&show_what_if("?v=2&preset=maturity", 1e6, 100.0));
}

// Guards: ×1 breaks nothing and takes no step.
#[test]
fn what_if_one_is_empty() {
    let s = Preset::Architecture.scenario();
    let ctx = Context::new(&s);
    let w = plan::what_if(&ctx, &ctx.breakpoints(), 10_000.0, 1.0);
    assert!(w.steps.is_empty() && plan::counts(&ctx, 10_000.0, 1.0).is_empty());
    assert!(w
        .breaks
        .iter()
        .all(|x| x.headroom.is_some_and(|h| h <= 1.0)));
}

/// Every preset's Self Check: the question, the page's answer, the situation and the model's
/// answer with its steps.
fn show_checks() -> String {
    let mut out = String::new();
    for p in Preset::ALL {
        let c = plan::self_check(p);
        out.push_str(&format!(
            "{}\n  Q: {}\n  Page: {}\n  Now: {}\n  Scalemap: {}\n  {}\n",
            p.key(),
            c.question,
            c.page_answer,
            c.now(),
            c.answer(),
            c.what_if.first()
        ));
    }
    out
}

// Guards: each preset poses its page's Self Check and the model answers it: the database at
// 1,000 QPS per node with nothing added yet, traffic × 10, the ordered steps with numbers.
#[test]
fn self_checks() {
    expect![[r#"
        architecture
          Q: Your database handles 1000 QPS. Traffic grows 10x to 10,000 QPS. What do you do first, and why?
          Page: Read replicas: the quickest way to scale reads without a redesign.
          Now: One database node (1,000 reads and 1,000 writes a second) is enough alone up to 555 users, where it answers 500 reads and 55 writes a second at peak. Traffic ×10 from there:
          Scalemap: First: Cache at 556 users (×1); then First read replica at 1,297 users (×2.34); Load balancer at 1,401 users (×2.52); Message queue at 5,001 users (×9.01).
          First to run out: Database reads (App database), at traffic ×1 (about 556 users); then it must add a cache.
        maturity
          Q: Your database handles 1000 QPS. Traffic grows 10x. What do you do first?
          Page: Read replicas and a cache to take load off the primary, before sharding or anything more complex.
          Now: One database node (1,000 reads and 1,000 writes a second) is enough alone up to 555 users, where it answers 500 reads and 55 writes a second at peak. Traffic ×10 from there:
          Scalemap: First: Cache at 556 users (×1); then First read replica at 1,297 users (×2.34); Message queue at 5,001 users (×9.01).
          First to run out: Database reads (Shared database), at traffic ×1 (about 556 users); then it must add a cache.
        migration
          Q: Your database handles 1000 QPS. Traffic grows 10x. What do you do first?
          Page: Read replicas and a cache to take load off the primary, before sharding or anything more complex.
          Now: One database node (1,000 reads and 1,000 writes a second) is enough alone up to 320,000 users, where it answers 500 reads and 56 writes a second at peak. Traffic ×10 from there:
          Scalemap: First: Cache at 320,001 users (×1); then First read replica at 746,667 users (×2.33); Message queue at 2,880,001 users (×9).
          First to run out: Database reads (Shared database), at traffic ×1 (about 320K users); then it must add a cache.
        db-per-service
          Q: Your database handles 1000 QPS. Traffic grows 10x to 10,000 QPS. What do you do first, and why?
          Page: Read replicas first, to take reads off the primary; shard if writes grow too; a cache helps.
          Now: One database node (1,000 reads and 1,000 writes a second) is enough alone up to 11,111 users, where it answers 500 reads and 56 writes a second at peak. Traffic ×10 from there:
          Scalemap: First: Cache at 11,112 users (×1); then First read replica at 25,926 users (×2.33); Message queue at 100,001 users (×9).
          First to run out: Database reads (App database), at traffic ×1 (about 11.1K users); then it must add a cache.
        parallel-running
          Q: Your database handles 1000 QPS. Traffic grows 10x because a new version runs in parallel. What do you do first?
          Page: Read replicas and a cache to take load off the primary, before adding application servers.
          Now: One database node (1,000 reads and 1,000 writes a second) is enough alone up to 277 users, where it answers 499 reads and 55 writes a second at peak. Traffic ×10 from there:
          Scalemap: First: Cache at 278 users (×1); then CDN at 626 users (×2.26); First read replica at 926 users (×3.34); Message queue at 2,501 users (×9.03).
          First to run out: Database reads (App database), at traffic ×1 (about 278 users); then it must add a cache.
    "#]].assert_eq(&show_checks());
}

// Guards: the Self Check's answer names replicas and a cache before sharding where the model
// agrees with the pages (the architecture preset), with the steps in user order.
#[test]
fn architecture_self_check_orders_cache_and_replicas_before_sharding() {
    let c = plan::self_check(Preset::Architecture);
    let pos = |m: Milestone| {
        c.what_if
            .steps
            .iter()
            .position(|x: &Change| x.milestone == m)
    };
    let replica = pos(Milestone::ReadReplica).expect("a replica within ×10");
    let cache = pos(Milestone::Cache).expect("a cache within ×10");
    if let Some(shard) = pos(Milestone::Sharding) {
        assert!(replica < shard && cache < shard);
    }
    assert!(c.what_if.steps.windows(2).all(|w| w[0].users <= w[1].users));
    assert_eq!(num(c.what_if.factor), "10");
}

// Guards: with derivations asked for, every change carries its figure's derivation.
#[test]
fn changes_carry_derivations() {
    let s = Preset::Architecture.scenario();
    let ctx = Context::new(&s);
    let bps = ctx.breakpoints();
    let mut all = plan::changes(&ctx, &bps, 0.0, 1e8);
    plan::explain(&ctx, &mut all);
    assert!(!all.is_empty());
    for c in &all {
        assert!(!c.derivation.is_empty(), "{:?} at {}", c.milestone, c.users);
        assert!(!c.why.is_empty(), "{:?} at {}", c.milestone, c.users);
    }
}
