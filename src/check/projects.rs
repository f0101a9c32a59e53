//! `项目汇总 { "培训项目.jx" … }`: the project files a 部门整体 sheet
//! summarises, read through the same loader as a template file and checked
//! as their own 自评表; the sheet prints one row of each.

use super::{Checker, Computed};
use crate::ast::{self, EvalItem, TopItem};
use crate::diag::{Diagnostic, Kind, Lang};
use crate::format::{self, round2};
use crate::model::{self, Model};
use crate::span::Lines;
use crate::summary::{self, Summary};
use crate::template::{Form, Loaded};

/// What the sheet the files are listed in says of itself.
pub(super) struct Sheet<'a> {
    pub year: Option<u32>,
    pub department: Option<&'a str>,
    /// Its 部门预算, checked.
    pub budget: Option<&'a model::Funds>,
    /// Its 部门预算 block as written.
    pub funds: Option<&'a ast::Funds>,
}

impl Checker {
    /// The summary of the listed files; `None` when one of them cannot be
    /// summarised (each such file is an error at its entry) or none is
    /// listed.
    pub(super) fn projects(
        &mut self,
        p: &ast::Projects,
        load: &dyn Fn(&str) -> Loaded,
        sheet: &Sheet<'_>,
    ) -> Option<Summary> {
        if self.form().form != Form::Department {
            let template = self.form().name.clone();
            self.error(Kind::ProjectsOnProjectForm { template }, p.keyword);
            return None;
        }
        let mut listed: Vec<(String, &ast::Str)> = Vec::new();
        let (mut models, mut spans) = (Vec::new(), Vec::new());
        let mut complete = true;
        for file in &p.files {
            let key = file.value.trim().replace('\\', "/");
            // An empty entry names nothing (the parser warns of it, W620).
            if key.is_empty() {
                continue;
            }
            if let Some((_, first)) = listed.iter().find(|(k, _)| *k == key) {
                self.duplicate(&format!("\"{}\"", file.value), file.span, first.span);
                continue;
            }
            listed.push((key, file));
            match self.project(file, load, sheet) {
                Some(model) => {
                    models.push(model);
                    spans.push(file.span);
                }
                None => complete = false,
            }
        }
        if !complete || models.is_empty() {
            return None;
        }
        let summary = match summary::summarize(&models.iter().collect::<Vec<_>>()) {
            Ok(summary) => summary,
            Err(_) => {
                self.error(Kind::Overflow, p.keyword);
                return None;
            }
        };
        self.within_budget(&summary, sheet, p);
        for (span, row) in spans.into_iter().zip(&summary.rows) {
            self.computed.push((span, Computed::Project(row.clone())));
        }
        Some(summary)
    }

    /// One listed file, checked as a project's 自评表.
    fn project(
        &mut self,
        file: &ast::Str,
        load: &dyn Fn(&str) -> Loaded,
        sheet: &Sheet<'_>,
    ) -> Option<Model> {
        let name = file.value.clone();
        let (origin, text) = match load(&file.value) {
            Loaded::Source { origin, text } => (origin, text),
            Loaded::Failed(path) => {
                self.error(Kind::ProjectUnreadable { file: name, path }, file.span);
                return None;
            }
        };
        let parsed = crate::parse::parse_recovering(&text);
        // A sheet that lists files is not read again from within another.
        let lists = parsed.file.as_ref().is_some_and(|f| {
            f.items.iter().any(|i| match i {
                TopItem::Evaluation(e) => {
                    e.items.iter().any(|i| matches!(i, EvalItem::Projects(_)))
                }
                _ => false,
            })
        });
        if lists {
            self.error(Kind::ProjectIsDepartment { file: name }, file.span);
            return None;
        }
        // The file's own template references are relative to its folder.
        let nested = |reference: &str| load(&relative_to(&file.value, reference));
        let checked = crate::compile_parsed(parsed, &nested, |_| Form::Evaluation);
        let errors: Vec<&Diagnostic> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        let Some(model) = checked.model.filter(|_| errors.is_empty()) else {
            let (line, first, first_en) = match errors.first() {
                Some(d) => (
                    Lines::new(&text).line_col(d.span.start).0,
                    d.kind.text(Lang::Zh).message,
                    d.kind.text(Lang::En).message,
                ),
                None => (1, String::new(), String::new()),
            };
            self.error(
                Kind::ProjectHasErrors {
                    file: name,
                    origin,
                    errors: errors.len(),
                    line,
                    first,
                    first_en,
                },
                file.span,
            );
            return None;
        };
        if model.template.form == Form::Department {
            self.error(Kind::ProjectIsDepartment { file: name }, file.span);
            return None;
        }
        let e = &model.evaluation;
        if let Some(expected) = sheet.year.filter(|y| *y != e.year) {
            self.error(
                Kind::ProjectOtherYear {
                    file: name,
                    year: e.year,
                    expected,
                },
                file.span,
            );
            return None;
        }
        if let Some(expected) = sheet.department.filter(|d| d.trim() != e.department.trim()) {
            self.push(Diagnostic::new(
                Kind::ProjectOtherDepartment {
                    file: name,
                    department: e.department.clone(),
                    expected: expected.to_string(),
                },
                file.span,
            ));
        }
        Some(model)
    }

    /// A warning when the projects' budgets add up to more than the
    /// department's 项目支出.
    fn within_budget(&mut self, summary: &Summary, sheet: &Sheet<'_>, p: &ast::Projects) {
        let (Some(budget), Some(funds)) = (sheet.budget, sheet.funds) else {
            return;
        };
        let Some(def) = self
            .form()
            .funds()
            .rows
            .iter()
            .find(|r| r.key == "projects")
            .cloned()
        else {
            return;
        };
        let Some(row) = budget.rows.iter().find(|r| r.kind == def.key) else {
            return;
        };
        let Some(amount) = row.annual_budget.or(row.initial_budget) else {
            return;
        };
        let Ok(in_wan) = summary::in_wan(amount, &budget.unit) else {
            return;
        };
        if summary.annual_budget <= in_wan {
            return;
        }
        let at = funds
            .rows
            .iter()
            .find(|r| def.matches(&r.label.value))
            .map_or(funds.keyword, |r| r.label.span);
        self.push(
            Diagnostic::new(
                Kind::ProjectsOverBudget {
                    listed: format::plain(round2(summary.annual_budget)),
                    budget: format::plain(round2(in_wan)),
                },
                p.keyword,
            )
            .with_related(at),
        );
    }
}

/// `reference` as written in the file at `base`, relative to that file's
/// folder; an absolute path is itself.
fn relative_to(base: &str, reference: &str) -> String {
    let absolute = reference.starts_with(['/', '\\']) || reference.get(1..2) == Some(":");
    match base.rfind(['/', '\\']) {
        Some(end) if !absolute => format!("{}/{reference}", &base[..end]),
        _ => reference.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::relative_to;

    #[test]
    fn a_nested_reference_is_read_from_the_listing_files_folder() {
        assert_eq!(relative_to("a.jx", "t.jx"), "t.jx");
        assert_eq!(relative_to("2025/a.jx", "../t.jx"), "2025/../t.jx");
        assert_eq!(relative_to("2025\\a.jx", "t.jx"), "2025/t.jx");
        assert_eq!(relative_to("2025/a.jx", "/abs/t.jx"), "/abs/t.jx");
        assert_eq!(relative_to("2025/a.jx", "D:\\t.jx"), "D:\\t.jx");
    }
}
