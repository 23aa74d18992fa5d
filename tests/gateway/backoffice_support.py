"""Helpers of the back-office tests: a staff member's browser session over plain HTTP
(cookies, the sign-in form's token, each page's CSRF token)."""

import re

import httpx

from tests.gateway.conftest import Account

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in(base_url: str, email: str, password: str, lang: str = "en") -> httpx.Client:
    """A client holding a back-office session cookie, as a browser would."""
    client = httpx.Client(
        base_url=base_url, timeout=30.0, headers={"Accept-Language": lang}, cookies={}
    )
    form = client.get("/backoffice/login")
    assert form.status_code == 200, form.text
    answer = client.post(
        "/backoffice/login",
        data={
            "csrf": csrf_of(form.text),
            "email": email,
            "password": password,
            "next": "/backoffice",
        },
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/backoffice"
    return client


def staff_client(base_url: str, account: Account) -> httpx.Client:
    return sign_in(base_url, account.email, account.password)


def page_csrf(client: httpx.Client, path: str = "/backoffice") -> str:
    answer = client.get(path)
    assert answer.status_code == 200, answer.text
    return csrf_of(answer.text)
