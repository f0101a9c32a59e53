//! Fonts once: the font files typst would use for the families of
//! [`FONTS`], found once and kept in the user's cache folder, so that each
//! typst run loads only those (`--ignore-system-fonts --font-path DIR`, DIR
//! a folder of links to them) instead of finding and reading every font of
//! the system.
//!
//! The result is the same PDF, byte for byte, when typst would take every
//! character from those files anyway. So the restricted fonts are used only
//! when each character of the source is drawn by a font of every role
//! (typst looks for a character in the role's families first, and only
//! then through all the fonts it knows), when no two of the files hold the
//! same face (which of two typst takes may depend on the order it finds
//! them), and when `typst fonts` sees the families of [`FONTS`] that the
//! files hold and no other. Otherwise, or when anything fails, typst finds
//! its fonts itself.
//!
//! The cache (`fonts.json` in the user's cache folder) is keyed by the
//! typst executable (path, modification time, size and version), the
//! families of [`FONTS`], every font file found (path and modification
//! time) and the folders holding them, up to their `fonts` folder: a font
//! installed, removed or changed there means a new search.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::UNIX_EPOCH;

use jixiao::emit::FONTS;
use serde::{Deserialize, Serialize};

use super::typst;

/// The font files of [`FONTS`], as typst is to be given them.
pub struct Fonts {
    /// A folder holding a link to each file.
    dir: PathBuf,
    /// The characters every role draws from these files, as sorted,
    /// disjoint, inclusive ranges.
    covered: Vec<(u32, u32)>,
    /// The families of [`FONTS`] these files hold, lower-cased.
    families: BTreeSet<String>,
}

impl Fonts {
    /// The folder to pass with `--font-path`.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `source` naming only the families these files hold
    /// ([`jixiao::emit::narrow_fonts`]), as it is to be given to typst
    /// with them; `source` itself when it cannot be narrowed.
    pub fn narrow<'a>(&self, source: &'a str) -> Cow<'a, str> {
        jixiao::emit::narrow_fonts(source, |f| self.families.contains(&f.to_lowercase()))
            .map_or(Cow::Borrowed(source), Cow::Owned)
    }

    /// Whether typst would draw every character of `source` from these
    /// files. The source's own line breaks are no text; a character given
    /// by an escape (`\u{7}`, which [`jixiao::emit::lit`] writes for a
    /// control character) is not known, so it is not covered.
    pub fn cover(&self, source: &str) -> bool {
        // The range of the last character looked up (none yet): most
        // characters fall in the range of the one before them (a run of
        // Chinese, of ASCII).
        let mut last: Option<(u32, u32)> = None;
        !source.contains("\\u{")
            && source.chars().all(|c| {
                if matches!(c, '\n' | '\r') {
                    return true;
                }
                let c = u32::from(c);
                if last.is_some_and(|(start, end)| (start..=end).contains(&c)) {
                    return true;
                }
                let i = self.covered.partition_point(|&(_, end)| end < c);
                match self.covered.get(i) {
                    Some(&(start, end)) if start <= c => {
                        last = Some((start, end));
                        true
                    }
                    _ => false,
                }
            })
    }
}

/// The fonts for this process's typst runs, found (or read from the cache)
/// at the first call; `None` when typst is to find its fonts itself.
pub fn fonts() -> Option<&'static Fonts> {
    static FONTS_ONCE: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS_ONCE.get_or_init(load).as_ref()
}

/// A file or folder and its modification time (nanoseconds since 1970).
#[derive(Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Clone, Debug)]
struct Stamp {
    path: PathBuf,
    modified: u64,
    size: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(Stamp {
            path: path.to_path_buf(),
            modified: u64::try_from(modified.as_nanos()).ok()?,
            size: if meta.is_dir() { 0 } else { meta.len() },
        })
    }

    fn current(&self) -> bool {
        Stamp::of(&self.path).as_ref() == Some(self)
    }
}

#[derive(Serialize, Deserialize)]
struct Cache {
    typst: Stamp,
    version: String,
    families: Vec<String>,
    files: Vec<Stamp>,
    dirs: Vec<Stamp>,
    /// The files holding a face of a family of [`FONTS`]; `None` when
    /// typst must find its fonts itself (see the module's comment).
    resolved: Option<Vec<PathBuf>>,
    covered: Vec<(u32, u32)>,
    /// The families of [`FONTS`] the resolved files hold (typst's names,
    /// lower-cased).
    found: BTreeSet<String>,
}

impl Cache {
    fn current(&self, typst: &Stamp) -> bool {
        &self.typst == typst
            && self.families == families()
            && self.files.iter().chain(&self.dirs).all(Stamp::current)
    }
}

/// The families of [`FONTS`], role by role, in order.
fn families() -> Vec<String> {
    FONTS
        .iter()
        .flat_map(|(role, list)| {
            std::iter::once(format!("{role}:")).chain(list.iter().map(|f| f.to_string()))
        })
        .collect()
}

fn load() -> Option<Fonts> {
    // Fonts named by the user go to typst as they are, with the system's.
    if std::env::var_os("TYPST_FONT_PATHS").is_some()
        || std::env::var_os("TYPST_IGNORE_SYSTEM_FONTS").is_some()
    {
        return None;
    }
    let folder = dirs::cache_dir()?.join("jixiao");
    let file = folder.join("fonts.json");
    let exe = Stamp::of(&typst::located()?)?;
    let cached = std::fs::read(&file)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Cache>(&bytes).ok())
        .filter(|c| c.current(&exe));
    let cache = match cached {
        Some(cache) => cache,
        None => {
            let cache = search(exe)?;
            std::fs::create_dir_all(&folder).ok()?;
            let json = serde_json::to_vec(&cache).ok()?;
            let temporary = tempfile::NamedTempFile::new_in(&folder).ok()?;
            std::fs::write(temporary.path(), json).ok()?;
            temporary.persist(&file).ok()?;
            cache
        }
    };
    let dir = links(&folder, cache.resolved.as_deref()?)?;
    Some(Fonts {
        dir,
        covered: cache.covered,
        families: cache.found,
    })
}

/// The folder of links to `files` in `folder` (made once, named after the
/// files).
fn links(folder: &Path, files: &[PathBuf]) -> Option<PathBuf> {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325; // FNV-1a
    for file in files {
        for byte in file.to_string_lossy().bytes().chain([0]) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    let dir = folder.join(format!("fonts-{hash:016x}"));
    if dir.is_dir() {
        return Some(dir);
    }
    let building = tempfile::Builder::new()
        .prefix(".fonts-")
        .tempdir_in(folder)
        .ok()?;
    for (i, file) in files.iter().enumerate() {
        let name = format!("{i}-{}", file.file_name()?.to_string_lossy());
        link(file, &building.path().join(name)).ok()?;
    }
    let building = building.keep();
    // Another jixiao may have made it meanwhile: then its folder is used.
    if std::fs::rename(&building, &dir).is_err() {
        let _ = std::fs::remove_dir_all(&building);
    }
    dir.is_dir().then_some(dir)
}

#[cfg(unix)]
fn link(file: &Path, at: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(file, at)
}

#[cfg(not(unix))]
fn link(file: &Path, at: &Path) -> std::io::Result<()> {
    std::fs::hard_link(file, at)
}

/// Searches the system's fonts as typst does (fontdb), for the files
/// holding a face of a family of [`FONTS`]. `None` when the search
/// failed; a cache without files when they cannot be used.
fn search(exe: Stamp) -> Option<Cache> {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let roles: Vec<Vec<String>> = FONTS
        .iter()
        .map(|(_, list)| list.iter().map(|f| f.to_lowercase()).collect())
        .collect();
    let mut files = BTreeSet::new();
    let mut resolved = BTreeSet::new();
    let mut usable = true;
    let mut found_families = BTreeSet::new();
    let mut faces: HashMap<String, PathBuf> = HashMap::new();
    let mut coverage: Vec<Vec<u64>> = vec![vec![0; 0x11_0000 / 64]; roles.len()];
    for face in db.faces() {
        let fontdb::Source::File(path) = &face.source else {
            continue;
        };
        files.insert(path.clone());
        // typst names a face differently from fontdb (its family, style
        // words taken off), so the face's name table is read only when a
        // name fontdb gives may be one of ours.
        let near = |ours: &String| {
            face.families.iter().any(|(f, _)| {
                let f = f.to_lowercase();
                f.starts_with(ours.as_str()) || ours.starts_with(&f)
            })
        };
        if !roles.iter().flatten().any(near) {
            continue;
        }
        let (name, chars) = db.with_face_data(face.id, |data, index| {
            let parsed = ttf_parser::Face::parse(data, index).ok()?;
            let name = typst_family(&parsed)?.to_lowercase();
            let mut chars = Vec::new();
            if roles.iter().flatten().any(|f| *f == name) {
                for table in parsed.tables().cmap?.subtables {
                    if table.is_unicode() {
                        table.codepoints(|c| chars.push(c));
                    }
                }
            }
            Some((name, chars))
        })??;
        let of_role = |role: &Vec<String>| role.contains(&name);
        if !roles.iter().any(of_role) {
            continue;
        }
        // The same face in two files: which typst takes is not known.
        let key = format!(
            "{name} {:?} {:?} {:?}",
            face.style, face.weight, face.stretch
        );
        if faces.insert(key, path.clone()).is_some_and(|p| &p != path) {
            usable = false;
        }
        resolved.insert(path.clone());
        found_families.insert(name.clone());
        for (role, bits) in roles.iter().zip(&mut coverage) {
            if of_role(role) {
                for &c in &chars {
                    if let Some(word) = bits.get_mut(c as usize / 64) {
                        *word |= 1 << (c % 64);
                    }
                }
            }
        }
    }
    // typst must see the families of ours that the files hold, and no
    // other: else it finds its fonts otherwise than this search did.
    let listed = typst::listed_families()?;
    let ours: BTreeSet<String> = roles.iter().flatten().cloned().collect();
    let seen: BTreeSet<String> = listed
        .lines()
        .map(|l| l.trim().to_lowercase())
        .filter(|f| ours.contains(f))
        .collect();
    let found: BTreeSet<String> = found_families.intersection(&ours).cloned().collect();
    if seen != found {
        usable = false;
    }
    let files: Vec<Stamp> = files.iter().map(|f| Stamp::of(f)).collect::<Option<_>>()?;
    let dirs: BTreeSet<PathBuf> = files.iter().flat_map(|f| font_folders(&f.path)).collect();
    Some(Cache {
        typst: exe,
        version: typst::version_string()?,
        families: families(),
        files,
        dirs: dirs.iter().map(|d| Stamp::of(d)).collect::<Option<_>>()?,
        resolved: usable.then(|| resolved.into_iter().collect()),
        covered: ranges(&intersection(&coverage)),
        found,
    })
}

/// A face's family as typst lists it: the English family name (name 1) with
/// the words of style, weight and width at its end taken off
/// ("Noto Serif CJK SC Bold" → "Noto Serif CJK SC", "AR PL UKai CN" → "AR
/// PL UKai", CN being short for condensed), as typst 0.15 does. Were the
/// two ever to differ, `typst fonts` would list another family than this
/// search found, and typst would find its fonts itself.
fn typst_family(face: &ttf_parser::Face) -> Option<String> {
    let names = || {
        face.names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::FAMILY && n.is_unicode())
    };
    let family = names()
        .find(|n| n.language() == ttf_parser::Language::English_UnitedStates)
        .and_then(|n| n.to_string())
        .or_else(|| names().find_map(|n| n.to_string()))?;
    Some(trim_style(&family).to_string())
}

/// `family` without the style words at its end.
fn trim_style(family: &str) -> &str {
    const MODIFIERS: &[&str] = &[
        "extra", "ext", "ex", "x", "semi", "sem", "sm", "demi", "dem", "ultra",
    ];
    const STYLES: &[&str] = &[
        "normal",
        "italic",
        "oblique",
        "slanted",
        "thin",
        "th",
        "hairline",
        "light",
        "lt",
        "regular",
        "medium",
        "med",
        "md",
        "bold",
        "bd",
        "demi",
        "extb",
        "black",
        "blk",
        "bk",
        "heavy",
        "narrow",
        "condensed",
        "cond",
        "cn",
        "cd",
        "compressed",
        "expanded",
        "exp",
    ];
    let style = |word: &str| {
        let word = word.to_lowercase();
        STYLES.contains(&word.as_str())
            || MODIFIERS.iter().any(|m| {
                word.strip_prefix(m)
                    .is_some_and(|rest| STYLES.contains(&rest))
            })
    };
    let modifier = |word: &str| MODIFIERS.contains(&word.to_lowercase().as_str());
    let separator = |c: char| matches!(c, ' ' | '-' | '_');
    let mut end = family.len();
    loop {
        let kept = family[..end].trim_end_matches(separator);
        let Some(start) = kept.rfind(separator).map(|i| i + 1) else {
            return kept;
        };
        let word = &kept[start..];
        if style(word) || (modifier(word) && end < family.len()) {
            end = start;
        } else {
            return kept;
        }
    }
}

/// The folders above a font file up to its `fonts` folder (`Fonts`,
/// `.fonts`), where a new font would change a modification time.
fn font_folders(file: &Path) -> Vec<PathBuf> {
    let mut folders = Vec::new();
    for dir in file.ancestors().skip(1) {
        if dir.parent().is_none() {
            break;
        }
        folders.push(dir.to_path_buf());
        let name = dir.file_name().map(|n| n.to_string_lossy().to_lowercase());
        if matches!(name.as_deref(), Some("fonts" | ".fonts")) {
            break;
        }
    }
    folders
}

fn intersection(sets: &[Vec<u64>]) -> Vec<u64> {
    let mut all = vec![u64::MAX; 0x11_0000 / 64];
    for set in sets {
        for (a, b) in all.iter_mut().zip(set) {
            *a &= b;
        }
    }
    all
}

/// The characters of a bit set as sorted inclusive ranges.
fn ranges(bits: &[u64]) -> Vec<(u32, u32)> {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for (i, &word) in bits.iter().enumerate() {
        for bit in 0..64 {
            if word & (1 << bit) == 0 {
                continue;
            }
            let c = (i * 64 + bit) as u32;
            match ranges.last_mut() {
                Some((_, end)) if *end + 1 == c => *end = c,
                _ => ranges.push((c, c)),
            }
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_are_covered_by_ranges() {
        let mut bits = vec![0u64; 0x11_0000 / 64];
        for c in ['a', 'b', 'c', '中', '😀'] {
            bits[c as usize / 64] |= 1 << (c as u32 % 64);
        }
        let covered = ranges(&bits);
        assert_eq!(covered, [(97, 99), (0x4e2d, 0x4e2d), (0x1f600, 0x1f600)]);
        let fonts = Fonts {
            dir: PathBuf::new(),
            covered,
            families: BTreeSet::new(),
        };
        assert!(fonts.cover("abc中😀"));
        assert!(fonts.cover("a\nb\r\nc"));
        assert!(fonts.cover(""));
        assert!(!fonts.cover("a\tb"));
        assert!(!fonts.cover(r#""a\u{7}b""#));
        assert!(!fonts.cover("abcd"));
        assert!(!fonts.cover("文"));
    }

    #[test]
    fn style_words_come_off_a_family_as_typst_takes_them_off() {
        assert_eq!(trim_style("Noto Serif CJK SC Bold"), "Noto Serif CJK SC");
        assert_eq!(trim_style("AR PL UKai CN"), "AR PL UKai");
        assert_eq!(trim_style("AR PL UKai HK"), "AR PL UKai HK");
        assert_eq!(trim_style("FandolFang R"), "FandolFang R");
        assert_eq!(
            trim_style("Source Han Sans SC Semi Bold"),
            "Source Han Sans SC"
        );
        assert_eq!(trim_style("Foo ExtraLight Italic"), "Foo");
        assert_eq!(trim_style("Bold"), "Bold");
        assert_eq!(trim_style("SimSun"), "SimSun");
    }

    #[test]
    fn a_font_file_stamps_its_folders_up_to_the_fonts_folder() {
        assert_eq!(
            font_folders(Path::new("/usr/share/fonts/opentype/noto/a.ttc")),
            [
                PathBuf::from("/usr/share/fonts/opentype/noto"),
                PathBuf::from("/usr/share/fonts/opentype"),
                PathBuf::from("/usr/share/fonts"),
            ]
        );
        assert_eq!(
            font_folders(Path::new("/opt/x/a.ttf")),
            [PathBuf::from("/opt/x"), PathBuf::from("/opt")]
        );
    }
}
