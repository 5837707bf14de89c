//! A small stable sort for this crate and the widget. Each use of the
//! standard library's sort instantiates ~4 KB of WebAssembly, and even a
//! generic merge sort costs ~1 KB per element type; so the merge sort here
//! orders *positions* (one compiled copy for every caller, comparing through
//! a `dyn` closure), and only the final reordering is generic (a few dozen
//! bytes). O(n log n) even on hostile input (a share link can ask for a
//! thousand injected segments at one instant).

/// Lists up to this long are sorted by insertion (fewer moves than merging).
const SMALL: usize = 12;

/// Sorts `v` by `less`, keeping the order of equal elements.
pub fn sort_by<T>(v: &mut Vec<T>, mut less: impl FnMut(&T, &T) -> bool) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = v;
        let mut positions: Vec<u32> = (0..items.len() as u32).collect();
        order_by(&mut positions, &mut |a, b| {
            less(&items[a as usize], &items[b as usize])
        });
        positions
    };
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| slots[i as usize].take()));
}

/// Sorts `v` in ascending order, keeping the order of equal elements.
pub fn sort<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, |a, b| a < b);
}

/// Stable merge sort of positions by `less` (the one compiled copy).
fn order_by(v: &mut Vec<u32>, less: &mut dyn FnMut(u32, u32) -> bool) {
    if v.len() <= SMALL {
        for i in 1..v.len() {
            let mut j = i;
            while j > 0 && less(v[j], v[j - 1]) {
                v.swap(j, j - 1);
                j -= 1;
            }
        }
        return;
    }
    let mut right = v.split_off(v.len() / 2);
    let mut left = core::mem::take(v);
    order_by(&mut left, less);
    order_by(&mut right, less);
    v.reserve(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        // Take from the right only when strictly less: equal elements keep their order.
        if less(right[j], left[i]) {
            v.push(right[j]);
            j += 1;
        } else {
            v.push(left[i]);
            i += 1;
        }
    }
    v.extend_from_slice(&left[i..]);
    v.extend_from_slice(&right[j..]);
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
