//! `Shared<T>`: an `Rc` compared by identity, so a store holding a large,
//! immutable value (a simulated run) can derive `PartialEq` and still be
//! compared in O(1): a new value is a new `Rc`.

use std::ops::Deref;
use std::rc::Rc;

/// An `Rc<T>` whose equality is pointer identity.
#[derive(Debug, Default)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Shared<T> {
    /// Shares a new value.
    pub fn new(value: T) -> Shared<T> {
        Shared(Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Shared<T> {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Shared<T>) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}
