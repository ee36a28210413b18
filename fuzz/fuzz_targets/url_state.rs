//! Any text as a URL query string: decoding never panics, and the state it
//! decodes to survives its own URL (with or without the leading `?`), whose
//! encoding is then stable.

#![no_main]

use libfuzzer_sys::fuzz_target;
use procedure_catalog::state::url::{decode, encode};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let state = decode(&text);
    let url = encode(&state);
    assert_eq!(decode(&url), state, "{text:?} gave {url:?}");
    assert_eq!(decode(&format!("?{url}")), state, "{url:?} after `?`");
    assert_eq!(encode(&decode(&url)), url, "{url:?} is not stable");
});
