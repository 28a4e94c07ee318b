//! The HTTP/1.1 server: hyper on a tokio runtime with one worker per core. Each connection is
//! a task, so requests are served concurrently; headers must arrive within the read timeout
//! and bodies too; a body over the size limit is refused with 413 before it is read whole.
//! SIGINT and SIGTERM stop accepting, let requests in flight finish (for a few seconds at
//! most), and return, so the caller can write what it recorded.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;

use super::problem::{Refusal, bare};
use super::{Reply, Request, Service};

/// How long requests in flight may take to finish after a stop signal.
const DRAIN: Duration = Duration::from_secs(5);

/// The server's limits; `weir mock` sets each from its command line (`--max-body`,
/// `--read-timeout`, `-q`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Bodies larger than this are refused with 413.
    pub max_body: usize,
    /// Headers, then the body, must arrive within this (else the connection is closed, or 408).
    pub read_timeout: Duration,
    /// Print an access line per request on stderr.
    pub access_log: bool,
}

/// Serve on `listener` until SIGINT or SIGTERM. `ready` is called with the bound address once
/// the signals are caught, so a caller that signals right after cannot kill the process
/// before it stops cleanly.
pub(crate) fn serve(
    listener: std::net::TcpListener,
    service: Arc<Service>,
    limits: Limits,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let address = listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .enable_time()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let mut stop = std::pin::pin!(stop_signal()?);
        ready(address);
        let graceful = GracefulShutdown::new();
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    let service = service.clone();
                    let handle = service_fn(move |req| answer(req, service.clone(), limits));
                    let connection = http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(limits.read_timeout)
                        .serve_connection(TokioIo::new(stream), handle);
                    let connection = graceful.watch(connection);
                    tokio::spawn(async move {
                        let _ = connection.await;
                    });
                }
                _ = &mut stop => break,
            }
        }
        drop(listener);
        tokio::select! {
            _ = graceful.shutdown() => {}
            _ = tokio::time::sleep(DRAIN) => {}
        }
        Ok(())
    })
}

/// Resolves on SIGINT or SIGTERM (Ctrl-C elsewhere). The handlers are installed when this is
/// called, not when it is first polled.
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async move {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

async fn answer(
    req: hyper::Request<Incoming>,
    service: Arc<Service>,
    limits: Limits,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let started = Instant::now();
    let (parts, body) = req.into_parts();
    let mut request = Request {
        method: parts.method.as_str().to_string(),
        target: parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_string(),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: Vec::new(),
    };
    let declared = request
        .header("content-length")
        .and_then(|l| l.trim().parse::<usize>().ok());
    let reply = if declared.is_some_and(|l| l > limits.max_body) {
        too_large(&request, limits)
    } else {
        let read = Limited::new(body, limits.max_body).collect();
        match tokio::time::timeout(limits.read_timeout, read).await {
            Ok(Ok(collected)) => {
                request.body = collected.to_bytes().to_vec();
                service.handle(&request)
            }
            Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => too_large(&request, limits),
            Ok(Err(e)) => bare(
                &request,
                &Refusal::new(
                    400,
                    "Bad Request",
                    format!("the body could not be read: {e}"),
                ),
            ),
            Err(_) => bare(
                &request,
                &Refusal::new(408, "Request Timeout", "the body did not arrive in time"),
            ),
        }
    };
    // Breaking changes are what revision mode is for: they are shown even when quiet.
    if limits.access_log || !reply.breaks.is_empty() || reply.unexplained {
        log(&request, &reply, started.elapsed());
    }
    let mut response = hyper::Response::builder().status(reply.status);
    for (k, v) in &reply.headers {
        response = response.header(k, v);
    }
    Ok(response
        .body(Full::new(Bytes::from(reply.body)))
        .unwrap_or_else(|_| {
            let mut r = hyper::Response::new(Full::new(Bytes::new()));
            *r.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
            r
        }))
}

fn too_large(request: &Request, limits: Limits) -> Reply {
    bare(
        request,
        &Refusal::new(
            413,
            "Content Too Large",
            format!("the body is larger than {} bytes", limits.max_body),
        ),
    )
}

/// `GET /pets?limit=3 200 0.4 ms`, and in revision mode the breaking changes behind a refusal.
fn log(request: &Request, reply: &Reply, took: Duration) {
    use std::io::Write;
    let mut line = format!(
        "{} {} {} {:.1} ms\n",
        request.method,
        request.target,
        reply.status,
        took.as_secs_f64() * 1000.0
    );
    for b in &reply.breaks {
        line.push_str(&format!(
            "  breaks it: {} ({}) {} — {}\n",
            b.rule,
            b.level.as_str(),
            b.fingerprint,
            b.message
        ));
    }
    if reply.unexplained {
        line.push_str(
            "  the base accepts this request, and no finding names the change that refuses it\n",
        );
    }
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}
