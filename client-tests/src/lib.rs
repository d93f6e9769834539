//! Tests of the generated `brevo-conversations` crate live in `tests/`; this
//! crate depends on it by path, exactly as a user's crate would, so the tests
//! see only its public API. The modules here are the tests' shared helpers:
//! [`server`] (raw loopback servers), [`capture`] (everything `tracing`
//! and `log` emit) and [`load`] (the load-and-fault run, shared by the
//! `load_fault` bench and test).
//!
//! The repository's README is included below so that its Rust example is
//! compiled by `cargo test` and cannot drift from the generated API (the
//! client's own README, `generated/brevo-conversations/README.md`, is that
//! crate's docs, and its examples are its doctests).
//!
//! # The client's claims and the tests that back them
//!
//! Each behavioural claim of the client's user guide, by section of
//! `generated/brevo-conversations/README.md` (written by the generator:
//! "Retries", "Responses and timeouts" and "TLS" for every generated
//! client, the others from `spec/guide.md`), with the tests (`file::test`
//! under `client-tests/tests/`, unless another crate is named) that fail
//! when it stops being true. A claim added to the guide gets a row here and
//! a test.
//!
//! | section | claim | tests |
//! |---|---|---|
//! | Errors | `Display` says what happened and, where there is one, what to do | `codegen/runtime` `error::tests::api_errors_give_advice_and_the_start_of_the_body`, `http::non_json_error_body_gives_no_error_model_and_keeps_raw_text`, `resilience::a_429_resetting_after_the_cap_is_returned_at_once_with_the_rate_limit` |
//! | Errors | `InvalidArgument` before sending: an empty `id`, `.` or `..`, a key that is no valid header value, no credentials | `http::empty_id_is_invalid_argument_and_sends_nothing`, `http::dot_segment_ids_are_invalid_argument_and_send_nothing`, `http::client_new_with_newline_in_key_is_invalid_argument_without_leaking_key`, `http::partner_key_with_newline_is_invalid_argument_without_leaking_key`, `http::building_without_any_credential_is_invalid_argument` |
//! | Errors | `Transport` tells `Connect`, `Proxy`, `Tls`, `Timeout`, `Request` and `Body` apart, and `Display` names the host (for `Proxy`, the proxy) | `http::unreachable_server_gives_transport_error`, `http::a_proxy_refusing_the_tunnel_is_a_proxy_error_that_says_so`, `tls::a_server_that_does_not_speak_tls_gives_a_tls_transport_error`, `tls::an_untrusted_certificate_gives_a_tls_transport_error`, `http::timeout_setting_gives_transport_error`, `http::a_connection_closed_without_an_answer_gives_a_request_transport_error`, `http::a_connection_reset_during_the_upload_gives_a_request_transport_error`, `http::a_body_cut_short_gives_a_body_transport_error` |
//! | Errors | a status outside 2xx is `Api` with `status`, the decoded `ErrorModel` when the body is one, the raw `body` and `rate_limit` | `http::documented_400_decodes_into_api_error_with_error_model_for_every_operation`, `http::documented_404_decodes_into_api_error_with_document_not_found`, `http::undocumented_error_status_still_becomes_api_error`, `http::non_json_error_body_gives_no_error_model_and_keeps_raw_text`, `http::error_body_missing_a_required_field_gives_no_error_model`, `no_panic::every_operation_survives_any_response` |
//! | Responses and timeouts | a 2xx to a POST or PATCH is never an error (`Accepted<T>`, its bytes kept); an unreadable 2xx to a safe operation is `Error::UndecodedBody`, safe to retry | `http::a_success_with_a_body_that_is_not_json_is_ok_with_the_raw_bytes`, `codegen/runtime` `response::tests::an_empty_or_undecodable_success_body_of_an_unsafe_operation_is_accepted`, `codegen/runtime` `response::tests::an_empty_or_undecodable_success_body_is_an_error_of_a_safe_operation`, `no_panic::every_operation_survives_any_response` |
//! | Per-call settings and hooks | a per-call timeout beats the client's; a deadline stops retries and says whether the request may have been sent; hooks see every attempt, never a secret; the `test-util` mock answers a user's unit test without a server | `per_call::a_per_call_timeout_beats_the_clients`, `per_call::a_deadline_bounds_every_attempt_and_reports_delivery`, `per_call::hooks_see_every_request_and_no_secret`, `per_call::a_users_function_is_tested_with_the_mock` |
//! | Responses and timeouts | every call is bounded by default: 30 s per attempt, 10 s to connect; only `no_timeout()` lifts them | `bounded::the_defaults_are_30_s_per_attempt_and_10_s_to_connect`, `bounded::a_default_client_gives_up_on_a_server_that_never_answers`, `bounded::retries_of_a_get_are_bounded_too`, `http::timeout_setting_gives_transport_error` |
//! | Errors | one odd field costs only itself: it is left out (an optional one `None`, a `null` required string or number its empty value), kept in `unread` with its pointer and raw JSON, the rest decoded | `http::a_wrongly_typed_field_costs_only_itself_and_is_kept_raw`, `http::a_send_answered_with_an_odd_field_is_the_sent_message`, `http::an_error_body_with_a_null_message_keeps_its_code`, `codegen/runtime` `tolerant::tests::a_required_value_of_its_own_type_takes_its_optional_parent_with_it` |
//! | Errors | a field left unread is a `tracing` warning that names its pointer, never its value | `tracing::a_field_left_unread_is_a_warning_naming_its_pointer_and_not_its_value` |
//! | Errors | response enums keep unknown values in `Unknown(String)` | `http::unknown_message_type_decodes_to_unknown_variant`, `http::unknown_error_code_is_kept_in_unknown_variant` |
//! | Errors | empty `201` / `204` responses are success whatever their `content-type` | `resilience::empty_success_responses_ignore_content_type_and_body`, `http::empty_201_and_204_answers_to_a_send_are_success`, `http::agent_online_ping_post_sends_agent_id_only_and_returns_unit_on_201`, `http::messages_id_delete_sends_delete_and_returns_unit_on_204` |
//! | Errors | `…_with_response` returns `status`, `headers` and `rate_limit` beside the `body` | `resilience::successful_responses_carry_status_headers_and_rate_limit`, `no_panic::every_operation_survives_any_response` |
//! | Retries and rate limits | the `x-sib-ratelimit-*` headers become a `RateLimit` on every `ApiResponse` and `Error::Api` | `resilience::successful_responses_carry_status_headers_and_rate_limit`, `resilience::a_429_resetting_after_the_cap_is_returned_at_once_with_the_rate_limit`, `no_panic::every_operation_survives_any_response` |
//! | Retries and rate limits | on by default: 3 retries, backoff from 500 ms with jitter, capped at 30 s | `resilience::the_default_retry_policy_is_3_retries_from_500_ms_capped_at_30_s`, `resilience::a_client_without_a_retry_policy_waits_250_500_ms_then_500_1000_then_1000_2000`, `resilience::the_default_backoff_is_capped_at_30_s` |
//! | Retries and rate limits | GET, PUT, DELETE and the online ping are retried on 408, 429, 5xx | `resilience::get_is_retried_on_server_errors_until_it_succeeds`, `resilience::get_gives_up_after_the_configured_retries`, `resilience::put_delete_and_the_online_ping_are_retried_on_5xx_and_408`, `resilience::a_429_waits_for_the_reset_plus_a_backoff_step` |
//! | Retries and rate limits | … and on connection failures and timeouts | `resilience::a_get_whose_connection_drops_is_retried`, `resilience::a_get_that_timed_out_is_retried` |
//! | Retries and rate limits | a message POST is retried on 429 and when the connection was refused only | `resilience::posting_a_message_is_retried_on_429_once_the_window_resets`, `resilience::a_post_is_retried_when_the_connection_was_refused` |
//! | Retries and rate limits | a POST is never retried after it may have reached Brevo (5xx, timeout, dropped connection) | `resilience::posting_a_message_is_never_retried_on_5xx`, `resilience::a_post_that_timed_out_is_not_retried`, `resilience::a_post_whose_connection_drops_after_sending_is_not_retried`, `no_panic::every_operation_survives_any_response` (a POST answered by anything but a 429 or a redirect, broken status lines included, is sent once) |
//! | Retries and rate limits | on 429 the client waits until the window resets (`x-sib-ratelimit-reset`, or `Retry-After` when present) within the cap, else returns the error at once with the rate limit | `resilience::a_429_waits_for_the_reset_plus_a_backoff_step`, `resilience::a_non_zero_retry_after_is_waited_for_plus_a_backoff_step`, `resilience::retry_after_when_present_wins_over_the_reset_header`, `resilience::a_429_resetting_after_the_cap_is_returned_at_once_with_the_rate_limit`, `resilience::a_retry_after_beyond_the_cap_is_returned_at_once` |
//! | Retries and rate limits | `with_max_retries(0)` or `RetryPolicy::disabled()` turns retries off | `claims::max_retries_of_0_turns_retries_off`, `resilience::zero_retries_sends_once` |
//! | Retries and rate limits | `with_base_delay` and `with_max_delay` set the backoff and the cap a 429 must reset within | `claims::the_base_delay_sets_the_first_wait`, `claims::the_max_delay_is_the_longest_a_429_is_waited_for` |
//! | Keeping an agent online | `keep_agent_online` pings at once, then every 60 s | `presence::pings_at_once_then_every_minute` |
//! | Keeping an agent online | each ping is bounded by a quarter of the window: a server that never answers is reported inside the window | `presence::a_server_that_never_answers_is_reported_inside_the_window`, `presence::a_server_that_answers_after_the_window_does_not_hold_the_heartbeat` |
//! | Keeping an agent online | a failed ping is reported in `HeartbeatStatus` and as a `tracing` warning | `presence::a_rate_limited_ping_is_retried_when_the_window_resets`, `presence::server_errors_are_retried_sooner_than_the_interval`, `tracing::a_failed_heartbeat_ping_is_a_tracing_warning_without_a_key`, `tracing::no_heartbeat_warning_carries_the_response_body` |
//! | Keeping an agent online | a failed ping is tried again after 5 s, 10 s, 20 s … never later than the interval, or when the window resets on a 429 | `presence::failed_pings_are_retried_after_5_10_20_40_s_and_never_later_than_the_interval`, `presence::server_errors_are_retried_sooner_than_the_interval`, `presence::a_rate_limited_ping_is_retried_when_the_window_resets` |
//! | Keeping an agent online | `stop().await` returns once the task has ended, a ping in flight is abandoned; dropping the handle stops it too; nothing is sent afterwards | `presence::stop_abandons_a_ping_in_flight_and_nothing_is_sent_afterwards`, `presence::stop_does_not_wait_for_the_next_interval`, `presence::nothing_is_sent_after_stop`, `presence::dropping_the_handle_stops_the_heartbeat` |
//! | Keeping an agent online | `keep_agent_online_with(body, HeartbeatConfig::new(interval, window))` sets another interval; a zero interval or a window shorter than it is `InvalidArgument` | `presence::a_custom_interval_is_honoured`, `presence::the_window_decides_the_budget_and_must_cover_the_interval` |
//! | Safety | API keys are sensitive header values, never in `Debug` output (client, builder), error texts or logs | `codegen/runtime` `request::tests::header_values_must_be_visible_ascii_and_secrets_are_sensitive`, `safety::no_debug_output_or_error_text_contains_a_key`, `http::debug_output_of_client_and_builder_hides_both_keys`, `tracing::each_attempt_is_one_debug_span_and_a_retry_a_debug_event_in_it_with_no_secret_or_body`, `tracing::a_failed_heartbeat_ping_is_a_tracing_warning_without_a_key` |
//! | Safety | a path parameter is percent-encoded as exactly one segment (`../contacts`, `a/b`, `x?y#z`, a space, non-ASCII) | `http::path_id_is_percent_encoded_as_one_segment`, `http::path_id_is_percent_encoded_as_one_segment_for_every_operation_with_an_id`, `http::hostile_ids_reach_the_server_as_one_segment_of_the_documented_path` |
//! | Safety | an empty `id`, `.` or `..` is `InvalidArgument` and nothing is sent | `http::empty_id_is_invalid_argument_and_sends_nothing`, `http::dot_segment_ids_are_invalid_argument_and_send_nothing` |
//! | Safety | redirects are followed within the same origin only, at most 5; a redirect elsewhere comes back as `Error::Api` and the key never reaches the other host | `safety::a_redirect_within_the_same_origin_is_followed`, `safety::five_redirects_within_the_same_origin_are_followed`, `safety::a_sixth_redirect_is_not_followed`, `safety::a_redirect_to_another_host_is_not_followed_and_carries_no_key`, `safety::a_redirect_to_the_same_host_on_another_port_is_not_followed`, `tls::an_https_redirect_within_the_same_origin_is_followed`, `tls::a_redirect_from_https_to_http_is_not_followed`, `no_panic::every_operation_survives_any_response` (`location` headers of every kind) |
//! | Safety | a `reqwest::Client` passed with `http_client` keeps its own redirect policy | `claims::a_client_of_your_own_keeps_its_own_redirect_policy`, `http::custom_http_client_is_used` |
//! | Safety | no response can make the client panic | `no_panic::every_operation_survives_any_response` |
//! | Tracing | each attempt is a DEBUG span `http_request` with `operation`, `method`, `path` (the template), `attempt`, `status` and `duration_ms` | `tracing::each_attempt_is_one_debug_span_and_a_retry_a_debug_event_in_it_with_no_secret_or_body` |
//! | Tracing | retries are DEBUG events in that span | `tracing::each_attempt_is_one_debug_span_and_a_retry_a_debug_event_in_it_with_no_secret_or_body` |
//! | Safety | `Ok` from a write means the server that answered 2xx received it: a redirect that would drop the body is `Error::Redirect` with status and location; 307 and 308 resend the body; `follow_redirects_that_drop_the_body()` opts in | `promises::a_redirect_that_would_drop_a_writes_body_is_not_followed`, `promises::a_redirect_that_keeps_the_method_resends_the_body`, `promises::following_a_body_dropping_redirect_is_the_callers_choice`, `load_fault::a_short_load_and_fault_run_ends_every_call_without_panic_hang_or_duplicate_post` |
//! | Safety | `Error::delivery()` tells `NotSent`, `MaybeSent` and `Received` apart; `is_retryable()` follows | `promises::errors_say_whether_the_request_was_sent` |
//! | Safety | a 429 waits for `Retry-After` (seconds or an HTTP date) or the reset, plus a jittered backoff step: a reset of 0 does not spend every retry, callers spread | `promises::a_rate_limit_reset_of_zero_does_not_spend_every_retry_at_once`, `promises::callers_limited_by_the_same_reset_retry_at_spread_times`, `promises::retry_after_as_an_http_date_is_waited_for`, `codegen/runtime` `rate_limit::tests::retry_after_is_seconds_or_an_http_date` |
//! | Safety | retries spend a budget every clone of a client shares | `promises::a_failing_server_gets_a_bounded_number_of_retries`, `codegen/runtime` `retry::tests::the_budget_runs_dry_and_successes_refill_it` |
//! | Safety | a body is read up to a limit, past it `Error::ResponseTooLarge`; a 300 MB error body grows the peak by under 8 MiB | `memory::a_300_mb_error_body_keeps_memory_flat`, `memory::a_success_body_past_its_limit_is_refused_too` |
//! | Safety | a heartbeat refused with 400, 401, 403 or 404 stops and says why; its interval runs from the start of each ping | `promises::a_heartbeat_refused_for_good_stops_and_says_why`, `promises::the_interval_runs_from_the_start_of_each_ping` |
//! | Safety | error bodies are decoded by the schema of their status (`ErrorModel` for 400, `NotFoundError` for 404, `Other` JSON) | `promises::error_bodies_are_decoded_by_the_schema_of_their_status`, `http::documented_404_decodes_into_api_error_with_document_not_found` |
//! | Safety | building a client installs nothing for the process: a program installs its own provider after | `tls_provider::a_program_installs_its_own_provider_after_building_a_client` |
//! | Safety | an empty credential is `InvalidArgument` | `security::an_empty_credential_is_refused` |
//! | Tracing | no span or event carries a credential or a body | `tracing::each_attempt_is_one_debug_span_and_a_retry_a_debug_event_in_it_with_no_secret_or_body`, `tracing::no_heartbeat_warning_carries_the_response_body`, `tracing::a_failed_heartbeat_ping_is_a_tracing_warning_without_a_key` |
//!
//! What follows is the repository's README.
#![doc = include_str!("../../README.md")]

pub mod capture;
pub mod load;
pub mod server;
pub mod upload_server;

use brevo_conversations::{Client, ClientBuilder, RetryPolicy};

/// A client for `base_url` that sends `api_key`, with `retry`.
///
/// # Panics
///
/// When the client cannot be built (a test failure).
pub fn client(api_key: &str, base_url: &str, retry: RetryPolicy) -> Client {
    Client::builder()
        .api_key(api_key)
        .base_url(base_url)
        .retry_policy(retry)
        .build()
        .expect("client builds")
}

/// `builder` (with its credentials) finished for heartbeat tests on paused
/// time: requests go to `base_url`, the client's own retries are off (so
/// every failure reaches the heartbeat's own retry logic), and the HTTP
/// client has no pool-idle timer (so no timer is pending while a ping is in
/// flight, and the paused clock stands still meanwhile).
///
/// # Panics
///
/// When the client cannot be built (a test failure).
pub fn heartbeat_client(builder: ClientBuilder, base_url: &str) -> Client {
    let http = http_client_builder()
        .pool_idle_timeout(None)
        .build()
        .expect("HTTP client builds");
    builder
        .base_url(base_url)
        .http_client(http)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client builds")
}

/// A `reqwest::ClientBuilder` for a client of your own
/// (`ClientBuilder::http_client`), given a TLS configuration with the ring
/// provider and the platform's verifier, as the crate's docs say: the
/// crate installs no process-wide provider, and reqwest built without one
/// panics when it builds a client.
///
/// # Panics
///
/// When the platform's certificates cannot be read (a test failure).
pub fn http_client_builder() -> reqwest::ClientBuilder {
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
        .expect("the platform's certificates");
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .dangerous()
        .with_custom_certificate_verifier(std::sync::Arc::new(verifier))
        .with_no_client_auth();
    reqwest::Client::builder().tls_backend_preconfigured(config)
}
