//! Turn a fuzzer's input into the files it stands for, for `fixtures/fuzz-regressions/`:
//!
//! ```sh
//! cargo run --manifest-path fuzz/Cargo.toml --bin export -- TARGET INPUT OUT_DIR
//! ```
//!
//! `parse` inputs are copied as they are (`OUT_DIR/input`); `resolve` inputs become the
//! files of one spec (`OUT_DIR/openapi.yaml`, …); `diff` inputs become `OUT_DIR/base/…` and
//! `OUT_DIR/revision/…`.

use std::path::Path;

use arbitrary::{Arbitrary, Unstructured};

fn write_all(dir: &Path, files: &[(String, String)]) {
    for (key, text) in files {
        let p = dir.join(key);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, target, input, out] = args.as_slice() else {
        eprintln!("usage: export parse|resolve|diff INPUT OUT_DIR");
        std::process::exit(2);
    };
    let data = std::fs::read(input).expect("the input can be read");
    let out = Path::new(out);
    std::fs::create_dir_all(out).unwrap();
    let u = Unstructured::new(&data);
    match target.as_str() {
        "parse" => std::fs::write(out.join("input"), &data).unwrap(),
        "resolve" => {
            let files = weir_fuzz::Files::arbitrary_take_rest(u).expect("an input");
            write_all(out, &files.render());
        }
        "diff" => {
            let pair = weir_fuzz::Pair::arbitrary_take_rest(u).expect("an input");
            write_all(&out.join("base"), &pair.base.render());
            write_all(&out.join("revision"), &pair.revision.render());
        }
        other => panic!("no target `{other}`"),
    }
}
