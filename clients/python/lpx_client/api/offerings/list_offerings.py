import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_offerings_audience_type_0 import ListOfferingsAudienceType0
from ...models.list_offerings_kind_type_0 import ListOfferingsKindType0
from ...models.page_offering_out import PageOfferingOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    mission_id: None | str | Unset = UNSET,
    audience: ListOfferingsAudienceType0 | None | Unset = UNSET,
    kind: ListOfferingsKindType0 | None | Unset = UNSET,
    on_sale_now: bool | None | Unset = UNSET,
    updated_since: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_mission_id: None | str | Unset
    if isinstance(mission_id, Unset):
        json_mission_id = UNSET
    else:
        json_mission_id = mission_id
    params["mission_id"] = json_mission_id

    json_audience: None | str | Unset
    if isinstance(audience, Unset):
        json_audience = UNSET
    elif isinstance(audience, ListOfferingsAudienceType0):
        json_audience = audience.value
    else:
        json_audience = audience
    params["audience"] = json_audience

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, ListOfferingsKindType0):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_on_sale_now: bool | None | Unset
    if isinstance(on_sale_now, Unset):
        json_on_sale_now = UNSET
    else:
        json_on_sale_now = on_sale_now
    params["on_sale_now"] = json_on_sale_now

    json_updated_since: None | str | Unset
    if isinstance(updated_since, Unset):
        json_updated_since = UNSET
    elif isinstance(updated_since, datetime.datetime):
        json_updated_since = updated_since.isoformat()
    else:
        json_updated_since = updated_since
    params["updated_since"] = json_updated_since

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
        "url": "/v1/catalog/offerings",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageOfferingOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageOfferingOut.from_dict(response.json())

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
) -> Response[PageOfferingOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    mission_id: None | str | Unset = UNSET,
    audience: ListOfferingsAudienceType0 | None | Unset = UNSET,
    kind: ListOfferingsKindType0 | None | Unset = UNSET,
    on_sale_now: bool | None | Unset = UNSET,
    updated_since: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageOfferingOut | Problem]:
    """List offerings

    Args:
        mission_id (None | str | Unset):
        audience (ListOfferingsAudienceType0 | None | Unset):
        kind (ListOfferingsKindType0 | None | Unset):
        on_sale_now (bool | None | Unset): true: only offerings that can be bought now; false: the
            others
        updated_since (datetime.datetime | None | Unset): Only items changed at or after this
            instant.
        limit (int | Unset): Page size (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageOfferingOut | Problem]
    """

    kwargs = _get_kwargs(
        mission_id=mission_id,
        audience=audience,
        kind=kind,
        on_sale_now=on_sale_now,
        updated_since=updated_since,
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
    mission_id: None | str | Unset = UNSET,
    audience: ListOfferingsAudienceType0 | None | Unset = UNSET,
    kind: ListOfferingsKindType0 | None | Unset = UNSET,
    on_sale_now: bool | None | Unset = UNSET,
    updated_since: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageOfferingOut | Problem | None:
    """List offerings

    Args:
        mission_id (None | str | Unset):
        audience (ListOfferingsAudienceType0 | None | Unset):
        kind (ListOfferingsKindType0 | None | Unset):
        on_sale_now (bool | None | Unset): true: only offerings that can be bought now; false: the
            others
        updated_since (datetime.datetime | None | Unset): Only items changed at or after this
            instant.
        limit (int | Unset): Page size (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageOfferingOut | Problem
    """

    return sync_detailed(
        client=client,
        mission_id=mission_id,
        audience=audience,
        kind=kind,
        on_sale_now=on_sale_now,
        updated_since=updated_since,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    mission_id: None | str | Unset = UNSET,
    audience: ListOfferingsAudienceType0 | None | Unset = UNSET,
    kind: ListOfferingsKindType0 | None | Unset = UNSET,
    on_sale_now: bool | None | Unset = UNSET,
    updated_since: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageOfferingOut | Problem]:
    """List offerings

    Args:
        mission_id (None | str | Unset):
        audience (ListOfferingsAudienceType0 | None | Unset):
        kind (ListOfferingsKindType0 | None | Unset):
        on_sale_now (bool | None | Unset): true: only offerings that can be bought now; false: the
            others
        updated_since (datetime.datetime | None | Unset): Only items changed at or after this
            instant.
        limit (int | Unset): Page size (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageOfferingOut | Problem]
    """

    kwargs = _get_kwargs(
        mission_id=mission_id,
        audience=audience,
        kind=kind,
        on_sale_now=on_sale_now,
        updated_since=updated_since,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    mission_id: None | str | Unset = UNSET,
    audience: ListOfferingsAudienceType0 | None | Unset = UNSET,
    kind: ListOfferingsKindType0 | None | Unset = UNSET,
    on_sale_now: bool | None | Unset = UNSET,
    updated_since: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageOfferingOut | Problem | None:
    """List offerings

    Args:
        mission_id (None | str | Unset):
        audience (ListOfferingsAudienceType0 | None | Unset):
        kind (ListOfferingsKindType0 | None | Unset):
        on_sale_now (bool | None | Unset): true: only offerings that can be bought now; false: the
            others
        updated_since (datetime.datetime | None | Unset): Only items changed at or after this
            instant.
        limit (int | Unset): Page size (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageOfferingOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            mission_id=mission_id,
            audience=audience,
            kind=kind,
            on_sale_now=on_sale_now,
            updated_since=updated_since,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
