//! Where the time goes on real specs: parsing both files is the floor, and everything after it
//! (model, diff, rules) should add little. Runs over `../shared/corpus/stripe/pairs`; prints the
//! best of 15 runs (the least disturbed by other work on the machine) and ratios against the
//! parse baseline measured in the same run.
//!
//!     cargo bench --bench pipeline [-- PAIR_DIR ...]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use weir::Spec;
use weir::load::parse::parse;
use weir::load::{Locator, Workspace};

/// The allocator `weir` runs with (`src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 15;

fn best(v: Vec<Duration>) -> Duration {
    v.into_iter().min().expect("at least one run")
}

fn time<T>(f: impl Fn() -> T) -> Duration {
    std::hint::black_box(f());
    let mut v = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        std::hint::black_box(f());
        v.push(t.elapsed());
    }
    best(v)
}

fn load(p: &Path) -> Spec {
    let ws = Workspace::open(&Locator::File(p.to_path_buf())).expect("loads");
    weir::load::read_spec(ws, false).expect("reads")
}

fn ms(d: Duration) -> String {
    format!("{:7.1} ms", d.as_secs_f64() * 1000.0)
}

fn bench_pair(dir: &Path) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    files.sort();
    let (base, rev) = (&files[0], &files[1]);
    let texts: Vec<Arc<str>> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap().into())
        .collect();
    let size: usize = texts.iter().map(|t| t.len()).sum();

    let parse_both = time(|| {
        for t in &texts {
            std::hint::black_box(parse("x".into(), t.clone()).unwrap());
        }
    });
    let load_both = time(|| (load(base), load(rev)));
    let (a, b) = (load(base), load(rev));
    let diff_only = time(|| weir::assess::findings(&a, &b));
    let sequential = time(|| {
        let (a, b) = (load(base), load(rev));
        weir::assess::findings(&a, &b)
    });
    let parallel = time(|| {
        let (a, b) = weir::open_pair(
            &Locator::File(base.to_path_buf()),
            &Locator::File(rev.to_path_buf()),
            false,
        )
        .unwrap();
        weir::assess::findings(&a, &b)
    });
    let changes = weir::diff(&a, &b).len();
    let ratio = |d: Duration| d.as_secs_f64() / parse_both.as_secs_f64();
    println!(
        "{}  ({:.1} MB, {changes} changes)",
        dir.file_name().unwrap().to_string_lossy(),
        size as f64 / 1e6
    );
    println!("  parse both (baseline)      {}   1.00x", ms(parse_both));
    println!(
        "  load both (parse + model)  {}   {:.2}x",
        ms(load_both),
        ratio(load_both)
    );
    println!(
        "  diff + rules               {}   {:.2}x",
        ms(diff_only),
        ratio(diff_only)
    );
    println!(
        "  whole job, sequential      {}   {:.2}x",
        ms(sequential),
        ratio(sequential)
    );
    println!(
        "  whole job, as the CLI runs {}   {:.2}x  (both sides loaded in parallel)",
        ms(parallel),
        ratio(parallel)
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let dirs: Vec<PathBuf> = if args.is_empty() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/stripe/pairs");
        let Ok(rd) = std::fs::read_dir(&root) else {
            eprintln!(
                "no corpus at {}; pass pair folders as arguments",
                root.display()
            );
            return;
        };
        let mut v: Vec<PathBuf> = rd.map(|e| e.unwrap().path()).collect();
        v.sort();
        v
    } else {
        args.into_iter().map(PathBuf::from).collect()
    };
    for d in dirs {
        bench_pair(&d);
    }
}
