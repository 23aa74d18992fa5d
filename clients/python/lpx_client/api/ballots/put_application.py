from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.ballot_application_in import BallotApplicationIn
from ...models.ballot_application_out import BallotApplicationOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    offering_id: str,
    *,
    body: BallotApplicationIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/ballots/{offering_id}/application".format(
            offering_id=quote(str(offering_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BallotApplicationOut | Problem | None:
    if response.status_code == 200:
        response_200 = BallotApplicationOut.from_dict(response.json())

        return response_200

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if 400 <= response.status_code <= 499:
        response_4xx = Problem.from_dict(response.json())

        return response_4xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[BallotApplicationOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    offering_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: BallotApplicationIn,
) -> Response[BallotApplicationOut | Problem]:
    """Apply, or replace one's application, while the window is open (idempotent)

    Args:
        offering_id (str):
        body (BallotApplicationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BallotApplicationOut | Problem]
    """

    kwargs = _get_kwargs(
        offering_id=offering_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    offering_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: BallotApplicationIn,
) -> BallotApplicationOut | Problem | None:
    """Apply, or replace one's application, while the window is open (idempotent)

    Args:
        offering_id (str):
        body (BallotApplicationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BallotApplicationOut | Problem
    """

    return sync_detailed(
        offering_id=offering_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    offering_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: BallotApplicationIn,
) -> Response[BallotApplicationOut | Problem]:
    """Apply, or replace one's application, while the window is open (idempotent)

    Args:
        offering_id (str):
        body (BallotApplicationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BallotApplicationOut | Problem]
    """

    kwargs = _get_kwargs(
        offering_id=offering_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    offering_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: BallotApplicationIn,
) -> BallotApplicationOut | Problem | None:
    """Apply, or replace one's application, while the window is open (idempotent)

    Args:
        offering_id (str):
        body (BallotApplicationIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BallotApplicationOut | Problem
    """

    return (
        await asyncio_detailed(
            offering_id=offering_id,
            client=client,
            body=body,
        )
    ).parsed
