//! One stage of the pipeline, for instruction counts under valgrind (`--tool=callgrind`), which
//! are repeatable where wall-clock times on a shared machine are not:
//!
//!     valgrind --tool=callgrind target/release/examples/job parse BASE REVISION
//!     valgrind --tool=callgrind target/release/examples/job diff BASE REVISION
use std::sync::Arc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (mode, base, rev) = (&args[1], &args[2], &args[3]);
    match mode.as_str() {
        "parse" => {
            for f in [base, rev] {
                let text: Arc<str> = std::fs::read_to_string(f).unwrap().into();
                std::hint::black_box(weir::load::parse::parse(f.clone(), text).unwrap());
            }
        }
        "diff" => {
            let load =
                |f: &String| weir::model::Spec::load(&weir::load::Locator::File(f.into())).unwrap();
            let (a, b) = (load(base), load(rev));
            let findings = weir::rules::classify(weir::diff::diff(&a, &b));
            std::hint::black_box(findings);
        }
        _ => panic!("mode: parse | diff"),
    }
}
