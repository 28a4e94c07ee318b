//! `action.sh cache-key` and `action.sh install`: the prebuilt binary of the action's release
//! from a local server standing in for GitHub's release downloads, checked against its
//! SHA-256 and the hash of the sources it was built from; `cargo install` (a stand-in cargo
//! that records its arguments) whenever the download cannot be used.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::Runner;
use crate::common::*;
use crate::http::{Response, Server};

const VERSION: &str = env!("CARGO_PKG_VERSION");
const TARGET: &str = "x86_64-unknown-linux-musl";

fn executable(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// A runner whose PATH starts with a stand-in cargo: it records its arguments in
/// `cargo.log` and "installs" a weir that says it was built.
struct Install {
    gh: Runner,
    root: String,
    path: String,
}

impl Install {
    fn new() -> Install {
        let gh = Runner::new();
        let bin = gh.file("fakebin");
        std::fs::create_dir_all(&bin).unwrap();
        executable(
            &bin.join("cargo"),
            "#!/bin/sh\necho \"$@\" > \"$FAKE_CARGO_LOG\"\nmkdir -p \"$WEIR_ROOT/bin\"\nprintf '#!/bin/sh\\necho built by cargo\\n' > \"$WEIR_ROOT/bin/weir\"\nchmod +x \"$WEIR_ROOT/bin/weir\"\n",
        );
        let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
        let root = gh.file("toolcache/weir/key").display().to_string();
        Install { gh, root, path }
    }

    fn run(&self, action_path: &Path, env: &[(&str, &str)]) -> Output {
        let log = self.gh.file("cargo.log");
        let mut all = vec![
            ("WEIR_ROOT", self.root.as_str()),
            ("PATH", self.path.as_str()),
            ("FAKE_CARGO_LOG", log.to_str().unwrap()),
            ("GITHUB_ACTION_PATH", action_path.to_str().unwrap()),
            ("RUNNER_ARCH", "X64"),
        ];
        all.extend_from_slice(env);
        self.gh.step(&root(), "install", &all)
    }

    fn cargo_ran(&self) -> bool {
        self.gh.file("cargo.log").exists()
    }

    /// What the installed weir prints.
    fn installed(&self) -> String {
        let o = Command::new(PathBuf::from(&self.root).join("bin/weir"))
            .output()
            .unwrap();
        stdout(&o).trim().to_string()
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("f");
    std::fs::write(&f, bytes).unwrap();
    let o = Command::new("sha256sum").arg(&f).output().unwrap();
    stdout(&o)[..64].to_string()
}

/// The release archive: `weir-VERSION-TARGET/weir`, a script that says it was downloaded.
fn archive() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("weir-{VERSION}-{TARGET}");
    std::fs::create_dir(dir.path().join(&name)).unwrap();
    executable(
        &dir.path().join(&name).join("weir"),
        "#!/bin/sh\necho downloaded weir\n",
    );
    let o = Command::new("tar")
        .args(["-czf", "-", &name])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    o.stdout
}

/// The hash of the action's sources, as `action.sh sources-hash` computes it.
fn sources_hash() -> String {
    let o = Command::new("bash")
        .arg(root().join("scripts/action.sh"))
        .arg("sources-hash")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o).trim().to_string()
}

/// A release `v{VERSION}` under `{prefix}/v{VERSION}/`: the archive, SHA256SUMS (`sums`
/// gives its text from the archive's real hash) and the sources hash.
fn release(prefix: &str, sums: impl Fn(&str) -> String, sources: String) -> Server {
    let archive = archive();
    let asset = format!("weir-{VERSION}-{TARGET}.tar.gz");
    let sums = sums(&sha256_hex(&archive));
    let dir = format!("{prefix}/v{VERSION}");
    Server::start(move |r| {
        let file = r.target.strip_prefix(&dir).unwrap_or("");
        match file.strip_prefix('/') {
            Some(f) if f == asset => Response::new(200, archive.clone()),
            Some("SHA256SUMS") => Response::new(200, sums.clone()),
            Some(f) if f == format!("weir-{VERSION}-sources.sha256") => {
                Response::new(200, format!("{sources}\n"))
            }
            _ => Response::new(404, "Not Found"),
        }
    })
}

fn good_sums(hash: &str) -> String {
    format!(
        "0000  weir-{VERSION}-aarch64-apple-darwin.tar.gz\n{hash}  weir-{VERSION}-{TARGET}.tar.gz\n"
    )
}

#[test]
fn the_release_binary_is_used_when_its_checksum_and_sources_match() {
    let server = release("/releases", good_sums, sources_hash());
    let i = Install::new();
    let url = format!("{}/releases", server.url);
    let o = i.run(&root(), &[("WEIR_RELEASES_URL", &url)]);
    let log = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{log}{}", stderr(&o));
    assert!(log.contains("SHA-256 verified"), "{log}");
    assert!(!i.cargo_ran(), "{log}");
    assert_eq!(i.installed(), "downloaded weir");
    assert_eq!(i.gh.read("path"), format!("{}/bin\n", i.root));
    let asked: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert!(
        asked.contains(&format!(
            "/releases/v{VERSION}/weir-{VERSION}-{TARGET}.tar.gz"
        )),
        "{asked:?}"
    );

    // The next run finds it in the cache and downloads nothing.
    let o = i.run(&root(), &[("WEIR_RELEASES_URL", &url)]);
    assert!(stdout(&o).contains("restored from the cache"));
    assert_eq!(server.requests().len(), asked.len());
}

#[test]
fn a_binary_with_a_wrong_checksum_is_refused_and_weir_is_built() {
    let server = release(
        "/releases",
        |hash| good_sums(&hash.replace(&hash[..4], "ffff")),
        sources_hash(),
    );
    let i = Install::new();
    let url = format!("{}/releases", server.url);
    let o = i.run(&root(), &[("WEIR_RELEASES_URL", &url)]);
    let log = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{log}{}", stderr(&o));
    assert!(
        log.contains(&format!(
            "::warning title=weir::weir-{VERSION}-{TARGET}.tar.gz from {url}/v{VERSION} does not match its SHA-256"
        )),
        "{log}"
    );
    assert!(i.cargo_ran());
    assert_eq!(i.installed(), "built by cargo");
}

#[test]
fn no_archive_for_the_runner_or_no_release_builds_weir() {
    // SHA256SUMS does not list this runner's archive.
    let server = release(
        "/releases",
        |_| format!("0000  weir-{VERSION}-aarch64-apple-darwin.tar.gz\n"),
        sources_hash(),
    );
    let i = Install::new();
    let url = format!("{}/releases", server.url);
    let o = i.run(&root(), &[("WEIR_RELEASES_URL", &url)]);
    assert!(
        stdout(&o).contains(&format!(
            "release v{VERSION} has no weir-{VERSION}-{TARGET}.tar.gz"
        )),
        "{}",
        stdout(&o)
    );
    assert!(i.cargo_ran());
    assert_eq!(i.installed(), "built by cargo");

    // No release of this version at all.
    let i = Install::new();
    let url = format!("{}/elsewhere", server.url);
    let o = i.run(&root(), &[("WEIR_RELEASES_URL", &url)]);
    assert!(
        stdout(&o).contains(&format!("no release v{VERSION} at {url}/v{VERSION}")),
        "{}",
        stdout(&o)
    );
    assert!(i.cargo_ran());

    // A runner there are no binaries for.
    let i = Install::new();
    let o = i.run(
        &root(),
        &[("WEIR_RELEASES_URL", &url), ("RUNNER_ARCH", "ARM")],
    );
    assert!(stdout(&o).contains("no prebuilt binary for Linux ARM"));
    assert!(i.cargo_ran());
}

#[test]
fn a_release_built_from_other_sources_is_not_used() {
    // The action is used at a commit after the release: same version, other code.
    let server = release("/releases", good_sums, "0".repeat(64));
    let i = Install::new();
    let url = format!("{}/releases", server.url);
    let o = i.run(&root(), &[("WEIR_RELEASES_URL", &url)]);
    assert!(
        stdout(&o).contains("was built from other sources than this checkout"),
        "{}",
        stdout(&o)
    );
    assert!(i.cargo_ran());
    assert_eq!(i.installed(), "built by cargo");
}

#[test]
fn the_releases_come_from_the_repository_the_runner_checked_the_action_out_from() {
    // The runner checks `uses: acme/weir@v1` out in …/_actions/acme/weir/v1.
    let server = release("/acme/weir/releases/download", good_sums, sources_hash());
    let actions = tempfile::tempdir().unwrap();
    let checkout = actions.path().join("_actions/acme/weir/v1");
    std::fs::create_dir_all(checkout.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(root(), &checkout).unwrap();
    let i = Install::new();
    let o = i.run(&checkout, &[("GITHUB_SERVER_URL", &server.url)]);
    assert!(stdout(&o).contains("SHA-256 verified"), "{}", stdout(&o));
    assert_eq!(i.installed(), "downloaded weir");

    // A local action (`uses: ./`) has no releases: it is built.
    let i = Install::new();
    let o = i.run(&root(), &[("GITHUB_SERVER_URL", &server.url)]);
    assert!(
        stdout(&o).contains("not a checkout of a GitHub repository"),
        "{}",
        stdout(&o)
    );
    assert!(i.cargo_ran());
}

#[test]
fn the_cache_key_follows_the_sources_and_install_uses_the_cache_or_cargo() {
    let gh = Runner::new();
    let o = gh.step(&root(), "cache-key", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = gh.read("output");
    let key = out
        .lines()
        .find_map(|l| l.strip_prefix("key="))
        .expect("a key output")
        .to_string();
    assert!(key.starts_with("weir-Linux-"), "{out}");
    let root_dir = out
        .lines()
        .find_map(|l| l.strip_prefix("root="))
        .expect("a root output")
        .to_string();
    assert_eq!(
        root_dir,
        gh.file("toolcache")
            .join("weir")
            .join(&key)
            .display()
            .to_string()
    );
    // The same sources, the same key.
    let again = Runner::new();
    again.step(&root(), "cache-key", &[]);
    assert!(again.read("output").contains(&format!("key={key}\n")));

    // A cache miss installs from the action's checkout with cargo: a stand-in cargo on PATH
    // records how it was called and "installs" weir.
    let bin = gh.file("fakebin");
    std::fs::create_dir_all(&bin).unwrap();
    let fake = bin.join("cargo");
    std::fs::write(
        &fake,
        "#!/bin/sh\necho \"$@\" > \"$FAKE_CARGO_LOG\"\nmkdir -p \"$WEIR_ROOT/bin\"\nprintf '#!/bin/sh\\n' > \"$WEIR_ROOT/bin/weir\"\nchmod +x \"$WEIR_ROOT/bin/weir\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let log = gh.file("cargo.log");
    let env = [
        ("WEIR_ROOT", root_dir.as_str()),
        ("PATH", path.as_str()),
        ("FAKE_CARGO_LOG", log.to_str().unwrap()),
    ];
    let o = gh.step(&root(), "install", &env);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        format!(
            "install --locked --path {} --root {root_dir}\n",
            root().display()
        )
    );
    assert_eq!(gh.read("path"), format!("{root_dir}/bin\n"));
    // A cache hit does not build.
    std::fs::remove_file(&log).unwrap();
    let o = gh.step(&root(), "install", &env);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("restored from the cache"));
    assert!(!log.exists());
}

/// What `target_triple` of scripts/action/install.sh says on a runner.
fn triple(os: &str, arch: &str) -> String {
    let o = Command::new("bash")
        .args(["-c", "source scripts/action/install.sh && target_triple"])
        .current_dir(root())
        .env("RUNNER_OS", os)
        .env("RUNNER_ARCH", arch)
        .output()
        .unwrap();
    assert!(o.status.success(), "{os} {arch}: {}", stderr(&o));
    stdout(&o).trim().to_string()
}

#[test]
fn release_yml_builds_the_archive_the_action_downloads_on_every_hosted_runner() {
    let workflow = std::fs::read_to_string(root().join(".github/workflows/release.yml")).unwrap();
    // The assets' names: what install.sh fetches is what release.yml uploads.
    for named in [
        "name=\"weir-$VERSION-$TARGET\"",
        "tar -czf \"$name.tar.gz\" \"$name\"",
        "\"dist/weir-$version-sources.sha256\"",
        "sha256sum -- * >SHA256SUMS",
        "tags: [\"v[0-9]+.[0-9]+.[0-9]+*\"]",
    ] {
        assert!(workflow.contains(named), "release.yml: {named}");
    }
    // The shipped binary carries no debug info (56 MB with it, 11.6 MB without on x86_64
    // Linux): release.yml builds the release profile, which has none.
    assert!(workflow.contains("cargo build --release --locked --target \"$TARGET\""));
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("[profile.release]\ndebug = false\nstrip = \"debuginfo\"\n"),
        "Cargo.toml's release profile"
    );
    let script = std::fs::read_to_string(root().join("scripts/action/install.sh")).unwrap();
    assert!(script.contains("asset=\"weir-$version-$target.tar.gz\""));
    assert!(script.contains("\"$url/weir-$version-sources.sha256\""));
    // Every GitHub-hosted runner's OS and architecture (RUNNER_OS, RUNNER_ARCH).
    for (os, arch) in [
        ("Linux", "X64"),
        ("Linux", "ARM64"),
        ("macOS", "X64"),
        ("macOS", "ARM64"),
        ("Windows", "X64"),
    ] {
        let target = triple(os, arch);
        assert!(
            workflow.contains(&format!("- {{ target: {target}, os: ")),
            "{os} {arch}: release.yml builds no {target}"
        );
    }
}
