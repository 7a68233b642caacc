//! Numbers for people: compact counts (10K, 1.2M), bytes (125 MB/s), money ($1,234), and the
//! reverse, reading what a person types ("10k", "10_000", "2.5e6", "20%"), naming every comma
//! it has to guess about.
//!
//! Every function here is total: non-finite input prints as "—" rather than `NaN` or `inf`
//! (the model never produces such values; this is a last line of defence).

use crate::core::detmath::DetMath;

/// Shown in place of a number that is not finite.
pub const NOT_A_NUMBER: &str = "—";

/// `1234567.8` → `"1,234,568"`; keeps up to `decimals` decimals, trimming trailing zeros.
pub fn grouped(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    let neg = x < 0.0;
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f.trim_end_matches('0')),
        None => (s.as_str(), ""),
    };
    let mut out = String::with_capacity(int.len() + int.len() / 3 + frac.len() + 2);
    if neg && (int != "0" || !frac.is_empty()) {
        out.push('-');
    }
    let bytes = int.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 && (bytes.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(*b as char);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A number in an explanation: integers grouped ("10,000"), others with 3 significant digits
/// ("6.67", "0.0116"), large ones grouped without decimals.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    let a = x.abs();
    if a == 0.0 {
        return "0".into();
    }
    if a >= HUGE {
        return scientific(x);
    }
    if (x - x.round()).abs() < 1e-9 * a.max(1.0) || a >= 1000.0 {
        return grouped(x.round(), 0);
    }
    // Three significant digits.
    let digits = (2 - a.det_log10().floor() as i32).clamp(0, 12) as usize;
    grouped(x, digits)
}

/// From here on, numbers print in scientific form ("1e308", "2.5e15"): grouped digits would
/// run to hundreds of characters.
const HUGE: f64 = 1e15;

/// `x` with three significant digits in scientific form: `1e308`, `2.5e15`, `-1.23e20`.
fn scientific(x: f64) -> String {
    let s = format!("{x:.2e}");
    match s.split_once('e') {
        Some((m, e)) => {
            let m = if m.contains('.') {
                m.trim_end_matches('0').trim_end_matches('.')
            } else {
                m
            };
            format!("{m}e{e}")
        }
        None => s,
    }
}

/// A number as typed, without digit grouping (so it cannot be misread in a message about
/// separators): `2.5`, `1000`, `0.1`, and `1e308` or `2.5e-9` for the huge and the tiny.
pub fn plain(x: f64) -> String {
    if !x.is_finite() {
        NOT_A_NUMBER.to_string()
    } else if x.abs() >= HUGE || (x != 0.0 && x.abs() < 1e-6) {
        scientific(x)
    } else {
        format!("{x}")
    }
}

const SCALES: [(f64, &str); 4] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")];

/// A count for people: `950`, `10K`, `1.2M`, `100M`, `3.5B`. Below 10,000 the full number is
/// shown ("5,000"), since such counts are read exactly.
pub fn count(x: f64) -> String {
    if !x.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    let a = x.abs();
    if a < 10_000.0 {
        return if a < 10.0 && x.fract() != 0.0 {
            num(x)
        } else {
            grouped(x.round(), 0)
        };
    }
    if a >= HUGE {
        return scientific(x);
    }
    for (scale, suffix) in SCALES {
        if a >= scale {
            return format!("{}{}", short(x / scale), suffix);
        }
    }
    grouped(x, 0)
}

/// Up to three significant digits, trailing zeros trimmed: 1.23, 12.3, 123, 1,234.
fn short(v: f64) -> String {
    let a = v.abs();
    let decimals = if a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else {
        2
    };
    grouped(v, decimals)
}

/// Decimal byte prefixes, largest first.
const SI_BYTES: [(f64, &str); 6] = [
    (1e18, "EB"),
    (1e15, "PB"),
    (1e12, "TB"),
    (1e9, "GB"),
    (1e6, "MB"),
    (1e3, "KB"),
];

/// Binary byte prefixes, largest first.
const IEC_BYTES: [(f64, &str); 6] = [
    (1_152_921_504_606_846_976.0, "EiB"),
    (1_125_899_906_842_624.0, "PiB"),
    (1_099_511_627_776.0, "TiB"),
    (1_073_741_824.0, "GiB"),
    (1_048_576.0, "MiB"),
    (1_024.0, "KiB"),
];

/// Bytes with the largest of `prefixes` that fits.
fn bytes_in(x: f64, prefixes: &[(f64, &str)]) -> String {
    if !x.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    let a = x.abs();
    for &(scale, unit) in prefixes {
        if a >= scale {
            return format!("{} {}", short(x / scale), unit);
        }
    }
    format!("{} B", short(x))
}

/// Bytes in decimal prefixes: `125,000,000` → `125 MB`.
pub fn bytes(x: f64) -> String {
    bytes_in(x, &SI_BYTES)
}

/// Bytes in binary prefixes: `1,536` → `1.5 KiB`.
pub fn bytes_iec(x: f64) -> String {
    bytes_in(x, &IEC_BYTES)
}

/// A byte rate in decimal prefixes: `125 MB/s`.
pub fn bytes_per_s(x: f64) -> String {
    format!("{}/s", bytes(x))
}

/// A request or query rate: `1.16 req/s`, `5,000 req/s`, `1.2M req/s` (`unit` is "req/s", "QPS", ...).
pub fn rate(x: f64, unit: &str) -> String {
    format!("{} {}", count(x), unit)
}

/// US dollars: `$0.012`, `$12.40`, `$1,234`, `$1.2M`.
pub fn usd(x: f64) -> String {
    if !x.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    let a = x.abs();
    let sign = if x < 0.0 { "-" } else { "" };
    if a >= 1e6 {
        return format!("{sign}${}", count(a));
    }
    if a >= 100.0 {
        return format!("{sign}${}", grouped(a.round(), 0));
    }
    if a >= 1.0 || a == 0.0 {
        return format!("{sign}${:.2}", a);
    }
    format!("{sign}${}", num(a))
}

/// A fraction as a percentage: `0.684` → `68%`, `0.0042` → `0.42%`.
pub fn percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    let p = fraction * 100.0;
    if p != 0.0 && p.abs() < 10.0 {
        format!("{}%", num(p))
    } else {
        format!("{}%", grouped(p.round(), 0))
    }
}

/// Why a piece of text could not be read as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// Nothing but spaces.
    Empty,
    /// Not a number at all ("abc", "1..2").
    NotANumber,
    /// Too large to represent ("1e400").
    TooLarge,
    /// A `,` or `_` that is not between digits, or commas that are neither one decimal comma
    /// nor thousands groups ("1,,0", "1__0", "_5", "5_", "1,00.5").
    Separator(char),
    /// Readable only by guessing what a comma means ([`parse_number`] refuses what
    /// [`read_number`] reads with a [`Reading`]).
    Unclear(Reading),
}

impl std::fmt::Display for NumberError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NumberError::Empty => f.write_str("is empty"),
            NumberError::NotANumber => f.write_str("is not a number"),
            NumberError::TooLarge => f.write_str("is too large to be a number"),
            NumberError::Separator(c) => write!(f, "has a misplaced “{c}”"),
            NumberError::Unclear(_) => {
                f.write_str("has a comma that could mean a point or thousands")
            }
        }
    }
}

/// How [`read_number`] read a comma: the caller names it in a notice, with the value used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// One comma, not followed by exactly three digits (`2,5`, `0,125`): a decimal point.
    DecimalComma,
    /// One comma followed by exactly three digits (`1,000`): a thousands separator, although
    /// it could be a decimal comma (1.000).
    ThousandsComma,
}

impl std::fmt::Display for Reading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Reading::DecimalComma => "the comma as a decimal point",
            Reading::ThousandsComma => {
                "the comma as a thousands separator; for a decimal, write a point"
            }
        })
    }
}

/// Reads a number the way people write one: `10000`, `10_000`, `1,000,000`, `12,345.6`, `10k`,
/// `1.5M`, `2B`, `1e6`, `20%` (read as 20; the caller knows the unit), surrounding spaces
/// ignored. Suffixes: k/K = 10³, m/M = 10⁶, b/B/g/G = 10⁹, t/T = 10¹².
///
/// Separators: `_` between two digits is skipped. Commas are read silently only as thousands
/// groups that cannot be anything else (two or more, or followed by a decimal point). A single
/// comma is a guess, returned as a [`Reading`] for the caller to name: before exactly three
/// digits (`1,000`) a thousands separator, otherwise (`2,5`) a decimal point. Any other `,`
/// or `_` (`1,,0`, `1__0`, `_5`, `5_`) is refused.
pub fn read_number(text: &str) -> Result<(f64, Option<Reading>), NumberError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(NumberError::Empty);
    }
    let t = t.strip_suffix('%').unwrap_or(t).trim_end();
    let (body, mult) = match t.chars().last() {
        Some('k' | 'K') => (&t[..t.len() - 1], 1e3),
        Some('m' | 'M') => (&t[..t.len() - 1], 1e6),
        Some('b' | 'B' | 'g' | 'G') => (&t[..t.len() - 1], 1e9),
        Some('t' | 'T') => (&t[..t.len() - 1], 1e12),
        _ => (t, 1.0),
    };
    let b = body.trim().as_bytes();
    let digit = |i: Option<usize>| i.and_then(|i| b.get(i)).is_some_and(u8::is_ascii_digit);
    // The text without separators; where each comma stood in it.
    let mut cleaned: Vec<u8> = Vec::with_capacity(b.len());
    let mut commas: Vec<usize> = Vec::new();
    for (i, &c) in b.iter().enumerate() {
        if c == b'_' || c == b',' {
            if !(digit(i.checked_sub(1)) && digit(Some(i + 1))) {
                return Err(NumberError::Separator(char::from(c)));
            }
            if c == b',' {
                commas.push(cleaned.len());
            }
        } else {
            cleaned.push(c);
        }
    }
    let mut reading = None;
    if let Some(&first) = commas.first() {
        // Digits before the point or exponent, after any sign.
        let start = usize::from(matches!(cleaned.first(), Some(b'+' | b'-')));
        let end = cleaned[start..]
            .iter()
            .position(|c| matches!(c, b'.' | b'e' | b'E'))
            .map_or(cleaned.len(), |p| p + start);
        let mut bounds = vec![start];
        bounds.extend(&commas);
        bounds.push(end);
        let groups = commas.iter().all(|&c| c < end)
            && cleaned[start] != b'0'
            && bounds.windows(2).enumerate().all(|(k, w)| {
                let n = w[1].saturating_sub(w[0]);
                if k == 0 {
                    (1..=3).contains(&n)
                } else {
                    n == 3
                }
            });
        let point = cleaned.get(end) == Some(&b'.');
        if groups && (commas.len() > 1 || point) {
            // 1,000,000 and 12,345.6: thousands, nothing else.
        } else if groups {
            reading = Some(Reading::ThousandsComma);
        } else if commas.len() == 1 && first < end && !cleaned.contains(&b'.') {
            cleaned.insert(first, b'.');
            reading = Some(Reading::DecimalComma);
        } else {
            return Err(NumberError::Separator(','));
        }
    }
    let ok_chars = cleaned
        .iter()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'+' | b'e' | b'E'));
    if cleaned.is_empty() || !ok_chars || !cleaned.iter().any(u8::is_ascii_digit) {
        return Err(NumberError::NotANumber);
    }
    let text = std::str::from_utf8(&cleaned).map_err(|_| NumberError::NotANumber)?;
    let v = super::decimal::parse_decimal(text).ok_or(NumberError::NotANumber)?;
    let v = v * mult;
    if v.is_finite() {
        Ok((v, reading))
    } else {
        Err(NumberError::TooLarge)
    }
}

/// [`read_number`] without guesses: a single comma is refused as [`NumberError::Unclear`].
/// For lists whose entries are split on commas anyway (user counts, schedules, weights).
pub fn parse_number(text: &str) -> Result<f64, NumberError> {
    match read_number(text)? {
        (v, None) => Ok(v),
        (_, Some(r)) => Err(NumberError::Unclear(r)),
    }
}

/// The shortest canonical text for a number in a link: `100`, `10k`, `1.5m`, `0.1`, `2.5e-7`.
/// [`parse_number`] reads it back exactly.
pub fn link_number(x: f64) -> String {
    if !x.is_finite() {
        return "0".into();
    }
    for (scale, suffix) in [(1e12, "t"), (1e9, "b"), (1e6, "m"), (1e3, "k")] {
        let q = x / scale;
        if x.abs() >= scale && q == q.trunc() && q * scale == x && q.abs() < 1e15 {
            return format!("{}{}", q as i64, suffix);
        }
    }
    let plain = format!("{x}");
    if super::decimal::parse_decimal(&plain) == Some(x) {
        plain
    } else {
        format!("{x:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards: `bytes=iec` shows binary prefixes, `si` decimal ones, from the same byte counts.
    #[test]
    fn byte_prefixes() {
        assert_eq!(bytes_iec(1_536.0), "1.5 KiB");
        assert_eq!(bytes_iec(1_073_741_824.0), "1 GiB");
        assert_eq!(bytes(1_000_000_000.0), "1 GB");
        assert_eq!(bytes_iec(1_000_000_000.0), "954 MiB");
        assert_eq!(bytes_iec(512.0), "512 B");
    }

    // Guards: the compact forms the stage table shows.
    #[test]
    fn counts() {
        assert_eq!(count(7.0), "7");
        assert_eq!(count(5000.0), "5,000");
        assert_eq!(count(10_000.0), "10K");
        assert_eq!(count(1_200_000.0), "1.2M");
        assert_eq!(count(100e6), "100M");
        assert_eq!(count(1e9), "1B");
        assert_eq!(count(115.74), "116");
        assert_eq!(count(6.666), "6.67");
        assert_eq!(count(f64::NAN), NOT_A_NUMBER);
    }

    // Guards: bytes use decimal units (1 Gbps = 125 MB/s).
    #[test]
    fn byte_units() {
        assert_eq!(bytes_per_s(125e6), "125 MB/s");
        assert_eq!(bytes(1.5e3), "1.5 KB");
        assert_eq!(bytes(100e9), "100 GB");
        assert_eq!(bytes(0.0), "0 B");
    }

    // Guards: money and percentages.
    #[test]
    fn money_and_percent() {
        assert_eq!(usd(1234.4), "$1,234");
        assert_eq!(usd(12.4), "$12.40");
        assert_eq!(usd(0.0123), "$0.0123");
        assert_eq!(usd(0.0), "$0.00");
        assert_eq!(percent(0.684), "68%");
        assert_eq!(percent(0.0042), "0.42%");
        assert_eq!(num(6.6667), "6.67");
        assert_eq!(num(10_000.0), "10,000");
    }

    // Guards: what people type is read, and what cannot be read says why.
    #[test]
    fn parsing() {
        assert_eq!(parse_number(" 10k "), Ok(10_000.0));
        assert_eq!(
            parse_number("1,000"),
            Err(NumberError::Unclear(Reading::ThousandsComma))
        );
        assert_eq!(parse_number("1.5M"), Ok(1.5e6));
        assert_eq!(parse_number("20%"), Ok(20.0));
        assert_eq!(parse_number("2e3"), Ok(2000.0));
        assert_eq!(parse_number(""), Err(NumberError::Empty));
        assert_eq!(parse_number("abc"), Err(NumberError::NotANumber));
        assert_eq!(parse_number("NaN"), Err(NumberError::NotANumber));
        assert_eq!(parse_number("inf"), Err(NumberError::NotANumber));
        assert_eq!(parse_number("1e400"), Err(NumberError::TooLarge));
        assert_eq!(parse_number("k"), Err(NumberError::NotANumber));
    }

    // Guards: separators are read only where they cannot be misread; a single comma is read
    // with a `Reading` the caller names; everything else is refused (issue 16).
    #[test]
    fn separators() {
        let ok =
            |t: &str, v: f64, r: Option<Reading>| assert_eq!(read_number(t), Ok((v, r)), "{t}");
        ok("10_000", 10_000.0, None);
        ok("1_000.5", 1000.5, None);
        ok("1,000,000", 1e6, None);
        ok("12,345.6", 12_345.6, None);
        ok("-1,000,000", -1e6, None);
        ok("1,234,567k", 1_234_567e3, None);
        ok("2,5", 2.5, Some(Reading::DecimalComma));
        ok("0,5", 0.5, Some(Reading::DecimalComma));
        ok("0,500", 0.5, Some(Reading::DecimalComma));
        ok("1,5k", 1500.0, Some(Reading::DecimalComma));
        ok("1234,567", 1234.567, Some(Reading::DecimalComma));
        ok("2,5e3", 2500.0, Some(Reading::DecimalComma));
        ok("1,000", 1000.0, Some(Reading::ThousandsComma));
        ok("100,000%", 100_000.0, Some(Reading::ThousandsComma));
        for bad in [
            "1,,0",
            "1__0",
            "_5",
            "5_",
            ",5",
            "5,",
            "1,00.5",
            "1.000,5",
            "1,0,0",
            "1,000,0",
            "0,000,000",
            "1e1,0,0",
        ] {
            assert!(
                matches!(read_number(bad), Err(NumberError::Separator(_))),
                "{bad}: {:?}",
                read_number(bad)
            );
        }
        assert_eq!(
            parse_number("2,5"),
            Err(NumberError::Unclear(Reading::DecimalComma))
        );
        assert_eq!(
            parse_number("1__0").unwrap_err().to_string(),
            "has a misplaced “_”"
        );
    }

    // Guards: huge numbers print compactly (a notice for peak=1e308 once held 309 digits).
    #[test]
    fn huge_numbers_are_short() {
        assert_eq!(num(1e308), "1e308");
        assert_eq!(num(-2.5e15), "-2.5e15");
        assert_eq!(num(999_999_999_999_999.0), "999,999,999,999,999");
        assert_eq!(count(1.234e20), "1.23e20");
        assert_eq!(num(9.996e20), "1e21");
        assert_eq!(num(-1.004e300), "-1e300");
        assert_eq!(plain(1e308), "1e308");
        assert_eq!(plain(1000.0), "1000");
        assert_eq!(plain(2.5), "2.5");
        assert_eq!(plain(2.5e-300), "2.5e-300");
        assert!(num(f64::MAX).len() < 12);
    }

    // Guards: link numbers read back to exactly the same value.
    #[test]
    fn link_numbers_round_trip() {
        for x in [
            0.0,
            100.0,
            10_000.0,
            1e6,
            1.5e6,
            0.1,
            2.5e-7,
            123456789.0,
            1e8,
            0.7,
        ] {
            let s = link_number(x);
            assert_eq!(parse_number(&s), Ok(x), "{x} -> {s}");
        }
        assert_eq!(link_number(10_000.0), "10k");
        assert_eq!(link_number(100e6), "100m");
    }
}
