//! Writes a deterministic corpus of realistic evaluations, for benchmarks:
//!
//!     cargo run --release --example gen_corpus -- DIR COUNT [INDICATORS] [PARAGRAPHS]
//!
//! Files are `DIR/eval-0001.jx` …; the same arguments always give the same
//! files.

#[path = "../benches/corpus.rs"]
mod corpus;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_corpus DIR COUNT [INDICATORS=20] [PARAGRAPHS=12]";
    let dir = std::path::PathBuf::from(args.first().expect(usage));
    let number =
        |i: usize, default: usize| args.get(i).map_or(default, |a| a.parse().expect(usage));
    let (count, indicators, paragraphs) = (number(1, 0), number(2, 20), number(3, 12));
    std::fs::create_dir_all(&dir).expect("the folder can be created");
    for seed in 1..=count {
        let path = dir.join(format!("eval-{seed:04}.jx"));
        std::fs::write(&path, corpus::generate(seed as u64, indicators, paragraphs))
            .expect("the file can be written");
    }
    eprintln!("wrote {count} files to {}", dir.display());
}
