from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.offering_out import OfferingOut
from ...models.offering_patch import OfferingPatch
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    offering_id: str,
    *,
    body: OfferingPatch,
    if_match: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/catalog/offerings/{offering_id}".format(
            offering_id=quote(str(offering_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OfferingOut | Problem | None:
    if response.status_code == 200:
        response_200 = OfferingOut.from_dict(response.json())

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
) -> Response[OfferingOut | Problem]:
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
    body: OfferingPatch,
    if_match: None | str | Unset = UNSET,
) -> Response[OfferingOut | Problem]:
    """Edit an offering (If-Match)

    Args:
        offering_id (str):
        if_match (None | str | Unset): The ETag you read; required, so that edits never overwrite
            unseen changes.
        body (OfferingPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OfferingOut | Problem]
    """

    kwargs = _get_kwargs(
        offering_id=offering_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    offering_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: OfferingPatch,
    if_match: None | str | Unset = UNSET,
) -> OfferingOut | Problem | None:
    """Edit an offering (If-Match)

    Args:
        offering_id (str):
        if_match (None | str | Unset): The ETag you read; required, so that edits never overwrite
            unseen changes.
        body (OfferingPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OfferingOut | Problem
    """

    return sync_detailed(
        offering_id=offering_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    offering_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: OfferingPatch,
    if_match: None | str | Unset = UNSET,
) -> Response[OfferingOut | Problem]:
    """Edit an offering (If-Match)

    Args:
        offering_id (str):
        if_match (None | str | Unset): The ETag you read; required, so that edits never overwrite
            unseen changes.
        body (OfferingPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OfferingOut | Problem]
    """

    kwargs = _get_kwargs(
        offering_id=offering_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    offering_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: OfferingPatch,
    if_match: None | str | Unset = UNSET,
) -> OfferingOut | Problem | None:
    """Edit an offering (If-Match)

    Args:
        offering_id (str):
        if_match (None | str | Unset): The ETag you read; required, so that edits never overwrite
            unseen changes.
        body (OfferingPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OfferingOut | Problem
    """

    return (
        await asyncio_detailed(
            offering_id=offering_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
