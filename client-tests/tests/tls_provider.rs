//! The default TLS stack (`rustls-ring`): reqwest is built without a
//! crypto provider of its own, so the client installs ring as the
//! process's provider. One test in its own binary, so that nothing else in
//! the process installed one before.

use brevo_conversations::Client;

#[test]
fn client_builder_installs_ring_so_a_reqwest_client_of_your_own_builds() {
    assert!(
        rustls::crypto::CryptoProvider::get_default().is_none(),
        "nothing installed a provider yet"
    );
    let builder = Client::builder();
    let provider = rustls::crypto::CryptoProvider::get_default().expect("a provider is installed");
    let ring = rustls::crypto::ring::default_provider();
    let names = |p: &rustls::crypto::CryptoProvider| -> Vec<String> {
        p.cipher_suites
            .iter()
            .map(|s| format!("{:?}", s.suite()))
            .collect()
    };
    assert_eq!(names(provider), names(&ring), "ring's cipher suites");
    // reqwest panics without a provider; with it, a client of your own
    // builds and is taken.
    let http = reqwest::Client::builder().build().expect("reqwest builds");
    builder
        .api_key("key")
        .http_client(http)
        .build()
        .expect("client builds");
}
