from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.ledger_balances_out import LedgerBalancesOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    booking_id: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_booking_id: None | str | Unset
    if isinstance(booking_id, Unset):
        json_booking_id = UNSET
    else:
        json_booking_id = booking_id
    params["booking_id"] = json_booking_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/ledger/balances",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LedgerBalancesOut | Problem | None:
    if response.status_code == 200:
        response_200 = LedgerBalancesOut.from_dict(response.json())

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
) -> Response[LedgerBalancesOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    booking_id: None | str | Unset = UNSET,
) -> Response[LedgerBalancesOut | Problem]:
    """Ledger Balances

     Per-account sums and whether debits equal credits in every currency.

    Args:
        booking_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LedgerBalancesOut | Problem]
    """

    kwargs = _get_kwargs(
        booking_id=booking_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    booking_id: None | str | Unset = UNSET,
) -> LedgerBalancesOut | Problem | None:
    """Ledger Balances

     Per-account sums and whether debits equal credits in every currency.

    Args:
        booking_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LedgerBalancesOut | Problem
    """

    return sync_detailed(
        client=client,
        booking_id=booking_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    booking_id: None | str | Unset = UNSET,
) -> Response[LedgerBalancesOut | Problem]:
    """Ledger Balances

     Per-account sums and whether debits equal credits in every currency.

    Args:
        booking_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LedgerBalancesOut | Problem]
    """

    kwargs = _get_kwargs(
        booking_id=booking_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    booking_id: None | str | Unset = UNSET,
) -> LedgerBalancesOut | Problem | None:
    """Ledger Balances

     Per-account sums and whether debits equal credits in every currency.

    Args:
        booking_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LedgerBalancesOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            booking_id=booking_id,
        )
    ).parsed
