//! Property tests: valid specs (`spec/conversations.yaml` and the fixtures
//! in `tests/fixtures/`), mutated as YAML trees and as bytes, give `Ok` or a
//! typed error, never a panic or a hang (see `support/cases.rs` for what is
//! checked of each case). A sample of those that lower without error also
//! goes through the whole generator (`codegen::generate`), whose `.rs` files
//! must then parse as Rust (`syn::parse_file`).
//!
//! The default is 10,000 cases in all (`support::cases::DEFAULT_TOTAL_CASES`,
//! about 20 s in a debug build on 2 cores), split between the property
//! tests: mutated fixtures 40 % (2 % of them generated), odd and colliding
//! names 12 % (6 % generated), the Conversations spec 3 % (5 % generated),
//! broken bytes 45 %. The seed is fixed, so CI runs the same cases every
//! time; `PROPTEST_CASES` sets another total and `PROPTEST_RNG_SEED` another
//! seed. A longer run:
//!
//! ```text
//! PROPTEST_CASES=200000 cargo test -p codegen --release --test mutated_specs
//! ```

mod support;

use support::cases::*;
use support::mutations::*;

#[test]
fn mutated_fixtures_give_typed_errors_or_valid_rust() {
    let strategy = tree_case(fixture_seeds(), mutation(), 1..=4, 0.02);
    run_property("mutated fixtures", 40, strategy, tree_input);
}

#[test]
fn mutated_conversations_spec_gives_typed_errors_or_valid_rust() {
    let strategy = tree_case(0..1, mutation(), 1..=3, 0.05);
    run_property("mutated Conversations spec", 3, strategy, tree_input);
}

#[test]
fn odd_and_colliding_names_give_typed_errors_or_valid_rust() {
    let strategy = tree_case(fixture_seeds(), naming_mutation(), 1..=3, 0.06);
    run_property("odd and colliding names", 12, strategy, tree_input);
}

#[test]
fn broken_bytes_give_typed_errors() {
    run_property("broken bytes", 45, bytes_case(), bytes_input);
}

/// (`Ident::new("1A")` for the operation's constant) instead of emitting
/// `_1A`.
#[test]
fn names_starting_with_digits_generate_valid_rust() {
    let spec = format!(
        "{HEAD}paths:
  /a:
    get:
      operationId: '1a'
      responses: {{'204': {{description: ok}}}}
  /b:
    get:
      operationId: '123'
      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/1Thing'}}}}}}}}}}
components:
  schemas:
    1Thing:
      type: object
      properties:
        2fa: {{type: string}}
        state: {{type: string, enum: [1st, 2nd]}}
"
    );
    assert_eq!(
        checked("names starting with digits", spec.into_bytes(), true),
        Outcome::Generated
    );
}
