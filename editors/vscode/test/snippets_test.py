#!/usr/bin/env python3
"""snippets_test.py LEVIN - the VS Code snippets expand to valid Levin.

Expands every snippet of editors/vscode/snippets/levin.json with its default
placeholder texts (tabstop references mirror them, as VS Code does), puts the
results together in one file and runs `LEVIN check --format json` on it; the
file must have no errors. Also checks the snippets the issue names exist.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def expand(body):
    """VS Code snippet syntax -> text, each placeholder at its default."""
    text = "\n".join(body).replace("\t", "  ")
    values = {}

    def parse(s, i, stop):
        out = []
        while i < len(s):
            c = s[i]
            if c == "\\" and i + 1 < len(s) and s[i + 1] in "$}\\":
                out.append(s[i + 1])
                i += 2
            elif stop and c == "}":
                return "".join(out), i + 1
            elif c == "$" and i + 1 < len(s) and s[i + 1] == "{":
                m = re.match(r"\$\{(\d+)(:?)", s[i:])
                if not m:
                    raise ValueError("unsupported snippet syntax at: " + s[i:i + 20])
                n = int(m.group(1))
                inner, i = parse(s, i + m.end(), True) if m.group(2) else ("", i + m.end() + 1)
                values.setdefault(n, inner)
                out.append(values[n])
            elif c == "$" and i + 1 < len(s) and s[i + 1].isdigit():
                m = re.match(r"\$(\d+)", s[i:])
                out.append(values.get(int(m.group(1)), ""))
                i += m.end()
            else:
                out.append(c)
                i += 1
        if stop:
            raise ValueError("unclosed ${ in snippet")
        return "".join(out), i

    return parse(text, 0, False)[0]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(os.path.join(HERE, "..", "snippets", "levin.json")) as f:
        snippets = json.load(f)
    prefixes = {s["prefix"] for s in snippets.values()}
    missing = {"schema", "stream", "rule"} - prefixes
    if missing:
        print("snippets: FAIL no snippet for " + ", ".join(sorted(missing)))
        return 1
    order = ["schema", "stream", "def", "rule"]
    parts = [expand(snippets[k]["body"]) for k in order if k in snippets]
    # publish is an action: it goes in a rule of its own
    if "publish" in snippets:
        parts.append("rule with_publish {\n  on readings as r\n  then " +
                     expand(snippets["publish"]["body"]) + "\n}")
    source = "\n\n".join(parts) + "\n"
    with tempfile.NamedTemporaryFile("w", suffix=".rule", delete=False) as f:
        f.write(source)
        path = f.name
    try:
        p = subprocess.run([sys.argv[1], "check", "--format", "json", path],
                           capture_output=True, text=True, timeout=60)
    finally:
        os.unlink(path)
    # warnings (such as the def being unused here) are fine; errors are not
    if p.returncode != 0 or '"severity":"error"' in p.stdout:
        print("snippets: FAIL the expanded snippets do not check clean (exit %d):\n%s\n%s%s"
              % (p.returncode, source, p.stdout, p.stderr))
        return 1
    print("snippets: %d snippets expand to a file levin check accepts" % len(snippets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
