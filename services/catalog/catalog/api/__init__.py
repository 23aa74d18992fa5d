"""HTTP routes of the catalog service: thin, they parse, call the domain and shape answers."""

from fastapi import APIRouter

router = APIRouter()
