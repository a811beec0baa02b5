fn main() -> std::process::ExitCode {
    policylab::cli::run()
}
