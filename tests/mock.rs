//! `weir mock` over real HTTP: each test starts the binary on port 0, reads the address it
//! announces and talks to it with a tiny HTTP/1.1 client. Routing, every class of request
//! validation, the problem+json shape, negotiation, `Prefer`, limits and bad input; revision
//! mode and recording are in `tests/mock_modes.rs`.

mod common;
mod mock_support;

use common::*;
use mock_support::{Response, Running};
use serde_json::json;

const PETSTORE: &str = "fixtures/examples/petstore-v2.yaml";
const SHOP: &str = "fixtures/mock/shop-3.1.yaml";
const LIBRARY: &str = "fixtures/mock/library-2.0.yaml";
const REQUEST_ID: (&str, &str) = ("X-Request-Id", "3fa85f64-5717-4562-b3fc-2c963f66afa6");

/// The `errors` of a problem document as `(in, name, keyword)`.
fn errors(r: &Response) -> Vec<(String, String, String)> {
    assert_eq!(
        r.header("content-type"),
        Some("application/problem+json"),
        "{}",
        r.text()
    );
    r.json()["errors"]
        .as_array()
        .map(|es| {
            es.iter()
                .map(|e| {
                    let s = |k: &str| e[k].as_str().unwrap_or("").to_string();
                    (s("in"), s("name"), s("keyword"))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn error(place: &str, name: &str, keyword: &str) -> (String, String, String) {
    (place.into(), name.into(), keyword.into())
}

#[test]
fn routes_by_template_base_path_and_trailing_slash() {
    let m = Running::start(&[PETSTORE]);
    // The server URL's base path (/v1) is optional, a trailing slash too.
    for target in ["/pets/rex", "/v1/pets/rex", "/pets/rex/", "/v1/pets/rex/"] {
        let r = m.get(target, &[]);
        assert_eq!(r.status, 200, "{target}: {}", r.text());
        assert!(r.json()["id"].is_string(), "{target}");
    }
    let r = m.get("/owners/1", &[]);
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["type"], "urn:weir:mock:no-such-path");
    let r = m.send("DELETE", "/pets", &[], b"");
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("GET, POST"));
    // A variable takes one whole segment, no more.
    assert_eq!(m.get("/pets/a/b", &[]).status, 404);
}

#[test]
fn literal_segments_win_over_templates_and_server_variables_fill_base_paths() {
    let m = Running::start(&[SHOP]);
    // `/{version}` defaults to `api`.
    let r = m.get("/api/items", &[REQUEST_ID]);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(m.get("/other/items", &[REQUEST_ID]).status, 404);
    // `/items/featured` is not `/items/{id}` with id "featured" (which needs credentials).
    let r = m.get("/api/items/featured", &[]);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(m.get("/api/items/7", &[]).status, 401);
}

#[test]
fn query_parameters_are_read_by_style_and_explode() {
    let m = Running::start(&[SHOP]);
    let ok = "/items?tags=red&tags=blue&ids=1,2&filter[minPrice]=3.5&filter[inStock]=true&limit=5";
    let r = m.get(ok, &[REQUEST_ID]);
    assert_eq!(r.status, 200, "{}", r.text());
    let bad = "/items?tags=pink&ids=0,x&filter[colour]=red&limit=101";
    let r = m.get(bad, &[REQUEST_ID]);
    assert_eq!(r.status, 400);
    let mut got = errors(&r);
    got.sort();
    assert_eq!(
        got,
        [
            error("query", "filter", "additionalProperties"),
            error("query", "ids", "minimum"),
            error("query", "ids", "type"),
            error("query", "limit", "maximum"),
            error("query", "tags", "enum"),
        ]
    );
}

#[test]
fn header_path_and_cookie_parameters_are_validated() {
    let m = Running::start(&[SHOP]);
    let r = m.get("/items", &[("X-Request-Id", "not-a-uuid")]);
    assert_eq!(errors(&r), [error("header", "X-Request-Id", "format")]);
    let r = m.get("/items", &[]);
    assert_eq!(errors(&r), [error("header", "X-Request-Id", "required")]);
    // Matrix style, exploded object: `;x=1;y=2`.
    let r = m.get("/grid/;x=1;y=2", &[("Cookie", "theme=dark; session=abcd")]);
    assert_eq!(r.status, 200, "{}", r.text());
    let r = m.get("/grid/;x=a", &[("Cookie", "session=ab")]);
    let mut got = errors(&r);
    got.sort();
    assert_eq!(
        got,
        [
            error("cookie", "session", "minLength"),
            error("path", "cell", "required"),
            error("path", "cell", "type"),
        ]
    );
    let r = m.get("/items/0", &[("X-Api-Key", "k")]);
    assert_eq!(errors(&r), [error("path", "id", "minimum")]);
}

#[test]
fn json_bodies_are_validated_with_read_only_properties_left_to_the_server() {
    let m = Running::start(&[SHOP]);
    let auth = ("Authorization", "Bearer t");
    let json_type = ("Content-Type", "application/json");
    // `id` is readOnly: a request need not send it although it is required.
    let r = m.send("POST", "/items", &[auth, json_type], br#"{"name": "Lamp"}"#);
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(
        r.json()["id"].is_i64(),
        "responses carry readOnly properties"
    );
    let r = m.send(
        "POST",
        "/items",
        &[auth, json_type],
        br#"{"name": "", "price": 0}"#,
    );
    assert_eq!(r.status, 422);
    let mut got = errors(&r);
    got.sort();
    assert_eq!(
        got,
        [error("body", "", "minLength"), error("body", "", "minimum")]
    );
    let r = m.send("POST", "/items", &[auth, json_type], b"{not json");
    assert_eq!(r.status, 400);
    assert_eq!(errors(&r), [error("body", "", "content")]);
    let r = m.send("POST", "/items", &[auth, json_type], b"");
    assert_eq!(errors(&r), [error("body", "", "required")]);
    let r = m.send(
        "POST",
        "/items",
        &[auth, ("Content-Type", "text/plain")],
        b"Lamp",
    );
    assert_eq!(r.status, 415);
}

#[test]
fn form_and_multipart_bodies_are_read_by_their_schema() {
    let m = Running::start(&[SHOP]);
    let form = ("Content-Type", "application/x-www-form-urlencoded");
    let r = m.send(
        "POST",
        "/forms/contact",
        &[form],
        b"email=a%40b.co&topics=x&topics=y&age=20",
    );
    assert_eq!(r.status, 204, "{}", r.text());
    let r = m.send("POST", "/forms/contact", &[form], b"email=nope&age=3");
    let mut got = errors(&r);
    got.sort();
    assert_eq!(
        got,
        [
            error("body", "", "format"),
            error("body", "", "minimum"),
            error("body", "", "required")
        ]
    );
    let boundary = "XyZ";
    let multipart = format!("multipart/form-data; boundary={boundary}");
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na@b.co\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"other\": 1}}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\n\x01\x02\r\n\
         --{boundary}--\r\n"
    );
    let r = m.send(
        "POST",
        "/forms/contact",
        &[("Content-Type", &multipart)],
        body.as_bytes(),
    );
    assert_eq!(r.status, 422);
    let problem = r.json();
    assert_eq!(problem["errors"][0]["pointer"], "/meta/source");
    assert_eq!(problem["errors"][0]["keyword"], "required");
}

#[test]
fn missing_credentials_are_refused_with_401() {
    let m = Running::start(&[SHOP]);
    let r = m.get("/items/7", &[]);
    assert_eq!(r.status, 401);
    assert_eq!(
        r.header("www-authenticate"),
        Some("Bearer realm=\"weir mock\"")
    );
    assert_eq!(errors(&r), [error("security", "", "security")]);
    assert_eq!(
        m.get("/items/7", &[("Authorization", "Bearer ")]).status,
        401
    );
    // Either alternative will do: an API key, or a bearer token.
    assert_eq!(m.get("/items/7", &[("X-Api-Key", "k")]).status, 200);
    assert_eq!(
        m.get("/items/7", &[("Authorization", "Bearer t")]).status,
        200
    );
    // Swagger 2, an API key in the query.
    let l = Running::start(&[LIBRARY]);
    let book = br#"{"isbn": "9780262510875", "title": "SICP"}"#;
    let json_type = ("Content-Type", "application/json");
    assert_eq!(l.send("POST", "/v2/books", &[json_type], book).status, 401);
    assert_eq!(
        l.send("POST", "/v2/books?api_key=k", &[json_type], book)
            .status,
        201
    );
}

#[test]
fn problem_documents_follow_rfc_9457_and_point_into_the_spec() {
    let m = Running::start(&[PETSTORE]);
    let r = m.get("/pets?limit=99", &[]);
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json(),
        json!({
            "type": "urn:weir:mock:invalid-request",
            "title": "Bad Request",
            "status": 400,
            "detail": "the request does not match GET /pets: 2 violations",
            "instance": "/pets?limit=99",
            "errors": [
                {
                    "in": "query",
                    "name": "limit",
                    "pointer": "",
                    "keyword": "maximum",
                    "message": "99 is not at most 50",
                    "spec": {
                        "file": PETSTORE,
                        "line": 18,
                        "column": 13,
                        "pointer": "/paths/~1pets/get/parameters/0/schema/maximum"
                    }
                },
                {
                    "in": "query",
                    "name": "species",
                    "pointer": "",
                    "keyword": "required",
                    "message": "the required query parameter `species` is missing",
                    "spec": {
                        "file": PETSTORE,
                        "line": 24,
                        "column": 11,
                        "pointer": "/paths/~1pets/get/parameters/2"
                    }
                }
            ]
        })
    );
    // Swagger 2 documents its errors as application/json: the problem says it is that.
    let l = Running::start(&[LIBRARY]);
    let r = l.get("/v2/books?page=0", &[]);
    assert_eq!(r.status, 400);
    assert_eq!(r.header("content-type"), Some("application/json"));
}

#[test]
fn accept_picks_the_media_type_or_gets_406() {
    let m = Running::start(&[SHOP]);
    let r = m.get("/items", &[REQUEST_ID]);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let r = m.get(
        "/items",
        &[REQUEST_ID, ("Accept", "text/csv, application/json;q=0.5")],
    );
    assert_eq!(r.header("content-type"), Some("text/csv"));
    let r = m.get("/items", &[REQUEST_ID, ("Accept", "text/*")]);
    assert_eq!(r.header("content-type"), Some("text/csv"));
    let r = m.get("/items", &[REQUEST_ID, ("Accept", "image/png")]);
    assert_eq!(r.status, 406);
    assert!(
        r.json()["detail"]
            .as_str()
            .unwrap()
            .contains("application/json, text/csv")
    );
}

#[test]
fn responses_use_valid_examples_else_generated_bodies_with_required_headers() {
    let m = Running::start(&[SHOP]);
    let auth = ("X-Api-Key", "k");
    // The first example is valid: it is served.
    assert_eq!(
        m.get("/items/7", &[auth]).json(),
        json!({"id": 7, "name": "Lamp", "price": 19.5, "tags": ["red"]})
    );
    // No example: a generated body, the same every time, with the required header.
    let first = m.get("/items", &[REQUEST_ID]);
    let again = m.get("/items", &[REQUEST_ID]);
    assert_eq!(first.body, again.body);
    assert!(first.header("x-rate-limit").unwrap().parse::<u64>().is_ok());
    // Formats are honoured, in headers and in bodies.
    let uuid = regex::Regex::new("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    let correlation = first.header("x-correlation-id").unwrap();
    assert!(uuid.unwrap().is_match(correlation), "{correlation}");
    let item = &first.json()[0];
    let added = item["added"].as_str().unwrap();
    assert!(
        added.parse::<jiff::Timestamp>().is_ok(),
        "date-time: {added}"
    );
    let email = item["supplier"]["email"].as_str().unwrap();
    assert!(
        email
            .split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.')),
        "email: {email}"
    );
    // A recursive schema ends.
    let cell = m
        .get("/grid/;x=1;y=2", &[("Cookie", "session=abcd")])
        .json();
    assert!(cell["label"].is_string());
    // The seed varies the body.
    let seeded = Running::start(&[SHOP, "--seed", "7"]);
    let other = seeded.get("/items", &[REQUEST_ID]);
    assert_eq!(other.status, 200);
    assert_ne!(first.body, other.body, "{}", other.text());
}

#[test]
fn prefer_picks_the_status_and_the_example() {
    let m = Running::start(&[SHOP]);
    let auth = ("X-Api-Key", "k");
    let r = m.get("/items/7", &[auth, ("Prefer", "code=404")]);
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    assert!(
        r.json()["status"].is_i64(),
        "a generated body valid against the Problem schema"
    );
    assert_eq!(
        m.get("/items/7", &[auth, ("Prefer", "code=418")]).status,
        400
    );
    let r = m.get("/items/7", &[auth, ("Prefer", "example=lamp")]);
    assert_eq!(r.json()["name"], "Lamp");
    // An example that does not satisfy the schema is never served.
    let r = m.get("/items/7", &[auth, ("Prefer", "example=broken")]);
    assert_eq!(r.status, 500);
    let r = m.get("/items/7", &[auth, ("Prefer", "example=nope")]);
    assert_eq!(r.status, 400);
    assert!(
        r.json()["detail"]
            .as_str()
            .unwrap()
            .contains("lamp, broken")
    );
    // Swagger 2 response examples by media type.
    let l = Running::start(&[LIBRARY]);
    let r = l.send(
        "POST",
        "/v2/books?api_key=k",
        &[("Content-Type", "application/json")],
        br#"{"isbn": "9780262510875", "title": "x"}"#,
    );
    assert_eq!(r.json()["title"], "SICP");
}

#[test]
fn an_access_line_per_request_unless_quiet() {
    let m = Running::start(&[PETSTORE]);
    m.get("/pets?species=cat", &[]);
    let log = m.log_containing("GET /pets?species=cat");
    let line = log
        .iter()
        .find(|l| l.starts_with("GET /pets?species=cat 200 "))
        .unwrap();
    assert!(line.ends_with(" ms"), "{line}");
    let quiet = Running::start(&[PETSTORE, "-q"]);
    quiet.get("/pets?species=cat", &[]);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(quiet.log_containing("never").is_empty());
}

#[test]
fn bodies_over_the_limit_get_413_and_requests_are_served_concurrently() {
    let m = Running::start(&[PETSTORE, "--max-body", "64"]);
    let big = vec![b'x'; 65];
    let r = m.send(
        "POST",
        "/pets",
        &[("Content-Type", "application/json")],
        &big,
    );
    assert_eq!(r.status, 413);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| s.spawn(|| m.get("/pets?species=dog", &[]).status))
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), 200);
        }
    });
}

#[test]
fn requests_that_do_not_arrive_in_time_are_cut_off() {
    let m = Running::start(&[PETSTORE, "--read-timeout", "1"]);
    let second = std::time::Duration::from_secs(1);
    // Headers that never end: the connection is closed once the timeout passes.
    let (_, took) = m.send_raw(b"GET /pets?species=dog HTTP/1.1\r\nHost: mock\r\n");
    assert!(took >= second && took < 10 * second, "{took:?}");
    // A body that never ends: 408, as a problem document.
    let (raw, took) = m.send_raw(
        b"POST /pets HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\n\
          Content-Length: 40\r\n\r\n{\"name\": ",
    );
    assert!(took >= second && took < 10 * second, "{took:?}");
    let r = mock_support::parse(&raw);
    assert_eq!(r.status, 408, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    assert_eq!(r.json()["status"], 408);
    // The mock still serves.
    assert_eq!(m.get("/pets?species=dog", &[]).status, 200);
    // A timeout of zero would refuse every request: it is bad input.
    let o = weir(&["mock", PETSTORE, "--port", "0", "--read-timeout", "0"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn a_stop_signal_ends_the_mock_cleanly() {
    let m = Running::start(&[PETSTORE]);
    assert_eq!(m.get("/pets?species=dog", &[]).status, 200);
    assert_eq!(m.stop().code(), Some(0));
}

#[test]
fn bad_input_exits_2() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let o = weir(&["mock", PETSTORE, "--port", &port]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{}",
        stderr(&o)
    );
    let o = weir(&["mock", "fixtures/no-such-spec.yaml", "--port", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-spec.yaml"), "{}", stderr(&o));
    let o = weir(&[
        "mock",
        PETSTORE,
        "--port",
        "0",
        "--record",
        "/nonexistent-dir/x.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot record to /nonexistent-dir/x.json"),
        "{}",
        stderr(&o)
    );
}
