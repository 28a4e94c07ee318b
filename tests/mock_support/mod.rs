//! A running `weir mock` for the integration tests, and a tiny HTTP/1.1 client to talk to it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A mock server process on a free port; stopped (SIGTERM) when dropped.
pub struct Running {
    child: Child,
    pub address: String,
    /// stderr lines after the announcement (access lines, breaks).
    lines: Arc<Mutex<Vec<String>>>,
}

/// One HTTP response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Running {
    /// `weir mock ARGS --port 0` in `dir`, once it announces its address.
    pub fn start_in(dir: &Path, args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_weir"))
            .arg("mock")
            .args(args)
            .args(["--port", "0"])
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("weir runs");
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut address = None;
        let mut seen = String::new();
        let mut line = String::new();
        while stderr.read_line(&mut line).unwrap_or(0) > 0 {
            seen.push_str(&line);
            if let Some(at) = line.find("http://") {
                address = Some(line[at + 7..].trim().to_string());
                break;
            }
            line.clear();
        }
        let address = address.unwrap_or_else(|| panic!("weir mock did not start:\n{seen}"));
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        std::thread::spawn(move || {
            for l in stderr.lines().map_while(Result::ok) {
                sink.lock().unwrap().push(l);
            }
        });
        Running {
            child,
            address,
            lines,
        }
    }

    pub fn start(args: &[&str]) -> Running {
        Running::start_in(&crate::common::root(), args)
    }

    pub fn get(&self, target: &str, headers: &[(&str, &str)]) -> Response {
        self.send("GET", target, headers, b"")
    }

    pub fn send(
        &self,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        let mut stream = TcpStream::connect(&self.address).expect("the mock listens");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut head = format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.address
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if !body.is_empty() || matches!(method, "POST" | "PUT" | "PATCH") {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        parse(&raw)
    }

    /// Send `bytes` as they are (a request cut short, say) and read until the mock closes the
    /// connection: what it answered, and how long that took.
    pub fn send_raw(&self, bytes: &[u8]) -> (Vec<u8>, Duration) {
        let started = Instant::now();
        let mut stream = TcpStream::connect(&self.address).expect("the mock listens");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        stream.write_all(bytes).unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        (raw, started.elapsed())
    }

    /// The stderr lines so far, waiting a little for one containing `wanted`.
    pub fn log_containing(&self, wanted: &str) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let lines = self.lines.lock().unwrap().clone();
            if lines.iter().any(|l| l.contains(wanted)) || Instant::now() > deadline {
                return lines;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGTERM, then wait: the exit status.
    pub fn stop(mut self) -> std::process::ExitStatus {
        terminate(&self.child);
        let status = self.child.wait().unwrap();
        std::mem::forget(self);
        status
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        terminate(&self.child);
        let _ = self.child.wait();
    }
}

fn terminate(child: &Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
}

/// A whole HTTP/1.1 response as read from the socket.
pub fn parse(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}
