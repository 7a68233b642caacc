//! The functional core. Nothing in here imports `leptos` or `web-sys` (see ARCHITECTURE.md).

pub mod availability;
pub mod chart;
pub mod day;
pub mod decimal;
pub mod detmath;
pub mod diagram;
pub mod escape;
pub mod format;
pub mod json;
pub mod json_read;
pub mod latency;
pub mod limits;
pub mod model;
pub mod params;
pub mod plan;
pub mod preset;
pub mod presets;
pub mod queueing;
pub mod scenario_file;
pub mod schedule;
pub mod services;
pub mod share;
pub mod sort;
pub mod special;
pub mod sweep;
pub mod table;
