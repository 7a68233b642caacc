//! The five presets, one per seed page, and each page's qualitative growth table (in our own
//! words). A preset is a complete scenario; links store only what differs from it.

pub use super::preset::Preset;

use super::format;
use super::model::{Component, Stage};
use super::params::{Scenario, NUM_PARAMS, P, SPECS};
use super::schedule::Schedule;
use super::services::ServiceDef;

/// One row of a page's qualitative growth table.
#[derive(Debug, Clone, Copy)]
pub struct GrowthRow {
    /// The user count the row describes (100, 10K, 1M, 100M).
    pub users: f64,
    /// `(column heading, what the page says changes)`.
    pub cells: &'static [(&'static str, &'static str)],
    /// The bottleneck the page names at this size.
    pub bottleneck: &'static str,
    /// How the page's bottleneck compares with the one Scalemap computes.
    pub check: PageCheck,
}

/// How a page's named bottleneck relates to the computed first bottleneck.
#[derive(Debug, Clone, Copy)]
pub enum PageCheck {
    /// The page names none: everything idles; Scalemap still names what runs out first.
    Idle,
    /// A capacity Scalemap computes: the computed bottleneck is one of these components.
    Computed(&'static [Component]),
    /// Not a capacity: why Scalemap cannot compute it.
    NotCapacity(&'static str),
    /// A capacity where the model disagrees with the page, and why.
    Differs(&'static str),
    /// The overhead of calls between services: computed as what the calls add to the p99
    /// latency, against the p99 target.
    Calls,
}

/// The database's limits, as the pages mean "the database".
const DATABASE: [Component; 3] = [
    Component::DbReads,
    Component::DbWrites,
    Component::DbStorage,
];
/// The database's limits or the network.
const DATA_OR_NETWORK: [Component; 4] = [
    Component::DbReads,
    Component::DbWrites,
    Component::DbStorage,
    Component::Network,
];

impl GrowthRow {
    /// One sentence comparing the page's bottleneck with the stage's computed one.
    pub fn comparison(&self, st: &Stage) -> String {
        let ours = st.bottleneck.component.label();
        match self.check {
            PageCheck::Idle => {
                format!("The page names no bottleneck yet; the first to run out would be: {ours}.")
            }
            PageCheck::Computed(list) if list.contains(&st.bottleneck.component) => {
                format!("Scalemap agrees: {ours}.")
            }
            PageCheck::Computed(_) => {
                format!("Scalemap computes {ours} with these inputs, not the page's.")
            }
            PageCheck::NotCapacity(why) => {
                format!("Not computed: {why}. Capacity's first limit: {ours}.")
            }
            PageCheck::Differs(why) => format!("Scalemap computes {ours}: {why}."),
            PageCheck::Calls => calls(st, ours),
        }
    }
}

/// The overhead of calls between services at `st`: what they add to the p99, against the
/// target, and what their failures cost.
fn calls(st: &Stage, ours: &str) -> String {
    let lat = st.latency.as_ref();
    let (Some(all), Some(alone), Some(slo)) = (
        lat.and_then(|l| l.p99_ms()),
        lat.and_then(|l| l.p99_without_calls_ms),
        lat.map(|l| l.slo_ms),
    ) else {
        return format!(
            "Computed outside the page, which leaves latency out to stay small: the command line (scalemap) shows what calls add to the p99. Capacity's first limit: {ours}."
        );
    };
    let verdict = if all > slo {
        "past the target: it is the first bottleneck"
    } else {
        "within the target"
    };
    format!(
        "Computed: calls between services add {} ms to the p99 of client requests ({} ms, {} ms without them), {verdict} of {} ms; capacity's first limit: {ours}.",
        format::num(all - alone),
        format::num(all),
        format::num(alone),
        format::num(slo)
    )
}

impl Preset {
    /// The ranges the preset's source page gives for inputs, in link notation: the first
    /// microservice architecture's "~1000-5000 concurrent connections" per instance and
    /// "~5000-10,000 QPS" per replica; database per service's "5,000-10,000 QPS" per
    /// database and a cache that "reduces DB load by 30-50%". The preset itself keeps one
    /// value each (links never change meaning); the Ranges page offers these.
    pub fn seed_ranges(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Preset::Architecture => &[("inst_conns", "1k..5k"), ("db_read", "5k..10k")],
            Preset::DbPerService => &[("db_read", "5k..10k"), ("hit", "30..50")],
            _ => &[],
        }
    }

    /// Two sentences on what the preset shows and which assumptions it takes from its page.
    pub fn summary(self) -> &'static str {
        match self {
            Preset::Maturity => "Services multiply from a handful to hundreds as the organisation matures. Each user averages 0.1 requests per second, so traffic climbs from 10 to 10 million requests per second.",
            Preset::Architecture => "User, Product and Order services behind an API gateway, Order calling the other two. At 10K users traffic averages 1,000 requests per second and peaks five times higher; capacities are the page's rules of thumb.",
            Preset::Migration => "A monolith hands its traffic to new services step by step. Each user sends 10 requests a day with a fivefold peak, so a million users average about 115 requests per second.",
            Preset::DbPerService => "Every service owns its database. A million users generate 10,000 requests per second, spread over 20 services, 1 KB each.",
            Preset::ParallelRunning => "An old and a new version run side by side once there are 10K users, every user connected to both. One server holds 3,000 connections; each request moves 100 KB.",
        }
    }

    /// The complete scenario of this preset.
    pub fn scenario(self) -> Scenario {
        let mut s = base(self);
        match self {
            Preset::Maturity => {
                s.set(P::DbSplit, 10_000.0)
                    .set(P::RegionUsers, 20e6)
                    .set(P::MinInst, 2.0);
                s.service_count =
                    Schedule::new(&[(100.0, 3.0), (1e4, 15.0), (1e6, 75.0), (1e8, 250.0)]);
            }
            Preset::Architecture => {}
            Preset::Migration => {
                s.set(P::Rpu, 10.0)
                    .set(P::Per, 0.0)
                    .set(P::DbRead, 1_000.0)
                    .set(P::DbWrite, 500.0)
                    .set(P::Qpr, 3.0)
                    .set(P::DbSplit, 1e6)
                    .set(P::RegionUsers, 50e6)
                    .set(P::MinInst, 2.0);
                s.service_count =
                    Schedule::new(&[(100.0, 3.0), (1e4, 6.0), (1e6, 15.0), (1e8, 40.0)]);
                s.migrated =
                    Schedule::new(&[(100.0, 10.0), (1e4, 40.0), (1e6, 80.0), (1e8, 100.0)]);
            }
            Preset::DbPerService => {
                s.set(P::Rpu, 0.01)
                    .set(P::Qpr, 1.0)
                    .set(P::ReqKb, 1.0)
                    .set(P::RespKb, 1.0)
                    .set(P::RegionUsers, 50e6)
                    .set(P::MinInst, 2.0);
                s.services = vec![
                    ServiceDef::new("User", &[]),
                    ServiceDef::new("Product", &[]),
                    ServiceDef::new("Order", &[]),
                ];
                s.service_count =
                    Schedule::new(&[(100.0, 5.0), (1e4, 15.0), (1e6, 20.0), (1e8, 60.0)]);
            }
            Preset::ParallelRunning => {
                s.set(P::Rpu, 1.0)
                    .set(P::Peak, 1.0)
                    .set(P::Persist, 100.0)
                    .set(P::HoldS, 0.0)
                    .set(P::ReqKb, 1.0)
                    .set(P::RespKb, 100.0)
                    .set(P::InstConns, 3_000.0)
                    .set(P::InstRps, 5_000.0)
                    .set(P::Util, 100.0)
                    .set(P::MinInst, 1.0)
                    .set(P::Versions, 2.0)
                    .set(P::VersionsFrom, 10_000.0)
                    .set(P::Mirror, 100.0)
                    .set(P::RegionUsers, 50e6);
                s.services = vec![ServiceDef::new("Order", &[])];
            }
        }
        s
    }

    /// The page's qualitative growth table, one row per seed stage.
    pub fn growth(self) -> &'static [GrowthRow] {
        match self {
            Preset::Maturity => &MATURITY,
            Preset::Architecture => &ARCHITECTURE,
            Preset::Migration => &MIGRATION,
            Preset::DbPerService => &DB_PER_SERVICE,
            Preset::ParallelRunning => &PARALLEL,
        }
    }

    /// The growth row that describes `users`: the last row whose user count is at most `users`
    /// (the first row below the smallest).
    pub fn growth_row(self, users: f64) -> &'static GrowthRow {
        let rows = self.growth();
        rows.iter()
            .rev()
            .find(|r| r.users <= users)
            .unwrap_or(&rows[0])
    }
}

/// The parameters' defaults (each [`Spec`](super::params::Spec)'s, which are the `architecture` preset's values):
/// every preset starts here and states its differences.
fn base(preset: Preset) -> Scenario {
    let mut nums = [0.0; NUM_PARAMS];
    for sp in &SPECS {
        nums[sp.p as usize] = sp.default;
    }
    Scenario {
        preset,
        users: vec![100.0, 1e4, 1e6, 1e8],
        nums,
        services: vec![
            ServiceDef::new("User", &[]),
            ServiceDef::new("Product", &[]),
            ServiceDef::new("Order", &["User", "Product"]),
        ],
        service_count: Schedule::default(),
        migrated: Schedule::default(),
        down: Vec::new(),
        events: String::new(),
        ranges: Vec::new(),
    }
}

static MATURITY: [GrowthRow; 4] = [
    GrowthRow {
        users: 100.0,
        cells: &[
            ("Services", "one to five small services"),
            ("Delivery", "deployed by hand"),
            ("Communication", "plain REST calls"),
            ("Data", "one shared database"),
            ("Operations", "basic logs"),
        ],
        bottleneck: "Deploying and coordinating by hand.", check: PageCheck::NotCapacity("deploying and coordinating by hand costs people and time, not a capacity Scalemap sizes"),
    },
    GrowthRow {
        users: 1e4,
        cells: &[
            ("Services", "ten to twenty services"),
            ("Delivery", "automated CI/CD pipelines"),
            ("Communication", "REST plus some asynchronous messages"),
            ("Data", "services begin to own their databases"),
            ("Operations", "central logs and first metrics"),
        ],
        bottleneck: "Deployment complexity and manual coordination.", check: PageCheck::NotCapacity("deployment complexity costs people and time, not a capacity Scalemap sizes"),
    },
    GrowthRow {
        users: 1e6,
        cells: &[
            ("Services", "fifty to a hundred services"),
            ("Delivery", "fully automated, with canary releases"),
            (
                "Communication",
                "event-driven messaging behind API gateways",
            ),
            ("Data", "polyglot persistence and replicated data"),
            ("Operations", "distributed tracing, alerts, autoscaling"),
        ],
        bottleneck:
            "Overhead of calls between many services: synchronous chains add latency and failures.", check: PageCheck::Calls,
    },
    GrowthRow {
        users: 1e8,
        cells: &[
            ("Services", "two hundred services and more"),
            ("Delivery", "many clusters across regions"),
            ("Communication", "a service mesh for secure, reliable calls"),
            ("Data", "sharding, CQRS, eventual consistency"),
            ("Operations", "automated remediation and self-healing"),
        ],
        bottleneck: "Keeping data consistent and state coherent across services and regions.", check: PageCheck::NotCapacity("keeping distributed state consistent is a design problem, not a capacity Scalemap sizes"),
    },
];

static ARCHITECTURE: [GrowthRow; 4] = [
    GrowthRow { users: 100.0, cells: &[("What changes", "one instance of each service behind a simple API gateway; each service has its own database; latency is low")], bottleneck: "None yet: every component idles.", check: PageCheck::Idle },
    GrowthRow { users: 1e4, cells: &[("What changes", "several instances per service behind a load balancer; read replicas take database reads; a cache appears")], bottleneck: "The database: query load grows faster than one node can answer.", check: PageCheck::Computed(&DATABASE) },
    GrowthRow { users: 1e6, cells: &[("What changes", "services spread over several regions; databases are sharded; messages go through queues; a CDN serves static content")], bottleneck: "The database, now by data volume as well as queries.", check: PageCheck::Computed(&DATABASE) },
    GrowthRow { users: 1e8, cells: &[("What changes", "global deployment on more than one cloud; a service mesh; automatic scaling; event-driven design; data partitioned and archived")], bottleneck: "Coordinating data and traffic across the globe.", check: PageCheck::NotCapacity("coordinating data and traffic worldwide is not a capacity Scalemap sizes") },
];

static MIGRATION: [GrowthRow; 4] = [
    GrowthRow { users: 100.0, cells: &[("System", "the monolith carries most traffic; the first services are live"), ("Challenges", "little traffic and few integration problems")], bottleneck: "The database the monolith and the new services share.", check: PageCheck::Computed(&DATABASE) },
    GrowthRow { users: 1e4, cells: &[("System", "part-way migrated; some services stand on their own"), ("Challenges", "more calls between services; service discovery and an API gateway become necessary")], bottleneck: "The shared, tightly coupled database.", check: PageCheck::Computed(&DATABASE) },
    GrowthRow { users: 1e6, cells: &[("System", "most functionality runs as services talking at scale"), ("Challenges", "database limits show; caching and read replicas are needed; monitoring becomes essential")], bottleneck: "Database load: caching and read replicas first.", check: PageCheck::Computed(&DATABASE) },
    GrowthRow { users: 1e8, cells: &[("System", "migration complete; services distributed worldwide"), ("Challenges", "network bandwidth and data partitioning; heavy sharding and a CDN")], bottleneck: "Network bandwidth and data partitioning.", check: PageCheck::Computed(&DATA_OR_NETWORK) },
];

static DB_PER_SERVICE: [GrowthRow; 4] = [
    GrowthRow {
        users: 100.0,
        cells: &[
            (
                "Services and databases",
                "five to ten services, each with a small database",
            ),
            ("Data", "megabytes"),
            ("Traffic", "a few queries per second"),
            ("Coordination", "simple"),
        ],
        bottleneck: "None: each database idles.",
        check: PageCheck::Idle,
    },
    GrowthRow {
        users: 1e4,
        cells: &[
            (
                "Services and databases",
                "ten to twenty services with medium databases",
            ),
            ("Data", "gigabytes"),
            ("Traffic", "hundreds of queries per second"),
            ("Coordination", "service discovery and monitoring needed"),
        ],
        bottleneck: "The busiest service's database instance.",
        check: PageCheck::Computed(&DATABASE),
    },
    GrowthRow {
        users: 1e6,
        cells: &[
            (
                "Services and databases",
                "twenty to fifty services with large databases",
            ),
            ("Data", "terabytes"),
            ("Traffic", "thousands of queries per second"),
            (
                "Coordination",
                "consistency across services and backups get hard",
            ),
        ],
        bottleneck:
            "One service's database saturates its CPU, memory or disk (5,000 to 10,000 QPS a node).",
        check: PageCheck::Computed(&DATABASE),
    },
    GrowthRow {
        users: 1e8,
        cells: &[
            (
                "Services and databases",
                "fifty services and more with very large databases",
            ),
            ("Data", "petabytes"),
            ("Traffic", "very high"),
            (
                "Coordination",
                "sharding and synchronisation across services",
            ),
        ],
        bottleneck: "Database capacity per service, then keeping services' data in step.",
        check: PageCheck::Computed(&DATABASE),
    },
];

static PARALLEL: [GrowthRow; 4] = [
    GrowthRow { users: 100.0, cells: &[("What changes", "one version of the service; no parallel running yet")], bottleneck: "None: a single version idles.", check: PageCheck::Idle },
    GrowthRow { users: 1e4, cells: &[("What changes", "the new version starts to run beside the old one, for testing and a smooth switch")], bottleneck: "Server resources: two versions need twice the capacity.", check: PageCheck::Differs("Scalemap adds servers for the second version as it sizes the stage (7 at 10K users, as the page counts), so servers never run out; what cannot simply grow is the one primary database, which this preset sizes at 100% utilisation") },
    GrowthRow { users: 1e6, cells: &[("What changes", "many instances of both versions; traffic split with care; monitoring and rollback are critical")], bottleneck: "Server and network resources doubled by the second version.", check: PageCheck::Differs("servers and links grow with the load (667 servers at 1M users, as the page counts); what cannot simply grow is the database, where reads need more replicas or shards") },
    GrowthRow { users: 1e8, cells: &[("What changes", "automated deployment, canary releases and feature flags; orchestration manages many versions")], bottleneck: "Orchestrating many versions and services at once.", check: PageCheck::NotCapacity("orchestrating many versions is operational work, not a capacity Scalemap sizes") },
];

#[cfg(test)]
mod tests {
    use super::*;

    // Guards: preset keys round-trip and every growth table covers the four seed stages.
    #[test]
    fn keys_and_tables() {
        for p in Preset::ALL {
            assert_eq!(Preset::from_key(p.key()), Some(p));
            let users: Vec<f64> = p.growth().iter().map(|r| r.users).collect();
            assert_eq!(users, vec![100.0, 1e4, 1e6, 1e8]);
            assert_eq!(p.growth_row(50_000.0).users, 1e4);
            assert_eq!(p.growth_row(5.0).users, 100.0);
        }
    }
}
