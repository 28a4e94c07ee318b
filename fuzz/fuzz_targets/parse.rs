//! Raw bytes as a document: parse, check the tree, read as a spec, compare with itself.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    weir_fuzz::check_document(data);
});
