from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_key_created import ApiKeyCreated
from ...models.api_key_in import ApiKeyIn
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    partner_id: str,
    *,
    body: ApiKeyIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/admin/partners/{partner_id}/api-keys".format(
            partner_id=quote(str(partner_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiKeyCreated | Problem | None:
    if response.status_code == 201:
        response_201 = ApiKeyCreated.from_dict(response.json())

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
) -> Response[ApiKeyCreated | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    partner_id: str,
    *,
    client: AuthenticatedClient,
    body: ApiKeyIn,
) -> Response[ApiKeyCreated | Problem]:
    """Issue an API key; the key is in this answer only

     No Idempotency-Key here on purpose: replaying the answer would mean storing the clear key. A lost
    answer is fixed by revoking and issuing another.

    Args:
        partner_id (str):
        body (ApiKeyIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiKeyCreated | Problem]
    """

    kwargs = _get_kwargs(
        partner_id=partner_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    partner_id: str,
    *,
    client: AuthenticatedClient,
    body: ApiKeyIn,
) -> ApiKeyCreated | Problem | None:
    """Issue an API key; the key is in this answer only

     No Idempotency-Key here on purpose: replaying the answer would mean storing the clear key. A lost
    answer is fixed by revoking and issuing another.

    Args:
        partner_id (str):
        body (ApiKeyIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiKeyCreated | Problem
    """

    return sync_detailed(
        partner_id=partner_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    partner_id: str,
    *,
    client: AuthenticatedClient,
    body: ApiKeyIn,
) -> Response[ApiKeyCreated | Problem]:
    """Issue an API key; the key is in this answer only

     No Idempotency-Key here on purpose: replaying the answer would mean storing the clear key. A lost
    answer is fixed by revoking and issuing another.

    Args:
        partner_id (str):
        body (ApiKeyIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiKeyCreated | Problem]
    """

    kwargs = _get_kwargs(
        partner_id=partner_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    partner_id: str,
    *,
    client: AuthenticatedClient,
    body: ApiKeyIn,
) -> ApiKeyCreated | Problem | None:
    """Issue an API key; the key is in this answer only

     No Idempotency-Key here on purpose: replaying the answer would mean storing the clear key. A lost
    answer is fixed by revoking and issuing another.

    Args:
        partner_id (str):
        body (ApiKeyIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiKeyCreated | Problem
    """

    return (
        await asyncio_detailed(
            partner_id=partner_id,
            client=client,
            body=body,
        )
    ).parsed
