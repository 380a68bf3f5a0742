"""Fast YAML loading: libyaml's event stream assembled straight into Python data.

PyYAML builds objects in pure Python even with CSafeLoader, which made a 10,000-question bank
load in about a second. Plain data (mappings, lists, strings, ints, bools, nulls) is built here
from the events; anything else (anchors, tags, floats, dates, merge keys) falls back to the full
safe loader, so the result is always what `yaml.safe_load` gives.
"""

from __future__ import annotations

import re

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

Loader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
_RESOLVER = yaml.resolver.Resolver()
_PLAIN = (True, False)
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_STR = "tag:yaml.org,2002:str"


_NO_KEY = object()


class _Map:
    """A mapping being built and the key waiting for its value."""

    __slots__ = ("data", "key")

    def __init__(self):
        self.data: dict = {}
        self.key = _NO_KEY


class _Unusual(Exception):
    """The document uses something the fast path leaves to the full loader."""


def load(text: str):
    """`yaml.safe_load(text)`, faster for plain data; raises yaml.YAMLError like it."""
    try:
        return _from_events(text)
    except _Unusual:
        return yaml.load(text, Loader=Loader)


def _plain(value: str):
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, _PLAIN)
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return SafeConstructor.bool_values[value.lower()]
    if tag == _INT and _DECIMAL.fullmatch(value):
        return int(value)
    raise _Unusual


def _from_events(text: str):
    stack: list = []  # open containers: lists and _Maps
    root = None
    documents = 0
    for event in yaml.parse(text, Loader=Loader):
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor or event.tag is not None:
                raise _Unusual
            value = _plain(event.value) if event.implicit[0] else event.value
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor or event.tag is not None:
                raise _Unusual
            stack.append(_Map() if kind is MappingStartEvent else [])
            continue
        elif kind is MappingEndEvent:
            value = stack.pop().data
        elif kind is SequenceEndEvent:
            value = stack.pop()
        elif kind is AliasEvent:
            raise _Unusual
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unusual  # the full loader reports the error
            continue
        else:
            continue
        if not stack:
            root = value
            continue
        top = stack[-1]
        if type(top) is list:
            top.append(value)
        elif top.key is _NO_KEY:
            if isinstance(value, dict | list):
                raise _Unusual  # a complex key: not in bank files
            top.key = value
        else:
            top.data[top.key] = value
            top.key = _NO_KEY
    return root
