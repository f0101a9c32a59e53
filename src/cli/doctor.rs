//! `jixiao doctor`: is everything a build needs on this machine?

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

use jixiao::diag::Lang;
use jixiao::emit::{FONTS, cjk_families, stand_in};

use super::Message;
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
    let mut ok = true;
    let say = |message: Message| println!("{}", message.text(lang));
    let version =
        run(&["--version"], &[]).and_then(|v| v.split_whitespace().nth(1).map(str::to_string));
    match &version {
        None => {
            ok = false;
            say(Message::DoctorNoTypst(executable()));
        }
        Some(v) if version_tuple(v) < version_tuple(VERSION) => {
            ok = false;
            say(Message::DoctorOldTypst(v.clone()));
        }
        Some(v) => say(Message::DoctorTypst {
            version: v.clone(),
            path: executable(),
        }),
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
            say(Message::DoctorNoFont {
                wanted: cjk_families(),
            });
        } else {
            say(Message::DoctorFonts(found));
            // Per role, the family typst draws Chinese with: the first of
            // the role's list it sees.
            for (role, families) in FONTS {
                let family = families
                    .iter()
                    .copied()
                    .filter(|f| *f != "Times New Roman")
                    .find(|f| seen.contains(&f.to_lowercase()));
                say(Message::DoctorRole {
                    role,
                    family,
                    stand_in: family.is_some_and(|f| stand_in(role, f)),
                });
            }
        }
    }
    if ok {
        say(Message::DoctorReady);
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
