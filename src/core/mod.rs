//! The functional core. Nothing in here imports `leptos` or `web-sys` (see ARCHITECTURE.md).

pub mod chart;
pub mod decimal;
pub mod diagram;
pub mod escape;
pub mod format;
pub mod json;
pub mod model;
pub mod params;
pub mod presets;
pub mod scenario_file;
pub mod schedule;
pub mod services;
pub mod share;
pub mod sort;
pub mod sweep;
pub mod table;
