"""Views of the public column, one module per aggregate."""
