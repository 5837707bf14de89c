//! An insertion sort for the short lists this crate and the widget sort (a
//! few segments arriving at once, a few labels). Each use of the standard
//! library's sort instantiates ~4 KB of WebAssembly; this is ~100 bytes.
//! Stable, and quadratic only in the length of these tiny lists.

/// Sorts `v` by `less`, keeping the order of equal elements.
pub fn sort_small_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Sorts `v` in ascending order, keeping the order of equal elements.
pub fn sort_small<T: Ord>(v: &mut [T]) {
    sort_small_by(v, |a, b| a < b);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        let mut seed = 7u32;
        for len in 0..40 {
            let mut v: Vec<(u32, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) % 5, i)
                })
                .collect();
            let mut expected = v.clone();
            expected.sort_by_key(|p| p.0);
            sort_small_by(&mut v, |a, b| a.0 < b.0);
            assert_eq!(v, expected, "stable order of equal keys");
        }
        let mut words = vec![3, 1, 2, 1];
        sort_small(&mut words);
        assert_eq!(words, [1, 1, 2, 3]);
    }
}
