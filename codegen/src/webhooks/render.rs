//! `EventName` and `Event`, rendered from the same list of events as the payload types, so a name,
//! its wire string and its payload type cannot drift apart.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Ident;

use super::read::EventSummary;

/// The generated module: the payload types (typify's, post-processed like the client's) in
/// `payloads`, then `EventName` and `Event`.
pub(super) fn render(
    events: &[EventSummary],
    payloads: Vec<syn::Item>,
) -> Result<syn::File, crate::error::Error> {
    let variants: Vec<Ident> = events
        .iter()
        .map(|e| Ident::new(&e.type_name, Span::call_site()))
        .collect();
    let wires: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
    let name_docs: Vec<String> = events.iter().map(name_doc).collect();
    let event_docs: Vec<String> = events.iter().map(event_doc).collect();
    let count = events.len();
    let names_doc = format!(
        "The name of a Contact Center webhook event (`event` in the envelope).\n\n\
         One variant per event of Zoom's webhook document ({count}); any other name is kept verbatim in \
         [`EventName::Unknown`] rather than refused, so a new Zoom event never breaks a receiver. \
         Serialises to and from the plain wire string."
    );
    let event_enum_doc = format!(
        "A webhook event with its typed payload: one variant per event of Zoom's webhook document \
         ({count}), holding the `payload` member of the envelope.\n\n\
         An event name the document does not list arrives as [`Event::Unknown`] with its raw payload, \
         so a new Zoom event never breaks a receiver."
    );
    let tokens: TokenStream = quote! {
        /// The payload types, one per event, named after it (`contact_center.task_created` ->
        /// `TaskCreated`); nested objects and enums are named after the path that reaches them.
        /// Enums keep values Zoom adds later (`Unknown(String)`) and optional members are `Option`,
        /// as in the client's response types.
        pub mod payloads {
            #(#payloads)*
        }

        #[doc = #names_doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum EventName {
            #( #[doc = #name_docs] #variants, )*
            /// A name Zoom's webhook document does not list, exactly as received. Decoding never
            /// puts a listed name here.
            Unknown(::std::string::String),
        }

        impl EventName {
            /// Every name the document lists, in its order.
            pub const KNOWN: &'static [EventName] = &[ #( EventName::#variants, )* ];

            /// The name as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( EventName::#variants => #wires, )*
                    EventName::Unknown(name) => name,
                }
            }

            /// Whether the document lists this name (it has its own variant).
            pub fn is_known(&self) -> bool {
                !matches!(self, EventName::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for EventName {
            fn from(name: &str) -> Self {
                match name {
                    #( #wires => EventName::#variants, )*
                    other => EventName::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for EventName {
            fn from(name: ::std::string::String) -> Self {
                match EventName::from(name.as_str()) {
                    EventName::Unknown(_) => EventName::Unknown(name),
                    known => known,
                }
            }
        }

        impl ::std::fmt::Display for EventName {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for EventName {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for EventName {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(EventName::from)
            }
        }

        #[doc = #event_enum_doc]
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum Event {
            #( #[doc = #event_docs] #variants(payloads::#variants), )*
            /// An event the document does not list: its name and payload exactly as received.
            Unknown {
                /// The `event` member of the envelope.
                name: ::std::string::String,
                /// The `payload` member of the envelope, undecoded.
                payload: ::serde_json::Value,
            },
        }

        impl Event {
            /// Decodes an envelope's `payload` into the variant its `event` name selects.
            ///
            /// # Errors
            /// The decoder's error when the payload does not fit the event's payload type; an
            /// unlisted name never fails (it becomes [`Event::Unknown`]).
            pub fn decode(name: &EventName, payload: &::serde_json::Value) -> ::std::result::Result<Self, ::serde_json::Error> {
                Ok(match name {
                    #( EventName::#variants => Event::#variants(<payloads::#variants as ::serde::Deserialize>::deserialize(payload)?), )*
                    EventName::Unknown(name) => Event::Unknown { name: name.clone(), payload: payload.clone() },
                })
            }

            /// The event's name.
            pub fn name(&self) -> EventName {
                match self {
                    #( Event::#variants(_) => EventName::#variants, )*
                    Event::Unknown { name, .. } => EventName::Unknown(name.clone()),
                }
            }

            /// The payload as JSON again (what Zoom sent, for a payload that decoded).
            ///
            /// # Errors
            /// The encoder's error (the payload types always encode; the signature is kept for
            /// serde's sake).
            pub fn payload_json(&self) -> ::std::result::Result<::serde_json::Value, ::serde_json::Error> {
                match self {
                    #( Event::#variants(payload) => ::serde_json::to_value(payload), )*
                    Event::Unknown { payload, .. } => Ok(payload.clone()),
                }
            }
        }
    };
    crate::generate::parse_file(tokens)
}

/// `EventName` variant docs: the wire name and the title.
fn name_doc(event: &EventSummary) -> String {
    match &event.summary {
        Some(title) => format!("`{}`: {title}.", event.name),
        None => format!("`{}`.", event.name),
    }
}

/// `Event` variant docs: title, description, scopes and granular scopes, as Zoom's document says.
fn event_doc(event: &EventSummary) -> String {
    let mut doc = match &event.summary {
        Some(title) => format!("{title} (`{}`).", event.name),
        None => format!("`{}`.", event.name),
    };
    if !event.description.is_empty() {
        doc.push_str("\n\n");
        doc.push_str(&event.description);
    }
    let list = |scopes: &[String]| {
        scopes
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !event.markers.scopes.is_empty() {
        doc.push_str(&format!("\n\n**Scopes:** {}", list(&event.markers.scopes)));
    }
    if !event.markers.granular_scopes.is_empty() {
        doc.push_str(&format!(
            "\n\n**Granular scopes:** {}",
            list(&event.markers.granular_scopes)
        ));
    }
    doc
}
