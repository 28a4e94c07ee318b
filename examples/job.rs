//! One stage of the pipeline, run on its own: the floors and the jobs `benches/run.sh` times
//! and compares, and what `valgrind --tool=callgrind` counts (instruction counts are
//! repeatable where wall-clock times on a shared machine are not).
//!
//!     job parse BASE REVISION          parse both files, one after the other (the diff floor)
//!     job serde-json BASE REVISION     parse both JSON files with serde_json into `Value`s: the
//!                                      JSON floor (no positions), what weir's own parse of a
//!                                      JSON spec is held to
//!     job diff BASE REVISION           parse, model, diff and classify, sequentially
//!     job parse-history REPO PATH [N [SINCE]]
//!                                      read and parse every revision `weir log [--since SINCE]`
//!                                      visits, once, on N threads (default: one per core):
//!                                      the log floor
//!     job chunked REPO PATH [SINCE]    parse every such revision both whole and by its parts,
//!                                      copying the parts the previous revision had
//!                                      (what `weir log` does), and check the trees are equal
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The allocator `weir` runs with (`src/main.rs`), so that a floor and the job held to it
/// differ only in the work, not in the allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn parse_file(f: &str) {
    let text: Arc<str> = std::fs::read_to_string(f).unwrap().into();
    std::hint::black_box(weir::load::parse::parse(f.to_string(), text).unwrap());
}

/// The repository's root and the revisions `weir log [--since SINCE]` reads.
fn revisions(
    repo_dir: &str,
    path: &str,
    since: Option<String>,
) -> (std::path::PathBuf, Vec<weir::history::Commit>) {
    let weir::history::walk::Walked {
        root,
        mut commits,
        baseline,
    } = weir::history::walk::commits(Path::new(repo_dir), (since.as_deref(), None), path, None)
        .unwrap();
    // `weir log --since` reads the baseline revision too: it is what the first commit is
    // compared with.
    commits.extend(baseline.map(|(c, _)| c));
    (root, commits)
}

/// The spec's text at a revision.
fn text_at(repo: &git2::Repository, c: &weir::history::Commit) -> Arc<str> {
    let commit = repo
        .find_commit(git2::Oid::from_str(&c.id).unwrap())
        .unwrap();
    let entry = commit.tree().unwrap().get_path(Path::new(&c.path)).unwrap();
    let blob = repo.find_blob(entry.id()).unwrap();
    String::from_utf8_lossy(blob.content()).into()
}

fn parse_history(repo_dir: &str, path: &str, threads: usize, since: Option<String>) {
    let (root, commits) = revisions(repo_dir, path, since);
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let repo = git2::Repository::open(&root).unwrap();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(c) = commits.get(i) else { break };
                    let text = text_at(&repo, c);
                    std::hint::black_box(weir::load::parse::parse(c.id.clone(), text).unwrap());
                }
            });
        }
    });
    eprintln!("{} revisions parsed", commits.len());
}

/// Each revision's tree, parsed whole and chunk by chunk after the previous revision, must
/// be the same; prints how many bytes were copied rather than parsed.
fn check_chunked(repo_dir: &str, path: &str, since: Option<String>) {
    let (root, commits) = revisions(repo_dir, path, since);
    let repo = git2::Repository::open(&root).unwrap();
    let mut earlier: Vec<weir::tree::Tree> = Vec::new();
    let (mut total, mut copied) = (0usize, 0usize);
    for c in &commits {
        let text = text_at(&repo, c);
        let whole = weir::load::parse::parse(c.id.clone(), text.clone()).unwrap();
        let parts =
            weir::load::chunked::parse_reusing(c.id.clone(), text.clone(), &earlier).unwrap();
        if !whole.same_nodes(&parts) {
            eprintln!("lens {} {}", whole.len(), parts.len());
            for i in 0..whole.len().min(parts.len()) {
                let id = weir::tree::NodeId(i as u32);
                let show = |t: &weir::tree::Tree| {
                    let n = t.node(id);
                    format!(
                        "{:?} {} {:?} {:?}",
                        n.start,
                        n.end_byte,
                        t.parent(id),
                        t.value(id)
                    )
                };
                let (a, b) = (show(&whole), show(&parts));
                if a != b {
                    eprintln!("{i}: whole {a}\n   parts {b}");
                    let at = whole.node(id).start.byte as usize;
                    eprintln!("{:?}", &text[at.saturating_sub(200)..at + 100]);
                    break;
                }
            }
            panic!("{}: the trees differ", c.id);
        }
        total += text.len();
        let reused = weir::load::chunked::reused_bytes(&parts, &earlier);
        if std::env::var_os("JOB_VERBOSE").is_some() {
            eprintln!(
                "{} {} {reused} {}",
                &c.id[..8],
                text.len(),
                parts.chunk_count()
            );
        }
        copied += reused;
        earlier = vec![parts];
    }
    eprintln!(
        "{} revisions: trees equal; {copied} of {total} bytes copied from the previous revision",
        commits.len()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| {
        args.get(i)
            .map(String::as_str)
            .expect("see the usage in job.rs")
    };
    match arg(0) {
        "parse" => {
            parse_file(arg(1));
            parse_file(arg(2));
        }
        "serde-json" => {
            for f in [arg(1), arg(2)] {
                let text = std::fs::read_to_string(f).unwrap();
                std::hint::black_box(serde_json::from_str::<serde_json::Value>(&text).unwrap());
            }
        }
        "diff" => {
            let load = |f: &str| weir::open_spec(&weir::Locator::File(f.into()), false).unwrap();
            let (a, b) = (load(arg(1)), load(arg(2)));
            std::hint::black_box(weir::assess::findings(&a, &b));
        }
        "parse-history" => {
            git2::opts::strict_hash_verification(false);
            let threads = args.get(3).map_or_else(
                || std::thread::available_parallelism().map_or(1, |n| n.get()),
                |n| n.parse().expect("N is a number"),
            );
            parse_history(arg(1), arg(2), threads, args.get(4).cloned());
        }
        "chunked" => {
            git2::opts::strict_hash_verification(false);
            check_chunked(arg(1), arg(2), args.get(3).cloned());
        }
        other => panic!("unknown mode `{other}`: parse | serde-json | diff | parse-history"),
    }
}
