//! The names of a generated function's own locals.
//!
//! A parameter can have any name the spec gives it, including the names
//! the emitted code uses for itself (`body`, `headers`, `url_path`, ...).
//! The parameters keep their names; each local the emitter needs takes the
//! name it wants with `_` appended until no parameter has it. The runtime's
//! helpers are called by their paths (`crate::request::path_segment`),
//! which no local can shadow.

use std::collections::BTreeSet;

use proc_macro2::Ident;

use crate::spelling::ident;

/// The names taken in one function.
pub struct Locals {
    taken: BTreeSet<String>,
}

impl Locals {
    /// A function whose parameters are named `params`.
    pub fn new<'n>(params: impl IntoIterator<Item = &'n str>) -> Self {
        Self {
            taken: params.into_iter().map(str::to_owned).collect(),
        }
    }

    /// A name for the local that wants to be called `wanted`, never one a
    /// parameter or an earlier local has.
    pub fn name(&mut self, wanted: &str) -> Ident {
        let mut name = wanted.to_owned();
        while self.taken.contains(&name) {
            name.push('_');
        }
        self.taken.insert(name.clone());
        ident(&name)
    }
}

#[cfg(test)]
mod tests {
    use super::Locals;

    #[test]
    fn locals_step_aside_for_parameters() {
        let mut locals = Locals::new(["headers", "body", "body_"]);
        assert_eq!(locals.name("headers").to_string(), "headers_");
        assert_eq!(locals.name("body").to_string(), "body__");
        assert_eq!(locals.name("url_path").to_string(), "url_path");
        assert_eq!(locals.name("url_path").to_string(), "url_path_");
    }
}
