fn main() {
    for a in std::env::args().skip(1) {
        let t = std::time::Instant::now();
        match weir::model::Spec::load(&weir::load::Locator::parse(&a)) {
            Ok(s) => println!(
                "{a}: ok {} ops {} schemas {:?}",
                s.operations.len(),
                s.schemas.len(),
                t.elapsed()
            ),
            Err(e) => println!("{a}: ERR {e} {:?}", e.place()),
        }
    }
}
