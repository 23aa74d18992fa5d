from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_refund_out import PageRefundOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: None | str | Unset = UNSET,
    booking_id: None | str | Unset = UNSET,
    payment_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    else:
        json_status = status
    params["status"] = json_status

    json_booking_id: None | str | Unset
    if isinstance(booking_id, Unset):
        json_booking_id = UNSET
    else:
        json_booking_id = booking_id
    params["booking_id"] = json_booking_id

    json_payment_id: None | str | Unset
    if isinstance(payment_id, Unset):
        json_payment_id = UNSET
    else:
        json_payment_id = payment_id
    params["payment_id"] = json_payment_id

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/refunds",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageRefundOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageRefundOut.from_dict(response.json())

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
) -> Response[PageRefundOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: None | str | Unset = UNSET,
    booking_id: None | str | Unset = UNSET,
    payment_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageRefundOut | Problem]:
    """List Refunds

    Args:
        status (None | str | Unset):
        booking_id (None | str | Unset):
        payment_id (None | str | Unset):
        limit (int | Unset): Page size (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageRefundOut | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        booking_id=booking_id,
        payment_id=payment_id,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    status: None | str | Unset = UNSET,
    booking_id: None | str | Unset = UNSET,
    payment_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageRefundOut | Problem | None:
    """List Refunds

    Args:
        status (None | str | Unset):
        booking_id (None | str | Unset):
        payment_id (None | str | Unset):
        limit (int | Unset): Page size (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageRefundOut | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        booking_id=booking_id,
        payment_id=payment_id,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: None | str | Unset = UNSET,
    booking_id: None | str | Unset = UNSET,
    payment_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageRefundOut | Problem]:
    """List Refunds

    Args:
        status (None | str | Unset):
        booking_id (None | str | Unset):
        payment_id (None | str | Unset):
        limit (int | Unset): Page size (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageRefundOut | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        booking_id=booking_id,
        payment_id=payment_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    status: None | str | Unset = UNSET,
    booking_id: None | str | Unset = UNSET,
    payment_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageRefundOut | Problem | None:
    """List Refunds

    Args:
        status (None | str | Unset):
        booking_id (None | str | Unset):
        payment_id (None | str | Unset):
        limit (int | Unset): Page size (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageRefundOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            booking_id=booking_id,
            payment_id=payment_id,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
