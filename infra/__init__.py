"""Shared infrastructure with no project imports: atomic writes, content-named cache files,
and the record a builder returns (:class:`infra.rendered.Rendered`).  Model, builders and
application may all import it; it imports none of them.
"""
