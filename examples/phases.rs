fn main() {
    let a = std::env::args().nth(1).unwrap();
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let ws = weir::load::Workspace::open(&weir::load::Locator::parse(&a)).unwrap();
        let t1 = t.elapsed();
        let spec = weir::model::Spec::from_workspace(ws, false).unwrap();
        let t2 = t.elapsed();
        let c = weir::diff::diff(&spec, &spec);
        let t3 = t.elapsed();
        drop(spec);
        let t4 = t.elapsed();
        println!(
            "parse {:?} model {:?} diff(self) {:?} drop {:?} {}",
            t1,
            t2 - t1,
            t3 - t2,
            t4 - t3,
            c.len()
        );
    }
}
