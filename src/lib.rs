//! jixiao (绩效): a language and compiler for China's project-expenditure
//! performance self-evaluations (项目支出绩效自评表 and 自评报告).
//!
//! The library is pure: text in, diagnostics and Typst source out. Files,
//! processes and the terminal belong to the `jixiao` binary. The stages:
//!
//! | stage | function | hands on |
//! |---|---|---|
//! | parse | [`parse`] | [`ast::File`] or syntax diagnostics |
//! | check | [`check()`] | [`model::Model`] and all diagnostics |
//! | emit  | [`emit`]  | Typst source |
//! | compare | [`diff::diff`] | the changes of meaning between two models |
//!
//! Rendering the Typst source to PDF is the binary's job (it runs `typst`).
//! [`import`] turns the bytes of a Word or Excel 自评表 into `.jx` text.

// pest runs without its `std` feature, which would probe the native stack
// on every rule (a sixth of the parse); the scan before parsing bounds the
// nesting instead. Its derived parser names `alloc` from the crate root.
extern crate alloc;

pub mod arith;
pub mod ast;
pub mod check;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod fmt;
pub mod format;
pub mod ide;
pub mod import;
pub mod init;
pub mod model;
pub mod parse;
pub mod pdf;
pub mod scheme;
pub mod source;
pub mod span;
mod suggest;
pub mod summary;
pub mod template;
mod words;

pub use check::{Checked, Computed, check};
pub use emit::{emit, emit_bundle};
pub use parse::parse;

/// Parses and checks one file: every problem found, and the model when
/// there is no error. A template it names must be built in. A file with
/// malformed items is still checked, all but the blocks that hold them.
pub fn compile(source: &str) -> Checked {
    compile_with(source, &|_| template::Loaded::Failed(None))
}

/// [`compile`], with `load` giving the text of a template file the file
/// names by path (the binary reads it relative to the file).
pub fn compile_with(source: &str, load: &dyn Fn(&str) -> template::Loaded) -> Checked {
    compile_for(source, load, template::Form::Evaluation)
}

/// [`compile_with`] for one of the year's forms: a 申报表 needs no actuals,
/// and the model is printed on that form's template.
pub fn compile_for(
    source: &str,
    load: &dyn Fn(&str) -> template::Loaded,
    form: template::Form,
) -> Checked {
    compile_as(source, load, |_| form)
}

/// [`compile_with`] for the form the file has reached in its year
/// ([`check::reached`]): a file with monitoring figures and no actuals yet
/// is checked as its 监控表. What an editor shows while the year goes on.
pub fn compile_reached(source: &str, load: &dyn Fn(&str) -> template::Loaded) -> Checked {
    compile_as(source, load, check::reached)
}

fn compile_as(
    source: &str,
    load: &dyn Fn(&str) -> template::Loaded,
    form: impl FnOnce(&ast::File) -> template::Form,
) -> Checked {
    compile_parsed(parse::parse_recovering(source), load, form)
}

/// Checks what [`parse::parse_recovering`] gave: the tree when it is not a
/// sketch, with the syntax diagnostics among the checker's.
fn compile_parsed(
    parsed: parse::Parsed,
    load: &dyn Fn(&str) -> template::Loaded,
    form: impl FnOnce(&ast::File) -> template::Form,
) -> Checked {
    match parsed.file {
        Some(file) if !parsed.repaired => {
            let mut checked = check::check_form(&file, load, form(&file));
            if !parsed.diagnostics.is_empty() {
                if parsed.diagnostics.iter().any(diag::Diagnostic::is_error) {
                    checked.model = None;
                }
                checked.diagnostics.extend(parsed.diagnostics);
                diag::sort(&mut checked.diagnostics);
            }
            checked
        }
        _ => Checked {
            model: None,
            diagnostics: parsed.diagnostics,
            computed: Vec::new(),
            scheme: template::default_template().scheme.clone(),
            template: template::default_template(),
            template_problems: None,
        },
    }
}

/// [`compile`] for a decoded file: its diagnostics include the warning that
/// it is not UTF-8, in position.
pub fn compile_source(source: &source::Source, load: &dyn Fn(&str) -> template::Loaded) -> Checked {
    compile_source_for(source, load, template::Form::Evaluation)
}

/// [`compile_source`] for one of the year's forms (see [`check::check_form`]).
pub fn compile_source_for(
    source: &source::Source,
    load: &dyn Fn(&str) -> template::Loaded,
    form: template::Form,
) -> Checked {
    let mut checked = compile_for(&source.text, load, form);
    if let Some(warning) = source.diagnostic() {
        checked.diagnostics.push(warning);
        diag::sort(&mut checked.diagnostics);
    }
    checked
}
