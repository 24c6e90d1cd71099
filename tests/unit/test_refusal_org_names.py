"""Refusals name orgs by their names, never by their codes (the audit found "Chỉ cán bộ của đơn
vị HY được thực hiện" and "Đơn vị HY nằm ngoài phạm vi của bạn").

Two scans keep it so. In the catalogue, a placeholder holding an org *code* (``org_code``,
``parent_code``) appears only in the messages about a code that names no org (nothing else can
be shown for it), or that repeat the code someone typed. In ``api/``, a message filled with an
org (``org=`` or ``*_org=``) is given a name, read from the org table (a call such as
``names.get(code, code)`` or a variable holding one), never a row's or a body's code field.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CODE_PLACEHOLDER = re.compile(r"%\((org_code|parent_code|proposer_org_code)\)s")
# Messages about a code no org has (or the code typed, beside the name of the org that has it).
CODE_ONLY = frozenset(
    {
        "msg.unknown_org",
        "msg.no_org_org_code",
        "msg.no_org_parent_code",
        "msg.no_org_owner_org",
        "msg.org_code_not_found",
        "msg.org_org_code_not_found",
        "msg.org_code_code_already_exists",
        "msg.org_code_taken",
    }
)
CODE_VALUE = re.compile(r"(^|_)(org|code)$")


def _catalogue(lang: str) -> dict[str, str]:
    with (ROOT / "locale" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle) if m.id}


def test_only_messages_about_unknown_codes_show_an_org_code() -> None:
    for lang in ("vi", "en"):
        showing = {k for k, v in _catalogue(lang).items() if CODE_PLACEHOLDER.search(v)}
        assert showing <= CODE_ONLY, (lang, sorted(showing - CODE_ONLY))


def _org_arguments() -> list[tuple[str, str, str, ast.expr]]:
    found = []
    for path in sorted((ROOT / "api").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                continue
            msgid = str(node.args[0].value)
            for keyword in node.keywords:
                if keyword.arg and (keyword.arg == "org" or keyword.arg.endswith("_org")):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    found.append((where, msgid, keyword.arg, keyword.value))
    return found


def test_messages_are_filled_with_org_names_not_codes() -> None:
    arguments = _org_arguments()
    assert len(arguments) >= 10  # the scan sees the refusals it guards
    codes = []
    for where, msgid, name, value in arguments:
        if msgid in CODE_ONLY:
            continue
        a_code_field = isinstance(value, ast.Attribute) or (
            isinstance(value, ast.Name) and value.id != "org" and CODE_VALUE.search(value.id)
        )
        if a_code_field:
            codes.append(f"{where} {msgid} {name}={ast.unparse(value)}")
    assert codes == []
