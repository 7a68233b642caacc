//! What a diagram shows, before any geometry: nodes, edges and groups.
//!
//! A [`Graph`] is built from one stage by [`build`] (the per-preset templates live in
//! `templates.rs`); [`super::layout::layout`] then gives it positions and sizes.

/// What a node stands for; it decides the node's CSS class and accent colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// The users' devices.
    Client,
    /// A content delivery network.
    Cdn,
    /// DNS and global load balancing across regions.
    Dns,
    /// Load balancers in front of the gateways.
    LoadBalancer,
    /// API gateway instances (the routing layer during a migration).
    Gateway,
    /// One service.
    Service,
    /// The monolith being migrated away from.
    Monolith,
    /// The monolith once all its traffic has moved (drawn dashed, without edges).
    Retired,
    /// One version of a service running beside the others.
    Version,
    /// Services too many to draw, aggregated into one box.
    MoreServices,
    /// The cache cluster.
    Cache,
    /// The message queue brokers.
    Queue,
    /// The object store that keeps media and files.
    ObjectStore,
    /// One logical database (primaries and replicas).
    Database,
    /// Databases too many to draw, aggregated into one box.
    MoreDatabases,
    /// A service mesh.
    Mesh,
    /// Build and deployment pipelines.
    CiCd,
    /// Logs, metrics, tracing and alerts.
    Observability,
}

impl NodeKind {
    /// The CSS class of the node (besides `node`).
    pub fn class(self) -> &'static str {
        match self {
            NodeKind::Client => "client",
            NodeKind::Cdn => "cdn",
            NodeKind::Dns => "dns",
            NodeKind::LoadBalancer => "lb",
            NodeKind::Gateway => "gateway",
            NodeKind::Service => "service",
            NodeKind::Monolith => "monolith",
            NodeKind::Retired => "retired",
            NodeKind::Version => "version",
            NodeKind::MoreServices => "service more",
            NodeKind::Cache => "cache",
            NodeKind::Queue => "queue",
            NodeKind::ObjectStore => "database objects",
            NodeKind::Database => "database",
            NodeKind::MoreDatabases => "database more",
            NodeKind::Mesh => "ops mesh",
            NodeKind::CiCd => "ops cicd",
            NodeKind::Observability => "ops observability",
        }
    }

    /// The component's generic name, for the text alternative ("Service", "Database", ...).
    pub fn noun(self) -> &'static str {
        match self {
            NodeKind::Client => "clients",
            NodeKind::Cdn => "CDN",
            NodeKind::Dns => "global load balancing",
            NodeKind::LoadBalancer => "load balancer",
            NodeKind::Gateway => "API gateway",
            NodeKind::Service => "service",
            NodeKind::Monolith => "monolith",
            NodeKind::Retired => "retired monolith",
            NodeKind::Version => "service version",
            NodeKind::MoreServices => "more services",
            NodeKind::Cache => "cache",
            NodeKind::Queue => "message queue",
            NodeKind::ObjectStore => "object store",
            NodeKind::Database => "database",
            NodeKind::MoreDatabases => "more databases",
            NodeKind::Mesh => "service mesh",
            NodeKind::CiCd => "delivery",
            NodeKind::Observability => "observability",
        }
    }
}

/// Where the layout puts a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A cell of the tier grid: `col` is the tier (left to right), `row` the slot (top to
    /// bottom; negative rows are fine, the layout renumbers them).
    Cell {
        /// Tier, left to right.
        col: u8,
        /// Slot within the grid, top to bottom.
        row: i32,
    },
    /// The operations band under the grid (CI/CD, observability, mesh), left to right.
    Band,
}

/// One box of the diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// A short identifier, unique in the graph and made of ASCII letters, digits and `-`.
    pub id: String,
    /// What it stands for.
    pub kind: NodeKind,
    /// Its name as given (the layout shortens what it draws; the full text stays here).
    pub label: String,
    /// A count shown as a pill: `×12`, `4 shards × 2 replicas`.
    pub badge: Option<String>,
    /// Smaller lines under the label ("10K users", "40% hit ratio").
    pub details: Vec<String>,
    /// The bottleneck tag ("68% of capacity"), when this is the stage's first bottleneck.
    pub bottleneck: Option<String>,
    /// How close that bottleneck is to its limit (the tag's colour); `Strain::Light` when the
    /// node is not the bottleneck.
    pub strain: Strain,
    /// Where it goes.
    pub place: Place,
    /// Extra height, from 0 to 1 (the monolith is drawn taller the more traffic it keeps).
    pub weight: f64,
    /// What `down=` does to it.
    pub health: Health,
    /// Its availability as sized at this stage ("available 99.99%"), when the model computes
    /// one for its kind: in its tooltip and the text alternative.
    pub available: Option<String>,
}

/// What the scenario's `down=` does to a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Health {
    /// Untouched.
    #[default]
    Up,
    /// Named as down (or its database is).
    Down,
    /// Up, but its requests fail: it needs something that is down.
    Fails,
    /// Works without what is down (asynchronous or optional calls to it).
    Degraded,
}

impl Health {
    /// The SVG class, after a space (empty when up).
    pub fn class(self) -> &'static str {
        match self {
            Health::Up => "",
            Health::Down => " down",
            Health::Fails => " fails",
            Health::Degraded => " degraded",
        }
    }

    /// The detail line the node shows.
    pub fn detail(self) -> &'static str {
        match self {
            Health::Up => "",
            Health::Down => "down",
            Health::Fails => "fails: needs what is down",
            Health::Degraded => "degraded: its call waits or falls back",
        }
    }
}

/// How hard the stage's first bottleneck works, as a share of its capacity. Every stage has a
/// first bottleneck, even one that idles at 3%: the tag says which component limits growth,
/// and its colour says whether that is a worry yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strain {
    /// Under half of capacity: plenty of headroom (neutral tag).
    #[default]
    Light,
    /// From half to [`Strain::NEAR`] of capacity: working, as sized (amber tag).
    Busy,
    /// [`Strain::NEAR`] of capacity or more: about to limit growth (red tag).
    Near,
}

impl Strain {
    /// Share of capacity from which a bottleneck counts as near its limit.
    pub const NEAR: f64 = 0.9;

    /// The strain of a component working at `fraction` of its capacity.
    pub fn of(fraction: f64) -> Strain {
        if fraction >= Strain::NEAR {
            Strain::Near
        } else if fraction >= 0.5 {
            Strain::Busy
        } else {
            Strain::Light
        }
    }

    /// The SVG class.
    pub fn class(self) -> &'static str {
        match self {
            Strain::Light => "strain-light",
            Strain::Busy => "strain-busy",
            Strain::Near => "strain-near",
        }
    }
}

/// One end of an edge: a node or a whole group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum End {
    /// Index into [`Graph::nodes`].
    Node(usize),
    /// Index into [`Graph::groups`].
    Group(usize),
}

/// What an edge carries; it decides the line style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    /// Client requests along the request path.
    Request,
    /// One service calling another.
    Call,
    /// Queries, cache lookups and writes towards the data tier.
    Data,
    /// Traffic copied (shadowed) to another version.
    Mirror,
}

impl EdgeKind {
    /// The CSS class of the edge (besides `edge`).
    pub fn class(self) -> &'static str {
        match self {
            EdgeKind::Request => "request",
            EdgeKind::Call => "call",
            EdgeKind::Data => "data",
            EdgeKind::Mirror => "mirror",
        }
    }
}

/// An arrow from one node or group to another.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Where it starts.
    pub from: End,
    /// Where it points.
    pub to: End,
    /// What it carries.
    pub kind: EdgeKind,
    /// Text beside it ("60% of traffic", "mirrored 100%").
    pub label: Option<String>,
    /// Whether requests along it fail (it leads to something down or failing).
    pub failing: bool,
    /// How long the caller waits along it ("p99 42 ms, p50 18 ms"), when the stage has
    /// latency: in its tooltip and the text alternative.
    pub latency: Option<String>,
    /// Whether it lies on the critical path of all client requests (the chain that sets the
    /// p99), highlighted when the drawing is hovered or focused.
    pub critical: bool,
}

/// What a group frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupKind {
    /// Everything deployed in each region (drawn as a stack when there are several).
    Region,
    /// All the services (and the monolith).
    Services,
    /// The new services taking traffic from the monolith.
    NewServices,
    /// The versions of one service running side by side.
    Versions,
}

impl GroupKind {
    /// The CSS class of the group (besides `group`).
    pub fn class(self) -> &'static str {
        match self {
            GroupKind::Region => "region",
            GroupKind::Services => "services",
            GroupKind::NewServices => "new-services",
            GroupKind::Versions => "versions",
        }
    }
}

/// A framed set of nodes, with a heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// A short identifier, unique in the graph (ASCII letters, digits and `-`).
    pub id: String,
    /// What it frames.
    pub kind: GroupKind,
    /// Its heading.
    pub label: String,
    /// Nodes directly inside (indices into [`Graph::nodes`]).
    pub nodes: Vec<usize>,
    /// Groups directly inside (indices into [`Graph::groups`]).
    pub groups: Vec<usize>,
    /// How many copies to suggest behind it (0 to 2; regions).
    pub stack: u8,
}

/// Everything one diagram shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    /// The diagram's title ("First microservice architecture at 10K users").
    pub title: String,
    /// One line of headline figures drawn above the diagram.
    pub caption: String,
    /// The boxes, in reading order.
    pub nodes: Vec<Node>,
    /// The arrows.
    pub edges: Vec<Edge>,
    /// The frames; a group's children always come after it.
    pub groups: Vec<Group>,
}

impl Graph {
    /// The name of an edge end, for text.
    pub fn end_label(&self, end: End) -> &str {
        match end {
            End::Node(i) => self.nodes.get(i).map_or("", |n| n.label.as_str()),
            End::Group(i) => self.groups.get(i).map_or("", |g| g.label.as_str()),
        }
    }

    /// The parent of each group (`None` for top-level groups).
    pub fn group_parents(&self) -> Vec<Option<usize>> {
        let mut parent = vec![None; self.groups.len()];
        for (i, g) in self.groups.iter().enumerate() {
            for &c in &g.groups {
                if c < parent.len() && c != i {
                    parent[c] = Some(i);
                }
            }
        }
        parent
    }

    /// Every node inside group `g`, directly or through nested groups.
    pub fn group_members(&self, g: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![g];
        let mut seen = vec![false; self.groups.len()];
        while let Some(i) = stack.pop() {
            if i >= self.groups.len() || seen[i] {
                continue;
            }
            seen[i] = true;
            out.extend(self.groups[i].nodes.iter().copied());
            stack.extend(self.groups[i].groups.iter().copied());
        }
        crate::core::sort::by(&mut out, |a, b| a < b);
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Strain;

    // Guards the bottleneck tag's colour: neutral under half of capacity (a stage that idles is
    // not alarming), amber as sized, red from 90%.
    #[test]
    fn strain_grades_utilisation() {
        let cases = [
            (0.0, Strain::Light),
            (0.0333, Strain::Light),
            (0.4999, Strain::Light),
            (0.5, Strain::Busy),
            (0.7, Strain::Busy),
            (0.8999, Strain::Busy),
            (0.9, Strain::Near),
            (1.0, Strain::Near),
            (3.5, Strain::Near),
        ];
        for (fraction, want) in cases {
            assert_eq!(Strain::of(fraction), want, "at {fraction}");
        }
    }
}
