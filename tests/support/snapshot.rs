//! Snapshot files of the native integration tests (`tests/snapshots/`), shared by
//! `tests/controls.rs` and `tests/evolution.rs` (`#[path]`-included: not a test of its own).

use std::path::Path;

/// Whether `UPDATE_SNAPSHOTS` (other than `0`) asks to rewrite the snapshots.
pub fn updating() -> bool {
    std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v != "0")
}

/// Compares `actual` with the snapshot at `path` (or writes it when [`updating`]): `None` when
/// they agree, else where they first differ.
pub fn differs(path: &Path, actual: &str) -> Option<String> {
    if updating() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("snapshot dir");
        }
        std::fs::write(path, actual).expect("snapshot written");
        return None;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    let show = |s: &str| s.lines().nth(line).unwrap_or("<end of file>").to_owned();
    Some(format!(
        "{}: differs from line {}:\n  snapshot: {}\n  derived:  {}",
        path.display(),
        line + 1,
        show(&expected),
        show(actual),
    ))
}
