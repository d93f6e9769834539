//! The README's corpus table is what the generator gives for the corpus
//! specs today (generation times aside, which vary by machine).

use std::path::PathBuf;

#[test]
fn the_readme_corpus_table_is_current() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ is in the repository")
        .to_owned();
    let rows = openapi_client_gen::corpus::rows(&repo).expect("every corpus spec generates");
    assert!(rows.len() >= 10, "only {} corpus specs", rows.len());
    assert!(rows.iter().all(|row| row.operations > 0 && row.types > 0));
    let readme =
        std::fs::read_to_string(repo.join("docs/corpus.md")).expect("docs/corpus.md reads");
    assert!(
        openapi_client_gen::corpus::readme_is_current(&readme, &rows),
        "the README's corpus table is stale; run `cargo xtask corpus --update-readme`. It should read:\n{}",
        openapi_client_gen::corpus::table(&rows)
    );
}
