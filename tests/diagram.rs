//! Architecture diagrams: the layout never overlaps (property test over random scenarios), the
//! SVG of every preset's stages matches its golden file as parsed XML, hostile service names stay
//! text, and the Mermaid export is stable.
//!
//! Regenerate the golden files with `UPDATE_GOLDEN=1 cargo test --test diagram`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use expect_test::expect;
use proptest::prelude::*;
use scalemap::core::diagram::graph::{End, NodeKind, Place};
use scalemap::core::diagram::layout::{shorten, text_width, Positioned, Rect};
use scalemap::core::diagram::{self, mermaid, svg, RenderOptions};
use scalemap::core::model::{self, report, Stage};
use scalemap::core::params::{Scenario, MAX_SERVICES, NUM_PARAMS, SPECS};
use scalemap::core::presets::Preset;
use scalemap::core::schedule::Schedule;
use scalemap::core::services::ServiceDef;

/// Most SVG elements one diagram may have.
const MAX_ELEMENTS: usize = 2_000;

const HOSTILE: [&str; 5] = [
    "<script>alert(1)</script>",
    "\"onload=\"alert(1)",
    "</svg><script>",
    "javascript:alert(1)",
    "' onmouseover='x",
];

fn finite(r: &Rect) -> bool {
    [r.x, r.y, r.w, r.h].iter().all(|v| v.is_finite()) && r.w >= 0.0 && r.h >= 0.0
}

fn inside_view(p: &Positioned, r: &Rect) -> bool {
    Rect {
        x: 0.0,
        y: 0.0,
        w: p.width,
        h: p.height,
    }
    .contains(r, 0.01)
}

/// Every geometric promise of the layout; the first broken one, described.
fn check_layout(p: &Positioned) -> Result<(), String> {
    let g = &p.graph;
    if !(p.width.is_finite() && p.height.is_finite() && p.width > 0.0 && p.height > 0.0) {
        return Err(format!("bad view box {} × {}", p.width, p.height));
    }
    if p.nodes.len() != g.nodes.len() {
        return Err("a node was not placed".into());
    }
    if !inside_view(p, &p.caption.rect()) {
        return Err("caption outside the view box".into());
    }
    // Nodes: inside the view box, apart from each other, their texts inside them.
    for (i, a) in p.nodes.iter().enumerate() {
        let id = &g.nodes[a.node].id;
        if !finite(&a.rect) || !inside_view(p, &a.rect) {
            return Err(format!(
                "node {id} {:?} is outside the {}×{} view box",
                a.rect, p.width, p.height
            ));
        }
        for b in &p.nodes[i + 1..] {
            if a.rect.overlaps(&b.rect, 4.0) {
                return Err(format!(
                    "nodes {id} {:?} and {} {:?} overlap",
                    a.rect, g.nodes[b.node].id, b.rect
                ));
            }
        }
        for t in &a.texts {
            let r = t.rect();
            if !finite(&r) || !a.rect.contains(&r, 0.01) {
                return Err(format!(
                    "text {:?} ({:?}) of {id} does not fit its box {:?}",
                    t.text, r, a.rect
                ));
            }
        }
        for r in a.badge.iter().chain(a.tag.iter()) {
            if !a.rect.contains(r, 0.01) {
                return Err(format!("badge or tag of {id} sticks out"));
            }
        }
        if let Some(b) = a.badge {
            if a.texts.iter().any(|t| {
                t.role != scalemap::core::diagram::layout::TextRole::Badge
                    && t.rect().overlaps(&b, 0.0)
            }) {
                return Err(format!("badge of {id} covers its text"));
            }
        }
    }
    // Groups: inside the view box and their parents, heading inside, no stranger inside.
    let parents = g.group_parents();
    for pg in &p.groups {
        let gid = &g.groups[pg.group].id;
        let stack = g.groups[pg.group].stack.min(2) as f64 * diagram::layout::STACK_OFFSET;
        let outer = Rect {
            w: pg.rect.w + stack,
            h: pg.rect.h + stack,
            ..pg.rect
        };
        if !finite(&pg.rect) || !inside_view(p, &outer) {
            return Err(format!("group {gid} is outside the view box"));
        }
        if !pg.rect.contains(&pg.label.rect(), 0.01) {
            return Err(format!("heading of group {gid} does not fit"));
        }
        let members = g.group_members(pg.group);
        for n in &p.nodes {
            if members.contains(&n.node) {
                if !pg.rect.contains(&n.rect, 0.01) {
                    return Err(format!(
                        "member {} sticks out of group {gid}",
                        g.nodes[n.node].id
                    ));
                }
            } else if n.rect.overlaps(&pg.rect, 0.0) {
                return Err(format!(
                    "node {} overlaps group {gid} without belonging to it",
                    g.nodes[n.node].id
                ));
            }
            if n.rect.overlaps(&pg.label.rect(), 1.0) {
                return Err(format!(
                    "heading of group {gid} overlaps node {}",
                    g.nodes[n.node].id
                ));
            }
        }
        if let Some(parent) = parents[pg.group] {
            if let Some(pp) = p.groups.iter().find(|x| x.group == parent) {
                if !pp.rect.contains(&pg.rect, 0.01) || pp.label.rect().overlaps(&pg.rect, 0.0) {
                    return Err(format!(
                        "group {gid} is not inside its parent below the heading"
                    ));
                }
            }
        }
    }
    // Edges: orthogonal, from border to border, through no other box; labels apart.
    let mut labels: Vec<Rect> = p.groups.iter().map(|x| x.label.rect()).collect();
    for pe in &p.edges {
        let e = &g.edges[pe.edge];
        let name = format!("{} → {}", g.end_label(e.from), g.end_label(e.to));
        if pe.points.len() < 2
            || pe
                .points
                .iter()
                .any(|q| !q.0.is_finite() || !q.1.is_finite())
        {
            return Err(format!("edge {name} has no proper route"));
        }
        let (Some(ra), Some(rb)) = (p.end_rect(e.from), p.end_rect(e.to)) else {
            return Err(format!("edge {name} was drawn to nothing"));
        };
        let (first, last) = (pe.points[0], pe.points[pe.points.len() - 1]);
        if !ra.on_border(first, 0.51) || !rb.on_border(last, 0.51) {
            return Err(format!("edge {name} does not start and end on its ends' borders: {first:?} {ra:?}, {last:?} {rb:?}"));
        }
        for w in pe.points.windows(2) {
            if (w[0].0 - w[1].0).abs() > 0.01 && (w[0].1 - w[1].1).abs() > 0.01 {
                return Err(format!("edge {name} has a diagonal segment"));
            }
            let view = Rect {
                x: 0.0,
                y: 0.0,
                w: p.width,
                h: p.height,
            };
            if !view.contains(
                &Rect {
                    x: w[0].0.min(w[1].0),
                    y: w[0].1.min(w[1].1),
                    w: 0.0,
                    h: 0.0,
                },
                0.01,
            ) || !view.contains(
                &Rect {
                    x: w[0].0.max(w[1].0),
                    y: w[0].1.max(w[1].1),
                    w: 0.0,
                    h: 0.0,
                },
                0.01,
            ) {
                return Err(format!("edge {name} leaves the view box"));
            }
            for n in &p.nodes {
                if End::Node(n.node) == e.from || End::Node(n.node) == e.to {
                    continue;
                }
                if n.rect.crossed_by(w[0], w[1], 1.0) {
                    return Err(format!("edge {name} passes through {}", g.nodes[n.node].id));
                }
            }
        }
        if let Some(l) = &pe.label {
            let r = l.rect();
            if !inside_view(p, &r) {
                return Err(format!("label of {name} is outside the view box"));
            }
            if let Some(n) = p.nodes.iter().find(|n| n.rect.overlaps(&r, 0.0)) {
                return Err(format!(
                    "label of {name} overlaps node {}",
                    g.nodes[n.node].id
                ));
            }
            if labels.iter().any(|o| o.overlaps(&r, 0.0)) {
                return Err(format!("label of {name} overlaps another label"));
            }
            // Beside its edge: above or below a horizontal segment it spans.
            let beside = pe.points.windows(2).any(|w| {
                (w[0].1 - w[1].1).abs() < 0.01
                    && r.x >= w[0].0.min(w[1].0) - 0.01
                    && r.right() <= w[0].0.max(w[1].0) + 0.01
                    && ((w[0].1 - r.bottom()).abs() <= 6.0 || (r.y - w[0].1).abs() <= 6.0)
            });
            if !beside {
                return Err(format!("label of {name} is not beside its edge"));
            }
            labels.push(r);
        }
    }
    Ok(())
}

/// Checks the SVG text: it parses, is small, and carries no script or event handler.
fn check_svg(svg: &str) -> Result<roxmltree::Document<'_>, String> {
    let doc = roxmltree::Document::parse(svg).map_err(|e| format!("SVG does not parse: {e}"))?;
    let elements = doc.descendants().filter(|n| n.is_element()).count();
    if elements > MAX_ELEMENTS {
        return Err(format!("{elements} elements"));
    }
    for bad in ["NaN", "inf\"", "—"] {
        if svg.contains(bad) {
            return Err(format!("SVG contains {bad:?}"));
        }
    }
    for n in doc.descendants().filter(|n| n.is_element()) {
        let name = n.tag_name().name();
        if ["script", "foreignObject", "a", "iframe", "image", "use"].contains(&name) {
            return Err(format!("unexpected element <{name}>"));
        }
        for a in n.attributes() {
            if a.name().to_ascii_lowercase().starts_with("on") {
                return Err(format!("event attribute {}", a.name()));
            }
            if a.value().to_ascii_lowercase().contains("javascript:") || a.value().contains('<') {
                return Err(format!("suspicious attribute value {:?}", a.value()));
            }
        }
    }
    let root = doc.root_element();
    if root.tag_name().name() != "svg"
        || root.attribute("role") != Some("img")
        || root.attribute("viewBox").is_none()
    {
        return Err("root is not an accessible svg with a view box".into());
    }
    let kids: Vec<&str> = root
        .children()
        .filter(|c| c.is_element())
        .map(|c| c.tag_name().name())
        .take(2)
        .collect();
    if kids != ["title", "desc"] {
        return Err(format!("first children are {kids:?}, not title and desc"));
    }
    Ok(doc)
}

/// A service list from the generated parts: unique names, calls only to other services.
fn services(names: &[(usize, f64, Vec<usize>)], pool: &[String]) -> Vec<ServiceDef> {
    let mut seen = BTreeSet::new();
    let mut chosen: Vec<(String, f64, &Vec<usize>)> = Vec::new();
    for (k, w, calls) in names {
        let name = pool[k % pool.len()].clone();
        if seen.insert(name.clone()) {
            chosen.push((name, *w, calls));
        }
    }
    let all: Vec<String> = chosen.iter().map(|c| c.0.clone()).collect();
    chosen
        .iter()
        .map(|(name, w, calls)| {
            let mut c: Vec<String> = calls
                .iter()
                .map(|&j| all[j % all.len()].clone())
                .filter(|c| c != name)
                .collect();
            c.dedup();
            ServiceDef {
                name: name.clone(),
                weight: *w,
                calls: c,
                call_kinds: Vec::new(),
            }
        })
        .collect()
}

fn name_pool() -> Vec<String> {
    let mut v: Vec<String> = [
        "User",
        "Product",
        "Order",
        "Payment",
        "Search",
        "Inventory",
        "Notification",
        "Auth",
        "Cart",
        "Review",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend(HOSTILE.iter().map(|s| s.to_string()));
    v.push("W".repeat(60));
    v.push("Ünïcödé 服务 名前 🚀 service".to_string());
    v.push("a\u{202E}reversed\u{0007}bell".to_string());
    v.push("x".repeat(200));
    v.push("&amp; &lt; ]]> <!-- -->".to_string());
    v
}

/// A value inside `[min, max]` at position `t` (log-spaced over wide positive ranges).
fn within(min: f64, max: f64, t: f64, integer: bool) -> f64 {
    let v = if min > 0.0 && max / min > 1_000.0 {
        (min.ln() + t * (max.ln() - min.ln())).exp()
    } else {
        min + t * (max - min)
    };
    let v = v.clamp(min, max);
    if integer {
        v.round().clamp(min, max)
    } else {
        v
    }
}

#[derive(Debug, Clone)]
struct Case {
    preset: usize,
    users: f64,
    params: Vec<(usize, f64)>,
    services: Option<Vec<(usize, f64, Vec<usize>)>>,
    count: Option<(f64, f64)>,
    migrated: Option<(f64, f64)>,
}

fn scenario_of(c: &Case) -> Scenario {
    let preset = Preset::ALL[c.preset % Preset::ALL.len()];
    let mut s = preset.scenario();
    for &(i, t) in &c.params {
        let spec = &SPECS[i % NUM_PARAMS];
        s.set(spec.p, within(spec.min, spec.max, t, spec.integer));
    }
    if let Some(list) = &c.services {
        let defs = services(list, &name_pool());
        if !defs.is_empty() {
            s.services = defs;
        }
    }
    if let Some((a, b)) = c.count {
        s.service_count = Schedule::new(&[
            (100.0, (a * 30.0).round()),
            (1e8, (b * MAX_SERVICES).round()),
        ]);
    }
    if let Some((a, b)) = c.migrated {
        s.migrated = Schedule::new(&[(100.0, a * 100.0), (1e9, b * 100.0)]);
    }
    s.users = vec![c.users];
    s
}

fn case() -> impl Strategy<Value = Case> {
    (
        0usize..5,
        0.0f64..12.0,
        prop::collection::vec((0usize..NUM_PARAMS, 0.0f64..=1.0), 0..14),
        prop::option::of(prop::collection::vec(
            (
                0usize..64,
                prop_oneof![Just(0.0), 0.001f64..100.0],
                prop::collection::vec(0usize..64, 0..3),
            ),
            1..16,
        )),
        prop::option::of((0.0f64..=1.0, 0.0f64..=1.0)),
        prop::option::of((0.0f64..=1.0, 0.0f64..=1.0)),
    )
        .prop_map(|(preset, exp, params, services, count, migrated)| Case {
            preset,
            users: 10f64.powf(exp).round().clamp(1.0, 1e12),
            params,
            services,
            count,
            migrated,
        })
}

fn render(s: &Scenario, st: &Stage) -> (Positioned, String) {
    let p = diagram::layout(&diagram::build(s, st));
    let svg = svg::render(&p, &RenderOptions::default());
    (p, svg)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1_000, failure_persistence: None, ..ProptestConfig::default() })]

    // Guards: for any scenario no two boxes overlap, texts fit, edges run border to border, all
    // fits the view box, and the SVG parses with at most 2,000 elements.
    #[test]
    fn layout_never_overlaps(c in case()) {
        let s = scenario_of(&c);
        let st = model::stage(&s, c.users, false);
        let (p, text) = render(&s, &st);
        if let Err(why) = check_layout(&p) {
            return Err(TestCaseError::fail(format!("{why}\nscenario: {c:?}")));
        }
        if let Err(why) = check_svg(&text) {
            return Err(TestCaseError::fail(format!("{why}\nscenario: {c:?}")));
        }
        let mm = diagram::to_mermaid(&p.graph);
        prop_assert!(mm.starts_with("flowchart LR\n") && !mm.contains("<script"), "{}", mm);
    }
}

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/diagrams")
}

/// Element names, attributes and text, one line each, in document order.
fn normalized(doc: &roxmltree::Document<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for n in doc.descendants() {
        if n.is_element() {
            let mut attrs: Vec<String> = n
                .attributes()
                .map(|a| format!("{}={:?}", a.name(), a.value()))
                .collect();
            attrs.sort();
            out.push(format!("<{} {}>", n.tag_name().name(), attrs.join(" ")));
        } else if let Some(t) = n.text().filter(|t| !t.trim().is_empty()) {
            out.push(format!("text {:?}", t.trim()));
        }
    }
    out
}

// Guards: every preset's four stages render as their golden files (compared as parsed XML), and
// each one passes the layout checks.
#[test]
fn golden_svgs() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let dir = golden_dir();
    if update {
        std::fs::create_dir_all(&dir).expect("create golden dir");
    }
    let mut problems = Vec::new();
    for preset in Preset::ALL {
        let s = preset.scenario();
        for st in &report(&s).stages {
            let text = diagram::render_stage(&s, st);
            let p = diagram::layout(&diagram::build(&s, st));
            check_layout(&p).unwrap_or_else(|e| panic!("{} at {}: {e}", preset.key(), st.users));
            let doc = check_svg(&text)
                .unwrap_or_else(|e| panic!("{} at {}: {e}", preset.key(), st.users));
            let path = dir.join(format!("{}-{}.svg", preset.key(), st.users as u64));
            if update {
                std::fs::write(&path, &text).expect("write golden file");
                continue;
            }
            let Ok(want) = std::fs::read_to_string(&path) else {
                problems.push(format!(
                    "{} is missing; run with UPDATE_GOLDEN=1",
                    path.display()
                ));
                continue;
            };
            let want_doc = roxmltree::Document::parse(&want).expect("golden file parses");
            let (a, b) = (normalized(&doc), normalized(&want_doc));
            if a != b {
                let i = a
                    .iter()
                    .zip(&b)
                    .position(|(x, y)| x != y)
                    .unwrap_or(a.len().min(b.len()));
                problems.push(format!(
                    "{} differs at item {i}:\n  now:    {}\n  golden: {}",
                    path.display(),
                    a.get(i).map_or("(end)", String::as_str),
                    b.get(i).map_or("(end)", String::as_str)
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n(run with UPDATE_GOLDEN=1 if the change is intended)",
        problems.join("\n")
    );
}

fn hostile_scenario() -> Scenario {
    let mut s = Preset::Architecture.scenario();
    s.services = HOSTILE.iter().map(|n| ServiceDef::new(n, &[])).collect();
    s.services[0].calls = vec![HOSTILE[1].to_string(), HOSTILE[2].to_string()];
    s
}

// Guards: hostile service names end up as text, never as markup, in the SVG and in Mermaid.
#[test]
fn hostile_names_stay_text() {
    let s = hostile_scenario();
    for st in &report(&s).stages {
        let opts = RenderOptions {
            id_prefix: "\"><script>x".into(),
            intrinsic_size: true,
        };
        let text = diagram::render_stage_with(&s, st, &opts);
        let doc = check_svg(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert!(!text.contains("<script"), "raw <script in SVG");
        let texts: String = doc
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        for name in HOSTILE {
            assert!(texts.contains(name), "{name:?} not shown as text");
            for n in doc.descendants().filter(|n| n.is_element()) {
                for a in n.attributes() {
                    assert!(
                        !a.value().contains(name),
                        "{name:?} leaked into attribute {}",
                        a.name()
                    );
                }
            }
        }
        let mm = diagram::to_mermaid(&diagram::build(&s, st));
        assert!(!mm.contains('<'), "{mm}");
        for line in mm.lines().filter(|l| l.contains("[\"")) {
            assert_eq!(
                line.matches('"').count(),
                2,
                "a quote escaped the label: {line}"
            );
        }
        assert!(
            !mm.contains("<script") && mm.contains("#lt;script#gt;"),
            "{mm}"
        );
    }
}

// Guards: the Mermaid export of the architecture preset at 10K users stays as reviewed.
#[test]
fn mermaid_architecture_10k() {
    let s = Preset::Architecture.scenario();
    let st = model::stage(&s, 1e4, false);
    let mm = diagram::to_mermaid(&diagram::build(&s, &st));
    expect![[r#"
        flowchart LR
          %% First microservice architecture at 10K users
          n_clients(["Clients · 10K users · 5,000 req/s at peak"])
          n_lb["Load balancer ×1"]
          n_gateway["API gateway ×1"]
          n_cache["Cache ×1 · 40% of reads served"]
          n_db_0[("User database · 1 primary + 1 replica · 3,600 reads/s · 667 writes/s at peak · bottleneck: 33% of capacity · writes")]
          n_db_2[("Order database · 1 primary · 1,800 reads/s · 333 writes/s at peak")]
          n_db_1[("Product database · 1 primary + 1 replica · 3,600 reads/s · 667 writes/s at peak")]
          subgraph g_services["3 services · 13 instances"]
            n_svc_0["User ×5"]
            n_svc_2["Order ×3"]
            n_svc_1["Product ×5"]
          end
          n_clients --> n_lb
          n_lb --> n_gateway
          n_gateway -->|"p99 19.4 ms, p50 9.57 ms"| n_svc_0
          n_gateway -->|"p99 44.7 ms, p50 29.6 ms"| n_svc_2
          n_gateway -->|"p99 19.4 ms, p50 9.57 ms"| n_svc_1
          n_svc_2 -->|"calls · p99 18.9 ms, p50 9 ms"| n_svc_0
          n_svc_2 -->|"calls · p99 18.9 ms, p50 9 ms"| n_svc_1
          n_svc_0 --> n_db_0
          n_svc_2 --> n_db_2
          n_svc_1 --> n_db_1
          g_services --> n_cache
          %% The critical path of client requests
          linkStyle 3,5 stroke-width:3px
    "#]]
    .assert_eq(&mm);
}

// Guards: a service of weight 0 takes no client requests: the gateway has no arrow into it,
// its box says only calls reach it, and the services that call it still do.
#[test]
fn an_internal_service_takes_no_client_requests() {
    let (link, notices) = scalemap::core::share::decode(
        "?v=3&users=10k&services=Web:1:Auth+Orders,Auth:0,Orders:2:Auth",
    );
    assert!(notices.is_empty(), "{notices:?}");
    let (s, _) = link.scenario();
    let st = model::stage(&s, 1e4, false);
    assert_eq!(st.services[1].share, 0.0);
    assert!(st.services[1].rps > 0.0, "its callers load it");
    let g = diagram::build(&s, &st);
    let id = |e: &End| match e {
        End::Node(i) => g.nodes[*i].id.clone(),
        End::Group(i) => format!("group {}", g.groups[*i].id),
    };
    let into = |to: &str| -> Vec<String> {
        g.edges
            .iter()
            .filter(|e| id(&e.to) == to)
            .map(|e| id(&e.from))
            .collect()
    };
    assert_eq!(into("svc-1"), ["svc-0", "svc-2"], "only its callers");
    assert_eq!(into("svc-0"), ["gateway"]);
    assert_eq!(into("svc-2"), ["gateway", "svc-0"]);
    let auth = g.nodes.iter().find(|n| n.id == "svc-1").expect("Auth");
    assert_eq!(auth.details, ["internal: only calls reach it"]);
}

fn kinds(s: &Scenario, users: f64) -> BTreeSet<String> {
    let g = diagram::build(s, &model::stage(s, users, false));
    let mut k: BTreeSet<String> = g.nodes.iter().map(|n| format!("{:?}", n.kind)).collect();
    k.extend(g.groups.iter().map(|x| format!("{:?}", x.kind)));
    k
}

// Guards: the 100-user and 100M-user diagrams differ in the components the model adds as load grows.
#[test]
fn growth_is_visible() {
    let s = Preset::Architecture.scenario();
    let small = kinds(&s, 100.0);
    let big = kinds(&s, 1e8);
    for k in [
        "LoadBalancer",
        "Cache",
        "Queue",
        "Cdn",
        "Dns",
        "Region",
        "Mesh",
    ] {
        assert!(
            !small.contains(k) && big.contains(k),
            "{k}: {small:?} vs {big:?}"
        );
    }
    let g = diagram::build(&s, &model::stage(&s, 1e8, false));
    let db = g
        .nodes
        .iter()
        .find(|n| n.kind == NodeKind::Database)
        .expect("a database");
    assert!(
        db.badge.as_deref().is_some_and(|b| b.contains("shards ×")),
        "{:?}",
        db.badge
    );
}

// Guards: many services are aggregated into a few boxes plus "+N more" with the summed instances.
#[test]
fn many_services_are_aggregated() {
    let s = Preset::Maturity.scenario();
    let st = model::stage(&s, 1e8, false);
    let g = diagram::build(&s, &st);
    let services = g
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Service)
        .count();
    assert!(services <= 8, "{services} service boxes");
    let more = g
        .nodes
        .iter()
        .find(|n| n.kind == NodeKind::MoreServices)
        .expect("an aggregate box");
    assert!(
        more.label.starts_with("+247 more services"),
        "{}",
        more.label
    );
    let drawn: f64 = st
        .services
        .iter()
        .filter(|x| x.named)
        .map(|x| x.instances)
        .sum();
    let want = format!(
        "×{}",
        scalemap::core::format::count(st.service_instances - drawn)
    );
    assert_eq!(more.badge.as_deref(), Some(want.as_str()));
}

// Guards: the worst case (50 named services calling each other, 5,000 services, 10 versions, 50
// regions, 10^12 users) stays within the element budget and the layout rules.
#[test]
fn worst_case_is_bounded() {
    let mut s = Preset::ParallelRunning.scenario();
    let pool: Vec<String> = (0..50)
        .map(|i| format!("Service with a rather long name number {i}"))
        .collect();
    s.services = (0..50)
        .map(|i| ServiceDef {
            name: pool[i].clone(),
            weight: 1.0 + i as f64,
            calls: vec![pool[(i + 1) % 50].clone(), pool[(i + 7) % 50].clone()],
            call_kinds: Vec::new(),
        })
        .collect();
    s.service_count = Schedule::new(&[(1.0, MAX_SERVICES)]);
    s.set(scalemap::core::params::P::Versions, 10.0)
        .set(scalemap::core::params::P::MaxRegions, 50.0)
        .set(scalemap::core::params::P::RegionUsers, 1.0);
    for versions in [1.0, 10.0] {
        s.set(scalemap::core::params::P::Versions, versions);
        let st = model::stage(&s, 1e12, false);
        let (p, text) = render(&s, &st);
        check_layout(&p).unwrap();
        check_svg(&text).unwrap();
    }
}

// Guards: the pieces of the text pipeline: shortening, width estimates and Mermaid quoting.
#[test]
fn text_helpers() {
    assert_eq!(shorten("abc", 5), "abc");
    assert_eq!(shorten("abcdefgh", 5), "abcd…");
    assert_eq!(shorten("a\u{202E}b\u{7}c", 5), "abc");
    assert!(text_width("WWW", 13.0, true) > text_width("iii", 13.0, true));
    assert!(text_width("服务", 11.0, false) >= 2.0 * 11.0);
    assert_eq!(
        mermaid::label("a \"b\" <c> #d; `e` |f|"),
        "a #quot;b#quot; #lt;c#gt; #35;d#59; #96;e#96; #124;f#124;"
    );
    assert_eq!(svg::safe_prefix("\"><x y"), "xy");
    assert_eq!(svg::safe_prefix("\"><9 y"), "d-9y");
    assert_eq!(svg::safe_prefix("ok-1"), "ok-1");
}

// Guards: the text alternative lists the components with their counts and names the bottleneck.
#[test]
fn text_alternative_lists_components() {
    let s = Preset::Architecture.scenario();
    let st = model::stage(&s, 1e4, false);
    let g = diagram::build(&s, &st);
    let t = diagram::text_alternative(&g);
    for part in [
        "Clients",
        "Load balancer ×1",
        "API gateway",
        "User ×5",
        "Order calls User",
        "Cache",
        "Bottleneck: User",
    ] {
        assert!(t.contains(part), "{part:?} missing from {t}");
    }
    assert!(g
        .nodes
        .iter()
        .all(|n| matches!(n.place, Place::Cell { .. } | Place::Band)));
}

// Guards: media go to an object store drawn beside the databases, only when there are any.
#[test]
fn object_store_drawn_when_media_are_kept() {
    for (preset, with) in [
        ("architecture", true),
        ("maturity", true),
        ("architecture", false),
    ] {
        let blob = if with { "&blob_kb=2000" } else { "" };
        let (link, _) =
            scalemap::core::share::decode(&format!("?v=2&preset={preset}&users=1m{blob}"));
        let (s, _) = link.scenario();
        let st = model::stage(&s, 1e6, false);
        let g = diagram::build(&s, &st);
        let store = g.nodes.iter().find(|n| n.kind == NodeKind::ObjectStore);
        assert_eq!(store.is_some(), with, "{preset} {with}");
        if let Some(n) = store {
            assert!(n.details[0].ends_with("of media"), "{:?}", n.details);
        }
    }
}

// Guards: the narrow layout mode (tiers stacked top to bottom) keeps every layout rule for every
// preset's stages and for random scenarios, is narrower than the wide layout, and is what
// `choose` picks for a phone-sized container while a wide container keeps the wide layout.
#[test]
fn stacked_layout_keeps_the_rules_and_fits_narrow_containers() {
    use scalemap::core::diagram::narrow;
    let mut stacked = 0;
    for preset in Preset::ALL {
        let s = preset.scenario();
        for &users in &[100.0, 1e4, 1e6, 1e8] {
            let st = model::stage(&s, users, false);
            let g = diagram::build(&s, &st);
            let wide = diagram::layout(&g);
            assert_eq!(narrow::choose(&g, None), wide, "no width: the wide layout");
            assert_eq!(
                narrow::choose(&g, Some(wide.width)),
                wide,
                "room enough: the wide layout"
            );
            if let Some(sg) = narrow::stacked(&g) {
                stacked += 1;
                let p = diagram::layout(&sg);
                check_layout(&p).unwrap_or_else(|e| panic!("{} at {users}: {e}", preset.key()));
                check_svg(&svg::render(&p, &RenderOptions::default())).unwrap();
                assert!(
                    p.width < wide.width,
                    "{} at {users}: {} ≥ {}",
                    preset.key(),
                    p.width,
                    wide.width
                );
                assert_eq!(p.nodes.len(), wide.nodes.len(), "every node drawn");
                // A phone's box: the stacked layout, its caption cut to the parts that fit.
                let phone = narrow::choose(&g, Some(330.0));
                check_layout(&phone).unwrap_or_else(|e| panic!("{} at {users}: {e}", preset.key()));
                assert!(
                    phone.width <= p.width,
                    "{} at {users}: {} > {}",
                    preset.key(),
                    phone.width,
                    p.width
                );
                assert_eq!(
                    phone.nodes.iter().map(|n| n.rect).collect::<Vec<_>>(),
                    p.nodes.iter().map(|n| n.rect).collect::<Vec<_>>(),
                    "same boxes, maybe a shorter caption"
                );
                assert!(
                    g.caption.starts_with(&phone.caption.text),
                    "the caption keeps its first parts"
                );
            }
        }
    }
    assert!(stacked >= 16, "most stages stack ({stacked} of 20)");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    // Guards: the stacked layout of any scenario obeys the same rules as the wide one.
    #[test]
    fn stacked_layout_never_overlaps(c in case()) {
        let s = scenario_of(&c);
        let st = model::stage(&s, c.users, false);
        if let Some(g) = scalemap::core::diagram::narrow::stacked(&diagram::build(&s, &st)) {
            let p = diagram::layout(&g);
            if let Err(why) = check_layout(&p) {
                return Err(TestCaseError::fail(format!("{why}\nscenario: {c:?}")));
            }
            if let Err(why) = check_svg(&svg::render(&p, &RenderOptions::default())) {
                return Err(TestCaseError::fail(format!("{why}\nscenario: {c:?}")));
            }
        }
    }
}
