//! Generated with the page's table files (`supply_tests`): do not edit.

/// The version of the tables (see `supply.rs`).
pub const TABLES_VERSION: &str = "7a7632beda6b1dfa";
