//! The summary of many evaluations: one row each, with totals, as a finance
//! bureau hands its leadership (and as `jixiao summary` prints it).

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

use crate::arith::{self, Overflow};
use crate::format::round2;
use crate::model::Model;

/// One evaluation in the summary. Amounts are in 万元 whatever unit the file
/// uses.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "SummaryRow")]
pub struct Row {
    /// 项目名称
    pub name: String,
    /// 主管部门
    pub department: String,
    /// 全年预算数 (万元)
    #[schemars(with = "Option<String>")]
    pub annual_budget: Option<Decimal>,
    /// 全年执行数 (万元)
    #[schemars(with = "Option<String>")]
    pub executed: Option<Decimal>,
    /// 执行率 in percent, two decimals.
    #[schemars(with = "Option<String>")]
    pub execution_rate: Option<Decimal>,
    /// 总分
    #[schemars(with = "String")]
    pub total_score: Decimal,
    /// 等级
    pub grade: String,
}

/// The rows of several evaluations and their totals.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Summary {
    pub rows: Vec<Row>,
    /// Sum of 全年预算数 (万元).
    #[schemars(with = "String")]
    pub annual_budget: Decimal,
    /// Sum of 全年执行数 (万元).
    #[schemars(with = "String")]
    pub executed: Decimal,
    /// 执行率 of the sums, in percent, two decimals.
    #[schemars(with = "Option<String>")]
    pub execution_rate: Option<Decimal>,
    /// The mean 总分, two decimals.
    #[schemars(with = "Option<String>")]
    pub average_score: Option<Decimal>,
}

/// An amount of a funds block in `unit` (万元 or 元), in 万元.
pub fn in_wan(amount: Decimal, unit: &str) -> Result<Decimal, Overflow> {
    match unit {
        "元" => arith::div(amount, Decimal::from(10_000)),
        _ => Ok(amount),
    }
}

/// The summary of checked evaluations, in the order given. Each file's
/// figures fit, but their totals may not: then there is no summary.
pub fn summarize(models: &[&Model]) -> Result<Summary, Overflow> {
    let rows: Vec<Row> = models
        .iter()
        .map(|m| {
            let e = &m.evaluation;
            let unit = e.funds.unit.as_str();
            let total = e.funds.rows.first();
            // The budget 执行率 divides by: 年初预算数 on a form without 全年预算数.
            let base = m.template.funds().base();
            Ok(Row {
                name: e.name.clone(),
                department: e.department.clone(),
                annual_budget: total
                    .and_then(|r| match base {
                        1 => r.annual_budget,
                        _ => r.initial_budget,
                    })
                    .map(|b| in_wan(b, unit))
                    .transpose()?,
                executed: total
                    .and_then(|r| r.executed)
                    .map(|x| in_wan(x, unit))
                    .transpose()?,
                execution_rate: total.and_then(|r| r.execution_rate),
                total_score: e.total_score,
                grade: e.grade.clone(),
            })
        })
        .collect::<Result<_, Overflow>>()?;
    let annual_budget = arith::sum(rows.iter().filter_map(|r| r.annual_budget))?;
    let executed = arith::sum(rows.iter().filter_map(|r| r.executed))?;
    let execution_rate = match annual_budget.is_zero() {
        true => None,
        false => Some(round2(arith::percent(executed, annual_budget)?)),
    };
    let average_score = match rows.len() {
        0 => None,
        n => {
            let scores = arith::sum(rows.iter().map(|r| r.total_score))?;
            Some(round2(arith::div(scores, Decimal::from(n))?))
        }
    };
    Ok(Summary {
        rows,
        annual_budget,
        executed,
        execution_rate,
        average_score,
    })
}
