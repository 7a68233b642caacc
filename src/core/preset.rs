//! Which seed page a scenario starts from: the presets' names and link keys. This module
//! imports nothing; `presets` holds each preset's values and texts.

/// Which seed page a scenario starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preset {
    /// The microservices maturity model.
    Maturity,
    /// A first microservice architecture: gateway, services, replicas, cache, CDN.
    Architecture,
    /// Incremental migration from a monolith.
    Migration,
    /// The database-per-service pattern.
    DbPerService,
    /// Parallel running of an old and a new version.
    ParallelRunning,
}

impl Preset {
    /// All presets, in the picker's order.
    pub const ALL: [Preset; 5] = [
        Preset::Architecture,
        Preset::Maturity,
        Preset::Migration,
        Preset::DbPerService,
        Preset::ParallelRunning,
    ];

    /// The key used in links (`?preset=...`) and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Preset::Maturity => "maturity",
            Preset::Architecture => "architecture",
            Preset::Migration => "migration",
            Preset::DbPerService => "db-per-service",
            Preset::ParallelRunning => "parallel-running",
        }
    }

    /// The preset with link key `key`.
    pub fn from_key(key: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.key() == key.trim())
    }

    /// The picker's label.
    pub fn title(self) -> &'static str {
        match self {
            Preset::Maturity => "Maturity model",
            Preset::Architecture => "First microservice architecture",
            Preset::Migration => "Incremental migration",
            Preset::DbPerService => "Database per service",
            Preset::ParallelRunning => "Parallel running",
        }
    }
}
