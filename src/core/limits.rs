//! Limits every input is held to, and the one routine that shortens text for messages. This
//! module imports nothing, so the parser modules (`params`, `schedule`, `services`) can all use
//! it without depending on each other.

/// Most stages a scenario may have.
pub const MAX_STAGES: usize = 12;
/// Fewest and most users a stage may have.
pub const USERS_RANGE: (f64, f64) = (1.0, 1e12);
/// Most named services.
pub const MAX_NAMED_SERVICES: usize = 50;
/// Most services a stage may run (named and unnamed together).
pub const MAX_SERVICES: f64 = 5_000.0;

/// Whether `c` is a control character or an invisible text-direction control (the bidi
/// overrides, embeddings, isolates and marks), which would reorder the text around it.
pub fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Shortens hostile or accidental long text for a message (messages are always shown as text),
/// and names each control character ([`is_control`]) instead of letting it act on the message.
pub fn clip(raw: &str) -> String {
    const MAX: usize = 40;
    let mut s = String::with_capacity(raw.len().min(4 * MAX));
    for (i, c) in raw.chars().enumerate() {
        if i == MAX {
            s.push('…');
            break;
        }
        if is_control(c) {
            s.push_str(&format!("[U+{:04X}]", u32::from(c)));
        } else {
            s.push(c);
        }
    }
    s
}
