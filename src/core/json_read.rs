//! JSON text (RFC 8259) into any serde `Deserialize` type: the reading half of the JSON that
//! Scalemap keeps (scenario files, local-storage records). Writing uses `serde_json`; reading
//! with `serde_json` cost the page 20 KiB of gzip (its number parser, the float formatting of its
//! error messages and their tables), this a few. `tests/json_read.rs` checks it against `serde_json`.
//!
//! Everything JSON allows is read (objects, arrays, strings with every escape, numbers, `true`,
//! `false`, `null`), nesting up to [`MAX_DEPTH`]; anything else is an [`Error`] naming what was
//! wrong and where. Enums are not supported (no stored format has one).

use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Expected, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, Visitor,
};

use super::decimal::parse_decimal;

/// The deepest nesting of arrays and objects read (deeper text is refused, never a stack
/// overflow).
pub const MAX_DEPTH: usize = 128;

/// Why a text could not be read, with its line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
    /// Whether the message already says where (errors from the derived code do not).
    placed: bool,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// What kind of value `u` is, in words (without printing it: serde's own wording formats
/// floats and quotes strings, which costs the page its tables).
fn kind(u: &Unexpected<'_>) -> &'static str {
    match u {
        Unexpected::Bool(_) => "a boolean",
        Unexpected::Unsigned(_) | Unexpected::Signed(_) | Unexpected::Float(_) => "a number",
        Unexpected::Char(_) | Unexpected::Str(_) => "a string",
        Unexpected::Unit => "null",
        Unexpected::Seq => "an array",
        Unexpected::Map => "an object",
        _ => "another kind of value",
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
            placed: false,
        }
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        Self::custom(format_args!(
            "invalid type: {}, expected {exp}",
            kind(&unexp)
        ))
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        Self::custom(format_args!(
            "invalid value: {}, expected {exp}",
            kind(&unexp)
        ))
    }
}

/// Reads `text` (one JSON value, whitespace around it allowed) as a `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let mut p = Parser {
        text,
        i: 0,
        depth: 0,
    };
    let value = T::deserialize(&mut p).map_err(|e| p.place(e))?;
    p.skip_ws();
    if p.i < text.len() {
        return Err(p.fail("trailing characters after the value"));
    }
    Ok(value)
}

/// A number as read: whole numbers stay whole.
enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

struct Parser<'a> {
    text: &'a str,
    /// Byte offset of the next character.
    i: usize,
    /// Arrays and objects open around the current position.
    depth: usize,
}

impl Parser<'_> {
    fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    /// `e` with the current line and column, unless it already has a place.
    fn place(&self, e: Error) -> Error {
        if e.placed {
            return e;
        }
        let before = &self.text[..self.i.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Error {
            message: format!("{} at line {line} column {column}", e.message),
            placed: true,
        }
    }

    fn fail(&self, what: &str) -> Error {
        self.place(de::Error::custom(what))
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes().get(self.i) {
            self.i += 1;
        }
    }

    /// The next non-blank byte, not consumed.
    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.bytes().get(self.i).copied()
    }

    /// Consumes `b` (after blanks) or fails naming it.
    fn expect(&mut self, b: u8) -> Result<(), Error> {
        if self.peek() == Some(b) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.fail(&format!("expected “{}”", char::from(b))))
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), Error> {
        if self.text[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(())
        } else {
            Err(self.fail("expected a value"))
        }
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.fail("nested too deeply"));
        }
        self.i += 1;
        Ok(())
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Result<u32, Error> {
        let digits = self.text.get(self.i..self.i + 4).unwrap_or("");
        let v = u32::from_str_radix(digits, 16)
            .ok()
            .filter(|_| digits.bytes().all(|b| b.is_ascii_hexdigit()));
        let Some(v) = v else {
            return Err(self.fail("expected four hex digits after \\u"));
        };
        self.i += 4;
        Ok(v)
    }

    /// The character of a `\u` escape (the `\u` consumed), joining a surrogate pair.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.text[self.i..].starts_with("\\u") {
                    return Err(self.fail("lone leading surrogate in \\u escape"));
                }
                self.i += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.fail("invalid trailing surrogate in \\u escape"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.fail("lone trailing surrogate in \\u escape")),
            c => c,
        };
        char::from_u32(code).ok_or_else(|| self.fail("invalid \\u escape"))
    }

    /// A string (at its opening quote).
    fn string(&mut self) -> Result<String, Error> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(&b) = self.bytes().get(self.i) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            // Stops only at ASCII bytes, so the slice is whole characters.
            out.push_str(&self.text[start..self.i]);
            let Some(&b) = self.bytes().get(self.i) else {
                return Err(self.fail("unterminated string"));
            };
            self.i += 1;
            match b {
                b'"' => return Ok(out),
                b'\\' => {
                    let esc = self.bytes().get(self.i).copied();
                    self.i += 1;
                    let c = match esc {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        _ => {
                            self.i -= 1;
                            return Err(self.fail("invalid escape in string"));
                        }
                    };
                    out.push(c);
                }
                _ => {
                    self.i -= 1;
                    return Err(self.fail("control character in string"));
                }
            }
        }
    }

    /// Consumes ASCII digits; returns how many.
    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.bytes().get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        self.i - start
    }

    /// A number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Result<Number, Error> {
        let start = self.i;
        let negative = self.bytes().get(self.i) == Some(&b'-');
        if negative {
            self.i += 1;
        }
        let int_start = self.i;
        let n = self.digits();
        if n == 0 || (n > 1 && self.bytes()[int_start] == b'0') {
            return Err(self.fail("invalid number"));
        }
        let mut whole = true;
        if self.bytes().get(self.i) == Some(&b'.') {
            self.i += 1;
            whole = false;
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes().get(self.i) {
            self.i += 1;
            whole = false;
            if let Some(b'+' | b'-') = self.bytes().get(self.i) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        let text = &self.text[start..self.i];
        if whole {
            // `-0` is the float negative zero, as serde_json reads it.
            if negative && text.bytes().all(|b| b == b'-' || b == b'0') {
                return Ok(Number::Float(-0.0));
            }
            if negative {
                if let Ok(v) = text.parse::<i64>() {
                    return Ok(Number::Signed(v));
                }
            } else if let Ok(v) = text.parse::<u64>() {
                return Ok(Number::Unsigned(v));
            }
        }
        parse_decimal(text)
            .filter(|v| v.is_finite())
            .map(Number::Float)
            .ok_or_else(|| self.fail("number out of range"))
    }
}

impl<'de> de::Deserializer<'de> for &mut Parser<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // The reading is in `token`, outside this function, which is compiled once per type
        // read.
        match self.token()? {
            Token::Open(end) => {
                let mut access = Entries {
                    p: self,
                    first: true,
                    done: false,
                };
                let value = if end == b'}' {
                    visitor.visit_map(&mut access)?
                } else {
                    visitor.visit_seq(&mut access)?
                };
                let done = access.done;
                self.close(done, end)?;
                Ok(value)
            }
            Token::Str(s) => visitor.visit_string(s),
            Token::Bool(b) => visitor.visit_bool(b),
            Token::Null => visitor.visit_unit(),
            Token::Number(Number::Unsigned(v)) => visitor.visit_u64(v),
            Token::Number(Number::Signed(v)) => visitor.visit_i64(v),
            Token::Number(Number::Float(v)) => visitor.visit_f64(v),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// The start of a value: an array or object (opened; its closing bracket), or a whole scalar.
enum Token {
    Open(u8),
    Str(String),
    Bool(bool),
    Null,
    Number(Number),
}

impl Parser<'_> {
    /// Reads the start of the next value.
    fn token(&mut self) -> Result<Token, Error> {
        match self.peek() {
            None => Err(self.fail("unexpected end of input")),
            Some(b'{') => self.enter().map(|()| Token::Open(b'}')),
            Some(b'[') => self.enter().map(|()| Token::Open(b']')),
            Some(b'"') => self.string().map(Token::Str),
            Some(b't') => self.literal("true").map(|()| Token::Bool(true)),
            Some(b'f') => self.literal("false").map(|()| Token::Bool(false)),
            Some(b'n') => self.literal("null").map(|()| Token::Null),
            Some(b'-' | b'0'..=b'9') => self.number().map(Token::Number),
            Some(_) => Err(self.fail("expected a value")),
        }
    }

    /// After a visitor has read an array or object: its closing bracket must follow (a visitor
    /// of a fixed length, a tuple, stops before reading it).
    fn close(&mut self, done: bool, end: u8) -> Result<(), Error> {
        self.depth -= 1;
        if done || self.peek() == Some(end) {
            self.i += usize::from(!done);
            Ok(())
        } else {
            Err(self.fail(&format!(
                "more entries than expected before “{}”",
                char::from(end)
            )))
        }
    }

    /// Before the next element of an array or object: `Ok(false)` at its end (consumed).
    fn next_entry(&mut self, first: &mut bool, end: u8) -> Result<bool, Error> {
        if self.peek() == Some(end) {
            self.i += 1;
            return Ok(false);
        }
        if !std::mem::take(first) {
            self.expect(b',')?;
        }
        Ok(true)
    }
}

/// The elements of an array, or the entries of an object.
struct Entries<'p, 'a> {
    p: &'p mut Parser<'a>,
    first: bool,
    /// Whether the closing bracket has been read.
    done: bool,
}

impl<'de> SeqAccess<'de> for Entries<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.done || !self.p.next_entry(&mut self.first, b']')? {
            self.done = true;
            return Ok(None);
        }
        seed.deserialize(&mut *self.p).map(Some)
    }
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.done || !self.p.next_entry(&mut self.first, b'}')? {
            self.done = true;
            return Ok(None);
        }
        if self.p.peek() != Some(b'"') {
            return Err(self.p.fail("expected a key in quotes"));
        }
        let key = self.p.string()?;
        self.p.expect(b':')?;
        seed.deserialize(IntoDeserializer::<Error>::into_deserializer(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.p)
    }
}
