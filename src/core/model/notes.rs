//! The derivation recorder every phase writes through.
//!
//! A phase calls [`note!`](crate::note) with the figure and a `format!` template; when
//! derivations are off the template is never formatted, so a stage computed with and without
//! derivations has the same figures by construction (the numbers never depend on the text).

use std::collections::BTreeMap;

use super::Fig;

/// Derivations recorded so far, or nothing when they are off.
#[derive(Debug, Default)]
pub struct Notes(Option<BTreeMap<Fig, String>>);

impl Notes {
    /// A recorder that keeps derivations when `on`, and is a no-op otherwise.
    pub fn new(on: bool) -> Self {
        Notes(on.then(BTreeMap::new))
    }

    /// Whether derivations are being kept.
    pub fn on(&self) -> bool {
        self.0.is_some()
    }

    /// Records `text` for `fig` (replacing an earlier one).
    pub fn put(&mut self, fig: Fig, text: String) {
        if let Some(m) = self.0.as_mut() {
            m.insert(fig, text);
        }
    }

    /// Adds `text` to the end of the derivation recorded for `fig` (a phase refining a figure
    /// an earlier step of it explained).
    pub fn append(&mut self, fig: Fig, text: &str) {
        if let Some(m) = self.0.as_mut() {
            m.entry(fig).or_default().push_str(text);
        }
    }

    /// The derivation recorded for `fig`, if any.
    pub fn get(&self, fig: Fig) -> Option<&str> {
        self.0.as_ref()?.get(&fig).map(String::as_str)
    }

    /// Everything recorded.
    pub fn into_map(self) -> BTreeMap<Fig, String> {
        self.0.unwrap_or_default()
    }
}

/// Records a derivation: `note!(notes, Fig::X, "template {}", args)`; formats only when on.
#[macro_export]
#[doc(hidden)]
macro_rules! note {
    ($notes:expr, $fig:expr, $($arg:tt)*) => {
        if $notes.on() {
            $notes.put($fig, format!($($arg)*));
        }
    };
}
