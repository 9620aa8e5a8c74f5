"""``eed serve``: an HTTP reward server (Starlette on uvicorn; ``pip install 'eed[serve]'``).

- `options`: its settings and their defaults;
- `payloads`: the request bodies, checked field by field;
- `metrics`: Prometheus text;
- `app`: the endpoints, the token and the backpressure;
- `run`: uvicorn, the worker pool and a clean stop.

Importing this package imports the web stack; nothing below it does.
"""

from __future__ import annotations

from .app import build_app
from .options import TOKEN_ENV, ServeOptions
from .run import serve

__all__ = ["TOKEN_ENV", "ServeOptions", "build_app", "serve"]
