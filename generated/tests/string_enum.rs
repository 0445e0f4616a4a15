//! The generated string enums' serde, through the public types: known values map to variants,
//! unknown ones are kept verbatim, and both serialize back to the same JSON string.

#![allow(clippy::unwrap_used)] // Tests may unwrap: a panic is how a test reports failure.

use zoom_contact_center::types::AssignFlowEntryPointsBodyEntryPointsItemCustomerIdentitySource as Source;

#[test]
fn known_values_map_to_variants_and_unknown_ones_are_kept() {
    let known: Source = serde_json::from_str(r#""reply_to""#).unwrap();
    assert_eq!(known, Source::ReplyTo);
    let unknown: Source = serde_json::from_str(r#""carrier_pigeon""#).unwrap();
    assert_eq!(unknown, Source::Unknown("carrier_pigeon".into()));
    assert_eq!(serde_json::to_string(&known).unwrap(), r#""reply_to""#);
    assert_eq!(
        serde_json::to_string(&unknown).unwrap(),
        r#""carrier_pigeon""#
    );
}

#[test]
fn escaped_strings_are_unescaped_before_matching() {
    // serde_json hands the visitor an owned, unescaped string here, not a borrowed slice.
    let known: Source = serde_json::from_str(r#""reply\u005fto""#).unwrap();
    assert_eq!(known, Source::ReplyTo);
}

#[test]
fn non_strings_are_refused_with_a_message() {
    let err = serde_json::from_str::<Source>("42")
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected a string"), "{err}");
}
