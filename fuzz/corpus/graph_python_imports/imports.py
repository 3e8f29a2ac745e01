"""Docstring with import os inside."""
import os, sys as system
from a.b import (c,
    d as e)
from . import sibling
from .pkg import x
import pkg.sub  # comment import hidden
s = f"{import_me} {'nested'}"
t = '''import fake'''
if True:
    from lib_a.models import Model
