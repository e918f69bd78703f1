"""Audit: every place in engine/ that writes a file goes through engine/core's atomic writers.

The test walks the engine's source (ast) and lists each call that writes a file: ``open``
(and ``Path.open``, ``os.fdopen``) in a write mode, ``write_text``/``write_bytes``,
``shutil.copy*``/``copytree``/``move``, ``json.dump`` to a handle, ``torch.save``,
``save_pretrained``, safetensors' ``save_file``, ``zipfile.ZipFile`` for writing, gguf's
``GGUFWriter``, numpy's ``save``/``tofile`` and log file handlers. A call is fine when it
sits inside ``with atomic_path(...)`` / ``with atomic_folder(...)`` (temp file or folder,
fsync, ``os.replace``), inside engine/core/files.py's own writers, or in the allow-list below,
each entry with its reason. Anything else fails the test, naming the file and line.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "engine"

ATOMIC_BLOCKS = {"atomic_path", "atomic_folder"}
"""Context managers that make what is written inside them atomic (engine/core/files.py)."""

CORE_WRITERS = {
    ("core/files.py", "atomic_write_bytes"),
    ("core/files.py", "_fsync_file"),
}
"""The atomic writers themselves."""

ALLOWED: dict[tuple[str, str], str] = {
    # Logs are appended to, never replaced: a rename would orphan the open handler.
    ("core/logs.py", "file_handler"): "the rotating log files (app and child process)",
    ("customers/privacy.py", "_scrub_logs"): "rewrites a log in place: the handler holds it",
    ("finetune/distributed.py", "trace"): "a test hook's trace, only when its variable is set",
    # A pipe, not a file.
    ("jobs/child_main.py", "_message_stream"): "the message pipe to the parent process",
    # Written into a work folder that the caller syncs (fsync_tree) and renames in whole.
    ("core/files.py", "join_files"): "joins a pack's parts into its work folder",
    ("models/gguf_convert.py", "convert_gguf"): "the importer's / pack's work folder",
    ("models/importer.py", "_place"): "the importer's work folder",
    ("models/house.py", "prepare_house"): "the house model's work folder (fsync_tree, rename)",
    # Temporary files, gone after use.
    ("models/adapter_import.py", "_extract"): "unzips into a TemporaryDirectory, then installs",
    # Temp folder, synced and renamed in; a checkpoint is then marked complete atomically
    # and a resume trusts only marked ones.
    ("finetune/checkpoints.py", "save_checkpoint"): "temp folder, fsync, rename, marker",
    ("finetune/checkpoints.py", "save_adapter_folder"): "temp folder, fsync, rename",
}
"""(module under engine/, function) → why its writes are safe without the atomic writers."""

_WRITE_MODES = set("wax+")
_ALWAYS = {
    "write_text",
    "write_bytes",
    "copy",
    "copy2",
    "copyfile",
    "copytree",
    "move",
    "save_pretrained",
    "save_file",
    "GGUFWriter",
    "RotatingFileHandler",
    "FileHandler",
    "tofile",
}


@dataclass(frozen=True)
class Writer:
    """One call that writes a file."""

    module: str
    function: str
    line: int
    call: str

    def __str__(self) -> str:
        return f"engine/{self.module}:{self.line} in {self.function}(): {self.call}"


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _owner(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id
    return ""


def _mode(call: ast.Call, position: int) -> str:
    for keyword in call.keywords:
        if keyword.arg == "mode" and isinstance(keyword.value, ast.Constant):
            return str(keyword.value.value)
    if len(call.args) > position and isinstance(call.args[position], ast.Constant):
        return str(call.args[position].value)
    return ""


def writes_a_file(call: ast.Call) -> bool:
    """True for a call that creates or changes a file (see the module docstring)."""
    name, owner = _name(call), _owner(call)
    if name in _ALWAYS:
        return not (name == "copy" and owner not in ("shutil",))  # array.copy() is not I/O
    if name == "open":
        position = 1 if isinstance(call.func, ast.Name) or owner in ("os", "io") else 0
        return bool(_WRITE_MODES & set(_mode(call, position)))
    if name == "fdopen":
        return bool(_WRITE_MODES & set(_mode(call, 1) or "r"))
    if name == "ZipFile":
        return bool(_WRITE_MODES & set(_mode(call, 1) or "r"))
    if name == "dump":
        return owner in ("json", "pickle", "yaml")
    if name == "save":
        return owner in ("torch", "np", "numpy")
    return False


class _Finder(ast.NodeVisitor):
    def __init__(self, module: str) -> None:
        self.module = module
        self.functions: list[str] = ["<module>"]
        self.atomic = 0
        self.found: list[Writer] = []

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_With(self, node: ast.With) -> None:
        atomic = any(
            isinstance(i.context_expr, ast.Call) and _name(i.context_expr) in ATOMIC_BLOCKS
            for i in node.items
        )
        self.atomic += atomic
        for item in node.items:  # a writer opened in this same with-statement is inside
            self.visit(item)
        for statement in node.body:
            self.visit(statement)
        self.atomic -= atomic

    def visit_Call(self, node: ast.Call) -> None:
        if writes_a_file(node) and not self.atomic:
            call = ast.unparse(node)
            self.found.append(Writer(self.module, self.functions[-1], node.lineno, call[:80]))
        self.generic_visit(node)


def file_writers() -> list[Writer]:
    """Every call in engine/ that writes a file outside an atomic block."""
    found: list[Writer] = []
    for path in sorted(ENGINE.rglob("*.py")):
        module = path.relative_to(ENGINE).as_posix()
        finder = _Finder(module)
        finder.visit(ast.parse(path.read_text(encoding="utf-8")))
        found += finder.found
    return found


def test_every_file_the_engine_writes_goes_through_an_atomic_writer():
    unsafe = [
        w
        for w in file_writers()
        if (w.module, w.function) not in ALLOWED and (w.module, w.function) not in CORE_WRITERS
    ]
    assert unsafe == [], (
        "writes outside engine/core's atomic writers (write inside `with atomic_path(...)` or"
        " `with atomic_folder(...)`, or add the function to ALLOWED with its reason):\n"
        + "\n".join(map(str, unsafe))
    )


def test_the_audit_sees_the_writers_it_is_meant_to_see():
    source = """
def bad(path, data, model):
    open(path, "w").write(data)
    path.write_text(data)
    shutil.copyfile(path, path)
    json.dump(data, handle)
    torch.save(data, path)
    model.save_pretrained(path)
    zipfile.ZipFile(path, "w")
    with path.open("ab") as handle:
        pass

def good(path, data, model):
    open(path).read()
    path.read_text()
    json.dumps(data)
    data.copy()
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w") as archive:
        archive.write(path)
    with atomic_folder(path) as tmp:
        model.save_pretrained(tmp)
"""
    finder = _Finder("example.py")
    finder.visit(ast.parse(source))
    assert [(w.function, w.line) for w in finder.found] == [("bad", n) for n in range(3, 11)]


def test_the_allow_list_is_short_and_current():
    assert len(ALLOWED) <= 12
    seen = {(w.module, w.function) for w in file_writers()}
    stale = [key for key in ALLOWED if (ENGINE / key[0]).exists() and key not in seen]
    assert stale == [], f"allow-list entries with no writer left: {stale}"
