from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.booking_out import BookingOut
from ...models.cancel_in import CancelIn
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    booking_id: str,
    *,
    body: CancelIn,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/bookings/{booking_id}/cancel".format(
            booking_id=quote(str(booking_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BookingOut | Problem | None:
    if response.status_code == 200:
        response_200 = BookingOut.from_dict(response.json())

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
) -> Response[BookingOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    booking_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CancelIn,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[BookingOut | Problem]:
    """Cancel before the cut-off

    Args:
        booking_id (str):
        idempotency_key (None | str | Unset): Optional: a retry with the same key replays the
            first response.
        body (CancelIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BookingOut | Problem]
    """

    kwargs = _get_kwargs(
        booking_id=booking_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    booking_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CancelIn,
    idempotency_key: None | str | Unset = UNSET,
) -> BookingOut | Problem | None:
    """Cancel before the cut-off

    Args:
        booking_id (str):
        idempotency_key (None | str | Unset): Optional: a retry with the same key replays the
            first response.
        body (CancelIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BookingOut | Problem
    """

    return sync_detailed(
        booking_id=booking_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    booking_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CancelIn,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[BookingOut | Problem]:
    """Cancel before the cut-off

    Args:
        booking_id (str):
        idempotency_key (None | str | Unset): Optional: a retry with the same key replays the
            first response.
        body (CancelIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BookingOut | Problem]
    """

    kwargs = _get_kwargs(
        booking_id=booking_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    booking_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CancelIn,
    idempotency_key: None | str | Unset = UNSET,
) -> BookingOut | Problem | None:
    """Cancel before the cut-off

    Args:
        booking_id (str):
        idempotency_key (None | str | Unset): Optional: a retry with the same key replays the
            first response.
        body (CancelIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BookingOut | Problem
    """

    return (
        await asyncio_detailed(
            booking_id=booking_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
