//! One file per component.

pub mod controls;
pub mod deferred;
pub mod detail;
pub mod diagram;
pub mod downloads;
pub mod forward_secrecy;
pub mod hex_view;
pub mod inputs;
pub mod key_schedule;
pub mod math;
pub mod moment;
pub mod outcome;
pub mod resume_compare;
pub mod rsa_warning;
pub mod scenarios;
pub mod share;
pub mod step_inputs;
pub mod step_list;
pub mod text_field;
pub mod version_compare;
