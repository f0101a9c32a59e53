//! The VS Code extension in editors/vscode: its TextMate grammar passes its
//! tests (tokenizing the examples with VS Code's own engine) and the
//! extension packages. Both need Node.js and the extension's npm packages,
//! which `.ci/setup` installs (`npm ci` in editors/vscode).

mod support;

use std::path::PathBuf;
use std::process::Command;

fn extension() -> PathBuf {
    let folder = support::root().join("editors/vscode");
    assert!(
        folder.join("node_modules/vscode-textmate").is_dir(),
        "the extension's npm packages are missing: run `bash .ci/setup`, or `npm ci` in {}",
        folder.display()
    );
    folder
}

fn npm(args: &[&str]) -> std::process::Output {
    let output = Command::new("npm")
        .args(args)
        .current_dir(extension())
        .output()
        .expect("npm runs (Node.js is needed for the editor tests; see README.md)");
    assert!(
        output.status.success(),
        "npm {}:\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn the_textmate_grammar_highlights_the_examples() {
    let output = npm(&["test", "--silent"]);
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(report.contains("# fail 0"), "{report}");
    assert!(!report.contains("# pass 0"), "{report}");
}

#[test]
fn the_extension_packages() {
    let out = tempfile::tempdir().unwrap();
    let vsix = out.path().join("jixiao.vsix");
    npm(&[
        "exec",
        "--",
        "vsce",
        "package",
        "--out",
        vsix.to_str().unwrap(),
    ]);
    let bytes = std::fs::read(&vsix).expect("vsce wrote the package");
    // A .vsix is a zip holding the manifest, the grammar and the client.
    assert!(bytes.starts_with(b"PK"), "not a zip");
    let text = String::from_utf8_lossy(&bytes);
    for entry in [
        "extension/package.json",
        "extension/syntaxes/jixiao.tmLanguage.json",
        "extension/extension.js",
        "extension/node_modules/vscode-languageclient/",
    ] {
        assert!(text.contains(entry), "{entry} missing from the package");
    }
}
