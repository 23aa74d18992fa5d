"""HTTP routes of the gateway service: thin, they parse, call the domain and shape answers."""

from fastapi import APIRouter

router = APIRouter()
