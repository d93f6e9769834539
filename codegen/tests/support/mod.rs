//! What the robustness tests share: running and checking a spec
//! ([`cases`]) and changing valid specs into odd ones ([`mutations`]). Each
//! test file uses part of it.
#![allow(dead_code)]

pub mod cases;
pub mod mutations;
