//! The one escaping routine for text placed in markup.
//!
//! Invariant: every piece of text that the project writes into SVG (labels, names, titles,
//! descriptions, attribute values) goes through [`xml`]. Nothing else in the crate builds
//! markup from user text.

/// Escapes `text` for use as XML character data or inside a double- or single-quoted attribute.
///
/// Besides the five XML specials it drops characters that XML 1.0 forbids (C0 controls other
/// than tab, newline and carriage return, and U+FFFE/U+FFFF) so that the output always parses.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_xml(&mut out, text);
    out
}

/// Appends the escaped form of `text` to `out` (see [`xml`]).
pub fn push_xml(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards: the five specials never survive as markup.
    #[test]
    fn escapes_specials() {
        assert_eq!(
            xml(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }

    // Guards: control characters that would make the SVG unparseable are dropped.
    #[test]
    fn drops_forbidden_controls() {
        assert_eq!(xml("a\u{0}b\u{1b}c\nd"), "abc\nd");
    }
}
