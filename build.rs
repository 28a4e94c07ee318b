//! Embeds every `rules/<id>.toml` in the binary, so adding a rule is adding a file. Each is
//! embedded as JSON: every run of every command reads the catalogue, and serde_json reads it
//! in a fraction of the 3–4 ms the TOML parser takes. A rule file that is not valid TOML fails
//! the build, naming the file; what the rules say is checked when the catalogue is read
//! (`rules::Catalogue`), as before.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    files.sort();
    let mut out = String::from(
        "/// (file stem, contents as JSON) of every rule file.\npub static RULE_FILES: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let stem = f.file_stem().unwrap().to_string_lossy();
        let text = std::fs::read_to_string(f).unwrap();
        let table: toml::Table = toml::from_str(&text)
            .unwrap_or_else(|e| panic!("rule file {} is not valid TOML: {e}", f.display()));
        let json = serde_json::to_string(&table).unwrap();
        writeln!(out, "    ({stem:?}, {json:?}),").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("rule_files.rs");
    std::fs::write(dest, out).unwrap();
}
