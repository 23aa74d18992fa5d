"""Administration from the command line.

    python -m gateway.cli create-admin --email ops@example.com --password-env ADMIN_PASSWORD

The password is read from the named environment variable, or asked for at the prompt
(twice) when none is given; it is never accepted on the command line, where it would
end up in shell history and process listings.
"""

import argparse
import asyncio
import getpass
import os
import sys

from gateway.config import get_settings
from gateway.domain.identity import Identity
from gateway.domain.secrets import AccessTokens, derive_secret
from lpx_common.db import Database
from lpx_common.errors import Problem

MIN_PASSWORD = 12


def _password(env_var: str | None) -> str:
    if env_var:
        value = os.environ.get(env_var)
        if not value:
            raise SystemExit(f"environment variable {env_var} is not set or empty")
        return value
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat password: "):
        raise SystemExit("the passwords do not match")
    return first


async def _create(kind: str, email: str, name: str, password: str, roles: list[str]) -> str:
    settings = get_settings()
    db = Database(settings.database_url, pool_size=1)
    secret = (
        settings.jwt_secret.get_secret_value()
        if settings.jwt_secret
        else derive_secret(settings.internal_token_secret.get_secret_value())
    )
    identity = Identity(db, AccessTokens(secret, 60), settings.refresh_token_ttl_seconds)
    try:
        account = await identity.create_account(
            kind=kind, email=email, password=password, name=name, roles=roles
        )
    finally:
        await db.dispose()
    return account.id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway.cli", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for command, help_text in (
        ("create-admin", "create an admin staff account (the first one, typically)"),
        ("create-customer", "create a customer account (demo data)"),
    ):
        cmd = sub.add_parser(command, help=help_text)
        cmd.add_argument("--email", required=True)
        cmd.add_argument("--name", default="")
        cmd.add_argument(
            "--password-env",
            metavar="VAR",
            help="read the password from this environment variable (else: prompt)",
        )
        cmd.add_argument(
            "--if-missing",
            action="store_true",
            help="succeed quietly when an account with this email already exists",
        )
    args = parser.parse_args(argv)
    password = _password(args.password_env)
    minimum = MIN_PASSWORD if args.command == "create-admin" else 10
    if len(password) < minimum:
        raise SystemExit(f"the password must have at least {minimum} characters")
    kind, roles = ("staff", ["admin"]) if args.command == "create-admin" else ("customer", [])
    name = args.name or args.email.split("@")[0]
    try:
        account_id = asyncio.run(_create(kind, args.email, name, password, roles))
    except Problem as problem:
        if problem.code == "email-taken" and args.if_missing:
            print(f"{args.email} already exists; nothing to do")
            return 0
        print(f"error: {problem.detail}", file=sys.stderr)
        return 1
    print(f"created {kind} {account_id} <{args.email.strip().lower()}>")
    return 0


if __name__ == "__main__":
    sys.exit(main())
