from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.waitlist_entry_out import WaitlistEntryOut
from ...models.waitlist_join_in import WaitlistJoinIn
from ...types import Response


def _get_kwargs(
    offering_id: str,
    *,
    body: WaitlistJoinIn,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/waitlists/{offering_id}/entry".format(
            offering_id=quote(str(offering_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WaitlistEntryOut | None:
    if response.status_code == 201:
        response_201 = WaitlistEntryOut.from_dict(response.json())

        return response_201

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
) -> Response[Problem | WaitlistEntryOut]:
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
    body: WaitlistJoinIn,
    idempotency_key: str,
) -> Response[Problem | WaitlistEntryOut]:
    """Join a sold-out offering's waiting list (Idempotency-Key required)

    Args:
        offering_id (str):
        idempotency_key (str): Unique key for this operation; a retry with the same key replays
            the first response.
        body (WaitlistJoinIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WaitlistEntryOut]
    """

    kwargs = _get_kwargs(
        offering_id=offering_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    offering_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: WaitlistJoinIn,
    idempotency_key: str,
) -> Problem | WaitlistEntryOut | None:
    """Join a sold-out offering's waiting list (Idempotency-Key required)

    Args:
        offering_id (str):
        idempotency_key (str): Unique key for this operation; a retry with the same key replays
            the first response.
        body (WaitlistJoinIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WaitlistEntryOut
    """

    return sync_detailed(
        offering_id=offering_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    offering_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: WaitlistJoinIn,
    idempotency_key: str,
) -> Response[Problem | WaitlistEntryOut]:
    """Join a sold-out offering's waiting list (Idempotency-Key required)

    Args:
        offering_id (str):
        idempotency_key (str): Unique key for this operation; a retry with the same key replays
            the first response.
        body (WaitlistJoinIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WaitlistEntryOut]
    """

    kwargs = _get_kwargs(
        offering_id=offering_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    offering_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: WaitlistJoinIn,
    idempotency_key: str,
) -> Problem | WaitlistEntryOut | None:
    """Join a sold-out offering's waiting list (Idempotency-Key required)

    Args:
        offering_id (str):
        idempotency_key (str): Unique key for this operation; a retry with the same key replays
            the first response.
        body (WaitlistJoinIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WaitlistEntryOut
    """

    return (
        await asyncio_detailed(
            offering_id=offering_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
