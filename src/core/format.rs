//! Numbers for people: compact counts (10K, 1.2M), bytes (125 MB/s), money ($1,234), and the
//! reverse, reading what a person types ("10k", "1,000", "2.5e6", "20%").
//!
//! Every function here is total: non-finite input prints as "—" rather than `NaN` or `inf`
//! (the model never produces such values; this is a last line of defence).

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
    if (x - x.round()).abs() < 1e-9 * a.max(1.0) || a >= 1000.0 {
        return grouped(x.round(), 0);
    }
    // Three significant digits.
    let digits = (2 - a.log10().floor() as i32).clamp(0, 12) as usize;
    grouped(x, digits)
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    /// Nothing but spaces.
    Empty,
    /// Not a number at all ("abc", "1..2").
    NotANumber,
    /// Too large to represent ("1e400").
    TooLarge,
}

impl std::fmt::Display for NumberError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NumberError::Empty => "is empty",
            NumberError::NotANumber => "is not a number",
            NumberError::TooLarge => "is too large to be a number",
        })
    }
}

/// Reads a number the way people write one: `10000`, `10,000`, `10_000`, `10k`, `1.5M`,
/// `2B`, `1e6`, `20%` (read as 20; the caller knows the unit), surrounding spaces ignored.
/// Suffixes: k/K = 10³, m/M = 10⁶, b/B/g/G = 10⁹, t/T = 10¹².
pub fn parse_number(text: &str) -> Result<f64, NumberError> {
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
    let cleaned: String = body
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect();
    let ok_chars = cleaned
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if cleaned.is_empty() || !ok_chars || !cleaned.chars().any(|c| c.is_ascii_digit()) {
        return Err(NumberError::NotANumber);
    }
    let v = super::decimal::parse_decimal(&cleaned).ok_or(NumberError::NotANumber)?;
    let v = v * mult;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(NumberError::TooLarge)
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
        assert_eq!(parse_number("1,000"), Ok(1000.0));
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
