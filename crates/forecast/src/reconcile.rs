//! Hierarchies of series: an aggregate is the sum of the series below it (bottom-up), and
//! a number set at an aggregate is spread back down.

/// Splits `total` units over members in proportion to `weights` (their statistical
/// forecasts), in whole units that add up to `total` exactly: each member gets the floor
/// of its share, and the units left go to the largest remainders (ties to the earlier
/// member). When every weight is zero the split is even.
pub fn spread(total: u64, weights: &[u64]) -> Vec<u64> {
    if weights.is_empty() {
        return Vec::new();
    }
    let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    let (weights, sum): (Vec<u128>, u128) = if sum == 0 {
        (vec![1; weights.len()], weights.len() as u128)
    } else {
        (weights.iter().map(|&w| u128::from(w)).collect(), sum)
    };
    let total = u128::from(total);
    let mut shares: Vec<u64> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(u128, usize)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = total * w;
        // The floor fits: a share is at most `total`.
        shares.push(u64::try_from(exact / sum).unwrap_or(u64::MAX));
        remainders.push((exact % sum, i));
    }
    let given: u128 = shares.iter().map(|&s| u128::from(s)).sum();
    let left = usize::try_from(total - given).unwrap_or(usize::MAX);
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().take(left) {
        shares[i] += 1;
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shares_follow_the_weights_and_add_up() {
        assert_eq!(spread(100, &[30, 10]), vec![75, 25]);
        // 10 × (1/3, 1/3, 1/3): 3 each and the unit left to the first.
        assert_eq!(spread(10, &[5, 5, 5]), vec![4, 3, 3]);
        // 7 × (0.5, 0.3, 0.2) = 3.5, 2.1, 1.4: floors 3, 2, 1; the unit left goes to 0.5.
        assert_eq!(spread(7, &[50, 30, 20]), vec![4, 2, 1]);
    }

    #[test]
    fn all_zero_weights_split_evenly_and_nothing_for_no_members() {
        assert_eq!(spread(5, &[0, 0]), vec![3, 2]);
        assert_eq!(spread(5, &[]), Vec::<u64>::new());
        assert_eq!(spread(0, &[4, 6]), vec![0, 0]);
    }

    #[test]
    fn a_member_with_no_statistical_forecast_gets_nothing_while_others_have_one() {
        assert_eq!(spread(9, &[0, 3]), vec![0, 9]);
    }

    proptest! {
        #[test]
        fn shares_always_add_up_and_stay_within_one_unit_of_exact(
            total in 0u64..1_000_000,
            weights in proptest::collection::vec(0u64..100_000, 1..40),
        ) {
            let shares = spread(total, &weights);
            prop_assert_eq!(shares.iter().sum::<u64>(), total);
            let sum: u64 = weights.iter().sum();
            for (share, w) in shares.iter().zip(&weights) {
                let exact = if sum == 0 { total as f64 / weights.len() as f64 }
                            else { total as f64 * *w as f64 / sum as f64 };
                prop_assert!((*share as f64 - exact).abs() < 1.0 + 1e-9);
            }
        }
    }
}
