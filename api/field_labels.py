"""A person's name for a field, from the gettext catalogues, chosen by where the field sits.

The same key means different things in different bodies (``name`` of a nominee is "Họ tên / tên
tập thể", of an org "Tên đơn vị"), so a label is looked up most specific first:

1. ``field.<Model>.<name>``: the request model that owns the field (walked along the path
   from the body's model, through lists, optionals and nested models),
2. ``field.<parent>.<name>``: the field inside the named part around it,
3. ``field.<name>``: the field's usual label,
4. ``field.named``: an unknown key, shown as sent ("Trường “foo”").

A key of a mapping (``submission_deadlines.district``) is named by its mapping's label and the
key's gloss. Row numbers of lists follow the label; with several lists in the path each number
names its list ("Danh hiệu (dòng 1) — Quá trình thành tích (dòng 2)").
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

import api.schemas
from api.schemas.common import RequestModel
from core import i18n
from core.i18n import _

# Families of machine values whose words the catalogues hold ('individual' → cá nhân).
GLOSSES = (
    "kind",
    "status",
    "action",
    "level",
    "scope",
    "discipline",
    "outbox",
    "round_status",
    "gender",
    "phase",
    "role",
    "outcome",
    "award_type",
    "orgkind",
    "check.rating",
)


def gloss(values: list[str]) -> dict[str, str]:
    """Each of `values` (the choices of one field) with its meaning, from ONE family: the first
    that words them all (outbox 'pending' is "chờ gửi", not a dossier's "đang xét")."""
    for family in GLOSSES:
        if values and all(i18n.has(f"{family}.{v}") for v in values):
            return {v: _(f"{family}.{v}") for v in values}
    found: dict[str, str] = {}
    for value in values:
        known = next((f for f in GLOSSES if i18n.has(f"{f}.{value}")), None)
        if known is not None:
            found[value] = _(f"{known}.{value}")
    return found


def _inner(annotation: Any) -> Any:
    """The type a path goes into: through Annotated, Optional/unions, lists and mappings."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else Any
        elif origin in (list, tuple, set, frozenset):
            annotation = get_args(annotation)[0] if get_args(annotation) else Any
        else:
            return annotation


def _is_mapping(annotation: Any) -> bool:
    return get_origin(_strip(annotation)) is dict


def _strip(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated or get_origin(annotation) in (
        Union,
        types.UnionType,
    ):
        args = [a for a in get_args(annotation) if a is not type(None)]
        annotation = args[0] if len(args) == 1 else Any
    return annotation


def _owners(model: Any, named: list[str]) -> list[tuple[str | None, bool]]:
    """For each named part: (the model that declares it, whether it is a key of a mapping)."""
    found: list[tuple[str | None, bool]] = []
    current: Any = model
    in_mapping = False
    for part in named:
        if in_mapping:
            found.append((None, True))
            in_mapping, current = False, Any
            continue
        fields = current.model_fields if _is_model(current) else {}
        if part not in fields:
            found.append((None, False))
            current = Any
            continue
        found.append((current.__name__, False))
        annotation = fields[part].annotation
        in_mapping = _is_mapping(annotation)
        current = _inner(annotation)
    return found


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _subclasses(cls: type) -> list[type]:
    found: list[type] = []
    subs: list[type] = cls.__subclasses__()
    for sub in subs:
        found += [sub, *_subclasses(sub)]
    return found


def request_model(model: Any) -> Any:
    """`model` as a class: a request model given by name (a ValidationError's ``title``)."""
    return _request_models().get(model) if isinstance(model, str) else model


@functools.cache
def _request_models() -> dict[str, type]:
    for module in pkgutil.iter_modules(api.schemas.__path__):  # every request model defined
        importlib.import_module(f"api.schemas.{module.name}")
    return {c.__name__: c for c in _subclasses(RequestModel)}


def _label(name: str, owner: str | None, parent: str | None) -> str:
    for msgid in (
        f"field.{owner}.{name}" if owner else "",
        f"field.{parent}.{name}" if parent else "",
        f"field.{name}",
    ):
        if msgid and i18n.has(msgid):
            return _(msgid)
    return _("field.named", name=name)


def _parts(path: str) -> list[tuple[str, list[int]]]:
    """``history[1].titles[0]`` → ``[("history", [1]), ("titles", [0])]``."""
    found: list[tuple[str, list[int]]] = []
    for piece in path.split("."):
        name, _sep, rest = piece.partition("[")
        rows = [int(r) for r in rest.replace("]", "[").split("[") if r.isdigit()]
        if name:
            found.append((name, rows))
        elif found:
            found[-1][1].extend(rows)
    return found


def _unlabelled_key(name: str, parent: str | None) -> bool:
    """True for a key of a mapping named without its model (``submission_deadlines.commune``):
    a part with no label of its own but a meaning ("Cấp xã") is named by its parent's label."""
    if parent is None or any(i18n.has(m) for m in (f"field.{parent}.{name}", f"field.{name}")):
        return False
    return bool(gloss([name]))


def field_label(path: str, model: Any = None) -> str:
    """A person's name for the field at `path` (``nominees[0].name``) of a body of `model`."""
    model = request_model(model)
    parts = _parts(path) or [("body", [])]
    named = [name for name, _rows in parts]
    owners = _owners(model, named) if _is_model(model) else [(None, False)] * len(named)
    labels: list[str] = []
    for index, ((name, _rows), (owner, is_key)) in enumerate(zip(parts, owners, strict=True)):
        parent = named[index - 1] if index else None
        if labels and (is_key or (owner is None and _unlabelled_key(name, parent))):
            worded = gloss([name]).get(name, name)
            labels.append(_("field.key_of", field=labels[-1], key=worded))
        else:
            labels.append(_label(name, owner, parent))

    def rows_of(index: int) -> str:
        return " ".join(_("field.row_n", n=row + 1) for row in parts[index][1])

    indexed = [i for i, (_name, rows) in enumerate(parts) if rows]
    if len(indexed) <= 1:  # "Họ tên / tên tập thể (dòng 1)": the one row number follows
        return " ".join([labels[-1], rows_of(indexed[0])] if indexed else [labels[-1]])
    leaf = len(parts) - 1
    pieces = [f"{labels[leaf]} {rows_of(leaf)}" if leaf in indexed else labels[leaf]]
    pieces += [f"{labels[i]} {rows_of(i)}" for i in reversed(indexed) if i != leaf]
    return " — ".join(pieces)


class Labelled(str):
    """A message that names its field already (what :func:`labelled` returns): labelling it
    again, even by another label of the same field, would say the field twice. ``bare`` is the
    message without the label put before it (None when the message names its field itself), so
    a web form can name the field by its own label instead."""

    bare: str | None = None


def _labelled(text: str, bare: str | None) -> Labelled:
    found = Labelled(text)
    found.bare = bare
    return found


def named(message: str) -> str:
    """``message`` as one that names its field in its own words ("Khóa Idempotency-Key đã dùng
    …" of the header ``Idempotency-Key``): no label is put before it."""
    return _labelled(message, None)


def labelled(label: str, message: str) -> str:
    """``message`` after its field's ``label`` ("Số ngày: phải từ 1 đến 60"), unless it already
    opens with that label ("Kết quả bỏ phiếu không đạt: …" names its field itself) or was
    labelled before: a label is never said twice."""
    if isinstance(message, Labelled):
        return message
    if message.casefold().startswith(label.casefold()):
        return _labelled(message[:1].upper() + message[1:], None)
    return _labelled(_("field.message", field=label, message=message), message)
