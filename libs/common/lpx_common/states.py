"""One state-machine helper for every lifecycle in the platform.

A service declares its lifecycle as a :class:`TransitionTable` (from-state -> the states
it may move to) next to its domain rules; the table is the only place that says which
moves exist. Commands that a person or a peer asks for use :meth:`check` (a refused move
is a 409 problem); facts reported by others that may arrive late or out of order (Stripe
events, webhooks) use :meth:`allows` and simply ignore a move backwards.
"""

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Generic, TypeVar

from lpx_common.errors import Conflict

S = TypeVar("S", bound=str)


class TransitionTable(Generic[S]):
    def __init__(self, what: str, edges: Mapping[S, Iterable[S]]) -> None:
        self.what = what
        self.edges: dict[str, frozenset[str]] = {
            str(source): frozenset(str(t) for t in targets) for source, targets in edges.items()
        }
        unknown = {t for targets in self.edges.values() for t in targets} - set(self.edges)
        if unknown:
            raise ValueError(f"{what}: targets with no row of their own: {sorted(unknown)}")

    @property
    def states(self) -> frozenset[str]:
        return frozenset(self.edges)

    def targets(self, current: str) -> frozenset[str]:
        return self.edges.get(str(current), frozenset())

    def allows(self, current: str, target: str) -> bool:
        return str(target) in self.targets(current)

    def is_final(self, state: str) -> bool:
        return not self.targets(state)

    def check(self, current: str, target: str) -> None:
        """Raise a 409 problem unless ``current`` -> ``target`` is in the table."""
        if not self.allows(current, target):
            current_value = current.value if isinstance(current, StrEnum) else str(current)
            target_value = target.value if isinstance(target, StrEnum) else str(target)
            raise Conflict(
                f"A {self.what} that is {current_value} cannot become {target_value}.",
                code="invalid-transition",
                current_status=current_value,
                requested_status=target_value,
            )
