//! Running the tools, with the project's tool folders on PATH.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::root;

/// PATH with the project's wasm-opt (npm binaryen) and cargo's bin folder in
/// front, so that trunk never picks up another wasm-opt.
pub fn path() -> OsString {
    let mut dirs = vec![root().join("xtask/wasm-opt/node_modules/.bin"), cargo_bin()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).expect("PATH entries have no separators")
}

/// Where `cargo install` puts binaries.
pub fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
        .join("bin")
}

/// A command in the project root with the project's PATH.
pub fn command(program: &str) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(root())
        .env("PATH", path())
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("TRUNK_CONFIG", "Trunkfile.toml")
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    command
}

/// Runs `command`, failing with a message that names it.
pub fn status(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .map_err(|e| format!("could not start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// Runs `command`, echoing its standard output line by line to ours and
/// returning it, so that results can be counted.
pub fn tee(command: &mut Command) -> Result<(bool, String), String> {
    let shown = format!("{command:?}");
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start {shown}: {e}"))?;
    let mut captured = String::new();
    for line in BufReader::new(child.stdout.take().expect("piped")).lines() {
        let line = line.map_err(|e| format!("reading output of {shown}: {e}"))?;
        println!("{line}");
        captured.push_str(&line);
        captured.push('\n');
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for {shown}: {e}"))?;
    Ok((status.success(), captured))
}

/// The output of `program args`, if it runs.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = command(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs trunk with the project's config.
pub fn trunk(args: &[&str]) -> Result<(), String> {
    status(
        command("trunk")
            .args(["--config", "Trunkfile.toml"])
            .args(args),
    )
}
