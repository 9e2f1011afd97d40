"""Pure core of the "Through the Customer's Eyes" publishing toolkit.

Nothing in this package imports MkDocs page structures: it takes strings, paths and frozen
dataclasses and returns strings, bytes and lists of problems, so it can be tested in isolation.
"""
