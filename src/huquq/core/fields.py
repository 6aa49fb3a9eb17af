"""A set of labels in one indexed text column, searchable on SQLite and PostgreSQL alike."""

from django.db import models


class LabelSetField(models.CharField):
    """Holds a list of codes as ``,a,b,`` so that ``has_label`` is a plain LIKE lookup.

    A JSON column would need ``contains`` lookups that SQLite lacks; a join table would
    cost a join in every queue and report query.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or isinstance(value, list):
            return value
        return [part for part in str(value).split(",") if part]

    def get_prep_value(self, value):
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        return "," + ",".join(sorted(set(value))) + "," if value else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))


def has_label(field: str, label: str) -> models.Q:
    """``Q`` that matches rows whose label set ``field`` contains ``label``."""
    return models.Q(**{f"{field}__contains": f",{label},"})
