//! A pin of the public API of `brevo-conversations`, in the style of
//! progenitor's `build_keeper.rs`: nothing here runs against a server; the
//! file only has to compile. A change to the generated crate that breaks how a
//! user calls it (a renamed method, a changed argument or return type, a
//! removed field, builder method or error variant) fails this build.
//!
//! It pins only what a user may legally write: the generated types and the
//! runtime's public structs are `#[non_exhaustive]`, so struct patterns end
//! in `..` and matches on enums have a catch-all arm, and bodies are built
//! with `new` and field assignment. That is what lets a new optional field
//! or a new enum value arrive in a compatible release.

use std::time::Duration;

use brevo_conversations::types::{
    AgentIdentity, AgentOnlinePing, ConversationsMessage, ConversationsMessageFile,
    ConversationsMessageFileImageInfo, ConversationsMessageType, EmailAddress, ErrorModel,
    ErrorModelCode, ForwardedToSourceStatus, MessageAttachment, MessageAttachmentImageInfo,
    NotFoundError, PushedMessageSender, SendAgentMessage, SendPushedMessage, SetVisitorGroup,
    UpdateAgentMessage, UpdatePushedMessage, VisitorGroupAssignment,
};
use brevo_conversations::{
    Accepted, ApiError, ApiResponse, Client, ClientBuilder, Error, ErrorBody, RateLimit,
    TransportErrorKind, UndecodedBody, DEFAULT_BASE_URL,
};

/// Every operation, called with the argument types a user passes, and each
/// result bound to its exact type.
async fn call_every_operation(client: &Client) -> Result<(), Error> {
    let id: &str = "eYBEm3gq3zc5ayE2g";
    let owned_id: String = String::from("AXCR3k9bpSY7bpuh7");

    let ping = AgentOnlinePing::new(AgentIdentity::by_id("d9nKoegKSjmCtyK78"));
    let (): () = client.ping_agent_online(&ping).await?;
    let (): () = client
        .ping_agent_online(&AgentOnlinePing::new(by_email()))
        .await?;

    let posted: Accepted<ConversationsMessage> = client
        .send_message(&SendAgentMessage::new("visitor", "Hello!", by_email()))
        .await?;
    let fetched: ConversationsMessage = client.get_message(id).await?;
    let edited: ConversationsMessage = client
        .update_message(id, &UpdateAgentMessage::new("Good morning!"))
        .await?;
    let (): () = client.delete_message(id).await?;

    let pushed: Accepted<ConversationsMessage> = client
        .send_pushed_message(&SendPushedMessage::new(
            "visitor",
            "Shipped",
            PushedMessageSender::AnyAgent,
        ))
        .await?;
    let pushed_fetched: ConversationsMessage = client.get_pushed_message(&owned_id).await?;
    let pushed_edited: ConversationsMessage = client
        .update_pushed_message(&owned_id, &UpdatePushedMessage::new("Shipped!"))
        .await?;
    let (): () = client.delete_pushed_message(&owned_id).await?;
    let assigned: VisitorGroupAssignment = client
        .assign_visitor_group(&SetVisitorGroup::new(Some("group".to_owned())))
        .await?;
    let _: (&Option<String>, &Option<String>) = (&assigned.group_id, &assigned.visitor_id);
    let _: VisitorGroupAssignment = client
        .assign_visitor_group(&SetVisitorGroup::new(None))
        .await?;

    let accepted: Option<&ConversationsMessage> = posted.value();
    let undecoded: Result<ConversationsMessage, UndecodedBody> = pushed.into_value();
    for message in [&fetched, &edited, &pushed_fetched, &pushed_edited]
        .into_iter()
        .chain(accepted)
        .chain(undecoded.as_ref().ok())
    {
        read_message(message);
    }
    Ok(())
}

/// An agent named by email, name and label.
fn by_email() -> AgentIdentity {
    AgentIdentity::by_email("liz@getwear.com", "Liz", "SuperAwesomeHelpdesk")
}

/// The futures of the requests are `Send`, so they can be spawned on a
/// multi-threaded runtime.
fn futures_are_send(client: &Client) {
    use std::future::IntoFuture;

    fn assert_send<T: Send>(_: &T) {}

    let ping = AgentOnlinePing::new(by_email());
    let send = SendAgentMessage::new("v", "t", by_email());
    let update = UpdateAgentMessage::new("t");
    let push = SendPushedMessage::new("v", "t", PushedMessageSender::AnyAgent);
    let update_pushed = UpdatePushedMessage::new("t");

    assert_send(&client.ping_agent_online(&ping).into_future());
    assert_send(&client.send_message(&send).into_future());
    assert_send(&client.get_message("id").into_future());
    assert_send(&client.update_message("id", &update).into_future());
    assert_send(&client.delete_message("id").into_future());
    assert_send(&client.send_pushed_message(&push).into_future());
    assert_send(&client.get_pushed_message("id").into_future());
    assert_send(
        &client
            .update_pushed_message("id", &update_pushed)
            .into_future(),
    );
    assert_send(&client.delete_pushed_message("id").into_future());
}

/// The traits users rely on to share a client and propagate its errors.
fn trait_bounds() {
    fn client_traits<T: Clone + std::fmt::Debug + Send + Sync + 'static>() {}
    fn builder_traits<T: Default + std::fmt::Debug + Send>() {}
    fn error_traits<T: std::error::Error + Send + Sync + 'static>() {}
    fn body_traits<T: Clone + std::fmt::Debug + PartialEq + Send + Sync>() {}
    fn enum_traits<
        T: Clone
            + std::fmt::Debug
            + std::fmt::Display
            + PartialEq
            + Eq
            + std::hash::Hash
            + for<'a> From<&'a str>
            + std::str::FromStr<Err = std::convert::Infallible>
            + AsRef<str>,
    >() {
    }

    client_traits::<Client>();
    builder_traits::<ClientBuilder>();
    error_traits::<Error>();
    body_traits::<AgentOnlinePing>();
    body_traits::<SendAgentMessage>();
    body_traits::<UpdateAgentMessage>();
    body_traits::<SendPushedMessage>();
    body_traits::<UpdatePushedMessage>();
    body_traits::<ConversationsMessage>();
    body_traits::<ErrorModel>();
    enum_traits::<ConversationsMessageType>();
    enum_traits::<ErrorModelCode>();

    // `?` turns the client's error into a boxed error.
    fn boxed(result: Result<(), Error>) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        result?;
        Ok(())
    }
    let _ = boxed;
}

/// A method's request by its type, sent for the body or for the whole
/// response, whose types come from the re-exported `reqwest`.
async fn requests_and_responses(client: &Client) -> Result<(), Error> {
    let request: brevo_conversations::builder::GetMessageBuilder<'_> = client.get_message("id");
    let body: ConversationsMessage = request.clone().send().await?;
    let response: ApiResponse<ConversationsMessage> = request.send_with_response().await?;
    let status: brevo_conversations::reqwest::StatusCode = response.status;
    let headers: &brevo_conversations::reqwest::header::HeaderMap = &response.headers;
    let _ = (
        body,
        status,
        headers,
        response.rate_limit,
        response.raw_body,
    );
    Ok(())
}

/// Every builder method, with the argument types a user passes.
fn use_every_builder_method(
    http: brevo_conversations::reqwest::Client,
) -> Result<Vec<Client>, Error> {
    let from_new: Client = Client::new("api-key")?;
    let from_new_owned: Client = Client::new(String::from("api-key"))?;

    let builder: ClientBuilder = Client::builder();
    let builder: ClientBuilder = builder
        .api_key("api-key")
        .partner_key(String::from("partner-key"))
        .base_url(DEFAULT_BASE_URL)
        .timeout(Duration::from_secs(30))
        .user_agent("my-app/1.0")
        .http_client(http);
    let built: Client = builder.build()?;

    let from_default: Client = ClientBuilder::default()
        .partner_key("partner-key")
        .build()?;

    let base_url: &str = built.base_url();
    let _ = base_url;
    let cloned: Client = built.clone();

    Ok(vec![from_new, from_new_owned, built, from_default, cloned])
}

/// The bodies and error payload go to and from JSON with `serde_json`.
fn json_round_trips() -> Result<(), serde_json::Error> {
    let _: String = serde_json::to_string(&AgentOnlinePing::new(by_email()))?;
    let _: String = serde_json::to_string(&SendAgentMessage::new("v", "t", by_email()))?;
    let _: String = serde_json::to_string(&UpdateAgentMessage::new("t"))?;
    let _: String = serde_json::to_string(&SendPushedMessage::new(
        "v",
        "t",
        PushedMessageSender::AnyAgent,
    ))?;
    let _: String = serde_json::to_string(&UpdatePushedMessage::new("t"))?;
    let message: ConversationsMessage = serde_json::from_str("{}")?;
    let _: String = serde_json::to_string(&message)?;
    let error: ErrorModel = serde_json::from_str(r#"{"code":"x","message":"y"}"#)?;
    let _: String = serde_json::to_string(&error)?;
    Ok(())
}

/// Every request body, through its constructor and by setting its fields.
fn construct_every_body() {
    // The agent is named by ID or by email, name and label: never both,
    // never half of the second.
    let by_id = AgentIdentity::ById {
        agent_id: String::from("agent"),
        received_from: Some(String::from("SuperAwesomeHelpdesk")),
    };
    let _: AgentOnlinePing = AgentOnlinePing::new(by_id.clone());
    let mut ping = AgentOnlinePing::new(by_email());
    ping.agent = by_email();

    let _: SendAgentMessage = SendAgentMessage::new("visitor", String::from("text"), by_id);
    let mut message = SendAgentMessage::new("visitor", "text", by_email());
    message.visitor_id = String::from("another visitor");
    message.text = String::from("another text");

    let _: UpdateAgentMessage = UpdateAgentMessage::new("text");
    let mut update = UpdateAgentMessage::new("text");
    update.text = String::from("another text");

    // A pushed message comes from one agent, a group's member, or any agent.
    let _: SendPushedMessage = SendPushedMessage::new(
        String::from("visitor"),
        "text",
        PushedMessageSender::ByAgent {
            agent_id: String::from("agent"),
        },
    );
    let mut pushed = SendPushedMessage::new("visitor", "text", PushedMessageSender::AnyAgent);
    pushed.sender = PushedMessageSender::ByGroup {
        group_id: String::from("group"),
    };

    let _: UpdatePushedMessage = UpdatePushedMessage::new("text");
    let mut pushed_update = UpdatePushedMessage::new("text");
    pushed_update.text = String::from("another text");

    // `None` takes the visitor out of its group (sent as `null`).
    let mut group = SetVisitorGroup::new(None);
    group.group_id = Some(String::from("group"));

    let _: ErrorModel = ErrorModel::new(ErrorModelCode::DocumentNotFound, "Message not found");
    let mut error = ErrorModel::new(ErrorModelCode::BadRequest, "message");
    error.code = ErrorModelCode::Unknown(String::from("brand_new_code"));
    let mut not_found = NotFoundError::new("Visitor not found");
    not_found.code = Some(String::from("document_not_found"));
}

/// Every field of a response message, with its type.
fn read_message(message: &ConversationsMessage) {
    let ConversationsMessage {
        id,
        type_,
        text,
        html,
        raw_unsafe_html,
        visitor_id,
        agent_id,
        agent_name,
        agent_userpic,
        created_at,
        is_pushed,
        is_bot,
        is_trigger,
        is_missed,
        is_missed_by_visitor,
        is_forward,
        is_sent_via_js_api,
        received_from,
        message_type,
        subject,
        from,
        reply_to,
        to,
        cc,
        bcc,
        file,
        attachments,
        source,
        source_message_id,
        integrations,
        forwarded_to_source_status,
        ..
    } = message;
    let _: [&Option<String>; 11] = [
        id,
        text,
        html,
        raw_unsafe_html,
        visitor_id,
        agent_id,
        agent_name,
        agent_userpic,
        received_from,
        message_type,
        subject,
    ];
    let _: &Option<String> = source_message_id;
    let _: &Option<ConversationsMessageType> = type_;
    let _: &Option<i64> = created_at;
    let _: [&Option<bool>; 7] = [
        is_pushed,
        is_bot,
        is_trigger,
        is_missed,
        is_missed_by_visitor,
        is_forward,
        is_sent_via_js_api,
    ];
    let _: [&Option<EmailAddress>; 2] = [from, reply_to];
    let _: [&Option<Vec<EmailAddress>>; 3] = [to, cc, bcc];
    let _: [&Option<std::collections::BTreeMap<String, serde_json::Value>>; 2] =
        [source, integrations];
    let _: &Option<ConversationsMessageFile> = file;
    let _: &Option<Vec<MessageAttachment>> = attachments;
    if let Some(ForwardedToSourceStatus {
        is_success, error, ..
    }) = forwarded_to_source_status
    {
        let _: (&Option<bool>, &Option<String>) = (is_success, error);
    }
    if let Some(EmailAddress { email, name, .. }) = from {
        let _: (&Option<String>, &Option<String>) = (email, name);
    }

    if let Some(ConversationsMessageFile {
        name,
        size,
        is_image,
        link,
        image_info,
        mime_type,
        is_inline,
        inline_id,
        is_allowed_file_type,
        is_sticker,
        ..
    }) = file
    {
        let _: [&Option<String>; 4] = [name, link, mime_type, inline_id];
        let _: &Option<i64> = size;
        let _: [&Option<bool>; 4] = [is_image, is_inline, is_allowed_file_type, is_sticker];
        if let Some(ConversationsMessageFileImageInfo {
            width,
            height,
            preview_link,
            ..
        }) = image_info
        {
            let _: [&Option<i64>; 2] = [width, height];
            let _: &Option<String> = preview_link;
        }
    }
    for MessageAttachment {
        name,
        size,
        mime_type,
        link,
        is_image,
        is_inline,
        inline_id,
        is_allowed_file_type,
        is_sticker,
        image_info,
        ..
    } in attachments.iter().flatten()
    {
        let _: [&Option<String>; 4] = [name, mime_type, link, inline_id];
        let _: &Option<i64> = size;
        let _: [&Option<bool>; 4] = [is_image, is_inline, is_allowed_file_type, is_sticker];
        if let Some(MessageAttachmentImageInfo {
            width,
            height,
            preview_link,
            ..
        }) = image_info
        {
            let _: ([&Option<i64>; 2], &Option<String>) = ([width, height], preview_link);
        }
    }

    if let Some(kind) = type_ {
        let _: &str = kind.as_str();
        let _: String = kind.to_string();
        match kind {
            ConversationsMessageType::Agent => {}
            ConversationsMessageType::Visitor => {}
            ConversationsMessageType::Unknown(value) => {
                let _: &String = value;
            }
            // Values added in a compatible release land here until matched.
            _ => {}
        }
    }
    let _: ConversationsMessageType = ConversationsMessageType::from("agent");
}

/// Every error variant with its fields, and the `status` helper.
fn match_every_error(error: &Error) -> String {
    let status: Option<reqwest::StatusCode> = error.status();
    let _ = status;
    match error {
        Error::InvalidArgument { name, reason } => {
            let _: &&'static str = name;
            let _: &String = reason;
            format!("bad argument {name}")
        }
        Error::Transport { kind, source } => {
            let _: &reqwest::Error = source;
            let _: &TransportErrorKind = kind;
            source.is_timeout().to_string()
        }
        Error::Api(api) => {
            let ApiError {
                status,
                error,
                body,
                rate_limit,
                ..
            } = api.as_ref();
            let _: &reqwest::StatusCode = status;
            let _: &String = body;
            let RateLimit {
                limit,
                remaining,
                reset,
                ..
            } = rate_limit;
            let _: (&Option<u64>, &Option<u64>, &Option<std::time::Duration>) =
                (limit, remaining, reset);
            match error {
                Some(ErrorBody::ErrorModel(ErrorModel { code, message, .. })) => {
                    let _: &String = message;
                    let _: &str = code.as_str();
                    match code {
                        ErrorModelCode::DocumentNotFound => "not found".to_owned(),
                        ErrorModelCode::Unknown(value) => value.clone(),
                        other => other.to_string(),
                    }
                }
                Some(ErrorBody::NotFoundError(NotFoundError { message, .. })) => message.clone(),
                Some(ErrorBody::Other(json)) => json.to_string(),
                Some(_) | None => body.clone(),
            }
        }
        _ => error.to_string(),
    }
}

/// All `ErrorModelCode` values the spec lists.
fn every_error_code() -> Vec<ErrorModelCode> {
    vec![
        ErrorModelCode::InvalidParameter,
        ErrorModelCode::MissingParameter,
        ErrorModelCode::OutOfRange,
        ErrorModelCode::CampaignProcessing,
        ErrorModelCode::CampaignSent,
        ErrorModelCode::DocumentNotFound,
        ErrorModelCode::NotEnoughCredits,
        ErrorModelCode::PermissionDenied,
        ErrorModelCode::DuplicateParameter,
        ErrorModelCode::DuplicateRequest,
        ErrorModelCode::MethodNotAllowed,
        ErrorModelCode::Unauthorized,
        ErrorModelCode::AccountUnderValidation,
        ErrorModelCode::NotAcceptable,
        ErrorModelCode::BadRequest,
        ErrorModelCode::UnprocessableEntity,
        ErrorModelCode::Unknown(String::new()),
        ErrorModelCode::from("document_not_found"),
    ]
}

#[test]
fn public_api_compiles() {
    // Only name the functions: their bodies are what this file checks, and
    // they are never run (some would need a server).
    let _ = call_every_operation;
    let _ = futures_are_send;
    let _ = requests_and_responses;
    let _ = trait_bounds;
    let _ = use_every_builder_method;
    let _ = json_round_trips;
    let _ = construct_every_body;
    let _ = read_message;
    let _ = match_every_error;
    let _ = every_error_code;
}
