//! Draws the PNG icons of the web app manifest from their SVG sources with
//! headless Chromium, so the PNGs always match the artwork. The PNGs are
//! committed; run `cargo xtask icons` after changing an SVG.

use std::fs;

use crate::root;
use crate::run::{self, status};

/// (SVG source, PNG written, size in pixels), in `public/icons/`.
const ICONS: [(&str, &str, u32); 3] = [
    ("icon.svg", "icon-192.png", 192),
    ("icon.svg", "icon-512.png", 512),
    ("icon-maskable.svg", "icon-maskable-512.png", 512),
];

pub fn draw() -> Result<(), String> {
    let icons = root().join("public/icons");
    let scratch = root().join("target/icons");
    fs::create_dir_all(&scratch).map_err(|e| format!("creating {}: {e}", scratch.display()))?;
    for (svg, png, size) in ICONS {
        let page = scratch.join(format!("{png}.html"));
        let source = icons.join(svg);
        fs::write(
            &page,
            format!(
                "<!doctype html><html><body style=\"margin:0;overflow:hidden\"><img src=\"file://{}\" width=\"{size}\" height=\"{size}\" style=\"display:block\"></body></html>",
                source.display()
            ),
        )
        .map_err(|e| format!("writing {}: {e}", page.display()))?;
        let out = icons.join(png);
        status(run::command("chromium").args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--default-background-color=00000000",
            &format!("--window-size={size},{size}"),
            &format!("--screenshot={}", out.display()),
            &format!("file://{}", page.display()),
        ]))?;
        let (width, height) = png_size(&out)?;
        if (width, height) != (size, size) {
            return Err(format!(
                "{} is {width}x{height}, not {size}x{size}",
                out.display()
            ));
        }
        println!("Drew {} ({size}x{size}) from {svg}", out.display());
    }
    Ok(())
}

/// Width and height from a PNG's header.
fn png_size(path: &std::path::Path) -> Result<(u32, u32), String> {
    let bytes = fs::read(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" {
        return Err(format!("{} is not a PNG", path.display()));
    }
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    Ok((number(16), number(20)))
}
