"""Checks a reply against API v1's OpenAPI document: its status, body and headers."""

from __future__ import annotations

import jsonschema


def assert_documented(client, path: str, reply) -> None:
    """The reply's status is documented for `path` (the operation of the request's method,
    or the path's one operation), with its body's schema (formats checked) and headers."""
    document = client.get("/api/v1/openapi.json").get_json()
    operations = document["paths"][path]
    method = reply.request.method.lower() if reply.request is not None else None
    [operation] = [operations[method]] if method in operations else operations.values()
    status = str(reply.status_code)
    assert status in operation["responses"], f"{status} not documented for {path}"
    documented = operation["responses"][status]
    schema = documented["content"]["application/json"]["schema"]
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    jsonschema.validate(reply.get_json(), schema, format_checker=checker)
    for name, header in documented.get("headers", {}).items():
        value = reply.headers[name]
        if header["schema"].get("type") == "integer":
            value = int(value)
        jsonschema.validate(value, header["schema"])
