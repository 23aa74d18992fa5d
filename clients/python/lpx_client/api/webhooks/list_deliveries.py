from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delivery_status import DeliveryStatus
from ...models.list_deliveries_order import ListDeliveriesOrder
from ...models.page_delivery_out import PageDeliveryOut
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    endpoint_id: str,
    *,
    status: DeliveryStatus | None | Unset = UNSET,
    order: ListDeliveriesOrder | Unset = ListDeliveriesOrder.OLDEST,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, DeliveryStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

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
        "url": "/v1/notifications/webhook-endpoints/{endpoint_id}/deliveries".format(
            endpoint_id=quote(str(endpoint_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageDeliveryOut | Problem | None:
    if response.status_code == 200:
        response_200 = PageDeliveryOut.from_dict(response.json())

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
) -> Response[PageDeliveryOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    endpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
    status: DeliveryStatus | None | Unset = UNSET,
    order: ListDeliveriesOrder | Unset = ListDeliveriesOrder.OLDEST,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageDeliveryOut | Problem]:
    """Events sent (or being sent) to this endpoint

    Args:
        endpoint_id (str):
        status (DeliveryStatus | None | Unset):
        order (ListDeliveriesOrder | Unset): Oldest first (default) or newest first. Default:
            ListDeliveriesOrder.OLDEST.
        limit (int | Unset): Page size (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageDeliveryOut | Problem]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        status=status,
        order=order,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    endpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
    status: DeliveryStatus | None | Unset = UNSET,
    order: ListDeliveriesOrder | Unset = ListDeliveriesOrder.OLDEST,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageDeliveryOut | Problem | None:
    """Events sent (or being sent) to this endpoint

    Args:
        endpoint_id (str):
        status (DeliveryStatus | None | Unset):
        order (ListDeliveriesOrder | Unset): Oldest first (default) or newest first. Default:
            ListDeliveriesOrder.OLDEST.
        limit (int | Unset): Page size (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageDeliveryOut | Problem
    """

    return sync_detailed(
        endpoint_id=endpoint_id,
        client=client,
        status=status,
        order=order,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    endpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
    status: DeliveryStatus | None | Unset = UNSET,
    order: ListDeliveriesOrder | Unset = ListDeliveriesOrder.OLDEST,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageDeliveryOut | Problem]:
    """Events sent (or being sent) to this endpoint

    Args:
        endpoint_id (str):
        status (DeliveryStatus | None | Unset):
        order (ListDeliveriesOrder | Unset): Oldest first (default) or newest first. Default:
            ListDeliveriesOrder.OLDEST.
        limit (int | Unset): Page size (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageDeliveryOut | Problem]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        status=status,
        order=order,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    endpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
    status: DeliveryStatus | None | Unset = UNSET,
    order: ListDeliveriesOrder | Unset = ListDeliveriesOrder.OLDEST,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageDeliveryOut | Problem | None:
    """Events sent (or being sent) to this endpoint

    Args:
        endpoint_id (str):
        status (DeliveryStatus | None | Unset):
        order (ListDeliveriesOrder | Unset): Oldest first (default) or newest first. Default:
            ListDeliveriesOrder.OLDEST.
        limit (int | Unset): Page size (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageDeliveryOut | Problem
    """

    return (
        await asyncio_detailed(
            endpoint_id=endpoint_id,
            client=client,
            status=status,
            order=order,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
