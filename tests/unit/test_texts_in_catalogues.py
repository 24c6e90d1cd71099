"""No sentence for people is written into the API's code: every text a person reads comes from
the catalogues (core.i18n), so it exists in Vietnamese and in English.

The scan reads every string literal of ``api/`` that holds a Vietnamese letter. Docstrings and
OpenAPI documentation (``examples``, ``description``, ``summary``, ``title``) are for
developers. What is left must be in a module whose Vietnamese is not a message (the legal
papers, Vietnamese by law, or the readers of the domain's and the law's own Vietnamese), or be
a word of a workbook format officers type: the headers and accepted values the workbook modules
declare at module level. Anything else there (a sentence inside a function) is a message too.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Set as AbstractSet
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VIETNAMESE = re.compile(r"[\u00c0-\u1ef9]")
DOCUMENTATION = frozenset({"examples", "example", "description", "summary", "title"})
NOT_MESSAGES = {
    "api/app.py": "the OpenAPI description (developers' documentation)",
    "api/papers": "the legal papers: tờ trình, biên bản, quyết định (Vietnamese by law)",
    "api/services/documents.py": "the papers' annexes (the quyết định's list of awards)",
    "api/services/signing.py": "the reason written into the signed quyết định",
    "api/domain_text.py": "the domain's Vietnamese refusals it recognises and words",
    "api/legal_text.py": "the Vietnamese names of legal instruments it recognises",
    "api/schemas/orgs.py": "the pattern of a document symbol (Vietnamese letters allowed)",
    "api/schemas/text.py": "the invisible characters a name may not consist of",
}
# Workbook formats: their Vietnamese module-level constants are the file's vocabulary.
WORKBOOKS = (
    "api/services/excel_import.py",
    "api/services/nominee_sheet.py",
    "api/services/registry_workbook.py",
    "api/services/registry_rows.py",
)


def _documentation(tree: ast.AST) -> set[int]:
    """The ids of docstring and OpenAPI-documentation literals of ``tree``."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            skipped.add(id(body[0].value))
        documented: list[ast.AST] = []
        if isinstance(node, ast.keyword) and node.arg in DOCUMENTATION:
            documented.append(node.value)
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in DOCUMENTATION:
                    documented.append(value)
        for part in documented:
            skipped.update(id(sub) for sub in ast.walk(part))
    return skipped


def vietnamese_literals(path: Path) -> list[tuple[int, str]]:
    """``(line, text)`` of each Vietnamese literal of ``path`` that is not documentation."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _documentation(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
        and VIETNAMESE.search(node.value)
    ]


def workbook_vocabulary() -> set[str]:
    """The Vietnamese words the workbook modules declare at module level (headers, values)."""
    words: set[str] = set()
    for name in WORKBOOKS:
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        for statement in tree.body:
            if isinstance(statement, ast.Assign | ast.AnnAssign):
                words.update(
                    node.value
                    for node in ast.walk(statement)
                    if isinstance(node, ast.Constant) and isinstance(node.value, str)
                )
    return words


def messages_in_code(root: Path, vocabulary: AbstractSet[str] = frozenset()) -> list[str]:
    """``file:line: text`` of each literal under ``root/api`` that reads as a message."""
    found = []
    for path in sorted((root / "api").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if _exempt(name):
            continue
        for line, text in vietnamese_literals(path):
            if name in WORKBOOKS and text in vocabulary:
                continue
            found.append(f"{name}:{line}: {text[:60]!r}")
    return found


def _exempt(name: str) -> bool:
    return any(name == prefix or name.startswith(prefix + "/") for prefix in NOT_MESSAGES)


def test_the_api_writes_no_sentence_for_people_outside_the_catalogues() -> None:
    found = messages_in_code(ROOT, workbook_vocabulary())
    assert found == [], "texts for people belong in locale/*/messages.po:\n" + "\n".join(found)


def test_every_exemption_is_still_needed() -> None:
    """An exemption whose module no longer holds Vietnamese goes, so the scan stays strict."""
    idle = [
        prefix
        for prefix in NOT_MESSAGES
        if not any(
            vietnamese_literals(path)
            for path in (
                sorted((ROOT / prefix).rglob("*.py"))
                if (ROOT / prefix).is_dir()
                else [ROOT / prefix]
            )
        )
    ]
    assert idle == []
    assert workbook_vocabulary() >= {"Họ và tên", "mã đơn vị", "cá nhân"}


def test_the_scan_finds_sentences_and_skips_documentation_and_workbook_words(
    tmp_path: Path,
) -> None:
    (tmp_path / "api" / "services").mkdir(parents=True)
    (tmp_path / "api" / "sample.py").write_text(
        '"""Tờ trình."""\n'
        'X = Field(examples=["Nguyễn Văn An"], description="hồ sơ")\n'
        'Y = {"examples": [{"comment": "Đồng ý"}]}\n'
        'raise Invalid("Không có sáng kiến")\n',
        encoding="utf-8",
    )
    (tmp_path / "api" / "services" / "excel_import.py").write_text(
        'NAME = "Họ và tên"\n'
        "def f():\n"
        '    fail(NAME, "Họ và tên")\n'
        '    fail(NAME, f"Không tìm thấy cột {NAME}")\n',
        encoding="utf-8",
    )
    assert messages_in_code(tmp_path, {"Họ và tên"}) == [
        "api/sample.py:4: 'Không có sáng kiến'",
        "api/services/excel_import.py:4: 'Không tìm thấy cột '",
    ]
