"""The one field type for personal data and free text.

Every name, phone number, handle, message text, note and reply in the data model is declared
as a ``PersonalField``. Sealing (encryption at rest, ``security/sealing.py``) is applied here
and nowhere else, so the rest of the code reads and writes plain ``str`` values:

* saving seals the value (``pre_save``; ``bulk_create`` too), bound to table, column and row;
* loading keeps the ciphertext, and the first read of the attribute opens it (the row id is
  known then, which ``from_db_value`` alone does not know); a value that does not open raises;
* filtering on a personal field is refused, except for emptiness (``field=""``): search goes
  through blind indexes (``security/blind.py``).

The empty string is stored as it is: whether a field is empty is not personal data, and it
lets a bulk insert of empty fields skip the keys altogether.
"""

import uuid

from django.db import models
from django.db.models.query_utils import DeferredAttribute

from huquq.security import sealing
from huquq.security.sealing import Sealed

_SEALED_COPIES = "_personal_sealed"


def _copies(instance: models.Model) -> dict[str, tuple[str, Sealed]]:
    """Per instance: attname -> (plaintext, its ciphertext), so unchanged values keep theirs."""
    return instance.__dict__.setdefault(_SEALED_COPIES, {})


class PersonalDescriptor(DeferredAttribute):
    """Opens the stored ciphertext on first read; a data descriptor, so reads come here."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if not isinstance(value, Sealed) or sealing.raw_mode():
            return value
        field = self.field
        plaintext, owner = sealing.open_sealed(
            value,
            table=instance._meta.db_table,
            column=field.column,
            owner=sealing.owner_of(instance),
        )
        instance.__dict__.setdefault("_personal_owner", owner)
        instance.__dict__[field.attname] = plaintext
        _copies(instance)[field.attname] = (plaintext, value)
        return plaintext

    def __set__(self, instance, value) -> None:
        if (
            sealing.raw_mode()
            and isinstance(value, str)
            and value
            and not isinstance(value, Sealed)
        ):
            value = Sealed(value)
        instance.__dict__[self.field.attname] = value


class PersonalField(models.TextField):
    """A text column that holds personal data, stored sealed."""

    description = "Personal data (sealed at rest)"
    descriptor_class = PersonalDescriptor

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return Sealed(value) if value else value

    def pre_save(self, model_instance, add):
        value = model_instance.__dict__.get(self.attname, "")
        if not value or isinstance(value, Sealed):
            return value
        copies = _copies(model_instance)
        previous = copies.get(self.attname)
        if previous is not None and previous[0] == value:
            return previous[1]
        sealed = sealing.seal(
            str(value),
            table=model_instance._meta.db_table,
            column=self.column,
            owner=_owner_for_write(model_instance),
        )
        copies[self.attname] = (value, sealed)
        return sealed

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if isinstance(value, Sealed):
            return str(value)
        raise ValueError(
            "Personal data reaches the database only sealed: set it on an instance and save(); "
            "find records through blind indexes."
        )

    def value_to_string(self, obj) -> str:
        """Serialisers (dumpdata) get the ciphertext, never the plaintext."""
        value = obj.__dict__.get(self.attname, "")
        if not value or isinstance(value, Sealed):
            return str(value)
        previous = _copies(obj).get(self.attname)
        if previous is not None and previous[0] == value:
            return str(previous[1])
        raise ValueError("unsaved personal data cannot be serialised")


def _owner_for_write(instance: models.Model) -> str:
    owner = sealing.owner_of(instance)
    if owner is not None:
        return owner
    # A primary key the database assigns is unknown before the insert: such models get a
    # random record id of their own (kept in the ciphertext); prefer UUID primary keys.
    return instance.__dict__.setdefault("_personal_owner", uuid.uuid4().hex)


def is_blank(instance: models.Model, field_name: str) -> bool:
    """Whether a personal field is empty, without opening it (intake may not read)."""
    return not instance.__dict__.get(instance._meta.get_field(field_name).attname, "")


def personal_fields(model: type[models.Model]) -> list[PersonalField]:
    """The personal columns of ``model`` (retention empties them, re-sealing rewrites them)."""
    return [field for field in model._meta.concrete_fields if isinstance(field, PersonalField)]


def models_with_personal_fields() -> list[type[models.Model]]:
    """Every concrete model, in any app, that stores personal data (proxies left out)."""
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and personal_fields(model)
    ]
