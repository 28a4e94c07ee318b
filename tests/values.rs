//! Values written in a spec compared by meaning (`weir::diff::value`): the borrowed keys and
//! the part-by-part comparison agree with the canonical texts they stand for, and a long value
//! is shown by the start of its text. Here rather than beside the code: the diff never names
//! the loaders, and these need a parsed tree.

use weir::diff::value::{canonical, canonical_key, display, same_nodes};
use weir::load::parse::parse;

/// The borrowed keys sort and equate exactly as the texts they stand for: a string that is
/// a prefix of another, quotes, escapes, numbers, objects and arrays mixed.
#[test]
fn canonical_keys_order_as_canonical_texts() {
    let src = "[a, ab, 'a b', a!, '', b, 'a\"b', 'a\\b', \"a\\tb\", 1, 1.0, -2, true, null, \
               {k: v}, [x], 'a', \"ab\", '1', zz, a0]";
    let tree = parse("t.yaml".into(), src.into()).unwrap();
    let items = tree.items(tree.root()).unwrap();
    for &x in items {
        for &y in items {
            let by_text = canonical(&tree, x).cmp(&canonical(&tree, y));
            let by_key = canonical_key(&tree, x).cmp(&canonical_key(&tree, y));
            assert_eq!(
                by_key,
                by_text,
                "{} vs {}",
                canonical(&tree, x),
                canonical(&tree, y)
            );
        }
    }
}

/// Values compared part by part are the same exactly when their texts are: maps in
/// another key order, `1.0` and `1`, quoting, lengths and kinds that differ.
#[test]
fn same_nodes_are_those_with_the_same_text() {
    let src = "[{a: 1, b: [x, 'y']}, {b: [x, y], a: 1.0}, {b: [x, y], a: 2}, {a: 1}, \
               {a: 1, c: [x, y]}, [x, y], [x, y, z], [y, x], ['1', 1], [\"1\", 1.0], \
               {}, [], '', null, ~, {a: {b: {c: d}}}, {a: {b: {c: e}}}, 'a\"b', \"a\\\"b\"]";
    let tree = parse("t.yaml".into(), src.into()).unwrap();
    let items = tree.items(tree.root()).unwrap();
    for &x in items {
        for &y in items {
            let by_text = canonical(&tree, x) == canonical(&tree, y);
            let by_parts = same_nodes(&tree, x, &tree, y);
            assert_eq!(
                by_parts,
                by_text,
                "{} vs {}",
                canonical(&tree, x),
                canonical(&tree, y)
            );
        }
    }
}

/// A value shown by its start reads as if the whole text had been written and cut.
#[test]
fn a_long_value_is_shown_by_the_start_of_its_whole_text() {
    let long = "line \\\"quoted\\\"\\n".repeat(40);
    let src = format!(
        "[{{b: \"{long}\", a: [1, 2.0, x]}}, [\"{long}\"], {{a: 1}}, [{}], {{k: [[[[[[x]]]]]]}}]",
        "é, ".repeat(120)
    );
    assert_shown_as_cut(&src, "");
}

/// Each item of the sequence `src` is shown as its whole canonical text, cut to 77
/// characters and an ellipsis when longer than 80.
fn assert_shown_as_cut(src: &str, case: &str) {
    let tree = parse("t.yaml".into(), src.into()).unwrap();
    for &n in tree.items(tree.root()).unwrap() {
        let whole = canonical(&tree, n);
        let expected = if whole.chars().count() > 80 {
            format!("{}…", whole.chars().take(77).collect::<String>())
        } else {
            whole
        };
        assert_eq!(display(&tree, n), expected, "{case}");
    }
}

/// The same wherever the text reaches the length at which showing stops writing: in a run
/// that needs no escape, at an escape, inside a character of four bytes.
#[test]
fn a_value_cut_anywhere_is_shown_as_its_whole_text_cut() {
    let tails = [
        "x".repeat(400),
        "\\\"".repeat(200),
        "😀".repeat(100),
        "ab\\n".repeat(100),
    ];
    for pad in 0..340 {
        for tail in &tails {
            let src = format!(
                "[{{k: \"{}{tail}\"}}, [\"{}{tail}\"]]",
                "p".repeat(pad),
                "q".repeat(pad)
            );
            assert_shown_as_cut(&src, &format!("pad {pad}"));
        }
    }
}
