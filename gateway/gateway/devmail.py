"""The developer's inbox of the one-command local run: the emails the platform sent, as
the local SMTP sink wrote them (one ``.eml`` file each, ``GATEWAY_DEV_MAIL_DIR``).

Only when that setting is on (``scripts/run.sh`` sets it); otherwise both pages answer
404 exactly as a path that does not exist. Nothing here touches a service: the pages
read the sink's folder, newest first, and never anything outside it.
"""

import email
import email.policy
import re
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from gateway import i18n
from gateway.templating import templates
from lpx_common.auth import PublicRoute
from lpx_common.errors import NotFound

router = APIRouter(include_in_schema=False, dependencies=[PublicRoute])

# The sink's own file names (``20261201T120000-0001.eml``); anything else is not shown.
_NAME = re.compile(r"^[A-Za-z0-9_-]{1,80}\.eml$")
_SHOWN = 200  # the newest; older files stay on disk


@dataclass(frozen=True)
class Mail:
    name: str
    sender: str
    to: str
    subject: str
    date: datetime | None


def _folder(request: Request) -> Path:
    configured = request.app.state.settings.dev_mail_dir
    if not configured:
        raise NotFound("Not found.", code="not-found")
    return Path(configured)


def _parse(path: Path) -> EmailMessage:
    with path.open("rb") as fp:
        message = email.message_from_binary_file(fp, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _summary(name: str, message: EmailMessage) -> Mail:
    try:
        date = parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
    except (TypeError, ValueError):
        date = None
    return Mail(
        name=name,
        sender=str(message["From"] or ""),
        to=str(message["To"] or ""),
        subject=str(message["Subject"] or ""),
        date=date,
    )


def _part(message: EmailMessage, subtype: str) -> str | None:
    body = message.get_body(preferencelist=(subtype,))
    return str(body.get_content()) if body is not None else None


def _render(request: Request, context: dict[str, object], status: int = 200) -> Response:
    response = templates.TemplateResponse(request, "dev_mail.html", context, status_code=status)
    response.headers["Content-Language"] = i18n.current_locale()
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response


@router.get("/dev/mail", response_class=HTMLResponse)
async def inbox(request: Request) -> Response:
    folder = _folder(request)
    names = sorted((p.name for p in folder.glob("*.eml") if _NAME.match(p.name)), reverse=True)[
        :_SHOWN
    ]
    mails = [_summary(name, _parse(folder / name)) for name in names]
    return _render(request, {"mails": mails, "mail": None})


@router.get("/dev/mail/{name}", response_class=HTMLResponse)
async def show(request: Request, name: str) -> Response:
    folder = _folder(request)
    path = folder / name
    if not _NAME.match(name) or not path.is_file():
        raise NotFound("No such email.", code="not-found")
    message = _parse(path)
    return _render(
        request,
        {
            "mails": None,
            "mail": _summary(name, message),
            "text": _part(message, "plain"),
            "html": _part(message, "html"),
        },
    )
