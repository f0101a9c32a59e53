//! How figures are written on the form, in the JSON and in diagnostics.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::ast::Date;

/// Rounds half-up (away from zero) to two places and keeps two decimals.
pub fn round2(value: Decimal) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    rounded
}

/// What a score of `value` earns out of `weight`: rounded half-up to two
/// places, and never above the weight itself cut to two places, so that no
/// printed score exceeds its 分值 and the printed column adds up.
pub fn earned(value: Decimal, weight: Decimal) -> Decimal {
    let mut most = weight.round_dp_with_strategy(2, RoundingStrategy::ToZero);
    most.rescale(2);
    round2(value).min(most)
}

/// Whether a weight has more decimal places than a score can print.
pub fn finer_than_scores(weight: Decimal) -> bool {
    weight.normalize().scale() > 2
}

/// A score or other two-place figure as printed: `10`, `13.50`, `0`.
/// Whole numbers drop their decimals; others keep both places.
pub fn score(value: Decimal) -> String {
    let rounded = round2(value);
    if rounded.fract().is_zero() {
        rounded.trunc().to_string()
    } else {
        rounded.to_string()
    }
}

/// A figure as written, without superfluous trailing zeros after rounding
/// (`10`, `2.5`); used for weights and operands in formulas.
pub fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

/// How budget execution is scored, with the figures:
/// `10 × min(37.24 / 43.2, 1) = 8.62`.
pub fn execution_formula(
    weight: Decimal,
    executed: Decimal,
    budget: Decimal,
    score: Decimal,
) -> String {
    format!(
        "{} × min({executed} / {budget}, 1) = {}",
        plain(weight),
        self::score(score)
    )
}

/// A rate as printed: two decimals and a percent sign, `94.64%`.
pub fn percent(rate: Decimal) -> String {
    format!("{}%", round2(rate))
}

/// A rate set beside the bound it was compared with: as [`percent`]
/// prints it, unless rounding to two places would put it on the other side
/// of the bound (or on it), as 89.995% would print as 90.00% in "below
/// 90%": then with as many more places as it takes to show the side it is
/// on (`89.995%`).
pub fn percent_beside(rate: Decimal, bound: Decimal) -> String {
    let side = rate.cmp(&bound);
    let mut places = 2;
    let mut shown = round2(rate);
    while shown.cmp(&bound) != side && places < rate.scale() {
        places += 1;
        shown = rate.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    }
    format!("{shown}%")
}

/// `2022年2月14日`
pub fn chinese_date(date: Date) -> String {
    format!("{}年{}月{}日", date.year, date.month, date.day)
}

/// `2022-02-14`
pub fn iso_date(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

/// Whether the date exists in the proleptic Gregorian calendar.
pub fn is_valid_date(date: Date) -> bool {
    let y = date.year;
    let leap = y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400));
    let days = match date.month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    date.year > 0 && (1..=days).contains(&date.day)
}

/// Chinese numerals for headings: 1 → 一, 10 → 十, 12 → 十二, 20 → 二十.
pub fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            DIGITS[n / 10],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[n % 10]
            }
        ),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounding_is_half_up() {
        assert_eq!(round2(d("9.465")).to_string(), "9.47");
        assert_eq!(round2(d("9.464")).to_string(), "9.46");
        assert_eq!(round2(d("7")).to_string(), "7.00");
    }

    #[test]
    fn a_score_never_exceeds_its_weight() {
        assert_eq!(earned(d("16.665"), d("16.665")).to_string(), "16.66");
        assert_eq!(earned(d("9.465"), d("10")).to_string(), "9.47");
        assert_eq!(earned(d("0.004"), d("0.004")).to_string(), "0.00");
        assert!(finer_than_scores(d("16.665")));
        assert!(!finer_than_scores(d("16.670")));
    }

    #[test]
    fn a_rate_beside_its_bound_shows_the_side_it_is_on() {
        assert_eq!(percent_beside(d("80"), d("90")), "80.00%");
        assert_eq!(percent_beside(d("89.9952"), d("90")), "89.995%");
        assert_eq!(percent_beside(d("89.99999"), d("90")), "89.99999%");
        assert_eq!(percent_beside(d("150.004"), d("150")), "150.004%");
        assert_eq!(percent_beside(d("150"), d("150")), "150.00%");
        assert_eq!(percent_beside(d("49.996"), d("50.00")), "49.996%");
    }

    #[test]
    fn scores_print_whole_numbers_without_decimals() {
        assert_eq!(score(d("10.00")), "10");
        assert_eq!(score(d("13.5")), "13.50");
        assert_eq!(score(d("0")), "0");
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(21), "二十一");
    }

    #[test]
    fn dates() {
        let date = Date {
            year: 2022,
            month: 2,
            day: 14,
        };
        assert_eq!(chinese_date(date), "2022年2月14日");
        assert_eq!(iso_date(date), "2022-02-14");
        assert!(!is_valid_date(Date {
            year: 2022,
            month: 2,
            day: 29
        }));
        assert!(is_valid_date(Date {
            year: 2024,
            month: 2,
            day: 29
        }));
    }
}
