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

/// Shortens hostile or accidental long text for a message (messages are always shown as text).
pub fn clip(raw: &str) -> String {
    const MAX: usize = 40;
    if raw.chars().count() <= MAX {
        raw.to_string()
    } else {
        let mut s: String = raw.chars().take(MAX).collect();
        s.push('…');
        s
    }
}
