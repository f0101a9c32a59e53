//! Checked arithmetic on figures. Every +, −, ×, ÷ on a figure the user
//! wrote goes through here, so that an overflow becomes a diagnostic on the
//! figure that caused it, never a panic, and a sum is exact or refused.
//!
//! `Decimal` holds 28 significant digits. A product or a quotient is rounded
//! to them, as any decimal calculator would; a sum must be exact, because
//! weights and amounts are compared for equality: the sum of 99.99…97
//! (28 digits) and 0.000…03 would round to 100, and must not.

use rust_decimal::Decimal;

/// A calculation whose result does not fit, or a sum that cannot be exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow;

pub type Result<T = Decimal> = std::result::Result<T, Overflow>;

/// The largest magnitude a figure may have, as diagnostics print it.
pub const LIMIT: &str = "79,228,162,514,264,337,593,543,950,335";

/// `a + b`, exactly.
pub fn add(a: Decimal, b: Decimal) -> Result {
    let sum = a.checked_add(b).ok_or(Overflow)?;
    // The exact sum has the larger of the two scales; a smaller one means
    // digits were rounded away, unless they were zeros.
    let scale = a.scale().max(b.scale());
    if sum.scale() < scale && sum.checked_sub(a) != Some(b) {
        return Err(Overflow);
    }
    Ok(sum)
}

/// `a − b`, exactly.
pub fn sub(a: Decimal, b: Decimal) -> Result {
    add(a, -b)
}

/// `a × b`, rounded to 28 significant digits.
pub fn mul(a: Decimal, b: Decimal) -> Result {
    a.checked_mul(b).ok_or(Overflow)
}

/// `a ÷ b`, rounded to 28 significant digits; `b` must not be zero.
pub fn div(a: Decimal, b: Decimal) -> Result {
    a.checked_div(b).ok_or(Overflow)
}

/// The exact sum of `values`.
pub fn sum(values: impl IntoIterator<Item = Decimal>) -> Result {
    values.into_iter().try_fold(Decimal::ZERO, add)
}

/// `part / whole × 100`: a rate in percent. `whole` must not be zero.
pub fn percent(part: Decimal, whole: Decimal) -> Result {
    mul(div(part, whole)?, Decimal::ONE_HUNDRED)
}

/// `weight × min(part / whole, 1)` for `whole > 0` and `part ≥ 0`: the share
/// of a weight earned by a ratio. The comparison comes first, so a tiny
/// `whole` and a huge `part` give the full weight, not an overflow.
pub fn share(weight: Decimal, part: Decimal, whole: Decimal) -> Result {
    if part >= whole {
        Ok(weight)
    } else {
        mul(weight, div(part, whole)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn sums_are_exact_or_refused() {
        assert_eq!(add(d("16.665"), d("16.665")), Ok(d("33.330")));
        // 28 digits plus a digit further right cannot be exact.
        assert_eq!(
            add(
                d("99.99999999999999999999999997"),
                d("0.00000000000000000000000003")
            ),
            Ok(d("100.00000000000000000000000000"))
        );
        assert_eq!(
            add(
                d("99.99999999999999999999999997"),
                d("0.000000000000000000000000003")
            ),
            Err(Overflow)
        );
        assert_eq!(add(Decimal::MAX, Decimal::ONE), Err(Overflow));
        assert_eq!(sum([d("0.004"); 5]), Ok(d("0.020")));
        assert_eq!(
            sum([Decimal::MAX, Decimal::MAX, -Decimal::MAX]),
            Err(Overflow)
        );
    }

    #[test]
    fn products_and_quotients_never_panic() {
        let tiny = d("0.0000000000000000000000000001");
        assert_eq!(div(Decimal::MAX, tiny), Err(Overflow));
        assert_eq!(mul(Decimal::MAX, Decimal::TWO), Err(Overflow));
        assert_eq!(div(Decimal::ONE, Decimal::ZERO), Err(Overflow));
        assert_eq!(percent(Decimal::MAX, tiny), Err(Overflow));
        assert_eq!(percent(d("86.2"), d("100")), Ok(d("86.200")));
    }

    #[test]
    fn a_share_compares_before_it_divides() {
        let tiny = d("0.0000000000000000000000000001");
        assert_eq!(share(d("15"), Decimal::MAX, tiny), Ok(d("15")));
        assert_eq!(share(d("15"), d("27"), d("30")), Ok(d("13.5")));
    }
}
