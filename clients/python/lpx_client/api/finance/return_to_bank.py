from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.refund_out import RefundOut
from ...types import Response


def _get_kwargs(
    refund_id: str,
    *,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/refunds/{refund_id}/return-to-bank".format(
            refund_id=quote(str(refund_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | RefundOut | None:
    if response.status_code == 200:
        response_200 = RefundOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | RefundOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    refund_id: str,
    *,
    client: AuthenticatedClient | Client,
    idempotency_key: str,
) -> Response[Problem | RefundOut]:
    """Return To Bank

     A bank-transfer refund sits in the customer's cash balance because its return to
    the bank was canceled (no bank details in time) or failed: return it again.

    Args:
        refund_id (str):
        idempotency_key (str): Unique key for this operation; a retry with the same key replays
            the first response.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RefundOut]
    """

    kwargs = _get_kwargs(
        refund_id=refund_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    refund_id: str,
    *,
    client: AuthenticatedClient | Client,
    idempotency_key: str,
) -> Problem | RefundOut | None:
    """Return To Bank

     A bank-transfer refund sits in the customer's cash balance because its return to
    the bank was canceled (no bank details in time) or failed: return it again.

    Args:
        refund_id (str):
        idempotency_key (str): Unique key for this operation; a retry with the same key replays
            the first response.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RefundOut
    """

    return sync_detailed(
        refund_id=refund_id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    refund_id: str,
    *,
    client: AuthenticatedClient | Client,
    idempotency_key: str,
) -> Response[Problem | RefundOut]:
    """Return To Bank

     A bank-transfer refund sits in the customer's cash balance because its return to
    the bank was canceled (no bank details in time) or failed: return it again.

    Args:
        refund_id (str):
        idempotency_key (str): Unique key for this operation; a retry with the same key replays
            the first response.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RefundOut]
    """

    kwargs = _get_kwargs(
        refund_id=refund_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    refund_id: str,
    *,
    client: AuthenticatedClient | Client,
    idempotency_key: str,
) -> Problem | RefundOut | None:
    """Return To Bank

     A bank-transfer refund sits in the customer's cash balance because its return to
    the bank was canceled (no bank details in time) or failed: return it again.

    Args:
        refund_id (str):
        idempotency_key (str): Unique key for this operation; a retry with the same key replays
            the first response.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RefundOut
    """

    return (
        await asyncio_detailed(
            refund_id=refund_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
