//! Phase 2, service loads: how client traffic splits over the services (named ones, the group
//! of identical unnamed ones, the monolith while migrating) and fans out along their calls.

use super::{Fig, Notes, Traffic};
use crate::core::format::num;
use crate::core::params::Scenario;
use crate::core::services::{propagate, CallGraph};
use crate::note;

/// One entry of the service list: a named service, the group of unnamed ones, or the monolith.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// "Order", "Other services" or "Monolith".
    pub name: String,
    /// How many identical services it stands for (the group's figures are each one's).
    pub count: f64,
    /// Whether the person named it.
    pub named: bool,
    /// Whether it is the monolith.
    pub monolith: bool,
    /// Its share of client requests.
    pub share: f64,
    /// Average requests/s it handles before parallel versions: its share plus calls.
    pub load: f64,
    /// The part of `load` that comes from other services' calls.
    pub fan_in: f64,
}

/// How the traffic spreads over the services.
#[derive(Debug, Clone, PartialEq)]
pub struct Loads {
    /// Services running (named and unnamed, without the monolith).
    pub service_count: f64,
    /// Named services first, then the unnamed group, then the monolith.
    pub entries: Vec<Entry>,
    /// Index of the unnamed group, if there is one.
    pub group: Option<usize>,
    /// Whether a monolith still takes traffic.
    pub has_monolith: bool,
}

/// Computes the service loads.
pub fn loads(s: &Scenario, graph: &CallGraph, t: &Traffic, n: &mut Notes) -> Loads {
    let service_count = service_count(s, t.users, n);
    let to_services = s.migrated.at(t.users).map_or(1.0, |m| m / 100.0);
    let named = s.services.len();
    let unnamed = (service_count - named as f64).max(0.0) as usize;
    let weights = weights(s);
    let total_weight: f64 = weights.iter().sum::<f64>() + unnamed as f64;
    let shares: Vec<f64> = weights
        .iter()
        .map(|w| w / total_weight * to_services)
        .collect();
    let direct: Vec<f64> = shares.iter().map(|sh| sh * t.avg_rps).collect();
    let loads = propagate(graph, &direct);
    let mut entries: Vec<Entry> = s
        .services
        .iter()
        .zip(shares.iter().zip(&loads))
        .zip(&direct)
        .map(|((d, (&share, &load)), &own)| Entry {
            name: d.name.clone(),
            count: 1.0,
            named: true,
            monolith: false,
            share,
            load,
            fan_in: load - own,
        })
        .collect();
    let group = (unnamed > 0).then_some(entries.len());
    if unnamed > 0 {
        let share = to_services / total_weight;
        entries.push(plain_entry(
            "Other services",
            unnamed as f64,
            false,
            share,
            t.avg_rps,
        ));
    }
    let has_monolith = to_services < 1.0;
    if has_monolith {
        entries.push(plain_entry(
            "Monolith",
            1.0,
            true,
            1.0 - to_services,
            t.avg_rps,
        ));
    }
    Loads {
        service_count,
        entries,
        group,
        has_monolith,
    }
}

/// The named services' weights; a service of weight 0 takes no client requests (only calls
/// reach it). A list where every weight is 0 counts each as 1, so client requests always have
/// somewhere to go (`services::parse` names it; the list keeps its zeros).
fn weights(s: &Scenario) -> Vec<f64> {
    let all_zero = s.services.iter().all(|d| d.weight <= 0.0);
    s.services
        .iter()
        .map(|d| if all_zero { 1.0 } else { d.weight.max(0.0) })
        .collect()
}

fn plain_entry(name: &str, count: f64, monolith: bool, share: f64, avg_rps: f64) -> Entry {
    Entry {
        name: name.to_string(),
        count,
        named: false,
        monolith,
        share,
        load: share * avg_rps,
        fan_in: 0.0,
    }
}

/// Services running: the named ones, or more where the schedule says so.
fn service_count(s: &Scenario, users: f64, n: &mut Notes) -> f64 {
    let named = s.services.len() as f64;
    let scheduled = s.service_count.at(users).map(|c| c.round());
    let count = scheduled.map_or(named, |c| c.max(named));
    match scheduled {
        Some(c) => note!(
            n,
            Fig::ServiceCount,
            "max({} named, {} scheduled at {} users) = {} services",
            num(named),
            num(c),
            num(users),
            num(count)
        ),
        None => note!(n, Fig::ServiceCount, "{} named services", num(named)),
    }
    count
}
