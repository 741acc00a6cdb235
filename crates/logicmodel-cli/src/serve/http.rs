//! The little HTTP/1.1 the preview needs: read one request head (bounded in
//! size and time, parsed by `httparse`), answer it, close the connection.
//!
//! Why not an HTTP server crate: `tiny_http`, the small one, starts a thread
//! for every connection it accepts, with no limit, and queues requests in
//! an unbounded queue; the preview must bound both. Everything else a
//! server crate would add (keep-alive, chunked bodies, uploads, TLS) the
//! preview does not want. See docs/serve.md.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The most bytes a request head may have (the preview's requests have a
/// few hundred).
pub const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its request head.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a write may block before the client is given up.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// The parts of a request the preview looks at.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path without its query (`/` for `/?x=1`).
    pub path: String,
    /// The `Host` header, if any.
    pub host: Option<String>,
}

/// Why a request could not be read.
#[derive(Debug)]
pub enum BadRequest {
    /// Not HTTP/1.x, or a malformed head.
    Malformed,
    /// The head is longer than [`MAX_HEAD`].
    TooLarge,
    /// The connection closed or timed out before the head was complete:
    /// there is no one to answer.
    Gone,
}

/// Reads one request head from `stream`.
pub fn read_request(stream: &mut TcpStream) -> Result<Request, BadRequest> {
    stream
        .set_read_timeout(Some(READ_TIMEOUT))
        .map_err(|_| BadRequest::Gone)?;
    let mut buffer = vec![0u8; MAX_HEAD];
    let mut filled = 0;
    loop {
        let read = stream
            .read(&mut buffer[filled..])
            .map_err(|_| BadRequest::Gone)?;
        if read == 0 {
            return Err(BadRequest::Gone);
        }
        filled += read;
        match parse(&buffer[..filled]) {
            Ok(Some(request)) => return Ok(request),
            Ok(None) if filled == buffer.len() => return Err(BadRequest::TooLarge),
            Ok(None) => continue,
            Err(error) => return Err(error),
        }
    }
}

/// Parses a request head; `None` while it is incomplete.
pub fn parse(bytes: &[u8]) -> Result<Option<Request>, BadRequest> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(bytes) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(BadRequest::TooLarge),
        Err(_) => return Err(BadRequest::Malformed),
    }
    let (Some(method), Some(target)) = (request.method, request.path) else {
        return Err(BadRequest::Malformed);
    };
    let path = target.split(['?', '#']).next().unwrap_or("").to_owned();
    let host = request
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("host"))
        .and_then(|h| std::str::from_utf8(h.value).ok())
        .map(|h| h.trim().to_owned());
    Ok(Some(Request {
        method: method.to_owned(),
        path,
        host,
    }))
}

/// Whether `host` (a `Host` header) names this machine's loopback
/// interface on `port`. A page the browser loaded from any other name (a
/// DNS name an attacker points at 127.0.0.1: "DNS rebinding") is refused,
/// so no other site can read the model through the user's browser.
pub fn is_loopback_host(host: &str, port: u16) -> bool {
    let (name, host_port) = if let Some(rest) = host.strip_prefix('[') {
        // An IPv6 address: `[::1]` or `[::1]:8080`.
        let Some((address, tail)) = rest.split_once(']') else {
            return false;
        };
        match tail {
            "" => (address, None),
            tail => match tail.strip_prefix(':') {
                Some(p) => (address, Some(p)),
                None => return false,
            },
        }
    } else {
        match host.split_once(':') {
            Some((name, p)) => (name, Some(p)),
            None => (host, None),
        }
    };
    if host_port.is_some_and(|p| p.parse::<u16>() != Ok(port)) {
        return false;
    }
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Security and caching headers of every response: nothing is cached (the
/// page changes with the file), nothing is sniffed or framed, and the page
/// may load nothing from anywhere (its CSS and script are inline).
const COMMON_HEADERS: &str = "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nReferrer-Policy: no-referrer\r\nContent-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'\r\nConnection: close\r\n";

/// Writes a complete response and flushes it; `head_only` leaves out the body (HEAD).
pub fn respond(
    stream: &mut impl Write,
    status: &str,
    content_type: &str,
    extra_headers: &str,
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{COMMON_HEADERS}{extra_headers}\r\n",
        body.len()
    )?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// A short plain-text response (errors).
pub fn respond_text(
    stream: &mut impl Write,
    status: &str,
    extra_headers: &str,
    text: &str,
) -> io::Result<()> {
    respond(
        stream,
        status,
        "text/plain; charset=utf-8",
        extra_headers,
        format!("{text}\n").as_bytes(),
        false,
    )
}

/// The head of an event stream (server-sent events); events follow until
/// either side closes.
pub fn start_event_stream(stream: &mut impl Write) -> io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n{COMMON_HEADERS}\r\n"
    )?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_head_is_read_with_its_path_and_host() {
        let request =
            parse(b"GET /events?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\n\r\n")
                .unwrap()
                .unwrap();
        assert_eq!(
            request,
            Request {
                method: "GET".to_owned(),
                path: "/events".to_owned(),
                host: Some("127.0.0.1:8080".to_owned())
            }
        );
        assert!(
            parse(b"GET / HTTP/1.1\r\nHost: x").unwrap().is_none(),
            "incomplete"
        );
        assert!(matches!(
            parse(b"\x16\x03\x01 binary"),
            Err(BadRequest::Malformed)
        ));
    }

    #[test]
    fn only_loopback_names_on_our_port_are_this_server() {
        for host in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST",
            "[::1]:8080",
            "127.1.2.3:8080",
            "[::1]",
        ] {
            assert!(is_loopback_host(host, 8080), "{host}");
        }
        for host in [
            "evil.example:8080",
            "127.0.0.1:9090",
            "192.168.1.2:8080",
            "localhost.evil.example",
            "[::2]:8080",
            "",
        ] {
            assert!(!is_loopback_host(host, 8080), "{host}");
        }
    }

    #[test]
    fn responses_have_a_length_and_the_safety_headers() {
        let mut out = Vec::new();
        respond(
            &mut out,
            "200 OK",
            "text/html; charset=utf-8",
            "",
            b"<p>hi</p>",
            false,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(
            text.contains("Content-Length: 9\r\n") && text.contains("Cache-Control: no-store\r\n")
        );
        assert!(text.contains("frame-ancestors 'none'") && text.ends_with("\r\n\r\n<p>hi</p>"));
        let mut head = Vec::new();
        respond(&mut head, "200 OK", "text/html", "", b"<p>hi</p>", true).unwrap();
        assert!(String::from_utf8(head).unwrap().ends_with("\r\n\r\n"));
    }
}
