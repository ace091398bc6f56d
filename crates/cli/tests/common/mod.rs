//! What the HTTP tests share: starting `werkbrug` servers on free loopback ports and speaking
//! plain HTTP/1.1 to them, so that a test sees exactly what a client sees.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

/// A `werkbrug` process that listens (`serve`, `demo-source`), stopped when dropped.
pub struct Server {
    pub child: Child,
    pub address: String,
    /// What the process wrote to standard error after its address line, read on demand.
    stderr: Option<BufReader<std::process::ChildStderr>>,
}

impl Server {
    /// Starts `werkbrug ARGS...` and waits for its `listening on http://ADDRESS` line.
    pub fn start(args: &[&str]) -> Self {
        Self::start_in(args, None)
    }

    /// The same, in a working directory and with extra environment variables.
    pub fn start_in(args: &[&str], dir: Option<(&std::path::Path, &[(&str, &str)])>) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_werkbrug"));
        command
            .args(args)
            .stderr(Stdio::piped())
            .stdout(Stdio::null());
        if let Some((dir, env)) = dir {
            command.current_dir(dir);
            for (k, v) in env {
                command.env(k, v);
            }
        }
        let mut child = command.spawn().unwrap();
        // Log lines may come first; the address line says the server accepts connections.
        let mut reader = BufReader::new(child.stderr.take().unwrap());
        let mut address = None;
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            if let Some(a) = line.trim().strip_prefix("listening on http://") {
                address = Some(a.to_owned());
                break;
            }
            line.clear();
        }
        let Some(address) = address else {
            let _ = child.kill();
            panic!("werkbrug {args:?} stopped before it listened: {line}");
        };
        Server {
            child,
            address,
            stderr: Some(reader),
        }
    }

    /// Sends one request and returns the response.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        request(&self.address, method, path, headers, body)
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[], b"")
    }

    /// Stops the process and returns everything it wrote to standard error.
    pub fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut rest = String::new();
        if let Some(mut reader) = self.stderr.take() {
            let _ = reader.read_to_string(&mut rest);
        }
        rest
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `werkbrug demo-source` with synthetic data: 120 jobseekers and 40 vacancies.
pub fn demo_source(
    id: &str,
    organisation: &str,
    kind: &str,
    format: &str,
    holder: &str,
    seed: u32,
) -> Server {
    Server::start(&[
        "demo-source",
        "--kind",
        kind,
        "--format",
        format,
        "--holder",
        holder,
        "--id",
        id,
        "--organisation",
        organisation,
        "--count",
        "120",
        "--vacancies",
        "40",
        "--seed",
        &seed.to_string(),
    ])
}

/// Sends one HTTP/1.1 request to `address` and reads the whole response.
pub fn request(
    address: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// A response.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// A header's value (names in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    /// Asserts a problem details response of `status` and kind `slug`.
    pub fn assert_problem(&self, status: u16, slug: &str) {
        assert_eq!(
            self.status,
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json")
        );
        let problem = self.json();
        assert_eq!(problem["status"], status);
        assert_eq!(
            problem["type"],
            format!("https://werkbrug.nl/problems/{slug}")
        );
        assert!(problem["title"].is_string() && problem["detail"].is_string());
    }
}
