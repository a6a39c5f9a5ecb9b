//! Generated with the page's table files (`supply_tests`): do not edit.

/// The version of the tables (see `supply.rs`).
pub const TABLES_VERSION: &str = "fce66ef8b44b9de9";
