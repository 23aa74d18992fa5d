from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.payout_reconciliation_response_payout_reconciliation_v1_finance_reconciliation_payouts_payout_id_get import (
    PayoutReconciliationResponsePayoutReconciliationV1FinanceReconciliationPayoutsPayoutIdGet,
)
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    payout_id: str,
    *,
    limit: int | Unset = 500,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

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
        "url": "/v1/finance/reconciliation/payouts/{payout_id}".format(
            payout_id=quote(str(payout_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PayoutReconciliationResponsePayoutReconciliationV1FinanceReconciliationPayoutsPayoutIdGet | Problem | None:
    if response.status_code == 200:
        response_200 = (
            PayoutReconciliationResponsePayoutReconciliationV1FinanceReconciliationPayoutsPayoutIdGet.from_dict(
                response.json()
            )
        )

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
) -> Response[PayoutReconciliationResponsePayoutReconciliationV1FinanceReconciliationPayoutsPayoutIdGet | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    payout_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 500,
    cursor: None | str | Unset = UNSET,
) -> Response[PayoutReconciliationResponsePayoutReconciliationV1FinanceReconciliationPayoutsPayoutIdGet | Problem]:
    """One payout: its transactions and whether they add up to it

    Args:
        payout_id (str):
        limit (int | Unset): Rows per page in JSON (max 1000); use the CSV for whole ranges.
            Default: 500.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PayoutReconciliationResponsePayoutReconciliationV1FinanceReconciliationPayoutsPayoutIdGet | Problem]
    """

    kwargs = _get_kwargs(
        payout_id=payout_id,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    payout_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 500,
    cursor: None | str | Unset = UNSET,
) -> PayoutReconciliationResponsePayoutReconciliationV1FinanceReconciliationPayoutsPayoutIdGet | Problem | None:
    """One payout: its transactions and whether they add up to it

    Args:
        payout_id (str):
        limit (int | Unset): Rows per page in JSON (max 1000); use the CSV for whole ranges.
            Default: 500.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PayoutReconciliationResponsePayoutReconciliationV1FinanceReconciliationPayoutsPayoutIdGet | Problem
    """

    return sync_detailed(
        payout_id=payout_id,
        client=client,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    payout_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 500,
    cursor: None | str | Unset = UNSET,
) -> Response[PayoutReconciliationResponsePayoutReconciliationV1FinanceReconciliationPayoutsPayoutIdGet | Problem]:
    """One payout: its transactions and whether they add up to it

    Args:
        payout_id (str):
        limit (int | Unset): Rows per page in JSON (max 1000); use the CSV for whole ranges.
            Default: 500.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PayoutReconciliationResponsePayoutReconciliationV1FinanceReconciliationPayoutsPayoutIdGet | Problem]
    """

    kwargs = _get_kwargs(
        payout_id=payout_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    payout_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 500,
    cursor: None | str | Unset = UNSET,
) -> PayoutReconciliationResponsePayoutReconciliationV1FinanceReconciliationPayoutsPayoutIdGet | Problem | None:
    """One payout: its transactions and whether they add up to it

    Args:
        payout_id (str):
        limit (int | Unset): Rows per page in JSON (max 1000); use the CSV for whole ranges.
            Default: 500.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PayoutReconciliationResponsePayoutReconciliationV1FinanceReconciliationPayoutsPayoutIdGet | Problem
    """

    return (
        await asyncio_detailed(
            payout_id=payout_id,
            client=client,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
