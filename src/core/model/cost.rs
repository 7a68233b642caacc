//! Phase 6, cost: the monthly bill. Nodes are billed by the hour over a 730-hour month, as cloud
//! price lists count it; storage by the GB-month; bytes over the same 730 hours
//! (2,628,000 s), whatever month the scenario uses for per-month request counts.

use super::{Compute, Cost, CostItem, Data, Edge, Fig, Notes, Traffic, Units};
use crate::core::format::{self, num};
use crate::core::params::{Scenario, HOURS_PER_MONTH, P};

/// Seconds in a billing month of 730 hours.
pub const BILLING_SECONDS: f64 = HOURS_PER_MONTH * 3_600.0;

/// One bill line: the amount and how it was reached.
struct Line {
    item: CostItem,
    amount: f64,
    why: Option<String>,
}

/// Computes the bill.
pub fn cost(s: &Scenario, t: &Traffic, c: &Compute, d: &Data, e: &Edge, n: &mut Notes) -> Cost {
    let explain = n.on();
    let hourly = |item, count: f64, price: P| Line {
        item,
        amount: count * s.get(price) * HOURS_PER_MONTH,
        why: explain.then(|| {
            format!(
                "{} × {}/hour × 730 hours",
                num(count),
                format::usd(s.get(price))
            )
        }),
    };
    let b = Units::of(s);
    let stored = |item, bytes: f64, price: P| Line {
        item,
        amount: bytes / 1e9 * s.get(price),
        why: explain.then(|| {
            format!(
                "{} ÷ 1 GB × {}/GB-month",
                b.bytes(bytes),
                format::usd(s.get(price))
            )
        }),
    };
    let sent = |item, rate: f64, price: P| Line {
        item,
        amount: rate * (BILLING_SECONDS / 1e9) * s.get(price),
        why: explain.then(|| {
            format!(
                "{} × 2,628,000 s (730 hours) ÷ 1 GB × {}/GB",
                b.bytes_per_s(rate),
                format::usd(s.get(price))
            )
        }),
    };
    let lines = [
        hourly(CostItem::Services, c.service_instances, P::PInst),
        hourly(CostItem::Gateways, c.gateways, P::PInst),
        hourly(CostItem::LoadBalancers, c.load_balancers, P::PLb),
        hourly(CostItem::Databases, d.db_nodes, P::PDb),
        hourly(CostItem::Cache, d.cache_nodes, P::PCache),
        hourly(CostItem::Queue, d.queue_brokers, P::PInst),
        stored(CostItem::Storage, d.db_stored_bytes, P::PGb),
        stored(CostItem::ObjectStorage, d.object_stored_bytes, P::PObj),
        sent(CostItem::Egress, e.origin, P::PEgress),
        sent(CostItem::Cdn, e.cdn_bytes, P::PCdn),
    ];
    let total: f64 = lines.iter().map(|l| l.amount).sum();
    let per_user = total / t.users;
    if explain {
        note_bill(&lines, total, per_user, t.users, n);
    }
    Cost {
        lines: lines.iter().map(|l| (l.item, l.amount)).collect(),
        total,
        per_user,
    }
}

fn note_bill(lines: &[Line], total: f64, per_user: f64, users: f64, n: &mut Notes) {
    for l in lines {
        if let Some(why) = &l.why {
            n.put(
                Fig::Cost(l.item),
                format!("{why} = {}/month", format::usd(l.amount)),
            );
        }
    }
    let parts: Vec<String> = lines.iter().map(|l| format::usd(l.amount)).collect();
    n.put(
        Fig::CostTotal,
        format!("{} = {}/month", parts.join(" + "), format::usd(total)),
    );
    n.put(
        Fig::CostPerUser,
        format!(
            "{}/month ÷ {} users = {} per user per month",
            format::usd(total),
            num(users),
            format::usd(per_user)
        ),
    );
}
