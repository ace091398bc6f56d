//! Request heads checked before the framework parses them, so that a malformed one is answered
//! with problem details like every other error.
//!
//! actix-http answers a head it cannot parse itself, before any middleware: a bare 400 or 431
//! with an empty body. So every connection's bytes pass through [`Guarded`], which finds each
//! request head (and skips its body by `Content-Length` or chunked framing), checks it the way
//! actix-http will (httparse with 96 headers, one valid `Content-Length`, `Transfer-Encoding`
//! only `chunked` and never beside `Content-Length`, `Host` on HTTP/1.1), and hands on a head
//! that passes unchanged. A head that fails is replaced by a request for an internal route
//! ([`MALFORMED_PREFIX`]) that answers the problem and closes the connection; nothing after it
//! is read. Where the check cannot follow the framing (a broken chunk size), it steps aside and
//! the framework's own answer stands.

use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::http::StatusCode;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::problem::Problem;

/// The internal route a malformed head is turned into.
pub const MALFORMED_PREFIX: &str = "/.werkbrug/malformed/";

/// Headers per request, as actix-http allows.
const MAX_HEADERS: usize = 96;
/// The largest head, as actix-http allows before its 431.
const MAX_HEAD_BYTES: usize = 131_072;

/// What is wrong with a request head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformation {
    /// Larger than the framework reads.
    HeadTooLarge,
    /// More than 96 headers.
    TooManyHeaders,
    /// Not HTTP/1.x syntax: the request line, a header name or a header value (control bytes).
    Syntax,
    /// `Content-Length` is not one number of bytes.
    ContentLength,
    /// `Content-Length` beside `Transfer-Encoding`.
    LengthAndEncoding,
    /// `Transfer-Encoding` other than `chunked` last, or on HTTP/1.0.
    TransferEncoding,
    /// No `Host` on HTTP/1.1.
    MissingHost,
}

const ALL: [Malformation; 7] = [
    Malformation::HeadTooLarge,
    Malformation::TooManyHeaders,
    Malformation::Syntax,
    Malformation::ContentLength,
    Malformation::LengthAndEncoding,
    Malformation::TransferEncoding,
    Malformation::MissingHost,
];

impl Malformation {
    /// Its name in the internal route.
    pub fn slug(self) -> &'static str {
        match self {
            Malformation::HeadTooLarge => "head-too-large",
            Malformation::TooManyHeaders => "too-many-headers",
            Malformation::Syntax => "syntax",
            Malformation::ContentLength => "content-length",
            Malformation::LengthAndEncoding => "length-and-encoding",
            Malformation::TransferEncoding => "transfer-encoding",
            Malformation::MissingHost => "missing-host",
        }
    }

    /// The one with this slug.
    pub fn from_slug(slug: &str) -> Option<Self> {
        ALL.into_iter().find(|m| m.slug() == slug)
    }

    /// The problem it is answered with.
    pub fn problem(self) -> Problem {
        let (status, slug, detail) = match self {
            Malformation::HeadTooLarge => (
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                "request-header-fields-too-large",
                "the request head is larger than 128 KiB",
            ),
            Malformation::TooManyHeaders => (
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                "request-header-fields-too-large",
                "the request has more than 96 headers",
            ),
            Malformation::Syntax => (
                StatusCode::BAD_REQUEST,
                "malformed-request",
                "the request line or a header is not HTTP/1.1: a header value holds a control character, or a name or the line is malformed",
            ),
            Malformation::ContentLength => (
                StatusCode::BAD_REQUEST,
                "malformed-request",
                "Content-Length is not one number of bytes",
            ),
            Malformation::LengthAndEncoding => (
                StatusCode::BAD_REQUEST,
                "malformed-request",
                "the request has both Content-Length and Transfer-Encoding: send one",
            ),
            Malformation::TransferEncoding => (
                StatusCode::BAD_REQUEST,
                "malformed-request",
                "Transfer-Encoding must end in chunked, and only on HTTP/1.1",
            ),
            Malformation::MissingHost => (
                StatusCode::BAD_REQUEST,
                "malformed-request",
                "an HTTP/1.1 request needs a Host header",
            ),
        };
        Problem::new(status, slug, detail)
    }
}

/// How a request's body is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    None,
    Length(u64),
    Chunked,
}

/// Checks one complete head (up to and including its empty line).
fn check_head(head: &[u8]) -> Result<Framing, Malformation> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Err(Malformation::Syntax),
        Err(httparse::Error::TooManyHeaders) => return Err(Malformation::TooManyHeaders),
        Err(_) => return Err(Malformation::Syntax),
    }
    let http11 = request.version == Some(1);
    let mut length: Option<u64> = None;
    let mut encoding: Option<Vec<u8>> = None;
    let mut host = false;
    for header in request.headers.iter() {
        if header.name.eq_ignore_ascii_case("content-length") {
            let text =
                std::str::from_utf8(header.value).map_err(|_| Malformation::ContentLength)?;
            let text = text.trim();
            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Malformation::ContentLength);
            }
            let value: u64 = text.parse().map_err(|_| Malformation::ContentLength)?;
            if length.is_some() {
                return Err(Malformation::ContentLength);
            }
            length = Some(value);
        } else if header.name.eq_ignore_ascii_case("transfer-encoding") {
            if encoding.is_some() {
                return Err(Malformation::TransferEncoding);
            }
            encoding = Some(header.value.to_vec());
        } else if header.name.eq_ignore_ascii_case("host") {
            host = true;
        }
    }
    if http11 && !host {
        return Err(Malformation::MissingHost);
    }
    match (encoding, length) {
        (Some(_), Some(_)) => Err(Malformation::LengthAndEncoding),
        (Some(encoding), None) => {
            let last = encoding.rsplit(|b| *b == b',').next().unwrap_or(&[]);
            if !http11 || !last.trim_ascii().eq_ignore_ascii_case(b"chunked") {
                return Err(Malformation::TransferEncoding);
            }
            Ok(Framing::Chunked)
        }
        (None, Some(n)) => Ok(Framing::Length(n)),
        (None, None) => Ok(Framing::None),
    }
}

/// Where the guard is in the connection's bytes.
#[derive(Debug)]
enum State {
    /// Collecting a head.
    Head,
    /// Passing on this many body bytes.
    Length(u64),
    /// A chunk-size line, collected.
    ChunkSize(Vec<u8>),
    /// Passing on this many bytes of a chunk.
    ChunkData(u64),
    /// The line end after a chunk's data: this many bytes of it left.
    ChunkEnd(u8),
    /// Trailer lines after the last chunk; the current one collected.
    Trailer(Vec<u8>),
    /// A malformed head was answered: nothing more is read.
    Closed,
    /// The framing could not be followed: bytes pass unchecked.
    Off,
}

/// The check over one connection's bytes, as a state machine: bytes in, bytes for the
/// framework out.
#[derive(Debug)]
pub struct Guard {
    state: State,
    head: Vec<u8>,
}

impl Default for Guard {
    fn default() -> Self {
        Self {
            state: State::Head,
            head: Vec::new(),
        }
    }
}

/// The request the framework reads instead of a malformed head.
fn internal_request(malformation: Malformation) -> Vec<u8> {
    format!(
        "GET {MALFORMED_PREFIX}{} HTTP/1.1\r\nHost: werkbrug\r\nConnection: close\r\n\r\n",
        malformation.slug()
    )
    .into_bytes()
}

impl Guard {
    /// Whether a malformed head was answered (the connection reads nothing more).
    pub fn closed(&self) -> bool {
        matches!(self.state, State::Closed)
    }

    /// Takes `input`, appends what the framework is to read to `out`.
    pub fn feed(&mut self, mut input: &[u8], out: &mut Vec<u8>) {
        while !input.is_empty() {
            match &mut self.state {
                State::Closed => return,
                State::Off => {
                    out.extend_from_slice(input);
                    return;
                }
                State::Head => {
                    // Empty lines before a request line are allowed and passed on.
                    if self.head.is_empty() && matches!(input[0], b'\r' | b'\n') {
                        out.push(input[0]);
                        input = &input[1..];
                        continue;
                    }
                    // Search from where the end could start, so that a head is scanned once.
                    let from = self.head.len().saturating_sub(3);
                    self.head.extend_from_slice(input);
                    input = &[];
                    let Some(end) = memchr::memmem::find(&self.head[from..], b"\r\n\r\n")
                        .map(|at| from + at + 4)
                    else {
                        if self.head.len() > MAX_HEAD_BYTES {
                            self.malformed(Malformation::HeadTooLarge, out);
                        }
                        continue;
                    };
                    let rest = self.head.split_off(end);
                    let head = std::mem::take(&mut self.head);
                    if head.len() > MAX_HEAD_BYTES {
                        self.malformed(Malformation::HeadTooLarge, out);
                        return;
                    }
                    match check_head(&head) {
                        Ok(framing) => {
                            out.extend_from_slice(&head);
                            self.state = match framing {
                                Framing::None | Framing::Length(0) => State::Head,
                                Framing::Length(n) => State::Length(n),
                                Framing::Chunked => State::ChunkSize(Vec::new()),
                            };
                            // The rest is fed again, in the new state.
                            self.feed(&rest, out);
                            return;
                        }
                        Err(malformation) => {
                            self.malformed(malformation, out);
                            return;
                        }
                    }
                }
                State::Length(left) => {
                    let take = usize::try_from(*left)
                        .unwrap_or(usize::MAX)
                        .min(input.len());
                    out.extend_from_slice(&input[..take]);
                    input = &input[take..];
                    *left -= take as u64;
                    if *left == 0 {
                        self.state = State::Head;
                    }
                }
                State::ChunkSize(line) => {
                    let (byte, rest) = (input[0], &input[1..]);
                    out.push(byte);
                    input = rest;
                    line.push(byte);
                    if byte == b'\n' {
                        let text = String::from_utf8_lossy(line);
                        let size = text.trim_end().split(';').next().unwrap_or("").trim();
                        self.state = match u64::from_str_radix(size, 16) {
                            Ok(0) => State::Trailer(Vec::new()),
                            Ok(n) => State::ChunkData(n),
                            Err(_) => State::Off,
                        };
                    } else if line.len() > 1024 {
                        self.state = State::Off;
                    }
                }
                State::ChunkData(left) => {
                    let take = usize::try_from(*left)
                        .unwrap_or(usize::MAX)
                        .min(input.len());
                    out.extend_from_slice(&input[..take]);
                    input = &input[take..];
                    *left -= take as u64;
                    if *left == 0 {
                        self.state = State::ChunkEnd(2);
                    }
                }
                State::ChunkEnd(left) => {
                    out.push(input[0]);
                    input = &input[1..];
                    *left -= 1;
                    if *left == 0 {
                        self.state = State::ChunkSize(Vec::new());
                    }
                }
                State::Trailer(line) => {
                    let byte = input[0];
                    out.push(byte);
                    input = &input[1..];
                    line.push(byte);
                    if byte == b'\n' {
                        let empty = line.as_slice() == b"\r\n" || line.as_slice() == b"\n";
                        if empty {
                            self.state = State::Head;
                        } else {
                            line.clear();
                        }
                    } else if line.len() > 8192 {
                        self.state = State::Off;
                    }
                }
            }
        }
    }

    /// The connection's input ended: a head begun is handed on as it is (the framework sees a
    /// request cut short).
    pub fn end(&mut self, out: &mut Vec<u8>) {
        if matches!(self.state, State::Head) {
            out.append(&mut self.head);
        }
    }

    fn malformed(&mut self, malformation: Malformation, out: &mut Vec<u8>) {
        self.head = Vec::new();
        out.extend_from_slice(&internal_request(malformation));
        self.state = State::Closed;
    }
}

/// A connection whose input passes through a [`Guard`].
pub struct Guarded<T> {
    inner: T,
    guard: Guard,
    ready: Vec<u8>,
    at: usize,
    ended: bool,
}

impl<T> Guarded<T> {
    /// Guards `inner`.
    pub fn new(inner: T) -> Self {
        Self {
            inner,
            guard: Guard::default(),
            ready: Vec::new(),
            at: 0,
            ended: false,
        }
    }

    /// The connection.
    pub fn get_ref(&self) -> &T {
        &self.inner
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Guarded<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        loop {
            if this.at < this.ready.len() {
                let n = (this.ready.len() - this.at).min(buf.remaining());
                buf.put_slice(&this.ready[this.at..this.at + n]);
                this.at += n;
                if this.at == this.ready.len() {
                    this.ready.clear();
                    this.at = 0;
                }
                return Poll::Ready(Ok(()));
            }
            // After the internal request of a malformed head, or at the end: end of input.
            if this.ended || this.guard.closed() {
                return Poll::Ready(Ok(()));
            }
            let mut chunk = [0u8; 8192];
            let mut read = ReadBuf::new(&mut chunk);
            match Pin::new(&mut this.inner).poll_read(cx, &mut read) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Ready(Ok(())) => {
                    if read.filled().is_empty() {
                        this.ended = true;
                        this.guard.end(&mut this.ready);
                    } else {
                        this.guard.feed(read.filled(), &mut this.ready);
                    }
                }
            }
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Guarded<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(chunks: &[&[u8]]) -> (Vec<u8>, bool) {
        let mut guard = Guard::default();
        let mut out = Vec::new();
        for chunk in chunks {
            guard.feed(chunk, &mut out);
        }
        (out, guard.closed())
    }

    #[test]
    fn good_requests_pass_unchanged_in_any_split() {
        let stream: &[u8] = b"\r\nPOST /v1/translations HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello\
GET /v1/formats HTTP/1.1\r\nHost: x\r\n\r\n\
POST /v1/validations/vacancy HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nTrailer: y\r\n\r\n\
GET /health/live HTTP/1.0\r\n\r\n";
        for size in [1, 2, 3, 7, 64, stream.len()] {
            let chunks: Vec<&[u8]> = stream.chunks(size).collect();
            assert_eq!(through(&chunks), (stream.to_vec(), false), "{size}");
        }
    }

    #[test]
    fn malformed_heads_become_the_internal_request_and_nothing_after_it() {
        let internal = |m: Malformation| internal_request(m);
        for (head, malformation) in [
            (&b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"[..], Malformation::ContentLength),
            (b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", Malformation::ContentLength),
            (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", Malformation::LengthAndEncoding),
            (b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", Malformation::TransferEncoding),
            (b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n", Malformation::Syntax),
            (b"GET / HTTP/1.1\r\n\r\n", Malformation::MissingHost),
            (b"GET /\x7f HTTP/1.1\r\nHost: x\r\n\r\n", Malformation::Syntax),
        ] {
            let mut stream = head.to_vec();
            stream.extend_from_slice(b"GET /after HTTP/1.1\r\nHost: x\r\n\r\n");
            assert_eq!(through(&[&stream]), (internal(malformation), true), "{}", String::from_utf8_lossy(head));
        }
        let many: String = (0..100).map(|i| format!("X-H{i}: v\r\n")).collect();
        let head = format!("GET / HTTP/1.1\r\nHost: x\r\n{many}\r\n");
        assert_eq!(
            through(&[head.as_bytes()]),
            (internal(Malformation::TooManyHeaders), true)
        );
        let huge = format!(
            "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}",
            "a".repeat(MAX_HEAD_BYTES)
        );
        assert_eq!(
            through(&[huge.as_bytes()]),
            (internal(Malformation::HeadTooLarge), true)
        );
        // A malformed head after a good request on the same connection.
        let stream = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n";
        let mut expected = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n".to_vec();
        expected.extend(internal(Malformation::ContentLength));
        assert_eq!(through(&[stream]), (expected, true));
    }

    #[test]
    fn a_broken_chunk_size_is_left_to_the_framework() {
        let stream = b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nGET / HTTP/1.1\r\nContent-Length: -5\r\n\r\n";
        assert_eq!(through(&[stream]), (stream.to_vec(), false));
    }

    #[test]
    fn every_malformation_has_a_route_and_a_problem() {
        for m in ALL {
            assert_eq!(Malformation::from_slug(m.slug()), Some(m));
            let problem = m.problem();
            assert!(matches!(problem.status, 400 | 431));
        }
    }
}
