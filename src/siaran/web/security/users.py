"""The users file of agency mode: who may log in, with which role, to see which accounts.

::

    cohorts:
      banyumas-2026: [toko_a, toko_b, toko_c]
    users:
      - name: ayu
        role: admin
        password: scrypt$16384$8$1$...          # siaran serve --hash-password
      - name: budi
        role: coach
        cohorts: [banyumas-2026]
        password: scrypt$...
      - name: sari
        role: owner
        accounts: [toko_a]
        password: scrypt$...

An admin sees every account; a coach the accounts of their cohorts (and any listed under
``accounts``); an owner only the accounts listed under ``accounts``. Passwords are stored only
as hashes: a plain password in the file is an error, not a login.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from siaran.errors import BadInputError, Problem
from siaran.files import NotTextError, decode_text, read_input
from siaran.web.security.passwords import is_password_hash

Role = Literal["admin", "coach", "owner"]
ROLES: Final[tuple[Role, ...]] = ("admin", "coach", "owner")


@dataclass(frozen=True)
class User:
    """A person who may log in. ``accounts`` is ``None`` for an admin (every account)."""

    name: str
    role: Role
    password_hash: str
    accounts: frozenset[str] | None

    def may_see(self, account: str) -> bool:
        return self.accounts is None or account in self.accounts


def load_users(path: Path) -> dict[str, User]:
    """Read and check the users file; a :class:`BadInputError` lists every problem in it."""
    import yaml

    data = read_input(path, "web.users.unreadable")
    try:
        document = yaml.safe_load(decode_text(data).text)
    except (yaml.YAMLError, NotTextError) as exc:
        raise BadInputError("web.users.bad_yaml", path=path, reason=str(exc)) from exc
    problems: list[Problem] = []
    if not isinstance(document, dict) or not isinstance(document.get("users"), list):
        raise BadInputError("web.users.no_users", path=path)
    cohorts = _cohorts(document.get("cohorts") or {}, problems)
    users: dict[str, User] = {}
    for number, entry in enumerate(document["users"], start=1):
        user = _user(entry, number, cohorts, problems)
        if user is None:
            continue
        if user.name in users:
            problems.append(Problem("web.users.duplicate", row=number, value=user.name))
            continue
        users[user.name] = user
    if problems:
        raise BadInputError("web.users.bad", path=path, problems=problems, count=len(problems))
    if not users:
        raise BadInputError("web.users.no_users", path=path)
    return users


def _names(value: object) -> list[str] | None:
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        return None
    return [str(v).strip().lstrip("@") for v in value]


def _cohorts(value: object, problems: list[Problem]) -> dict[str, frozenset[str]]:
    if not isinstance(value, dict):
        problems.append(Problem("web.users.bad_cohorts", column="cohorts"))
        return {}
    out: dict[str, frozenset[str]] = {}
    for name, accounts in value.items():
        listed = _names(accounts)
        if listed is None:
            problems.append(Problem("web.users.bad_list", column="cohorts", value=str(name)))
            continue
        out[str(name)] = frozenset(listed)
    return out


def _user(
    entry: Any, number: int, cohorts: dict[str, frozenset[str]], problems: list[Problem]
) -> User | None:
    if not isinstance(entry, dict):
        problems.append(Problem("web.users.not_a_user", row=number))
        return None
    name = str(entry.get("name") or "").strip()
    role = entry.get("role")
    password = str(entry.get("password") or "")
    found = len(problems)
    if not name:
        problems.append(Problem("web.users.missing", row=number, column="name"))
    if role not in ROLES:
        problems.append(
            Problem("web.users.bad_role", row=number, column="role", value=str(role or ""))
        )
    if not is_password_hash(password):
        problems.append(Problem("web.users.not_hashed", row=number, column="password"))
    accounts = _names(entry.get("accounts", []))
    if accounts is None:
        problems.append(Problem("web.users.bad_list", row=number, column="accounts"))
        accounts = []
    chosen = _names(entry.get("cohorts", []))
    if chosen is None:
        problems.append(Problem("web.users.bad_list", row=number, column="cohorts"))
        chosen = []
    scope = set(accounts)
    for cohort in chosen:
        if cohort not in cohorts:
            problems.append(
                Problem("web.users.unknown_cohort", row=number, column="cohorts", value=cohort)
            )
            continue
        scope |= cohorts[cohort]
    if role == "owner" and chosen:
        problems.append(Problem("web.users.owner_cohort", row=number, column="cohorts"))
    if role in ("owner", "coach") and not scope and len(problems) == found:
        problems.append(Problem("web.users.no_accounts", row=number, value=name))
    if len(problems) > found:
        return None
    assert role in ROLES
    return User(name, role, password, None if role == "admin" else frozenset(scope))
