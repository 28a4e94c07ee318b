//! Two generated specs, diffed both ways, classified and rendered.
#![no_main]

libfuzzer_sys::fuzz_target!(|pair: weir_fuzz::Pair| {
    weir_fuzz::check_files_pair(&pair.base.render(), &pair.revision.render());
});
