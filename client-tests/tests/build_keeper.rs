//! A pin of the public API of `brevo-conversations`, in the style of
//! progenitor's `build_keeper.rs`: nothing here runs against a server; the
//! file only has to compile. A change to the generated crate that breaks how a
//! user calls it (a renamed method, a changed argument or return type, a
//! removed field, builder method or error variant) fails this build.

use std::time::Duration;

use brevo_conversations::types::{
    AgentIdentity, AgentOnlinePing, ConversationsMessage, ConversationsMessageFile,
    ConversationsMessageFileImageInfo, ConversationsMessageType, ErrorModel, ErrorModelCode,
    PushedMessageSender, SendAgentMessage, SendPushedMessage, UpdateAgentMessage,
    UpdatePushedMessage,
};
use brevo_conversations::{
    ApiError, Client, ClientBuilder, Error, RateLimit, TransportErrorKind, DEFAULT_BASE_URL,
};

/// Every operation, called with the argument types a user passes, and each
/// result bound to its exact type.
async fn call_every_operation(client: &Client) -> Result<(), Error> {
    let id: &str = "eYBEm3gq3zc5ayE2g";
    let owned_id: String = String::from("AXCR3k9bpSY7bpuh7");

    let ping = AgentOnlinePing {
        agent: AgentIdentity::ById {
            agent_id: "d9nKoegKSjmCtyK78".to_owned(),
            received_from: None,
        },
    };
    let (): () = client.conversations_agent_online_ping_post(&ping).await?;
    let (): () = client
        .conversations_agent_online_ping_post(&AgentOnlinePing::new(by_email()))
        .await?;

    let posted: ConversationsMessage = client
        .conversations_messages_post(&SendAgentMessage::new("visitor", "Hello!", by_email()))
        .await?;
    let fetched: ConversationsMessage = client.conversations_messages_id_get(id).await?;
    let edited: ConversationsMessage = client
        .conversations_messages_id_put(id, &UpdateAgentMessage::new("Good morning!"))
        .await?;
    let (): () = client.conversations_messages_id_delete(id).await?;

    let pushed: ConversationsMessage = client
        .conversations_pushed_messages_post(&SendPushedMessage::new(
            "visitor",
            "Shipped",
            PushedMessageSender::AnyAgent {},
        ))
        .await?;
    let pushed_fetched: ConversationsMessage = client
        .conversations_pushed_messages_id_get(&owned_id)
        .await?;
    let pushed_edited: ConversationsMessage = client
        .conversations_pushed_messages_id_put(&owned_id, &UpdatePushedMessage::new("Shipped!"))
        .await?;
    let (): () = client
        .conversations_pushed_messages_id_delete(&owned_id)
        .await?;

    for message in [
        posted,
        fetched,
        edited,
        pushed,
        pushed_fetched,
        pushed_edited,
    ] {
        read_message(&message);
    }
    Ok(())
}

/// An agent named by email, name and label.
fn by_email() -> AgentIdentity {
    AgentIdentity::ByEmail {
        agent_email: "liz@getwear.com".to_owned(),
        agent_name: "Liz".to_owned(),
        received_from: "SuperAwesomeHelpdesk".to_owned(),
    }
}

/// The futures of the methods are `Send`, so they can be spawned on a
/// multi-threaded runtime.
fn futures_are_send(client: &Client) {
    fn assert_send<T: Send>(_: &T) {}

    let ping = AgentOnlinePing::new(by_email());
    let send = SendAgentMessage::new("v", "t", by_email());
    let update = UpdateAgentMessage::new("t");
    let push = SendPushedMessage::new("v", "t", PushedMessageSender::AnyAgent {});
    let update_pushed = UpdatePushedMessage::new("t");

    assert_send(&client.conversations_agent_online_ping_post(&ping));
    assert_send(&client.conversations_messages_post(&send));
    assert_send(&client.conversations_messages_id_get("id"));
    assert_send(&client.conversations_messages_id_put("id", &update));
    assert_send(&client.conversations_messages_id_delete("id"));
    assert_send(&client.conversations_pushed_messages_post(&push));
    assert_send(&client.conversations_pushed_messages_id_get("id"));
    assert_send(&client.conversations_pushed_messages_id_put("id", &update_pushed));
    assert_send(&client.conversations_pushed_messages_id_delete("id"));
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
            + for<'a> From<&'a str>,
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

/// Every builder method, with the argument types a user passes.
fn use_every_builder_method(http: reqwest::Client) -> Result<Vec<Client>, Error> {
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
        PushedMessageSender::AnyAgent {},
    ))?;
    let _: String = serde_json::to_string(&UpdatePushedMessage::new("t"))?;
    let message: ConversationsMessage = serde_json::from_str("{}")?;
    let _: String = serde_json::to_string(&message)?;
    let error: ErrorModel = serde_json::from_str(r#"{"code":"x","message":"y"}"#)?;
    let _: String = serde_json::to_string(&error)?;
    Ok(())
}

/// Every request body, through its constructor and as a struct literal.
fn construct_every_body() {
    // The agent is named by ID or by email, name and label: never both,
    // never half of the second.
    let by_id = AgentIdentity::ById {
        agent_id: String::from("agent"),
        received_from: Some(String::from("SuperAwesomeHelpdesk")),
    };
    let _: AgentOnlinePing = AgentOnlinePing::new(by_id.clone());
    let _ = AgentOnlinePing { agent: by_email() };

    let _: SendAgentMessage = SendAgentMessage::new("visitor", String::from("text"), by_id);
    let _ = SendAgentMessage {
        visitor_id: String::from("visitor"),
        text: String::from("text"),
        agent: by_email(),
    };

    let _: UpdateAgentMessage = UpdateAgentMessage::new("text");
    let _ = UpdateAgentMessage {
        text: String::from("text"),
    };

    // A pushed message comes from one agent, a group's member, or any agent.
    let _: SendPushedMessage = SendPushedMessage::new(
        String::from("visitor"),
        "text",
        PushedMessageSender::ByAgent {
            agent_id: String::from("agent"),
        },
    );
    let _ = SendPushedMessage {
        visitor_id: String::from("visitor"),
        text: String::from("text"),
        sender: PushedMessageSender::ByGroup {
            group_id: String::from("group"),
        },
    };

    let _: UpdatePushedMessage = UpdatePushedMessage::new("text");
    let _ = UpdatePushedMessage {
        text: String::from("text"),
    };

    let _: ErrorModel = ErrorModel::new(ErrorModelCode::DocumentNotFound, "Message not found");
    let _ = ErrorModel {
        code: ErrorModelCode::Unknown(String::from("brand_new_code")),
        message: String::from("message"),
    };
}

/// Every field of a response message, with its type.
fn read_message(message: &ConversationsMessage) {
    let ConversationsMessage {
        id,
        type_,
        text,
        visitor_id,
        agent_id,
        agent_name,
        created_at,
        is_pushed,
        received_from,
        file,
    } = message;
    let _: &Option<String> = id;
    let _: &Option<ConversationsMessageType> = type_;
    let _: &Option<String> = text;
    let _: &Option<String> = visitor_id;
    let _: &Option<String> = agent_id;
    let _: &Option<String> = agent_name;
    let _: &Option<i64> = created_at;
    let _: &Option<bool> = is_pushed;
    let _: &Option<String> = received_from;
    let _: &Option<ConversationsMessageFile> = file;

    if let Some(ConversationsMessageFile {
        filename,
        size,
        is_image,
        url,
        image_info,
    }) = file
    {
        let _: &Option<String> = filename;
        let _: &Option<i64> = size;
        let _: &Option<bool> = is_image;
        let _: &Option<String> = url;
        if let Some(ConversationsMessageFileImageInfo {
            width,
            height,
            preview_url,
        }) = image_info
        {
            let _: &Option<i64> = width;
            let _: &Option<i64> = height;
            let _: &Option<String> = preview_url;
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
            } = api.as_ref();
            let _: &reqwest::StatusCode = status;
            let _: &String = body;
            let RateLimit {
                limit,
                remaining,
                reset,
            } = rate_limit;
            let _: (&Option<u64>, &Option<u64>, &Option<std::time::Duration>) =
                (limit, remaining, reset);
            match error {
                Some(ErrorModel { code, message }) => {
                    let _: &String = message;
                    let _: &str = code.as_str();
                    match code {
                        ErrorModelCode::DocumentNotFound => "not found".to_owned(),
                        ErrorModelCode::Unknown(value) => value.clone(),
                        other => other.to_string(),
                    }
                }
                None => body.clone(),
            }
        }
        Error::Decode {
            status,
            source,
            body,
        } => {
            let _: &reqwest::StatusCode = status;
            let _: &serde_json::Error = source;
            let _: &[u8] = body.as_ref();
            format!("{status}: {source}")
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
    let _ = trait_bounds;
    let _ = use_every_builder_method;
    let _ = json_round_trips;
    let _ = construct_every_body;
    let _ = read_message;
    let _ = match_every_error;
    let _ = every_error_code;
}
