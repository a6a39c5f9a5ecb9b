//! Internally tagged enums read in one pass, tag first (issue 11: the page's .wasm size).
//!
//! serde's `#[serde(tag = "...")]` reads such an enum by buffering the whole object into its
//! private `Content` tree and then reading the variant a second time from that tree, so every
//! variant's field code is compiled twice, once per source. Our serializers always write the tag
//! first, so [`tag_first_enum!`] declares the enum with serde's usual `Serialize` (the same JSON
//! as before) and a `Deserialize` that reads the first key, which must be the tag, then the
//! variant's fields straight from the same map: one copy of the field code per variant.
//!
//! The price: an object whose tag is not its first key is refused with a serde error (never a
//! panic). Only use it for JSON that our own serializer writes (the worker protocol, the JSON
//! export), not for objects that went through a `serde_json::Value` map, which sorts its keys.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use std::fmt;

/// Read the first key of `map`, which must be `tag`, and the variant name after it.
///
/// Errors: an empty map is missing its tag; another first key is refused by name.
pub(crate) fn read_tag<'de, A, K>(map: &mut A, tag: &'static str) -> Result<K, A::Error>
where
    A: MapAccess<'de>,
    K: de::Deserialize<'de>,
{
    match map.next_key_seed(TagKey(tag))? {
        Some(()) => map.next_value(),
        None => Err(de::Error::missing_field(tag)),
    }
}

/// Skip the rest of `map` (a variant without fields ignores other keys, as serde's own
/// internally tagged unit variants do).
pub(crate) fn skip_rest<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    while map
        .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
        .is_some()
    {}
    Ok(())
}

/// A map key that must be the tag's name.
struct TagKey(&'static str);

impl<'de> DeserializeSeed<'de> for TagKey {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for TagKey {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "the tag `{}` as the first key", self.0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        if v == self.0 {
            Ok(())
        } else {
            Err(E::custom(format_args!(
                "the tag `{}` must be the first key, found `{v}`",
                self.0
            )))
        }
    }
}

/// An internally tagged enum (`#[serde(rename_all = "snake_case", tag = TAG)]`) whose
/// `Deserialize` reads the tag first and each variant's fields in the same pass (see the module).
///
/// ```ignore
/// tag_first_enum! {
///     tag = "kind";
///     /// docs
///     #[derive(Clone, Debug, PartialEq, Eq)]
///     pub enum Shape {
///         /// a unit variant: `{"kind":"empty"}`
///         Empty,
///         /// `{"kind":"square","side":2}`
///         Square {
///             /// length
///             side: usize,
///         },
///     }
/// }
/// ```
///
/// Field attributes (`#[serde(with = ...)]`, `#[serde(default)]`) apply to both directions. The
/// macro adds `Serialize` itself, so the tag and the names are the same both ways.
macro_rules! tag_first_enum {
    (
        tag = $tag:literal;
        $(#[$meta:meta])*
        $vis:vis enum $Enum:ident {
            $(
                $(#[$vmeta:meta])*
                $Variant:ident $({
                    $( $(#[$fmeta:meta])* $field:ident : $fty:ty ),* $(,)?
                })?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(serde::Serialize)]
        #[serde(rename_all = "snake_case", tag = $tag)]
        $vis enum $Enum {
            $(
                $(#[$vmeta])*
                $Variant $({ $( $(#[$fmeta])* $field : $fty ),* })?
            ),*
        }

        const _: () = {
            /// The variant names, as the tag's value.
            #[derive(serde::Deserialize)]
            #[serde(rename_all = "snake_case")]
            enum Kind {
                $( $Variant ),*
            }

            /// Each variant's fields as a struct of its own, read from the rest of the map.
            #[allow(non_camel_case_types, dead_code)]
            mod wire {
                #[allow(unused_imports)]
                use super::*;
                $( $crate::tag_first::tag_first_enum!(@wire $Variant $({ $( $(#[$fmeta])* $field : $fty ),* })?); )*
            }

            struct V;

            impl<'de> serde::de::Visitor<'de> for V {
                type Value = $Enum;

                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str(concat!("an object whose first key is `", $tag, "`"))
                }

                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<$Enum, A::Error> {
                    match $crate::tag_first::read_tag::<A, Kind>(&mut map, $tag)? {
                        $( Kind::$Variant => $crate::tag_first::tag_first_enum!(
                            @de $Enum $Variant map $({ $( $field ),* })?
                        ), )*
                    }
                }
            }

            impl<'de> serde::Deserialize<'de> for $Enum {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    d.deserialize_map(V)
                }
            }
        };
    };
    (@wire $V:ident { $( $(#[$fmeta:meta])* $field:ident : $fty:ty ),* }) => {
        #[derive(serde::Deserialize)]
        pub(super) struct $V {
            $( $(#[$fmeta])* pub(super) $field : $fty ),*
        }
    };
    (@wire $V:ident) => {};
    (@de $Enum:ident $V:ident $map:ident { $( $field:ident ),* }) => {{
        let w = <wire::$V as serde::Deserialize>::deserialize(
            serde::de::value::MapAccessDeserializer::new($map),
        )?;
        Ok($Enum::$V { $( $field: w.$field ),* })
    }};
    (@de $Enum:ident $V:ident $map:ident) => {{
        $crate::tag_first::skip_rest(&mut $map)?;
        Ok($Enum::$V)
    }};
}

pub(crate) use tag_first_enum;
