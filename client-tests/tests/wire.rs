//! What goes on the wire for each media type, parameter style,
//! discriminator, open object and number enum the generator writes: the
//! crate generated from `codegen/tests/fixtures/wire.yaml` against a
//! wiremock server on 127.0.0.1, checking the exact request line, headers
//! and body bytes, and the value each response decodes to.

use std::collections::BTreeMap;

use fixture_wire::bytes::Bytes;
use fixture_wire::types::{
    Color, Cuboid, Disc, Filter, Item, Labels, Level, Login, Point, Ratio, Settings, Shape, Sphere,
};
use fixture_wire::{Client, Error};
use serde_json::{json, Value};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server that answers every request with `response`, and a client for
/// it that never retries.
async fn serve(response: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(response)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(fixture_wire::RetryPolicy::disabled())
        .build()
        .expect("client builds");
    (server, client)
}

/// The one request the server received.
async fn the_request(server: &MockServer) -> Request {
    let mut received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 1, "one request");
    received.remove(0)
}

/// The request line as sent: method, path and query, undecoded.
fn request_line(request: &Request) -> String {
    match request.url.query() {
        Some(query) => format!("{} {}?{query}", request.method, request.url.path()),
        None => format!("{} {}", request.method, request.url.path()),
    }
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

fn json_response(body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_string(), "application/json")
}

mod query {
    use super::*;

    /// The issue's snippet: `tag` (form, exploded by default), `ids`
    /// (`explode: false`) and `sort` (`pipeDelimited`).
    #[tokio::test]
    async fn arrays_follow_style_and_explode() {
        let (server, client) = serve(json_response(&json!([]))).await;
        let (tag, sort) = (strings(&["a", "b"]), strings(&["date", "title"]));
        client
            .list_items()
            .tag(&tag)
            .ids(&[1, 2])
            .sort(&sort)
            .await
            .expect("a 200");
        let request = the_request(&server).await;
        assert_eq!(
            request_line(&request),
            "GET /items?tag=a&tag=b&ids=1,2&sort=date%7Ctitle"
        );
    }

    #[tokio::test]
    async fn objects_are_deep_exploded_or_joined_and_spaces_delimit() {
        let (server, client) = serve(json_response(&json!([]))).await;
        let mut filter = Filter::default();
        filter.status = Some("open & new".to_owned());
        filter.min_price = Some(2.5);
        let words = strings(&["big", "red"]);
        client
            .list_items()
            .words(&words)
            .filter(&filter)
            .color(&Color::new(100, 200, 150))
            .rgb(&Color::new(1, 2, 3))
            .level(&Level::Minus2)
            .await
            .expect("a 200");
        let request = the_request(&server).await;
        assert_eq!(
            request_line(&request),
            "GET /items?words=big%20red&filter[status]=open%20%26%20new&filter[minPrice]=2.5\
             &R=100&G=200&B=150&rgb=R,1,G,2,B,3&level=-2"
        );
    }

    /// `oneOf: [string, array of string]` is a list, which may hold one.
    #[tokio::test]
    async fn one_value_or_many_is_a_list() {
        for (ids, expected) in [
            (strings(&["x"]), "GET /items?id=x"),
            (strings(&["x", "y,z"]), "GET /items?id=x&id=y%2Cz"),
        ] {
            let (server, client) = serve(json_response(&json!([]))).await;
            client.list_items().id(&ids).await.expect("a 200");
            assert_eq!(request_line(&the_request(&server).await), expected);
        }
    }

    /// Discord's form: a string or a list of `$ref`'d strings that 3.1
    /// makes nullable (`anyOf: [{type: "null"}, {$ref}]`) is a list of
    /// strings too; a `null` item could not be written in a query.
    #[tokio::test]
    async fn one_value_or_many_references_is_a_list() {
        let (server, client) = serve(json_response(&json!([]))).await;
        let skus = strings(&["10", "20"]);
        client.list_items().sku(&skus).await.expect("a 200");
        assert_eq!(
            request_line(&the_request(&server).await),
            "GET /items?sku=10&sku=20"
        );
    }
}

mod headers {
    use super::*;

    /// `X-Trace` (a list) and `X-Color` (an exploded object) are `simple`;
    /// the spec's `Accept` parameter is no argument: the media types set
    /// that header.
    #[tokio::test]
    async fn lists_and_objects_are_simple_and_accept_follows_the_media_types() {
        let (server, client) = serve(json_response(&json!([]))).await;
        let trace = strings(&["a", "b"]);
        client
            .list_items()
            .x_trace(&trace)
            .x_ids(&[7, -8])
            .x_color(&Color::new(1, 2, 3))
            .await
            .expect("a 200");
        let request = the_request(&server).await;
        assert_eq!(header(&request, "x-trace"), Some("a,b"));
        assert_eq!(header(&request, "x-ids"), Some("7,-8"));
        assert_eq!(header(&request, "x-color"), Some("R=1,G=2,B=3"));
        assert_eq!(header(&request, "accept"), Some("application/json"));
    }
}

mod path_styles {
    use super::*;

    /// `simple` list, `label` list, exploded `matrix` object; the 200
    /// documents CSV and JSON, and the method reads the JSON.
    #[tokio::test]
    async fn simple_label_and_matrix_and_json_is_read_where_documented() {
        let (server, client) = serve(json_response(&json!(["row 1", "row 2"]))).await;
        let labels = strings(&["q1", "a b"]);
        let rows = client
            .get_report(&[1, 2], &labels, &Point::new(3, -4))
            .await
            .expect("a 200");
        let request = the_request(&server).await;
        assert_eq!(
            request_line(&request),
            "GET /reports/1,2/.q1.a%20b/;x=3;y=-4"
        );
        assert_eq!(
            header(&request, "accept"),
            Some("application/json, text/csv")
        );
        assert_eq!(rows, strings(&["row 1", "row 2"]));
    }

    /// A `label` value that would be the dot segment `.` or `..` (which URL
    /// parsers resolve away, sending the request elsewhere) is refused.
    #[tokio::test]
    async fn a_label_that_would_be_a_dot_segment_is_refused_before_sending() {
        let (server, client) = serve(json_response(&json!([]))).await;
        for labels in [Vec::new(), strings(&[""]), strings(&["", ""])] {
            let result = client.get_report(&[1], &labels, &Point::new(0, 0)).await;
            assert!(
                matches!(result, Err(Error::InvalidArgument { name: "labels", .. })),
                "{labels:?}: {result:?}"
            );
        }
        assert!(server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty());
    }

    #[tokio::test]
    async fn an_empty_simple_list_is_refused_before_sending() {
        let (server, client) = serve(json_response(&json!([]))).await;
        let result = client.get_report(&[], &[], &Point::new(0, 0)).await;
        assert!(
            matches!(result, Err(Error::InvalidArgument { name: "ids", .. })),
            "{result:?}"
        );
        assert!(server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty());
    }
}

mod media_types {
    use super::*;

    #[tokio::test]
    async fn text_is_sent_and_returned_as_text() {
        let (server, client) =
            serve(ResponseTemplate::new(201).set_body_raw("stored: h\u{e9}llo", "text/plain"))
                .await;
        let stored = client.create_note("h\u{e9}llo").await.expect("a 201");
        assert_eq!(stored, "stored: h\u{e9}llo");
        let request = the_request(&server).await;
        assert_eq!(request_line(&request), "POST /notes");
        assert_eq!(header(&request, "content-type"), Some("text/plain"));
        assert_eq!(header(&request, "accept"), Some("text/plain"));
        assert_eq!(request.body, "h\u{e9}llo".as_bytes());
    }

    #[tokio::test]
    async fn bytes_are_sent_and_returned_as_they_are() {
        let png: &[u8] = b"\x89PNG\r\n\x1a\n\x00\xff";
        let (server, client) =
            serve(ResponseTemplate::new(200).set_body_raw(png.to_vec(), "image/png")).await;
        let image = client.download_file("cat 1").await.expect("a 200");
        assert_eq!(&image[..], png);
        let request = the_request(&server).await;
        assert_eq!(request_line(&request), "GET /files/cat%201");
        assert_eq!(
            header(&request, "accept"),
            Some("image/png, image/jpeg, application/json")
        );

        let (server, client) = serve(ResponseTemplate::new(204)).await;
        client
            .upload_file("cat 1", Bytes::from_static(png))
            .await
            .expect("a 204");
        let request = the_request(&server).await;
        assert_eq!(request_line(&request), "PUT /files/cat%201");
        assert_eq!(
            header(&request, "content-type"),
            Some("application/octet-stream")
        );
        assert_eq!(request.body, png);
    }

    #[tokio::test]
    async fn an_error_beside_a_binary_success_is_still_decoded_as_json() {
        let (_server, client) = serve(
            ResponseTemplate::new(404)
                .set_body_raw(r#"{"message":"no such file"}"#, "application/json"),
        )
        .await;
        let Err(Error::Api(error)) = client.download_file("gone").await else {
            panic!("a 404 is an API error");
        };
        assert_eq!(error.status.as_u16(), 404);
        assert!(error.body.contains("no such file"), "{}", error.body);
    }

    #[tokio::test]
    async fn a_form_is_urlencoded_in_property_order() {
        let (server, client) = serve(ResponseTemplate::new(204)).await;
        let mut login = Login::new("ann", "p&ss w\u{f6}rd");
        login.scopes = Some(strings(&["read", "write"]));
        client.log_in(&login).await.expect("a 204");
        let request = the_request(&server).await;
        assert_eq!(request_line(&request), "POST /login");
        assert_eq!(
            header(&request, "content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(
            String::from_utf8_lossy(&request.body),
            "user=ann&password=p%26ss%20w%C3%B6rd&scopes=read&scopes=write"
        );
    }

    /// A `+json` body is JSON with its own content type.
    #[tokio::test]
    async fn a_json_relative_keeps_its_media_type() {
        let (server, client) = serve(json_response(&json!({"theme": "dark"}))).await;
        client
            .patch_settings(&Settings::default())
            .await
            .expect("a 200");
        let request = the_request(&server).await;
        assert_eq!(
            header(&request, "content-type"),
            Some("application/merge-patch+json")
        );
    }
}

mod open_objects {
    use super::*;

    #[tokio::test]
    async fn every_key_survives_a_get_and_a_put() {
        let received = json!({"theme": "dark", "fontSize": 14, "lineHeight": 3});
        let (server, client) = serve(json_response(&received)).await;
        let mut settings = Settings::default();
        settings.theme = Some("light".to_owned());
        settings
            .additional_properties
            .insert("fontSize".to_owned(), 12);
        let decoded = client
            .patch_settings(&settings)
            .await
            .expect("a 200")
            .into_value()
            .expect("a body");
        let request = the_request(&server).await;
        assert_eq!(
            serde_json::from_slice::<Value>(&request.body).expect("JSON"),
            json!({"theme": "light", "fontSize": 12})
        );
        assert_eq!(decoded.theme.as_deref(), Some("dark"));
        assert_eq!(
            decoded.additional_properties,
            BTreeMap::from([("fontSize".to_owned(), 14), ("lineHeight".to_owned(), 3)])
        );
        assert_eq!(serde_json::to_value(&decoded).expect("encodes"), received);
    }

    /// An extra value of another type than documented is left out alone:
    /// the named fields and the other extra values are decoded.
    #[tokio::test]
    async fn an_odd_extra_value_costs_only_itself() {
        let received = json!({"theme": "dark", "fontSize": "12", "lineHeight": 3});
        let (_server, client) = serve(json_response(&received)).await;
        let response = client
            .patch_settings(&Settings::default())
            .send_with_response()
            .await
            .expect("a 200");
        let decoded = response.body.into_value().expect("a body");
        assert_eq!(decoded.theme.as_deref(), Some("dark"));
        assert_eq!(
            decoded.additional_properties,
            BTreeMap::from([("lineHeight".to_owned(), 3)])
        );
        assert_eq!(
            serde_json::from_slice::<Value>(&response.raw_body).expect("JSON"),
            received
        );
    }

    #[test]
    fn any_json_is_kept_beside_the_named_fields() {
        let received = json!({"name": "x", "color": {"r": 1}, "pinned": true});
        let labels: Labels = serde_json::from_value(received.clone()).expect("decodes");
        assert_eq!(labels.name, "x");
        assert_eq!(labels.additional_properties["color"], json!({"r": 1}));
        assert_eq!(serde_json::to_value(&labels).expect("encodes"), received);
    }
}

mod discriminators {
    use super::*;

    /// The issue's example: untagged, it decoded as `Disc` (the first
    /// alternative that fits) and lost `depth` when sent back.
    #[tokio::test]
    async fn the_tag_chooses_the_alternative_and_nothing_is_lost() {
        let received = json!({"shape": "box", "label": "crate", "size": 1.0, "depth": 2.5});
        let (server, client) = serve(json_response(&received)).await;
        let mut cuboid = Cuboid::new("ignored: the variant writes its tag", "crate", 1.0);
        cuboid.depth = Some(2.5);
        let decoded = client
            .create_shape(&Shape::Cuboid(cuboid.clone()))
            .await
            .expect("a 200")
            .into_value()
            .expect("a body");
        let request = the_request(&server).await;
        assert_eq!(
            serde_json::from_slice::<Value>(&request.body).expect("JSON"),
            received
        );
        let Shape::Cuboid(decoded_cuboid) = &decoded else {
            panic!("a box is a Cuboid: {decoded:?}");
        };
        assert_eq!(decoded_cuboid.depth, Some(2.5));
        assert_eq!(decoded.tag(), Some("box"));
        assert_eq!(serde_json::to_value(&decoded).expect("encodes"), received);
    }

    #[tokio::test]
    async fn mapped_implicit_and_unknown_tags_decode() {
        let shapes = json!([
            {"shape": "disc", "label": "coin", "size": 2.0},
            {"shape": "Sphere", "radius": 3.0},
            {"shape": "hexagon", "sides": 6},
            {"label": "no tag"}
        ]);
        let (_server, client) = serve(json_response(&shapes)).await;
        let decoded = client.list_shapes().await.expect("a 200");
        assert_eq!(decoded.len(), 4);
        assert!(matches!(&decoded[0], Shape::Disc(Disc { label, .. }) if label == "coin"));
        assert!(matches!(&decoded[1], Shape::Sphere(Sphere { radius, .. }) if *radius == 3.0));
        assert_eq!(decoded[2], Shape::Unknown(shapes[2].clone()));
        assert_eq!(decoded[2].tag(), Some("hexagon"));
        assert_eq!(decoded[3], Shape::Unknown(shapes[3].clone()));
        assert_eq!(serde_json::to_value(&decoded).expect("encodes"), shapes);
    }
}

mod number_enums {
    use super::*;

    #[tokio::test]
    async fn known_values_by_name_and_unknown_ones_kept() {
        let items = json!([
            {"id": "a", "level": -2, "ratio": 0.5},
            {"id": "b", "level": 7, "ratio": 2.25},
            {"id": "c", "level": 0}
        ]);
        let (_server, client) = serve(json_response(&items)).await;
        let decoded = client.list_items().await.expect("a 200");
        let levels: Vec<Level> = decoded.iter().map(|item: &Item| item.level).collect();
        assert_eq!(levels, [Level::Minus2, Level::Unknown(7), Level::V0]);
        assert_eq!(decoded[0].ratio, Some(Ratio::V05));
        assert_eq!(decoded[1].ratio, Some(Ratio::Unknown(2.25)));
        assert_eq!(serde_json::to_value(&decoded).expect("encodes"), items);
        assert_eq!(Level::from(1), Level::V1);
        assert_eq!(i64::from(Level::Minus1), -1);
        assert_eq!(Level::Minus2.to_string(), "-2");
    }
}
