//! In-process fuzzing of everything a person or a link can hand Scalemap (issue 16): the CLI's
//! entry function with byte-level arguments (`cli::run_os`, invalid UTF-8 included), link texts
//! (`share::decode`), field values (`params::resolve`) and the number reader, with now and then
//! a diagram, its Mermaid text and the growth chart.
//!
//! Deterministic: the same `--seed` and `--cases` give the same cases. Checks, for every case:
//! nothing panics (each case runs under `catch_unwind`); no number in any output is NaN or
//! infinite (JSON numbers and CSV cells are read back, text is searched for `NaN` and `inf`);
//! every JSON output parses (and its only `null`s are breakpoints never reached); every SVG
//! parses as XML; every scenario is valid (each value inside its range). Exits 1 on the first
//! kind of failure, after printing up to ten failing cases.
//!
//!     scripts/fuzz.sh --cases 10000000 --seed 1
//!     cargo run --example fuzz -- --cases 4000 --seed 1      (what scripts/test.sh runs)
//!     cargo run --example fuzz -- --seed 1 --case 134730 --cases 1   (replays one case)

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use scalemap::cli;
use scalemap::core::chart::{self, ChartOptions};
use scalemap::core::params::{self, Scenario, SPECS, USERS_RANGE};
use scalemap::core::presets::Preset;
use scalemap::core::share;
use scalemap::core::sweep;
use scalemap::core::uncertain::sample::SplitMix;
use scalemap::core::{diagram, format, model};

/// splitmix64 (the core's, which samples ranges), with the picks the fuzzer makes.
struct Rng(SplitMix);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(SplitMix(seed))
    }

    fn next(&mut self) -> u64 {
        self.0.bits()
    }

    fn below(&mut self, n: usize) -> usize {
        self.0.below(n)
    }

    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Values people (and attackers) type: separators, signs, suffixes, extremes, scripts.
const VALUES: &[&str] = &[
    "2,5",
    "1,000",
    "1,000,000",
    "12,345.6",
    "1,,0",
    "1__0",
    "_5",
    "5_",
    "10_000",
    "0,5",
    "1e308",
    "1e-400",
    "-1e308",
    "1e400",
    "-0",
    "0",
    "1",
    "3",
    "100",
    "10k",
    "1.5m",
    "2b",
    "1t",
    "20%",
    "%",
    "k",
    "NaN",
    "inf",
    "-inf",
    "0x10",
    "1.2.3",
    "١٢",
    "１２",
    "1e",
    ".5",
    "5.",
    "+.5e-3",
    "99999999999999999999999",
    "4.9e-324",
    "abc",
    "",
    " ",
    "day",
    "s",
    "per second",
    "\u{202E}5",
    "5\u{2066}",
    "<script>",
    "\"'><",
    "a{b:c}",
    "100,10k,1m",
    "100:3,10k:15",
    "User,Product,Order:1:User+Product",
    "A:1:B,B:1:A",
    "A:x:A+Z",
    "\u{202E}gnp.exe:2",
    ":",
    ",,,",
    "1m:80,100:10",
    "1:1e308",
    "1e12:5000",
    "10;100 1000",
    "0.1",
    "1e-7",
];

/// Keys of links and the CLI, plus a few that are not.
fn keys() -> Vec<&'static str> {
    let mut k: Vec<&'static str> = params::all_keys().collect();
    k.extend([
        "v",
        "preset",
        "embed",
        "view",
        "stage",
        "ro",
        "theme",
        "quiz",
        "metrics",
        "id",
        "__proto__",
        "",
        "peak%20",
        "%FF",
        "p%zz",
    ]);
    k
}

/// View values, so that view options get their share of the cases.
const VIEW_VALUES: &[&str] = &[
    "1",
    "0",
    "yes",
    "diagram",
    "diagrams",
    "chart",
    "table",
    "all",
    "dark",
    "light",
    "auto",
    "13",
    "5",
    "0",
    "-1",
    "2.5",
    "1k",
    "peak_rps,nope",
    "architecture",
    "migration",
    "maturity",
    "2",
    "9",
];

/// Characters that make text interesting: separators of every layer, controls, scripts.
const CHARS: &[char] = &[
    'a', 'Z', '0', '1', '9', '.', ',', '_', '-', '+', 'e', 'k', 'm', '%', '&', '=', '?', '#', ':',
    ';', ' ', '\t', '\n', '\0', '\u{7f}', '\u{202E}', '\u{2066}', '\u{200F}', '\u{FEFF}', 'é',
    '中', '😀', '\u{FFFD}', '<', '>', '"', '\'', '\\', '/', '(', ')',
];

/// Random text from [`CHARS`].
fn chars(rng: &mut Rng, max: usize) -> String {
    let n = rng.below(max + 1);
    (0..n).map(|_| *rng.pick(CHARS)).collect()
}

/// A value: mostly from [`VALUES`], sometimes mangled, sometimes random characters.
fn value(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => chars(rng, 12),
        1 => format!("{}{}", rng.pick(VALUES), rng.pick(VALUES)),
        2 => {
            let mut v = rng.pick(VALUES).to_string();
            if !v.is_empty() {
                let at = v
                    .char_indices()
                    .nth(rng.below(v.chars().count()))
                    .map_or(0, |(i, _)| i);
                v.insert(at, *rng.pick(CHARS));
            }
            v
        }
        _ => rng.pick(VALUES).to_string(),
    }
}

/// Percent-encodes some of `text`, sometimes with a broken escape.
fn escape(rng: &mut Rng, text: &str) -> String {
    match rng.below(8) {
        0 => share::encode_component(text),
        1 => format!("{text}%{}", rng.pick(&["", "F", "zz", "E2%80", "C3"])),
        _ => text.replace(' ', "%20").replace('&', "%26"),
    }
}

/// A link: `?k=v&...` (or a whole URL, or a bare query), with bare keys and repeats.
fn link(rng: &mut Rng, keys: &[&'static str]) -> String {
    let mut parts = Vec::new();
    for _ in 0..rng.below(7) {
        let k = *rng.pick(keys);
        let v = if rng.one_in(3) {
            rng.pick(VIEW_VALUES).to_string()
        } else {
            value(rng)
        };
        parts.push(match rng.below(10) {
            0 => escape(rng, k),
            1 => format!("{}{}", k, chars(rng, 3)),
            _ => format!("{k}={}", escape(rng, &v)),
        });
    }
    let q = parts.join("&");
    match rng.below(6) {
        0 => format!("https://example.org/course/scalemap/?{q}#x"),
        1 => q,
        2 => chars(rng, 20),
        _ => format!("?{q}"),
    }
}

/// Bytes for a command-line argument: text, or anything at all (often not UTF-8).
fn arg_bytes(rng: &mut Rng, keys: &[&'static str]) -> Vec<u8> {
    match rng.below(10) {
        0 | 1 => (0..rng.below(16)).map(|_| rng.next() as u8).collect(),
        2 => {
            let mut b = link(rng, keys).into_bytes();
            let at = rng.below(b.len() + 1);
            b.insert(at, *rng.pick(&[0xff, 0xc3, 0x80, 0xed, 0xf0, 0x00]));
            b
        }
        3 => rng
            .pick(&[
                "--format",
                "--format=json",
                "--format=csv",
                "--format=markdown",
                "--format=text",
                "--format=xml",
                "json",
                "csv",
                "--explain",
                "--lenient",
                "--list",
                "-h",
                "-V",
                "--nope",
                "-",
                "--",
                "-?users=1",
            ])
            .as_bytes()
            .to_vec(),
        _ => link(rng, keys).into_bytes(),
    }
}

/// A JSON value, parsed strictly (RFC 8259; every number finite), with what the checks read.
enum Json {
    Null,
    Bool,
    Num,
    Str,
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn lit(&mut self, s: &str) -> Result<(), String> {
        if self.b[self.i..].starts_with(s.as_bytes()) {
            self.i += s.len();
            Ok(())
        } else {
            Err(format!("expected {s} at {}", self.i))
        }
    }

    fn value(&mut self) -> Result<Json, String> {
        self.ws();
        let v = match self.b.get(self.i) {
            Some(b'n') => self.lit("null").map(|_| Json::Null)?,
            Some(b't') => self.lit("true").map(|_| Json::Bool)?,
            Some(b'f') => self.lit("false").map(|_| Json::Bool)?,
            Some(b'"') => self.string().map(|_| Json::Str)?,
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.b.get(self.i) == Some(&b']') {
                    self.i += 1;
                } else {
                    loop {
                        items.push(self.value()?);
                        self.ws();
                        match self.b.get(self.i) {
                            Some(b',') => self.i += 1,
                            Some(b']') => {
                                self.i += 1;
                                break;
                            }
                            _ => return Err(format!("bad array at {}", self.i)),
                        }
                    }
                }
                Json::Arr(items)
            }
            Some(b'{') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.b.get(self.i) == Some(&b'}') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        let k = self.string()?;
                        self.ws();
                        self.lit(":")?;
                        items.push((k, self.value()?));
                        self.ws();
                        match self.b.get(self.i) {
                            Some(b',') => self.i += 1,
                            Some(b'}') => {
                                self.i += 1;
                                break;
                            }
                            _ => return Err(format!("bad object at {}", self.i)),
                        }
                    }
                }
                Json::Obj(items)
            }
            _ => self.number().map(|_| Json::Num)?,
        };
        Ok(v)
    }

    fn string(&mut self) -> Result<String, String> {
        self.lit("\"")?;
        let mut out = Vec::new();
        loop {
            let c = *self.b.get(self.i).ok_or("unterminated string")?;
            self.i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let e = *self.b.get(self.i).ok_or("bad escape")?;
                    self.i += 1;
                    match e {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => out.push(e),
                        b'u' => {
                            let hex = self.b.get(self.i..self.i + 4).ok_or("short \\u")?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return Err("bad \\u".into());
                            }
                            self.i += 4;
                            out.push(b'?');
                        }
                        _ => return Err(format!("bad escape \\{}", e as char)),
                    }
                }
                c if c < 0x20 => return Err("raw control character in a string".into()),
                c => out.push(c),
            }
        }
        String::from_utf8(out).map_err(|_| "string is not UTF-8".to_string())
    }

    fn number(&mut self) -> Result<f64, String> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let s = p.i;
            while p.b.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i - s
        };
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        if self.b.get(self.i) == Some(&b'0') {
            self.i += 1;
        } else if digits(self) == 0 {
            return Err(format!("not a value at {start}"));
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if digits(self) == 0 {
                return Err(format!("bad fraction at {start}"));
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(format!("bad exponent at {start}"));
            }
        }
        let text = std::str::from_utf8(&self.b[start..self.i]).map_err(|e| e.to_string())?;
        let v: f64 = text.parse().map_err(|_| format!("bad number {text}"))?;
        if v.is_finite() {
            Ok(v)
        } else {
            Err(format!("non-finite number {text}"))
        }
    }
}

/// Parses `text` as one JSON document.
fn parse_json(text: &str) -> Result<Json, String> {
    let mut p = Parser {
        b: text.as_bytes(),
        i: 0,
    };
    let v = p.value()?;
    p.ws();
    if p.i != p.b.len() {
        return Err(format!("trailing text at {}", p.i));
    }
    Ok(v)
}

/// The CLI's JSON: a `null` stands for a figure that is not finite, except a breakpoint's
/// `users` (not reached up to 10¹² users), the end of its last span (needed to the end) and a
/// latency with no number (a call cycle, an overloaded queue, no traffic: documented as `null`,
/// never made up).
fn check_nulls(v: &Json, path: &str) -> Result<(), String> {
    match v {
        Json::Null if path.starts_with("breakpoints[].users") => Ok(()),
        Json::Null if path == "breakpoints[].spans[].until" => Ok(()),
        Json::Null if path.ends_with("].latency_p50_ms") || path.ends_with("].latency_p99_ms") => {
            Ok(())
        }
        Json::Null => Err(format!("null (a non-finite figure) at {path}")),
        Json::Arr(items) => items
            .iter()
            .try_for_each(|x| check_nulls(x, &format!("{path}[]"))),
        Json::Obj(items) => items.iter().try_for_each(|(k, x)| {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            check_nulls(x, &p)
        }),
        Json::Num | Json::Bool | Json::Str => Ok(()),
    }
}

/// Whether a service name of `s` reads like a non-finite number (as names may: "inf").
fn names_look_non_finite(s: &Scenario) -> bool {
    s.services.iter().any(|d| {
        let n = d.name.to_ascii_lowercase();
        n.contains("nan") || n.contains("inf")
    })
}

/// Text that shows a non-finite number: `NaN` or `inf` as a word of its own.
fn shows_non_finite(text: &str) -> bool {
    let word = |i: usize, len: usize| {
        let before = text[..i].chars().next_back();
        let after = text[i + len..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    };
    ["NaN", "inf"]
        .iter()
        .any(|w| text.match_indices(w).any(|(i, _)| word(i, w.len())))
}

/// Checks one CLI run's output.
/// Checks one CLI run's output; `Ok` names the output checked ("json", "csv", "text", "").
fn check_cli(args: &[OsString], code: i32, out: &[u8], err: &[u8]) -> Result<&'static str, String> {
    let out = std::str::from_utf8(out).map_err(|_| "stdout is not UTF-8")?;
    let err = std::str::from_utf8(err).map_err(|_| "stderr is not UTF-8")?;
    if !matches!(code, 0 | 2) {
        return Err(format!("exit status {code}: {err}"));
    }
    if code == 2 && !err.starts_with("scalemap: ") {
        return Err(format!("exit 2 without a reason: {err:?}"));
    }
    if code != 0
        || out.starts_with("Usage")
        || out.starts_with("scalemap ")
        || out.starts_with("key\t")
    {
        return Ok("");
    }
    let text: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    let mut format = "text";
    for (i, a) in text.iter().enumerate() {
        if let Some(f) = a.strip_prefix("--format=") {
            format = f;
        } else if *a == "--format" {
            format = text.get(i + 1).copied().unwrap_or("text");
        }
    }
    // A service named "inf" or "NaN" shows as such in text; numbers never may.
    let typed = text
        .iter()
        .filter(|a| !a.starts_with("--"))
        .any(|a| names_look_non_finite(&share::decode(a).0.scenario().0));
    match format {
        "json" => {
            let v = parse_json(out)?;
            check_nulls(&v, "").map(|_| "json")
        }
        "csv" => {
            for (n, line) in out.lines().enumerate().skip(1) {
                let cells: Vec<&str> = line.split(',').collect();
                for c in &cells[..cells.len() - 1] {
                    let ok = format::parse_number(c).is_ok_and(f64::is_finite);
                    if !ok {
                        return Err(format!("CSV line {n}: cell {c:?} is not a finite number"));
                    }
                }
            }
            Ok("csv")
        }
        _ if !typed && shows_non_finite(out) => Err("text output shows NaN or inf".into()),
        _ => Ok("text"),
    }
}

/// A scenario is valid: every value finite and in range, users in range and ascending.
fn check_scenario(s: &Scenario) -> Result<(), String> {
    for sp in SPECS.iter() {
        let v = s.get(sp.p);
        if !v.is_finite() || v < sp.min || v > sp.max {
            return Err(format!("{} = {v} outside {}..{}", sp.key, sp.min, sp.max));
        }
    }
    if s.users.is_empty() || s.users.len() > params::MAX_STAGES {
        return Err(format!("{} stages", s.users.len()));
    }
    if s.users.windows(2).any(|w| w[0] >= w[1])
        || s.users
            .iter()
            .any(|u| *u < USERS_RANGE.0 || *u > USERS_RANGE.1)
    {
        return Err(format!("users {:?}", s.users));
    }
    Ok(())
}

/// Diagrams, Mermaid text and the chart of `s` parse and show finite numbers.
fn check_drawings(s: &Scenario) -> Result<(), String> {
    let r = model::report(s);
    for st in &r.stages {
        let svg = diagram::render_stage(s, st);
        roxmltree::Document::parse(&svg).map_err(|e| format!("diagram SVG: {e}"))?;
        if shows_non_finite(&svg) {
            return Err("diagram shows NaN or inf".into());
        }
        let mmd = diagram::to_mermaid(&diagram::build(s, st));
        if shows_non_finite(&mmd) {
            return Err("Mermaid text shows NaN or inf".into());
        }
    }
    let sw = sweep::sweep(s, 60);
    let svg = chart::render(&sw, &ChartOptions::default());
    roxmltree::Document::parse(&svg).map_err(|e| format!("chart SVG: {e}"))?;
    if shows_non_finite(&svg) {
        return Err("chart shows NaN or inf".into());
    }
    let csv = sweep::to_csv(&sw, &sweep::Metric::ALL);
    for line in csv.lines().skip(1) {
        for c in line.split(',') {
            if !c.is_empty() && c.parse::<f64>().is_ok_and(|v| !v.is_finite()) {
                return Err(format!("sweep CSV cell {c}"));
            }
        }
    }
    Ok(())
}

/// What the cases covered, for the summary line.
#[derive(Default)]
struct Stats {
    numbers: u64,
    fields: u64,
    links: u64,
    drawings: u64,
    cli: u64,
    cli_not_utf8: u64,
    cli_exit_2: u64,
    json: u64,
    csv: u64,
}

/// Runs case `n`; `Err` describes what failed.
fn case(rng: &mut Rng, keys: &[&'static str], n: u64, st: &mut Stats) -> Result<(), String> {
    match rng.below(8) {
        // The number reader, and numbers for people.
        0 => {
            st.numbers += 1;
            let t = value(rng);
            if let Ok((v, _)) = format::read_number(&t) {
                if !v.is_finite() {
                    return Err(format!("read_number({t:?}) = {v}"));
                }
            }
            let x = f64::from_bits(rng.next());
            for s in [
                format::num(x),
                format::count(x),
                format::plain(x),
                format::usd(x),
            ] {
                if s.chars().count() > 40 || (x.is_finite() && shows_non_finite(&s)) {
                    return Err(format!("{x:e} printed as {s:?}"));
                }
            }
            Ok(())
        }
        // Field values, as typed on the page.
        1 | 2 => {
            st.fields += 1;
            let preset = *rng.pick(&Preset::ALL);
            let overrides: Vec<(String, String)> = (0..rng.below(6))
                .map(|_| (rng.pick(keys).to_string(), value(rng)))
                .collect();
            let (s, notices) = params::resolve(preset.scenario(), &overrides);
            check_scenario(&s).map_err(|e| format!("{overrides:?}: {e}"))?;
            if let Some(bad) = notices
                .iter()
                .find(|x| x.message.chars().any(params::is_control))
            {
                return Err(format!(
                    "a notice carries a control character: {:?}",
                    bad.message
                ));
            }
            if n % 512 == 0 && !names_look_non_finite(&s) {
                st.drawings += 1;
                check_drawings(&s).map_err(|e| format!("{overrides:?}: {e}"))?;
            }
            Ok(())
        }
        // Link texts, as opened by the page.
        3 | 4 => {
            st.links += 1;
            let text = link(rng, keys);
            let (l, mut notices) = share::decode(&text);
            let (s, more) = l.scenario();
            notices.extend(more);
            notices.extend(share::view_notices(&l.view, s.users.len()));
            check_scenario(&s).map_err(|e| format!("{text:?}: {e}"))?;
            let again = share::decode(&share::encode(&l)).0;
            if again.scenario().0 != s {
                return Err(format!("{text:?}: re-encoding changes the scenario"));
            }
            Ok(())
        }
        // The CLI, byte-level arguments.
        _ => {
            let mut args: Vec<OsString> = Vec::new();
            if rng.one_in(3) {
                // Anything at all.
                for _ in 0..1 + rng.below(4) {
                    args.push(OsString::from_vec(arg_bytes(rng, keys)));
                }
            } else {
                // What a build pipeline runs, with a fuzzed query: outputs to check.
                if !rng.one_in(5) {
                    args.push("--lenient".into());
                }
                let f = *rng.pick(&["json", "json", "csv", "text", "markdown"]);
                if rng.one_in(2) {
                    args.push(format!("--format={f}").into());
                } else {
                    args.extend(["--format".into(), f.into()]);
                }
                if rng.one_in(4) {
                    args.push("--explain".into());
                }
                let mut q = link(rng, keys).into_bytes();
                if rng.one_in(10) {
                    let at = rng.below(q.len() + 1);
                    q.insert(at, 0xff);
                }
                args.push(OsString::from_vec(q));
            }
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let code = cli::run_os(&args, &mut out, &mut err);
            st.cli += 1;
            st.cli_not_utf8 += u64::from(args.iter().any(|a| a.to_str().is_none()));
            st.cli_exit_2 += u64::from(code == 2);
            let kind = check_cli(&args, code, &out, &err).map_err(|e| format!("{args:?}: {e}"))?;
            st.json += u64::from(kind == "json");
            st.csv += u64::from(kind == "csv");
            Ok(())
        }
    }
}

fn main() {
    let mut cases: u64 = 20_000;
    let mut seed: u64 = 1;
    let mut first: u64 = 0;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut num = |what: &str| -> u64 {
            it.next()
                .and_then(|v| format::parse_number(&v).ok())
                .filter(|v| *v >= 0.0 && *v < 1e18)
                .map(|v| v as u64)
                .unwrap_or_else(|| {
                    eprintln!("fuzz: {what} needs a whole number");
                    std::process::exit(2)
                })
        };
        match a.as_str() {
            "--cases" => cases = num("--cases"),
            "--seed" => seed = num("--seed"),
            // Replays from case N (as printed for a failure): `--case N --cases 1`.
            "--case" => first = num("--case"),
            _ => {
                eprintln!("usage: fuzz [--cases N] [--seed S] [--case FIRST]");
                std::process::exit(2);
            }
        }
    }
    // Panics are counted, not printed as they happen.
    std::panic::set_hook(Box::new(|_| {}));
    let keys = keys();
    let started = Instant::now();
    let mut rng = Rng::new(seed);
    for _ in 0..first {
        rng.next();
    }
    let (mut panics, mut failures) = (0u64, 0u64);
    let mut shown = 0;
    let mut st = Stats::default();
    for n in first..first + cases {
        // Each case's generator state is its own, so a failing case can be replayed alone.
        let mut case_rng = Rng::new(rng.next());
        let result = catch_unwind(AssertUnwindSafe(|| case(&mut case_rng, &keys, n, &mut st)));
        let problem = match result {
            Ok(Ok(())) => None,
            Ok(Err(e)) => {
                failures += 1;
                Some(e)
            }
            Err(p) => {
                panics += 1;
                let msg = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Some(format!("panic: {msg}"))
            }
        };
        if let Some(p) = problem {
            if shown < 10 {
                shown += 1;
                let mut s = p;
                s.truncate(600);
                eprintln!("fuzz: case {n} (seed {seed}): {s}");
            }
        }
        if cases >= 1_000_000 && n > 0 && n % 1_000_000 == 0 {
            eprintln!("fuzz: {n} cases, {:.0} s", started.elapsed().as_secs_f64());
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "fuzz: {cases} cases (seed {seed}) in {secs:.1} s: {panics} panics, {failures} failed checks"
    );
    println!(
        "fuzz: {} number texts, {} field sets ({} with drawings), {} links, {} CLI runs ({} with non-UTF-8 arguments, {} exit 2; {} JSON and {} CSV outputs parsed)",
        st.numbers, st.fields, st.drawings, st.links, st.cli, st.cli_not_utf8, st.cli_exit_2, st.json, st.csv
    );
    if panics + failures > 0 {
        std::process::exit(1);
    }
}
