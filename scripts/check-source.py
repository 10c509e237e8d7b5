#!/usr/bin/env python3
"""Check the C sources in assess/ for what a compiler does not: the rooms' include rules,
banned functions, file and function lengths, and include circles.  Prints each problem as
file:line: what is wrong, and exits 1 if there is any.

Rooms, each including only itself and the rooms before it (docs/hacking.md):

    base -> input -> engine -> analysis -> report -> cli, serve

cli and serve never include each other; assess/main.c, above both, may include anything.
Only report includes xlsxwriter.h, only serve includes microhttpd.h.  Banned on input, as
curl's checksrc bans them: atoi, atof, sscanf, strtok, sprintf, gets.  No file in assess/
over 1,000 lines, no function over 80, no circle of includes between modules (a module is
x.h with x.c and the x_*.c and x_*.h beside them that its files share).

Usage: scripts/check-source.py [ROOT]   (default: the repository this script is in)
"""
import os
import re
import sys

ROOMS = ["base", "input", "engine", "analysis", "report", "cli", "serve"]
RANK = {"base": 0, "input": 1, "engine": 2, "analysis": 3, "report": 4, "cli": 5, "serve": 5}
ONLY = {"xlsxwriter.h": "report", "microhttpd.h": "serve"}
BANNED = ("atoi", "atof", "sscanf", "strtok", "sprintf", "gets")
MAX_FILE_LINES = 1000
MAX_FUNCTION_LINES = 80

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def strip(text):
    """The text with comments, string and character literals blanked (lines kept)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * (min(j, n) - i - 1) + (c if j < n else ""))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def room_of(rel):
    """The room of a path under assess/ ("cli/x.c" -> "cli"), "" for assess/main.c."""
    parts = rel.split("/")
    return parts[0] if len(parts) > 1 else ""


def module_of(stem, stems):
    """The module of a file's path without extension: "engine/rules_read" is part of
    "engine/rules" when there is an engine/rules.h (or .c)."""
    folder, _, name = stem.rpartition("/")
    parts = name.split("_")
    for k in range(1, len(parts)):
        head = (folder + "/" if folder else "") + "_".join(parts[:k])
        if head in stems:
            return head
    return stem


def check_includes(rel, lines, problems, graph):
    room = room_of(rel)
    mod = os.path.splitext(rel)[0]
    for k, line in enumerate(lines, 1):
        m = INCLUDE.match(line)
        if not m:
            continue
        kind, name = m.groups()
        base = os.path.basename(name)
        if kind == "<":
            if base in ONLY and room != ONLY[base]:
                problems.append(f"assess/{rel}:{k}: only {ONLY[base]} includes {name}")
            continue
        target = room_of(name)
        if target not in RANK:
            problems.append(f"assess/{rel}:{k}: '{name}' is in no room (write \"room/file.h\")")
            continue
        graph.setdefault(mod, set()).add(os.path.splitext(name)[0])
        if room == "":
            continue  # main.c, above every room
        if room not in RANK:
            problems.append(f"assess/{rel}:{k}: '{rel}' is in no room")
        elif {room, target} == {"cli", "serve"}:
            problems.append(f"assess/{rel}:{k}: {room} includes '{name}': cli and serve never "
                            "include each other")
        elif RANK[target] > RANK[room]:
            problems.append(f"assess/{rel}:{k}: {room} includes '{name}', a room above it "
                            f"({' -> '.join(ROOMS[:5])} -> cli, serve)")


def check_banned(rel, code, problems):
    pat = re.compile(r"(?<![\w.>])(" + "|".join(BANNED) + r")\s*\(")
    for k, line in enumerate(code.split("\n"), 1):
        for m in pat.finditer(line):
            problems.append(f"assess/{rel}:{k}: '{m.group(1)}' is banned (strtod/strtol with an "
                            "end pointer, snprintf, fgets)")


def check_lengths(rel, lines, code, problems):
    if len(lines) > MAX_FILE_LINES:
        problems.append(f"assess/{rel}:{len(lines)}: {len(lines)} lines, over "
                        f"{MAX_FILE_LINES}: split it by concern")
    if not rel.endswith(".c"):
        return
    clines = code.split("\n")
    start = None
    for k, line in enumerate(clines):
        if line.startswith("{") and start is None:
            start = k
        elif line.startswith("}") and start is not None:
            body = k - start - 1
            if body > MAX_FUNCTION_LINES:
                head = start - 1
                while head > 0 and "(" not in clines[head]:
                    head -= 1
                name = re.search(r"(\w+)\s*\(", clines[head])
                problems.append(f"assess/{rel}:{head + 1}: function "
                                f"'{name.group(1) if name else '?'}' is {body} lines, over "
                                f"{MAX_FUNCTION_LINES}: split it into named steps")
            start = None


def check_circles(files_graph, problems):
    """Circles between modules (see module_of)."""
    stems = set(files_graph) | {t for ts in files_graph.values() for t in ts}
    graph = {}
    for f, targets in files_graph.items():
        m = module_of(f, stems)
        for t in targets:
            mt = module_of(t, stems)
            if mt != m:
                graph.setdefault(m, set()).add(mt)
    state, stack = {}, []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for t in sorted(graph.get(m, ())):
            if t == m:
                continue
            if state.get(t) == 1:
                loop = stack[stack.index(t):] + [t]
                problems.append(f"assess/{m}: include circle: {' -> '.join(loop)}")
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    top = os.path.join(root, "assess")
    problems, graph = [], {}
    for dirpath, _, files in sorted(os.walk(top)):
        for f in sorted(files):
            if not f.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, top).replace(os.sep, "/")
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            lines = text.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            code = strip(text)
            check_includes(rel, lines, problems, graph)
            check_banned(rel, code, problems)
            check_lengths(rel, lines, code, problems)
    check_circles(graph, problems)
    for p in problems:
        print(p)
    print(f"check-source: {len(problems)} problem(s)" if problems else "check-source: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
