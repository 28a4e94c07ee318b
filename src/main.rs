/// mimalloc rather than the C library's malloc: a diff allocates and frees hundreds of
/// thousands of small blocks (trees, values, findings, witness payloads) on several threads,
/// and glibc's malloc spent a third of the witness search's instructions; with mimalloc a
/// diff of thousands of changes takes 15 % less time (benches/README.md, 2026-12-05).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    weir::main()
}
