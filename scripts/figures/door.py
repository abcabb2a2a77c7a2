#!/usr/bin/env python3
"""Figures of how thin the shells are over the application crate (issue 31):
the desktop's #[tauri::command] functions whose bodies are over 5 lines, and how often the
shells name the crates below the application. Run from the repository root (or give another checkout's root, e.g. a worktree of an older
commit, to compare):
    python3 scripts/figures/door.py [ROOT]
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2])


def commands(src):
    """(file, name, body lines) of every #[tauri::command] function under src."""
    out = []
    for path in sorted(src.glob("*.rs")):
        lines = path.read_text().splitlines()
        for i, line in enumerate(lines):
            if line.strip() != "#[tauri::command]":
                continue
            j = i + 1
            while "fn " not in lines[j]:
                j += 1
            name = re.search(r"fn (\w+)", lines[j]).group(1)
            # The body: from the line after the signature's `{` to its closing `}` at column 0.
            while not lines[j].rstrip().endswith("{"):
                j += 1
            k = j + 1
            while lines[k] != "}":
                k += 1
            out.append((path.name, name, k - j - 1))
    return out


cmds = commands(root / "src-tauri" / "src")
long = [c for c in cmds if c[2] > 5]
print(f"desktop commands: {len(cmds)}; bodies over 5 lines: {len(long)}")
for f, n, b in long:
    print(f"  {f}:{n} {b} lines")
for shell in ["src-tauri", "crates/gerbang-cli"]:
    text = "".join(p.read_text() for p in (root / shell / "src").rglob("*.rs"))
    for crate in ["gerbang_store::", "gerbang_sync::", "gerbang_pack::"]:
        print(f"{shell}: {crate} {text.count(crate)}")

# The store as a repository: its public methods that take a catalog, an index, a day, a holiday
# calendar or stage limits (the use cases it ran).
store_src = root / "crates" / "gerbang-store" / "src"
taking = []
for path in sorted(store_src.rglob("*.rs")):
    for m in re.finditer(r"pub async fn (\w+)\(([^)]*)\)", path.read_text(), re.S):
        if re.search(r"catalog: &|index: &|as_of|today|calendar: &|limits: &", m.group(2)):
            taking.append(m.group(1))
print(f"store methods taking a catalog, index, day or calendar: {len(taking)} {sorted(taking)}")

# Production files over 600 lines (a file's tests, from its first #[cfg(test)], aside; test-only
# files aside).
big = []
for path in sorted(list((root / "crates").glob("*/src/**/*.rs")) + list((root / "src-tauri" / "src").glob("*.rs"))):
    if "tests" in path.stem:
        continue
    lines = path.read_text().splitlines()
    prod = next((i for i, l in enumerate(lines) if l.startswith("#[cfg(test)]")), len(lines))
    if prod > 600:
        big.append(f"{path.relative_to(root)} {prod}")
print(f"production files over 600 lines: {len(big)}")
for b in big:
    print(f"  {b}")
