//! Generates the Tauri context, and from the `#[tauri::command]` functions themselves (see
//! surface.rs) the handler list and one permission per command, so that the capability file
//! can grant exactly the commands the UI uses and no list of them is kept by hand.

#[path = "surface.rs"]
#[allow(dead_code)] // The TypeScript half is for the bindings test.
mod surface;

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let src = Path::new("src");
    for file in surface::files(src) {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    println!("cargo:rerun-if-changed=surface.rs");
    let commands = surface::commands(src);
    let mut out = String::from(
        "/// The app commands the UI may invoke (from build.rs).\n#[cfg_attr(not(test), allow(dead_code))]\npub const COMMANDS: &[&str] = &[\n",
    );
    for c in &commands {
        let _ = writeln!(out, "    {:?},", c.name);
    }
    out.push_str("];\n\n/// `tauri::generate_handler!` over every command (from build.rs).\nmacro_rules! handler {\n    () => {\n        tauri::generate_handler![\n");
    for c in &commands {
        let _ = writeln!(out, "            {}::{},", c.module, c.name);
    }
    out.push_str("        ]\n    };\n}\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("surface.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));

    let names: &'static [&'static str] = Box::leak(
        commands
            .iter()
            .map(|c| &*Box::leak(c.name.clone().into_boxed_str()))
            .collect::<Vec<&'static str>>()
            .into_boxed_slice(),
    );
    let manifest = tauri_build::AppManifest::new().commands(names);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .unwrap_or_else(|e| panic!("tauri build script failed: {e:#}"));
}
