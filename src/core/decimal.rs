//! Decimal text to `f64`, correctly rounded (to nearest, ties to even), as `str::parse::<f64>`
//! does it, but without its 10 KB table of powers of five: that table alone was 5% of the
//! page's compressed wasm. Exact small-integer arithmetic covers what people type (up to 15
//! digits and powers of ten up to 10²²); anything else goes through exact big-integer
//! division, slower but only ever run on a few numbers per keystroke.

/// Significant digits kept; any beyond are folded into one sticky digit, which keeps the
/// rounding exact (a halfway case needs at most 768 digits to decide).
const MAX_DIGITS: usize = 800;

/// Reads `[+|-]digits[.digits][(e|E)[+|-]digits]` (`1.` and `.5` included, at least one
/// mantissa digit) as the nearest `f64`. `None` for any other text. Values beyond `f64::MAX`
/// read as infinity and values below the smallest subnormal as zero, as with `str::parse`.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    let (negative, sign_len) = read_sign(b);
    let (mut m, len) = read_mantissa(&b[sign_len..])?;
    let rest = &b[sign_len + len..];
    if !rest.is_empty() {
        m.exp += read_exponent(rest)?;
    }
    let magnitude = m.value();
    Some(if negative { -magnitude } else { magnitude })
}

/// Whether `b` starts with `-`, and the length of its sign (`-` or `+`, 0 or 1 byte).
fn read_sign(b: &[u8]) -> (bool, usize) {
    match b.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    }
}

/// A decimal's significant digits, as read: its value is `digits × 10^exp`.
struct Mantissa {
    /// At most [`MAX_DIGITS`], without leading zeros.
    digits: Vec<u8>,
    exp: i64,
    /// Whether a nonzero digit was dropped past [`MAX_DIGITS`].
    dropped_nonzero: bool,
}

impl Mantissa {
    /// Appends digit `d`, of the fraction when `fraction`: past [`MAX_DIGITS`] it only counts
    /// (an integer digit multiplies by ten, a nonzero one is remembered).
    fn push(&mut self, d: u8, fraction: bool) {
        if self.digits.len() < MAX_DIGITS {
            if !(self.digits.is_empty() && d == 0) {
                self.digits.push(d);
            }
            if fraction {
                self.exp -= 1;
            }
        } else {
            self.dropped_nonzero |= d != 0;
            if !fraction {
                self.exp += 1;
            }
        }
    }

    /// The nearest `f64`, dropped nonzero digits counted as one sticky digit after the kept
    /// ones (which keeps the rounding exact).
    fn value(mut self) -> f64 {
        if self.dropped_nonzero {
            self.digits.push(1);
            self.exp -= 1;
        }
        magnitude(&self.digits, self.exp)
    }
}

/// The mantissa `digits[.digits]` at the start of `b` (either side of the point may be empty,
/// not both), and its length in bytes; `None` without a digit.
fn read_mantissa(b: &[u8]) -> Option<(Mantissa, usize)> {
    let mut m = Mantissa {
        digits: Vec::new(),
        exp: 0,
        dropped_nonzero: false,
    };
    let (mut seen_digit, mut fraction) = (false, false);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            d @ b'0'..=b'9' => {
                seen_digit = true;
                m.push(d - b'0', fraction);
            }
            b'.' if !fraction => fraction = true,
            _ => break,
        }
        i += 1;
    }
    seen_digit.then_some((m, i))
}

/// The exponent `(e|E)[+|-]digits` that is the whole of `b`; `None` for any other text. It
/// saturates far outside `f64`'s range, where the value is 0 or infinity anyway.
fn read_exponent(b: &[u8]) -> Option<i64> {
    let (mark, rest) = b.split_first()?;
    if !matches!(mark, b'e' | b'E') {
        return None;
    }
    let (negative, sign_len) = read_sign(rest);
    let digits = &rest[sign_len..];
    if digits.is_empty() {
        return None;
    }
    let mut e: i64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        e = (e * 10 + i64::from(c - b'0')).min(1_000_000_000);
    }
    Some(if negative { -e } else { e })
}

/// The nearest `f64` to `digits × 10^exp` (digits most significant first, no leading zero).
fn magnitude(digits: &[u8], exp: i64) -> f64 {
    if digits.is_empty() {
        return 0.0;
    }
    // 10^(top - 1) <= value < 10^top.
    let top = exp + digits.len() as i64;
    if top > 310 {
        return f64::INFINITY;
    }
    if top < -330 {
        return 0.0;
    }
    if digits.len() <= 15 && (-22..=22).contains(&exp) {
        // Both operands are exact f64s, so one IEEE operation rounds correctly.
        let m = digits.iter().fold(0.0, |m, &d| m * 10.0 + f64::from(d));
        let p = (0..exp.unsigned_abs()).fold(1.0, |p, _| p * 10.0);
        return if exp >= 0 { m * p } else { m / p };
    }
    let mut num = Big::from_digits(digits);
    let mut den = Big(vec![1]);
    for _ in 0..exp.unsigned_abs() {
        if exp > 0 {
            num.mul_small(10);
        } else {
            den.mul_small(10);
        }
    }
    // Scale by 2^-shift so that the quotient has 65 or 66 bits: value = q × 2^shift.
    let shift = num.bits() as i64 - den.bits() as i64 - 65;
    if shift > 0 {
        den = den.shl(shift as usize);
    } else {
        num = num.shl((-shift) as usize);
    }
    let mut q: u128 = 0;
    for bit in (0..=66).rev() {
        let d = den.shl(bit);
        if num.cmp(&d) != std::cmp::Ordering::Less {
            num.sub(&d);
            q |= 1 << bit;
        }
    }
    let sticky = !num.is_zero();
    // The binary exponent of q's leading bit, then of the last mantissa bit kept (52 below it,
    // or the subnormals' fixed -1074).
    let lead = shift + 127 - i64::from(q.leading_zeros());
    let lsb = (lead - 52).max(-1074);
    let drop = lsb - shift;
    if drop >= 127 {
        return 0.0;
    }
    let mut m = q >> drop;
    let rest = q & ((1u128 << drop) - 1);
    let half = 1u128 << (drop - 1);
    if rest > half || (rest == half && (sticky || m & 1 == 1)) {
        m += 1;
    }
    let (mut m, mut lsb) = (m as u64, lsb);
    if m == 1 << 53 {
        m >>= 1;
        lsb += 1;
    }
    if m >= 1 << 52 {
        let biased = lsb + 1075;
        if biased >= 2047 {
            return f64::INFINITY;
        }
        f64::from_bits(((biased as u64) << 52) | (m & ((1 << 52) - 1)))
    } else {
        // Subnormal (lsb is -1074); m == 0 is zero.
        f64::from_bits(m)
    }
}

/// An unsigned big integer, 32-bit limbs, least significant first, no trailing zero limbs.
#[derive(Debug, Clone)]
struct Big(Vec<u32>);

impl Big {
    fn from_digits(digits: &[u8]) -> Big {
        let mut b = Big(Vec::new());
        for &d in digits {
            b.mul_small(10);
            b.add_small(u32::from(d));
        }
        b
    }

    fn mul_small(&mut self, k: u32) {
        let mut carry = 0u64;
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(k) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn add_small(&mut self, k: u32) {
        let mut carry = u64::from(k);
        for limb in &mut self.0 {
            if carry == 0 {
                return;
            }
            let v = u64::from(*limb) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    fn bits(&self) -> u32 {
        self.0
            .last()
            .map_or(0, |top| 32 * self.0.len() as u32 - top.leading_zeros())
    }

    fn shl(&self, n: usize) -> Big {
        let (limbs, bits) = (n / 32, (n % 32) as u32);
        let mut out = vec![0u32; limbs];
        let mut carry = 0u32;
        for &limb in &self.0 {
            out.push(if bits == 0 {
                limb
            } else {
                (limb << bits) | carry
            });
            carry = if bits == 0 { 0 } else { limb >> (32 - bits) };
        }
        if carry > 0 {
            out.push(carry);
        }
        let mut b = Big(out);
        b.trim();
        b
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn cmp(&self, other: &Big) -> std::cmp::Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }

    /// `self -= other`; `other` must not be larger.
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (k, limb) in self.0.iter_mut().enumerate() {
            let v = i64::from(*limb) - i64::from(other.0.get(k).copied().unwrap_or(0)) - borrow;
            *limb = v.rem_euclid(1 << 32) as u32;
            borrow = i64::from(v < 0);
        }
        self.trim();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // Guards the exponent step: the whole rest of the text, a mark, an optional sign, at
    // least one digit and nothing else; saturated at a billion.
    #[test]
    fn exponent_step() {
        let read = |s: &str| read_exponent(s.as_bytes());
        assert_eq!(read("e5"), Some(5));
        assert_eq!(read("E-12"), Some(-12));
        assert_eq!(read("e+0"), Some(0));
        assert_eq!(read("e99999999999999999999"), Some(1_000_000_000));
        for bad in ["", "e", "e-", "e1x", "x1", "e 1", "e--1"] {
            assert_eq!(read(bad), None, "{bad:?}");
        }
    }

    // Guards the mantissa step: leading zeros dropped, the fraction's digits lowering the
    // exponent, a second point ending it; past MAX_DIGITS integer digits still count and a
    // nonzero one is remembered (the sticky digit).
    #[test]
    fn mantissa_step() {
        let read = |s: &str| {
            read_mantissa(s.as_bytes()).map(|(m, len)| (m.digits, m.exp, m.dropped_nonzero, len))
        };
        assert_eq!(read("00.0120x"), Some((vec![1, 2, 0], -4, false, 7)));
        assert_eq!(read("1.2.3"), Some((vec![1, 2], -1, false, 3)));
        assert_eq!(read(".5"), Some((vec![5], -1, false, 2)));
        assert_eq!(read("."), None);
        assert_eq!(read("e5"), None);
        let long = format!("1{}5.5", "0".repeat(MAX_DIGITS - 1));
        let (digits, exp, dropped, len) = read(&long).unwrap_or_default();
        assert_eq!(
            (digits.len(), exp, dropped, len),
            (MAX_DIGITS, 1, true, long.len())
        );
    }

    /// Parses `s` both ways and compares the bits (so -0.0 and 0.0 differ).
    fn same(s: &str) {
        let ours = parse_decimal(s).map(f64::to_bits);
        let std = s.parse::<f64>().ok().map(f64::to_bits);
        assert_eq!(ours, std, "{s:?}");
    }

    // Guards: forms people type, the edges of f64's range and the halfway cases.
    #[test]
    fn agrees_with_std_on_edges() {
        for s in [
            "0",
            "-0",
            "+0",
            "0.0",
            "00012",
            "1.",
            ".5",
            "+.5e-3",
            "1e5",
            "1E+05",
            "2.5e-7",
            "10000",
            "0.95",
            "0.1",
            "0.3",
            "123456789012345",
            "1234567890123456789",
            "9007199254740993",
            "9007199254740995",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e309",
            "1e400",
            "4.9e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "1e-330",
            "1e-400",
            "1e999999999999",
            "1e-999999999999",
            "0.000000000000000000000000000000000001",
            "123.456e-300",
            "5e-324",
            "3e-324",
        ] {
            same(s);
        }
        let long = format!("0.{}1", "0".repeat(900));
        same(&long);
        let many = format!("1{}e-100", "9".repeat(1000));
        same(&many);
        // 2^-1075, exactly halfway between 0 and the smallest subnormal: 5^1075 × 10^-1075.
        let mut five = vec![1u8]; // decimal digits, least significant first
        for _ in 0..1075 {
            let mut carry = 0;
            for d in &mut five {
                let v = *d * 5 + carry;
                *d = v % 10;
                carry = v / 10;
            }
            if carry > 0 {
                five.push(carry);
            }
        }
        let five: String = five.iter().rev().map(|d| char::from(b'0' + d)).collect();
        let half = format!("{five}e-1075");
        same(&half);
        assert_eq!(parse_decimal(&half), Some(0.0));
        same(&format!("{five}1e-1076"));
        assert_eq!(parse_decimal(&format!("{five}1e-1076")), Some(5e-324));
        for bad in [
            "", ".", "-", "e5", "1e", "1e+", "1.2.3", "--1", "1e+-5", "1x", " 1", "inf", "nan",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        // Guards: every f64's shortest and scientific forms read back to the same bits.
        #[test]
        fn reads_back_every_f64(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assume!(x.is_finite());
            for s in [format!("{x}"), format!("{x:e}"), format!("{x:.3e}"), format!("{x:.20}")] {
                let ours = parse_decimal(&s).map(f64::to_bits);
                let std = s.parse::<f64>().ok().map(f64::to_bits);
                prop_assert_eq!(ours, std, "{}", s);
            }
        }

        // Guards: arbitrary digit strings with a point and an exponent round as std does.
        #[test]
        fn rounds_like_std(int in "[0-9]{0,30}", frac in proptest::option::of("[0-9]{0,30}"), e in proptest::option::of(-400i32..400)) {
            let mut s = int.clone();
            if let Some(f) = &frac {
                s.push('.');
                s.push_str(f);
            }
            if let Some(e) = e {
                s.push_str(&format!("e{e}"));
            }
            let ours = parse_decimal(&s).map(f64::to_bits);
            let std = s.parse::<f64>().ok().map(f64::to_bits);
            prop_assert_eq!(ours, std, "{}", s);
        }
    }
}
