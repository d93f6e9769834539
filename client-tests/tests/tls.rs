//! HTTPS against servers on 127.0.0.1: a redirect from https to http is a
//! change of origin and is not followed (the credentials never travel in
//! clear), while an https redirect within the origin is; a server that does
//! not speak TLS, or shows a certificate nobody vouches for, gives
//! `TransportErrorKind::Tls`.
//!
//! The client builds its own HTTP client here, as a user's would, so it
//! trusts the platform's roots. This binary makes a CA of its own and points
//! `SSL_CERT_FILE` at it before any client exists (the platform verifier
//! reads that variable on Linux); that is why these tests have a binary of
//! their own, and why each of them starts with [`pki`].

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use brevo_conversations::{Client, Error, RetryPolicy, TransportErrorKind};
use client_tests::server::{greeting_server, read_request, response, write_and_close, RawRequest};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

const API_KEY: &str = "tls-test-key";
const ID: &str = "eYBEm3gq3zc5ayE2g";

/// TLS settings for servers whose certificate for 127.0.0.1 the client
/// trusts, and for servers whose certificate it does not.
struct Pki {
    trusted: TlsAcceptor,
    untrusted: TlsAcceptor,
}

/// A CA that can sign, with its self-signed certificate.
fn certificate_authority(name: &str) -> CertifiedIssuer<'static, KeyPair> {
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    CertifiedIssuer::self_signed(params, KeyPair::generate().expect("CA key")).expect("CA")
}

/// A TLS server configuration with a certificate for 127.0.0.1 issued by `ca`.
fn acceptor(ca: &CertifiedIssuer<'static, KeyPair>) -> TlsAcceptor {
    let key = KeyPair::generate().expect("server key");
    let params = CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("server parameters");
    let certificate = params.signed_by(&key, ca).expect("server certificate");
    let chain = vec![
        CertificateDer::from(certificate.der().to_vec()),
        ca.der().clone(),
    ];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("server TLS configuration");
    TlsAcceptor::from(Arc::new(config))
}

/// Makes the two CAs, trusts the first one (`SSL_CERT_FILE`), and returns
/// the servers' TLS settings. Every test calls this before building a client.
fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let trusted = certificate_authority("client-tests trusted CA");
        let untrusted = certificate_authority("client-tests untrusted CA");
        // One file per process: loaded runs start several copies at once.
        let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("client-tests-ca-{}.pem", std::process::id()));
        std::fs::write(&file, trusted.pem()).expect("write the CA file");
        std::env::set_var("SSL_CERT_FILE", &file);
        Pki {
            trusted: acceptor(&trusted),
            untrusted: acceptor(&untrusted),
        }
    })
}

/// The requests one side of a [`DualServer`] received.
#[derive(Clone, Default)]
struct Requests(Arc<Mutex<Vec<RawRequest>>>);

impl Requests {
    fn lock(&self) -> MutexGuard<'_, Vec<RawRequest>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A server on one loopback port that speaks HTTPS and plain HTTP: it tells
/// them apart by the first byte (22 opens a TLS handshake). So a redirect to
/// `http://` on the same host and port changes nothing but the scheme.
struct DualServer {
    address: SocketAddr,
    tls: Requests,
    plain: Requests,
    task: JoinHandle<()>,
}

impl DualServer {
    /// Answers each request with `handler(over_tls, request)`.
    async fn start(
        acceptor: TlsAcceptor,
        handler: impl Fn(bool, &RawRequest) -> Vec<u8> + Send + Sync + 'static,
    ) -> DualServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let (tls, plain) = (Requests::default(), Requests::default());
        let (tls_seen, plain_seen) = (tls.clone(), plain.clone());
        let handler = Arc::new(handler);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (acceptor, handler) = (acceptor.clone(), Arc::clone(&handler));
                let (tls_seen, plain_seen) = (tls_seen.clone(), plain_seen.clone());
                tokio::spawn(async move {
                    let mut first = [0u8; 1];
                    if stream.peek(&mut first).await.ok() != Some(1) {
                        return;
                    }
                    if first[0] == 22 {
                        let Ok(mut stream) = acceptor.accept(stream).await else {
                            return;
                        };
                        if let Some(request) = read_request(&mut stream).await {
                            let answer = handler(true, &request);
                            tls_seen.lock().push(request);
                            write_and_close(&mut stream, &answer).await;
                        }
                    } else {
                        let mut stream = stream;
                        if let Some(request) = read_request(&mut stream).await {
                            let answer = handler(false, &request);
                            plain_seen.lock().push(request);
                            write_and_close(&mut stream, &answer).await;
                        }
                    }
                });
            }
        });
        DualServer {
            address,
            tls,
            plain,
            task,
        }
    }

    fn https_url(&self) -> String {
        format!("https://{}", self.address)
    }
}

impl Drop for DualServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A client with its own HTTP client (and so its own redirect policy).
fn client(base_url: &str, retry: RetryPolicy) -> Client {
    client_tests::client(API_KEY, base_url, retry)
}

fn message(id: &str) -> Vec<u8> {
    response(
        200,
        &[("content-type", "application/json")],
        format!(r#"{{"id": "{id}"}}"#).as_bytes(),
    )
}

/// A server that redirects `/conversations/messages/old` over TLS to
/// `location_scheme://127.0.0.1:PORT/conversations/messages/new` (its own
/// port), and answers a message to every other request, in either protocol.
async fn redirecting_server(location_scheme: &'static str) -> DualServer {
    let port = Arc::new(OnceLock::new());
    let own_port = Arc::clone(&port);
    let server = DualServer::start(pki().trusted.clone(), move |over_tls, request| {
        if over_tls && request.target() == "/conversations/messages/old" {
            let location = format!(
                "{location_scheme}://127.0.0.1:{}/conversations/messages/new",
                own_port.get().copied().unwrap_or(0_u16)
            );
            response(302, &[("location", location.as_str())], b"")
        } else {
            message("new")
        }
    })
    .await;
    let _set = port.set(server.address.port());
    server
}

#[tokio::test]
async fn an_https_redirect_within_the_same_origin_is_followed() {
    let server = redirecting_server("https").await;
    let message = client(&server.https_url(), RetryPolicy::disabled())
        .get_message("old")
        .await
        .expect("the certificate is trusted and the redirect followed");
    assert_eq!(message.id.as_deref(), Some("new"));
    let tls = server.tls.lock().clone();
    assert_eq!(tls.len(), 2, "{tls:?}");
    assert!(tls.iter().all(|r| r.header("api-key") == Some(API_KEY)));
    assert!(server.plain.lock().is_empty());
}

#[tokio::test]
async fn a_redirect_from_https_to_http_is_not_followed() {
    // Same host, same port: only the scheme changes.
    let server = redirecting_server("http").await;
    let error = client(&server.https_url(), RetryPolicy::disabled())
        .get_message("old")
        .await
        .expect_err("a downgrade is not followed");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(302), "{error:?}");
    assert_eq!(server.tls.lock().len(), 1);
    let plain = server.plain.lock().clone();
    assert!(
        plain.is_empty(),
        "a request (with the key) went out in clear: {plain:?}"
    );
}

fn assert_tls_error(error: &Error) {
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: TransportErrorKind::Tls,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_server_that_does_not_speak_tls_gives_a_tls_transport_error() {
    pki();
    let (address, _server) = greeting_server(b"HTTP/1.1 400 Bad Request\r\n\r\nnot TLS")
        .await
        .expect("server starts");
    let error = client(&format!("https://{address}"), RetryPolicy::disabled())
        .get_message(ID)
        .await
        .expect_err("no TLS");
    assert_tls_error(&error);
}

#[tokio::test]
async fn an_untrusted_certificate_gives_a_tls_transport_error() {
    let server = DualServer::start(pki().untrusted.clone(), |_, _| message(ID)).await;
    let error = client(&server.https_url(), RetryPolicy::disabled())
        .get_message(ID)
        .await
        .expect_err("the certificate is not trusted");
    assert_tls_error(&error);
    assert!(server.tls.lock().is_empty(), "no request was sent");
}
