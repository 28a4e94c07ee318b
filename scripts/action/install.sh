# shellcheck shell=bash disable=SC2154  # (globals of scripts/action.sh, which sources this file)
# Installing weir for the action (sourced by scripts/action.sh): the prebuilt binary of the
# action's own release when there is one that matches, else `cargo install` of the action's
# checkout.
#
# A prebuilt binary is used only when all of this holds, and otherwise weir is built:
# - the release `v<version of Cargo.toml>` exists where releases are downloaded from
#   (WEIR_RELEASES_URL, else the GitHub releases of the repository the action was checked out
#   from);
# - it was built from exactly the action's sources (its `weir-VERSION-sources.sha256` equals
#   the hash of this checkout's Cargo.toml, Cargo.lock, build.rs, src/ and rules/): an action
#   used at a branch or commit after the release gets the code it names, not the release's;
# - it has an archive for this runner, listed in its SHA256SUMS, whose SHA-256 matches.

# The folder of the release tags' downloads: `BASE/vX.Y.Z/ASSET`.
releases_url() {
  if [ -n "${WEIR_RELEASES_URL:-}" ]; then
    echo "$WEIR_RELEASES_URL"
    return
  fi
  # The runner checks an action out in …/_actions/OWNER/REPO/REF (github.action_repository
  # is not set for the steps of a composite action).
  case "$action_path" in
    */_actions/*/*/*)
      local rest="${action_path##*/_actions/}"
      local owner="${rest%%/*}"
      rest="${rest#*/}"
      echo "${GITHUB_SERVER_URL:-https://github.com}/$owner/${rest%%/*}/releases/download"
      ;;
  esac
}

# The package version in the action's Cargo.toml (its first `version =` line).
package_version() {
  sed -n 's/^version = "\(.*\)"$/\1/p' "$action_path/Cargo.toml" | head -n 1
}

# The Rust target of the release archive for this runner.
target_triple() {
  case "${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}" in
    Linux-X64 | Linux-x86_64) echo x86_64-unknown-linux-musl ;;
    Linux-ARM64 | Linux-aarch64) echo aarch64-unknown-linux-musl ;;
    macOS-X64 | Darwin-x86_64) echo x86_64-apple-darwin ;;
    macOS-ARM64 | Darwin-arm64) echo aarch64-apple-darwin ;;
    Windows-X64) echo x86_64-pc-windows-msvc ;;
    *) return 1 ;;
  esac
}

fetch() {
  curl --fail --silent --show-error --location --retry 2 --connect-timeout 10 -o "$2" "$1"
}

# Puts the release's weir in $1/bin; fails (saying why) when it cannot be used.
install_prebuilt() {
  local root="$1" base version target asset dir
  base="$(releases_url)"
  if [ -z "$base" ]; then
    echo "weir: the action is not a checkout of a GitHub repository, so there is no release to download"
    return 1
  fi
  version="$(package_version)"
  if ! target="$(target_triple)"; then
    echo "weir: no prebuilt binary for ${RUNNER_OS:-?} ${RUNNER_ARCH:-?}"
    return 1
  fi
  asset="weir-$version-$target.tar.gz"
  dir="$(mktemp -d)"
  local url="$base/v$version"
  if ! fetch "$url/weir-$version-sources.sha256" "$dir/sources" || ! fetch "$url/SHA256SUMS" "$dir/SHA256SUMS"; then
    echo "weir: no release v$version at $url"
    return 1
  fi
  if [ "$(tr -d ' \r\n' <"$dir/sources")" != "$(sources_hash)" ]; then
    echo "weir: release v$version was built from other sources than this checkout of the action"
    return 1
  fi
  local want got
  want="$(awk -v a="$asset" '$2 == a || $2 == "*" a { print $1 }' "$dir/SHA256SUMS")"
  if [ -z "$want" ] || ! fetch "$url/$asset" "$dir/$asset"; then
    echo "weir: release v$version has no $asset"
    return 1
  fi
  got="$(sha256 <"$dir/$asset" | cut -d' ' -f1)"
  if [ "$got" != "$want" ]; then
    echo "::warning title=weir::$asset from $url does not match its SHA-256 in SHA256SUMS (got $got, expected $want): refusing it"
    return 1
  fi
  local exe=""
  case "$target" in *windows*) exe=".exe" ;; esac
  mkdir -p "$dir/x" "$root/bin"
  tar -xzf "$dir/$asset" -C "$dir/x"
  cp "$dir/x/weir-$version-$target/weir$exe" "$root/bin/weir$exe"
  chmod +x "$root/bin/weir$exe"
  echo "weir $version ($target) downloaded from $url, SHA-256 verified: $("$root/bin/weir$exe" --version)"
}

install() {
  local root="${WEIR_ROOT:?WEIR_ROOT: where to install weir (the cache-key step says)}"
  if [ -x "$root/bin/weir" ] || [ -x "$root/bin/weir.exe" ]; then
    echo "weir restored from the cache: $root/bin"
  elif ! install_prebuilt "$root"; then
    echo "weir: building it from the action's checkout instead"
    if ! command -v cargo >/dev/null 2>&1; then
      echo "::group::Installing Rust"
      curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
      # shellcheck disable=SC1091
      source "$HOME/.cargo/env"
      echo "::endgroup::"
    fi
    echo "::group::cargo install weir"
    cargo install --locked --path "$action_path" --root "$root"
    echo "::endgroup::"
  fi
  emit "${GITHUB_PATH:-}" "$root/bin"
}
