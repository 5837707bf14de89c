//! `named_enum!`: one place for each enumerated name.
//!
//! An enum declared through this macro writes each variant's stable name once,
//! next to the variant. The macro derives from that single list:
//! `NAMES` (every name, in order), `name()`, and for enums whose variants carry
//! no data also `ALL` and `from_name()`. With `@serde` in front, each variant
//! also gets `#[serde(rename = …)]` with the same name, so the JSON trace, the
//! text form and the content files' keys can never spell a variant two ways.
//!
//! Not a general-purpose reflection tool: it exists so that hand-kept lists
//! (`ALL` arrays, `name()` matches, mirror enums in the widget) cannot drift.

/// Declares an enum with one stable name per variant (see the module docs).
///
/// ```
/// tcp_model::named_enum! {
///     #[derive(Clone, Copy, Debug, PartialEq, Eq)]
///     pub enum Colour { Red = "red", LightBlue = "light-blue" }
/// }
/// assert_eq!(Colour::LightBlue.name(), "light-blue");
/// assert_eq!(Colour::from_name("red"), Some(Colour::Red));
/// assert_eq!(Colour::ALL.len(), 2);
/// ```
#[macro_export]
macro_rules! named_enum {
    // Unit variants only, with serde renames.
    (@serde $(#[$meta:meta])* $vis:vis enum $name:ident {
        $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
    }) => {
        $(#[$meta])*
        $vis enum $name { $( $(#[$vmeta])* #[serde(rename = $text)] $variant ),+ }
        $crate::named_enum!(@units $vis $name { $( $variant = $text ),+ });
    };
    // Variants with fields, with serde renames.
    (@serde $(#[$meta:meta])* $vis:vis enum $name:ident {
        $( $(#[$vmeta:meta])* $variant:ident $({ $($(#[$fmeta:meta])* $field:ident : $fty:ty),* $(,)? })? = $text:literal ),+ $(,)?
    }) => {
        $(#[$meta])*
        $vis enum $name { $( $(#[$vmeta])* #[serde(rename = $text)] $variant $({ $($(#[$fmeta])* $field : $fty),* })? ),+ }
        $crate::named_enum!(@names $vis $name { $( $variant = $text ),+ });
    };
    // Unit variants only.
    ($(#[$meta:meta])* $vis:vis enum $name:ident {
        $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
    }) => {
        $(#[$meta])*
        $vis enum $name { $( $(#[$vmeta])* $variant ),+ }
        $crate::named_enum!(@units $vis $name { $( $variant = $text ),+ });
    };
    // Variants with fields.
    ($(#[$meta:meta])* $vis:vis enum $name:ident {
        $( $(#[$vmeta:meta])* $variant:ident $({ $($(#[$fmeta:meta])* $field:ident : $fty:ty),* $(,)? })? = $text:literal ),+ $(,)?
    }) => {
        $(#[$meta])*
        $vis enum $name { $( $(#[$vmeta])* $variant $({ $($(#[$fmeta])* $field : $fty),* })? ),+ }
        $crate::named_enum!(@names $vis $name { $( $variant = $text ),+ });
    };
    (@names $vis:vis $name:ident { $( $variant:ident = $text:literal ),+ }) => {
        impl $name {
            /// Every variant's name, in declaration order.
            $vis const NAMES: &'static [&'static str] = &[$($text),+];

            /// The variant's stable name (JSON, text form, content keys).
            $vis const fn name(&self) -> &'static str {
                match self { $( $name::$variant { .. } => $text ),+ }
            }
        }
    };
    (@units $vis:vis $name:ident { $( $variant:ident = $text:literal ),+ }) => {
        $crate::named_enum!(@names $vis $name { $( $variant = $text ),+ });
        impl $name {
            /// Every variant, in declaration order.
            $vis const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The variant with this stable name.
            $vis fn from_name(name: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.name() == name)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::named_enum! {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Plain { One = "one", TwoWords = "two-words" }
    }

    crate::named_enum! {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum WithFields { Unit = "unit", Data { n: u32 } = "data" }
    }

    #[test]
    fn names_come_from_the_one_list() {
        assert_eq!(Plain::ALL, [Plain::One, Plain::TwoWords]);
        assert_eq!(Plain::NAMES, ["one", "two-words"]);
        assert_eq!(Plain::from_name("two-words"), Some(Plain::TwoWords));
        assert_eq!(Plain::from_name("three"), None);
        assert_eq!(WithFields::Data { n: 3 }.name(), "data");
        assert_eq!(WithFields::Unit.name(), "unit");
        assert_eq!(WithFields::NAMES, ["unit", "data"]);
    }
}
