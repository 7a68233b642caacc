//! The scenario's unit conventions, carried by every stage so that figures and their
//! derivations are shown the way the person chose (`bytes`, `month`).

use crate::core::format;
use crate::core::params::{Scenario, AVG_MONTH_DAYS, PRIMER_MONTH_DAYS, SECONDS_PER_DAY};

/// How bytes are shown and how long a month is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Units {
    /// Binary prefixes (KiB = 1,024 B) instead of decimal ones (KB = 1,000 B).
    pub iec: bool,
    /// Seconds in a month, for figures counted per month.
    pub month_s: f64,
}

impl Units {
    /// The conventions `s` chose.
    pub fn of(s: &Scenario) -> Self {
        Units {
            iec: s.iec_bytes(),
            month_s: s.month_seconds(),
        }
    }

    /// Bytes as people read them, in the chosen prefixes.
    pub fn bytes(self, x: f64) -> String {
        if self.iec {
            format::bytes_iec(x)
        } else {
            format::bytes(x)
        }
    }

    /// A byte rate.
    pub fn bytes_per_s(self, x: f64) -> String {
        format!("{}/s", self.bytes(x))
    }

    /// The month in words, for derivations: "a month of 30.436875 days (2,629,746 s)".
    pub fn month_words(self) -> String {
        let days = self.month_s / SECONDS_PER_DAY;
        let name = if days == AVG_MONTH_DAYS {
            "an average month of 30.436875 days".to_string()
        } else if days == PRIMER_MONTH_DAYS {
            "the round month of 2,500,000 s".to_string()
        } else {
            format!("a month of {} days", format::num(days))
        };
        format!("{name} ({} s)", format::grouped(self.month_s, 0))
    }
}
