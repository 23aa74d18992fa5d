import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_booking_out import PageBookingOut
from ...models.problem import Problem
from ...models.status import Status
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    status: None | Status | Unset = UNSET,
    mission_id: None | str | Unset = UNSET,
    offering_id: None | str | Unset = UNSET,
    updated_since: datetime.datetime | None | Unset = UNSET,
    company_email: None | str | Unset = UNSET,
    overdue: bool | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, Status):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_mission_id: None | str | Unset
    if isinstance(mission_id, Unset):
        json_mission_id = UNSET
    else:
        json_mission_id = mission_id
    params["mission_id"] = json_mission_id

    json_offering_id: None | str | Unset
    if isinstance(offering_id, Unset):
        json_offering_id = UNSET
    else:
        json_offering_id = offering_id
    params["offering_id"] = json_offering_id

    json_updated_since: None | str | Unset
    if isinstance(updated_since, Unset):
        json_updated_since = UNSET
    elif isinstance(updated_since, datetime.datetime):
        json_updated_since = updated_since.isoformat()
    else:
        json_updated_since = updated_since
    params["updated_since"] = json_updated_since

    json_company_email: None | str | Unset
    if isinstance(company_email, Unset):
        json_company_email = UNSET
    else:
        json_company_email = company_email
    params["company_email"] = json_company_email

    json_overdue: bool | None | Unset
    if isinstance(overdue, Unset):
        json_overdue = UNSET
    else:
        json_overdue = overdue
    params["overdue"] = json_overdue

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/bookings",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageBookingOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageBookingOut.from_dict(response.json())

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
) -> Response[PageBookingOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    status: None | Status | Unset = UNSET,
    mission_id: None | str | Unset = UNSET,
    offering_id: None | str | Unset = UNSET,
    updated_since: datetime.datetime | None | Unset = UNSET,
    company_email: None | str | Unset = UNSET,
    overdue: bool | None | Unset = UNSET,
) -> Response[PageBookingOut | Problem]:
    """Bookings the caller may see

    Args:
        limit (int | Unset): Page size (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        status (None | Status | Unset):
        mission_id (None | str | Unset):
        offering_id (None | str | Unset):
        updated_since (datetime.datetime | None | Unset):
        company_email (None | str | Unset): A company account's bookings.
        overdue (bool | None | Unset): Only bookings with (true) or without overdue milestones.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageBookingOut | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        status=status,
        mission_id=mission_id,
        offering_id=offering_id,
        updated_since=updated_since,
        company_email=company_email,
        overdue=overdue,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    status: None | Status | Unset = UNSET,
    mission_id: None | str | Unset = UNSET,
    offering_id: None | str | Unset = UNSET,
    updated_since: datetime.datetime | None | Unset = UNSET,
    company_email: None | str | Unset = UNSET,
    overdue: bool | None | Unset = UNSET,
) -> PageBookingOut | Problem | None:
    """Bookings the caller may see

    Args:
        limit (int | Unset): Page size (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        status (None | Status | Unset):
        mission_id (None | str | Unset):
        offering_id (None | str | Unset):
        updated_since (datetime.datetime | None | Unset):
        company_email (None | str | Unset): A company account's bookings.
        overdue (bool | None | Unset): Only bookings with (true) or without overdue milestones.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageBookingOut | Problem
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        status=status,
        mission_id=mission_id,
        offering_id=offering_id,
        updated_since=updated_since,
        company_email=company_email,
        overdue=overdue,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    status: None | Status | Unset = UNSET,
    mission_id: None | str | Unset = UNSET,
    offering_id: None | str | Unset = UNSET,
    updated_since: datetime.datetime | None | Unset = UNSET,
    company_email: None | str | Unset = UNSET,
    overdue: bool | None | Unset = UNSET,
) -> Response[PageBookingOut | Problem]:
    """Bookings the caller may see

    Args:
        limit (int | Unset): Page size (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        status (None | Status | Unset):
        mission_id (None | str | Unset):
        offering_id (None | str | Unset):
        updated_since (datetime.datetime | None | Unset):
        company_email (None | str | Unset): A company account's bookings.
        overdue (bool | None | Unset): Only bookings with (true) or without overdue milestones.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageBookingOut | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        status=status,
        mission_id=mission_id,
        offering_id=offering_id,
        updated_since=updated_since,
        company_email=company_email,
        overdue=overdue,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    status: None | Status | Unset = UNSET,
    mission_id: None | str | Unset = UNSET,
    offering_id: None | str | Unset = UNSET,
    updated_since: datetime.datetime | None | Unset = UNSET,
    company_email: None | str | Unset = UNSET,
    overdue: bool | None | Unset = UNSET,
) -> PageBookingOut | Problem | None:
    """Bookings the caller may see

    Args:
        limit (int | Unset): Page size (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.
        status (None | Status | Unset):
        mission_id (None | str | Unset):
        offering_id (None | str | Unset):
        updated_since (datetime.datetime | None | Unset):
        company_email (None | str | Unset): A company account's bookings.
        overdue (bool | None | Unset): Only bookings with (true) or without overdue milestones.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageBookingOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            status=status,
            mission_id=mission_id,
            offering_id=offering_id,
            updated_since=updated_since,
            company_email=company_email,
            overdue=overdue,
        )
    ).parsed
