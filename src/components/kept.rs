//! Parts of a long list drawn once and kept. Yew compares and rebuilds
//! every child of a component that renders again; a list that only grows at
//! its end (the narration's log while a capture plays, a new line nearly
//! every frame) was rebuilt whole each time. Cut into blocks, each drawn
//! once and kept while what it shows is the same, the blocks before the
//! last are skipped: Yew sees the same [`Kept`] and does not render it.

use std::rc::Rc;

use yew::prelude::*;

use crate::store::Shared;

/// How many items a block holds.
pub const BLOCK: usize = 32;

/// A drawn block, skipped while its `Rc` is the same.
#[derive(Properties, PartialEq)]
pub struct KeptProps {
    /// What the block draws.
    pub html: Shared<Html>,
}

/// A block drawn once (see the module).
#[component]
pub fn Kept(props: &KeptProps) -> Html {
    (*props.html.0).clone()
}

/// The blocks drawn last, each with what it was drawn from.
pub struct Blocks<K>(Vec<(K, Rc<Html>)>);

impl<K> Default for Blocks<K> {
    fn default() -> Self {
        Blocks(Vec::new())
    }
}

impl<K: PartialEq> Blocks<K> {
    /// The blocks of `items`, [`BLOCK`] at a time: a block whose `key`
    /// (everything its drawing depends on) is the one it was drawn from
    /// last time is kept, any other is drawn again with `draw`.
    pub fn draw<T>(
        &mut self,
        items: &[T],
        key: impl Fn(usize, &[T]) -> K,
        draw: impl Fn(&[T]) -> Html,
    ) -> Html {
        let blocks: Vec<(K, Rc<Html>)> = items
            .chunks(BLOCK)
            .enumerate()
            .map(|(b, block)| {
                let key = key(b, block);
                match self.0.get(b) {
                    Some((was, html)) if *was == key => (key, html.clone()),
                    _ => (key, Rc::new(draw(block))),
                }
            })
            .collect();
        let html = blocks
            .iter()
            .enumerate()
            .map(|(b, (_, html))| html! { <Kept key={b} html={Shared(html.clone())} /> })
            .collect();
        self.0 = blocks;
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_is_drawn_again_only_when_its_key_changes() {
        let mut blocks = Blocks::default();
        let count = std::cell::Cell::new(0);
        let draw = |items: &[u32]| {
            count.set(count.get() + 1);
            html! { <p>{ items.len() }</p> }
        };
        let items: Vec<u32> = (0..70).collect();
        let key = |b: usize, block: &[u32]| (b, block.to_vec());
        // 70 items: three blocks, all drawn, each in a `Kept`.
        match blocks.draw(&items, key, draw) {
            Html::VList(list) => assert_eq!(list.len(), 3),
            _ => panic!("a list of blocks"),
        }
        assert_eq!(count.get(), 3);
        let first: Vec<Rc<Html>> = blocks.0.iter().map(|(_, h)| h.clone()).collect();
        // Ten more: the two full blocks kept (the same Rc), the last drawn again.
        let more: Vec<u32> = (0..80).collect();
        let _ = blocks.draw(&more, key, draw);
        assert_eq!(count.get(), 4);
        assert!(Rc::ptr_eq(&first[0], &blocks.0[0].1) && Rc::ptr_eq(&first[1], &blocks.0[1].1));
        assert!(!Rc::ptr_eq(&first[2], &blocks.0[2].1));
        // A change inside the first block redraws it alone.
        let mut changed = more.clone();
        changed[3] = 99;
        let _ = blocks.draw(&changed, key, draw);
        assert_eq!(count.get(), 5);
    }
}
