//! The front end's cost: parse, check (parse + check) and emit, per file and
//! in bytes per second, for evaluations of 1 to 1,000 indicators.
//!
//!     cargo bench --bench frontend

mod corpus;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn frontend(c: &mut Criterion) {
    for (indicators, paragraphs) in [(1, 2), (10, 8), (100, 40), (1000, 200)] {
        let source = corpus::generate(7, indicators, paragraphs);
        let model = jixiao::compile(&source).model.expect("the corpus is valid");
        let mut group = c.benchmark_group(format!("{indicators} indicators"));
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse", source.len()), &source, |b, s| {
            b.iter(|| jixiao::parse(s).expect("parses"))
        });
        group.bench_with_input(
            BenchmarkId::new("parse+check", source.len()),
            &source,
            |b, s| b.iter(|| jixiao::compile(s)),
        );
        group.bench_with_input(BenchmarkId::new("emit", source.len()), &model, |b, m| {
            b.iter(|| jixiao::emit(m))
        });
        group.bench_with_input(BenchmarkId::new("all", source.len()), &source, |b, s| {
            b.iter(|| jixiao::emit(&jixiao::compile(s).model.expect("valid")))
        });
        group.finish();
    }
}

criterion_group!(benches, frontend);
criterion_main!(benches);
