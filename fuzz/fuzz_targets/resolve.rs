//! Generated files that `$ref` each other, read as one spec.
#![no_main]

libfuzzer_sys::fuzz_target!(|files: weir_fuzz::Files| {
    weir_fuzz::check_files(&files.render());
});
