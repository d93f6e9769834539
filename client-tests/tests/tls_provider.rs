//! The default TLS stack (`rustls-ring`): each client gets a rustls
//! configuration of its own with the ring provider, and nothing is
//! installed for the process. One test in its own binary, so that nothing
//! else in the process installed a provider before.

use brevo_conversations::Client;

/// A program that builds a client, then installs its own provider (a FIPS
/// one, aws-lc-rs; ring here, the one this test can build): the install
/// succeeds, and clients built before and after both work. Before, building
/// the client installed ring, and `install_default(..).expect(..)` panicked.
#[test]
fn a_program_installs_its_own_provider_after_building_a_client() {
    assert!(
        rustls::crypto::CryptoProvider::get_default().is_none(),
        "nothing installed a provider yet"
    );
    let before = Client::new("key").expect("client builds");
    assert!(
        rustls::crypto::CryptoProvider::get_default().is_none(),
        "building a client installs nothing for the process"
    );
    rustls::crypto::ring::default_provider()
        .install_default()
        .expect("the program's own provider is installed");
    let after = Client::new("key").expect("a client builds after it too");
    assert_eq!(before.base_url(), after.base_url());
    // A reqwest client of your own, given its TLS configuration as the
    // docs say, is taken.
    let http = client_tests::http_client_builder()
        .build()
        .expect("reqwest builds");
    Client::builder()
        .api_key("key")
        .http_client(http)
        .build()
        .expect("client builds");
}
