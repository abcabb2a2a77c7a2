#!/usr/bin/env python3
"""Extracts the field tables of OSS's Pedoman Integrasi Aplikasi (PIA) 4.3.22 for regional
(K/L/D) systems from its published apidoc source, so that Gerbang checks what OSS sends (and what
it sends OSS) against the contract as written, not against a retyped copy.

Source: the public repository oss-rba/oss-rba.github.io, commit 90fac4f, file src/endpoint.js
(fetch it; the mirror's git directory is the first argument). Writes crates/gerbang-oss/data/
pia-4.3.22.json: for each method, every body field (@apiBody) with its type, maximum length or
digits, and description, and the request example (@apiParamExample) as the spec gives it.

    python3 scripts/oss/pia-fields.py /work/.mirror/oss-rba+oss-rba.github.io/repo
"""

import json
import re
import subprocess
import sys

COMMIT = "90fac4f"
FILE = "src/endpoint.js"


def main() -> None:
    git_dir = sys.argv[1]
    text = subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"{COMMIT}:{FILE}"],
        check=True, capture_output=True, text=True,
    ).stdout
    full = subprocess.run(
        ["git", "--git-dir", git_dir, "rev-parse", COMMIT],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    methods = {}
    for block in re.findall(r"/\*\*(.*?)\*/", text, flags=re.S):
        lines = [re.sub(r"^\s*\* ?", "", l) for l in block.splitlines()]
        api = next((l for l in lines if l.startswith("@api ")), None)
        if not api:
            continue
        verb, path = re.match(r"@api \{(\w+)\} (\S+)", api).groups()
        # receiveLicenseStatus has no @apiName: its path names it.
        name = next(
            (l.split(None, 1)[1].strip() for l in lines if l.startswith("@apiName")),
            path.strip("/").split("/")[0],
        )
        fields = []
        for l in lines:
            # {String(13){13}}: a type, a size, and apidoc's size range.
            m = re.match(r"@apiBody \{((?:[^{}]|\{[^}]*\})*)\}\s+(\S+)\s*(.*)", l)
            if not m:
                continue
            kind, field, about = m.groups()
            # "string100()" (dataNIB.no_akta_lama) is the spec's slip for string(100).
            t = re.match(r"([A-Za-z]+)(\d*)(\[\])?(?:\((\d*)(?:\.(\d+))?\))?", kind)
            base, glued, array, size, scale = t.groups()
            size = size or glued
            entry = {"path": field.strip().strip("[]"), "type": base.lower() + ("[]" if array else "")}
            if size:
                entry["max"] = int(size)
            if scale:
                entry["scale"] = int(scale)
            entry["optional"] = field.startswith("[")
            entry["about"] = about.strip()
            fields.append(entry)
        example = None
        body = "\n".join(lines)
        m = re.search(r"@apiParamExample \{json\}[^\n]*\n(.*?)(?=\n@api|\Z)", body, flags=re.S)
        if m:
            raw = m.group(1)
            start = raw.find("{")
            if start >= 0:
                depth, end = 0, None
                for i, c in enumerate(raw[start:], start):
                    depth += c == "{"
                    depth -= c == "}"
                    if depth == 0:
                        end = i + 1
                        break
                try:
                    example = json.loads(raw[start:end])
                except (json.JSONDecodeError, TypeError):
                    example = None
        methods[name] = {"verb": verb.upper(), "path": path, "fields": fields, "example": example}
    out = {
        "source": {
            "title": "Pedoman Integrasi Aplikasi (PIA) OSS RBA 4.3.22, K/L/D methods",
            "repository": "oss-rba/oss-rba.github.io",
            "commit": full,
            "file": FILE,
        },
        "methods": methods,
    }
    with open("crates/gerbang-oss/data/pia-4.3.22.json", "w") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(methods)} methods, {sum(len(m['fields']) for m in methods.values())} fields")


if __name__ == "__main__":
    main()
