from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.mission_out import MissionOut
from ...models.mission_patch import MissionPatch
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    mission_id: str,
    *,
    body: MissionPatch,
    if_match: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/catalog/missions/{mission_id}".format(
            mission_id=quote(str(mission_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> MissionOut | Problem | None:
    if response.status_code == 200:
        response_200 = MissionOut.from_dict(response.json())

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
) -> Response[MissionOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    mission_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: MissionPatch,
    if_match: None | str | Unset = UNSET,
) -> Response[MissionOut | Problem]:
    """Edit a mission (If-Match)

    Args:
        mission_id (str):
        if_match (None | str | Unset): The ETag you read; required, so that edits never overwrite
            unseen changes.
        body (MissionPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MissionOut | Problem]
    """

    kwargs = _get_kwargs(
        mission_id=mission_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    mission_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: MissionPatch,
    if_match: None | str | Unset = UNSET,
) -> MissionOut | Problem | None:
    """Edit a mission (If-Match)

    Args:
        mission_id (str):
        if_match (None | str | Unset): The ETag you read; required, so that edits never overwrite
            unseen changes.
        body (MissionPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MissionOut | Problem
    """

    return sync_detailed(
        mission_id=mission_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    mission_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: MissionPatch,
    if_match: None | str | Unset = UNSET,
) -> Response[MissionOut | Problem]:
    """Edit a mission (If-Match)

    Args:
        mission_id (str):
        if_match (None | str | Unset): The ETag you read; required, so that edits never overwrite
            unseen changes.
        body (MissionPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MissionOut | Problem]
    """

    kwargs = _get_kwargs(
        mission_id=mission_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    mission_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: MissionPatch,
    if_match: None | str | Unset = UNSET,
) -> MissionOut | Problem | None:
    """Edit a mission (If-Match)

    Args:
        mission_id (str):
        if_match (None | str | Unset): The ETag you read; required, so that edits never overwrite
            unseen changes.
        body (MissionPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MissionOut | Problem
    """

    return (
        await asyncio_detailed(
            mission_id=mission_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
