"""Every URL pattern of the project, for tests that must cover views added later."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver


def url_patterns(resolver: URLResolver | None = None, prefix: str = ""):
    """(route, URL name with namespace, view callback) of every pattern, included ones too."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _included(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.name, pattern.callback


def _included(resolver: URLResolver, route: str):
    namespace = resolver.namespace
    for sub_route, name, callback in url_patterns(resolver, route):
        yield sub_route, f"{namespace}:{name}" if namespace and name else name, callback
