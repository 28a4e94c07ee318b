fn main() -> std::process::ExitCode {
    weir::main()
}
