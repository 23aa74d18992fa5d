from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.booking_out import BookingOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    booking_id: str,
    *,
    if_none_match: None | str | Unset = UNSET,
    prefer: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["if-none-match"] = if_none_match

    if not isinstance(prefer, Unset):
        headers["prefer"] = prefer

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/bookings/{booking_id}".format(
            booking_id=quote(str(booking_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | BookingOut | Problem | None:
    if response.status_code == 200:
        response_200 = BookingOut.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

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
) -> Response[Any | BookingOut | Problem]:
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
    if_none_match: None | str | Unset = UNSET,
    prefer: None | str | Unset = UNSET,
) -> Response[Any | BookingOut | Problem]:
    """One booking

     Answers carry a strong `ETag`. Send it back in `If-None-Match` for 304 Not Modified while the
    booking is unchanged; add `Prefer: wait=N` (seconds, at most 20) to be answered as soon as it
    changes instead of polling: 200 with the new booking, or 304 after N seconds. `Preference-Applied`
    says whether it waited.

    Args:
        booking_id (str):
        if_none_match (None | str | Unset):
        prefer (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | BookingOut | Problem]
    """

    kwargs = _get_kwargs(
        booking_id=booking_id,
        if_none_match=if_none_match,
        prefer=prefer,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    booking_id: str,
    *,
    client: AuthenticatedClient | Client,
    if_none_match: None | str | Unset = UNSET,
    prefer: None | str | Unset = UNSET,
) -> Any | BookingOut | Problem | None:
    """One booking

     Answers carry a strong `ETag`. Send it back in `If-None-Match` for 304 Not Modified while the
    booking is unchanged; add `Prefer: wait=N` (seconds, at most 20) to be answered as soon as it
    changes instead of polling: 200 with the new booking, or 304 after N seconds. `Preference-Applied`
    says whether it waited.

    Args:
        booking_id (str):
        if_none_match (None | str | Unset):
        prefer (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | BookingOut | Problem
    """

    return sync_detailed(
        booking_id=booking_id,
        client=client,
        if_none_match=if_none_match,
        prefer=prefer,
    ).parsed


async def asyncio_detailed(
    booking_id: str,
    *,
    client: AuthenticatedClient | Client,
    if_none_match: None | str | Unset = UNSET,
    prefer: None | str | Unset = UNSET,
) -> Response[Any | BookingOut | Problem]:
    """One booking

     Answers carry a strong `ETag`. Send it back in `If-None-Match` for 304 Not Modified while the
    booking is unchanged; add `Prefer: wait=N` (seconds, at most 20) to be answered as soon as it
    changes instead of polling: 200 with the new booking, or 304 after N seconds. `Preference-Applied`
    says whether it waited.

    Args:
        booking_id (str):
        if_none_match (None | str | Unset):
        prefer (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | BookingOut | Problem]
    """

    kwargs = _get_kwargs(
        booking_id=booking_id,
        if_none_match=if_none_match,
        prefer=prefer,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    booking_id: str,
    *,
    client: AuthenticatedClient | Client,
    if_none_match: None | str | Unset = UNSET,
    prefer: None | str | Unset = UNSET,
) -> Any | BookingOut | Problem | None:
    """One booking

     Answers carry a strong `ETag`. Send it back in `If-None-Match` for 304 Not Modified while the
    booking is unchanged; add `Prefer: wait=N` (seconds, at most 20) to be answered as soon as it
    changes instead of polling: 200 with the new booking, or 304 after N seconds. `Preference-Applied`
    says whether it waited.

    Args:
        booking_id (str):
        if_none_match (None | str | Unset):
        prefer (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | BookingOut | Problem
    """

    return (
        await asyncio_detailed(
            booking_id=booking_id,
            client=client,
            if_none_match=if_none_match,
            prefer=prefer,
        )
    ).parsed
