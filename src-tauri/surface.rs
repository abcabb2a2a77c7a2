//! The desktop's IPC surface, read from the `#[tauri::command]` functions themselves, so it is
//! declared once: build.rs registers them (the handler list and one permission each) and the
//! bindings test writes their TypeScript (`ui/src/lib/api/generated/commands.ts`).

use std::path::Path;

/// One command as the UI calls it.
#[derive(Debug)]
pub struct Command {
    /// The module that defines it (`sync_commands`).
    pub module: String,
    /// Its name (`sign_in`).
    pub name: String,
    /// Its doc comment, line by line.
    pub docs: Vec<String>,
    /// The arguments the UI passes (Tauri's own: state, window, app handle, left out).
    pub args: Vec<(String, syn::Type)>,
    /// What it answers (the `Ok` side of a `Result`).
    pub answer: syn::Type,
}

/// The files commands live in: `src/*commands.rs`.
pub fn files(src: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(src)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", src.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with("commands.rs"))
        })
        .collect();
    files.sort();
    files
}

/// Every `#[tauri::command]` in `src/*commands.rs`, by file, in source order.
pub fn commands(src: &Path) -> Vec<Command> {
    let mut out = Vec::new();
    for path in files(src) {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let file = syn::parse_file(&text)
            .unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()));
        let module = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        for item in file.items {
            let syn::Item::Fn(f) = item else { continue };
            if !f.attrs.iter().any(|a| is_command_attr(a.path())) {
                continue;
            }
            let docs = f
                .attrs
                .iter()
                .filter(|a| a.path().is_ident("doc"))
                .filter_map(|a| match &a.meta {
                    syn::Meta::NameValue(nv) => match &nv.value {
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(s),
                            ..
                        }) => Some(s.value().trim().to_owned()),
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            let args = f
                .sig
                .inputs
                .iter()
                .filter_map(|arg| match arg {
                    syn::FnArg::Typed(t) => match (&*t.pat, &*t.ty) {
                        (syn::Pat::Ident(id), ty) if !is_injected(ty) => {
                            Some((id.ident.to_string(), ty.clone()))
                        }
                        _ => None,
                    },
                    syn::FnArg::Receiver(_) => None,
                })
                .collect();
            let answer = match &f.sig.output {
                syn::ReturnType::Default => syn::parse_quote!(()),
                syn::ReturnType::Type(_, ty) => ok_side(ty),
            };
            out.push(Command {
                module: module.clone(),
                name: f.sig.ident.to_string(),
                docs,
                args,
                answer,
            });
        }
    }
    out
}

fn is_command_attr(path: &syn::Path) -> bool {
    let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    names == ["tauri", "command"]
}

/// The last segment of a type path, with its generic arguments.
fn last(ty: &syn::Type) -> Option<(String, Vec<syn::Type>)> {
    let syn::Type::Path(p) = ty else { return None };
    let seg = p.path.segments.last()?;
    let args = match &seg.arguments {
        syn::PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                syn::GenericArgument::Type(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Some((seg.ident.to_string(), args))
}

/// Arguments Tauri fills in itself.
fn is_injected(ty: &syn::Type) -> bool {
    matches!(
        last(ty).map(|(n, _)| n).as_deref(),
        Some("State" | "AppHandle" | "Window" | "WebviewWindow" | "Webview")
    )
}

fn ok_side(ty: &syn::Type) -> syn::Type {
    match last(ty) {
        Some((n, args)) if n == "Result" && !args.is_empty() => args[0].clone(),
        _ => ty.clone(),
    }
}

/// The TypeScript for a Rust type crossing the boundary; `named` collects the generated types
/// it refers to.
pub fn ts(ty: &syn::Type, named: &mut std::collections::BTreeSet<String>) -> String {
    if let syn::Type::Tuple(t) = ty
        && t.elems.is_empty()
    {
        return "void".to_owned();
    }
    if let syn::Type::Reference(r) = ty {
        return ts(&r.elem, named);
    }
    let Some((name, args)) = last(ty) else {
        panic!("a command uses a type the bindings cannot name");
    };
    match (name.as_str(), args.as_slice()) {
        ("String" | "str", _) => "string".to_owned(),
        ("bool", _) => "boolean".to_owned(),
        ("u8" | "u16" | "u32" | "u64" | "i32" | "i64" | "f32" | "f64" | "usize", _) => {
            "number".to_owned()
        }
        ("Vec", [t]) => format!("{}[]", wrap(&ts(t, named))),
        ("Option", [t]) => format!("{} | null", ts(t, named)),
        ("BTreeMap" | "HashMap", [k, v]) => {
            format!("Record<{}, {}>", ts(k, named), ts(v, named))
        }
        // A progress channel: the UI passes a callback (the Tauri backend wraps it).
        ("Channel", [t]) => format!("(message: {}) => void", ts(t, named)),
        // Raw bytes (`tauri::ipc::Response`).
        ("Response", []) => "ArrayBuffer".to_owned(),
        (other, []) => {
            named.insert(other.to_owned());
            other.to_owned()
        }
        (other, _) => panic!("a command uses {other}<…>, which the bindings cannot name"),
    }
}

fn wrap(t: &str) -> String {
    if t.contains(' ') {
        format!("({t})")
    } else {
        t.to_owned()
    }
}

/// `set_language` → `setLanguage`.
pub fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `ui/src/lib/api/generated/commands.ts`: the `Commands` interface (one method per command,
/// with its doc comment) and `COMMANDS`, each method's command name and argument names.
pub fn typescript(commands: &[Command]) -> String {
    let mut named = std::collections::BTreeSet::new();
    let mut methods = String::new();
    let mut table = String::new();
    for c in commands {
        let mut params = Vec::new();
        let optional_from = c
            .args
            .iter()
            .rposition(|(_, t)| !matches!(last(t), Some((n, _)) if n == "Option"))
            .map_or(0, |i| i + 1);
        for (i, (arg, ty)) in c.args.iter().enumerate() {
            let opt = if i >= optional_from { "?" } else { "" };
            params.push(format!("{}{opt}: {}", camel(arg), ts(ty, &mut named)));
        }
        let answer = ts(&c.answer, &mut named);
        if !c.docs.is_empty() {
            methods.push_str("\t/**\n");
            for line in &c.docs {
                methods.push_str(&format!("\t * {line}\n").replace(" \n", "\n"));
            }
            methods.push_str("\t */\n");
        }
        methods.push_str(&format!(
            "\t{}({}): Promise<{answer}>;\n",
            camel(&c.name),
            params.join(", ")
        ));
        let names: Vec<String> = c
            .args
            .iter()
            .map(|(a, _)| format!("'{}'", camel(a)))
            .collect();
        table.push_str(&format!(
            "\t{}: ['{}', [{}]],\n",
            camel(&c.name),
            c.name,
            names.join(", ")
        ));
    }
    let imports: String = named
        .iter()
        .map(|n| format!("import type {{ {n} }} from './{n}';\n"))
        .collect();
    format!(
        "// Generated from the #[tauri::command] functions in src-tauri/src/*commands.rs by\n\
         // `GERBANG_BLESS=1 cargo test -p gerbang-desktop bindings`; do not edit.\n\
         {imports}\n\
         /** Every command the desktop app answers, as the UI calls it. */\n\
         export interface Commands {{\n{methods}}}\n\n\
         /** Each method's command and the names of its arguments, in order. */\n\
         export const COMMANDS: {{ readonly [M in keyof Commands]: readonly [string, readonly string[]] }} = {{\n{table}}};\n"
    )
}
