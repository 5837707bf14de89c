//! A small stable sort for this crate and the widget. Each use of the standard
//! library's sort instantiates ~4 KB of WebAssembly; this merge sort is a few
//! hundred bytes per element type, and O(n log n) even on hostile input (a
//! share link can ask for a thousand injected segments at one instant).

/// Lists up to this long are sorted by insertion (fewer moves than merging).
const SMALL: usize = 12;

/// Sorts `v` by `less`, keeping the order of equal elements.
pub fn sort_by<T>(v: &mut Vec<T>, mut less: impl FnMut(&T, &T) -> bool) {
    sort_inner(v, &mut less);
}

/// Sorts `v` in ascending order, keeping the order of equal elements.
pub fn sort<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, |a, b| a < b);
}

fn sort_inner<T>(v: &mut Vec<T>, less: &mut impl FnMut(&T, &T) -> bool) {
    if v.len() <= SMALL {
        for i in 1..v.len() {
            let mut j = i;
            while j > 0 && less(&v[j], &v[j - 1]) {
                v.swap(j, j - 1);
                j -= 1;
            }
        }
        return;
    }
    let mut right = v.split_off(v.len() / 2);
    let mut left = core::mem::take(v);
    sort_inner(&mut left, less);
    sort_inner(&mut right, less);
    v.reserve(left.len() + right.len());
    let mut left = left.into_iter().peekable();
    let mut right = right.into_iter().peekable();
    while let (Some(a), Some(b)) = (left.peek(), right.peek()) {
        // Take from the right only when strictly less: equal elements keep their order.
        let next = if less(b, a) { right.next() } else { left.next() };
        v.extend(next);
    }
    v.extend(left);
    v.extend(right);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        let mut seed = 7u32;
        for len in [0, 1, 2, 5, 12, 13, 40, 257, 3_000] {
            let mut v: Vec<(u32, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) % 5, i)
                })
                .collect();
            let mut expected = v.clone();
            expected.sort_by_key(|p| p.0);
            sort_by(&mut v, |a, b| a.0 < b.0);
            assert_eq!(v, expected, "stable order of equal keys, len {len}");
        }
        let mut words = vec![3, 1, 2, 1];
        sort(&mut words);
        assert_eq!(words, [1, 1, 2, 3]);
    }
}
