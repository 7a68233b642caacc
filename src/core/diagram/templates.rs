//! One template per preset: which components a stage shows and where they sit in the tier grid.
//!
//! Tiers, left to right: clients; CDN and global load balancing; load balancer; API gateway;
//! services; cache, queue and (one per service) databases; the shared database. Every count
//! comes from the [`Stage`]; large counts are aggregated (a few service boxes and a
//! "+N more" box), so a diagram has a bounded number of boxes whatever the user count.

use std::collections::BTreeMap;

use super::graph::{
    Edge, EdgeKind, End, Graph, Group, GroupKind, Health, Node, NodeKind, Place, Strain,
};
use crate::core::availability::{Avail, Impact};
use crate::core::format;
use crate::core::latency::{CallMode, Latency};
use crate::core::model::availability::percent_precise;
use crate::core::model::{names_first, Component, DatabaseStage, Stage};
use crate::core::params::{Scenario, P};
use crate::core::presets::Preset;

const C_CLIENT: u8 = 0;
const C_EDGE: u8 = 1;
const C_LB: u8 = 2;
const C_GW: u8 = 3;
const C_SVC: u8 = 4;
const C_DATA: u8 = 5;
const C_DB: u8 = 6;

/// Most service boxes drawn before the rest are aggregated into a "+N more" box.
pub const MAX_SERVICES_DRAWN: usize = 8;
/// Most services drawn when each one shows its parallel versions.
pub const MAX_VERSIONED_DRAWN: usize = 4;

struct Builder {
    g: Graph,
}

impl Builder {
    fn node(
        &mut self,
        id: String,
        kind: NodeKind,
        label: String,
        badge: Option<String>,
        details: Vec<String>,
        place: Place,
    ) -> usize {
        self.g.nodes.push(Node {
            id,
            kind,
            label,
            badge,
            details,
            bottleneck: None,
            strain: Strain::Light,
            place,
            weight: 0.0,
            health: Health::Up,
            available: None,
        });
        self.g.nodes.len() - 1
    }

    fn edge(&mut self, from: End, to: End, kind: EdgeKind, label: Option<String>) {
        self.g.edges.push(Edge {
            from,
            to,
            kind,
            label,
            failing: false,
            latency: None,
            critical: false,
        });
    }

    fn group(&mut self, id: &str, kind: GroupKind, label: String) -> usize {
        self.g.groups.push(Group {
            id: id.to_string(),
            kind,
            label,
            nodes: Vec::new(),
            groups: Vec::new(),
            stack: 0,
        });
        self.g.groups.len() - 1
    }
}

fn cell(col: u8, row: i32) -> Place {
    Place::Cell { col, row }
}

fn times(x: f64) -> String {
    format!("×{}", format::count(x))
}

fn plural(n: f64, one: &str, many: &str) -> String {
    format!("{} {}", format::count(n), if n == 1.0 { one } else { many })
}

/// The badge of a database: `1 primary`, `1 primary + 2 replicas`, `4 shards × 2 replicas`.
pub fn db_badge(shards: f64, replicas_per_shard: f64) -> String {
    let r = plural(replicas_per_shard, "replica", "replicas");
    if shards <= 1.0 {
        if replicas_per_shard > 0.0 {
            format!("1 primary + {r}")
        } else {
            "1 primary".to_string()
        }
    } else if replicas_per_shard > 0.0 {
        format!("{} × {r}", plural(shards, "shard", "shards"))
    } else {
        plural(shards, "shard", "shards")
    }
}

/// Which services get a box, in display order.
struct Plan {
    monolith: Option<usize>,
    drawn: Vec<usize>,
    rest: Vec<usize>,
    versioned: bool,
}

fn plan(st: &Stage) -> Plan {
    let versioned = st.versions > 1.0;
    let monolith = st.services.iter().position(|x| x.monolith);
    let named: Vec<usize> = (0..st.services.len())
        .filter(|&i| Some(i) != monolith && st.services[i].named)
        .collect();
    let unnamed: Vec<usize> = (0..st.services.len())
        .filter(|&i| Some(i) != monolith && !st.services[i].named)
        .collect();
    let limit = if versioned {
        MAX_VERSIONED_DRAWN
    } else {
        MAX_SERVICES_DRAWN
    };
    // One more box is fine when it spares a "+1 more" box.
    let room = if unnamed.is_empty() { limit + 1 } else { limit };
    let (drawn, rest) = if named.len() <= room {
        (named, unnamed)
    } else {
        let mut by_load = named;
        crate::core::sort::by(&mut by_load, |&a, &b| {
            st.services[b]
                .peak_rps
                .total_cmp(&st.services[a].peak_rps)
                .then(a.cmp(&b))
                .is_lt()
        });
        let mut drawn = by_load[..limit].to_vec();
        let mut rest = by_load[limit..].to_vec();
        crate::core::sort::by(&mut drawn, |a, b| a < b);
        rest.extend(unnamed);
        crate::core::sort::by(&mut rest, |a, b| a < b);
        (drawn, rest)
    };
    let drawn = if versioned {
        drawn
    } else {
        arrange(st, &drawn)
    };
    Plan {
        monolith,
        drawn,
        rest,
        versioned,
    }
}

/// Drawn services a service calls, by index (first service of that name, itself excluded).
fn callees(st: &Stage, drawn: &[usize], i: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for name in &st.services[i].calls {
        if let Some(&j) = drawn.iter().find(|&&j| st.services[j].name == *name) {
            if j != i && !out.contains(&j) {
                out.push(j);
            }
        }
    }
    out
}

/// Orders drawn services so that a caller sits between its first two callees: their call
/// arrows are then short vertical ones. Callers come first, then the rest in model order.
fn arrange(st: &Stage, drawn: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::with_capacity(drawn.len());
    let callers = drawn.iter().filter(|&&i| !callees(st, drawn, i).is_empty());
    let others = drawn.iter().filter(|&&i| callees(st, drawn, i).is_empty());
    for &i in callers.chain(others) {
        if out.contains(&i) {
            continue;
        }
        let free: Vec<usize> = callees(st, drawn, i)
            .into_iter()
            .filter(|j| !out.contains(j))
            .collect();
        if let Some(&a) = free.first() {
            out.push(a);
        }
        out.push(i);
        if let Some(&b) = free.get(1) {
            out.push(b);
        }
    }
    out
}

/// The growth-table row (0 to 3) a stage falls in, for the qualitative parts (CI/CD, mesh).
fn growth_index(preset: Preset, users: f64) -> usize {
    preset
        .growth()
        .iter()
        .rposition(|r| r.users <= users)
        .unwrap_or(0)
}

/// Builds the graph of one stage with the template of `s.preset`.
/// The groups of a stage's diagram (created parents first).
struct Groups {
    /// The region frame, with more than one region.
    region: Option<usize>,
    /// The services group, when there are services.
    services: Option<usize>,
    /// The new services beside a monolith.
    new_services: Option<usize>,
    /// Where service nodes go: the new services' group, or the services group.
    inner: Option<usize>,
    /// Whether any service is drawn.
    has_services: bool,
}

/// The services column and where each service landed.
struct Column {
    /// Service index → its node (a service's v1 node when versioned; the "+N more" node for
    /// the rest).
    svc_node: BTreeMap<usize, usize>,
    /// Drawn services with their rows.
    svc_row: Vec<(usize, i32)>,
    /// Versioned services: (service, its versions group, row).
    version_groups: Vec<(usize, usize, i32)>,
    /// Nodes that receive mirrored traffic.
    mirror_targets: Vec<usize>,
    /// Nodes that receive live traffic.
    live_targets: Vec<usize>,
    /// The monolith's node.
    monolith_node: Option<usize>,
    /// The "+N more services" node and its row.
    more: Option<(usize, i32)>,
    /// Rows the column uses.
    svc_rows: i32,
    /// The row the request path runs along.
    axis: i32,
}

/// The request path's nodes.
struct Path {
    /// Global load balancing, with more than one region.
    dns: Option<usize>,
    /// The load balancer, once there is one.
    lb: Option<usize>,
    /// The API gateway.
    gw: usize,
}

/// The data tier's nodes.
struct DataTier {
    /// Database name → its node.
    db_node: BTreeMap<String, usize>,
    /// The cache's node.
    cache: Option<usize>,
    /// The queue's node.
    queue: Option<usize>,
}

/// Builds the graph of one stage with the template of `s.preset`, in named steps: the groups,
/// the services column, the request path, the gateway's edges, the calls, the data tier, the
/// region frame, the operations band, and the first bottleneck's tag.
pub fn build(s: &Scenario, st: &Stage) -> Graph {
    let title = format!("{} at {} users", s.preset.title(), format::count(st.users));
    let caption = format!(
        "{} users · {} req/s at peak · {} service instances · {}/month",
        format::count(st.users),
        format::count(st.peak_rps),
        format::count(st.service_instances),
        format::usd(st.cost.total)
    );
    let mut b = Builder {
        g: Graph {
            title,
            caption,
            nodes: Vec::new(),
            edges: Vec::new(),
            groups: Vec::new(),
        },
    };
    let p = plan(st);
    let g = groups(&mut b, st, &p);
    let col = services_column(&mut b, st, &p, &g);
    let path = request_path(&mut b, s, st, &p, col.axis);
    gateway_to_services(&mut b, s, st, &p, &g, &col, path.gw);
    calls(&mut b, st, &p, &col);
    let data = data_tier(&mut b, s, st, &p, &g, &col, path.gw);
    region_frame(&mut b, &g);
    ops(&mut b, s.preset, st);
    tag_bottleneck(&mut b, st, &col, &path, &data);
    mark_failures(&mut b, st, &col, &data);
    mark_availability(&mut b, st, &col);
    mark_latency(&mut b, s, st, &col, path.gw);
    reading_order(&mut b.g);
    b.g
}

fn groups(b: &mut Builder, st: &Stage, p: &Plan) -> Groups {
    // Groups are created parents first.
    let region = (st.regions > 1.0).then(|| {
        let g = b.group(
            "regions",
            GroupKind::Region,
            format!("{} regions · counts are totals", format::count(st.regions)),
        );
        b.g.groups[g].stack = if st.regions >= 3.0 { 2 } else { 1 };
        g
    });
    let has_services = p.monolith.is_some() || !p.drawn.is_empty() || !p.rest.is_empty();
    let services = has_services.then(|| {
        let label = match p.monolith {
            Some(_) if !p.drawn.is_empty() || !p.rest.is_empty() => format!(
                "Monolith + {}",
                plural(st.service_count, "new service", "new services")
            ),
            Some(_) => "Monolith".to_string(),
            None if p.versioned => format!(
                "{} · load ×{} with {} versions",
                plural(st.service_count, "service", "services"),
                format::num(st.version_load),
                format::count(st.versions)
            ),
            None => format!(
                "{} · {}",
                plural(st.service_count, "service", "services"),
                plural(st.service_instances, "instance", "instances")
            ),
        };
        b.group("services", GroupKind::Services, label)
    });
    let new_services =
        (p.monolith.is_some() && (!p.drawn.is_empty() || !p.rest.is_empty())).then(|| {
            let inst: f64 = st
                .services
                .iter()
                .filter(|x| !x.monolith)
                .map(|x| x.instances)
                .sum();
            b.group(
                "new-services",
                GroupKind::NewServices,
                format!("New services · {}", plural(inst, "instance", "instances")),
            )
        });
    if let (Some(r), Some(sg)) = (region, services) {
        b.g.groups[r].groups.push(sg);
    }
    if let (Some(sg), Some(ng)) = (services, new_services) {
        b.g.groups[sg].groups.push(ng);
    }
    let inner = new_services.or(services);
    Groups {
        region,
        services,
        new_services,
        inner,
        has_services,
    }
}

/// The detail line of a service no client request reaches (its share is 0).
const INTERNAL: &str = "internal: only calls reach it";

/// Builds the services column, top down: the monolith, each drawn service (as two version
/// nodes in a versions group while versions run side by side), then one "+N more" node for
/// the rest; the request path runs along its middle row.
fn services_column(b: &mut Builder, st: &Stage, p: &Plan, g: &Groups) -> Column {
    let mut col = Column {
        svc_node: BTreeMap::new(),
        svc_row: Vec::new(),
        version_groups: Vec::new(),
        mirror_targets: Vec::new(),
        live_targets: Vec::new(),
        monolith_node: None,
        more: None,
        svc_rows: 0,
        axis: 0,
    };
    let mut row: i32 = 0;
    if let Some(m) = p.monolith {
        col.monolith_node = Some(add_monolith(b, st, m, g.services, row, &mut col));
        row += 1;
    }
    for &i in &p.drawn {
        if p.versioned {
            add_versions(b, st, i, g.inner, row, &mut col);
            row += 2;
        } else {
            add_service(b, st, i, g.inner, row, &mut col);
            row += 1;
        }
    }
    if !p.rest.is_empty() {
        let n = add_more(b, st, p, g.inner, row, &mut col);
        col.more = Some((n, row));
        row += 1;
    }
    col.svc_rows = row.max(1);
    col.axis = (col.svc_rows - 1) / 2;
    col
}

/// The monolith (service `m`) at `row`, weighted by its share of the traffic, in the
/// services group; returns its node.
fn add_monolith(
    b: &mut Builder,
    st: &Stage,
    m: usize,
    services: Option<usize>,
    row: i32,
    col: &mut Column,
) -> usize {
    let x = &st.services[m];
    let n = b.node(
        "monolith".into(),
        NodeKind::Monolith,
        x.name.clone(),
        Some(times(x.instances)),
        Vec::new(),
        cell(C_SVC, row),
    );
    b.g.nodes[n].weight = x.share.clamp(0.0, 1.0);
    if let Some(sg) = services {
        b.g.groups[sg].nodes.push(n);
    }
    col.svc_node.insert(m, n);
    col.svc_row.push((m, row));
    n
}

/// Service `i` as a versions group inside `inner`: v1 (live traffic) at `row`, the newer
/// versions (mirrored traffic) at `row + 1`.
fn add_versions(
    b: &mut Builder,
    st: &Stage,
    i: usize,
    inner: Option<usize>,
    row: i32,
    col: &mut Column,
) {
    let x = &st.services[i];
    let vg = b.group(
        &format!("versions-{i}"),
        GroupKind::Versions,
        format!(
            "{} · {} · {}",
            x.name,
            plural(st.versions, "version", "versions"),
            times(x.instances)
        ),
    );
    if let Some(parent) = inner {
        b.g.groups[parent].groups.push(vg);
    }
    let v1 = b.node(
        format!("svc-{i}-v1"),
        NodeKind::Version,
        "v1".into(),
        None,
        vec!["current version".into()],
        cell(C_SVC, row),
    );
    let newer = if st.versions > 2.0 {
        format!("v2–v{}", format::count(st.versions))
    } else {
        "v2".to_string()
    };
    let v2 = b.node(
        format!("svc-{i}-v2"),
        NodeKind::Version,
        newer,
        None,
        vec!["new version".into()],
        cell(C_SVC, row + 1),
    );
    b.g.groups[vg].nodes.extend([v1, v2]);
    col.svc_node.insert(i, v1);
    col.version_groups.push((i, vg, row));
    if x.share > 0.0 {
        col.live_targets.push(v1);
        col.mirror_targets.push(v2);
    }
}

/// Service `i` as one node at `row` inside `inner`, taking live traffic unless it has no share
/// of client requests (only calls reach it, and it says so).
fn add_service(
    b: &mut Builder,
    st: &Stage,
    i: usize,
    inner: Option<usize>,
    row: i32,
    col: &mut Column,
) {
    let x = &st.services[i];
    let internal = x.share <= 0.0;
    let n = b.node(
        format!("svc-{i}"),
        NodeKind::Service,
        x.name.clone(),
        Some(times(x.instances)),
        internal.then(|| INTERNAL.to_string()).into_iter().collect(),
        cell(C_SVC, row),
    );
    if let Some(parent) = inner {
        b.g.groups[parent].nodes.push(n);
    }
    col.svc_node.insert(i, n);
    col.svc_row.push((i, row));
    if !internal {
        col.live_targets.push(n);
    }
}

/// The services not drawn one by one (`p.rest`) as one "+N more services" node at `row`
/// inside `inner`, with their total instances; returns its node.
fn add_more(
    b: &mut Builder,
    st: &Stage,
    p: &Plan,
    inner: Option<usize>,
    row: i32,
    col: &mut Column,
) -> usize {
    let count: f64 = p.rest.iter().map(|&i| st.services[i].count).sum();
    let inst: f64 = p
        .rest
        .iter()
        .map(|&i| st.services[i].instances * st.services[i].count)
        .sum();
    let label = format!(
        "+{} more {}",
        format::count(count),
        if count == 1.0 { "service" } else { "services" }
    );
    let details = if p.versioned {
        vec![format!(
            "each in {}",
            plural(st.versions, "version", "versions")
        )]
    } else {
        Vec::new()
    };
    let n = b.node(
        "svc-more".into(),
        NodeKind::MoreServices,
        label,
        Some(times(inst)),
        details,
        cell(C_SVC, row),
    );
    if let Some(parent) = inner {
        b.g.groups[parent].nodes.push(n);
    }
    for &i in &p.rest {
        col.svc_node.insert(i, n);
    }
    if p.rest.iter().any(|&i| st.services[i].share > 0.0) {
        col.live_targets.push(n);
    }
    n
}

/// The request path, left to right on the services' axis: the clients (the CDN beside them),
/// global load balancing with more than one region, the load balancer once there is one, and
/// the API gateway, each calling the next; the retired monolith below the gateway once all
/// traffic has moved.
fn request_path(b: &mut Builder, s: &Scenario, st: &Stage, p: &Plan, axis: i32) -> Path {
    let clients = clients_node(b, st, axis);
    if st.cdn {
        cdn_node(b, s, st, clients, axis);
    }
    let dns = (st.regions > 1.0).then(|| dns_node(b, st, axis));
    let lb = (st.load_balancers > 0.0).then(|| lb_node(b, st, axis));
    let gw = gateway_node(b, st, p, axis);
    let mut prev = clients;
    for n in [dns, lb, Some(gw)].into_iter().flatten() {
        b.edge(End::Node(prev), End::Node(n), EdgeKind::Request, None);
        prev = n;
    }
    if s.preset == Preset::Migration && p.monolith.is_none() && !s.migrated.is_empty() {
        b.node(
            "monolith-retired".into(),
            NodeKind::Retired,
            "Monolith".into(),
            None,
            vec!["retired: all traffic moved".into()],
            cell(C_GW, axis + 1),
        );
    }
    Path { dns, lb, gw }
}

/// The clients: how many users, and their requests per second at peak.
fn clients_node(b: &mut Builder, st: &Stage, axis: i32) -> usize {
    b.node(
        "clients".into(),
        NodeKind::Client,
        "Clients".into(),
        None,
        vec![
            format!("{} users", format::count(st.users)),
            format!("{} req/s at peak", format::count(st.peak_rps)),
        ],
        cell(C_CLIENT, axis),
    )
}

/// The CDN above the path, with the bytes it serves, and the clients' edge to it labelled with
/// its share of the bytes.
fn cdn_node(b: &mut Builder, s: &Scenario, st: &Stage, clients: usize, axis: i32) {
    let n = b.node(
        "cdn".into(),
        NodeKind::Cdn,
        "CDN".into(),
        None,
        vec![format!(
            "{} static",
            format::bytes_per_s(st.cdn_bytes_per_s)
        )],
        cell(C_EDGE, axis - 1),
    );
    b.edge(
        End::Node(clients),
        End::Node(n),
        EdgeKind::Request,
        Some(format!("{} of bytes", format::percent(s.frac(P::CdnShare)))),
    );
}

/// Global load balancing: DNS across the stage's regions.
fn dns_node(b: &mut Builder, st: &Stage, axis: i32) -> usize {
    b.node(
        "dns".into(),
        NodeKind::Dns,
        "Global load balancing".into(),
        None,
        vec![format!(
            "DNS across {}",
            plural(st.regions, "region", "regions")
        )],
        cell(C_EDGE, axis),
    )
}

/// The load balancers, with their count.
fn lb_node(b: &mut Builder, st: &Stage, axis: i32) -> usize {
    b.node(
        "lb".into(),
        NodeKind::LoadBalancer,
        "Load balancer".into(),
        Some(times(st.load_balancers)),
        Vec::new(),
        cell(C_LB, axis),
    )
}

/// The API gateways, with their count; the routing layer while a monolith still serves.
fn gateway_node(b: &mut Builder, st: &Stage, p: &Plan, axis: i32) -> usize {
    let details = if p.monolith.is_some() {
        vec!["routing layer".to_string()]
    } else {
        Vec::new()
    };
    b.node(
        "gateway".into(),
        NodeKind::Gateway,
        "API gateway".into(),
        Some(times(st.gateways)),
        details,
        cell(C_GW, axis),
    )
}

fn gateway_to_services(
    b: &mut Builder,
    s: &Scenario,
    st: &Stage,
    p: &Plan,
    g: &Groups,
    col: &Column,
    gw: usize,
) {
    let (monolith_node, new_services) = (col.monolith_node, g.new_services);
    let (live_targets, mirror_targets) = (&col.live_targets, &col.mirror_targets);
    // Gateway to services.
    if let (Some(m), Some(mn)) = (p.monolith, monolith_node) {
        let share = st.services[m].share;
        b.edge(
            End::Node(gw),
            End::Node(mn),
            EdgeKind::Request,
            Some(format!("{} of traffic", format::percent(share))),
        );
        if let Some(ng) = new_services {
            b.edge(
                End::Node(gw),
                End::Group(ng),
                EdgeKind::Request,
                Some(format!("{} of traffic", format::percent(1.0 - share))),
            );
        }
    } else {
        let mirror = format!(
            "mirrored {}{}",
            format::percent(s.frac(P::Mirror)),
            if st.versions > 2.0 { " each" } else { "" }
        );
        for &t in live_targets {
            let label = p.versioned && b.g.nodes[t].kind == NodeKind::Version;
            b.edge(
                End::Node(gw),
                End::Node(t),
                EdgeKind::Request,
                label.then(|| "live traffic".to_string()),
            );
        }
        for &t in mirror_targets {
            b.edge(
                End::Node(gw),
                End::Node(t),
                EdgeKind::Mirror,
                Some(mirror.clone()),
            );
        }
    }
}

fn calls(b: &mut Builder, st: &Stage, p: &Plan, col: &Column) {
    let svc_node = &col.svc_node;
    // Calls between drawn services.
    if !p.versioned {
        for &i in &p.drawn {
            for j in callees(st, &p.drawn, i) {
                if let (Some(&a), Some(&c)) = (svc_node.get(&i), svc_node.get(&j)) {
                    b.edge(End::Node(a), End::Node(c), EdgeKind::Call, None);
                }
            }
        }
    }
}

/// The data tier: one database per service beside its service, or one shared database on the
/// request path's axis; the cache, the queue and the object store around them.
fn data_tier(
    b: &mut Builder,
    s: &Scenario,
    st: &Stage,
    p: &Plan,
    g: &Groups,
    col: &Column,
    gw: usize,
) -> DataTier {
    let app = g.services.map(End::Group).unwrap_or(End::Node(gw));
    let per_service =
        st.db_per_service && g.has_services && st.databases.len() == st.services.len();
    if per_service {
        databases_per_service(b, s, st, p, col, app)
    } else {
        shared_database(b, s, st, col.axis, app)
    }
}

fn cache_node(b: &mut Builder, s: &Scenario, st: &Stage, place: Place) -> usize {
    b.node(
        "cache".into(),
        NodeKind::Cache,
        "Cache".into(),
        Some(times(st.cache_nodes)),
        vec![format!(
            "{} of reads served",
            format::percent(s.frac(P::Hit))
        )],
        place,
    )
}

fn queue_node(b: &mut Builder, st: &Stage, place: Place) -> usize {
    b.node(
        "queue".into(),
        NodeKind::Queue,
        "Message queue".into(),
        Some(times(st.queue_brokers)),
        vec![format!(
            "{} writes/s at peak",
            format::count(st.db_write_qps)
        )],
        place,
    )
}

/// The object store, when media are kept, with the services' edge to it.
fn object_store(b: &mut Builder, st: &Stage, place: Place, app: End) {
    if st.object_stored_bytes > 0.0 {
        let n = b.node(
            "objects".into(),
            NodeKind::ObjectStore,
            "Object store".into(),
            None,
            vec![format!(
                "{} of media",
                st.units.bytes(st.object_stored_bytes)
            )],
            place,
        );
        b.edge(app, End::Node(n), EdgeKind::Data, Some("media".into()));
    }
}

/// A database's load, peak rates labelled as such (the table's rows say "peak" too).
fn db_details(d: &DatabaseStage) -> Vec<String> {
    vec![format!(
        "{} reads/s · {} writes/s at peak",
        format::count(d.peak_read_qps),
        format::count(d.peak_write_qps)
    )]
}

/// Each drawn service's database beside it, the rest in one "+N more" box.
fn databases_per_service(
    b: &mut Builder,
    s: &Scenario,
    st: &Stage,
    p: &Plan,
    col: &Column,
    app: End,
) -> DataTier {
    let mut db_node: BTreeMap<String, usize> = BTreeMap::new();
    let mut add_db = |b: &mut Builder, i: usize, row: i32, from: End| {
        let Some(d) = st.databases.get(st.services[i].database) else {
            return;
        };
        let n = b.node(
            format!("db-{i}"),
            NodeKind::Database,
            d.name.clone(),
            Some(db_badge(d.shards, d.replicas_per_shard)),
            db_details(d),
            cell(C_DATA, row),
        );
        b.edge(from, End::Node(n), EdgeKind::Data, None);
        db_node.entry(d.name.clone()).or_insert(n);
    };
    for &(i, r) in &col.svc_row {
        if let Some(&n) = col.svc_node.get(&i) {
            add_db(b, i, r, End::Node(n));
        }
    }
    for &(i, vg, r) in &col.version_groups {
        add_db(b, i, r, End::Group(vg));
    }
    if let Some((mn, r)) = col.more {
        more_databases(b, st, p, mn, r, &mut db_node);
    }
    let cache = st.cache.then(|| {
        let n = cache_node(b, s, st, cell(C_SVC, -1));
        b.edge(app, End::Node(n), EdgeKind::Data, None);
        n
    });
    let queue = st.queue.then(|| {
        let n = queue_node(b, st, cell(C_SVC, col.svc_rows));
        b.edge(app, End::Node(n), EdgeKind::Data, None);
        n
    });
    object_store(b, st, cell(C_DATA, -1), app);
    DataTier {
        db_node,
        cache,
        queue,
    }
}

/// The "+N more databases" box of the services drawn as "+N more".
fn more_databases(
    b: &mut Builder,
    st: &Stage,
    p: &Plan,
    more: usize,
    row: i32,
    db_node: &mut BTreeMap<String, usize>,
) {
    let dbs: Vec<&DatabaseStage> = p
        .rest
        .iter()
        .filter_map(|&i| st.databases.get(st.services[i].database))
        .collect();
    let count: f64 = dbs.iter().map(|d| d.count).sum();
    let shards: f64 = dbs.iter().map(|d| d.shards * d.count).sum();
    let replicas: f64 = dbs
        .iter()
        .map(|d| d.shards * d.replicas_per_shard * d.count)
        .sum();
    let n = b.node(
        "db-more".into(),
        NodeKind::MoreDatabases,
        format!(
            "+{} more {}",
            format::count(count),
            if count == 1.0 {
                "database"
            } else {
                "databases"
            }
        ),
        Some(plural(shards + replicas, "node", "nodes")),
        vec![if replicas > 0.0 {
            format!(
                "{} · {}",
                plural(shards, "primary", "primaries"),
                plural(replicas, "replica", "replicas")
            )
        } else {
            format!("{}, no replicas", plural(shards, "primary", "primaries"))
        }],
        cell(C_DATA, row),
    );
    b.edge(End::Node(more), End::Node(n), EdgeKind::Data, None);
    for d in dbs {
        db_node.entry(d.name.clone()).or_insert(n);
    }
}

/// One shared database on the request path's axis, the cache above it, the queue below.
fn shared_database(b: &mut Builder, s: &Scenario, st: &Stage, axis: i32, app: End) -> DataTier {
    let mut db_node: BTreeMap<String, usize> = BTreeMap::new();
    let db = st.databases.first().map(|d| {
        let n = b.node(
            "db".into(),
            NodeKind::Database,
            d.name.clone(),
            Some(db_badge(d.shards, d.replicas_per_shard)),
            db_details(d),
            cell(C_DB, axis),
        );
        for d in &st.databases {
            db_node.entry(d.name.clone()).or_insert(n);
        }
        n
    });
    let cache = st.cache.then(|| {
        let n = cache_node(b, s, st, cell(C_DATA, axis - 1));
        b.edge(app, End::Node(n), EdgeKind::Data, Some("reads".into()));
        if let Some(d) = db {
            b.edge(
                End::Node(n),
                End::Node(d),
                EdgeKind::Data,
                Some(format!("{} miss", format::percent(1.0 - s.frac(P::Hit)))),
            );
        }
        n
    });
    let queue = st.queue.then(|| {
        let n = queue_node(b, st, cell(C_DATA, axis + 1));
        b.edge(app, End::Node(n), EdgeKind::Data, Some("writes".into()));
        if let Some(d) = db {
            b.edge(End::Node(n), End::Node(d), EdgeKind::Data, None);
        }
        n
    });
    object_store(b, st, cell(C_DATA, axis - 2), app);
    if let Some(d) = db {
        let direct = match (st.cache, st.queue) {
            (false, false) => Some("reads and writes"),
            (true, false) => Some("writes"),
            (false, true) => Some("reads"),
            (true, true) => None,
        };
        if let Some(l) = direct {
            b.edge(app, End::Node(d), EdgeKind::Data, Some(l.into()));
        }
    }
    DataTier {
        db_node,
        cache,
        queue,
    }
}

/// The region frame holds every deployed tier.
fn region_frame(b: &mut Builder, g: &Groups) {
    let (region, services) = (g.region, g.services);
    // The region frame holds every deployed tier.
    if let Some(r) = region {
        let top: Vec<usize> = services.into_iter().collect();
        let inside: Vec<usize> = {
            let grouped: Vec<usize> = top.iter().flat_map(|&g| b.g.group_members(g)).collect();
            (0..b.g.nodes.len())
                .filter(|&n| matches!(b.g.nodes[n].place, Place::Cell { col, .. } if col >= C_LB))
                .filter(|n| !grouped.contains(n))
                .collect()
        };
        b.g.groups[r].nodes = inside;
    }
}

/// Tags the first bottleneck's node with its load and strain.
fn tag_bottleneck(b: &mut Builder, st: &Stage, col: &Column, path: &Path, data: &DataTier) {
    let (svc_node, more) = (&col.svc_node, col.more);
    let (gw, lb, dns) = (path.gw, path.lb, path.dns);
    let (db_node, cache, queue) = (&data.db_node, data.cache, data.queue);
    // The first bottleneck.
    let bn = &st.bottleneck;
    let pct = format!("{} {}", format::percent(bn.value), bn.component.of());
    let (target, what) = match bn.component {
        Component::Latency => {
            let first = bn.at.split(" → ").next().unwrap_or("");
            let at = st.services.iter().position(|x| x.name == first);
            (
                at.and_then(|i| svc_node.get(&i).copied()).or(Some(gw)),
                Some("calls"),
            )
        }
        Component::ServiceRequests | Component::ServiceConnections => {
            let by_name = st
                .services
                .iter()
                .position(|x| names_first(&bn.at, &x.name))
                .and_then(|i| svc_node.get(&i).copied());
            let what = if bn.component == Component::ServiceRequests {
                "requests"
            } else {
                "connections"
            };
            (by_name.or(more.map(|m| m.0)).or(Some(gw)), Some(what))
        }
        Component::Gateway => (Some(gw), None),
        Component::LoadBalancer => (lb.or(Some(gw)), None),
        Component::DbWrites | Component::DbReads | Component::DbStorage => {
            let what = match bn.component {
                Component::DbWrites => "writes",
                Component::DbReads => "reads",
                _ => "storage",
            };
            (
                db_node
                    .iter()
                    .filter(|(name, _)| names_first(&bn.at, name))
                    .map(|(_, &n)| n)
                    .min()
                    .or_else(|| db_node.values().min().copied()),
                Some(what),
            )
        }
        Component::Cache => (cache, None),
        Component::Queue => (queue, None),
        Component::Network => (dns.or(lb).or(Some(gw)), Some("network links")),
    };
    if let Some(t) = target {
        b.g.nodes[t].bottleneck = Some(match what {
            Some(w) => format!("{pct} · {w}"),
            None => pct,
        });
        b.g.nodes[t].strain = Strain::of(bn.value);
    }
}

/// Marks what `down=` takes down, the services that fail or degrade with it, and the edges
/// whose requests fail (those into something down or failing, from something that is not
/// only degraded).
fn mark_failures(b: &mut Builder, st: &Stage, col: &Column, data: &DataTier) {
    let Some(f) = st.availability.as_ref().map(|a| &a.failure) else {
        return;
    };
    let mut mark = |node: Option<&usize>, h: Health| {
        if let Some(n) = node.and_then(|&n| b.g.nodes.get_mut(n)) {
            if n.health == Health::Up {
                n.health = h;
                n.details.push(h.detail().to_string());
            }
        }
    };
    for &d in &f.databases {
        mark(
            st.databases.get(d).and_then(|x| data.db_node.get(&x.name)),
            Health::Down,
        );
    }
    for (i, imp) in f.impact.iter().enumerate() {
        let h = match imp {
            _ if f.is_down.get(i) == Some(&true) => Health::Down,
            Impact::Fails => Health::Fails,
            Impact::Degraded => Health::Degraded,
            Impact::Ok => continue,
        };
        mark(col.svc_node.get(&i), h);
    }
    let health = |e: End, g: &Graph| match e {
        End::Node(n) => g.nodes.get(n).map_or(Health::Up, |x| x.health),
        End::Group(_) => Health::Up,
    };
    for k in 0..b.g.edges.len() {
        let (from, to) = (b.g.edges[k].from, b.g.edges[k].to);
        let bad = matches!(health(to, &b.g), Health::Down | Health::Fails);
        b.g.edges[k].failing = bad && health(from, &b.g) != Health::Degraded;
    }
}

/// Writes each component's availability as the stage sized it: the front door's pools, the
/// regions, each service's instances (the weakest of those a box stands for), one database
/// primary, one cache node, the brokers.
fn mark_availability(b: &mut Builder, st: &Stage, col: &Column) {
    let Some(p) = st.availability.as_ref().map(|a| &a.pools) else {
        return;
    };
    // Each node's weakest service instances (a "+N more" box stands for several services).
    let mut svc: Vec<Option<Avail>> = vec![None; b.g.nodes.len()];
    for (&i, &n) in &col.svc_node {
        if let (Some(&a), Some(w)) = (p.instances.get(i), svc.get_mut(n)) {
            if w.is_none_or(|w| a.unavailability() > w.unavailability()) {
                *w = Some(a);
            }
        }
    }
    for (k, node) in b.g.nodes.iter_mut().enumerate() {
        let a = match node.kind {
            NodeKind::LoadBalancer => Some(p.load_balancers),
            NodeKind::Gateway => Some(p.gateways),
            NodeKind::Dns => Some(p.regions),
            NodeKind::Database | NodeKind::MoreDatabases => Some(p.db_primary),
            NodeKind::Cache => Some(p.cache_node),
            NodeKind::Queue => Some(p.brokers),
            _ => svc.get(k).copied().flatten(),
        };
        // A component that is down shows that, not what it would offer.
        node.available = a
            .filter(|_| node.health != Health::Down)
            .map(|a| format!("available {}", percent_precise(a)));
    }
}

/// Writes on each call how long its caller waits (the callee's p99 and p50; asynchronous calls
/// do not wait) and on the gateway's arrow into each service its client requests' latency, and
/// marks the critical path of all client requests: the gateway's arrow into its first service,
/// then each call along it.
fn mark_latency(b: &mut Builder, s: &Scenario, st: &Stage, col: &Column, gw: usize) {
    let Some(lat) = st.latency.as_ref() else {
        return;
    };
    let calls = crate::core::latency::calls_from_defs(&s.services);
    let service_of = |n: usize| col.svc_node.iter().find(|(_, &v)| v == n).map(|(&i, _)| i);
    let path = lat
        .overall
        .as_ref()
        .and_then(Latency::figures)
        .map(|f| f.critical_path.clone())
        .unwrap_or_default();
    let on_path = |from: Option<usize>, to: usize| match from {
        None => path.first() == Some(&to),
        Some(a) => path.windows(2).any(|w| w == [a, to]),
    };
    for e in &mut b.g.edges {
        let (End::Node(from), End::Node(to)) = (e.from, e.to) else {
            continue;
        };
        let Some(j) = service_of(to) else {
            continue;
        };
        let (caller, figure) = match e.kind {
            EdgeKind::Request if from == gw => (None, lat.entries.get(j)),
            EdgeKind::Call => (service_of(from), lat.called.get(j)),
            _ => continue,
        };
        let mode = caller
            .and_then(|i| calls.get(i)?.iter().find(|c| c.to == j))
            .map_or(CallMode::Sync, |c| c.mode);
        e.latency = Some(match (mode, figure) {
            (CallMode::Async, _) => "asynchronous: the caller does not wait".to_string(),
            (_, Some(l)) => latency_words(l),
            (_, None) => continue,
        });
        e.critical = mode != CallMode::Async && on_path(caller, j);
    }
}

/// A latency as an arrow's words: "p99 42 ms, p50 18 ms", or why there is no number.
fn latency_words(l: &Latency) -> String {
    match l {
        Latency::Bounded(f) => format!(
            "p99 {} ms, p50 {} ms",
            format::num(f.p99_ms),
            format::num(f.p50_ms)
        ),
        Latency::Unbounded(u) => u.words().to_string(),
    }
}

/// Renumbers the nodes in reading order (tier by tier, top to bottom, the band last), so that
/// the text alternative and the Mermaid text follow the request path.
fn reading_order(g: &mut Graph) {
    let key = |n: &Node| match n.place {
        Place::Cell { col, row } => (0, i32::from(col), row),
        Place::Band => (1, 0, 0),
    };
    let mut order: Vec<usize> = (0..g.nodes.len()).collect();
    crate::core::sort::by(&mut order, |&a, &b| {
        (key(&g.nodes[a]), a) < (key(&g.nodes[b]), b)
    });
    let mut new_of = vec![0; g.nodes.len()];
    for (new, &old) in order.iter().enumerate() {
        new_of[old] = new;
    }
    g.nodes = order.iter().map(|&i| g.nodes[i].clone()).collect();
    let remap = |e: End| match e {
        End::Node(i) => End::Node(new_of.get(i).copied().unwrap_or(i)),
        other => other,
    };
    for e in &mut g.edges {
        e.from = remap(e.from);
        e.to = remap(e.to);
    }
    for gr in &mut g.groups {
        for n in &mut gr.nodes {
            *n = new_of.get(*n).copied().unwrap_or(*n);
        }
    }
}

/// The operations band: delivery, observability and the service mesh, where the preset's page
/// calls for them at this size.
fn ops(b: &mut Builder, preset: Preset, st: &Stage) {
    let band = OpsBand::of(preset, growth_index(preset, st.users));
    if let Some(d) = band.delivery {
        b.node(
            "cicd".into(),
            NodeKind::CiCd,
            "Delivery".into(),
            None,
            vec![d.to_string()],
            Place::Band,
        );
    }
    if let Some(w) = band.watch {
        b.node(
            "observability".into(),
            NodeKind::Observability,
            "Observability".into(),
            None,
            vec![w.to_string()],
            Place::Band,
        );
    }
    if band.mesh {
        b.node(
            "mesh".into(),
            NodeKind::Mesh,
            "Service mesh".into(),
            Some(times(st.service_instances)),
            vec!["a sidecar per instance".into()],
            Place::Band,
        );
    }
}

/// How the maturity page's system is delivered, by row of its growth table.
const MATURITY_DELIVERY: [&str; 4] = [
    "deployed by hand",
    "CI/CD pipelines",
    "CI/CD with canary releases",
    "multi-cluster, multi-region",
];

/// How the maturity page's system is watched, by row of its growth table.
const MATURITY_WATCH: [&str; 4] = [
    "basic logs",
    "central logs, first metrics",
    "tracing, alerts, autoscaling",
    "self-healing, auto-remediation",
];

/// What the operations band shows: how the system is delivered, how it is watched, and
/// whether a service mesh runs.
struct OpsBand {
    delivery: Option<&'static str>,
    watch: Option<&'static str>,
    mesh: bool,
}

impl OpsBand {
    /// What the preset's page calls for at row `idx` of its growth table.
    fn of(preset: Preset, idx: usize) -> OpsBand {
        let mut band = OpsBand {
            delivery: None,
            watch: None,
            mesh: false,
        };
        match preset {
            Preset::Maturity => {
                band.delivery = Some(MATURITY_DELIVERY[idx.min(3)]);
                band.watch = Some(MATURITY_WATCH[idx.min(3)]);
                band.mesh = idx >= 3;
            }
            Preset::Architecture => {
                if idx >= 3 {
                    band.delivery = Some("automated scaling");
                    band.mesh = true;
                }
            }
            Preset::Migration => {
                if idx >= 2 {
                    band.watch = Some("monitoring is essential");
                } else if idx == 1 {
                    band.watch = Some("service discovery");
                }
            }
            Preset::DbPerService => {
                if idx >= 1 {
                    band.watch = Some("service discovery, monitoring");
                }
            }
            Preset::ParallelRunning => {
                if idx >= 2 {
                    band.watch = Some("monitoring, fast rollback");
                }
                if idx >= 3 {
                    band.delivery = Some("canary releases, feature flags");
                }
            }
        }
        band
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::stage;
    use expect_test::expect;

    // Guards the request path's chain: each hop calls the next one present (no DNS with one
    // region, no load balancer before there is one), ending at the gateway.
    #[test]
    fn request_path_skips_absent_hops() {
        let chain = |users: f64| {
            let s = Preset::Architecture.scenario();
            let g = build(&s, &stage(&s, users, false));
            let id = |e: End| match e {
                End::Node(i) => g.nodes[i].id.clone(),
                End::Group(i) => g.groups[i].id.clone(),
            };
            g.edges
                .iter()
                .filter(|e| e.kind == EdgeKind::Request && e.label.is_none())
                .take_while(|e| id(e.from) != "gateway")
                .map(|e| format!("{}→{}", id(e.from), id(e.to)))
                .collect::<Vec<_>>()
                .join(" ")
        };
        expect![[r#"
            clients→gateway
            clients→lb lb→gateway
            clients→dns dns→lb lb→gateway
        "#]]
        .assert_eq(&format!(
            "{}\n{}\n{}\n",
            chain(100.0),
            chain(1e5),
            chain(1e8)
        ));
    }

    // Guards the operations band per preset and row of its growth table (what each seed page
    // says is needed at that size), past the last row included.
    #[test]
    fn ops_band_by_preset_and_row() {
        let mut out = String::new();
        for preset in Preset::ALL {
            for idx in 0..5 {
                let b = OpsBand::of(preset, idx);
                out.push_str(&format!(
                    "{} {idx}: {} | {} | {}\n",
                    preset.key(),
                    b.delivery.unwrap_or("-"),
                    b.watch.unwrap_or("-"),
                    if b.mesh { "mesh" } else { "-" }
                ));
            }
        }
        expect![[r#"
            architecture 0: - | - | -
            architecture 1: - | - | -
            architecture 2: - | - | -
            architecture 3: automated scaling | - | mesh
            architecture 4: automated scaling | - | mesh
            maturity 0: deployed by hand | basic logs | -
            maturity 1: CI/CD pipelines | central logs, first metrics | -
            maturity 2: CI/CD with canary releases | tracing, alerts, autoscaling | -
            maturity 3: multi-cluster, multi-region | self-healing, auto-remediation | mesh
            maturity 4: multi-cluster, multi-region | self-healing, auto-remediation | mesh
            migration 0: - | - | -
            migration 1: - | service discovery | -
            migration 2: - | monitoring is essential | -
            migration 3: - | monitoring is essential | -
            migration 4: - | monitoring is essential | -
            db-per-service 0: - | - | -
            db-per-service 1: - | service discovery, monitoring | -
            db-per-service 2: - | service discovery, monitoring | -
            db-per-service 3: - | service discovery, monitoring | -
            db-per-service 4: - | service discovery, monitoring | -
            parallel-running 0: - | - | -
            parallel-running 1: - | - | -
            parallel-running 2: - | monitoring, fast rollback | -
            parallel-running 3: canary releases, feature flags | monitoring, fast rollback | -
            parallel-running 4: canary releases, feature flags | monitoring, fast rollback | -
        "#]]
        .assert_eq(&out);
    }
}
