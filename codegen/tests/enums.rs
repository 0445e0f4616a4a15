//! Forward-compatible enums: the pass over progenitor's real output, and the serde behaviour of
//! exactly the code it produces.

#![allow(clippy::unwrap_used)] // Tests may unwrap (house rules).

use codegen::enums::make_forward_compatible;
use quote::ToTokens;

/// A small document in Zoom's style: a response enum, and one with an `"unknown"` value (which
/// typify already names `Unknown`, so the catch-all must take another name).
const DOC: &str = r#"{
  "openapi": "3.0.3",
  "info": {"title": "t", "version": "1"},
  "paths": {
    "/contact_center/engagements/{engagementId}": {
      "get": {
        "operationId": "getEngagement",
        "parameters": [{"name": "engagementId", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
          "type": "object",
          "properties": {
            "channel_source": {"type": "string", "enum": ["voice", "web_chat", "whats_app"]},
            "status": {"type": "string", "enum": ["Offline", "Ready", "unknown"]}
          }
        }}}}}
      }
    }
  }
}"#;

fn generate() -> syn::File {
    let spec: openapiv3::OpenAPI = serde_json::from_str(DOC).unwrap();
    let tokens = progenitor::Generator::new(&progenitor::GenerationSettings::default())
        .generate_tokens(&spec)
        .unwrap();
    syn::parse2(tokens).unwrap()
}

/// The enum named `name` and every impl for it, from progenitor's `types` module.
fn items_for(file: &syn::File, name: &str) -> Vec<syn::Item> {
    let types = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref().map(|(_, items)| items),
            _ => None,
        })
        .unwrap();
    types
        .iter()
        .filter(|item| match item {
            syn::Item::Enum(e) => e.ident == name,
            syn::Item::Impl(i) => i.self_ty.to_token_stream().to_string() == name,
            _ => false,
        })
        .cloned()
        .collect()
}

fn unparse(items: Vec<syn::Item>) -> String {
    prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: vec![],
        items,
    })
}

#[test]
fn patches_every_string_enum_once() {
    let mut file = generate();
    assert_eq!(make_forward_compatible(&mut file), 2);
    // Idempotent: the patched enums are no longer unit-only.
    assert_eq!(make_forward_compatible(&mut file), 0);

    let status = unparse(items_for(&file, "GetEngagementResponseStatus"));
    assert!(status.contains("Unknown,"), "{status}");
    assert!(
        status.contains("UnknownValue(::std::string::String)"),
        "{status}"
    );
    assert!(
        status.contains("Self::UnknownValue(ref value) => f.write_str(value)"),
        "{status}"
    );
}

#[test]
fn patched_enum_shape() {
    let mut file = generate();
    make_forward_compatible(&mut file);
    let source = unparse(items_for(&file, "GetEngagementResponseChannelSource"));
    assert!(!source.contains("Copy"), "{source}");
    insta::assert_snapshot!("channel_source", source);
}

/// The patched output for `channel_source`, compiled here. `token_identical_to_generated` proves it
/// is the pass's output, token for token; the serde tests then exercise that exact code.
macro_rules! compiled_and_quoted {
    ($($code:tt)*) => {
        // Generated-code visibility and an error type the tests never inspect.
        #[allow(unreachable_pub, dead_code)]
        mod types {
            pub mod error {
                #[derive(Debug)]
                pub struct ConversionError(pub ::std::borrow::Cow<'static, str>);
                impl From<&'static str> for ConversionError {
                    fn from(value: &'static str) -> Self {
                        Self(value.into())
                    }
                }
                impl ::std::fmt::Display for ConversionError {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(&self.0)
                    }
                }
            }
            $($code)*
        }
        const PATCHED_SOURCE: &str = stringify!($($code)*);
    };
}

compiled_and_quoted! {
    ///`GetEngagementResponseChannelSource`
    #[derive(Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
    pub enum GetEngagementResponseChannelSource {
        Voice,
        WebChat,
        WhatsApp,
        /// A value this version of the crate does not know, kept verbatim so that a value Zoom adds
        /// later does not fail the whole response.
        Unknown(::std::string::String),
    }
    impl ::serde::Serialize for GetEngagementResponseChannelSource {
        fn serialize<S: ::serde::Serializer>(
            &self,
            serializer: S,
        ) -> ::std::result::Result<S::Ok, S::Error> {
            serializer.collect_str(self)
        }
    }
    impl<'de> ::serde::Deserialize<'de> for GetEngagementResponseChannelSource {
        fn deserialize<D: ::serde::Deserializer<'de>>(
            deserializer: D,
        ) -> ::std::result::Result<Self, D::Error> {
            crate::string_enum::deserialize(deserializer)
        }
    }
    impl ::std::fmt::Display for GetEngagementResponseChannelSource {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            match *self {
                Self::Voice => f.write_str("voice"),
                Self::WebChat => f.write_str("web_chat"),
                Self::WhatsApp => f.write_str("whats_app"),
                Self::Unknown(ref value) => f.write_str(value),
            }
        }
    }
    impl ::std::str::FromStr for GetEngagementResponseChannelSource {
        type Err = self::error::ConversionError;
        fn from_str(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "voice" => Ok(Self::Voice),
                "web_chat" => Ok(Self::WebChat),
                "whats_app" => Ok(Self::WhatsApp),
                _ => Ok(Self::Unknown(::std::string::ToString::to_string(value))),
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for GetEngagementResponseChannelSource {
        type Error = self::error::ConversionError;
        fn try_from(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl ::std::convert::TryFrom<::std::string::String> for GetEngagementResponseChannelSource {
        type Error = self::error::ConversionError;
        fn try_from(
            value: ::std::string::String,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
}

/// The generated impls call the runtime crate's hand-written helper; the test compiles against that
/// very file, so the serde tests below exercise the code users get.
#[path = "../../runtime/src/string_enum.rs"]
#[allow(unreachable_pub)] // `pub` in the runtime crate, which the generated crate calls.
mod string_enum;

use types::GetEngagementResponseChannelSource as Source;

/// Both sides pretty-printed, so trailing commas and doc-comment spelling do not matter.
fn normalized(items: Vec<syn::Item>) -> String {
    unparse(items)
}

#[test]
fn token_identical_to_generated() {
    let mut file = generate();
    make_forward_compatible(&mut file);
    let generated = normalized(items_for(&file, "GetEngagementResponseChannelSource"));
    let compiled: syn::File = syn::parse_str(PATCHED_SOURCE).unwrap();
    assert_eq!(normalized(compiled.items), generated);
}

#[test]
fn unknown_values_deserialize_and_round_trip() {
    let known: Source = serde_json::from_str(r#""whats_app""#).unwrap();
    assert_eq!(known, Source::WhatsApp);

    let unknown: Source = serde_json::from_str(r#""kiosk_video""#).unwrap();
    assert_eq!(unknown, Source::Unknown("kiosk_video".to_owned()));
    assert_eq!(serde_json::to_string(&unknown).unwrap(), r#""kiosk_video""#);
    assert_eq!(unknown.to_string(), "kiosk_video");

    // A whole response with one unknown value still deserializes.
    let list: Vec<Source> = serde_json::from_str(r#"["voice", "carrier_pigeon"]"#).unwrap();
    assert_eq!(
        list,
        [Source::Voice, Source::Unknown("carrier_pigeon".to_owned())]
    );
}

#[test]
fn from_str_and_try_from_accept_unknown() {
    assert_eq!("web_chat".parse::<Source>().unwrap(), Source::WebChat);
    assert_eq!(
        Source::try_from("new_channel").unwrap(),
        Source::Unknown("new_channel".to_owned())
    );
    assert_eq!(
        Source::try_from(String::from("voice")).unwrap(),
        Source::Voice
    );
    // Still not a string: non-string JSON is rejected, not swallowed.
    let err = serde_json::from_str::<Source>("42")
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected a string"), "{err}");
}
