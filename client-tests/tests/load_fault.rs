//! The short version of the load-and-fault run (`cargo bench -p
//! client-tests --bench load_fault` is the long one): the same machinery
//! (`client_tests::load`), 500 calls at concurrency 16. No timing is
//! asserted; what must hold is that every call ended, with `Ok` or a typed
//! error, that no call panicked, hung or sent a POST twice, and that no POST
//! returned `Ok` for a write the server did not store.

use client_tests::load::{run, Config, Ended, Fault};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_load_and_fault_run_ends_every_call_without_panic_hang_or_duplicate_post() {
    let config = Config::new(500, 16);
    let report = run(&config).await.expect("the run starts");
    assert_eq!(report.failures(), Vec::<String>::new(), "\n{report}");
    assert_eq!(report.panics, 0, "\n{report}");
    assert_eq!(report.hung + report.cancelled, 0, "\n{report}");
    assert_eq!(report.duplicated_posts, 0, "\n{report}");
    // No POST returned `Ok` for a write the server did not store: a
    // redirected write is refused, not fetched as a GET.
    assert_eq!(report.lies, 0, "\n{report}");
    assert_eq!(report.redirected_gets, 0, "\n{report}");
    assert!(
        report.count(|ended| matches!(ended, Ended::Redirect(_))) > 0,
        "\n{report}"
    );
    assert!(
        report.count(|ended| matches!(ended, Ended::TooLarge(_))) > 0,
        "\n{report}"
    );
    // Every call returned, each with `Ok` or one of the typed errors.
    assert_eq!(report.returned(), config.calls, "\n{report}");
    let typed = report.count(|ended| {
        matches!(
            ended,
            Ended::Ok
                | Ended::Api(_)
                | Ended::Transport(_)
                | Ended::OkWithoutBody
                | Ended::InvalidArgument
                | Ended::Redirect(_)
                | Ended::TooLarge(_)
        )
    });
    assert_eq!(typed, config.calls, "\n{report}");
    // The run met every kind of fault (the plan is fixed by the seed), and
    // the server saw POSTs, so the checks above had something to check.
    for (fault, count) in &report.injected {
        assert!(*count > 0, "no attempt met {fault:?}\n{report}");
    }
    assert!(report.post_calls > 50, "\n{report}");
    assert!(
        report.injected[&Fault::Normal] > report.injected[&Fault::ServerError],
        "\n{report}"
    );
    assert!(report.successes() > config.calls / 2, "\n{report}");
    // Empty and non-JSON 2xx answers were met, and they are successes
    // (`Ok(None)`), never errors.
    assert!(report.without_body() > 0, "\n{report}");
    eprintln!("{report}");
}

/// The lie count counts: a client that follows a redirected write as a GET
/// (what reqwest does, and what this client did before it refused them)
/// returns `Ok` for POSTs the server never stored, and the run says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_follows_redirected_writes_is_caught_lying() {
    let config = Config {
        follow_body_dropping_redirects: true,
        ..Config::new(500, 16)
    };
    let report = run(&config).await.expect("the run starts");
    assert!(report.lies > 0, "\n{report}");
    assert!(report.redirected_gets > 0, "\n{report}");
    assert!(
        report
            .failures()
            .iter()
            .any(|failure| failure.contains("stored nothing")),
        "\n{report}"
    );
}
