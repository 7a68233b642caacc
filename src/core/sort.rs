//! One small stable sort for the core's short lists (a few hundred items at most).
//!
//! The standard library's sort is fast but large: every call site with its own comparison
//! closure instantiates it again, which cost about 37 KB of the page's wasm. An insertion sort
//! is a few dozen bytes per instantiation and, on lists this short and mostly sorted already,
//! just as quick.

/// Sorts `v` stably so that `less(a, b)` holds for no later `a` before an earlier `b`.
pub fn by<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Sorts numbers ascending (total order: -0 before +0; no NaN reaches here).
pub fn f64s(v: &mut [f64]) {
    by(v, |a, b| a.total_cmp(b).is_lt());
}

#[cfg(test)]
mod tests {
    use super::*;

    // Guards: the sort orders, keeps equal items in their order, and copes with empty input.
    #[test]
    fn sorts_stably() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        by(&mut v, |x, y| x.0 < y.0);
        assert_eq!(v, vec![(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        let mut f = vec![2.5, -1.0, 1e9, 0.0];
        f64s(&mut f);
        assert_eq!(f, vec![-1.0, 0.0, 2.5, 1e9]);
        let mut e: Vec<f64> = Vec::new();
        f64s(&mut e);
        assert!(e.is_empty());
    }
}
