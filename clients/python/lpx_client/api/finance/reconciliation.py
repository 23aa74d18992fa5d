from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.reconciliation_response_reconciliation_v1_finance_reconciliation_get import (
    ReconciliationResponseReconciliationV1FinanceReconciliationGet,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: str,
    to: str,
    limit: int | Unset = 500,
    cursor: None | str | Unset = UNSET,
    exceptions: bool | Unset = True,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["from"] = from_

    params["to"] = to

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["exceptions"] = exceptions

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/finance/reconciliation",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ReconciliationResponseReconciliationV1FinanceReconciliationGet | None:
    if response.status_code == 200:
        response_200 = ReconciliationResponseReconciliationV1FinanceReconciliationGet.from_dict(response.json())

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
) -> Response[Problem | ReconciliationResponseReconciliationV1FinanceReconciliationGet]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    from_: str,
    to: str,
    limit: int | Unset = 500,
    cursor: None | str | Unset = UNSET,
    exceptions: bool | Unset = True,
) -> Response[Problem | ReconciliationResponseReconciliationV1FinanceReconciliationGet]:
    """Reconciliation for a date range: summary, payout checks, exceptions, rows

    Args:
        from_ (str):
        to (str):
        limit (int | Unset): Rows per page in JSON (max 1000); use the CSV for whole ranges.
            Default: 500.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        exceptions (bool | Unset): false: the sums, payout checks and rows only (`exceptions` and
            `summary.differences` are null), much faster over a large range. Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReconciliationResponseReconciliationV1FinanceReconciliationGet]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        limit=limit,
        cursor=cursor,
        exceptions=exceptions,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    from_: str,
    to: str,
    limit: int | Unset = 500,
    cursor: None | str | Unset = UNSET,
    exceptions: bool | Unset = True,
) -> Problem | ReconciliationResponseReconciliationV1FinanceReconciliationGet | None:
    """Reconciliation for a date range: summary, payout checks, exceptions, rows

    Args:
        from_ (str):
        to (str):
        limit (int | Unset): Rows per page in JSON (max 1000); use the CSV for whole ranges.
            Default: 500.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        exceptions (bool | Unset): false: the sums, payout checks and rows only (`exceptions` and
            `summary.differences` are null), much faster over a large range. Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReconciliationResponseReconciliationV1FinanceReconciliationGet
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
        limit=limit,
        cursor=cursor,
        exceptions=exceptions,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    from_: str,
    to: str,
    limit: int | Unset = 500,
    cursor: None | str | Unset = UNSET,
    exceptions: bool | Unset = True,
) -> Response[Problem | ReconciliationResponseReconciliationV1FinanceReconciliationGet]:
    """Reconciliation for a date range: summary, payout checks, exceptions, rows

    Args:
        from_ (str):
        to (str):
        limit (int | Unset): Rows per page in JSON (max 1000); use the CSV for whole ranges.
            Default: 500.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        exceptions (bool | Unset): false: the sums, payout checks and rows only (`exceptions` and
            `summary.differences` are null), much faster over a large range. Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReconciliationResponseReconciliationV1FinanceReconciliationGet]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        limit=limit,
        cursor=cursor,
        exceptions=exceptions,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    from_: str,
    to: str,
    limit: int | Unset = 500,
    cursor: None | str | Unset = UNSET,
    exceptions: bool | Unset = True,
) -> Problem | ReconciliationResponseReconciliationV1FinanceReconciliationGet | None:
    """Reconciliation for a date range: summary, payout checks, exceptions, rows

    Args:
        from_ (str):
        to (str):
        limit (int | Unset): Rows per page in JSON (max 1000); use the CSV for whole ranges.
            Default: 500.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        exceptions (bool | Unset): false: the sums, payout checks and rows only (`exceptions` and
            `summary.differences` are null), much faster over a large range. Default: True.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReconciliationResponseReconciliationV1FinanceReconciliationGet
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
            limit=limit,
            cursor=cursor,
            exceptions=exceptions,
        )
    ).parsed
