//! `jixiao doctor`: is everything a build needs on this machine?

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

use jixiao::diag::Lang;
use jixiao::emit::cjk_families;

use super::typst::{VERSION, executable};

/// `0.15.1` → (0, 15, 1); anything unreadable is (0, 0, 0).
fn version_tuple(v: &str) -> (u32, u32, u32) {
    let mut parts = v.split(['.', '-', '+']).map(|p| p.parse().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

fn run(args: &[&str], font_paths: &[PathBuf]) -> Option<String> {
    let mut command = Command::new(executable());
    command.args(args);
    for dir in font_paths {
        command.arg("--font-path").arg(dir);
    }
    let out = command
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Checks the typst CLI and the Chinese fonts it sees; exit 1 when
/// something is missing, with what to do about it.
pub fn doctor(font_paths: &[PathBuf], lang: Lang) -> ExitCode {
    let zh = lang == Lang::Zh;
    let mut ok = true;
    let install = format!("cargo install typst-cli --locked --version {VERSION}");
    let version =
        run(&["--version"], &[]).and_then(|v| v.split_whitespace().nth(1).map(str::to_string));
    match &version {
        None => {
            ok = false;
            if zh {
                println!(
                    "✗ typst：找不到（{}）\n  安装：{install}\n  或用环境变量 JIXIAO_TYPST 指定 typst 的路径",
                    executable().display()
                );
            } else {
                println!(
                    "✗ typst: not found ({})\n  install it: {install}\n  or set JIXIAO_TYPST to its path",
                    executable().display()
                );
            }
        }
        Some(v) if version_tuple(v) < version_tuple(VERSION) => {
            ok = false;
            if zh {
                println!("✗ typst {v}：版本太旧，需要 {VERSION} 或更新\n  升级：{install}");
            } else {
                println!(
                    "✗ typst {v}: too old, {VERSION} or newer is needed\n  upgrade: {install}"
                );
            }
        }
        Some(v) => {
            if zh {
                println!("✓ typst {v}（{}）", executable().display());
            } else {
                println!("✓ typst {v} ({})", executable().display());
            }
        }
    }
    if version.is_some() {
        let fonts = run(&["fonts"], font_paths).unwrap_or_default();
        let seen: Vec<String> = fonts.lines().map(|l| l.trim().to_lowercase()).collect();
        let found: Vec<&str> = cjk_families()
            .into_iter()
            .filter(|f| seen.contains(&f.to_lowercase()))
            .collect();
        if found.is_empty() {
            ok = false;
            let wanted = cjk_families().join(", ");
            if zh {
                println!(
                    "✗ 中文字体：typst 找不到任何一种（PDF 会缺字）\n  需要其中之一：{wanted}\n  Debian/Ubuntu：sudo apt-get install fonts-noto-cjk；Windows 自带 SimSun 等；也可以用 --font-path 指定字体文件夹"
                );
            } else {
                println!(
                    "✗ Chinese fonts: typst sees none (the PDF would show empty boxes)\n  one of these is needed: {wanted}\n  Debian/Ubuntu: sudo apt-get install fonts-noto-cjk; Windows has SimSun; or point --font-path at a folder of fonts"
                );
            }
        } else if zh {
            println!("✓ 中文字体：{}", found.join("、"));
        } else {
            println!("✓ Chinese fonts: {}", found.join(", "));
        }
    }
    if ok {
        println!(
            "{}",
            if zh {
                "一切就绪，可以生成 PDF。"
            } else {
                "All set: PDFs can be built."
            }
        );
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests {
    use super::version_tuple;

    #[test]
    fn versions_compare_numerically() {
        assert!(version_tuple("0.9.0") < version_tuple("0.15.1"));
        assert!(version_tuple("0.15.1") <= version_tuple("0.15.1"));
        assert!(version_tuple("0.16.0-rc1") > version_tuple("0.15.1"));
    }
}
