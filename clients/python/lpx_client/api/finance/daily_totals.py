import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.daily_totals_out import DailyTotalsOut
from ...models.problem import Problem
from ...types import UNSET, Response


def _get_kwargs(
    *,
    from_: datetime.date,
    to: datetime.date,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/finance/daily-totals",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DailyTotalsOut | Problem | None:
    if response.status_code == 200:
        response_200 = DailyTotalsOut.from_dict(response.json())

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
) -> Response[DailyTotalsOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date,
    to: datetime.date,
) -> Response[DailyTotalsOut | Problem]:
    """Revenue, refunds and payouts per day in Japan per currency, summed in SQL

     For charts: one item per day and currency that moved money (days without any are
    left out), however many transactions the range holds. At most 366 days.

    Args:
        from_ (datetime.date): First day in Japan (YYYY-MM-DD)
        to (datetime.date): Last day in Japan, included

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DailyTotalsOut | Problem]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date,
    to: datetime.date,
) -> DailyTotalsOut | Problem | None:
    """Revenue, refunds and payouts per day in Japan per currency, summed in SQL

     For charts: one item per day and currency that moved money (days without any are
    left out), however many transactions the range holds. At most 366 days.

    Args:
        from_ (datetime.date): First day in Japan (YYYY-MM-DD)
        to (datetime.date): Last day in Japan, included

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DailyTotalsOut | Problem
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date,
    to: datetime.date,
) -> Response[DailyTotalsOut | Problem]:
    """Revenue, refunds and payouts per day in Japan per currency, summed in SQL

     For charts: one item per day and currency that moved money (days without any are
    left out), however many transactions the range holds. At most 366 days.

    Args:
        from_ (datetime.date): First day in Japan (YYYY-MM-DD)
        to (datetime.date): Last day in Japan, included

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DailyTotalsOut | Problem]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.date,
    to: datetime.date,
) -> DailyTotalsOut | Problem | None:
    """Revenue, refunds and payouts per day in Japan per currency, summed in SQL

     For charts: one item per day and currency that moved money (days without any are
    left out), however many transactions the range holds. At most 366 days.

    Args:
        from_ (datetime.date): First day in Japan (YYYY-MM-DD)
        to (datetime.date): Last day in Japan, included

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DailyTotalsOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
        )
    ).parsed
